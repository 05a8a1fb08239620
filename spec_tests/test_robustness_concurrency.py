"""Two processes on one cache directory at the same time (``harness/concurrency.py``).

Bounded: the model's workers loop for 1.5 s each (a few hundred fetches; 0.3 s under the dev
budget, ``spec_tests.budget.thorough``); real pip's do a few rounds each (every round is a pip
process, about a second). A race whose window is narrow (a file gone between purge's listing and
its deletion) is arranged, not waited for: its verdict does not hang on luck.
"""

from __future__ import annotations

import errno
import functools
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from spec_tests.budget import thorough
from spec_tests.harness.cleanenv import clean_env
from spec_tests.harness.clock import START, ManualClock
from spec_tests.harness.concurrency import (
    Flipper,
    Round,
    fetch_rounds,
    purge_rounds,
    purge_while_renamed,
    run_together,
)
from spec_tests.harness.origin import Origin

if TYPE_CHECKING:
    from collections.abc import Iterator

    from spec_tests.harness.origin import HttpsOrigin
    from spec_tests.interface import CacheCommands, HttpCache, HttpDownloader, Implementation

# real processes and a real loopback origin: a few seconds even on the model
pytestmark = pytest.mark.e2e

#: seconds each of the model's workers loops: the thorough budget's, and the dev budget's
SECONDS, DEV_SECONDS = 1.5, 0.3
PIP_ROUNDS = 3


@pytest.fixture
def live_origin(https_origin: HttpsOrigin) -> Iterator[Origin]:
    origin = Origin(https_origin.base_url, ManualClock())
    https_origin.origin = origin
    try:
        yield origin
    finally:
        https_origin.origin = None


def _budget(impl: Implementation, config: pytest.Config) -> tuple[float, int]:
    """(seconds, rounds) per worker: the model loops for a while (shorter under the dev
    Hypothesis budget); pip does a few rounds."""
    if getattr(impl, "is_subprocess", False):
        return (600.0, PIP_ROUNDS)
    return (SECONDS if thorough(config) else DEV_SECONDS, 10_000)


def _fetcher(http: HttpCache | HttpDownloader, cache: Path, origin: Origin, ca: Path,
             budget: tuple[float, int]) -> functools.partial[list[Round]]:  # fmt: skip
    return functools.partial(fetch_rounds, http, cache, origin.url, ca, START, *budget)


def _check_fetches(results: list[list[Round]], flipper: Flipper) -> None:
    failed = [r.detail for rounds in results for r in rounds if not r.ok]
    assert failed == [], f"fetches failed: {failed[:3]}"
    served = {r.detail for rounds in results for r in rounds}
    assert served <= flipper.digests(), "a body the origin never sent was served (a torn entry)"


@pytest.mark.statement("robustness.http.concurrent-processes")
def test_two_processes_fetch_through_one_cache(
    http: HttpCache | HttpDownloader, impl: Implementation, live_origin: Origin,
    https_origin: HttpsOrigin, pytestconfig: pytest.Config,
) -> None:  # fmt: skip
    """Two processes fetch one URL through one cache while the origin's answer keeps changing:
    every body served is whole; afterwards the cache holds a complete entry (the next fetch is a
    conditional request, and serves a whole body)."""
    slow = getattr(impl, "is_subprocess", False)
    budget = _budget(impl, pytestconfig)
    with tempfile.TemporaryDirectory(prefix="concurrent-") as tmp:
        cache = Path(tmp) / "cache"
        ca = https_origin.ca_cert
        with Flipper(live_origin, period=0.7 if slow else 0.05) as flipper:
            jobs = [_fetcher(http, cache, live_origin, ca, budget) for _ in range(2)]
            results = run_together(jobs, in_processes=not slow)
        _check_fetches(results, flipper)
        assert all(len(r) >= PIP_ROUNDS for r in results)
        live_origin.seen.clear()
        [last] = fetch_rounds(http, cache, live_origin.url, ca, START, 0, 1)
        assert last.ok
        assert last.detail in flipper.digests()
        sent = live_origin.seen
        assert sent, "no request reached the origin"
        assert all(s.conditional for s in sent), "no complete entry was left stored"


