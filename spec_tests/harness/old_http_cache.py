"""The old ``http`` directory, as a pip older than 23.3 leaves it in a cache directory.

The page (Changed in version 23.3): "Previously this cache was stored in a directory called http
in the main cache directory. If you have completely switched to newer versions of pip, you may
wish to delete the old directory." To check that sentence, a cache must hold what an older pip
left there: :func:`write_old_entry` writes one stored response exactly as pip 20.1 to 23.2 do
(their vendored CacheControl 0.12: one file per URL at ``http/d[0]/d[1]/d[2]/d[3]/d[4]/d`` where
``d`` is the sha224 of the normalised URL, holding ``cc=4,`` and the response as msgpack). pip
23.2.1 serves such an entry as its own (``selftests/test_old_http_cache.py`` checks that against a
real pip 23.2.1 where one is installed).
"""

from __future__ import annotations

import hashlib
import urllib.parse
from typing import TYPE_CHECKING

import msgpack

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

__all__ = ["OLD_HTTP_DIR", "old_entry_path", "write_old_entry"]

OLD_HTTP_DIR = "http"


def _cache_key(url: str) -> str:
    """CacheControl 0.12's key: scheme and authority in lower case, no fragment, path '/' when
    empty."""
    parts = urllib.parse.urlsplit(url)
    path = parts.path or "/"
    target = f"{path}?{parts.query}" if parts.query else path
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{target}"


def old_entry_path(cache_dir: Path, url: str) -> Path:
    """Where a pip before 23.3 keeps the response for ``url``."""
    digest = hashlib.sha224(_cache_key(url).encode()).hexdigest()
    return cache_dir.joinpath(OLD_HTTP_DIR, *digest[:5], digest)


def write_old_entry(
    cache_dir: Path, url: str, body: bytes, headers: Mapping[str, str], status: int = 200
) -> Path:
    """Store ``body`` with these response header fields for ``url`` as a pip before 23.3 does;
    return the file."""
    data = {
        "response": {
            "body": body,
            "headers": dict(headers),
            "status": status,
            "version": 11,
            "reason": "OK",
            "strict": 0,
            "decode_content": False,
        },
        "vary": {},
    }
    path = old_entry_path(cache_dir, url)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"cc=4," + msgpack.dumps(data, use_bin_type=True))
    return path
