"""Implementations of the interface: the model, real pip, and loading of ``module:factory``."""
