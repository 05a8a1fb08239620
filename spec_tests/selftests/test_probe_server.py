"""Self-test: the probe server answers each question as the probe script's own process would.

Questions that one process would answer wrongly if it kept pip's state from the one before: the
default ``--cache-dir``, which pip reads at import, under two homes; Linux after pip was pointed at
macOS. Asked of the pip importable here through one server; the answers are the page's paths.
(With the server's dropping of pip's modules taken out, the second answer is the first's.)
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from spec_tests.adapters.pip._run import ProbeServer
from spec_tests.harness.cleanenv import clean_env

pytest.importorskip("pip")

PROBE = ProbeServer.SERVER.with_name("probe_locations.py")


def test_one_server_answers_as_one_process_per_question(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    questions = [
        (["effective", "install"], str(a), f"{a}/.cache/pip"),
        (["effective", "install"], str(b), f"{b}/.cache/pip"),
        (["default", "macos"], "/Users/a", "/Users/a/Library/Caches/pip"),
        (["default", "linux"], "/home/a", "/home/a/.cache/pip"),
    ]
    server = ProbeServer(sys.executable)
    try:
        for args, home, expected in questions:
            env = clean_env({"PATH": os.environ.get("PATH", "/usr/bin:/bin")}, HOME=home)
            served = server.run(PROBE, args, env=env, cwd=tmp_path)
            assert served.returncode == 0, served.stderr
            assert json.loads(served.stdout) == {"cache_dir": expected}, args
    finally:
        server.close()
