"""spec_tests/divergences.toml: well-formed, about known statements, and complete: every documented
statement failing in a committed result file (docs/results/*.json) of an implementation with
divergence entries has its entry, so that no failure of that column goes unexplained."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

import spec_tests
from spec_tests import gates, registry
from spec_tests.registry import Tier
from spec_tests.report.divergences import Divergence, load_divergences, section_markdown
from spec_tests.report.results import RunResult, Verdict, load_result
from spec_tests.report.table import build_table

#: the committed result files, or those of a fresh run (CI: PIP_CACHE_SPEC_RESULTS=DIR)
RESULTS = Path(
    os.environ.get("PIP_CACHE_SPEC_RESULTS")
    or Path(spec_tests.__file__).resolve().parent.parent / "docs" / "results"
)


def _runs() -> list[RunResult]:
    if not RESULTS.is_dir():
        pytest.skip("docs/results exists only in a checkout of the repository")
    return [load_result(p) for p in sorted(RESULTS.glob("*.json"))]


def test_entries_name_known_statements_once() -> None:
    """One entry per implementation, statement and set of tests: two entries of one statement
    (two forms of one sentence failing on different versions) must name different tests."""
    known = registry.load()
    entries = load_divergences()
    assert entries, "no divergences at all: the file is empty or unread"
    keys = [(d.implementation, d.statement, d.tests) for d in entries]
    assert sorted(set(keys)) == sorted(keys), "an implementation has two entries for a statement"
    for impl, sid, tests in keys:
        others = [t for i, s, t in keys if (i, s) == (impl, sid) and t != tests]
        shared = [t for t in tests for o in others if not o or t in o]
        assert not (others and not tests), f"{impl}/{sid}: an entry for every test beside others"
        assert shared == [], f"{impl}/{sid}: a test covered by two entries: {shared}"
    assert [d.statement for d in entries if d.statement not in known] == []


def test_every_failing_documented_statement_has_an_entry() -> None:
    known = registry.load()
    entries = {(d.implementation, d.statement) for d in load_divergences()}
    explained = {impl for impl, _ in entries}
    missing = []
    for run in _runs():
        if run.implementation not in explained:
            continue
        for sid, tests in run.statements.items():
            documented = known[sid].tier is Tier.DOCUMENTED if sid in known else False
            failing = any(t.verdict is Verdict.FAIL for t in tests)
            if documented and failing and (run.implementation, sid) not in entries:
                missing.append(f"{run.label}: {sid}")
    assert missing == [], "failing documented statements without a divergence entry"


def test_section_lists_entries_of_columns_in_the_table() -> None:
    runs = [r for r in _runs() if r.implementation == "uv"]
    if not runs:
        pytest.skip("no committed uv result")
    table = build_table(runs, registry.load())
    lines = "\n".join(section_markdown(table, load_divergences()))
    assert "| uv | `wheels.direct-path-not-cached` |" in lines
    other = Divergence("http.like-a-browser", "other-tool", "p", "b", "c")
    assert "other-tool" not in "\n".join(section_markdown(table, [other]))


@pytest.mark.parametrize(
    ("name", "observed", "runs"),
    [
        ("pip", "observed.http.full-disk-temp-files-left", True),  # its entry names the record
        ("pip", "observed.commands.linked-wheels-dir-pruned", True),  # a second record of it
        ("uv", "observed.http.full-disk-temp-files-left", False),  # uv departs its own way
        ("uv", "observed.wheels.local-sdist-file-stored", True),  # uv's entry on the record
        ("model", "observed.http.full-disk-temp-files-left", False),
    ],
)
def test_pips_records_of_a_departure_run_for_those_sharing_it(
    name: str, observed: str, runs: bool
) -> None:
    """An observed record of pip departing from a statement runs for an implementation whose
    entry from that statement names an observed statement (pip's departure), or that has an
    entry from the record itself; one departing its own way is held to the statement."""
    st = registry.load()[observed]
    reason = gates.skip_reason([st], SimpleNamespace(name=name), "24.2")
    assert (reason is None) is runs, reason
