"""``cache`` commands on a cache directory that cannot be written (see ``harness/faults.py`` for
how it is made read-only, as root or not)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from spec_tests.harness.cleanenv import clean_env
from spec_tests.harness.faults import read_only, stored_files
from spec_tests.harness.wheel import WHEEL_NAME, wheel_bytes

if TYPE_CHECKING:
    from pathlib import Path

    from spec_tests.interface import CacheCommands, CommandResult


def _cache(tmp_path: Path) -> Path:
    cache = tmp_path / "cache"
    wheel = cache / "wheels" / "ab" / "cd" / WHEEL_NAME
    wheel.parent.mkdir(parents=True)
    wheel.write_bytes(wheel_bytes(1))
    entry = cache / "http-v2" / "a" / "b" / "c" / "d" / "e" / "abcde0123"
    entry.parent.mkdir(parents=True)
    entry.write_bytes(b"an http entry")
    return cache


def _run(commands: CacheCommands, cache: Path, *args: str) -> CommandResult:
    argv = [*args, "--cache-dir", str(cache)]
    return commands.run_cache(argv, env=clean_env(), cwd=cache.parent)


@pytest.mark.statement("robustness.commands.read-only-fails-cleanly")
@pytest.mark.parametrize("args", [["dir"], ["info"], ["list"]], ids=" ".join)
def test_reading_commands_work_on_a_read_only_cache(
    commands: CacheCommands, tmp_path: Path, args: list[str]
) -> None:
    cache = _cache(tmp_path)
    with read_only(cache):
        result = _run(commands, cache, *args)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.statement("robustness.commands.read-only-fails-cleanly")
@pytest.mark.parametrize("args", [["remove", "demo"], ["purge"]], ids=" ".join)
def test_removing_from_a_read_only_cache_fails_cleanly(
    commands: CacheCommands, tmp_path: Path, args: list[str]
) -> None:
    """Nothing can be removed: a clear message, a non-zero exit, no traceback, nothing lost."""
    cache = _cache(tmp_path)
    assert _run(commands, cache, "dir").exit_code == 0, "the cache command itself must work"
    before = stored_files(cache)
    with read_only(cache):
        result = _run(commands, cache, *args)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exit_code != 0
    assert "ERROR:" in result.stderr
    assert stored_files(cache) == before


@pytest.mark.statement("observed.commands.read-only-traceback")
def test_pip_purge_on_a_read_only_cache_shows_a_traceback(
    commands: CacheCommands, tmp_path: Path
) -> None:
    cache = _cache(tmp_path)
    with read_only(cache, "bind-mount"):  # measured on a read-only file system, as root
        result = _run(commands, cache, "purge")
    assert result.exit_code == 2
    assert "Traceback" in result.stderr
    assert "Read-only file system" in result.stderr
