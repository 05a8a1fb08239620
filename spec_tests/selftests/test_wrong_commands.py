"""Self-tests: wrong ``pip cache remove`` implementations are caught by the command tests.

Each wrong implementation wraps the model's facet and breaks one rule of the page:
- one also deletes the HTTP cache files ("HTTP cache files are not removed at this time.");
- one matches the pattern as a substring of the file name (``foo`` takes ``foo_bar``'s wheels).

They are caught on the tests' explicit ``@example`` tree (``test_commands.REVEALING``), so the
self-tests do not depend on what hypothesis happens to generate.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

from spec_tests import test_commands
from spec_tests.adapters.model import implementation

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from pathlib import Path

    from spec_tests.interface import CacheCommands, CommandResult


def _model() -> CacheCommands:
    facet = implementation().commands
    assert facet is not None
    return facet


def _cache_dir(args: Sequence[str]) -> str:
    return args[list(args).index("--cache-dir") + 1]


class RemoveAlsoDeletesHttp:
    def run_cache(self, args: Sequence[str], *, env: Mapping[str, str], cwd: Path) -> CommandResult:
        result = _model().run_cache(args, env=env, cwd=cwd)
        if args and args[0] == "remove":
            for part in ("http", "http-v2"):
                for dirpath, _, files in os.walk(os.path.join(_cache_dir(args), part)):
                    for f in files:
                        os.unlink(os.path.join(dirpath, f))
        return result


class RemoveMatchesSubstring:
    def run_cache(self, args: Sequence[str], *, env: Mapping[str, str], cwd: Path) -> CommandResult:
        if args and args[0] in ("remove", "list") and len(args) > 1 and "-" not in args[1]:
            args = [args[0], f"*{args[1]}*", *args[2:]]
        return _model().run_cache(args, env=env, cwd=cwd)


def _on_examples(test: Callable[..., None]) -> Callable[..., None]:
    """``test``'s body run on its ``@example`` trees only: deterministic, whatever hypothesis
    profile is loaded. (Through hypothesis, catching the substring match needs a drawn tree
    with, say, foo and foo_bar wheels while the project drawn is foo: measured over 200 runs of
    the strategy, 11 runs of 50 examples and 103 of 6 drew none, so a full run failed now and
    then. The spec tests run the same examples first on every implementation.)"""
    examples = test.hypothesis_explicit_examples  # type: ignore[attr-defined]
    assert examples, f"{test.__name__} has no @example: the self-test would depend on chance"
    inner = test.hypothesis.inner_test  # type: ignore[attr-defined]

    def run(*, commands: CacheCommands) -> None:
        for ex in examples:
            inner(commands=commands, **ex.kwargs)

    return run


def test_wrong_remove_is_caught() -> None:
    """Each wrong remove fails its own sentence's test, and only that one: one bug, one charge."""
    keeps_http = _on_examples(test_commands.test_remove_keeps_every_http_file)
    exact = _on_examples(test_commands.test_remove_deletes_exactly_that_projects_wheels)
    with pytest.raises(AssertionError):
        keeps_http(commands=RemoveAlsoDeletesHttp())
    exact(commands=RemoveAlsoDeletesHttp())
    with pytest.raises(AssertionError):
        exact(commands=RemoveMatchesSubstring())


def test_substring_list_is_caught() -> None:
    check = _on_examples(test_commands.test_list_name_shows_exactly_that_projects_wheels)
    with pytest.raises(AssertionError):
        check(commands=RemoveMatchesSubstring())


def test_model_passes_the_same_checks() -> None:
    """The wrappers are what is wrong: the model itself passes."""
    _on_examples(test_commands.test_remove_deletes_exactly_that_projects_wheels)(commands=_model())
    test_commands.test_remove_deletes_exactly_that_projects_wheels(commands=_model())
