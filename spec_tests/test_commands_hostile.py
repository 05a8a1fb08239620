"""Hostile ``pip cache`` input: patterns and links that try to reach outside the cache directory.

Every test builds the cache at ``<tmp>/cache`` and beside it a sentinel tree ``<tmp>/sentinel``
that holds wheel files of the same names; the sentinel is checksummed before and after (its
files' contents and its directory listing): no command may list, size, read or delete anything
there. Symbolic links inside ``wheels/`` (and ``http-v2/``) point into the sentinel: at a file
named like a wheel, at a directory of wheels, and at a directory through a name that looks like a
wheel file. A link is the cache's own entry: listing or deleting *the link* is allowed, following
it is not (pip 26.0 to 26.3, measured, delete a link to a directory, never its target, when the
directory holding it has no wheel: observed.commands.remove-prunes-empty-dirs).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from contextlib import contextmanager
from typing import TYPE_CHECKING

import pytest

from spec_tests.harness.tree import CacheTree, Entry, build, is_wheel_file, scratch, snapshot
from spec_tests.test_commands import field, listed_names, run, size_range

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from spec_tests.interface import CacheCommands

#: a non-UTF-8 byte (0xff) as it reaches ``sys.argv``: the surrogate escape
NON_UTF8 = os.fsdecode(b"\xff")

HOSTILE = (
    "/",
    "..",
    "../*",
    "../sentinel/wheels/aa/x",
    "@SENTINEL@/wheels/aa/x",
    "@SENTINEL@/*",
    "/*",
    "**",
    "*/*",
    "*/../*",
    "wheels/*",
    "./*",
    "a/b",
    "",
    "-",
    ".",
    "*..*",
    "~",
    "x" * 300,  # longer than a file name may be (NAME_MAX 255)
    "*" + "x/" * 2100 + "*",  # longer than a path may be (PATH_MAX 4096)
    NON_UTF8,
    NON_UTF8 + "*",
    "*" + NON_UTF8 + "/../*",
)

#: the size of the sentinel's wheel files: were it ever reported, a link was followed
SENTINEL_SIZE = 7777

CACHE_FILES = (
    "wheels/aa/x-1.0-py3-none-any.whl",
    "wheels/aa/..-1.0-py3-none-any.whl",
    "wheels/aa/-1.0-py3-none-any.whl",
    "wheels/notes.txt",
    "http-v2/0/1/2/3/4/k",
    "x-1.0-py3-none-any.whl",
)

#: link (under the cache) -> target (under the sentinel)
LINKS = {
    "wheels/aa/linked-1.0-py3-none-any.whl": "wheels/aa/x-1.0-py3-none-any.whl",
    "wheels/outside": "wheels",
    "wheels/bb/dirlink-1.0-py3-none-any.whl": "wheels/aa",
    "http-v2/0/1/2/3/4/outside": "http-v2",
    "http-v2/0/1/2/3/4/linked-key": "http-v2/0/1/2/3/4/k",
}


@contextmanager
def cache_and_sentinel() -> Iterator[tuple[Path, Path]]:
    """``<tmp>/cache`` (3-byte files, the links) and ``<tmp>/sentinel`` (the same names, each
    :data:`SENTINEL_SIZE` bytes, no links)."""
    with scratch() as root:
        (root / "home").mkdir()
        cache = build(CacheTree(tuple(Entry(p, 3) for p in CACHE_FILES)), root / "cache")
        sentinel = build(
            CacheTree(tuple(Entry(p, SENTINEL_SIZE) for p in CACHE_FILES)), root / "sentinel"
        )
        for link, target in LINKS.items():
            (cache / link).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(sentinel / target, cache / link)
        yield cache, sentinel


@pytest.mark.statement("robustness.commands.hostile-patterns")
@pytest.mark.parametrize("pattern", HOSTILE, ids=lambda p: ascii(p)[:40])
def test_hostile_pattern_touches_nothing_outside(commands: CacheCommands, pattern: str) -> None:
    """Patterns with ``/``, ``..``, absolute paths, ``**``, very long or non-UTF-8 patterns
    neither list nor delete anything outside the cache directory (a sentinel tree beside it is
    checksummed before and after), and inside it delete wheel files only; no traceback."""
    with cache_and_sentinel() as (cache, sentinel):
        pattern = pattern.replace("@SENTINEL@", str(sentinel))
        outside = snapshot(sentinel)
        listed = run(commands, cache, "list", pattern, "--format=abspath")
        before = snapshot(cache)
        removed = run(commands, cache, "remove", pattern)
        after = snapshot(cache)
        assert snapshot(sentinel) == outside
    for result in (listed, removed):
        assert "Traceback" not in result.stderr, result
    assert str(sentinel) not in listed.stdout
    assert all(line.startswith(f"{cache}/wheels/") for line in listed.stdout.splitlines())
    lost = set(before) - set(after)
    assert all(p == "wheels" or p.startswith("wheels/") for p in lost), lost
    lost_dirs = {p for p in lost if before[p] == "dir"}  # pruned by pip 26, links to dirs too
    stray = [
        p
        for p in lost - lost_dirs
        if not is_wheel_file(p) and not any(p.startswith(d + "/") for d in lost_dirs)
    ]
    assert stray == [], "a non-wheel file deleted, not with its pruned directory"


@pytest.mark.statement("robustness.commands.links-not-followed")
def test_list_and_info_never_follow_links_out_of_the_cache(commands: CacheCommands) -> None:
    """``list`` shows no wheel that only a link reaches (the sentinel's), reports a linked file
    as 0 bytes or not at all, and ``info`` counts neither the sentinel's files nor their sizes."""
    with cache_and_sentinel() as (cache, sentinel):
        outside = snapshot(sentinel)
        human = run(commands, cache, "list")
        abspath = run(commands, cache, "list", "--format=abspath")
        info = run(commands, cache, "info")
        assert snapshot(sentinel) == outside
    own = Counter(p.rsplit("/", 1)[-1] for p in CACHE_FILES if p.startswith("wheels/"))
    own = Counter({n: c for n, c in own.items() if n.endswith(".whl")})
    names = listed_names(human)
    assert names - own <= Counter({"linked-1.0-py3-none-any.whl": 1}), names
    assert not re.search(rf"\({SENTINEL_SIZE / 1000:.1f} kB\)", human.stdout), human.stdout
    for line in abspath.stdout.splitlines():
        assert line.startswith(f"{cache}/wheels/"), line
        assert "/outside/" not in line, line
        assert "/dirlink-" not in line, line
    counted = int(field(info, r"^Number of (?:locally built )?wheels: (\d+)$"))
    assert counted <= sum(own.values()) + 1, info.stdout
    low, _ = size_range(field(info, r"^(?:Locally built wheels |Wheels )?[Ss]ize: (.+)$"))
    assert low < SENTINEL_SIZE, info.stdout
    http_size = re.search(r"^Package index page cache size: (.+)$", info.stdout, re.MULTILINE)
    if http_size:  # pip 21.3 and newer report the HTTP cache's size too
        low, _ = size_range(http_size.group(1))
        assert low < SENTINEL_SIZE, info.stdout


@pytest.mark.statement("robustness.commands.links-not-followed")
@pytest.mark.parametrize(
    "args",
    [
        ("purge",),
        pytest.param(("remove", "*"), marks=pytest.mark.pip_layout),
        pytest.param(("remove", "linked"), marks=pytest.mark.pip_layout),
    ],
)
def test_removing_deletes_links_never_their_targets(
    commands: CacheCommands, args: tuple[str, ...]
) -> None:
    """``purge`` and ``remove`` delete at most the links themselves: every file and directory a
    link points at stays byte for byte. (``remove`` selects in pip's layout by pip's pattern
    rule: a facet managing another layout is not asked, ``purge`` is.)"""
    with cache_and_sentinel() as (cache, sentinel):
        outside = snapshot(sentinel)
        result = run(commands, cache, *args)
        assert snapshot(sentinel) == outside
    assert result.exit_code == 0, result
    assert "Traceback" not in result.stderr, result


@pytest.mark.statement("observed.commands.remove-prunes-empty-dirs")
@pytest.mark.pip_layout
def test_remove_deletes_directories_without_wheels(commands: CacheCommands) -> None:
    """pip 26.0+: ``remove nothing`` deletes ``wheels/bb`` (holding only a link to a directory,
    removed as a link) and ``wheels/dd`` (holding only ``y.txt``), never what the link points at."""
    with cache_and_sentinel() as (cache, sentinel):
        build(CacheTree((Entry("wheels/dd/y.txt", 3),)), cache)
        outside = snapshot(sentinel)
        run(commands, cache, "remove", "nothing")
        assert snapshot(sentinel) == outside
        assert not os.path.lexists(cache / "wheels/bb")
        assert not os.path.lexists(cache / "wheels/dd")
        assert (cache / "wheels/aa/x-1.0-py3-none-any.whl").exists()
