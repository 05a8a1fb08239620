"""Running the pip under test: a subprocess of its interpreter, its environment given whole.

The probe scripts (questions to pip's own code, not user actions) are answered by one
``probe_server.py`` process per interpreter, which runs each script as its own process would; a
user action (``python -m pip ...``) is always a process of its own.
"""

from __future__ import annotations

import atexit
import json
import subprocess
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import ClassVar

from spec_tests.interface import CommandResult

__all__ = ["PipProcessError", "ProbeServer", "run_json", "run_pip", "run_process", "run_script"]

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


class ProbeServer:
    """One ``probe_server.py`` process of ``python``, started on the first question, answering
    each as ``python <script> <args>`` would (exit code and output); it ends with its stdin."""

    SERVER = Path(__file__).with_name("probe_server.py")
    _running: ClassVar[dict[str, ProbeServer]] = {}

    def __init__(self, python: str) -> None:
        self.python = python
        self.lock = threading.Lock()
        self.proc: subprocess.Popen[str] | None = None

    @classmethod
    def of(cls, python: str) -> ProbeServer:
        if python not in cls._running:
            cls._running[python] = cls(python)
        return cls._running[python]

    def _started(self) -> subprocess.Popen[str]:
        if self.proc is None or self.proc.poll() is not None:
            self.proc = subprocess.Popen(
                [self.python, str(self.SERVER)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            atexit.register(self.close)
        return self.proc

    def run(
        self, script: Path, args: Sequence[str], *, env: Mapping[str, str], cwd: Path
    ) -> subprocess.CompletedProcess[str]:
        request = {"script": str(script), "argv": list(args), "env": dict(env), "cwd": str(cwd)}
        with self.lock:
            proc = self._started()
            assert proc.stdin is not None
            assert proc.stdout is not None
            watchdog = threading.Timer(TIMEOUT, proc.kill)
            watchdog.start()
            try:
                proc.stdin.write(json.dumps(request) + "\n")
                proc.stdin.flush()
                line = proc.stdout.readline()
            finally:
                watchdog.cancel()
        if not line:
            self.close()
            raise PipProcessError(f"probe server of {self.python} ended on {script.name} {args}")
        answer = json.loads(line)
        argv = [self.python, str(script), *args]
        return subprocess.CompletedProcess(argv, answer["exit"], answer["stdout"], answer["stderr"])

    def close(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            assert proc.stdin is not None
            proc.stdin.close()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def run_json(
    python: str, script: Path, args: Sequence[str], *, env: Mapping[str, str], cwd: Path
) -> dict[str, object]:
    """Run a probe script that prints one JSON object on its last line (in the probe server)."""
    proc = ProbeServer.of(python).run(script, args, env=env, cwd=cwd)
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
