"""The divergences section: where an implementation does not do what the page (or pip, where the
page is silent) says, with the commands that show it.

The entries live in ``spec_tests/divergences.toml`` (one ``[[divergence]]`` per statement and
implementation: ``statement``, ``implementation``, ``pip``, ``behaviour``, ``commands``). The
section lists those of the implementations that have a column, each with the state of its cell, so
a reader sees the failure and how to reproduce it outside the suite.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from .results import ReportError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .table import Table

__all__ = [
    "DIVERGENCES",
    "Divergence",
    "Divergences",
    "load_divergences",
    "section_html",
    "section_markdown",
]

DIVERGENCES = Path(__file__).resolve().parent.parent / "divergences.toml"
_FIELDS = ("statement", "implementation", "pip", "behaviour", "commands")


@dataclass(frozen=True)
class Divergence:
    statement: str
    implementation: str
    #: what pip does (the page's words, or what pip was seen doing)
    pip: str
    #: what the implementation does instead
    behaviour: str
    #: a shell session that shows it, outside the suite
    commands: str


class Divergences(list[Divergence]):
    """The entries, and the shell lines every reproduction starts with (``preamble``)."""

    preamble: str = ""


def load_divergences(path: Path = DIVERGENCES) -> Divergences:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ReportError(f"{path}: {exc}") from None
    out = Divergences()
    out.preamble = str(data.get("preamble", "")).strip()
    for i, raw in enumerate(data.get("divergence", [])):
        missing = [f for f in _FIELDS if not isinstance(raw.get(f), str) or not raw[f].strip()]
        if missing:
            raise ReportError(f"{path}: divergence #{i + 1} lacks {', '.join(missing)}")
        out.append(Divergence(*(raw[f].strip() for f in _FIELDS)))
    return out


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


_INTRO = (
    "Where an implementation does not do what the page says (or, for observed statements, what "
    "pip does), with a shell session that shows it outside the suite. Entries come from "
    "spec_tests/divergences.toml."
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
            f"<li>{escape(d.implementation)}: {escape(d.behaviour)}</li></ul>"
            f"<pre>{escape(d.commands)}</pre>"
        )
    return "\n".join(out)
