"""The conformance table: statement rows, implementation columns, one cell per pair.

Rules, as data:

* a column is one implementation at one version, judged against one page version (the file's
  ``page``, else the default for its claimed pip version); result files naming the same one are
  merged (a test seen twice keeps its worst verdict, :data:`DUPLICATE_RANK`);
* columns are ordered: the model, then pip by version, then every other implementation;
* rows are the registry's statements that need tests, grouped by tier (documented first) then by
  section in the registry's order; statements a result file names but the registry does not are
  listed last, so a stale result file shows rather than vanishes;
* a cell's state is the first of :data:`CELL_PRECEDENCE` that one of its tests has; a statement
  that is not on the column's page is "not on page", whatever its tests did.
"""

from __future__ import annotations

import enum
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from packaging.version import Version

from spec_tests.registry import PAGES, Statement, Tier, default_page

from .results import ReportError, RunResult, TestResult, Verdict

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

__all__ = [
    "CELL_PRECEDENCE",
    "Cell",
    "CellState",
    "Column",
    "Group",
    "Row",
    "Table",
    "build_table",
    "merge_runs",
    "slug",
]


class CellState(enum.Enum):
    PASS = "pass"
    FAIL = "fail"
    GATED = "expected fail (gate)"
    XFAIL = "known divergence"
    NOT_PROVIDED = "not provided"
    SKIPPED = "skipped"
    NO_TEST = "no test"
    OFF_PAGE = "not on page"

    @property
    def short(self) -> str:
        """The state in a few characters, for dense tables."""
        return _SHORT[self]


_SHORT = {
    CellState.PASS: "pass",
    CellState.FAIL: "FAIL",
    CellState.GATED: "gate",
    CellState.XFAIL: "div",
    CellState.NOT_PROVIDED: "n/p",
    CellState.SKIPPED: "skip",
    CellState.NO_TEST: "none",
    CellState.OFF_PAGE: "off",
}


#: a cell takes the state of the first verdict, in this order, that any of its tests has: one
#: test that shows the sentence contradicted (a failure, a known divergence, a version gate) makes
#: the statement not followed, however many of its other tests pass (a pip that caches the wheel
#: of an sdist file but not of a directory does not follow "direct path ... not cached")
CELL_PRECEDENCE: tuple[tuple[Verdict, CellState], ...] = (
    (Verdict.FAIL, CellState.FAIL),
    (Verdict.XFAIL, CellState.XFAIL),
    (Verdict.GATED, CellState.GATED),
    (Verdict.PASS, CellState.PASS),
    (Verdict.SKIPPED, CellState.SKIPPED),
    (Verdict.NOT_PROVIDED, CellState.NOT_PROVIDED),
)

#: the same test in two result files of one column: the lower rank wins
DUPLICATE_RANK: Mapping[Verdict, int] = {
    Verdict.FAIL: 0,
    Verdict.PASS: 1,
    Verdict.GATED: 2,
    Verdict.XFAIL: 3,
    Verdict.SKIPPED: 4,
    Verdict.NOT_PROVIDED: 5,
}

TIER_ORDER: tuple[Tier, ...] = (Tier.DOCUMENTED, Tier.OBSERVED, Tier.ROBUSTNESS)


def slug(text: str) -> str:
    """An anchor-safe form of ``text``: lower case letters, digits, '.', '-'."""
    return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-")


@dataclass(frozen=True)
class Column:
    implementation: str
    version: str
    pip_version: str | None
    facets: tuple[str, ...]
    sources: tuple[str, ...]
    statements: Mapping[str, tuple[TestResult, ...]]
    #: the page version the column is judged against
    page: str = "24.2"

    @property
    def label(self) -> str:
        return f"{self.implementation} {self.version}"

    @property
    def anchor(self) -> str:
        return slug(self.label)

    @property
    def short(self) -> str:
        """A few characters naming the column: a pip's version, else the implementation."""
        return self.version if self.implementation == "pip" else self.implementation

    @property
    def claims(self) -> str:
        """What the column claims to behave like, when that is not itself."""
        if self.pip_version is None:
            return "claims the page (pip 24.2)"
        if self.implementation == "pip" and self.pip_version == self.version:
            return ""
        return f"claims pip {self.pip_version}"

    def sort_key(self) -> tuple[int, str, Version]:
        rank = {"model": 0, "pip": 1}.get(self.implementation, 2)
        return (rank, self.implementation, Version(self.version))


@dataclass(frozen=True)
class Cell:
    state: CellState
    counts: Mapping[Verdict, int]
    tests: tuple[TestResult, ...]

    @property
    def total(self) -> int:
        return len(self.tests)

    @property
    def failures(self) -> tuple[TestResult, ...]:
        return tuple(t for t in self.tests if t.verdict is Verdict.FAIL)

    @property
    def short(self) -> str:
        """A few characters: the state's short form, with ``n/m`` where not all tests agree."""
        if self.state in (CellState.NO_TEST, CellState.NOT_PROVIDED, CellState.OFF_PAGE):
            return self.state.short
        main = next(v for v, s in CELL_PRECEDENCE if s is self.state)
        whole = self.counts[main] == self.total
        return self.state.short if whole else f"{self.state.short} {self.counts[main]}/{self.total}"

    @property
    def summary(self) -> str:
        """The state with its counts: ``pass 3/3``, ``fail 1/4 (1 skipped)``, ``not provided``."""
        if self.state in (CellState.NO_TEST, CellState.NOT_PROVIDED, CellState.OFF_PAGE):
            return str(self.state.value)
        main = next(v for v, s in CELL_PRECEDENCE if s is self.state)
        text = f"{self.state.value} {self.counts[main]}/{self.total}"
        rest = [
            f"{n} {v.value}" for v, _ in CELL_PRECEDENCE if v is not main and (n := self.counts[v])
        ]
        return f"{text} ({', '.join(rest)})" if rest else text


