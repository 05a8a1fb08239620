"""Observed tier: the implementation's ``pip cache`` output is pip 24.2's, byte for byte.

The reference is a real pip 24.2, named by ``PIP_CACHE_SPEC_PIP242=/path/to/python`` (a Python
whose ``import pip`` is 24.2); without it these tests are skipped. Each hypothesis example builds
``TREES_PER_EXAMPLE`` cache trees and runs the same command lines through pip 24.2 (one process for
the whole batch, ``spec_tests/adapters/pip/batch_cache.py``) and through the implementation, each
on the tree built afresh at the same path; then compares exit code, stdout and stderr.
8 examples x 25 trees = 200 trees by default (``PIP_CACHE_SPEC_FORMAT_EXAMPLES`` changes 8).
"""

from __future__ import annotations

import os
import shutil
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spec_tests.adapters.pip.commands import PipCacheCommands
from spec_tests.harness.cleanenv import clean_env
from spec_tests.harness.tree import PROJECTS, CacheTree, Entry, build, cache_trees, scratch

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from spec_tests.interface import CacheCommands, CommandResult

REFERENCE_ENV = "PIP_CACHE_SPEC_PIP242"
TREES_PER_EXAMPLE = 25
EXAMPLES = int(os.environ.get("PIP_CACHE_SPEC_FORMAT_EXAMPLES", "8"))


@pytest.fixture(scope="module")
def pip242() -> PipCacheCommands:
    python = os.environ.get(REFERENCE_ENV)
    if not python:
        pytest.skip(f"set {REFERENCE_ENV}=/path/to/python with pip 24.2 to compare outputs")
    return PipCacheCommands(python)


def script(cache: Path, project: str) -> list[list[str]]:
    """The command lines run on one tree, in order (the last ones change it)."""
    d = ["--cache-dir", str(cache)]
    return [
        ["dir", *d],
        ["info", *d],
        ["list", *d],
        ["list", "--format=abspath", *d],
        ["list", project, *d],
        ["list", f"{project}-1*", "--format", "abspath", *d],
        ["-q", "list", *d],
        ["list", "a", "b", *d],
        ["remove", *d],
        ["-v", "remove", project, *d],
        ["remove", "no-such-project", *d],
        ["info", *d],
        ["-v", "purge", *d],
        ["purge", *d],
        ["info", "--no-cache-dir"],
        ["list", "--format=bogus", *d],
    ]


def _normalise(result: CommandResult, prog: str) -> tuple[int, str, str]:
    return result.exit_code, result.stdout, result.stderr.replace(prog, "PROG")


def _run_all(
    runner: CacheCommands, jobs: Sequence[list[str]], *, env: dict[str, str], cwd: Path
) -> list[CommandResult]:
    batch = getattr(runner, "run_cache_batch", None)
    if batch is not None:
        results: list[CommandResult] = batch(jobs, env=env, cwd=cwd)
        return results
    return [runner.run_cache(job, env=env, cwd=cwd) for job in jobs]


def _prog(runner: object) -> str:
    python = getattr(runner, "python", None)
    return f"{python} -m pip" if python else "pip-cache-model"


@pytest.mark.statement("observed.commands.output-24.2")
@settings(max_examples=EXAMPLES)
@given(
    trees=st.lists(cache_trees(), min_size=TREES_PER_EXAMPLE, max_size=TREES_PER_EXAMPLE),
    projects=st.lists(
        st.sampled_from(PROJECTS), min_size=TREES_PER_EXAMPLE, max_size=TREES_PER_EXAMPLE
    ),
)
def test_output_is_pip_242s(
    commands: CacheCommands, pip242: PipCacheCommands, trees: list[CacheTree], projects: list[str]
) -> None:
    """Every command line, on every generated tree: same exit code, stdout and stderr."""
    with scratch() as root:
        home = root / "home"
        home.mkdir()
        env = clean_env(HOME=str(home))
        caches = [root / f"cache{i}" for i in range(len(trees))]
        jobs = [job for c, p in zip(caches, projects, strict=True) for job in script(c, p)]

        def fresh() -> None:
            for cache, tree in zip(caches, trees, strict=True):
                shutil.rmtree(cache, ignore_errors=True)
                build(tree, cache)

        fresh()
        expected = _run_all(pip242, jobs, env=env, cwd=root)
        fresh()
        actual = _run_all(commands, jobs, env=env, cwd=root)
    for job, want, got in zip(jobs, expected, actual, strict=True):
        assert _normalise(got, _prog(commands)) == _normalise(want, _prog(pip242)), job


@pytest.mark.statement("observed.commands.output-24.2")
def test_batch_driver_answers_as_single_runs(pip242: PipCacheCommands) -> None:
    """The batch driver is a faithful stand-in for ``python -m pip cache`` one run at a time."""

    fixed = CacheTree(
        (
            Entry("wheels/a/foo-1.0-py3-none-any.whl", 1234),
            Entry("wheels/b/foo-1.0-py3-none-any.whl", 7),
            Entry("wheels/b/Foo_Bar-2.0-py3-none-any.whl", 20_000),
            Entry("wheels/b/notes.txt", 3),
            Entry("http-v2/0/1/2/3/4/k", 11),
            Entry("http-v2/0/1/2/3/4/k.body", 12),
            Entry("http/9/8/7/6/5/o", 13),
        )
    )
    with scratch() as root:
        (root / "home").mkdir()
        env = clean_env(HOME=str(root / "home"))
        cache = root / "cache"
        jobs = script(cache, "foo")
        build(fixed, cache)
        batched = pip242.run_cache_batch(jobs, env=env, cwd=root)
        shutil.rmtree(cache)
        build(fixed, cache)
        single = [pip242.run_cache(job, env=env, cwd=root) for job in jobs]
    assert batched == single
