"""The model as the suite's ``commands`` facet: ``pip cache`` run in-process.

Same output as ``python -m model cache ...`` (both go through :func:`model.cli.run`), without a
process per call, so property tests can afford many examples.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from model import cli

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

__all__ = ["PROG", "ModelCacheCommands", "Result"]

#: the program name the model's usage errors show when run in-process
PROG = "pip-cache-model"


@dataclass(frozen=True)
class Result:
    """Shaped like the suite's ``CommandResult``: exit code and both streams."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.exit_code == 0


class ModelCacheCommands:
    """``run_cache(args, cache_dir=D, env=E)``: ``pip-cache-model cache --cache-dir D *args``."""

    def run_cache(
        self, args: Sequence[str], *, cache_dir: Path | None, env: Mapping[str, str]
    ) -> Result:
        where = ["--no-cache-dir"] if cache_dir is None else ["--cache-dir", os.fspath(cache_dir)]
        out, err = io.StringIO(), io.StringIO()
        code = cli.run(
            ["cache", *where, *args], env=env, cwd=Path.cwd(), stdout=out, stderr=err, prog=PROG
        )
        return Result(code, out.getvalue(), err.getvalue())

    def run_cache_batch(
        self, jobs: Sequence[tuple[Sequence[str], Path | None]], *, env: Mapping[str, str]
    ) -> list[Result]:
        """Several runs, in order (each may change the tree the next one sees)."""
        return [self.run_cache(args, cache_dir=where, env=env) for args, where in jobs]
