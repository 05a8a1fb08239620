"""The text of each ``pip cache`` answer, as pure functions (pip 24.2's words, measured).

The page names what ``info`` shows ("the total size and location of various parts of it") and
what ``list`` shows ("all wheel files"); the exact wording below is pip 24.2's, measured.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from model.commands.sizes import format_size

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "NOTHING_CACHED",
    "Info",
    "ListedWheel",
    "no_match",
    "removed_file",
    "removed_summary",
    "render_abspath",
    "render_human",
    "render_info",
]

NOTHING_CACHED = "No locally built wheels cached."


@dataclass(frozen=True)
class Info:
    """The numbers ``pip cache info`` reports."""

    http_dir: str
    legacy_http_dir: str
    http_size: int
    http_files: int
    wheels_dir: str
    wheels_size: int
    wheels: int


@dataclass(frozen=True)
class ListedWheel:
    path: str
    name: str
    size: int


def render_info(info: Info) -> str:
    """Seven lines: both HTTP cache locations, their joint size and file count, the wheels'."""
    return "\n".join(
        [
            f"Package index page cache location (pip v23.3+): {info.http_dir}",
            f"Package index page cache location (older pips): {info.legacy_http_dir}",
            f"Package index page cache size: {format_size(info.http_size)}",
            f"Number of HTTP files: {info.http_files}",
            f"Locally built wheels location: {info.wheels_dir}",
            f"Locally built wheels size: {format_size(info.wheels_size)}",
            f"Number of locally built wheels: {info.wheels}",
        ]
    )


def render_human(wheels: Iterable[ListedWheel]) -> list[str]:
    """``list`` (human): a heading, a blank line, then `` - NAME (SIZE)`` lines.

    pip 24.2 sorts the rendered lines, so two files of one name in different directories are
    ordered by their printed size, as text ("30 bytes" before "7 bytes").
    """
    lines = sorted(f" - {w.name} ({format_size(w.size)})" for w in wheels)
    if not lines:
        return [NOTHING_CACHED]
    return ["Cache contents:\n", "\n".join(lines)]


def render_abspath(wheels: Iterable[ListedWheel]) -> list[str]:
    """``list --format=abspath``: the sorted absolute paths, one per line; nothing if none."""
    paths = sorted(w.path for w in wheels)
    return ["\n".join(paths)] if paths else []


def no_match(pattern: str, *, purge: bool) -> str:
    """The warning when nothing matched: purge (and ``remove '*'``) name no pattern."""
    if purge:
        return "No matching packages"
    return f'No matching packages for pattern "{pattern}"'


def removed_file(path: str) -> str:
    return f"Removed {path}"


def removed_summary(count: int) -> str:
    """pip 24.2 prints the count only (pip 25.0 added the size in parentheses)."""
    return f"Files removed: {count}"
