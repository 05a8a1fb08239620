"""Cache management: ``pip cache dir|info|list|remove|purge``, valid for any implementation.

Hypothesis builds cache trees (``spec_tests.harness.tree``); each test runs a command through the
``commands`` facet and checks its answer by parsing the output and by looking at the tree
afterwards. Only the parts of the output every pip since 20.1 shares are parsed (`` - NAME (SIZE)``
lines, ``Number of ...`` lines); exact text is the format tier's (``test_commands_format.py``).
"""

from __future__ import annotations

import re
from collections import Counter
from contextlib import contextmanager
from typing import TYPE_CHECKING

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from spec_tests import registry
from spec_tests.harness.cleanenv import clean_env
from spec_tests.harness.tree import (
    PROJECTS,
    CacheTree,
    Entry,
    build,
    cache_trees,
    scratch,
    snapshot,
)
from spec_tests.harness.wheel import WHEEL_NAME

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from spec_tests.harness.http_scenario import Scenario
    from spec_tests.interface import CacheCommands, CommandResult, Implementation

SUBCOMMANDS = ("dir", "info", "list", "remove", "purge")


@contextmanager
def cache_with_sentinel(tree: CacheTree) -> Iterator[tuple[Path, Path]]:
    """The tree under ``<tmp>/cache``, and beside it ``<tmp>/sentinel``: a copy of the same tree
    (same names, same wheels) that no command may read, list or change."""
    with scratch() as root:
        (root / "home").mkdir()
        yield build(tree, root / "cache"), build(tree, root / "sentinel")


def run(commands: CacheCommands, cache: Path, *args: str) -> CommandResult:
    env = clean_env(HOME=str(cache.parent / "home"))
    return commands.run_cache([*args, "--cache-dir", str(cache)], env=env, cwd=cache.parent)


def listed_names(result: CommandResult) -> Counter[str]:
    """Names from a human ``list``: the `` - NAME (SIZE)`` lines."""
    return Counter(
        m.group(1) for m in re.finditer(r"^ - (.+) \([^()]*\)$", result.stdout, re.MULTILINE)
    )


def names(entries: list[Entry]) -> Counter[str]:
    return Counter(e.path.rsplit("/", 1)[-1] for e in entries)


_UNIT = {"bytes": 1, "kB": 1000, "MB": 1000 * 1000}


def size_range(text: str) -> tuple[float, float]:
    """The byte counts a printed size (``"12 kB"``, ``"1.2 MB"``) may stand for."""
    m = re.fullmatch(r"(\d+(?:\.(\d+))?) (bytes|kB|MB|GB)", text.strip())
    assert m, f"not a size: {text!r}"
    unit = _UNIT.get(m.group(3), 1000**3)
    step = 10 ** -len(m.group(2) or "") * unit
    value = float(m.group(1)) * unit
    return value - step, value + step


def field(result: CommandResult, pattern: str) -> str:
    m = re.search(pattern, result.stdout, re.MULTILINE)
    assert m, f"no line matching {pattern!r} in:\n{result.stdout}"
    return m.group(1)


#: two projects' wheels and an HTTP file: enough for every subcommand to have something to do
SMALL = CacheTree(
    (
        Entry("wheels/ab/foo-1.0-py3-none-any.whl", 10),
        Entry("wheels/cd/bar-1.0-py3-none-any.whl", 10),
        Entry("http/a/b/c/d/e/abcde", 5),
    )
)


@pytest.mark.statement("commands.manage")
def test_every_subcommand_runs(commands: CacheCommands) -> None:
    """Each of dir, info, list, remove PATTERN and purge is a command that succeeds on a cache
    with something in it. (What a command that finds nothing to delete answers, an error up to
    pip 21.2, is ``observed.commands.no-match``'s, not the page's.)"""
    with cache_with_sentinel(SMALL) as (cache, _):
        for sub in SUBCOMMANDS:
            args = [sub, "foo"] if sub == "remove" else [sub]
            result = run(commands, cache, *args)
            assert result.exit_code == 0, (sub, result)
        assert run(commands, cache, "no-such-action").exit_code != 0


