"""Self-tests: wrong ``pip cache remove`` implementations (``wrong.py``) are caught by the command
tests, each by its own sentence's test only. They wrap the model's facet and break one rule:
- one also deletes the HTTP cache files ("HTTP cache files are not removed at this time.");
- one matches the pattern as a substring of the file name (``foo`` takes ``foo_bar``'s wheels).

They are caught on the tests' explicit ``@example`` tree (``test_commands.REVEALING``), so the
self-tests do not depend on what hypothesis happens to generate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from spec_tests import test_commands
from spec_tests.adapters.model import implementation
from spec_tests.budget import selftest_budget
from spec_tests.selftests.wrong import MatchesSubstrings, RemoveAlsoDeletesHttp

if TYPE_CHECKING:
    from collections.abc import Callable

    from spec_tests.interface import CacheCommands


def _model() -> CacheCommands:
    facet = implementation().commands
    assert facet is not None
    return facet


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
        exact(commands=MatchesSubstrings())


def test_substring_list_is_caught() -> None:
    check = _on_examples(test_commands.test_list_name_shows_exactly_that_projects_wheels)
    with pytest.raises(AssertionError):
        check(commands=MatchesSubstrings())


def test_model_passes_the_same_checks() -> None:
    """The wrappers are what is wrong: the model itself passes (on the examples, and on drawn
    trees at the self-test budget: the conformance run gives it the full one)."""
    test = test_commands.test_remove_deletes_exactly_that_projects_wheels
    _on_examples(test)(commands=_model())
    with selftest_budget(test):
        test(commands=_model())
