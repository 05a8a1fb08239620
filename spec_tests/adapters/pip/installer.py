"""The ``Installer`` facet of real pip: ``python -m pip <argv>`` in a subprocess, as users run it.

The cache directory goes in as pip's general option ``--cache-dir`` (``--no-cache-dir`` for
``None``); the environment is the one the test built with ``spec_tests.harness.cleanenv.clean_env``,
so the machine's pip configuration never reaches the pip under test.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spec_tests.adapters.pip._run import run_pip

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

    from spec_tests.interface import CommandResult

__all__ = ["PipInstaller"]


class PipInstaller:
    """Runs the pip of ``python``; ``calls`` counts the pip processes started."""

    def __init__(self, python: str) -> None:
        self.python = python
        self.calls = 0

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
        return run_pip(self.python, [*cache, *argv], env=env, cwd=cwd)