@pytest.mark.statement("observed.commands.list-built-wheels-only")
def test_list_leaves_out_downloaded_wheels(
    commands: CacheCommands, http_scenario: Scenario
) -> None:
    """``pip cache list`` does not show a wheel downloaded from an index, kept in the HTTP cache.

    The second download is served from the cache, so the wheel is in pip's cache; list shows the
    locally built wheels only (pypa/pip#10460).
    """
    s = http_scenario
    s.origin.answer(variant=1, headers={"Cache-Control": "max-age=600"})
    s.client.get(s.url)
    s.clock.advance(10)
    assert s.client.get(s.url) == s.origin.body(1)
    assert s.origin.run(1) == [], "the downloaded wheel was not kept in the cache"
    result = run(commands, s.cache_dir, "list")
    assert result.exit_code == 0, result
    assert listed_names(result) == Counter()
    assert WHEEL_NAME not in result.stdout


#: a tree where a substring or case-blind match, a remove that takes HTTP files, a purge that
#: leaves them, or a pruned directory shows at once: the tree-drawing tests below run it first
#: as an explicit example, so that what they catch does not depend on what hypothesis draws
#: (``selftests/test_wrong_commands.py``; strict expected failures need it too)
REVEALING = CacheTree(
    (
        Entry("wheels/aa/foo-1.0-py3-none-any.whl", 7),
        Entry("wheels/aa/foo_bar-1.0-py3-none-any.whl", 7),
        Entry("wheels/bb/foobar-2.0-py3-none-any.whl", 7),
        Entry("wheels/bb/Foo-1.0-py3-none-any.whl", 7),
        Entry("wheels/cc/xfoo-1.0-py3-none-any.whl", 7),
        Entry("http/0/1/2/3/4/01234567", 5),
        Entry("http-v2/0/1/2/3/4/01234567", 5),
        Entry("http-v2/0/1/2/3/4/01234567.body", 9),
        Entry("wheels/dd/notes.txt", 3),
    ),
    empty_dirs=("wheels/ee",),
)


@pytest.mark.statement("commands.list-all-wheels")
@pytest.mark.pip_layout
@given(tree=cache_trees())
@example(tree=REVEALING)
def test_list_shows_exactly_the_wheel_files(commands: CacheCommands, tree: CacheTree) -> None:
    """``pip cache list`` names every wheel file once per file, and nothing else."""
    with cache_with_sentinel(tree) as (cache, _):
        result = run(commands, cache, "list")
    assert result.exit_code == 0, result
    assert listed_names(result) == names(tree.wheel_files())


@pytest.mark.statement("commands.list-package-wheels")
@pytest.mark.pip_layout
@given(tree=cache_trees(), project=st.sampled_from(PROJECTS))
@example(tree=REVEALING, project="foo")
def test_list_name_shows_exactly_that_projects_wheels(
    commands: CacheCommands, tree: CacheTree, project: str
) -> None:
    """``pip cache list NAME`` names NAME's wheels: not ``NAME_other``'s, not ``xNAME``'s."""
    with cache_with_sentinel(tree) as (cache, _):
        result = run(commands, cache, "list", project)
    assert result.exit_code == 0, result
    mine = [e for e in tree.wheel_files() if e.path.rsplit("/", 1)[-1].startswith(project + "-")]
    assert listed_names(result) == names(mine)


def selected(tree: CacheTree, project: str) -> set[str]:
    """The paths of ``project``'s wheel files (``<project>-...whl``, exact name)."""
    return {
        e.path for e in tree.wheel_files() if e.path.rsplit("/", 1)[-1].startswith(project + "-")
    }


@pytest.mark.statement("commands.remove-package-wheels")
@pytest.mark.pip_layout
@given(tree=cache_trees(), project=st.sampled_from(PROJECTS))
@example(tree=REVEALING, project="foo")
def test_remove_deletes_exactly_that_projects_wheels(
    commands: CacheCommands, tree: CacheTree, project: str
) -> None:
    """``pip cache remove NAME`` deletes NAME's wheel files; every other wheel file stays byte for
    byte; nothing beside the cache changes.

    The page speaks of wheel files and HTTP cache files only: what happens to other files and to
    directories is observed (``observed.commands.remove-only-selected-files`` up to pip 25.x,
    ``observed.commands.remove-prunes-empty-dirs`` from 26.0), and so is the exit code of a
    remove that selects nothing (``observed.commands.no-match``)."""
    with cache_with_sentinel(tree) as (cache, sentinel):
        before, outside = snapshot(cache), snapshot(sentinel)
        result = run(commands, cache, "remove", project)
        after = snapshot(cache)
        assert snapshot(sentinel) == outside
    gone = selected(tree, project)
    if gone:
        assert result.exit_code == 0, result
    assert not gone & set(after), "wheel files of the project left"
    others = [e.path for e in tree.wheel_files() if e.path not in gone]
    assert {p: after.get(p) for p in others} == {p: before[p] for p in others}, "other wheels"


