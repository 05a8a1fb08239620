"""Running the pip under test: a subprocess of its interpreter, its environment given whole."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

from spec_tests.interface import CommandResult

__all__ = ["PipProcessError", "run_pip", "run_script"]

TIMEOUT = 300


class PipProcessError(RuntimeError):
    """The pip process failed in a way that is no answer (a crash, not a usage error)."""


#: Runs a probe as ``__main__`` without putting its directory on ``sys.path``: the adapters'
#: modules there (``http.py``) would shadow the standard library's inside the pip under test.
_RUN_PROBE = (
    "import runpy, sys; sys.argv[:] = sys.argv[1:]; "
    "runpy.run_path(sys.argv[0], run_name='__main__')"
)


def run_script(
    python: str, script: Path, args: Sequence[str], *, env: Mapping[str, str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [python, "-c", _RUN_PROBE, str(script), *args],
        env=dict(env),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def run_json(
    python: str, script: Path, args: Sequence[str], *, env: Mapping[str, str], cwd: Path
) -> dict[str, object]:
    """Run a probe script that prints one JSON object on its last line."""
    proc = run_script(python, script, args, env=env, cwd=cwd)
    if proc.returncode == 2:
        raise ValueError(proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "usage")
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        raise PipProcessError(f"{script.name} {list(args)} exited {proc.returncode}: {proc.stderr}")
    result: dict[str, object] = json.loads(lines[-1])
    return result


def run_pip(
    python: str, argv: Sequence[str], *, env: Mapping[str, str], cwd: Path
) -> CommandResult:
    """``python -m pip <argv>``, as a user runs it."""
    proc = subprocess.run(
        [python, "-m", "pip", *argv],
        env=dict(env),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    return CommandResult(proc.returncode, proc.stdout, proc.stderr)
