"""The divergences section: where an implementation does not do what the page (or pip, where the
page is silent) says, with the commands that show it.

The entries live in ``spec_tests/divergences.toml`` and are loaded by :mod:`spec_tests.known`. The
section lists those of the implementations that have a column, each with the state of its cell, so
a reader sees the failure and how to reproduce it outside the suite.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from spec_tests.known import DIVERGENCES, Divergence, Divergences, KnownError
from spec_tests.known import load as _load

from .results import ReportError

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from .table import Table

__all__ = [
    "DIVERGENCES",
    "Divergence",
    "Divergences",
    "load_divergences",
    "section_html",
    "section_markdown",
]


def load_divergences(path: Path = DIVERGENCES) -> Divergences:
    try:
        return _load(path)
    except KnownError as exc:
        raise ReportError(str(exc)) from None


def _shown(table: Table, divergences: Sequence[Divergence]) -> list[tuple[Divergence, str]]:
    """The divergences of implementations in the table, with their cell's state per column."""
    rows = {r.id: r for g in table.groups for r in g.rows}
    out = []
    for d in divergences:
        states = [
            f"{c.label}: {rows[d.statement].cells[i].summary}"
            for i, c in enumerate(table.columns)
            if c.implementation == d.implementation and d.statement in rows
        ]
        if states:
            out.append((d, "; ".join(states)))
    return out


#: what ``public_index`` says to a reader
_PUBLIC = {
    True: "a user installing from a public index meets it",
    False: "only in a setting no public index makes",
}

_INTRO = (
    "Where an implementation does not do what the page says (or, for observed statements, what "
    "pip does; for robustness statements, what a robust cache does), with a shell session that "
    "shows it outside the suite, and whether a user installing from a public index meets it. "
    "Entries come from spec_tests/divergences.toml."
)


def section_markdown(table: Table, divergences: Sequence[Divergence]) -> list[str]:
    shown = _shown(table, divergences)
    lines = ["## Divergences", "", _INTRO, ""]
    if not shown:
        return [*lines, "None.", ""]
    preamble = getattr(divergences, "preamble", "")
    if preamble:
        lines += ["Each session starts with:", "", "```sh", preamble, "```", ""]
    for d, state in shown:
        lines += [
            f"### {d.implementation}: `{d.statement}` ({state})",
            "",
            f"- pip: {d.pip}",
            f"- {d.implementation}: {d.behaviour}",
            *([f"- {_PUBLIC[d.public_index]}"] if d.public_index is not None else []),
            "",
            "```sh",
            d.commands,
            "```",
            "",
        ]
    return lines


def section_html(table: Table, divergences: Sequence[Divergence]) -> str:
    shown = _shown(table, divergences)
    out = [f"<h2>Divergences</h2><p>{escape(_INTRO)}</p>"]
    if not shown:
        return out[0] + "<p>None.</p>"
    preamble = getattr(divergences, "preamble", "")
    if preamble:
        out.append(f"<p>Each session starts with:</p><pre>{escape(preamble)}</pre>")
    for d, state in shown:
        out.append(
            f"<h3>{escape(d.implementation)}: <a href='#st-{escape(d.statement)}'>"
            f"<code>{escape(d.statement)}</code></a> ({escape(state)})</h3>"
            f"<ul><li>pip: {escape(d.pip)}</li>"
            f"<li>{escape(d.implementation)}: {escape(d.behaviour)}</li>"
            + (f"<li>{escape(_PUBLIC[d.public_index])}</li>" if d.public_index is not None else "")
            + "</ul>"
            f"<pre>{escape(d.commands)}</pre>"
        )
    return "\n".join(out)
