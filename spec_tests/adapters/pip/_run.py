"""Running the pip under test: a subprocess of its interpreter, its environment given whole."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

from spec_tests.interface import CommandResult

__all__ = ["PipProcessError", "run_json", "run_pip", "run_process", "run_script"]

TIMEOUT = 300


class PipProcessError(RuntimeError):
    """The pip process failed in a way that is no answer (a crash, not a usage error)."""


def run_process(
    argv: Sequence[str], *, env: Mapping[str, str], cwd: Path, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """One process of the pip under test, to completion, its output captured as text."""
    return subprocess.run(
        list(argv),
        input=stdin,
        env=dict(env),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def run_script(
    python: str, script: Path, args: Sequence[str], *, env: Mapping[str, str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    return run_process([python, str(script), *args], env=env, cwd=cwd)


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
    proc = run_process([python, "-m", "pip", *argv], env=env, cwd=cwd)
    return CommandResult(proc.returncode, proc.stdout, proc.stderr)
