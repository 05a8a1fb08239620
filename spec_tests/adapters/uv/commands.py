"""uv's CacheCommands facet: ``pip cache dir|remove NAME|purge`` as ``uv cache dir|clean
NAME|clean`` (:mod:`.translate`). ``pip cache list`` and ``pip cache info`` have no uv
equivalent: they raise :class:`~spec_tests.interface.CommandNotProvided`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from spec_tests.adapters.uv._run import GLOBAL_OPTIONS, UvRunner
from spec_tests.adapters.uv.translate import cache_argv
from spec_tests.interface import CommandResult

__all__ = ["UvCacheCommands"]


class UvCacheCommands:
    #: uv's directory under the platform's cache root (pip's is ``pip``)
    app_name = "uv"
    #: uv manages its own cache layout: tests that seed pip's are not provided
    layout = "uv"

    def __init__(self, runner: UvRunner) -> None:
        self.runner = runner

    def run_cache(self, args: Sequence[str], *, env: Mapping[str, str], cwd: Path) -> CommandResult:
        argv = cache_argv(args, cache_dir=None)
        return self.runner.run([*argv, *GLOBAL_OPTIONS], env=env, cwd=cwd)
