"""The ``Installer`` facet for real pip: ``python -m pip <argv>`` in a subprocess, as users run it.

The cache directory is passed as pip's general option ``--cache-dir`` (``--no-cache-dir`` when
``None``); the environment is the one the test built (``spec_tests.harness.cleanenv.clean_env``
drops the machine's pip configuration), so nothing but the test's own settings reaches pip.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spec_tests.interface import CommandResult

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

__all__ = ["PipInstaller", "make_installer"]


@dataclass
class PipInstaller:
    """Runs the pip of ``python`` (default: this interpreter's); counts its invocations."""

    python: str = field(default_factory=lambda: sys.executable)
    timeout: float = 300.0
    calls: int = 0

    def run(
        self,
        argv: Sequence[str],
        *,
        cache_dir: Path | None,
        env: Mapping[str, str],
        cwd: Path,
    ) -> CommandResult:
        cache = ["--no-cache-dir"] if cache_dir is None else ["--cache-dir", str(cache_dir)]
        self.calls += 1
        done = subprocess.run(
            [self.python, "-m", "pip", *cache, *argv],
            env=dict(env),
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=self.timeout,
            check=False,
        )
        return CommandResult(done.returncode, done.stdout, done.stderr)


def make_installer() -> PipInstaller:
    return PipInstaller()
