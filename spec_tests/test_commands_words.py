"""Cache management, in the words every ``pip cache`` since 20.1 shares: the listing's layout, how
a size is written, what ``info`` names, and the refusal of arguments a subcommand does not take.

``test_commands.py`` parses only the parts of the output it needs; ``test_commands_format.py``
compares whole outputs with a pip 24.2 it is given. These tests pin, without a reference pip, the
words and numbers that pip 20.1 to 26.3 print alike (measured), each against a fixed tree.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from spec_tests.harness.cleanenv import clean_env
from spec_tests.harness.tree import CacheTree, Entry, build, snapshot

if TYPE_CHECKING:
    from pathlib import Path

    from spec_tests.interface import CacheCommands, CommandResult

#: (bytes, as pip writes them): both sides of each threshold (1000, 10 000, 1 000 000 bytes)
SIZES = (
    (999, "999 bytes"),
    (1000, "1000 bytes"),
    (1001, "1.0 kB"),
    (9999, "10.0 kB"),
    (10_000, "10.0 kB"),
    (10_001, "10 kB"),
    (999_999, "999 kB"),
    (1_000_000, "1000 kB"),
    (1_000_001, "1.0 MB"),
    (12_345_678, "12.3 MB"),
)


def _run(commands: CacheCommands, cache: Path, *args: str) -> CommandResult:
    env = clean_env(HOME=str(cache.parent))
    return commands.run_cache([*args, "--cache-dir", str(cache)], env=env, cwd=cache.parent)


@pytest.mark.statement("observed.commands.list-human")
def test_list_prints_a_heading_then_sorted_lines(commands: CacheCommands, tmp_path: Path) -> None:
    """'Cache contents:', a blank line, then `` - NAME (SIZE)`` per wheel file, sorted."""
    tree = CacheTree(
        (
            Entry("wheels/b/zeta-1.0-py3-none-any.whl", 5),
            Entry("wheels/a/alpha-2.0-py3-none-any.whl", 7),
            Entry("wheels/a/notes.txt", 3),
        )
    )
    result = _run(commands, build(tree, tmp_path / "cache"), "list")
    assert result.exit_code == 0, result
    assert result.stdout == (
        "Cache contents:\n\n"
        " - alpha-2.0-py3-none-any.whl (7 bytes)\n"
        " - zeta-1.0-py3-none-any.whl (5 bytes)\n"
    )


@pytest.mark.statement("observed.commands.size-units")
def test_list_writes_sizes_in_decimal_units(commands: CacheCommands, tmp_path: Path) -> None:
    """Each wheel's size as pip writes it, on both sides of every threshold."""
    tree = CacheTree(tuple(Entry(f"wheels/s/p{n:09d}-1.0-py3-none-any.whl", n) for n, _ in SIZES))
    result = _run(commands, build(tree, tmp_path / "cache"), "list")
    assert result.exit_code == 0, result
    lines = result.stdout.splitlines()[2:]
    assert lines == [f" - p{n:09d}-1.0-py3-none-any.whl ({text})" for n, text in SIZES]


@pytest.mark.statement("observed.commands.size-units")
@pytest.mark.parametrize(("n_bytes", "text"), [SIZES[1], SIZES[2]], ids=["1000", "1001"])
def test_info_writes_the_total_in_decimal_units(
    commands: CacheCommands, tmp_path: Path, n_bytes: int, text: str
) -> None:
    """``info``'s wheel total, split over two files, is written like one file's size (pip 20.1
    calls the line 'Size:', later pips 'Locally built wheels size:')."""
    half = n_bytes // 2
    tree = CacheTree(
        (
            Entry("wheels/a/foo-1.0-py3-none-any.whl", half),
            Entry("wheels/b/bar-1.0-py3-none-any.whl", n_bytes - half),
        )
    )
    result = _run(commands, build(tree, tmp_path / "cache"), "info")
    assert result.exit_code == 0, result
    sizes = re.findall(r"^(?:Locally built wheels )?[Ss]ize: (.+)$", result.stdout, re.MULTILINE)
    assert sizes == [text], result.stdout


@pytest.mark.statement("observed.commands.info-http")
def test_info_names_each_http_directory_on_its_own_line(
    commands: CacheCommands, tmp_path: Path
) -> None:
    """The new directory (http-v2) and the old one (http), each the end of a location line."""
    tree = CacheTree((Entry("http-v2/a/b/c/d/e/abcde", 5), Entry("http/a/b/c/d/e/abcde", 7)))
    cache = build(tree, tmp_path / "cache")
    result = _run(commands, cache, "info")
    assert result.exit_code == 0, result
    ends = [line.rpartition(": ")[2] for line in result.stdout.splitlines()]
    assert str(cache / "http-v2") in ends
    assert str(cache / "http") in ends


@pytest.mark.statement("observed.commands.extra-arguments-refused")
@pytest.mark.parametrize(
    "args",
    [["dir", "x"], ["info", "x"], ["purge", "x"], ["list", "foo", "bar"], ["remove", "foo", "bar"]],
    ids=["dir", "info", "purge", "list", "remove"],
)
def test_extra_arguments_are_refused_and_nothing_is_deleted(
    commands: CacheCommands, tmp_path: Path, args: list[str]
) -> None:
    """More arguments than the subcommand takes: an error, and the cache is left as it was."""
    tree = CacheTree(
        (Entry("wheels/a/foo-1.0-py3-none-any.whl", 5), Entry("http-v2/a/b/c/d/e/abcde", 5))
    )
    cache = build(tree, tmp_path / "cache")
    before = snapshot(cache)
    result = _run(commands, cache, *args)
    assert result.exit_code == 1, result
    assert "ERROR: Too many arguments" in result.stderr
    assert snapshot(cache) == before


@pytest.mark.statement("observed.commands.usage-error")
@pytest.mark.parametrize(
    ("args", "option"),
    [(["purge", "--no-such-option"], "--no-such-option"), (["list", "--format=bogus"], "--format")],
    ids=["unknown-option", "bad-format"],
)
def test_bad_option_prints_the_usage_and_does_nothing(
    commands: CacheCommands, tmp_path: Path, args: list[str], option: str
) -> None:
    """A bad option: the usage (one line per subcommand), the reason naming the option, exit code
    2, and the cache left as it was."""
    tree = CacheTree((Entry("wheels/a/foo-1.0-py3-none-any.whl", 5),))
    cache = build(tree, tmp_path / "cache")
    before = snapshot(cache)
    result = _run(commands, cache, *args)
    assert result.exit_code == 2, result
    lines = result.stderr.splitlines()
    assert "Usage:" in [line.strip() for line in lines]
    for form in ("cache dir", "cache info", "cache list [<pattern>]", "cache remove <pattern>"):
        assert any(line.startswith("  ") and f" {form}" in line for line in lines), form
    assert option in lines[-1]
    assert snapshot(cache) == before
