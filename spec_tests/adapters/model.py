"""The reference model as an :class:`~spec_tests.interface.Implementation` (in-process).

Composition only: one line per facet. The facets themselves live in ``model/``; this module
translates the suite's types into the model's where they differ.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path

import model
from model import cli, config, locations
from model.http import ModelHttpCache
from model.wheels import ModelWheelCache
from spec_tests.adapters.model_killer import ForkServer
from spec_tests.interface import BasicImplementation, CommandResult, Implementation, Platform


class ModelLocations:
    """The Locations facet over :mod:`model.locations` and :mod:`model.config`."""

    def default_cache_dir(self, platform: Platform, env: Mapping[str, str], cwd: Path) -> str:
        return locations.default_cache_dir(locations.Platform(platform.value), env, cwd)

    def effective_cache_dir(
        self, args: Sequence[str], env: Mapping[str, str], cwd: Path, command: str = "install"
    ) -> str | None:
        return config.effective_cache_dir(args, env, cwd, command=command)


class ModelCacheCommands:
    """The CacheCommands facet: the model's command line, run in-process."""

    def run_cache(self, args: Sequence[str], *, env: Mapping[str, str], cwd: Path) -> CommandResult:
        out, err = io.StringIO(), io.StringIO()
        code = cli.main(["cache", *args], env=env, cwd=str(cwd), stdout=out, stderr=err)
        return CommandResult(code, out.getvalue(), err.getvalue())


class ModelInstaller:
    """The Installer facet: the model's command line (``install``, ``download``, ``wheel``,
    ``cache``), run in-process; only PEP 517 hooks and git start processes. ``run_killed``: the
    same command line in a real process killed (SIGKILL) at a chosen cache write step."""

    def __init__(self) -> None:
        self._forks = ForkServer()

    def run_killed(
        self,
        argv: Sequence[str],
        *,
        cache_dir: Path,
        env: Mapping[str, str],
        cwd: Path,
        step: int,
    ) -> CommandResult:
        return self._forks.run_killed(argv, cache_dir=cache_dir, env=env, cwd=cwd, step=step)

    def run(
        self, argv: Sequence[str], *, cache_dir: Path | None, env: Mapping[str, str], cwd: Path
    ) -> CommandResult:
        cache = ["--no-cache-dir"] if cache_dir is None else ["--cache-dir", str(cache_dir)]
        out, err = io.StringIO(), io.StringIO()
        code = cli.main([*cache, *argv], env=env, cwd=str(cwd), stdout=out, stderr=err)
        return CommandResult(code, out.getvalue(), err.getvalue())


def implementation() -> Implementation:
    from packaging.version import Version

    return BasicImplementation(
        name="model",
        version=Version(model.__version__),
        pip_version=model.PIP_VERSION,
        locations=ModelLocations(),
        commands=ModelCacheCommands(),
        http=ModelHttpCache(),
        wheels=ModelWheelCache(),
        installer=ModelInstaller(),
    )
