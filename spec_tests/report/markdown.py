"""The conformance table as Markdown (``docs/conformance.md``), for GitHub and terminals."""

from __future__ import annotations

import re
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
from .divergences import Divergence, section_markdown
from .table import Cell, CellState, Column, Row, Table

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["render_markdown"]

_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def md_escape(text: str) -> str:
    """``text`` as literal Markdown inline text, on one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def code(text: str) -> str:
    """``text`` as inline code (ids and node ids contain no backticks; be safe anyway)."""
    text = " ".join(text.split())
    fence = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def fenced(text: str) -> list[str]:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}text", text.rstrip("\n"), fence]


def _cell(column: Column, row: Row, cell: Cell) -> str:
    if cell.state is CellState.FAIL:
        return f"[**{cell.summary}**](#{fail_anchor(column, row)})"
    if cell.state is CellState.PASS:
        return cell.summary
    return f"*{cell.summary}*"


def _header(table: Table, first: str) -> list[str]:
    labels = [md_escape(c.label) for c in table.columns]
    return [
        "| " + " | ".join([first, *labels]) + " |",
        "|" + "---|" * (len(labels) + 1),
    ]


def _summary(table: Table) -> list[str]:
    lines = [
        "## Summary",
        "",
        "Per implementation: does it behave as the registry predicts for its version (every "
        "statement checked passes, or fails as its version gate says), and how many statements "
        "are in each state.",
        "",
    ]
    lines += _header(table, "tier: state")
    for tier in table.tiers:
        counts = table.summary(tier)
        if tier != "unknown":
            cells = [verdict(c) for c in counts]
            lines.append(f"| **{tier}: as predicted** | " + " | ".join(cells) + " |")
        for state in CellState:
            if any(c[state] for c in counts):
                values = [str(c[state]) for c in counts]
                lines.append(f"| {tier}: {state.value} | " + " | ".join(values) + " |")
    return [*lines, ""]


def _rows(table: Table) -> list[str]:
    lines: list[str] = []
    tier = None
    for group in table.groups:
        if group.tier != tier:
            tier = group.tier
            lines += [f"## {TIER_TITLES.get(tier, tier)}", ""]
        lines += [f"### {md_escape(group.section)}", ""]
        lines += _header(table, "statement")
        for row in group.rows:
            gate = f" ({md_escape(row.gate)})" if row.gate else ""
            first = f"{code(row.id)}{gate}: {md_escape(row.text)}"
            cells = [_cell(c, row, cell) for c, cell in zip(table.columns, row.cells, strict=True)]
            lines.append("| " + " | ".join([first, *cells]) + " |")
        lines.append("")
    return lines


def _reasons(table: Table) -> list[str]:
    lines = ["## Expected failures and skips, with their reasons", ""]
    found = reasons(table)
    if not found:
        return [*lines, "None.", ""]
    for column, row, cell, why in found:
        text = "; ".join(md_escape(w) for w in why) or "(no reason given)"
        lines.append(f"- {md_escape(column.label)}, {code(row.id)}, {cell.summary}: {text}")
    return [*lines, ""]


def _failures(table: Table) -> list[str]:
    failing = failing_cells(table)
    if not failing:
        return ["## Failures", "", "None.", ""]
    lines = ["## Failures", ""]
    for column, row, cell in failing:
        lines += [
            f'<a id="{fail_anchor(column, row)}"></a>',
            "",
            f"### {md_escape(column.label)}: {code(row.id)}",
            "",
        ]
        for test in cell.failures:
            doc = f": {md_escape(test.doc)}" if test.doc else ""
            lines += [f"{code(test.nodeid)} ({test.outcome}){doc}", ""]
            lines += [*fenced(truncate(test.longrepr or "(no failure text)")), ""]
    return lines


def render_markdown(table: Table, divergences: Sequence[Divergence] = ()) -> str:
    lines = [f"# {TITLE}", "", f"<!-- {regenerate_hint()} -->", "", intro(), ""]
    lines += ["Cells:", ""]
    lines += [f"- **{state.value}**: {meaning}" for state, meaning in LEGEND]
    lines += ["", "Columns:", ""]
    lines += [f"- {md_escape(line)}" for line in sources(table)]
    lines += [""]
    lines += _summary(table)
    lines += _rows(table)
    lines += _failures(table)
    lines += section_markdown(table, divergences)
    lines += _reasons(table)
    return "\n".join(lines).rstrip("\n") + "\n"
