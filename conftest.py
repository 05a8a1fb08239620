"""Thin: load the suite's plugin when running from a checkout, and pytester for the self-tests.

Once the distribution is installed, the ``pytest11`` entry point loads the same plugin under
the same name, so the first name is a no-op there. The plugin stays inert unless the run selects
the suite (see ``spec_tests/plugin.py``); from the checkout, ``testpaths`` does.
"""

pytest_plugins = ["spec_tests.plugin", "pytester"]
