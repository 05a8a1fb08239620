"""Real pip's HTTP cache facet: ``pip download --no-deps URL`` by subprocess, at a given time.

pip runs as users run it (``python -m pip``), under ``pip_at.py`` (beside this module), which
freezes ``time.time()`` at the scenario's instant with time-machine (so the interpreter needs
``time-machine``). pip trusts the test origin through ``--cert``; nothing else of the machine's pip
configuration reaches it (the caller passes a clean environment).

(Not named ``http.py``: the probe scripts beside it run by path, and a module of that name there
would shadow the standard library's ``http`` for the pip they import.)
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from spec_tests.interface import CommandResult

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

__all__ = ["PIP_AT", "PipHttpDownloader"]

#: The time-travel wrapper, run by path: ``python pip_at.py <epoch> -m pip ...``.
PIP_AT = Path(__file__).resolve().parent / "pip_at.py"


@dataclass(frozen=True)
class PipHttpDownloader:
    """The ``http`` facet of the pip importable by ``python``."""

    python: str

    def download(
        self,
        target: str,
        *,
        cache_dir: Path,
        dest: Path,
        ca_cert: Path,
        at: float,
        env: Mapping[str, str],
        index_url: str | None = None,
        trusted_hosts: Sequence[str] = (),
        refresh: Sequence[str] = (),
    ) -> CommandResult:
        index = ["--index-url", index_url] if index_url is not None else []
        index += [arg for host in trusted_hosts for arg in ("--trusted-host", host)]
        index += [arg for name in refresh for arg in ("--refresh-package", name)]
        argv = [
            self.python, str(PIP_AT), repr(at), "-m", "pip",
            "download", "--no-deps", "--progress-bar", "off",
            "--cache-dir", str(cache_dir), "--cert", str(ca_cert), "-d", str(dest), *index, target,
        ]  # fmt: skip
        done = subprocess.run(
            argv, env=dict(env), capture_output=True, text=True, timeout=120, check=False
        )
        return CommandResult(done.returncode, done.stdout, done.stderr)
