"""Unpacking a wheel into ``--target``, with the ``installer`` library; checking a cached wheel.

Page: "if there is a cached wheel for the same version of a specific package name, pip will use
that wheel instead of rebuilding the project": using it is unpacking it, here.

The target directory gets what ``pip install --target`` (pip 24.2, run from a virtual environment)
puts there: the ``purelib``/``platlib`` files at its top, scripts under ``bin/``, data files at its
top, headers under ``include/site/pythonX.Y/<name>/`` (``<name>`` pip's requirement name: here the
wheel's own ``Name``, which is the one pip uses for a file or URL, and for a project named as it
is published). As pip does, the wheel is installed into a scratch directory first, then each of
its top-level entries is moved into the target; an entry the target already has is kept and named
in a warning (pip's words: "Target directory ... already exists. Specify --upgrade to force
replacement."), and the install goes on: the model has no ``--upgrade``.
:func:`intact` reads a wheel whole and checks every member against its ``RECORD`` (sizes and
hashes), so a cached wheel damaged in place (a flipped byte that leaves a valid zip) is a miss,
never an install that fails halfway. :func:`requires_dist` reads a wheel's dependencies.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from model.install.errors import InstallFailed

if TYPE_CHECKING:
    from email.message import Message

__all__ = ["install_wheel", "intact", "requires_dist"]

_log = logging.getLogger(__name__)


def intact(wheel: Path) -> bool:
    """Whether ``wheel`` is a readable wheel whose members all match its ``RECORD``."""
    from installer.exceptions import InstallerError
    from installer.sources import WheelFile

    try:
        with WheelFile.open(wheel) as source:
            source.validate_record(validate_contents=True)
    except (InstallerError, zipfile.BadZipFile, ValueError, KeyError, OSError, EOFError):
        return False
    return True


def install_wheel(wheel: Path, target: Path) -> None:
    """Install ``wheel`` into the directory ``target`` (created), keeping what it holds."""
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pip-cache-spec-target-") as scratch:
        staged = Path(scratch)
        _unpack(wheel, staged)
        for item in sorted(os.listdir(staged)):
            kept = target / item
            if os.path.exists(kept):
                _log.warning(
                    "Target directory %s already exists. Specify --upgrade to force replacement.",
                    kept,
                )
                continue
            shutil.move(staged / item, kept)


def _unpack(wheel: Path, into: Path) -> None:
    """Unpack ``wheel`` into the empty directory ``into``, laid out as pip's ``--target``."""
    from installer import install
    from installer.destinations import SchemeDictionaryDestination
    from installer.exceptions import InstallerError
    from installer.sources import WheelFile

    python = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    name = _metadata(wheel).get("Name", "UNKNOWN")
    schemes = {
        "purelib": str(into),
        "platlib": str(into),
        "headers": str(into / "include" / "site" / python / name),
        "scripts": str(into / "bin"),
        "data": str(into),
    }
    destination = SchemeDictionaryDestination(
        schemes, interpreter=sys.executable, script_kind="posix"
    )
    try:
        with WheelFile.open(wheel) as source:
            install(source, destination, {"INSTALLER": b"pip-cache-spec-model\n"})
    except (InstallerError, zipfile.BadZipFile, ValueError, KeyError, OSError) as exc:
        raise InstallFailed(f"{wheel.name} cannot be installed ({exc})") from None


def requires_dist(wheel: Path) -> list[str]:
    """The ``Requires-Dist`` entries of a wheel's ``METADATA``."""
    return [str(v) for v in _metadata(wheel).get_all("Requires-Dist") or []]


def _metadata(wheel: Path) -> Message:
    from email.parser import BytesHeaderParser

    try:
        with zipfile.ZipFile(wheel) as zf:
            names = [n for n in zf.namelist() if n.count("/") == 1]
            meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
            message = BytesHeaderParser().parsebytes(zf.read(meta))
    except (zipfile.BadZipFile, StopIteration, OSError, KeyError) as exc:
        raise InstallFailed(f"{wheel.name}: no readable METADATA ({exc})") from None
    return message
