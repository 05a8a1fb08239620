"""``pip cache list|remove PATTERN``: what a pattern selects, and what ``remove`` answers and leaves
behind (the observed tier: the page names the commands, pip's rules for patterns are its own).

Run on fixed trees (``FIXED``, ``REVEALING``) or Hypothesis's, through the ``commands`` facet,
with the helpers of ``test_commands.py``.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import pytest
from hypothesis import given

from spec_tests.harness.tree import CacheTree, Entry, cache_trees, snapshot
from spec_tests.test_commands import REVEALING, cache_with_sentinel, listed_names, run

if TYPE_CHECKING:
    from spec_tests.interface import CacheCommands

FIXED = CacheTree(
    (
        *tuple(
            Entry(f"wheels/{d}/{n}", 5)
            for d, n in [
                ("a", "foo-1.0-py3-none-any.whl"),
                ("b/c", "foo-2.0-py3-none-any.whl"),
                ("a", "foo_bar-1.0-py3-none-any.whl"),
                ("d", "Foo_Bar-1.0-py3-none-any.whl"),
                ("a", "foobar-1.0-py3-none-any.whl"),
                ("a", "Foo-1.0-py3-none-any.whl"),
                ("e", "foo.whl"),
                ("e", "foo-1.0.tar.gz"),
            ]
        ),
        Entry("http-v2/1/2/3/4/5/k", 9),
        Entry("http-v2/1/2/3/4/5/k.body", 9),
    )
)

PATTERN_TABLE = {
    "foo": ["foo-1.0-py3-none-any.whl", "foo-2.0-py3-none-any.whl"],
    "Foo": ["Foo-1.0-py3-none-any.whl"],
    "foo_bar": ["foo_bar-1.0-py3-none-any.whl"],
    "foo-bar": [],
    "foo.bar": [],
    "foo-2": ["foo-2.0-py3-none-any.whl"],
    "f?o": ["foo-1.0-py3-none-any.whl", "foo-2.0-py3-none-any.whl"],
    "[Ff]oo_Bar": ["Foo_Bar-1.0-py3-none-any.whl"],
    "foo*": [
        "foo-1.0-py3-none-any.whl",
        "foo-2.0-py3-none-any.whl",
        "foo_bar-1.0-py3-none-any.whl",
        "foobar-1.0-py3-none-any.whl",
    ],
    "*": [
        "Foo-1.0-py3-none-any.whl",
        "Foo_Bar-1.0-py3-none-any.whl",
        "foo-1.0-py3-none-any.whl",
        "foo-2.0-py3-none-any.whl",
        "foo_bar-1.0-py3-none-any.whl",
        "foobar-1.0-py3-none-any.whl",
    ],
    "a/foo": [],
    "*.whl": [],
    "foo-1.0-py3-none-any.whl": [],
}


@pytest.mark.statement("observed.commands.pattern-rule")
@pytest.mark.pip_layout
@pytest.mark.parametrize(("pattern", "expected"), sorted(PATTERN_TABLE.items()))
def test_pattern_selects_by_completed_glob_on_names(
    commands: CacheCommands, pattern: str, expected: list[str]
) -> None:
    """What a pattern selects, measured on pip 24.2: glob + '-*.whl' / '*.whl', no normalising."""
    with cache_with_sentinel(FIXED) as (cache, _):
        result = run(commands, cache, "list", pattern)
    assert result.exit_code == 0, result
    assert listed_names(result) == Counter(expected)


@pytest.mark.statement("observed.commands.list-abspath")
@pytest.mark.pip_layout
@given(tree=cache_trees())
def test_list_abspath_prints_sorted_paths(commands: CacheCommands, tree: CacheTree) -> None:
    with cache_with_sentinel(tree) as (cache, _):
        result = run(commands, cache, "list", "--format=abspath")
    assert result.exit_code == 0, result
    expected = sorted(str(cache / e.path) for e in tree.wheel_files())
    assert result.stdout == "".join(f"{p}\n" for p in expected)


@pytest.mark.statement("observed.commands.no-match")
def test_remove_without_match_warns_and_succeeds(commands: CacheCommands) -> None:
    with cache_with_sentinel(FIXED) as (cache, _):
        result = run(commands, cache, "remove", "nothing")
        listed = run(commands, cache, "list", "nothing")
    with cache_with_sentinel(CacheTree(())) as (cache, _):
        purged = run(commands, cache, "purge")
    assert result.exit_code == 0, result
    assert result.stderr == 'WARNING: No matching packages for pattern "nothing"\n'
    assert result.stdout.startswith("Files removed: 0")
    assert listed.stdout == "No locally built wheels cached.\n"
    assert purged.exit_code == 0, purged
    assert purged.stderr == "WARNING: No matching packages\n"
    assert purged.stdout.startswith("Files removed: 0")


@pytest.mark.statement("observed.commands.remove-star-is-purge")
@pytest.mark.pip_layout
def test_remove_star_takes_http_files(commands: CacheCommands) -> None:
    """``remove '*'`` leaves no file of the ``http`` cache, and of ``http-v2`` exactly what
    purge leaves (pip 23.2 and older do not know http-v2: both leave it)."""
    with cache_with_sentinel(REVEALING) as (cache, other):
        run(commands, cache, "remove", "*")
        run(commands, other, "purge")
        after, purged = snapshot(cache), snapshot(other)
    assert [
        e.path for e in REVEALING.http_files() if e.path.startswith("http/") and e.path in after
    ] == []
    http_v2 = [e.path for e in REVEALING.http_files() if e.path.startswith("http-v2/")]
    assert [p for p in http_v2 if p in after] == [p for p in http_v2 if p in purged]


@pytest.mark.statement("observed.commands.remove-reports-size")
def test_remove_reports_bytes_removed(commands: CacheCommands) -> None:
    with cache_with_sentinel(FIXED) as (cache, _):
        result = run(commands, cache, "remove", "foo")
    assert "Files removed: 2 (10 bytes)" in result.stdout


@pytest.mark.statement("observed.commands.remove-prunes-empty-dirs")
@pytest.mark.pip_layout
def test_remove_prunes_directories_left_without_wheels(commands: CacheCommands) -> None:
    """pip 26: after remove, directories under ``wheels/`` with no ``.whl`` file left go, with
    any other file in them; those that still hold a wheel stay."""
    tree = CacheTree((*FIXED.files, Entry("wheels/b/c/origin.json", 4), Entry("wheels/f/x.txt", 4)))
    with cache_with_sentinel(tree) as (cache, _):
        result = run(commands, cache, "remove", "foo-2")
        after = snapshot(cache)
    assert "Directories removed: " in result.stdout
    assert "wheels/b" not in after
    assert "wheels/f" not in after
    assert "wheels/a/foo-1.0-py3-none-any.whl" in after
    assert "http-v2/1/2/3/4/5/k" in after