@pytest.mark.statement("robustness.http.purge-beside-readers")
def test_purge_beside_a_fetching_process(
    http: HttpCache | HttpDownloader, commands: CacheCommands, impl: Implementation,
    live_origin: Origin, https_origin: HttpsOrigin, pytestconfig: pytest.Config,
) -> None:  # fmt: skip
    """One process fetches again and again while another runs ``cache purge`` again and again:
    every fetch serves a whole body, no fetch fails and no purge crashes. (A purge failing on a
    file that was gone by the time it came to delete it, a rare meeting here, is
    ``test_purge_while_a_fetch_renames_its_temporary_file``'s to judge: it arranges that
    meeting every time.)"""
    slow = getattr(impl, "is_subprocess", False)
    budget = _budget(impl, pytestconfig)
    with tempfile.TemporaryDirectory(prefix="concurrent-") as tmp:
        cache = Path(tmp) / "cache"
        works = commands.run_cache(
            ["dir", "--cache-dir", str(cache)], env=clean_env(), cwd=Path(tmp)
        )
        assert works.exit_code == 0, f"the cache command itself must work: {works}"
        purger = functools.partial(purge_rounds, commands, cache, *budget)
        with Flipper(live_origin, period=0.7 if slow else 0.05) as flipper:
            fetcher = _fetcher(http, cache, live_origin, https_origin.ca_cert, budget)
            fetches, purges = run_together([fetcher, purger], in_processes=not slow)
        _check_fetches([fetches], flipper)
        bad = [r.detail for r in purges if not r.ok and not _gone_meanwhile(r.detail)]
        assert bad == [], f"purge failed: {bad[:2]}"


def _gone_meanwhile(said: str) -> bool:
    """A purge that stopped at a path gone before it came to delete it (``ENOENT``)."""
    return os.strerror(errno.ENOENT) in said


def _cache_being_written(root: Path) -> tuple[Path, dict[Path, Path]]:
    """A cache with a wheel and, in each HTTP cache directory (``http-v2``, ``http``), an entry
    being written: its temporary files (``<key>.body<random>.tmp``, ``<key><random>.tmp``, as pip
    names them) and where their writer renames them."""
    cache = root / "cache"
    wheel = cache / "wheels" / "ab" / "cd" / "demo-1.0-py3-none-any.whl"
    wheel.parent.mkdir(parents=True)
    wheel.write_bytes(b"a wheel")
    renames: dict[Path, Path] = {}
    for http in ("http-v2", "http"):
        key = cache / http / "a" / "b" / "c" / "d" / "e" / "abcde0123"
        key.parent.mkdir(parents=True)
        for final, temporary in ((".body", ".body1x2y3z4w.tmp"), ("", "5v6u7t8s.tmp")):
            (tmp := key.with_name(key.name + temporary)).write_bytes(b"being written")
            renames[tmp] = key.with_name(key.name + final)
    return cache, renames


def _purge_while_renamed(commands: CacheCommands, impl: Implementation, root: Path) -> str:
    """Purge with the temporary files renamed between its listing and its deletions; what it
    said, with its exit code first (skips where the command cannot be held there)."""
    in_process = not getattr(impl, "is_subprocess", False)
    if not in_process and not hasattr(os, "mkfifo"):
        pytest.skip("holding a command between two deletions needs a FIFO (POSIX)")
    cache, renames = _cache_being_written(root)
    result = purge_while_renamed(commands, cache, renames, in_process=in_process)
    if result is None:
        pytest.skip("purge could not be held between its listing and its deletions")
    return f"exit {result.exit_code}\n{result.stdout}{result.stderr}"


@pytest.mark.statement("robustness.http.purge-beside-readers")
def test_purge_while_a_fetch_renames_its_temporary_file(
    commands: CacheCommands, impl: Implementation, tmp_path: Path
) -> None:
    """A fetch beside purge ends its write as purge runs: its temporary files are renamed into
    place after purge has listed the cache and deleted its first file, before it deletes them
    (arranged: ``harness/concurrency.py``). Purge completes: exit 0, no traceback."""
    said = _purge_while_renamed(commands, impl, tmp_path)
    assert "Traceback" not in said, said
    assert said.startswith("exit 0\n"), said


@pytest.mark.statement("observed.commands.purge-vanished-file-crash")
def test_pip_purge_stops_at_a_file_renamed_meanwhile(
    commands: CacheCommands, impl: Implementation, tmp_path: Path
) -> None:
    """pip: a listed temporary file renamed before purge deletes it stops purge with a
    traceback (FileNotFoundError), exit 2."""
    said = _purge_while_renamed(commands, impl, tmp_path)
    assert said.startswith("exit 2\n"), said
    assert "FileNotFoundError" in said, said
