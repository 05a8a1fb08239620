"""The conformance table as one self-contained HTML page (``docs/conformance.html``).

No scripts, no external resources: inline CSS only. Each row shows the page's sentence; each
failing cell links to an anchor further down that holds the failing tests' output; hovering a cell
lists its tests with their outcomes and reasons.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from .common import (
    LEGEND,
    TIER_TITLES,
    TITLE,
    fail_anchor,
    failing_cells,
    intro,
    reasons,
    regenerate_hint,
    sources,
    truncate,
    verdict,
)
from .divergences import Divergence, section_html
from .table import Cell, CellState, Column, Row, Table

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["render_html"]

_CLASS = {
    CellState.PASS: "pass",
    CellState.FAIL: "fail",
    CellState.GATED: "gated",
    CellState.XFAIL: "xfail",
    CellState.NOT_PROVIDED: "notprov",
    CellState.SKIPPED: "skipped",
    CellState.NO_TEST: "notest",
}

CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222;max-width:110em}
h1{font-size:1.5em}h2{font-size:1.25em;margin-top:1.6em}h3{font-size:1.05em}
table{border-collapse:collapse;margin:.5em 0}
th,td{border:1px solid #ccc;padding:.25em .5em;vertical-align:top}
thead th{position:sticky;top:0;background:#f4f4f4;z-index:1}
td.st{max-width:42em}td.st .text{color:#444;font-size:.92em}
.gate{color:#666;font-size:.85em}
tr.tier th{background:#333;color:#fff;text-align:left;font-size:1.05em}
tr.section th{background:#e8e8e8;text-align:left}
td.cell{white-space:nowrap;text-align:center}
.pass{background:#d9f2d9}.fail{background:#f7c6c6;font-weight:bold}
.gated{background:#fbe9c0}.xfail{background:#f3e0f7}
.notprov{background:#eee;color:#777}.skipped{background:#e6eef8}.notest{color:#999}
.fail a{color:#900}
pre{background:#f8f8f8;border:1px solid #ddd;padding:.5em;overflow-x:auto;font-size:12px}
.chip{display:inline-block;padding:0 .4em;border:1px solid #ccc;min-width:7em;text-align:center}
code{font-size:.95em}
"""


def _cell(column: Column, row: Row, cell: Cell) -> str:
    tip = "\n".join(
        f"{t.nodeid}: {t.outcome}" + (f" ({t.reason})" if t.reason else "") for t in cell.tests
    )
    text = escape(cell.summary)
    if cell.state is CellState.FAIL:
        text = f'<a href="#{fail_anchor(column, row)}">{text}</a>'
    title = f' title="{escape(tip)}"' if tip else ""
    return f'<td class="cell {_CLASS[cell.state]}"{title}>{text}</td>'


def _head(table: Table, *, ids: bool = False) -> str:
    ths = "".join(
        (f'<th id="col-{c.anchor}">' if ids else "<th>")
        + escape(c.label)
        + (f'<br><span class="gate">{escape(c.claims)}</span>' if c.claims else "")
        + "</th>"
        for c in table.columns
    )
    return f"<thead><tr><th>statement</th>{ths}</tr></thead>"


def _body(table: Table) -> str:
    width = len(table.columns) + 1
    out = []
    tier = None
    for group in table.groups:
        if group.tier != tier:
            tier = group.tier
            title = escape(TIER_TITLES.get(tier, tier))
            out.append(f'<tr class="tier"><th colspan="{width}">{title}</th></tr>')
        out.append(f'<tr class="section"><th colspan="{width}">{escape(group.section)}</th></tr>')
        for row in group.rows:
            gate = f' <span class="gate">({escape(row.gate)})</span>' if row.gate else ""
            first = (
                f'<td class="st" id="st-{escape(row.id)}"><code>{escape(row.id)}</code>{gate}'
                f'<div class="text">{escape(row.text)}</div></td>'
            )
            cells = "".join(
                _cell(c, row, cell) for c, cell in zip(table.columns, row.cells, strict=True)
            )
            out.append(f"<tr>{first}{cells}</tr>")
    return "<tbody>\n" + "\n".join(out) + "\n</tbody>"


def _summary(table: Table) -> str:
    rows = []
    for tier in table.tiers:
        counts = table.summary(tier)
        if tier != "unknown":
            tds = "".join(f"<td class='cell'>{escape(verdict(c))}</td>" for c in counts)
            rows.append(f"<tr><th>{escape(tier)}: as predicted</th>{tds}</tr>")
        for state in CellState:
            if any(c[state] for c in counts):
                tds = "".join(f"<td class='cell'>{c[state]}</td>" for c in counts)
                label = f'{escape(tier)}: <span class="chip {_CLASS[state]}">{state.value}</span>'
                rows.append(f"<tr><th>{label}</th>{tds}</tr>")
    return f"<table>{_head(table)}<tbody>{''.join(rows)}</tbody></table>"


def _reasons(table: Table) -> str:
    found = reasons(table)
    items = "".join(
        f"<li>{escape(c.label)}, <a href='#st-{escape(r.id)}'><code>{escape(r.id)}</code></a>, "
        f"{escape(cell.summary)}: {escape('; '.join(why) or '(no reason given)')}</li>"
        for c, r, cell, why in found
    )
    body = f"<ul>{items}</ul>" if found else "<p>None.</p>"
    return f"<h2>Expected failures and skips, with their reasons</h2>{body}"


def _failures(table: Table) -> str:
    failing = failing_cells(table)
    if not failing:
        return "<h2>Failures</h2><p>None.</p>"
    out = ["<h2>Failures</h2>"]
    for column, row, cell in failing:
        out.append(
            f'<section id="{fail_anchor(column, row)}"><h3>{escape(column.label)}: '
            f'<a href="#st-{escape(row.id)}"><code>{escape(row.id)}</code></a></h3>'
        )
        for t in cell.failures:
            doc = f": {escape(t.doc)}" if t.doc else ""
            body = escape(truncate(t.longrepr or "(no failure text)"))
            head = f"<p><code>{escape(t.nodeid)}</code> ({t.outcome}){doc}</p>"
            out.append(f"{head}<pre>{body}</pre>")
        out.append("</section>")
    return "\n".join(out)


def render_html(table: Table, divergences: Sequence[Divergence] = ()) -> str:
    legend = "".join(
        f'<li><span class="chip {_CLASS[s]}">{s.value}</span> {escape(m)}</li>' for s, m in LEGEND
    )
    cols = "".join(f"<li>{escape(line)}</li>" for line in sources(table))
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f"<!-- {escape(regenerate_hint())} -->",
            '<html lang="en"><head><meta charset="utf-8">',
            f"<title>{escape(TITLE)}</title>",
            f"<style>{CSS}</style></head><body>",
            f"<h1>{escape(TITLE)}</h1>",
            f"<p>{escape(intro())}</p>",
            f"<h2>Cells</h2><ul>{legend}</ul>",
            f"<h2>Columns</h2><ul>{cols}</ul>",
            f"<h2>Summary</h2>{_summary(table)}",
            f"<h2>Statements</h2><table>{_head(table, ids=True)}",
            _body(table),
            "</table>",
            _failures(table),
            section_html(table, divergences),
            _reasons(table),
            "</body></html>",
            "",
        ]
    )
