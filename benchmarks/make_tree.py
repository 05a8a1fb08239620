"""A big pip cache tree, laid out as pip 24.2 lays out its cache, for benchmarks and tests.

``make_tree(root, wheels=100_000, http=20_000)`` writes under ``root``:

* ``wheels/h[0:2]/h[2:4]/h[4:6]/h[6:]/NAME-VERSION-py3-none-any.whl``: one wheel per link
  hash ``h`` (sha224), as pip's wheel cache keys them; one project in ten is ``setuptools``;
* ``http-v2/h[0]/h[1]/h[2]/h[3]/h[4]/h`` and ``h.body``: the two files of an HTTP entry of
  pip >= 23.3 (so ``http`` entries are ``2 * http`` files);
* a few stray files (``wheels/notes.txt``, ``http-v2/.lock``) that are not wheels.

File contents are sparse (a size, no data blocks): sizes are what ``pip cache info`` and ``du -sb``
count, and a tree of 100,000 wheels then fits in a few hundred MB of tmpfs metadata. The layout
is deterministic (the same arguments give the same tree), and rebuilding over a partly deleted
tree recreates what is missing (``remove``/``purge`` benchmarks rebuild between repeats).

Run ``python -m benchmarks.make_tree DIR [--wheels N] [--http N]`` to make one by hand.
"""

from __future__ import annotations

import argparse
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["REMOVE_PROJECT", "TreeSummary", "make_tree"]

#: the project one wheel in ten belongs to (what the ``remove`` benchmark removes)
REMOVE_PROJECT = "setuptools"
_OTHER_PROJECTS = tuple(f"proj{i:04d}" for i in range(997))
STRAYS = (("wheels/notes.txt", 120), ("http-v2/.lock", 0))


@dataclass(frozen=True)
class TreeSummary:
    """What ``pip cache info``/``list`` should report for the tree."""

    wheels: int
    wheels_size: int  # every regular file under wheels/, strays included
    http_files: int
    http_size: int


def _hex(kind: str, i: int) -> str:
    return hashlib.sha224(f"{kind}:{i}".encode()).hexdigest()


def _write(path: str, size: int) -> None:
    """A sparse file of ``size`` bytes; its directory is made only when missing (a rebuild
    over a tree whose files were removed costs one ``open`` per file)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.ftruncate(fd, size)
    finally:
        os.close(fd)


def _wheel(i: int) -> tuple[str, str, int]:
    """The i-th wheel: directory under the cache, file name, size."""
    h = _hex("wheel", i)
    project = REMOVE_PROJECT if i % 10 == 0 else _OTHER_PROJECTS[i % len(_OTHER_PROJECTS)]
    name = f"{project}-{i // 1000}.{i % 1000}-py3-none-any.whl"
    size = 1_000 + int(h[-6:], 16) % 400_000
    return f"wheels/{h[0:2]}/{h[2:4]}/{h[4:6]}/{h[6:]}", name, size


def _http(i: int) -> tuple[str, str, int, int]:
    """The i-th HTTP entry: directory, key, metadata size, body size."""
    h = _hex("http", i)
    return "http-v2/" + "/".join(h[:5]), h, 300 + int(h[-3:], 16) % 700, int(h[-8:], 16) % 300_000


def make_tree(root: Path, *, wheels: int = 100_000, http: int = 20_000) -> TreeSummary:
    """Write (or complete) the tree under ``root``; return what it holds."""

    def at(rel: str, name: str) -> str:
        return os.path.join(root, rel, name)

    wheels_size = 0
    for i in range(wheels):
        rel, name, size = _wheel(i)
        _write(at(rel, name), size)
        wheels_size += size
    http_size = 0
    for i in range(http):
        rel, key, meta, body = _http(i)
        base = at(rel, key)
        _write(base, meta)
        _write(base + ".body", body)
        http_size += meta + body
    for rel, size in STRAYS:
        _write(at(*os.path.split(rel)), size)
        if rel.startswith("wheels/"):
            wheels_size += size
        else:
            http_size += size
    return TreeSummary(
        wheels=wheels,
        wheels_size=wheels_size,
        http_files=2 * http + sum(r.startswith("http") for r, _ in STRAYS),
        http_size=http_size,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--wheels", type=int, default=100_000)
    parser.add_argument("--http", type=int, default=20_000, help="HTTP entries (2 files each)")
    args = parser.parse_args(argv)
    summary = make_tree(args.root, wheels=args.wheels, http=args.http)
    print(
        f"{summary.wheels} wheels ({summary.wheels_size} bytes), "
        f"{summary.http_files} HTTP files ({summary.http_size} bytes) under {args.root}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
