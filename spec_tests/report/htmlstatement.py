"""The HTML's per-statement blocks: the page annotated with every column's result, in the manner
of cache-tests.fyi's annotated specification, and the statements beyond the page.

Each statement gets a block (``id="s-<id>"``): a strip of coloured chips, one per column; the
tests that check it; its cases from the field; and, per column whose cell is not a plain pass,
that cell's details (``id="d-<column>--<id>"``): each test's outcome, the expected failure's
message (a gate's or a known divergence's reason), a skip's reason, a failure's output.
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING

from spec_tests import page
from spec_tests.interface import Facet
from spec_tests.registry import PAGE_VERSION, PAGES, Statement, Tier

from .common import (
    TIER_TITLES,
    attr,
    cell_anchor,
    divergence_anchor,
    labels,
    link_anchor,
    stable,
    tracker_label,
    truncate,
)
from .pagewalk import SHOWN, Piece, older_only, other_wordings, pieces
from .results import Verdict
from .table import CellState

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from .table import Cell, Column, Row, Table

__all__ = ["CLASS", "LINKED", "Outputs", "annotated_page", "beyond_the_page", "inline_html"]

#: a cell state's CSS class (one letter: the matrix has a thousand cells)
CLASS = {
    CellState.PASS: "p",
    CellState.FAIL: "f",
    CellState.GATED: "g",
    CellState.XFAIL: "x",
    CellState.NOT_PROVIDED: "n",
    CellState.SKIPPED: "s",
    CellState.NO_TEST: "t",
    CellState.OFF_PAGE: "o",
}

FACETS = tuple(f.value for f in Facet)
#: the cells whose chip and matrix cell link to their details
LINKED = (CellState.FAIL, CellState.XFAIL)
#: the output of a failure shown, at most (its ``E`` lines)
OUTPUT_LIMIT = 300
#: a reason shown, at most (an expected failure's message may quote a whole statement)
REASON_LIMIT = 200

_CODE = re.compile(r"`([^`]*)`")
_STRONG = re.compile(r"\*\*(.+?)\*\*")


def inline_html(text: str) -> str:
    """MyST inline text as HTML: roles and code spans as ``<code>``, ``**bold**`` as strong."""
    text = escape(" ".join(page.ROLE.sub(r"`\1`", text).split()), quote=False)
    text = _CODE.sub(r"<code>\1</code>", text)
    return _STRONG.sub(r"<strong>\1</strong>", text)


def text(value: str) -> str:
    """``value`` escaped for element content (quotes stay as they are: they are safe there)."""
    return escape(value, quote=False)


class Outputs:
    """Each failing test's output once per column: a later cell the same test fails (a test may
    check several statements) links to the first."""

    def __init__(self) -> None:
        self.shown: dict[tuple[str, str], str] = {}

    def html(self, column: Column, anchor: str, nodeid: str, longrepr: str) -> str:
        first = self.shown.setdefault((column.anchor, nodeid), anchor)
        if first != anchor:
            return (
                f'<div>its output: <a href="#{first}">under {text(first.split("--")[-1])}</a></div>'
            )
        return f"<pre>{text(truncate(longrepr or '(no failure text)', OUTPUT_LIMIT))}</pre>"


def _short(nodeid: str) -> str:
    return nodeid.removeprefix("spec_tests/")


def _detailed(column: Column, cell: Cell) -> bool:
    """Whether a cell has details worth a line: anything but a plain pass, and but tests skipped
    for a facet the column's list of facets already says it lacks (a pass of the others, or
    not provided at all)."""
    if cell.state is CellState.PASS and cell.counts[Verdict.PASS] == cell.total:
        return False
    lacking = {f"{column.implementation} does not provide {f}" for f in FACETS} - {
        f"{column.implementation} does not provide {f}" for f in column.facets
    }
    if cell.state not in (CellState.NOT_PROVIDED, CellState.PASS):
        return True
    return not {t.reason for t in cell.tests if t.verdict is not Verdict.PASS} <= lacking


def _chip(column: Column, row: Row, cell: Cell) -> str:
    """One column's chip: its short name coloured by the cell's state; hover: the cell's summary
    (a plain pass says it by its colour); a failure or known divergence links to its details."""
    plain_pass = cell.state is CellState.PASS and cell.counts[Verdict.PASS] == cell.total
    title = "" if plain_pass else f' title="{escape(cell.summary)}"'
    name = text(column.short)
    if cell.state in LINKED:
        href = attr(f"#{link_anchor(column, row, cell)}")
        return f"<a class={CLASS[cell.state]} href={href}{title}>{name}</a>"
    if plain_pass:  # the chips' default colour
        return f"<i>{name}</i>"
    return f"<i class={CLASS[cell.state]}{title}>{name}</i>"


def _reasons(row: Row, cell: Cell) -> dict[str, set[str]]:
    """The distinct reasons of a cell's tests that neither passed nor failed (a gate's or a known
    divergence's message, a skip's reason), each with the tests that give it."""
    out: dict[str, set[str]] = {}
    for t in cell.tests:
        if t.verdict not in (Verdict.PASS, Verdict.FAIL):
            why = stable(t.reason).removeprefix(f"{row.id}: ") or "(no reason given)"
            why = why if len(why) <= REASON_LIMIT else why[: REASON_LIMIT - 1] + "…"
            out.setdefault(why, set()).add(re.sub(r"\[.*\]$", "", _short(t.nodeid)))
    return out


_URL = re.compile(r"https://[^\s()<>\"]+")


def _linked(reason: str) -> str:
    """A reason as HTML, a tracker's URL in it (a known divergence's) a link."""
    out, at = [], 0
    for m in _URL.finditer(reason):
        url = m.group(0)
        out += [
            text(reason[at : m.start()]),
            f'<a href="{escape(url)}">{text(tracker_label(url))}</a>',
        ]
        at = m.end()
    return "".join([*out, text(reason[at:])])


def _listed(names: Iterable[str]) -> str:
    """Test names, each module said once: ``test_a.py::t1, t2; test_b.py::t3``."""
    modules: dict[str, list[str]] = {}
    for name in sorted(names):
        module, _, test = name.partition("::")
        modules.setdefault(module, []).append(test)
    return "; ".join(f"{m}::{', '.join(tests)}" for m, tests in modules.items())


def _said(reasons: dict[str, set[str]]) -> str:
    if len(reasons) == 1:
        return f": {_linked(next(iter(reasons)))}"
    return "".join(
        f"<div>{_linked(why)} <small>({text(_listed(names))})</small></div>"
        for why, names in reasons.items()
    )


def _failure_detail(table: Table, column: Column, row: Row, cell: Cell, outputs: Outputs) -> str:
    """A failing cell's details, under its own anchor: each failing test with its output, and
    the reasons of its other tests."""
    anchor = cell_anchor(column, row)
    parts = [f"<li id={attr(anchor)}><b>{text(labels([column], table))}</b> "]
    parts.append(f"<span class={CLASS[cell.state]}>{cell.summary}</span>")
    for t in cell.failures:
        parts.append(f"<div><code>{text(_short(t.nodeid))}</code> {t.outcome}</div>")
        parts.append(outputs.html(column, anchor, t.nodeid, t.longrepr))
    reasons = _reasons(row, cell)
    if reasons:
        parts.append(_said(reasons))
    return "".join(parts) + "</li>"


def _generic(column: Column, row: Row, reason: str) -> str:
    """A reason in words that hold for every column giving it, said in the statement's own block:
    the column's own pip version and name become "the pip version" and "it", so that columns
    alike share one line; the statement's id, known there, is left out."""
    claimed = column.pip_version or str(PAGE_VERSION)
    reason = reason.replace(f"pip {claimed} ", "the pip version ")
    reason = re.sub(r"^the pip version predates (\S+), where this begins$", r"predates \1", reason)
    reason = re.sub(r"^the pip version is outside (\S+), where this was observed$",
                    r"outside \1", reason)  # fmt: skip
    name, sid = re.escape(column.implementation), re.escape(row.id)
    reason = re.sub(rf"(.): {name} does not provide {sid}$", r"\1", reason)
    reason = re.sub(rf"^known divergence of {name} from {sid}\b", "known divergence", reason)
    reason = re.sub(rf"^{sid} records a departure from (\S+); {name} is held to \1$",
                    r"held to \1", reason)  # fmt: skip
    return re.sub(rf"\b{name} (is|does)\b", r"it \1", reason)


