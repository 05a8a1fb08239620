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

from .common import attr, labels, tracker_label
from .mdtext import code, md_escape
from .results import ReportError

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from .table import Column, Table

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
    """The divergences of implementations in the table, with the state of their cell in each
    column of the versions they concern (columns in the same state said together)."""
    rows = {r.id: r for g in table.groups for r in g.rows}
    out = []
    for d in divergences:
        states: dict[str, list[Column]] = {}
        for i, c in enumerate(table.columns):
            if (
                c.implementation == d.implementation
                and d.statement in rows
                and (d.versions is None or d.versions.contains(c.version, prereleases=True))
            ):
                states.setdefault(rows[d.statement].cells[i].summary, []).append(c)
        if states:
            said = "; ".join(f"{labels(cs, table)}: {state}" for state, cs in states.items())
            out.append((d, said))
    return out


_INTRO = (
    "Where an implementation does not do what the page says (or, for observed statements, what "
    "pip does; for robustness statements, what a robust cache does), with the versions it "
    "concerns, the upstream tracker, whether a user of a public index meets it, and a shell "
    "session that shows it outside the suite. Its tests are strict expected failures: a "
    "deviation, never a pass. Entries come from spec_tests/divergences.toml."
)


def text(value: str) -> str:
    """``value`` escaped for element content (quotes are safe there, and sessions hold many)."""
    return escape(value, quote=False)


def public_index(d: Divergence) -> str:
    """Whether a user of a public index meets the divergence, in a word."""
    return {True: "yes", False: "no", None: "not said"}[d.public_index]


def versions(d: Divergence) -> str:
    return str(d.versions) if d.versions else "all"


def section_markdown(table: Table, divergences: Sequence[Divergence]) -> list[str]:
    shown = _shown(table, divergences)
    lines = ["## Divergences", "", _INTRO, ""]
    if not shown:
        return [*lines, "None.", ""]
    lines += [
        "Each one's reproduction is in [conformance.html](conformance.html#divergences).",
        "",
        "| implementation | statement | versions | tracker | public index | cells |",
        "|---|---|---|---|---|---|",
    ]
    for d, state in shown:
        tracker = f"[{tracker_label(d.tracker)}]({d.tracker})" if d.tracker else ""
        cells = md_escape(state)
        lines.append(
            f"| {md_escape(d.implementation)} | {code(d.statement)} | {md_escape(versions(d))} "
            f"| {tracker} | {public_index(d)} | {cells} |"
        )
    return [*lines, ""]


def section_html(table: Table, divergences: Sequence[Divergence]) -> str:
    shown = _shown(table, divergences)
    out = [f'<h2 id="divergences">Divergences</h2><p>{escape(_INTRO)}</p>']
    if not shown:
        return out[0] + "<p>None.</p>"
    preamble = getattr(divergences, "preamble", "")
    if preamble:
        out.append(f"<p>Each session starts with:</p><pre>{text(preamble)}</pre>")
    for d, state in shown:
        tracker = (
            f'<a href="{escape(d.tracker)}">{escape(tracker_label(d.tracker))}</a>'
            if d.tracker
            else "none"
        )
        out.append(
            f"<h3>{text(d.implementation)}: <a href={attr('#' + d.statement)}>"
            f"<code>{text(d.statement)}</code></a></h3>"
            f"<p>{text(state)}. Versions: {text(versions(d))}; tracker: {tracker}; "
            f"public index: {public_index(d)}.</p>"
            f"<ul><li>pip: {text(d.pip)}</li>"
            f"<li>{text(d.implementation)}: {text(d.behaviour)}</li></ul>"
            f"<pre>{text(d.commands)}</pre>"
        )
    return "\n".join(out)
