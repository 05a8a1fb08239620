"""Markdown inline text: escaping and code spans, for every Markdown document the report writes."""

from __future__ import annotations

import re

__all__ = ["code", "md_doc", "md_escape"]

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


_LITERAL = re.compile(r"``(.+?)``")


def md_doc(text: str) -> str:
    """A docstring line as Markdown: its reST literals (````x````) as code, the rest escaped."""
    parts = _LITERAL.split(" ".join(text.split()))
    return "".join(code(p) if i % 2 else _SPECIAL.sub(r"\\\1", p) for i, p in enumerate(parts))
