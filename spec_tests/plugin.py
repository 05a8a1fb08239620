"""The suite's pytest plugin entry point (``pytest11``), inert until the suite is selected.

Installing the distribution puts this module into every pytest run of the environment, so it does
nothing there but declare its options. The suite is *selected* when a run names an implementation
(``--impl``, or ``PIP_CACHE_SPEC_IMPL``), uses one of the suite's options, or collects the suite
itself (``pytest --pyargs spec_tests``, a path inside this package, or the checkout's
``testpaths``). Only then does it load :mod:`spec_tests.suite` (fixtures, gates, the verdict), and
with it the suite's test libraries (hypothesis, the harnesses) and the reference model. Another
project's run keeps its own header, Hypothesis profile, plugins and ``model`` module.

Options (group ``pip-cache-spec`` in ``pytest --help``):

- ``--impl`` picks the implementation; a ``conftest.py`` may override the ``impl`` fixture instead;
- ``--page`` the page version it is judged against (default: the newest not newer than the pip it
  claims);
- ``--statement=ID`` (repeatable, glob) runs only those statements' tests;
- ``--statements`` prints the registry, each sentence with its number of tests, and runs nothing;
- ``--spec-report=PATH`` writes the run's outcomes per statement as JSON.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

import pytest

__all__ = ["ENV", "EXPECTED_FAILURES", "IMPL_KEY", "SUITE_DIR", "Coverage", "selected"]

#: the environment variable that names the implementation (like ``--impl``)
ENV = "PIP_CACHE_SPEC_IMPL"
SUITE_DIR = Path(__file__).resolve().parent
#: the module holding the suite's hooks and fixtures, loaded only when the suite is selected
SUITE_PLUGIN = "spec_tests.suite"
#: the implementation chosen by ``--impl`` (a conftest.py overriding ``impl`` may replace it)
IMPL_KEY = pytest.StashKey[object]()
#: what a predicted failure may raise: a failed assertion, or pytest's own failure
EXPECTED_FAILURES = (AssertionError, pytest.fail.Exception)
#: the options of this group that select the suite by being given
_SELECTING = ("impl", "page", "statement", "statements", "spec_report")


class Coverage:
    """Which tests check which statement, from one collection (the ``statement_coverage``
    fixture)."""

    def __init__(self) -> None:
        #: statement id -> node ids of the tests that check it
        self.tests: dict[str, list[str]] = defaultdict(list)
        #: whether every spec module of the suite was collected
        self.complete = False

    def uncovered(self) -> list[str]:
        from spec_tests import registry

        return [
            s.id
            for s in registry.load().values()
            if s.tier.needs_tests and not s.pending and not self.tests.get(s.id)
        ]

    def pending_with_tests(self) -> list[str]:
        from spec_tests import registry

        return [s.id for s in registry.load().values() if s.pending and self.tests.get(s.id)]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("pip-cache-spec", "pip-cache-spec: conformance to pip's 'Caching' page")
    group.addoption(
        "--impl",
        default=None,
        help="implementation under test: model (default), pip, pip@/path/to/python, uv, "
        f"uv@/path/to/uv, or package.module:factory. Env: {ENV}.",
    )
    group.addoption(
        "--page",
        default=None,
        metavar="VERSION",
        help="the version of pip's page the implementation is judged against (24.2 or 26.2; "
        "default: the newest page not newer than the pip version it claims).",
    )
    group.addoption(
        "--statement",
        action="append",
        default=[],
        metavar="ID",
        help="run only the tests of this statement (a glob such as 'commands.*'; repeatable).",
    )
    group.addoption(
        "--statements",
        action="store_true",
        default=False,
        help="list every statement of the registry with its sentence and number of tests; "
        "run nothing.",
    )
    group.addoption(
        "--spec-report",
        metavar="PATH",
        default=None,
        help="write this run's outcomes per statement as JSON to PATH.",
    )
    parser.addini(
        "spec_budget",
        default="thorough",
        help="the Hypothesis budget of an in-process implementation when no "
        "--hypothesis-profile is given: thorough (spec-inprocess, 100 examples) or dev "
        "(spec-dev, 10; the checkout's default run).",
    )


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _collects_suite(config: pytest.Config) -> bool:
    """Whether the run's arguments (or ``testpaths``) reach the suite's own modules."""
    pyargs = bool(config.getoption("pyargs", False))
    here = config.invocation_params.dir
    for arg in config.args:
        target = arg.split("::", 1)[0]
        if pyargs and target.split(".", 1)[0] == SUITE_DIR.name and not (here / target).exists():
            return True
        path = (here / target).resolve()
        if _inside(path, SUITE_DIR):
            return True
        # a directory above the suite collects it, unless the suite sits in an installed
        # environment below it (pytest does not collect inside virtual environments)
        below = SUITE_DIR.relative_to(path).parts if _inside(SUITE_DIR, path) else None
        if below is not None and not {"site-packages", "dist-packages"} & set(below):
            return True
    return False


def selected(config: pytest.Config) -> bool:
    """Whether this run is a run of the suite (see the module's docstring)."""
    if os.environ.get(ENV) or any(config.getoption(name, None) for name in _SELECTING):
        return True
    return _collects_suite(config)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Load the suite (before Hypothesis' own plugin reads ``--hypothesis-profile``)."""
    if selected(config):
        config.pluginmanager.import_plugin(SUITE_PLUGIN)
