"""Running the uv under test: one process per command, as users run it, its environment given whole.

Every run gets the options that make uv deterministic and deaf to the machine's configuration:
``--no-config`` (no ``uv.toml``/``pyproject.toml`` settings), ``--no-progress``, ``--color never``,
``--no-python-downloads``; ``UV_*`` variables of the machine are dropped (the caller's environment
is already stripped of pip's). With ``at``, the run's wall clock is frozen at that POSIX time by
libfaketime (``LD_PRELOAD``): uv is a Rust binary, so Python-level clock shifting cannot reach it.
The monotonic clock stays real (uv's timeouts need it).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from spec_tests.interface import CommandResult

__all__ = ["LIBFAKETIME_ENV", "PIP_TO_UV", "ClockUnavailable", "UvRunner", "find_libfaketime"]

TIMEOUT = 300
GLOBAL_OPTIONS = ("--no-config", "--no-progress", "--color", "never", "--no-python-downloads")
#: pip's variables with the same meaning as one of uv's
PIP_TO_UV = {"PIP_CACHE_DIR": "UV_CACHE_DIR", "PIP_NO_CACHE_DIR": "UV_NO_CACHE"}
#: where Debian's ``faketime`` package (and a source build) put the library; first found wins
_LIBFAKETIME_PATHS = (
    "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
    "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
    "/usr/lib/faketime/libfaketime.so.1",
    "/usr/local/lib/faketime/libfaketime.so.1",
)
#: a variable naming libfaketime explicitly (takes precedence over the paths above)
LIBFAKETIME_ENV = "PIP_CACHE_SPEC_LIBFAKETIME"


class ClockUnavailable(RuntimeError):
    """libfaketime is missing: uv's clock cannot be set."""


def find_libfaketime() -> str | None:
    named = os.environ.get(LIBFAKETIME_ENV)
    if named:
        return named if Path(named).is_file() else None
    return next((p for p in _LIBFAKETIME_PATHS if Path(p).is_file()), None)


@dataclass
class UvRunner:
    """Runs the ``uv`` binary at ``binary``; ``calls`` counts the uv processes started."""

    binary: str
    calls: int = field(default=0)

    def env(self, env: Mapping[str, str]) -> dict[str, str]:
        """``env`` without the machine's ``UV_*`` variables, pip's cache variables renamed to
        uv's: ``PIP_CACHE_DIR`` is ``UV_CACHE_DIR``, ``PIP_NO_CACHE_DIR`` is ``UV_NO_CACHE`` (its
        value passed as is, for uv to judge). The caller's environment holds no ``PIP_*`` of the
        machine (``clean_env``): those left are the scenario's."""
        out = {k: v for k, v in env.items() if not k.startswith("UV_") and k not in PIP_TO_UV}
        out.update({PIP_TO_UV[k]: v for k, v in env.items() if k in PIP_TO_UV})
        return out

    def run(
        self,
        argv: Sequence[str],
        *,
        env: Mapping[str, str],
        cwd: Path,
        at: float | None = None,
    ) -> CommandResult:
        full_env = self.env(env)
        if at is not None:
            lib = find_libfaketime()
            if lib is None:
                raise ClockUnavailable(
                    "libfaketime not found (Debian: apt-get install faketime; or set "
                    f"{LIBFAKETIME_ENV}): uv's clock cannot be set for this scenario"
                )
            stamp = datetime.fromtimestamp(int(at), UTC).strftime("%Y-%m-%d %H:%M:%S")
            preload = " ".join(p for p in (lib, full_env.get("LD_PRELOAD", "")) if p)
            full_env.update(
                LD_PRELOAD=preload, FAKETIME=stamp, TZ="UTC", FAKETIME_DONT_FAKE_MONOTONIC="1"
            )
        self.calls += 1
        proc = subprocess.run(
            [self.binary, *argv],
            env=full_env,
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        return CommandResult(proc.returncode, proc.stdout, proc.stderr)
