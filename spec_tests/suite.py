"""The suite's hooks and fixtures, loaded by :mod:`spec_tests.plugin` once the suite is selected.

- The implementation comes from ``--impl`` (checked at load: :mod:`spec_tests.adapters.loading`)
  or from an ``impl`` fixture of your ``conftest.py`` (checked when the first test receives it);
  every decision below uses the one the test received.
- ``@pytest.mark.statement("id")`` ties a test to a registry statement; an unknown id, a spec
  test without one, or a test with two, is a usage error at collection. ``--statement=GLOB``
  keeps only matching tests.
- When a test is set up, :mod:`spec_tests.gates` decides: skip (not on the judged page, not
  provided, held to the page) or a strict expected failure (a version gate, a known divergence),
  which only a failed expectation satisfies (``EXPECTED_FAILURES``).
- The end of the run prints the verdict (:mod:`spec_tests.verdict`); ``--spec-report`` writes it
  as JSON (:mod:`spec_tests.results`); JUnit XML carries each test's statements and tier.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from spec_tests import budget, gates, registry, verdict
from spec_tests.adapters.loading import ImplSpecError, check_implementation, load_implementation
from spec_tests.interface import CommandNotProvided, Facet, HttpDownloader, Implementation
from spec_tests.plugin import ENV, EXPECTED_FAILURES, IMPL_KEY, SUITE_DIR, Coverage
from spec_tests.results import WORKER_KEY, ResultCollector, describe, statements_of

#: fixtures of the harnesses, available to every test of the suite (and to yours)
pytest_plugins = [
    "spec_tests.harness.tls",
    "spec_tests.harness.http_scenario",
    "spec_tests.harness.workspace",
]

RUN_KEY = pytest.StashKey["Run"]()
#: the implementation a test received (the ``impl`` fixture's value)
ITEM_IMPL_KEY = pytest.StashKey[Implementation]()
SPEC_MODULE_GLOB = "test_*.py"


@dataclass
class Run:
    """What this run knows of the suite: the implementation, the page, the coverage."""

    impl: Implementation
    page_option: str | None
    collector: ResultCollector | None = None
    #: the implementation the tests received, when a conftest.py overrides ``impl``
    override: Implementation | None = None
    coverage: Coverage = field(default_factory=Coverage)

    def page(self, implementation: Implementation) -> str:
        return gates.page_for(implementation.pip_version, self.page_option)

    def adopt(self, implementation: Implementation, config: pytest.Config) -> None:
        """Check an overriding ``impl`` fixture's value (once), and name it in the result file;
        a usage error stops the run."""
        if implementation is self.override:
            return
        try:
            check_implementation(implementation, "the impl fixture")
        except ImplSpecError as exc:
            pytest.exit(str(exc), returncode=pytest.ExitCode.USAGE_ERROR)
        self.override = implementation
        head = describe(implementation, self.page(implementation))
        if self.collector is not None:
            self.collector.head = head
        if hasattr(config, "workeroutput"):
            config.workeroutput[WORKER_KEY] = head


def _run(config: pytest.Config) -> Run:
    return config.stash[RUN_KEY]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "statement(id): the registry statement the test checks")
    config.addinivalue_line("markers", "e2e: drives a real installer by subprocess (costly)")
    config.addinivalue_line(
        "markers",
        "pip_layout: the test seeds pip's cache layout and checks what a command does "
        "with it (not provided for a commands facet whose layout is another tool's)",
    )
    spec = config.getoption("impl") or os.environ.get(ENV) or "model"
    page = config.getoption("page")
    try:
        registry.load()
        if page is not None and page not in registry.PAGES:
            raise ImplSpecError(f"--page={page!r}: no such page (one of {registry.PAGES})")
        impl = load_implementation(spec)
    except (ImplSpecError, registry.RegistryError) as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[IMPL_KEY] = impl
    run = config.stash[RUN_KEY] = Run(impl, page)
    budget.load_profile(config, impl)
    if not hasattr(config, "workerinput"):
        path = config.getoption("spec_report")
        head = describe(impl, run.page(impl))
        run.collector = ResultCollector(Path(path) if path else None, head, config.rootpath)
        config.pluginmanager.register(run.collector, "spec-report")


def _conftest_override(config: pytest.Config) -> str | None:
    """The conftest.py defining an ``impl`` fixture, if one is loaded already."""
    for plugin in config.pluginmanager.get_plugins():
        path = getattr(plugin, "__file__", None) or ""
        if Path(path).name == "conftest.py" and hasattr(plugin, "impl"):
            return str(path)
    return None


def pytest_report_header(config: pytest.Config) -> list[str]:
    run = _run(config)
    where = _conftest_override(config)
    if where is not None:
        return [
            f"pip-cache-spec: impl from the impl fixture of {where} (named in the verdict); "
            f"page: --page or the one its pip version picks"
        ]
    return [f"pip-cache-spec: {verdict.headline(describe(run.impl, run.page(run.impl)))}"]


def statement_ids(item: pytest.Item) -> list[str]:
    return [m.args[0] for m in item.iter_markers("statement") if m.args]


def _is_spec_test(item: pytest.Item) -> bool:
    path = Path(str(item.path))
    return path.parent == SUITE_DIR and path.match(SPEC_MODULE_GLOB)


def _properties(item: pytest.Item, ids: list[str]) -> list[tuple[str, object]]:
    """What a test's reports (and JUnit XML's ``<properties>``) carry: its statements, their
    tiers, and the first line of its docstring."""
    statements = registry.load()
    doc = (getattr(getattr(item, "function", None), "__doc__", None) or "").strip().splitlines()
    return [
        *(("statement", sid) for sid in ids),
        *(("tier", statements[sid].tier.value) for sid in ids),
        ("doc", doc[0] if doc else ""),
    ]


def _deselect(config: pytest.Config, items: list[pytest.Item], patterns: list[str]) -> None:
    """Keep the tests of the statements ``--statement`` names (globs)."""
    unmatched = [p for p in patterns if not fnmatch.filter(registry.load(), p)]
    if unmatched:
        raise pytest.UsageError(
            f"--statement={unmatched[0]}: matches no statement id (see pytest --statements)"
        )
    keep = [i for i in items if any(fnmatch.filter(statement_ids(i), p) for p in patterns)]
    dropped = [i for i in items if i not in set(keep)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    items[:] = keep


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    known = registry.load()
    run = _run(config)
    errors: list[str] = []
    for item in items:
        ids = statement_ids(item)
        if not ids and _is_spec_test(item):
            errors.append(f"{item.nodeid}: a spec test must carry @pytest.mark.statement(id)")
        if len(ids) > 1:  # one bug would be charged to several sentences
            errors.append(f"{item.nodeid}: a test checks one statement, not {len(ids)}: {ids}")
        unknown = [sid for sid in ids if sid not in known]
        errors += [f"{item.nodeid}: unknown statement id {sid!r}" for sid in unknown]
        if ids and not unknown:
            for sid in ids:
                run.coverage.tests[sid].append(item.nodeid)
            item.user_properties[:] = [
                p for p in item.user_properties if p[0] not in ("statement", "tier", "doc")
            ]
            item.user_properties += _properties(item, ids)
    if errors:
        raise pytest.UsageError("statement markers:\n  " + "\n  ".join(errors))
    _mark_subprocess_http(run.impl, items)
    collected = {Path(str(i.path)) for i in items}
    run.coverage.complete = set(SUITE_DIR.glob(SPEC_MODULE_GLOB)) <= collected
    patterns = config.getoption("statement")
    if patterns:
        _deselect(config, items, patterns)


def _mark_subprocess_http(implementation: Implementation, items: list[pytest.Item]) -> None:
    """Mark the tests of the ``http`` facet ``e2e`` when it drives a subprocess (so CI can budget
    them)."""
    if isinstance(getattr(implementation, "http", None), HttpDownloader):
        for item in items:
            if "http" in getattr(item, "fixturenames", ()):
                item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def impl(pytestconfig: pytest.Config) -> Implementation:
    """The implementation under test. Override it in your conftest.py to plug one in."""
    return pytestconfig.stash[IMPL_KEY]  # type: ignore[return-value]


@pytest.fixture(autouse=True)
def _statement_gate(request: pytest.FixtureRequest) -> None:
    """Judge a statement test for the implementation it receives (see :mod:`spec_tests.gates`):
    skip it, or mark it a strict expected failure."""
    item = request.node
    ids = statement_ids(item)
    if not ids:
        return
    run = _run(request.config)
    implementation: Implementation = request.getfixturevalue("impl")
    if implementation is not run.impl:
        run.adopt(implementation, request.config)
    item.stash[ITEM_IMPL_KEY] = implementation
    page = run.page(implementation)
    known = registry.load()
    statements = [known[sid] for sid in ids]
    item.user_properties[:] = [p for p in item.user_properties if p[0] != "expectation"]
    pip_layout = item.get_closest_marker("pip_layout") is not None
    reason = gates.skip_reason(statements, implementation, page, pip_layout=pip_layout)
    if reason is not None:
        pytest.skip(reason)
    test = getattr(item, "originalname", None) or item.name
    expected = gates.expectation(statements, test, implementation, page)
    item.user_properties.append(("expectation", expected.kind if expected else ""))
    if expected is not None:
        item.add_marker(
            pytest.mark.xfail(strict=True, raises=EXPECTED_FAILURES, reason=expected.reason)
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> object:
    """A command the implementation has no equivalent of skips the test as not provided."""
    try:
        with budget.hypothesis_settings(item, budget.no_shrinking(item)):
            return (yield)
    except CommandNotProvided as exc:
        name = item.stash.get(ITEM_IMPL_KEY, None) or item.config.stash[IMPL_KEY]
        pytest.skip(exc.skip_reason(str(getattr(name, "name", "?"))))


def _facet(implementation: Implementation, facet: Facet) -> object:
    value = getattr(implementation, facet.value, None)
    if value is None:
        pytest.skip(f"{implementation.name} does not provide {facet.value}")
    return value


@pytest.fixture(scope="session")
def locations(impl: Implementation) -> object:
    """The implementation's Locations facet (skips where not provided)."""
    return _facet(impl, Facet.LOCATIONS)


