"""The CacheCommands facet of real pip: ``python -m pip cache ...`` by subprocess.

``run_cache`` is one ``python -m pip cache ...`` process, as a user runs it. ``run_cache_batch``
(optional, used by the format tests) runs many command lines in one process of the same
interpreter through ``batch_cache.py``, which calls pip's own entry point per line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from spec_tests.adapters.pip._run import PipProcessError, run_pip, run_process
from spec_tests.interface import CommandResult

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

BATCH_DRIVER = Path(__file__).with_name("batch_cache.py")


class PipCacheCommands:
    def __init__(self, python: str) -> None:
        self.python = python

    def run_cache(self, args: Sequence[str], *, env: Mapping[str, str], cwd: Path) -> CommandResult:
        return run_pip(self.python, ["cache", *args], env=env, cwd=cwd)

    def run_cache_batch(
        self, batch: Sequence[Sequence[str]], *, env: Mapping[str, str], cwd: Path
    ) -> list[CommandResult]:
        """``pip cache <args>`` for each ``args`` of ``batch``, in order, in one process."""
        proc = run_process(
            [self.python, str(BATCH_DRIVER)],
            stdin=json.dumps([["cache", *args] for args in batch]),
            env=env,
            cwd=cwd,
        )
        if proc.returncode != 0:
            raise PipProcessError(f"batch driver exited {proc.returncode}: {proc.stderr}")
        rows = json.loads(proc.stdout.strip().splitlines()[-1])
        return [CommandResult(int(code), out, err) for code, out, err in rows]
