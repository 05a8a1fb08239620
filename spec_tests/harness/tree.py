"""Cache trees for the command tests: a description as data, a builder, a hypothesis strategy.

A :class:`CacheTree` lists files by their path under the cache directory (``wheels/...``,
``http-v2/...``, ``http/...``) with their size, plus empty directories. File contents are derived
from the path, so "untouched, byte for byte" can be checked by checksum.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from hypothesis import strategies as st

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "CacheTree",
    "Entry",
    "build",
    "cache_trees",
    "is_http_file",
    "is_wheel_file",
    "scratch",
    "snapshot",
]

#: where trees are built: a memory file system when there is one (creating and deleting
#: directories on this machine's disk costs ~3 ms each, on /dev/shm ~10 us)
SCRATCH_BASE = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None

#: project names that collide in the ways pip's matching cares about (case, '-' vs '_', prefix)
PROJECTS = ("setuptools", "setuptools_scm", "foo", "foo_bar", "Foo_Bar", "foobar", "pip", "a1")
VERSIONS = ("1.0", "1.0.1", "2.0", "0.1a1", "69.0.3", "10")
TAGS = ("py3-none-any", "cp311-cp311-linux_x86_64", "py2.py3-none-any")
STRAYS = ("notes.txt", "x.whl", "foo-1.0.tar.gz", "origin.json", "setuptools.whl.part")


@dataclass(frozen=True)
class Entry:
    path: str  # relative to the cache directory, '/'-separated
    size: int


@dataclass(frozen=True)
class CacheTree:
    files: tuple[Entry, ...]
    empty_dirs: tuple[str, ...] = field(default=())

    def wheel_files(self) -> list[Entry]:
        return [e for e in self.files if is_wheel_file(e.path)]

    def http_files(self) -> list[Entry]:
        return [e for e in self.files if is_http_file(e.path)]


def is_wheel_file(rel: str) -> bool:
    """A wheel file of the wheel cache: under ``wheels/``, named ``<name>-...whl``."""
    name = rel.rsplit("/", 1)[-1]
    return rel.startswith("wheels/") and name.endswith(".whl") and "-" in name


def is_http_file(rel: str) -> bool:
    return rel.startswith(("http/", "http-v2/"))


@contextmanager
def scratch() -> Iterator[Path]:
    """A fresh temporary directory (removed afterwards) on :data:`SCRATCH_BASE`."""
    with tempfile.TemporaryDirectory(dir=SCRATCH_BASE, prefix="pcs-") as tmp:
        yield Path(tmp)


def _content(rel: str, size: int) -> bytes:
    seed = hashlib.sha256(rel.encode()).digest()
    return (seed * (size // len(seed) + 1))[:size]


def build(tree: CacheTree, root: Path) -> Path:
    """Write ``tree`` under ``root`` (created); return ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    for entry in tree.files:
        path = root / entry.path
        path.parent.mkdir(parents=True, exist_ok=True)
        if entry.size <= 4096:
            path.write_bytes(_content(entry.path, entry.size))
        else:  # large sizes: a short head, then a hole (sizes matter, not blocks)
            with path.open("wb") as fh:
                fh.write(_content(entry.path, 64))
                fh.truncate(entry.size)
    for d in tree.empty_dirs:
        (root / d).mkdir(parents=True, exist_ok=True)
    return root


def snapshot(root: Path) -> dict[str, str]:
    """Every file and directory under ``root``: relative path -> sha256 of contents ('dir')."""
    out: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for d in dirnames:
            out[os.path.relpath(os.path.join(dirpath, d), root)] = "dir"
        for f in filenames:
            p = os.path.join(dirpath, f)
            with open(p, "rb") as fh:
                out[os.path.relpath(p, root)] = hashlib.sha256(fh.read()).hexdigest()
    return out


_hex2 = st.text("0123456789abcdef", min_size=2, max_size=2)
_sizes = st.one_of(
    st.integers(0, 1200),
    st.sampled_from([999, 1000, 1001, 9999, 10000, 10001, 999_999, 1_000_000, 1_000_001]),
    st.integers(0, 3_000_000),
)


@st.composite
def wheel_entries(draw: st.DrawFn) -> Entry:
    name = draw(st.sampled_from(PROJECTS))
    version = draw(st.sampled_from(VERSIONS))
    build_tag = draw(st.sampled_from(["", "-1", "-2_x"]))
    tag = draw(st.sampled_from(TAGS))
    depth = draw(st.integers(1, 3))
    dirs = "/".join(draw(st.lists(_hex2, min_size=depth, max_size=depth)))
    return Entry(f"wheels/{dirs}/{name}-{version}{build_tag}-{tag}.whl", draw(_sizes))


@st.composite
def http_entries(draw: st.DrawFn) -> list[Entry]:
    key = draw(st.text("0123456789abcdef", min_size=8, max_size=8))
    size = draw(st.integers(0, 5000))
    if draw(st.booleans()):  # pip >= 23.3: metadata + body under http-v2
        base = "http-v2/" + "/".join(key[:5]) + "/" + key
        return [Entry(base, size), Entry(base + ".body", draw(_sizes))]
    return [Entry("http/" + "/".join(key[:5]) + "/" + key, size)]


@st.composite
def stray_entries(draw: st.DrawFn) -> Entry:
    part = draw(st.sampled_from(["wheels", "wheels/" + draw(_hex2), "http-v2", "."]))
    name = draw(st.sampled_from(STRAYS))
    return Entry(f"{part}/{name}".removeprefix("./"), draw(st.integers(0, 20_000)))


@st.composite
def cache_trees(draw: st.DrawFn, *, max_wheels: int = 8) -> CacheTree:
    """Random caches: wheel files (valid names, versions, tags) in nested directories, HTTP
    cache files under ``http-v2`` and ``http``, stray non-wheel files, empty directories."""
    files: dict[str, Entry] = {}
    for e in draw(st.lists(wheel_entries(), max_size=max_wheels)):
        files[e.path] = e
    for group in draw(st.lists(http_entries(), max_size=4)):
        for e in group:
            files[e.path] = e
    for e in draw(st.lists(stray_entries(), max_size=3)):
        files.setdefault(e.path, e)
    prefixes = {p.rsplit("/", i)[0] for p in files for i in range(1, p.count("/") + 1)}
    empties = [
        d
        for d in draw(st.lists(st.sampled_from(["wheels/ee", "wheels/ab/cd", "http-v2/0/0"])))
        if d not in files and not any(f.startswith(d + "/") for f in files)
    ]
    return CacheTree(tuple(files.values()), tuple(sorted(set(empties) - prefixes)))
