"""The suite's pytest plugin: options, the implementation fixture, statements, gates, reports.

Loaded through the ``pytest11`` entry point (and by the repository's ``conftest.py``).

- ``--impl`` (or ``PIP_CACHE_SPEC_IMPL``) picks the implementation; every test receives it from
  the ``impl`` fixture, which a ``conftest.py`` of yours may override instead.
- ``@pytest.mark.statement("id")`` ties a test to a registry statement; an unknown id, or a spec
  test without one, is a usage error at collection.
- A statement that does not hold for the implementation's pip version (its ``since`` or
  ``applies``) turns its tests into strict expected failures.
- ``--statements`` prints the registry with the number of tests of each statement.
- ``--spec-report=PATH`` writes the run's results per statement as JSON.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

import pytest

from spec_tests import known, registry
from spec_tests.adapters.loading import ImplSpecError, load_implementation
from spec_tests.interface import CommandNotProvided, Facet, HttpDownloader, Implementation
from spec_tests.results import ResultCollector

#: fixtures of the harnesses, available to every test of the suite (and to yours)
pytest_plugins = [
    "pytester",
    "spec_tests.harness.tls",
    "spec_tests.harness.http_scenario",
    "spec_tests.harness.workspace",
]

IMPL_KEY = pytest.StashKey[Implementation]()
COVERAGE_KEY = pytest.StashKey["Coverage"]()
GATE_KEY = pytest.StashKey[pytest.Mark]()
SUITE_DIR = Path(__file__).parent
#: what a predicted failure may raise: a failed assertion, or pytest's own failure
EXPECTED_FAILURES = (AssertionError, pytest.fail.Exception)
SPEC_MODULE_GLOB = "test_*.py"


class Coverage:
    """Which tests check which statement, from one collection."""

    def __init__(self) -> None:
        self.tests: dict[str, list[str]] = defaultdict(list)
        self.complete = False

    def uncovered(self) -> list[str]:
        return [
            s.id
            for s in registry.load().values()
            if s.tier.needs_tests and not s.pending and not self.tests.get(s.id)
        ]

    def pending_with_tests(self) -> list[str]:
        return [s.id for s in registry.load().values() if s.pending and self.tests.get(s.id)]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("pip-cache-spec", "pip-cache-spec: conformance to pip's 'Caching' page")
    group.addoption(
        "--impl",
        default=None,
        help="implementation under test: model (default), pip, pip@/path/to/python, uv, "
        "uv@/path/to/uv, or package.module:factory. Env: PIP_CACHE_SPEC_IMPL.",
    )
    group.addoption(
        "--statements",
        action="store_true",
        default=False,
        help="list every statement of the registry with its number of tests, run nothing.",
    )
    group.addoption(
        "--spec-report",
        metavar="PATH",
        default=None,
        help="write this run's outcomes per statement as JSON to PATH.",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "statement(id): the registry statement the test checks")
    config.addinivalue_line("markers", "e2e: drives a real installer by subprocess (costly)")
    spec = config.getoption("impl") or os.environ.get("PIP_CACHE_SPEC_IMPL") or "model"
    try:
        registry.load()
        impl = load_implementation(spec)
    except (ImplSpecError, registry.RegistryError) as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[IMPL_KEY] = impl
    config.stash[COVERAGE_KEY] = Coverage()
    _load_hypothesis_profile(config, impl)
    path = config.getoption("spec_report")
    if path and not hasattr(config, "workerinput"):
        config.pluginmanager.register(ResultCollector(Path(path), impl), "spec-report")


def _register_hypothesis_profiles() -> None:
    """Registered at import, so that ``--hypothesis-profile=spec-...`` finds them."""
    from hypothesis import HealthCheck, Phase, settings

    # one failure per test: several distinct ones would come as an ExceptionGroup, which a
    # gate's or a known divergence's expected failure (an AssertionError) does not accept
    common = {"deadline": None, "database": None, "print_blob": True, "report_multiple_bugs": False}
    settings.register_profile("spec-inprocess", max_examples=100, **common)
    settings.register_profile(
        "spec-subprocess",
        max_examples=6,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        **common,
    )
    # for self-tests that only need to see a wrong implementation fail: no shrinking
    settings.register_profile(
        "spec-selftest",
        max_examples=50,
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
        **common,
    )


_register_hypothesis_profiles()


def _load_hypothesis_profile(config: pytest.Config, impl: Implementation) -> None:
    from hypothesis import settings

    if config.getoption("hypothesis_profile", None) is None:
        slow = getattr(impl, "is_subprocess", False)
        settings.load_profile("spec-subprocess" if slow else "spec-inprocess")


def pytest_report_header(config: pytest.Config) -> list[str]:
    impl = config.stash[IMPL_KEY]
    facets = [f.value for f in Facet if getattr(impl, f.value, None) is not None]
    claims = f", claims pip {impl.pip_version}" if impl.pip_version else ""
    return [
        f"pip-cache-spec: impl={impl.name} {impl.version}{claims}; "
        f"facets: {', '.join(facets) or 'none'}"
    ]


def _is_spec_test(item: pytest.Item) -> bool:
    path = Path(str(item.path))
    return path.parent == SUITE_DIR and path.match(SPEC_MODULE_GLOB)


def _statement_ids(item: pytest.Item) -> list[str]:
    return [m.args[0] for m in item.iter_markers("statement") if m.args]


def _expectation(item: pytest.Item, implementation: Implementation) -> tuple[str, str] | None:
    """Why ``item`` is expected to fail for ``implementation``, if it is: ``("gate", reason)``
    where a statement does not hold for its pip version (``since``/``applies``), or
    ``("divergence", reason)`` where ``spec_tests/divergences.toml`` records that it does not
    follow the statement."""
    # an implementation that claims no pip version is held to the page's own (24.2)
    version = implementation.pip_version or registry.PAGE_VERSION
    known_statements = registry.load()
    ids = _statement_ids(item)
    failing = [known_statements[s] for s in ids if not known_statements[s].holds_for(version)]
    if failing:
        return "gate", "; ".join(f"{s.id}: {s.gate_reason(version)}" for s in failing)
    test = getattr(item, "originalname", None) or item.name
    for sid in ids:
        entry = known.find(implementation.name, implementation.version, sid, test)
        if entry is not None:
            return "divergence", entry.reason
    return None


def _gate(item: pytest.Item, implementation: Implementation) -> None:
    """Mark the item a strict expected failure where a version gate or a known divergence
    predicts it fails, and record its statements on its reports.

    Only a failed expectation is the predicted failure (an ``AssertionError``, or pytest's own
    failure such as ``pytest.raises`` seeing nothing raised): an error anywhere else (a crash,
    ``NotImplementedError``) is a failure."""
    earlier = item.stash.get(GATE_KEY, None)
    if earlier is not None:  # re-gated for an overriding ``impl`` fixture
        item.own_markers.remove(earlier)
        del item.stash[GATE_KEY]
    expected = _expectation(item, implementation)
    if expected is not None:
        mark = pytest.mark.xfail(strict=True, raises=EXPECTED_FAILURES, reason=expected[1])
        item.add_marker(mark)
        item.stash[GATE_KEY] = mark.mark
    ids = _statement_ids(item)
    doc = (getattr(getattr(item, "function", None), "__doc__", None) or "").strip().splitlines()
    item.user_properties[:] = [p for p in item.user_properties if p[0] not in _PROPS]
    item.user_properties += [
        ("statements", ids),
        ("doc", doc[0] if doc else ""),
        ("gated", expected is not None and expected[0] == "gate"),
        ("expectation", expected[0] if expected is not None else ""),
    ]


_PROPS = ("statements", "doc", "gated", "expectation")
#: the harness's fixtures of HTTP scenarios (``harness/http_scenario.py``)
_HTTP_SCENARIOS = {"http_scenario", "http_scenarios"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    known = registry.load()
    coverage = config.stash[COVERAGE_KEY]
    errors: list[str] = []
    for item in items:
        ids = _statement_ids(item)
        if not ids and _is_spec_test(item):
            errors.append(f"{item.nodeid}: a spec test must carry @pytest.mark.statement(id)")
        for sid in ids:
            if sid not in known:
                errors.append(f"{item.nodeid}: unknown statement id {sid!r}")
            else:
                coverage.tests[sid].append(item.nodeid)
    if errors:
        raise pytest.UsageError("statement markers:\n  " + "\n  ".join(errors))
    implementation = config.stash[IMPL_KEY]
    by_subprocess = isinstance(getattr(implementation, "http", None), HttpDownloader)
    for item in items:
        if _statement_ids(item):
            _gate(item, implementation)
        if by_subprocess and _HTTP_SCENARIOS & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.e2e)  # an HTTP scenario that drives a subprocess
    collected = {Path(str(i.path)) for i in items}
    coverage.complete = set(SUITE_DIR.glob(SPEC_MODULE_GLOB)) <= collected


@pytest.fixture(scope="session")
def impl(pytestconfig: pytest.Config) -> Implementation:
    """The implementation under test. Override it in your conftest.py to plug one in."""
    return pytestconfig.stash[IMPL_KEY]


@pytest.fixture(autouse=True)
def _statement_gate(request: pytest.FixtureRequest) -> None:
    """Where a conftest.py overrides ``impl``, gate on that implementation instead."""
    if not _statement_ids(request.node):
        return
    implementation: Implementation = request.getfixturevalue("impl")
    if implementation is not request.config.stash[IMPL_KEY]:
        _gate(request.node, implementation)
    _skip_not_provided(request.node, implementation)
    _skip_unless_diverging(request.node, implementation)


def _skip_unless_diverging(item: pytest.Item, implementation: Implementation) -> None:
    """An observed statement that records pip departing from another statement
    (``deviates_from``) is checked only on implementations known to depart from it
    (``divergences.toml``); every other implementation is held to that statement instead."""
    known_statements = registry.load()
    for sid in _statement_ids(item):
        other = known_statements[sid].deviates_from
        if other is not None and not known.diverges_anywhere(implementation.name, other):
            pytest.skip(
                f"{sid} records a departure from {other}; {implementation.name} is held to {other}"
            )


def _skip_not_provided(item: pytest.Item, implementation: Implementation) -> None:
    """Skip a test all of whose statements the implementation declares pip's by nature
    (``not_provided``: statement id -> reason), e.g. the name of pip's cache directory."""
    declared = getattr(implementation, "not_provided", None) or {}
    ids = _statement_ids(item)
    if ids and all(sid in declared for sid in ids):
        reason = declared[ids[0]]
        pytest.skip(f"{reason}: {implementation.name} does not provide {ids[0]}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> object:
    """A pip command the implementation has no equivalent of skips the test as not provided."""
    try:
        return (yield)
    except CommandNotProvided as exc:
        impl = item.config.stash[IMPL_KEY]
        pytest.skip(f"{impl.name} does not provide {exc.name}")


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
    return pytestconfig.stash[COVERAGE_KEY]


def pytest_runtestloop(session: pytest.Session) -> bool | None:
    if not session.config.getoption("statements"):
        return None
    coverage = session.config.stash[COVERAGE_KEY]
    tr = session.config.pluginmanager.get_plugin("terminalreporter")
    write = tr.write_line if tr is not None else print
    write("")
    for st in registry.load().values():
        gate = f"since {st.since}" if st.since else (f"applies {st.applies}" if st.applies else "")
        flag = " PENDING" if st.pending else ""
        count = len(coverage.tests.get(st.id, []))
        write(f"{count:4d}  {st.tier.value:<11} {st.id:<48} {gate}{flag}")
    return True