@pytest.mark.statement("commands.remove-keeps-http")
@pytest.mark.pip_layout
@given(tree=cache_trees(), project=st.sampled_from(PROJECTS))
@example(tree=REVEALING, project="foo")
def test_remove_keeps_every_http_file(
    commands: CacheCommands, tree: CacheTree, project: str
) -> None:
    """``pip cache remove NAME``: every HTTP cache file (``http`` and ``http-v2``) stays byte
    for byte. (The remove must have run: with wheels to remove it succeeds.)"""
    with cache_with_sentinel(tree) as (cache, _):
        before = snapshot(cache)
        result = run(commands, cache, "remove", project)
        after = snapshot(cache)
    if selected(tree, project):
        assert result.exit_code == 0, result
    http = [e.path for e in tree.http_files()]
    assert {p: after.get(p) for p in http} == {p: before[p] for p in http}, "HTTP files"


@pytest.mark.statement("observed.commands.remove-only-selected-files")
@pytest.mark.pip_layout
@given(tree=cache_trees(), project=st.sampled_from(PROJECTS))
@example(tree=REVEALING, project="foo")
def test_remove_leaves_every_other_file_and_directory(
    commands: CacheCommands, tree: CacheTree, project: str
) -> None:
    """Up to pip 25.x, remove deletes the selected wheel files and nothing else: stray files
    under ``wheels/`` and every directory, emptied or not, stay."""
    with cache_with_sentinel(tree) as (cache, _):
        before = snapshot(cache)
        run(commands, cache, "remove", project)
        after = snapshot(cache)
    assert after == {k: v for k, v in before.items() if k not in selected(tree, project)}


def http_cache_dir(impl: Implementation) -> str:
    """The directory of the HTTP cache the page names for the pip the implementation claims:
    ``http-v2`` from 23.3 ("A new cache format is now used, stored in a directory called
    http-v2"), ``http`` before ("Previously this cache was stored in a directory called http");
    an implementation claiming no pip version is held to the page's own (24.2)."""
    version = impl.pip_version or registry.PAGE_VERSION
    return "http-v2" if registry.load()["http.http-v2-directory"].holds_for(version) else "http"


@pytest.mark.statement("commands.purge-clears-all")
@given(tree=cache_trees())
@example(tree=REVEALING)
def test_purge_leaves_no_wheel_or_http_file(
    commands: CacheCommands, impl: Implementation, tree: CacheTree
) -> None:
    """``pip cache purge`` deletes every wheel file and every file of the HTTP cache: ``http-v2``
    for a pip from 23.3 (the page's), ``http`` for an older one. What a pip from 23.3 does with
    the old ``http`` directory, and an older one with ``http-v2`` (not its cache), is observed
    (``observed.commands.remove-star-is-purge``, ``observed.commands.purge-http-v2``); so is a
    purge of a cache with neither (``observed.commands.no-match``)."""
    http_dir = http_cache_dir(impl)
    with cache_with_sentinel(tree) as (cache, sentinel):
        outside = snapshot(sentinel)
        result = run(commands, cache, "purge")
        after = snapshot(cache)
        assert snapshot(sentinel) == outside
    wheels = [e.path for e in tree.wheel_files()]
    http = [e.path for e in tree.http_files() if e.path.startswith(http_dir + "/")]
    if wheels or http:
        assert result.exit_code == 0, result
    assert [p for p in wheels if p in after] == [], "wheel files left"
    assert [p for p in http if p in after] == [], f"{http_dir} files left"


@pytest.mark.statement("observed.commands.purge-wheels-only")
def test_purge_leaves_the_http_cache(commands: CacheCommands) -> None:
    """pip 20.1 and 20.2: purge deletes the wheel files and leaves the HTTP cache files."""
    with cache_with_sentinel(REVEALING) as (cache, _):
        before = snapshot(cache)
        run(commands, cache, "purge")
        after = snapshot(cache)
    assert not [e.path for e in REVEALING.wheel_files() if e.path in after]
    assert all(after.get(e.path) == before[e.path] for e in REVEALING.http_files())


