"""pip's page "Caching" from its own source: MyST Markdown, one copy per page version.

The copies (``caching-<version>.md``) are ``docs/html/topics/caching.md`` of pypa/pip at the tag
named in ``PROVENANCE.toml``. This module reads them into blocks, as the page is laid out:

* ``heading`` (``#``..``######``), ``paragraph``, ``code`` (a fence, ``{pip-cli}`` included),
* ``note`` (``{versionadded}``, ``{versionchanged}``, ``{caution}``..., its text as children),
* ``tab`` (``{tab} Linux``, its blocks as children), ``label`` (``(wheel-caching)=``).

Each block knows its section: the heading path below the page's title, a tab's name appended
(``("Where is the cache stored", "Default paths", "Linux")``), the registry's ``section`` split
at ``/``.

Quotes are compared by :func:`plain`: MyST's inline markup dropped (backticks, roles such as
``{ref}``, ``**bold**``) and whitespace collapsed, never words joined, case kept.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

__all__ = [
    "Block",
    "Provenance",
    "blocks",
    "plain",
    "prose",
    "provenance",
    "source",
    "span",
]

TITLE = "Caching"

_FENCE = re.compile(r"^(`{3,})\s*(?:\{([\w-]+)\}\s*(.*?))?\s*$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_LABEL = re.compile(r"^\(([\w-]+)\)=\s*$")
ROLE = re.compile(r"\{[\w:-]+\}`([^`]*)`")
_CODE = re.compile(r"`([^`]*)`")
_STRONG = re.compile(r"\*\*(.+?)\*\*")
_EMPH = re.compile(r"(?<![\w*])\*(\S(?:.*?\S)?)\*(?![\w*])")

#: directives whose body is text shown as an admonition (the rest are code or tabs)
NOTES = frozenset({"versionadded", "versionchanged", "deprecated", "caution", "note", "warning"})
CODE_DIRECTIVES = frozenset({"pip-cli", "code-block", "code"})


@dataclass(frozen=True)
class Block:
    kind: str  # heading | paragraph | code | note | tab | label
    text: str  # the source's text (a heading's title, a note's argument, a tab's name)
    section: tuple[str, ...]
    level: int = 0  # a heading's level
    directive: str = ""  # a note's or code block's directive (versionchanged, pip-cli, ...)
    children: tuple[Block, ...] = field(default=())


@dataclass(frozen=True)
class Provenance:
    version: str
    file: str
    repository: str
    tag: str
    commit: str
    path: str
    blob: str
    note: str = ""


def plain(text: str) -> str:
    """``text`` with MyST inline markup dropped and whitespace collapsed: the form quotes are
    compared in. Case and punctuation are kept."""
    text = ROLE.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    text = _STRONG.sub(r"\1", text)
    text = _EMPH.sub(r"\1", text)
    return " ".join(text.split())


@cache
def provenance() -> dict[str, Provenance]:
    """Where each copy of the page comes from, by page version."""
    raw = resources.files(__name__).joinpath("PROVENANCE.toml").read_text(encoding="utf-8")
    return {p["version"]: Provenance(**p) for p in tomllib.loads(raw)["page"]}


@cache
def source(version: str) -> str:
    """The page's MyST source at page version ``version``."""
    try:
        name = provenance()[version].file
    except KeyError:
        raise ValueError(f"no copy of the page at version {version!r}") from None
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def _fence_end(lines: list[str], start: int, ticks: str) -> int:
    """The index of the line closing the fence opened at ``start`` (or ``len(lines)``)."""
    for i in range(start + 1, len(lines)):
        if lines[i].strip() == ticks:
            return i
    return len(lines)


def _parse(lines: list[str], section: tuple[str, ...], levels: list[int]) -> list[Block]:
    out: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            out.append(Block("paragraph", "\n".join(para), section))
            para.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line)
        heading = _HEADING.match(line)
        label = _LABEL.match(line)
        if fence:
            flush()
            ticks, directive, arg = fence.group(1), fence.group(2) or "", fence.group(3) or ""
            end = _fence_end(lines, i, ticks)
            body = lines[i + 1 : end]
            if directive == "tab":
                inner = _parse(body, (*section, arg), [])
                out.append(Block("tab", arg, (*section, arg), children=tuple(inner)))
            elif directive in NOTES:
                inner = _parse(body, section, [])
                out.append(Block("note", arg, section, directive=directive, children=tuple(inner)))
            else:
                out.append(Block("code", "\n".join(body), section, directive=directive))
            i = end + 1
            continue
        if heading:
            flush()
            level, title = len(heading.group(1)), heading.group(2)
            while levels and levels[-1] >= level:
                levels.pop()
                section = section[:-1]
            if level > 1:  # the page's title is no section of its own
                levels.append(level)
                section = (*section, plain(title))
            out.append(Block("heading", title, section, level=level))
        elif label:
            flush()
            out.append(Block("label", label.group(1), section))
        elif line.strip():
            para.append(line)
        else:
            flush()
        i += 1
    flush()
    return out


@cache
def blocks(version: str) -> tuple[Block, ...]:
    """The page at ``version`` as a tree of blocks, in order."""
    return tuple(_parse(source(version).splitlines(), (), []))


def prose(version: str) -> list[Block]:
    """Every block that holds the page's words (paragraphs and code, notes' and tabs' included),
    flattened, in order."""
    out: list[Block] = []

    def walk(items: tuple[Block, ...]) -> None:
        for b in items:
            if b.kind in ("paragraph", "code"):
                out.append(b)
            walk(b.children)

    walk(blocks(version))
    return out


def section_of(name: str) -> tuple[str, ...]:
    """A registry section (``"What is cached / HTTP responses"``) as a block's section; the
    page's title (``"Caching"``) is the empty section, the page's opening."""
    parts = tuple(p.strip() for p in name.split("/"))
    return () if parts == (TITLE,) else parts


def span(block: Block, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` is in ``plain(block.text)``, compared in :func:`plain` form, or None."""
    hay, needle = plain(block.text), plain(quote)
    at = hay.find(needle) if needle else -1
    return None if at < 0 else (at, at + len(needle))
