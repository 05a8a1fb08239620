"""Example implementations that plug into the suite with ``--impl=examples.<module>:factory``."""
