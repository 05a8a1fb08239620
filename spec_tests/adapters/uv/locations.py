"""uv's Locations facet: ``uv cache dir`` answers, in a process of its own.

pip's options and variables are translated to uv's: ``--cache-dir X`` is the same option,
``--no-cache-dir`` is uv's ``--no-cache`` (caching disabled: ``None``), ``PIP_CACHE_DIR`` is
``UV_CACHE_DIR`` and ``PIP_NO_CACHE_DIR`` is ``UV_NO_CACHE`` (its value passed as is, for uv to
judge). A pip configuration file has no uv equivalent (uv reads ``uv.toml``; runs use
``--no-config``): it is ignored. uv answers for the platform it runs on only: macOS and Windows
are not emulated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from spec_tests.adapters.uv._run import GLOBAL_OPTIONS, PIP_TO_UV, UvRunner
from spec_tests.interface import Platform, PlatformNotEmulated

__all__ = ["UvLocations"]


class UvLocations:
    #: uv's directory under the platform's cache root (pip's is ``pip``)
    app_name = "uv"

    def __init__(self, runner: UvRunner) -> None:
        self.runner = runner

    def default_cache_dir(self, platform: Platform, env: Mapping[str, str], cwd: Path) -> str:
        if platform is not Platform.LINUX:
            raise PlatformNotEmulated(f"uv answers for the platform it runs on, not {platform}")
        return self._ask([], {k: v for k, v in env.items() if k not in PIP_TO_UV}, cwd)

    def effective_cache_dir(
        self, args: Sequence[str], env: Mapping[str, str], cwd: Path, command: str = "install"
    ) -> str | None:
        uv_args: list[str] = []
        it = iter(args)
        for arg in it:
            if arg == "--no-cache-dir":
                uv_args.append("--no-cache")
            elif arg == "--cache-dir":
                uv_args += ["--cache-dir", next(it, "")]
            elif arg.startswith("--cache-dir="):
                uv_args += ["--cache-dir", arg.partition("=")[2]]
            else:
                raise ValueError(f"uv: no equivalent of pip's {arg!r} here")
        if "--no-cache" in uv_args or _truthy(self.runner.env(env).get("UV_NO_CACHE")):
            # uv's `cache dir` prints a throwaway directory then: caching is off for the run
            return None
        return self._ask(uv_args, env, cwd)

    def _ask(self, args: Sequence[str], env: Mapping[str, str], cwd: Path) -> str:
        result = self.runner.run(["cache", "dir", *args, *GLOBAL_OPTIONS], env=env, cwd=cwd)
        if not result.ok:
            raise ValueError(result.stderr.strip().splitlines()[-1] if result.stderr else "uv")
        return result.stdout.strip()


def _truthy(value: str | None) -> bool:
    """uv's reading of a boolean variable (``UV_NO_CACHE``)."""
    return value is not None and value.strip().lower() in ("1", "true", "yes", "on", "y", "t")
