"""The page as the documents show it: its blocks in order, each paragraph or code block with the
statements that quote it, so that ``docs/spec.md`` and the HTML's annotated page say the same.

The page shown is the newest version (:data:`SHOWN`); a statement's words on the other versions
(26.2's "Pip" is 24.2's "pip") are given beside it (:func:`other_wordings`), and statements found
only on older versions are listed apart (:func:`older_only`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spec_tests import page, registry
from spec_tests.registry import Statement, Tier

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

__all__ = [
    "NOTE_TITLES",
    "SHOWN",
    "Piece",
    "inline",
    "older_only",
    "other_wordings",
    "pieces",
]

SHOWN = registry.PAGES[-1]

#: how Sphinx titles each note directive
NOTE_TITLES = {
    "versionadded": "Added in version",
    "versionchanged": "Changed in version",
    "deprecated": "Deprecated since version",
    "caution": "Caution",
    "note": "Note",
    "warning": "Warning",
}


@dataclass(frozen=True)
class Piece:
    """One step of the page: ``heading``, ``label``, ``open``/``close`` of a tab or note,
    ``paragraph`` or ``code`` (with the statements quoting it, in the page's order)."""

    kind: str
    block: page.Block
    quotes: tuple[Statement, ...] = ()

    @property
    def title(self) -> str:
        """A note's title as Sphinx shows it ("Changed in version 23.3"), or a tab's name."""
        b = self.block
        if b.kind == "tab":
            return b.text
        name = NOTE_TITLES.get(b.directive, b.directive.capitalize())
        return f"{name} {b.text}".strip()


def quoting(registry_: Mapping[str, Statement], version: str = SHOWN) -> dict[int, list[Statement]]:
    """The documented and informative statements on page ``version``, by the block (``id``) that
    holds their quote, in the order of their quotes."""
    found: dict[int, list[tuple[int, Statement]]] = {}
    for st in registry_.values():
        if st.tier in (Tier.DOCUMENTED, Tier.INFORMATIVE) and st.on_page(version):
            placed = registry.locate(st, version)
            if placed is not None:
                found.setdefault(id(placed.block), []).append((placed.start, st))
    return {k: [st for _, st in sorted(v, key=lambda p: p[0])] for k, v in found.items()}


def pieces(registry_: Mapping[str, Statement], version: str = SHOWN) -> Iterator[Piece]:
    """The page at ``version`` in order, each paragraph and code block with its statements."""
    by_block = quoting(registry_, version)

    def walk(blocks: tuple[page.Block, ...]) -> Iterator[Piece]:
        for b in blocks:
            if b.kind in ("tab", "note"):
                yield Piece("open", b)
                yield from walk(b.children)
                yield Piece("close", b)
            elif b.kind in ("paragraph", "code"):
                yield Piece(b.kind, b, tuple(by_block.get(id(b), ())))
            else:
                yield Piece(b.kind, b)

    yield from walk(page.blocks(version))


def other_wordings(st: Statement, version: str = SHOWN) -> list[tuple[str, str]]:
    """(page, words) for each other page version where ``st`` is worded otherwise."""
    return [(p, st.quote(p)) for p in st.pages if p != version and st.quote(p) != st.quote(version)]


def older_only(registry_: Mapping[str, Statement], version: str = SHOWN) -> list[Statement]:
    """Documented and informative statements that are not on page ``version``."""
    return [
        st
        for st in registry_.values()
        if st.tier in (Tier.DOCUMENTED, Tier.INFORMATIVE) and not st.on_page(version)
    ]


def inline(text: str) -> str:
    """MyST inline text as CommonMark: roles (``{ref}`pip cache```) become code spans; the rest
    (code spans, ``**bold**``) is the same in both."""
    return page.ROLE.sub(r"`\1`", text)
