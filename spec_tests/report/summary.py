"""A short Markdown summary of the table, fit for a CI job summary (``--summary``).

The table's summary section (per implementation and tier: as predicted?, statements per state),
then one line per failing cell: the column, the statement, its failing tests. The full table
stays in ``--markdown``/``--html``.
"""

from __future__ import annotations

from .common import TITLE, failing_cells
from .markdown import _summary as summary_section
from .mdtext import code, md_escape
from .table import Table

__all__ = ["render_summary"]


def render_summary(table: Table) -> str:
    lines = [f"# {TITLE}", "", *summary_section(table)[2:]]
    failing = failing_cells(table)
    lines += ["## Failing statements", ""]
    if not failing:
        lines.append("None.")
    for column, row, cell in failing:
        tier = row.statement.tier.value if row.statement else "unknown"
        tests = ", ".join(code(t.nodeid) for t in cell.failures)
        lines.append(f"- {md_escape(column.label)}, {code(row.id)} ({tier}): {tests}")
    return "\n".join(lines).rstrip("\n") + "\n"
