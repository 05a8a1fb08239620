"""Killing the model at a chosen cache write step, in real processes, without paying for start-up.

The model passes named steps while it writes its caches (:mod:`model.crashpoints`) and sends
itself ``SIGKILL`` at the step its environment names (``PIP_CACHE_SPEC_MODEL_CRASH_AT``). Each
killed run is a real process, as ``python -m model install ...`` is, but not a fresh interpreter:
one server process imports the model and its libraries once, then ``fork``s a child per run, which
runs the model's ``main`` with the run's arguments and environment and dies (or finishes) on its
own. The server is single-threaded, so a fork is safe; it ends when its input closes (at the
latest when the suite's process exits).
"""

from __future__ import annotations

import atexit
import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, TYPE_CHECKING

from model.crashpoints import ENV as CRASH_ENV
from spec_tests.interface import CommandResult

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

__all__ = ["ForkServer"]

_SERVER = r"""
import json, os, sys, tempfile
exec(sys.argv[1])
from model import cli
import model.install.build, model.install.cli, model.install.fetch, model.install.unpack
import installer, pyproject_hooks, requests
from packaging import tags
list(tags.sys_tags())
for line in sys.stdin:
    job = json.loads(line)
    pid = os.fork()
    if pid == 0:
        tempfile.tempdir = job["tmp"]
        with open(job["out"], "w") as out, open(job["err"], "w") as err:
            try:
                code = cli.main(job["argv"], env=job["env"], cwd=job["cwd"], stdout=out, stderr=err)
            except BaseException as exc:
                err.write(f"crashed: {exc!r}\n")
                code = 70
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    print(json.dumps(os.waitstatus_to_exitcode(status)), flush=True)
"""


class ForkServer:
    """Runs the model's command line in forked children of one warm process."""

    def __init__(self, prelude: str = "") -> None:
        """``prelude``: Python code the server runs first (the self-tests' wrong models)."""
        self._prelude = prelude
        self._proc: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()
        atexit.register(self.close)

    def _server(self) -> tuple[IO[str], IO[str]]:
        if self._proc is None or self._proc.poll() is not None:
            self._proc = subprocess.Popen(
                [sys.executable, "-c", _SERVER, self._prelude], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, text=True, bufsize=1,
            )  # fmt: skip
        stdin, stdout = self._proc.stdin, self._proc.stdout
        assert stdin is not None
        assert stdout is not None
        return stdin, stdout

    def run_killed(
        self,
        argv: Sequence[str],
        *,
        cache_dir: Path,
        env: Mapping[str, str],
        cwd: Path,
        step: int,
    ) -> CommandResult:
        """Run ``argv`` killed at write step ``step``: exit code -9 when it was killed there,
        its own exit code when it finished first (it has fewer steps)."""
        scratch = cwd / ".killed-runs"
        scratch.mkdir(exist_ok=True)
        out, err = scratch / f"{step}.out", scratch / f"{step}.err"
        job = {
            "argv": ["--cache-dir", str(cache_dir), *argv],
            "env": {**env, CRASH_ENV: str(step)},
            "cwd": str(cwd),
            "tmp": str(scratch),
            "out": str(out),
            "err": str(err),
        }
        with self._lock:
            stdin, stdout = self._server()
            stdin.write(json.dumps(job) + "\n")
            stdin.flush()
            code = int(json.loads(stdout.readline()))
        return CommandResult(code, out.read_text(), err.read_text())

    def close(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            assert self._proc.stdin is not None
            self._proc.stdin.close()
            self._proc.wait(timeout=30)
        self._proc = None
