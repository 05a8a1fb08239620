"""Faults to inject into a cache: damaged files, a full disk, a read-only directory.

Every fault here is real to the implementation under test, whichever way it runs:

- **Damage** (:class:`Damage`, strategy :func:`damages`): one stored file of a cache entry is
  truncated, emptied, overwritten with garbage, has a byte flipped, its format version changed,
  or is deleted. The test never needs to know the entry's format: it damages the files the
  implementation stored.
- **A full disk**: the cache directory is a real tmpfs of 4 KiB, filled to the last block
  (:func:`tiny_tmpfs`); mounting needs root (or ``CAP_SYS_ADMIN``). Where that is not possible,
  in-process implementations get a pyfakefs file system whose cache directory is a mount point of
  a few hundred bytes instead (:func:`fake_full_disk`, confined to one call; :func:`on_full_disk`
  picks), and the tests of implementations run by subprocess skip, saying so.
- **A read-only cache directory** (:func:`read_only`): root ignores permission bits, so as root the
  directory is bind-mounted read-only over itself (writes fail with ``EROFS``); as any other user
  its permission bits are cleared (writes fail with ``EACCES``). Where neither is possible the
  test skips, saying so.

Where an implementation is known to fall short of a robustness statement (real pip is, in places),
the entry in ``spec_tests/divergences.toml`` says so and the plugin makes the test a strict
expected failure for it; the harness knows nothing of which implementation does what.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pytest
from hypothesis import strategies as st

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from pyfakefs.fake_filesystem import FakeFilesystem

T = TypeVar("T")

__all__ = [
    "DAMAGE_KINDS",
    "FILLER",
    "Damage",
    "damages",
    "fake_full_disk",
    "on_full_disk",
    "read_only",
    "stored_files",
    "tiny_tmpfs",
]

#: truncate: cut at a point; empty: zero bytes; garbage: other bytes; flip: one byte inverted;
#: version: the format's version number changed; delete: the file removed.
DAMAGE_KINDS = ("truncate", "empty", "garbage", "flip", "version", "delete")

#: a format marker at the start of a file: printable ASCII, then a number ("cc=4,", "... 1\n")
_VERSION = re.compile(rb"^[ -/:-~]{0,40}?([0-9]+)")


#: the file that takes the last block of :func:`tiny_tmpfs` (no file of the cache)
FILLER = ".full-disk-filler"


def stored_files(cache_dir: Path) -> list[Path]:
    """Every regular file under ``cache_dir``, sorted (not :data:`FILLER`)."""
    return sorted(
        p
        for p in cache_dir.rglob("*")
        if p.is_file() and not p.is_symlink() and p.relative_to(cache_dir) != Path(FILLER)
    )


@dataclass(frozen=True)
class Damage:
    """One fault in one stored file: ``target`` picks the file (modulo their number), ``at`` the
    place (a fraction of its length), ``data`` the garbage."""

    kind: str
    target: int = 0
    at: float = 0.5
    data: bytes = b"\x00\xffnot a cache entry"

    def applies_to(self, files: Sequence[Path]) -> list[Path]:
        """The files this damage can hit (``version``: those that start with a version)."""
        if self.kind == "version":
            return [f for f in files if _VERSION.match(f.read_bytes()[:64])]
        return [f for f in files if self.kind in ("delete", "empty") or f.stat().st_size > 0]

    def apply(self, files: Sequence[Path]) -> Path | None:
        """Damage one of ``files``; return it (``None``: no file fits this damage)."""
        fits = self.applies_to(files)
        if not fits:
            return None
        path = fits[self.target % len(fits)]
        if self.kind == "delete":
            path.unlink()
            return path
        data = path.read_bytes()
        cut = min(int(len(data) * self.at), max(len(data) - 1, 0))
        if self.kind == "truncate":
            new = data[:cut]
        elif self.kind == "empty":
            new = b""
        elif self.kind == "garbage":
            new = self.data if self.data != data else self.data + b"\x00"
        elif self.kind == "flip":
            new = data[:cut] + bytes([data[cut] ^ 0xFF]) + data[cut + 1 :]
        elif self.kind == "version":
            found = _VERSION.match(data[:64])
            assert found is not None
            start, end = found.span(1)
            new = data[:start] + str(int(data[start:end]) + 1).encode() + data[end:]
        else:
            raise ValueError(f"unknown damage {self.kind!r}")
        path.write_bytes(new)
        return path


@st.composite
def damages(draw: st.DrawFn, kinds: Sequence[str] = DAMAGE_KINDS) -> Damage:
    """Any :class:`Damage` of ``kinds``: a kind, a file, a place, and garbage bytes."""
    return Damage(
        kind=draw(st.sampled_from(kinds)),
        target=draw(st.integers(0, 7)),
        at=draw(st.floats(0, 1, exclude_max=True)),
        data=draw(st.binary(max_size=300)),
    )


# ---------------------------------------------------------------- a full disk


def on_full_disk(cache_dir: Path, body: Callable[[], T], *, size: int) -> T:
    """``body()``, run with ``cache_dir`` on a full disk: a real tmpfs with no block free where
    this user can mount one (:func:`tiny_tmpfs`), else a fake one of ``size`` bytes
    (:func:`fake_full_disk`)."""
    if _can_mount():
        with tiny_tmpfs(cache_dir):
            return body()
    return fake_full_disk(cache_dir, size, lambda _fs: body())


def fake_full_disk(cache_dir: Path, size: int, body: Callable[[FakeFilesystem], T]) -> T:
    """``body(fs)``, run in a pyfakefs file system ``fs`` in which ``cache_dir`` is a file system
    of ``size`` bytes; its result (which must hold no file object).

    Directories cost nothing there; a file's data does, so a write past ``size`` fails with
    ``ENOSPC`` midway (the file is created and partly written first, as on a real disk). Nothing
    of the real file system is visible inside: ``body`` writes what it needs.

    The fake file system is confined to the call, whatever the implementation does in it: an
    error ``body`` raises is reported once the real file system is back, as an ``AssertionError``
    naming it (a traceback could not be rendered through the fake file system), and everything
    made inside and no longer referenced (a temporary file the implementation left open, the
    frames of the error) is finalised inside, where its files exist. Left to the garbage
    collector, such an object would be closed later against the real file system and fail there;
    reported while pytest parses a traceback, that failure ends the whole run (CPython 3.11's
    parser is not re-entrant). Hence a function, not a ``with`` block: the error never travels
    through the caller's frames, which would keep it alive past the fake file system.
    """
    from pyfakefs.fake_filesystem_unittest import Patcher

    failure = ""
    with Patcher(allow_root_user=True) as patcher:
        fs = patcher.fs
        assert fs is not None
        fs.add_mount_point(str(cache_dir), total_size=size)
        try:
            return body(fs)
        except Exception as exc:  # reported below, outside the fake file system
            failure = f"{type(exc).__name__}: {exc}"
        finally:
            gc.collect()
    raise AssertionError(f"on the full disk: {failure}")


def _can_mount() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("mount") is not None


@contextlib.contextmanager
def tiny_tmpfs(path: Path) -> Iterator[Path]:
    """A 4 KiB tmpfs at ``path``, its one data block taken by the file :data:`FILLER` (so the
    next write of data fails with ``ENOSPC``; creating files and directories still works)."""
    path.mkdir(parents=True, exist_ok=True)
    if not _can_mount():
        pytest.skip("a real full disk needs mount (root): not available here")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4k,mode=0755", "tmpfs", str(path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {done.stderr.strip()}")
    try:
        with contextlib.suppress(OSError), open(path / FILLER, "wb") as f:
            f.write(b"x" * 65536)
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False)


# ---------------------------------------------------------------- a read-only directory


@contextlib.contextmanager
def read_only(path: Path, how: str | None = None) -> Iterator[str]:
    """Make the directory ``path`` (and all below it) unwritable; yield how ("bind-mount" or
    "chmod"). Restored on exit.

    As root it is a read-only file system (a bind mount: writes fail with ``EROFS``); as any
    other user, a directory without write permission (``EACCES``). ``how`` asks for one of them:
    the test skips where this user gets the other."""
    mine = "chmod" if hasattr(os, "geteuid") and os.geteuid() != 0 else "bind-mount"
    if how is not None and how != mine:
        pytest.skip(
            "a read-only file system is made as root only"
            if how == "bind-mount"
            else "as root, permission bits do not stop writes: an unwritable directory needs "
            "another user"
        )
    if mine == "chmod":
        modes = {p: p.stat().st_mode for p in [path, *path.rglob("*")] if not p.is_symlink()}
        for p, mode in modes.items():
            p.chmod(mode & ~0o222)
        try:
            yield "chmod"
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
        return
    if not _can_mount():
        pytest.skip("as root, a read-only directory needs a read-only bind mount: no mount here")
    target = str(path)
    first = subprocess.run(["mount", "--bind", target, target], capture_output=True, check=False)
    if first.returncode != 0:
        pytest.skip(f"cannot bind-mount: {first.stderr.decode(errors='replace').strip()}")
    try:
        again = subprocess.run(
            ["mount", "-o", "remount,ro,bind", target], capture_output=True, check=False
        )
        if again.returncode != 0:
            pytest.skip("cannot remount read-only: " + again.stderr.decode(errors="replace"))
        yield "bind-mount"
    finally:
        subprocess.run(["umount", target], capture_output=True, check=False)
