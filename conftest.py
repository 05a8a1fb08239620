"""Thin: load the suite's plugin when running from a checkout, and pytester for the self-tests.

Once the distribution is installed, the ``pytest11`` entry point loads the same plugin under
the same name, so the first name is a no-op there. The plugin stays inert unless the run selects
the suite (see ``spec_tests/plugin.py``); from the checkout, ``testpaths`` does.
"""

import pytest

pytest_plugins = ["spec_tests.plugin", "pytester"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "browser: drives a real browser (headless Chromium); deselected by the default run "
        "(pyproject's addopts), run by `pytest -m browser` and CI's browser step",
    )
