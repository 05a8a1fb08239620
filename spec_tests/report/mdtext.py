"""Markdown inline text: escaping and code spans, for every Markdown document the report writes."""

from __future__ import annotations

import re

__all__ = ["code", "md_escape"]

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