def _grouped_details(table: Table, row: Row) -> list[str]:
    """Every other non-pass cell: columns with the same state and reasons share one line, which
    holds the anchor of each of them that the matrix links to (a known divergence's)."""
    groups: dict[tuple[CellState, str, str], list[Column]] = {}
    for c, cell in zip(table.columns, row.cells, strict=True):
        if cell.state is CellState.FAIL or not _detailed(c, cell):
            continue
        if cell.state is CellState.OFF_PAGE:
            said = ": not on the page it is judged against"
        else:
            reasons = {_generic(c, row, why): names for why, names in _reasons(row, cell).items()}
            said = _said(reasons)
        short = cell.short if cell.state is CellState.OFF_PAGE else cell.summary
        groups.setdefault((cell.state, short, said), []).append(c)
    out, anchored = [], set()
    for (state, short, said), columns in groups.items():
        ids = [] if state is not CellState.XFAIL else [divergence_anchor(c, row) for c in columns]
        ids = [i for i in dict.fromkeys(ids) if i not in anchored]
        anchored.update(ids)
        head = f"<li id={attr(ids[0])}>" if ids else "<li>"
        head += "".join(f"<span id={attr(i)}></span>" for i in ids[1:])
        named = text(labels(columns, table))
        said = "" if said == ": known divergence" else said
        out.append(f"{head}<b>{named}</b> <span class={CLASS[state]}>{short}</span>{said}</li>")
    return out


