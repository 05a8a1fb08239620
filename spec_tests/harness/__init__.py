"""Reusable test machinery with no opinions about pip: environments, origins, clocks, trees."""
