"""The conformance table as Markdown (``docs/conformance.md``): a summary, then one compact table
per section of the page (one row per statement, one short cell per column).

Per-test detail (each test's outcome, the expected failures' messages, failure output, the
reproductions of divergences) is in the HTML page; failing and divergent cells link there, and
each statement links to its sentence and checks in ``spec.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .common import (
    LEGEND,
    TIER_TITLES,
    TITLE,
    cell_anchor,
    failing_cells,
    intro,
    link_anchor,
    regenerate_hint,
    sources,
    verdict,
)
from .divergences import Divergence, section_markdown
from .mdtext import code, md_escape
from .table import Cell, CellState, Column, Row, Table

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["HTML", "SPEC", "render_markdown"]

#: where the documents sit beside each other (links are relative)
HTML = "conformance.html"
SPEC = "spec.md"


def _cell(column: Column, row: Row, cell: Cell) -> str:
    text = cell.short
    if cell.state is CellState.FAIL:
        return f"[**{text}**]({HTML}#{cell_anchor(column, row)})"
    if cell.state is CellState.XFAIL:
        return f"[{text}]({HTML}#{link_anchor(column, row, cell)})"
    return text


def _header(table: Table, first: str, *extra: str) -> list[str]:
    labels = [md_escape(c.label) for c in table.columns]
    heads = [first, *extra, *labels]
    return ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]


def _summary(table: Table) -> list[str]:
    lines = [
        "## Summary",
        "",
        "Per column: the page version it is judged against, its verdict per tier (see the rules "
        "in spec_tests/report/common.py: every documented statement of its page checked, none "
        "deviating) and how many statements are in each state.",
        "",
    ]
    lines += _header(table, "")
    lines.append("| page | " + " | ".join(c.page for c in table.columns) + " |")
    for tier in table.tiers:
        counts = table.summary(tier)
        if tier != "unknown":
            lines.append(f"| **{tier}** | " + " | ".join(verdict(c) for c in counts) + " |")
        for state in CellState:
            if any(c[state] for c in counts):
                values = [str(c[state]) for c in counts]
                lines.append(f"| {tier}: {state.short} | " + " | ".join(values) + " |")
    return [*lines, ""]


def _rows(table: Table) -> list[str]:
    lines: list[str] = []
    tier = None
    for group in table.groups:
        if group.tier != tier:
            tier = group.tier
            lines += [f"## {TIER_TITLES.get(tier, tier)}", ""]
        lines += [f"### {md_escape(group.section)}", ""]
        lines += _header(table, "statement", "gate")
        for row in group.rows:
            first = f"[{code(row.id)}]({SPEC}#{row.anchor})" if row.statement else code(row.id)
            cells = [_cell(c, row, cell) for c, cell in zip(table.columns, row.cells, strict=True)]
            lines.append("| " + " | ".join([first, md_escape(row.gate), *cells]) + " |")
        lines.append("")
    return lines


def _failures(table: Table) -> list[str]:
    failing = failing_cells(table)
    lines = ["## Failures", ""]
    if not failing:
        return [*lines, "None.", ""]
    for column, row, cell in failing:
        where = f"{HTML}#{cell_anchor(column, row)}"
        lines.append(
            f"- {md_escape(column.label)}: {code(row.id)}, {cell.summary} ([output]({where}))"
        )
    return [*lines, ""]


def render_markdown(table: Table, divergences: Sequence[Divergence] = ()) -> str:
    lines = [f"# {TITLE}", "", f"<!-- {regenerate_hint()} -->", "", intro(), ""]
    lines += [
        f"Per-test detail (outcomes, the expected failures' messages, failure output, the "
        f"reproductions of divergences) and the page annotated with every column's result are in "
        f"[{HTML}]({HTML}); each sentence with its checks is in [{SPEC}]({SPEC}).",
        "",
        "Cells:",
        "",
    ]
    lines += [f"- `{state.short}`: {meaning}" for state, meaning in LEGEND]
    lines += ["", "Columns:", ""]
    lines += [f"- {md_escape(line)}" for line in sources(table)]
    lines += [""]
    lines += _summary(table)
    lines += _rows(table)
    lines += _failures(table)
    lines += section_markdown(table, divergences)
    return "\n".join(lines).rstrip("\n") + "\n"