@pytest.mark.statement("observed.commands.purge-http-v2")
@given(tree=cache_trees())
@example(tree=REVEALING)
def test_purge_clears_http_v2(commands: CacheCommands, tree: CacheTree) -> None:
    """Since the http-v2 format (23.3), purge deletes its files too."""
    with cache_with_sentinel(tree) as (cache, _):
        run(commands, cache, "purge")
        after = snapshot(cache)
    assert [e.path for e in tree.http_files() if e.path in after] == []


@pytest.mark.statement("commands.info-overview")
@pytest.mark.pip_layout
@given(tree=cache_trees())
@example(tree=REVEALING)
def test_info_counts_and_sizes_the_wheels(commands: CacheCommands, tree: CacheTree) -> None:
    """``pip cache info`` shows where the wheels are, how many, and their total size."""
    with cache_with_sentinel(tree) as (cache, _):
        result = run(commands, cache, "info")
    assert result.exit_code == 0, result
    assert str(cache / "wheels") in result.stdout
    assert int(field(result, r"^Number of (?:locally built )?wheels: (\d+)$")) == len(
        tree.wheel_files()
    )
    low, high = size_range(field(result, r"^(?:Locally built wheels |Wheels )?[Ss]ize: (.+)$"))
    in_wheels = [e.size for e in tree.files if e.path.startswith("wheels/")]
    assert low <= sum(in_wheels) <= high or low <= sum(e.size for e in tree.wheel_files()) <= high


@pytest.mark.statement("observed.commands.info-http")
@pytest.mark.pip_layout
@given(tree=cache_trees())
def test_info_counts_and_sizes_http_files(commands: CacheCommands, tree: CacheTree) -> None:
    """``info`` reports both HTTP cache directories, their file count and joint size."""
    with cache_with_sentinel(tree) as (cache, _):
        result = run(commands, cache, "info")
    assert str(cache / "http-v2") in result.stdout
    assert int(field(result, r"^Number of HTTP files: (\d+)$")) == len(tree.http_files())
    low, high = size_range(field(result, r"^Package index page cache size: (.+)$"))
    assert low <= sum(e.size for e in tree.http_files()) <= high


@pytest.mark.statement("commands.manage")
def test_dir_prints_the_directory_the_locations_facet_names(
    commands: CacheCommands, locations: object, tmp_path: Path
) -> None:
    """``pip cache dir`` prints the effective cache directory."""
    env = clean_env(HOME=str(tmp_path))
    args = ["--cache-dir", "rel/../cache"]
    result = commands.run_cache(["dir", *args], env=env, cwd=tmp_path)
    expected = locations.effective_cache_dir(args, env, tmp_path)  # type: ignore[attr-defined]
    assert result.exit_code == 0, result
    assert result.stdout == f"{expected}\n"


@pytest.mark.statement("disable.no-cache-dir-option")
@pytest.mark.parametrize("sub", SUBCOMMANDS)
def test_no_cache_dir_leaves_the_cache_alone(
    commands: CacheCommands, sub: str, tmp_path: Path
) -> None:
    """With ``--no-cache-dir`` a cache command does not work on the cache that PIP_CACHE_DIR
    names: it neither names it, lists it, nor changes it. (That pip then fails, 'ERROR: pip cache
    commands can not function since cache is disabled.', is pip's own way:
    ``observed.locations.cache-dir-command-disabled``.)"""
    cache = build(
        CacheTree(
            (Entry("wheels/ab/foo-1.0-py3-none-any.whl", 10), Entry("http-v2/a/b/c/d/e/abcde", 5))
        ),
        tmp_path / "cache",
    )
    before = snapshot(cache)
    env = clean_env(HOME=str(tmp_path), PIP_CACHE_DIR=str(cache))
    args = [sub, "foo"] if sub == "remove" else [sub]
    result = commands.run_cache([*args, "--no-cache-dir"], env=env, cwd=tmp_path)
    assert str(cache) not in result.stdout, result
    assert "foo-1.0" not in result.stdout, result
    assert snapshot(cache) == before
