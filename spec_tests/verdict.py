"""The verdict in the terminal, and the ``--statements`` listing: lines of text, no pytest.

At the end of a run (``pytest_terminal_summary``), from the same rows ``--spec-report`` writes:

- one line per tier: how many statements passed, failed, were gated, are known divergences, not
  provided, skipped (each statement in the state of the conformance table's cell,
  :func:`spec_tests.report.table.make_cell`: the table and the terminal agree);
- each failing documented statement: its id, the page's sentence, its failing tests;
- observed statements that fail, apart: the implementation *differs from pip* there, which is
  no breach of the page; then robustness failures;
- skips folded: one line per facet or command not provided, one count for the rest.
"""

from __future__ import annotations

import re
import textwrap
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from spec_tests import page, registry
from spec_tests.registry import Tier
from spec_tests.report.results import TestResult, Verdict
from spec_tests.report.table import CellState, make_cell

__all__ = ["headline", "listing", "render"]

WIDTH = 100
_NOT_PROVIDED = re.compile(r" does not provide ([\w.-]+)$")
#: how each tier's failures are introduced
FAILURE_HEADINGS: Mapping[Tier, str] = {
    Tier.DOCUMENTED: "Failing documented statements (the page's sentence is contradicted):",
    Tier.OBSERVED: "Differs from pip (observed statements; the page is silent there):",
    Tier.ROBUSTNESS: "Robustness failures (faults and hostile input):",
}
#: the order of a tier line's counts (states the table adds later come last)
_FIRST = ("pass", "fail", "expected fail (gate)", "known divergence")
_ORDER = [*map(CellState, _FIRST), *(s for s in CellState if s.value not in _FIRST)]


def headline(head: Mapping[str, Any]) -> str:
    """``impl=pip 24.2, claims pip 24.2; page 24.2; facets: locations, http``."""
    claims = f", claims pip {head['pip_version']}" if head.get("pip_version") else ""
    facets = ", ".join(head.get("facets", ())) or "none"
    return (
        f"impl={head['implementation']} {head['version']}{claims}; page {head['page']}; "
        f"facets: {facets}"
    )


def _tests(rows: Sequence[Mapping[str, Any]]) -> list[TestResult]:
    fields = ("nodeid", "outcome", "gated", "reason", "doc", "longrepr", "expectation")
    return [TestResult(**{k: r[k] for k in fields if k in r}) for r in rows]


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(
        " ".join(text.split()), WIDTH, initial_indent=indent, subsequent_indent=indent
    )


def _tier_lines(states: Mapping[Tier, Counter[CellState]]) -> list[str]:
    out = []
    for tier in (Tier.DOCUMENTED, Tier.OBSERVED, Tier.ROBUSTNESS):
        counts = states.get(tier)
        if not counts:
            continue
        parts = [f"{counts[s]} {s.value}" for s in _ORDER if counts[s]]
        out.append(f"{tier.value:<11} {sum(counts.values()):3d} statements: {', '.join(parts)}")
    return out


def _folded_skips(tests: Sequence[TestResult]) -> list[str]:
    """One line per facet or command not provided (with its number of tests), one count for
    the other skips."""
    missing: Counter[str] = Counter()
    other = 0
    for t in {t.nodeid: t for t in tests}.values():
        found = _NOT_PROVIDED.search(t.reason)
        if t.verdict is Verdict.NOT_PROVIDED and found:
            missing[found.group(1)] += 1
        elif t.verdict in (Verdict.NOT_PROVIDED, Verdict.SKIPPED):
            other += 1
    out = []
    if missing:
        folded = ", ".join(f"{what} ({n} tests)" for what, n in sorted(missing.items()))
        out += _wrap(f"Not provided: {folded}", "")
    if other:
        out.append(f"Skipped for other reasons: {other} tests (pytest -rs lists them)")
    return out


def render(
    head: Mapping[str, Any], statements: Mapping[str, Sequence[Mapping[str, Any]]]
) -> list[str]:
    """The verdict section's lines for one run's rows (statement id -> result rows)."""
    known = registry.load()
    states: dict[Tier, Counter[CellState]] = {}
    failing: dict[Tier, list[tuple[str, list[TestResult]]]] = {}
    everything: list[TestResult] = []
    for sid, rows in statements.items():
        st = known.get(sid)
        tests = _tests(rows)
        everything += tests
        if st is None:
            continue
        cell = make_cell(tests, on_page=st.on_page(head["page"]))
        states.setdefault(st.tier, Counter())[cell.state] += 1
        if cell.state is CellState.FAIL:
            failing.setdefault(st.tier, []).append((sid, list(cell.failures)))
    lines = [headline(head), *_tier_lines(states)]
    for tier, heading in FAILURE_HEADINGS.items():
        if not failing.get(tier):
            continue
        lines += ["", heading]
        for sid, tests in failing[tier]:
            lines.append(f"  {sid}")
            lines += _wrap(page.plain(known[sid].quote(head["page"])), "      ")
            lines += [f"    FAILED {t.nodeid}" for t in tests]
    folded = _folded_skips(everything)
    return [*lines, "", *folded] if folded else lines


def listing(
    tests: Mapping[str, Sequence[str]], complete: bool, patterns: Sequence[str] = ()
) -> list[str]:
    """``--statements``: each statement (matching ``patterns``, if any) with its number of tests,
    its tier, its id and gate, then its sentence; a warning when the suite was not collected."""
    import fnmatch

    out = [""]
    for st in registry.load().values():
        if patterns and not any(fnmatch.fnmatchcase(st.id, p) for p in patterns):
            continue
        gate = f"since {st.since}" if st.since else (f"applies {st.applies}" if st.applies else "")
        flag = " PENDING" if st.pending else ""
        out.append(f"{len(tests.get(st.id, ())):4d}  {st.tier.value:<11} {st.id:<48} {gate}{flag}")
        out += _wrap(page.plain(st.text), " " * 6)
    if not complete:
        out += [
            "",
            "warning: the suite's test modules were not all collected, so these counts miss "
            "tests (0 for statements whose modules were not collected); run "
            "'pytest --pyargs spec_tests --statements' to count them all.",
        ]
    return out
