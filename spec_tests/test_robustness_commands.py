"""``cache`` commands on a cache directory that cannot be written (see ``harness/faults.py`` for
how it is made read-only, as root or not), and on one whose ``wheels/`` is a link out of it."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest

from spec_tests.harness.cleanenv import clean_env
from spec_tests.harness.faults import read_only, stored_files
from spec_tests.harness.tree import CacheTree, Entry, build, snapshot
from spec_tests.harness.wheel import WHEEL_NAME, wheel_bytes

if TYPE_CHECKING:
    from pathlib import Path

    from spec_tests.interface import CacheCommands, CommandResult


#: ``remove demo`` finds demo's wheel in pip's ``wheels/``: a commands facet managing another
#: layout would find nothing to remove there (not provided); ``purge`` clears any layout
REMOVE_DEMO = pytest.param(["remove", "demo"], marks=pytest.mark.pip_layout)


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
@pytest.mark.parametrize("args", [REMOVE_DEMO, ["purge"]], ids=" ".join)
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
    assert result.stderr.strip(), "no message"
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


# ---------------------------------------------------------------- wheels/ a link out of the cache

OUTSIDE = (
    Entry("ab/demo-1.0-py3-none-any.whl", 7),
    Entry("ab/other-2.0-py3-none-any.whl", 7),
    Entry("notes.txt", 5),
)


def _linked_wheels(tmp_path: Path) -> tuple[Path, Path]:
    """A cache whose ``wheels/`` is a link to a sentinel tree outside it (wheel files and a
    file of the user's); return the cache and the sentinel tree."""
    outside = build(CacheTree(OUTSIDE), tmp_path / "elsewhere")
    cache = _cache(tmp_path / "c")
    shutil.rmtree(cache / "wheels")
    (cache / "wheels").symlink_to(outside, target_is_directory=True)
    return cache, outside


@pytest.mark.statement("robustness.commands.linked-wheels-dir-not-followed")
@pytest.mark.parametrize("args", [["list"], REMOVE_DEMO, ["purge"]], ids=" ".join)
def test_a_wheels_directory_linked_out_of_the_cache_is_not_followed(
    commands: CacheCommands, tmp_path: Path, args: list[str]
) -> None:
    """``wheels/`` is a link to a directory outside the cache: nothing there is listed, and
    nothing there is deleted (at most the link itself)."""
    cache, outside = _linked_wheels(tmp_path)
    assert _run(commands, cache, "dir").exit_code == 0, "the cache command itself must work"
    before = snapshot(outside)
    result = _run(commands, cache, *args)
    assert "Traceback" not in result.stdout + result.stderr
    assert "demo-1.0-py3-none-any.whl" not in result.stdout, "a file outside the cache was listed"
    assert outside.is_dir(), "the directory the link points to was deleted"
    assert snapshot(outside) == before, "files outside the cache were deleted"


@pytest.mark.statement("observed.commands.linked-wheels-dir-followed")
def test_pip_follows_a_wheels_directory_linked_out_of_the_cache(
    commands: CacheCommands, tmp_path: Path
) -> None:
    """pip: the wheel files behind the link are listed, then deleted by remove and purge."""
    cache, outside = _linked_wheels(tmp_path)
    assert "demo-1.0-py3-none-any.whl" in _run(commands, cache, "list").stdout
    _run(commands, cache, "remove", "demo")
    assert not (outside / "ab" / "demo-1.0-py3-none-any.whl").exists()
    _run(commands, cache, "purge")
    assert not (outside / "ab" / "other-2.0-py3-none-any.whl").exists()


@pytest.mark.statement("observed.commands.linked-wheels-dir-pruned")
def test_pip_purge_deletes_the_directory_a_linked_wheels_points_to(
    commands: CacheCommands, tmp_path: Path
) -> None:
    """pip 26: purge deletes the whole directory behind the link, the user's file with it."""
    cache, outside = _linked_wheels(tmp_path)
    _run(commands, cache, "purge")
    assert not outside.exists(), "the directory behind the link is still there"
    assert (cache / "wheels").is_symlink()
