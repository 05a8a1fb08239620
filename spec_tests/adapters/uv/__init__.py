"""uv (``uv pip``) as an :class:`~spec_tests.interface.Implementation`: a second real installer,
written by no one here, checked black-box against pip's page.

Composition only: one line per facet. uv is driven by subprocess (``uv`` on ``PATH``, or the
binary named by ``--impl=uv@/path/to/uv``); its version is read from the binary. uv claims no pip
version: no statement is gated for it, each is checked as the page states it. Statements that are
pip's by nature (the names of pip's cache directories, pip's messages) are not provided, with the
reason in :data:`NOT_PROVIDED`; a pip command with no uv equivalent raises
:class:`~spec_tests.interface.CommandNotProvided` when a test runs it; the tests that seed pip's
cache layout are not provided either (the commands facet's ``layout`` is ``"uv"``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys

from packaging.version import Version

from spec_tests.adapters.uv._run import UvRunner
from spec_tests.adapters.uv.commands import UvCacheCommands
from spec_tests.adapters.uv.download import UvHttpDownloader
from spec_tests.adapters.uv.installer import UvInstaller
from spec_tests.adapters.uv.locations import UvLocations
from spec_tests.interface import BasicImplementation, Implementation

__all__ = ["NOT_PROVIDED", "implementation", "uv_version"]

_LAYOUT = "uv keeps its own cache layout (no pip directory names)"
_PIP_CONFIG = "uv reads uv.toml, not pip's configuration files"
_PIP_VALUES = "PIP_NO_CACHE_DIR's values are pip's (uv's UV_NO_CACHE parses its own booleans)"
_PIP_WORDS = "uv words its messages its own way"
#: statement id -> why uv has no equivalent; only statements about pip's own wording,
#: configuration or directory names (``pip_own`` in the registry) may be named here. The tests
#: that seed pip's cache layout are not provided through the commands facet's ``layout``.
NOT_PROVIDED: dict[str, str] = {
    "http.http-v2-directory": _LAYOUT,
    "http.old-directory-deletable": _LAYOUT,
    "observed.http.old-http-directory": _LAYOUT,
    "observed.locations.config-file-cache-dir": _PIP_CONFIG,
    "observed.locations.no-cache-dir-env": _PIP_VALUES,
    "observed.commands.no-match": _PIP_WORDS,
    "observed.commands.remove-reports-size": _PIP_WORDS,
    "observed.commands.output-24.2": _PIP_WORDS,
}


def uv_version(binary: str) -> Version:
    """The version the binary reports (``uv 0.13.9 (...)``)."""
    out = subprocess.run(
        [binary, "--version"], capture_output=True, text=True, check=True, timeout=60
    ).stdout.split()
    if len(out) < 2 or out[0] != "uv":
        raise ValueError(f"{binary} --version said {' '.join(out)!r}, not 'uv <version>'")
    return Version(out[1])


def implementation(binary: str | None = None) -> Implementation:
    found = binary or shutil.which("uv")
    if found is None:
        raise FileNotFoundError("no uv on PATH (pip install uv, or --impl=uv@/path/to/uv)")
    runner = UvRunner(found)
    return BasicImplementation(
        name="uv",
        version=uv_version(found),
        pip_version=None,
        is_subprocess=True,
        not_provided=NOT_PROVIDED,
        locations=UvLocations(runner),
        commands=UvCacheCommands(runner),
        http=UvHttpDownloader(runner, sys.executable),
        installer=UvInstaller(runner, sys.executable),
    )