def make_cell(tests: Sequence[TestResult], *, on_page: bool = True) -> Cell:
    counts = Counter(t.verdict for t in tests)
    state = next((s for v, s in CELL_PRECEDENCE if counts[v]), CellState.NO_TEST)
    if not on_page:
        state = CellState.OFF_PAGE
    return Cell(state, counts, tuple(sorted(tests, key=lambda t: t.nodeid)))


@dataclass(frozen=True)
class Row:
    id: str
    statement: Statement | None  # None: named by a result file, unknown to the registry
    cells: tuple[Cell, ...]

    @property
    def text(self) -> str:
        return self.statement.text if self.statement else "(not in the registry)"

    @property
    def anchor(self) -> str:
        """The row's anchor: the statement id itself (``#http.fresh-served-from-cache``)."""
        return self.id

    @property
    def gate(self) -> str:
        """The statement's version gate, as a short note ('' when none)."""
        st = self.statement
        if st is None:
            return ""
        parts = []
        if st.since is not None:
            parts.append(f"since {st.since}")
        if st.applies is not None:
            parts.append(f"pip {st.applies}")
        if st.pending:
            parts.append("pending")
        if st.tier in (Tier.DOCUMENTED, Tier.INFORMATIVE) and 0 < len(st.pages) < len(PAGES):
            parts.append("page " + ", ".join(st.pages))
        return ", ".join(parts)


@dataclass(frozen=True)
class Group:
    tier: str
    section: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    groups: tuple[Group, ...]
    tiers: tuple[str, ...] = field(default=())

    def summary(self, tier: str) -> list[Counter[CellState]]:
        """Per column, how many statements of ``tier`` are in each state."""
        out: list[Counter[CellState]] = [Counter() for _ in self.columns]
        for group in self.groups:
            if group.tier != tier:
                continue
            for row in group.rows:
                for i, cell in enumerate(row.cells):
                    out[i][cell.state] += 1
        return out


def merge_runs(runs: Iterable[RunResult]) -> tuple[Column, ...]:
    """One column per (implementation, version), ordered model, pips by version, others."""
    by_key: dict[tuple[str, str], list[RunResult]] = {}
    for run in runs:
        by_key.setdefault((run.implementation, run.version), []).append(run)
    columns = []
    for (name, version), group in by_key.items():
        pips = {r.pip_version for r in group}
        sources = ", ".join(r.source for r in group)
        if len(pips) > 1:
            raise ReportError(f"{sources}: {name} {version} claims different pip versions {pips}")
        claimed = group[0].pip_version
        fallback = default_page(Version(claimed) if claimed else None)
        pages = {r.page or fallback for r in group}
        if len(pages) > 1:
            raise ReportError(f"{sources}: {name} {version} judged against pages {sorted(pages)}")
        tests: dict[str, dict[str, TestResult]] = {}
        for run in group:
            for sid, results in run.statements.items():
                seen = tests.setdefault(sid, {})
                for t in results:
                    old = seen.get(t.nodeid)
                    if old is None or DUPLICATE_RANK[t.verdict] < DUPLICATE_RANK[old.verdict]:
                        seen[t.nodeid] = t
        columns.append(
            Column(
                implementation=name,
                version=version,
                pip_version=group[0].pip_version,
                facets=tuple(sorted({f for r in group for f in r.facets})),
                sources=tuple(sorted(r.source for r in group)),
                statements={sid: tuple(ts.values()) for sid, ts in tests.items()},
                page=pages.pop(),
            )
        )
    return tuple(sorted(columns, key=Column.sort_key))


def build_table(runs: Iterable[RunResult], registry: Mapping[str, Statement]) -> Table:
    columns = merge_runs(runs)

    def row(sid: str) -> Row:
        st = registry.get(sid)
        cells = tuple(
            make_cell(c.statements.get(sid, ()), on_page=st is None or st.on_page(c.page))
            for c in columns
        )
        return Row(sid, st, cells)

    groups: list[Group] = []
    for tier in TIER_ORDER:
        sections: dict[str, list[str]] = {}
        for st in registry.values():
            if st.tier is tier:
                sections.setdefault(st.section, []).append(st.id)
        groups += [Group(tier.value, sec, tuple(map(row, ids))) for sec, ids in sections.items()]
    unknown = sorted({sid for c in columns for sid in c.statements} - set(registry))
    if unknown:
        groups.append(
            Group(
                "unknown", "named by a result file, not in the registry", tuple(map(row, unknown))
            )
        )
    tiers = tuple(dict.fromkeys(g.tier for g in groups))
    return Table(columns, tuple(groups), tiers)
