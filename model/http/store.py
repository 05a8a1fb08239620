"""Where the HTTP cache keeps its entries: one file per URL under ``<cache>/http-v2``.

Page: "Changed in version 23.3: A new cache format is now used, stored in a directory called
http-v2". The page calls the structure an implementation detail; this model's format is its own:
a magic line, a JSON head (status, header fields, ``Vary`` values, body length and digest), then
the body. Writes are atomic (a temporary file in the same directory, then a rename), and anything
unreadable (missing, truncated, corrupt, foreign) is a miss, never an exception.

Faults (the robustness tier): a write that fails (a read-only directory, a full disk midway) leaves
no temporary file behind and is logged as a warning naming the directory; the request it belongs
to is answered all the same, the cache being optional. The body's length and SHA-256 are checked
on every read, so a torn or bit-flipped file is a miss, never served. A process killed at any step
of a write (:mod:`model.crashpoints`) leaves at most a temporary file, never read as an entry.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from typing import TYPE_CHECKING

from model import crashpoints
from model.http.policy import Entry, Response

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["HTTP_DIR_NAME", "FileStore", "entry_path"]

HTTP_DIR_NAME = "http-v2"
_log = logging.getLogger(__name__)
_MAGIC = b"pip-cache-spec/http 1\n"


def entry_path(root: Path, url: str) -> Path:
    """The file for ``url``: its sha224 hex digest ``d``, at ``d[0]/d[1]/d[2]/d[3]/d[4]/d``."""
    digest = hashlib.sha224(url.encode("utf-8")).hexdigest()
    return root.joinpath(*digest[:5], digest)


def _encode(entry: Entry) -> bytes:
    head = {
        "status": entry.response.status,
        "headers": [list(f) for f in entry.response.headers],
        "vary": [list(f) for f in entry.vary],
        "length": len(entry.response.body),
        "sha256": hashlib.sha256(entry.response.body).hexdigest(),
    }
    raw = json.dumps(head, separators=(",", ":")).encode("utf-8")
    return _MAGIC + raw + b"\n" + entry.response.body


def _pairs(value: object) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list):
        raise ValueError("not a list of pairs")
    out = []
    for pair in value:
        if not (isinstance(pair, list) and len(pair) == 2):
            raise ValueError("not a pair")
        if not all(isinstance(x, str) for x in pair):
            raise ValueError("not a pair of strings")
        out.append((pair[0], pair[1]))
    return tuple(out)


def _decode(data: bytes) -> Entry | None:
    if not data.startswith(_MAGIC):
        return None
    raw, sep, body = data[len(_MAGIC) :].partition(b"\n")
    try:
        head = json.loads(raw) if sep else None
        if not isinstance(head, dict):
            return None
        status, length, digest = head["status"], head["length"], head["sha256"]
        if not (isinstance(status, int) and isinstance(length, int)) or len(body) != length:
            return None
        if hashlib.sha256(body).hexdigest() != digest:
            return None
        response = Response(status, _pairs(head["headers"]), body)
        return Entry(response, _pairs(head["vary"]))
    except (ValueError, KeyError, TypeError):
        return None


@dataclass(frozen=True)
class FileStore:
    """Entries by URL under ``root`` (``<cache dir>/http-v2``)."""

    root: Path

    def load(self, url: str) -> Entry | None:
        try:
            data = entry_path(self.root, url).read_bytes()
        except OSError:
            return None
        return _decode(data)

    def save(self, url: str, entry: Entry) -> None:
        """Write atomically; a store that cannot be written is skipped (the cache is optional)."""
        path = entry_path(self.root, url)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            crashpoints.step("http: directory made")
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            crashpoints.step("http: temporary file created")
        except OSError as exc:
            self._not_stored(exc)
            return
        try:
            data = _encode(entry)
            with os.fdopen(fd, "wb") as f:
                f.write(data[: len(data) // 2])
                f.flush()
                crashpoints.step("http: half written")
                f.write(data[len(data) // 2 :])
            crashpoints.step("http: written")
            os.replace(tmp, path)
            crashpoints.step("http: renamed into place")
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            self._not_stored(exc)

    def _not_stored(self, exc: OSError) -> None:
        _log.warning(
            "The HTTP cache in %s cannot be written (%s); continuing without caching.",
            self.root, exc.strerror or exc,
        )  # fmt: skip

    def delete(self, url: str) -> None:
        with contextlib.suppress(OSError):
            entry_path(self.root, url).unlink()
            crashpoints.step("http: deleted")
