"""Self-tests of the suite: wrong implementations must fail its tests."""
