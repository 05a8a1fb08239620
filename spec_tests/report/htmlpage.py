"""The conformance table as one self-contained HTML page (``docs/conformance.html``).

No scripts, no external resources, inline CSS only. In order:

* the summary: per column, the page it is judged against and its verdict per tier;
* the matrix: one short coloured cell per statement and column, dense enough that the documented
  tier of every column fits a 1400-pixel-wide screen; each row is anchored by its statement id
  (``#http.fresh-served-from-cache``), its sentence a hover away (the id's title) and a click away
  (the id links to the statement's block); a cell that is not a plain pass links to its details;
* the page, annotated: the newest page, each sentence followed by its block
  (:mod:`.htmlstatement`); then the statements beyond the page; the divergences; the columns.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from spec_tests import registry as _registry
from spec_tests.registry import Statement, Tier

from .common import (
    LEGEND,
    TIER_TITLES,
    TITLE,
    attr,
    intro,
    link_anchor,
    regenerate_hint,
    sources,
)
from .common import verdict as column_verdict
from .divergences import Divergence, section_html
from .htmlstatement import CLASS, LINKED, Outputs, annotated_page, beyond_the_page
from .pagewalk import SHOWN
from .table import Cell, CellState, Column, Row, Table

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

__all__ = ["CSS", "render_html"]

#: the longest sentence a row's hover shows (its block has the whole of it)
HOVER_LIMIT = 400

#: the page's style; each line ends a declaration or a rule, so the page joins the lines
CSS = """
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;padding:12px 20px;max-width:1400px;
color:#222}
h1{font-size:1.4em;margin:.2em 0}
h2{font-size:1.2em;margin:1.4em 0 .4em;border-bottom:1px solid #ccc}
h3{font-size:1.05em}h4{font-size:.95em;color:#444;margin:1em 0 .3em}nav a{margin-right:1em}
code{font-size:.92em;overflow-wrap:anywhere}
pre{background:#f7f7f7;border:1px solid #ddd;padding:.4em;font-size:12px;white-space:pre-wrap;
overflow-wrap:anywhere;max-height:24em;overflow-y:auto}
table{border-collapse:collapse}
.sum th,.sum td{border:1px solid #ddd;padding:2px 6px;font-size:12px;text-align:left}
table.mx{table-layout:fixed;font-size:11px;line-height:13px}
.mx th,.mx td{padding:1px 3px;border:1px solid #fff;overflow:hidden;white-space:nowrap}
.mx thead th{font-weight:600;vertical-align:bottom;white-space:normal;width:74px;text-align:center;
position:sticky;top:0;background:#fff}
.mx thead th.id{width:300px}.mx thead th.sc{width:290px}
.mx th.id,.mx tbody th:last-of-type{text-align:left;font-weight:normal;text-overflow:ellipsis;
max-width:310px}
.mx th.sc{text-align:left;vertical-align:top;font-weight:600;color:#444;background:#f3f3f3;
white-space:normal;border-top:2px solid #ccc}.mx tr.g0>*{border-top:2px solid #ccc}
.mx tbody th:last-of-type a{color:#124;text-decoration:none;font-family:monospace}
.mx td{text-align:center}.mx td:not([class]){background:#cdeccd}
.mx td a{color:inherit;text-decoration:none;display:block}
.mx tbody tr.tier th{text-align:left;background:#333;color:#fff;font-weight:600;max-width:none}
.p{background:#cdeccd}.f{background:#e53935;color:#fff;font-weight:bold}.g{background:#fbe3a6}
.x{background:#d9b8e8}.n{background:#e4e4e4;color:#666}.s{background:#d6e4f5}
.t{background:#fff;color:#999}
.o{background:repeating-linear-gradient(45deg,#f4f4f4 0 3px,#fff 3px 6px);color:#aaa}
.chips>*{display:inline-block;padding:0 4px;margin:1px;border-radius:3px;font-size:11px;
color:#222;text-decoration:none;font-style:normal}.chips>.f{color:#fff}
.chips>i:not([class]){background:#cdeccd}
.pg{margin:.8em 0 .2em}.q,.st>p{margin:.3em 0 .1em}
.tab,.note{border-left:4px solid #bbb;padding:.1em .8em;margin:.6em 0}.note{border-color:#e0b040}
.ttl{font-weight:600;color:#555}
.st{margin:.1em 0 .7em;padding-left:.6em;border-left:2px solid #eee}
.m{font-size:12px;color:#555}
.st ul{font-size:12px;margin:.2em 0;padding-left:1.2em}
.st li:target,.st li:has(span:target){outline:2px solid #e53935}
.legend span{margin-right:.6em}
"""


def _hover(row: Row) -> str:
    """A row's hover: the page's sentence for a statement of the page (and its gate); another
    statement's text is a click away, in its block."""
    st = row.statement
    if st is None or st.tier not in (Tier.DOCUMENTED, Tier.INFORMATIVE):
        return f' title="{escape(row.gate)}"' if row.gate else ""
    words = " ".join((st.quote(SHOWN) if st.on_page(SHOWN) else st.text).split())
    words = words if len(words) <= HOVER_LIMIT else words[: HOVER_LIMIT - 1] + "…"
    gate = f" ({row.gate})" if row.gate else ""
    return f' title="{escape(words + gate)}"'


def _mx_cell(column: Column, row: Row, cell: Cell) -> str:
    """A matrix cell: its short state; a failure or a known divergence links to its details (every
    other cell's details are a click on the row's id away). A thousand cells: a pass is the
    cell's default colour (no class), and the optional end tags are left out."""
    text = escape(cell.short)
    if cell.state is CellState.PASS:
        return f"<td>{text}"
    cls = CLASS[cell.state]
    if cell.state in LINKED:
        return f"<td class={cls}><a href={attr('#' + link_anchor(column, row, cell))}>{text}</a>"
    return f"<td class={cls}>{text}"


def _matrix(table: Table) -> str:
    """One row per statement (its section in a cell spanning the section's rows), one short
    coloured cell per column."""
    heads = "".join(
        f"<th>{escape(c.label)}<br><small>page {escape(c.page)}</small></th>" for c in table.columns
    )
    width = len(table.columns) + 2
    out = [
        "<table class=mx><thead><tr><th class=sc>section</th><th class=id>statement</th>"
        f"{heads}</tr></thead><tbody>"
    ]
    tier = None
    for group in table.groups:
        if group.tier != tier:
            tier = group.tier
            title = escape(TIER_TITLES.get(tier, tier))
            out.append(f"<tr class=tier><th colspan={width}>{title}")
        for i, row in enumerate(group.rows):
            section = (
                f"<th class=sc rowspan={len(group.rows)}>{escape(group.section)}" if i == 0 else ""
            )
            head = f"<th{_hover(row)}><a href={attr('#s-' + row.id)}>{escape(row.id)}</a>"
            cells = "".join(
                _mx_cell(c, row, x) for c, x in zip(table.columns, row.cells, strict=True)
            )
            first = " class=g0" if i == 0 else ""
            out.append(f"<tr id={attr(row.anchor)}{first}>{section}{head}{cells}")
    out.append("</tbody></table>")
    return "\n".join(out)


def _summary(table: Table) -> str:
    head = "".join(f"<th>{escape(c.label)}</th>" for c in table.columns)
    rows = [
        "<tr><th>page judged against</th>"
        + "".join(f"<td>{escape(c.page)}</td>" for c in table.columns)
        + "</tr>"
    ]
    for tier in table.tiers:
        counts = table.summary(tier)
        if tier != "unknown":
            tds = "".join(f"<td>{escape(column_verdict(c))}</td>" for c in counts)
            rows.append(f"<tr><th>{escape(tier)}</th>{tds}</tr>")
        for state in CellState:
            if any(c[state] for c in counts):
                tds = "".join(f"<td>{c[state]}</td>" for c in counts)
                label = f"{escape(tier)}: <span class={CLASS[state]}>{state.short}</span>"
                rows.append(f"<tr><th>{label}</th>{tds}</tr>")
    body = "".join(rows)
    return f"<table class=sum><thead><tr><th></th>{head}</tr></thead><tbody>{body}</tbody></table>"


def _legend() -> str:
    items = "".join(
        f"<span><b class={CLASS[s]}>&nbsp;{s.short}&nbsp;</b> {escape(m)}</span><br>"
        for s, m in LEGEND
    )
    return f"<p class=legend>{items}</p>"


NAV = (
    ("summary", "Summary"),
    ("matrix", "Matrix"),
    ("page", "The page, annotated"),
    ("beyond", "Beyond the page"),
    ("divergences", "Divergences"),
    ("columns", "Columns"),
)


def render_html(
    table: Table,
    divergences: Sequence[Divergence] = (),
    registry: Mapping[str, Statement] | None = None,
) -> str:
    statements = _registry.load() if registry is None else registry
    outputs = Outputs()
    nav = "".join(f'<a href="#{k}">{escape(v)}</a>' for k, v in NAV)
    cols = "".join(f"<li>{escape(line)}</li>" for line in sources(table))
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f"<!-- {escape(regenerate_hint())} -->",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(TITLE)}</title>",
            f"<style>{''.join(CSS.splitlines())}</style></head><body>",
            f"<h1>{escape(TITLE)}</h1><nav>{nav}</nav>",
            f"<p>{escape(intro())}</p>",
            f'<h2 id="summary">Summary</h2>{_summary(table)}',
            '<h2 id="matrix">Matrix</h2>',
            _matrix(table),
            _legend(),
            f'<h2 id="page">The page, annotated (page {SHOWN})</h2>',
            "<p>The page as pip's source writes it; under each sentence, one chip per column "
            "(hover: its result; click: its details), the statement, its tests and, for every "
            "cell that is not a plain pass, its tests' outcomes, reasons and output.</p>",
            annotated_page(statements, table, outputs),
            '<h2 id="beyond">Beyond the page</h2>',
            beyond_the_page(statements, table, outputs),
            section_html(table, divergences),
            f'<h2 id="columns">Columns</h2><ul>{cols}</ul>',
            "</body></html>",
            "",
        ]
    )