@pytest.fixture(scope="session")
def http(impl: Implementation) -> object:
    """The implementation's HttpCache facet (skips where not provided)."""
    return _facet(impl, Facet.HTTP)


@pytest.fixture(scope="session")
def wheels(impl: Implementation) -> object:
    """The implementation's WheelCache facet (skips where not provided)."""
    return _facet(impl, Facet.WHEELS)


@pytest.fixture(scope="session")
def commands(impl: Implementation) -> object:
    """The implementation's CacheCommands facet (skips where not provided)."""
    return _facet(impl, Facet.COMMANDS)


@pytest.fixture(scope="session")
def installer(impl: Implementation) -> object:
    """The implementation's Installer facet (skips where not provided)."""
    return _facet(impl, Facet.INSTALLER)


@pytest.fixture(scope="session")
def statement_coverage(pytestconfig: pytest.Config) -> Coverage:
    """What this run collected, per statement (for the suite's self-tests)."""
    return _run(pytestconfig).coverage


def pytest_report_teststatus(report: pytest.TestReport) -> tuple[str, str, str] | None:
    """A failing test's status word names its statements: ``FAILED [commands.purge-clears-all]``."""
    ids = statements_of(report)
    if not ids or not report.failed or hasattr(report, "wasxfail"):
        return None
    word = "FAILED" if report.when == "call" else "ERROR"
    return ("failed" if report.when == "call" else "error"), word[0], f"{word} [{', '.join(ids)}]"


def pytest_runtestloop(session: pytest.Session) -> bool | None:
    """``--statements``: list the registry with each statement's number of tests; run nothing."""
    if not session.config.getoption("statements"):
        return None
    run = _run(session.config)
    tr = session.config.pluginmanager.get_plugin("terminalreporter")
    write = tr.write_line if tr is not None else print
    coverage = run.coverage
    for line in verdict.listing(
        coverage.tests, coverage.complete, session.config.getoption("statement")
    ):
        write(line)
    return True


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    run = _run(config)
    if config.getoption("statements") or run.collector is None or not run.collector.rows:
        return
    terminalreporter.section("pip-cache-spec verdict")
    for line in verdict.render(run.collector.head, run.collector.data()["statements"]):
        terminalreporter.write_line(line)
