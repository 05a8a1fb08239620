"""Thin: load the suite's plugin when running from a checkout.

Once the distribution is installed, the ``pytest11`` entry point loads the same plugin under
the same name, so this line is a no-op there.
"""

pytest_plugins = ["spec_tests.plugin"]