def _tests_line(row: Row) -> str:
    names: dict[str, int] = {}
    seen: set[str] = set()
    for cell in row.cells:
        for t in cell.tests:
            if t.nodeid not in seen:
                seen.add(t.nodeid)
                base = re.sub(r"\[.*\]$", "", _short(t.nodeid))
                names[base] = names.get(base, 0) + 1
    listed = _listed(f"{n}" + (f" (×{k})" if k > 1 else "") for n, k in names.items())
    return f"<div class=m>Tests: <code>{text(listed)}</code></div>" if names else ""


def _meta(st: Statement) -> str:
    """The statement's id, gates, pages and trackers. Its tier is said by where the block stands
    (the page; a tier's heading beyond it), but for an informative sentence; its pages, where it
    is not on all of them."""
    notes = [st.tier.value] if st.tier is Tier.INFORMATIVE else []
    if st.since is not None:
        notes.append(f"since pip {st.since}")
    if st.applies is not None:
        notes.append(f"pip {st.applies}")
    if st.tier in (Tier.DOCUMENTED, Tier.INFORMATIVE) and set(st.pages) != set(PAGES):
        notes.append("page " + ", ".join(st.pages))
    links = "".join(f' · <a href="{escape(u)}">{escape(tracker_label(u))}</a>' for u in st.tracker)
    said = "".join(f" · {text(n)}" for n in notes)
    return f"<code>{text(st.id)}</code>{said}{links}"


