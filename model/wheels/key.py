"""Where a link's cached wheels live under ``<cache>/wheels``.

The page: "The exact filesystem structure of pip's cache's contents is considered to be an
implementation detail". The model's layout: one directory per link, named by the SHA-256 of the
link's identity (its URL without fragment, its ``subdirectory`` and hash fragments) and of the
interpreter that built it, split in two levels so no directory grows huge.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import PurePath

    from model.wheels.links import ParsedLink

__all__ = ["WHEELS_DIR", "cache_key", "wheel_dir"]

WHEELS_DIR = "wheels"
_KEPT_FRAGMENTS = ("subdirectory", "sha256", "sha384", "sha512", "md5", "sha1", "sha224")


def cache_key(link: ParsedLink, python_tag: str) -> str:
    """A hex digest that names the link's wheels; ``python_tag`` is e.g. ``cp311``."""
    parts: dict[str, str] = {"url": link.url, "python": python_tag}
    for item in link.fragment.split("&"):
        key, eq, value = item.partition("=")
        if eq and key in _KEPT_FRAGMENTS:
            parts[key] = value
    blob = json.dumps(parts, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(blob).hexdigest()


def wheel_dir(cache_dir: PurePath, link: ParsedLink, python_tag: str) -> PurePath:
    """``<cache>/wheels/<k[:2]>/<k[2:]>`` for the link's key ``k``."""
    key = cache_key(link, python_tag)
    return cache_dir / WHEELS_DIR / key[:2] / key[2:]
