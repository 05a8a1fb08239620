"""Real pip as an :class:`~spec_tests.interface.Implementation`.

Composition only: one line per facet; each facet lives in its own module here, and every
per-version quirk of pip lives in those modules, nowhere else. pip is always the one importable by
``python`` (default: the interpreter running the suite), driven by subprocess.
"""

from __future__ import annotations

import subprocess
import sys

from packaging.version import Version

from spec_tests.adapters.pip.commands import PipCacheCommands
from spec_tests.adapters.pip.download import PipHttpDownloader
from spec_tests.adapters.pip.installer import PipInstaller
from spec_tests.adapters.pip.locations import PipLocations
from spec_tests.adapters.pip.wheels import PipWheelCache
from spec_tests.interface import BasicImplementation, Implementation


def pip_version(python: str) -> Version:
    """The version of the pip importable by ``python`` (read from pip itself)."""
    out = subprocess.run(
        [python, "-c", "import pip; print(pip.__version__)"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()
    return Version(out)


def implementation(python: str = sys.executable) -> Implementation:
    version = pip_version(python)
    return BasicImplementation(
        name="pip",
        version=version,
        pip_version=version,
        is_subprocess=True,
        locations=PipLocations(python),
        commands=PipCacheCommands(python),
        http=PipHttpDownloader(python),
        wheels=PipWheelCache(python),
        installer=PipInstaller(python),
    )