def statement_block(
    st: Statement,
    row: Row | None,
    table: Table,
    outputs: Outputs,
    *,
    sentence: str = "",
    chips: bool = True,
) -> str:
    """A statement's block: its sentence (if given), chips, tests, field cases, cell details."""
    out = [f"<div class=st id={attr('s-' + st.id)}>{sentence}"]
    if row is not None and chips:
        chips = "".join(
            _chip(c, row, cell) for c, cell in zip(table.columns, row.cells, strict=True)
        ).replace("</i><i>", " ")  # neighbours that plainly pass share one chip
        out.append(f"<div class=chips><a href={attr('#' + row.anchor)}>▦</a> {chips}</div>")
    out.append(f"<div class=m>{_meta(st)}</div>")
    for version, words in other_wordings(st):
        out.append(f"<div class=m>on page {escape(version)}: “{inline_html(words)}”</div>")
    if row is not None:
        if chips:
            out.append(_tests_line(row))
        details = [
            _failure_detail(table, c, row, cell, outputs)
            for c, cell in zip(table.columns, row.cells, strict=True)
            if cell.state is CellState.FAIL
        ]
        details += _grouped_details(table, row)
        if details:
            out.append(f"<ul>{''.join(details)}</ul>")
    out.append("</div>")
    return "".join(out)


def _piece(p: Piece, rows: Mapping[str, Row], table: Table, outputs: Outputs) -> str:
    b = p.block
    if p.kind == "heading":
        level = min(b.level + 1, 6)
        return f"<h{level} class=pg>{inline_html(b.text)}</h{level}>"
    if p.kind == "label":
        return f'<span id="{escape(b.text)}"></span>'
    if p.kind == "open":
        cls = "tab" if b.kind == "tab" else "note"
        return f'<div class="{cls}"><div class="ttl">{escape(p.title)}</div>'
    if p.kind == "close":
        return "</div>"
    out = []
    if p.kind == "code":
        out.append(f"<pre class=src>{text(b.text)}</pre>")
        sentence = ""
    for st in p.quotes:
        if p.kind == "paragraph":
            sentence = f"<p>{inline_html(st.quote(SHOWN))}</p>"
        out.append(statement_block(st, rows.get(st.id), table, outputs, sentence=sentence))
        sentence = ""
    if not p.quotes and p.kind == "paragraph":
        out.append(f"<p class=q>{inline_html(b.text)}</p>")
    return "".join(out)


def annotated_page(registry: Mapping[str, Statement], table: Table, outputs: Outputs) -> str:
    """The newest page, each sentence followed by its block."""
    rows = {r.id: r for g in table.groups for r in g.rows}
    walked = list(pieces(registry))
    body = [_piece(p, rows, table, outputs) for p in walked]
    placed = {st.id for p in walked for st in p.quotes}
    older = older_only(registry)
    lost = [
        registry[r.id]
        for g in table.groups
        if g.tier == Tier.DOCUMENTED.value
        for r in g.rows
        if r.id in registry and r.id not in placed and registry[r.id] not in older
    ]
    for title, statements in (
        (f"On older pages only (not on page {SHOWN})", older),
        ("Statements whose quote is not on the page", lost),
    ):
        if statements:
            body.append(f"<h3>{text(title)}</h3>")
        for st in statements:
            sentence = f"<p>{inline_html(st.text)}</p>"
            body.append(statement_block(st, rows.get(st.id), table, outputs, sentence=sentence))
    return "".join(body)


def beyond_the_page(registry: Mapping[str, Statement], table: Table, outputs: Outputs) -> str:
    """The observed and robustness statements (and unknown ones), by tier and section, with
    blocks."""
    rows = {r.id: r for g in table.groups for r in g.rows}
    out, tier = [], ""
    for group in table.groups:
        if group.tier == Tier.DOCUMENTED.value:
            continue
        if group.tier != tier:  # the tier's title once, its sections under it
            tier = group.tier
            out.append(f"<h3>{escape(TIER_TITLES.get(tier, tier))}</h3>")
        out.append(f"<h4>{escape(group.section)}</h4>")
        for row in group.rows:
            st = registry.get(row.id) or Statement(row.id, Tier.OBSERVED, group.section, row.text)
            sentence = f"<p>{text(st.text)}</p>"
            block = statement_block(
                st, rows[row.id], table, outputs, sentence=sentence, chips=False
            )
            out.append(block)
    return "".join(out)
