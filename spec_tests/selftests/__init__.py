"""The suite's tests of itself: registry, plugin, and the wrong implementations it must catch."""
