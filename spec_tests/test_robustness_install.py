"""Bad input to an install ends in an error, and the cache is left as it was.

The cache is warm (one install of ``demo`` done) before each bad run, so "as it was" means
something: every file under the cache directory is still there with the same bytes, and the
cache holds the same wheels. (A file of the implementation's own bookkeeping may be added: uv
records a path source's revision even when its build fails.)
"""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from spec_tests.harness.workspace import Workspace

pytestmark = pytest.mark.e2e

_BROKEN_BACKEND = """\
def get_requires_for_build_wheel(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    raise SystemExit("cannot build: this project is broken on purpose")
"""
_BROKEN_PYPROJECT = """\
[build-system]
requires = []
build-backend = "broken_backend"
backend-path = ["."]

[project]
name = "broken"
version = "1.0"
"""


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _broken_project(ws: Workspace) -> str:
    tree = ws.root / "broken"
    tree.mkdir()
    (tree / "pyproject.toml").write_text(_BROKEN_PYPROJECT, encoding="utf-8")
    (tree / "broken_backend.py").write_text(_BROKEN_BACKEND, encoding="utf-8")
    return "./broken"


#: each bad run, as the words after ``install --target <dir>``
CASES: dict[str, Callable[[Workspace], list[str]]] = {
    "unknown-option": lambda ws: ["--no-such-option", "--index-url", ws.index.url, "demo==1.0"],
    "invalid-requirement": lambda ws: ["--index-url", ws.index.url, "demo=>>1.0"],
    "unreachable-index": lambda ws: [
        "--retries",
        "0",
        "--index-url",
        f"http://127.0.0.1:{_closed_port()}/simple/",
        "demo==1.0",
    ],
    "failing-build": lambda ws: [_broken_project(ws)],
}


def _snapshot(cache: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(cache)): p.read_bytes() for p in sorted(cache.rglob("*")) if p.is_file()
    }


def check_bad_input(ws: Workspace, case: str) -> None:
    """Warm the cache, run the bad ``case``, check the failure and the cache."""
    ws.publish(ws.project("demo", "1.0"))
    ws.install("demo==1.0")
    before, wheels = _snapshot(ws.cache), ws.cached_wheels()
    result = ws.pip("install", "--target", str(ws.fresh_target()), *CASES[case](ws), check=False)
    assert result.exit_code != 0, f"{case}: the run succeeded:\n{result.stdout}"
    assert result.stderr.strip(), f"{case}: no message on stderr"
    assert "Traceback" not in result.stdout + result.stderr
    after = _snapshot(ws.cache)
    changed = [name for name, data in before.items() if after.get(name) != data]
    assert changed == [], f"{case}: the cache changed"
    assert ws.cached_wheels() == wheels, f"{case}: a wheel was added to the cache"


@pytest.mark.statement("robustness.install.bad-input")
@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_fails_cleanly_and_leaves_the_cache(ws: Workspace, case: str) -> None:
    """The run fails with a message (no traceback); the warm cache's files and wheels stay."""
    check_bad_input(ws, case)
