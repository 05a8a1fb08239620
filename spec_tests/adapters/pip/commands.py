"""The CacheCommands facet of real pip: ``python -m pip cache ...`` by subprocess."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from spec_tests.adapters.pip._run import run_pip
from spec_tests.interface import CommandResult


class PipCacheCommands:
    def __init__(self, python: str) -> None:
        self.python = python

    def run_cache(self, args: Sequence[str], *, env: Mapping[str, str], cwd: Path) -> CommandResult:
        return run_pip(self.python, ["cache", *args], env=env, cwd=cwd)
