"""The thin I/O layer: put wheels into ``<cache>/wheels`` and find them again.

Faults (the robustness tier): a store that fails midway (a full disk) removes its temporary file
and raises the ``OSError``; a cached file that is not a zip archive (truncated, emptied, garbage)
or whose name is no wheel file name is never chosen, so the project is built again. A process
killed at any step of a store (:mod:`model.crashpoints`) leaves at most a ``.part`` file, which no
lookup chooses.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from model import crashpoints
from model.wheels.key import wheel_dir
from model.wheels.select import choose_wheel

if TYPE_CHECKING:
    from collections.abc import Sequence

    from packaging.tags import Tag

    from model.wheels.links import ParsedLink

__all__ = ["find_wheel", "store_wheel"]


def store_wheel(cache_dir: Path, link: ParsedLink, wheel: Path, python_tag: str) -> Path:
    """Copy ``wheel`` into the link's directory, atomically (temporary file, then rename)."""
    target_dir = Path(wheel_dir(cache_dir, link, python_tag))
    target_dir.mkdir(parents=True, exist_ok=True)
    crashpoints.step("wheels: directory made")
    fd, tmp = tempfile.mkstemp(dir=target_dir, prefix=".tmp-", suffix=".part")
    crashpoints.step("wheels: temporary file created")
    try:
        with os.fdopen(fd, "wb") as dst, open(wheel, "rb") as src:
            dst.write(src.read(wheel.stat().st_size // 2))
            dst.flush()
            crashpoints.step("wheels: half written")
            shutil.copyfileobj(src, dst)
        crashpoints.step("wheels: written")
        target = target_dir / wheel.name
        os.replace(tmp, target)
        crashpoints.step("wheels: renamed into place")
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def find_wheel(
    cache_dir: Path, link: ParsedLink, supported: Sequence[Tag], python_tag: str
) -> Path | None:
    """The cached wheel to use for ``link`` (whose requirement name must be known), or ``None``."""
    if link.name is None:
        return None
    directory = Path(wheel_dir(cache_dir, link, python_tag))
    try:
        names = [p.name for p in directory.iterdir() if p.is_file()]
    except OSError:
        return None
    while names:
        chosen = choose_wheel(names, link.name, link.version, supported)
        if chosen is None or _is_zip(directory / chosen):
            return None if chosen is None else directory / chosen
        names.remove(chosen)  # damaged: the next best, if any
    return None


def _is_zip(path: Path) -> bool:
    try:
        return zipfile.is_zipfile(path)
    except OSError:
        return False
