"""uv (``uv pip``) as an :class:`~spec_tests.interface.Implementation`: a second real installer,
written by no one here, checked black-box against pip's page.

Composition only: one line per facet. uv is driven by subprocess (``uv`` on ``PATH``, or the
binary named by ``--impl=uv@/path/to/uv``); its version is read from the binary. uv claims no pip
version: no statement is gated for it, each is checked as the page states it. Statements that are
pip's by nature (the names of pip's cache directories, pip's ``cache`` output) are not provided,
with the reason in :data:`NOT_PROVIDED`; a pip command with no uv equivalent raises
:class:`~spec_tests.interface.CommandNotProvided` when a test runs it.
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
_COMMANDS = (
    "the tests seed pip's cache layout (wheels/, http-v2/) and read pip cache's output; uv has "
    "its own layout and messages, and no pip cache list/info"
)
_PIP_CONFIG = "uv reads uv.toml, not pip's configuration files"
_PIP_VALUES = "PIP_NO_CACHE_DIR's values are pip's (uv's UV_NO_CACHE parses its own booleans)"
#: statement id -> why uv has no equivalent (see the module docstring)
NOT_PROVIDED: dict[str, str] = {
    "http.http-v2-directory": _LAYOUT,
    "http.old-directory-deletable": _LAYOUT,
    "observed.http.old-http-directory": _LAYOUT,
    "observed.locations.config-file-cache-dir": _PIP_CONFIG,
    "observed.locations.no-cache-dir-env": _PIP_VALUES,
    **{
        sid: _COMMANDS
        for sid in (
            "commands.manage",
            "commands.info-overview",
            "commands.remove-package-wheels",
            "commands.remove-keeps-http",
            "commands.purge-clears-all",
            "commands.list-all-wheels",
            "commands.list-package-wheels",
            "observed.commands.pattern-rule",
            "observed.commands.list-abspath",
            "observed.commands.no-match",
            "observed.commands.remove-star-is-purge",
            "observed.commands.purge-http-v2",
            "observed.commands.info-http",
            "observed.commands.output-24.2",
            "observed.commands.remove-reports-size",
            "observed.commands.remove-prunes-empty-dirs",
            "robustness.commands.hostile-patterns",
        )
    },
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
