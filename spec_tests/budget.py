"""The suite's Hypothesis budgets: its profiles, the one a run loads, and changes for one call.

- ``spec-inprocess`` (100 examples, the thorough budget) for an implementation that runs in the
  suite's process, ``spec-subprocess`` (6) for one driven by subprocess (``is_subprocess``),
  ``spec-selftest`` for self-tests that only need to see a wrong implementation fail;
  ``--hypothesis-profile`` wins.
- ``spec-dev`` (10 examples): the in-process budget of a run whose ini sets ``spec_budget = dev``
  (the checkout's ``pyproject.toml`` does: the README's ``pytest``, run on every change); the
  installed suite, ``tox -e model`` and CI's model step run the thorough budget
  (``--hypothesis-profile=spec-inprocess``). :func:`thorough` says which one a run has.
- Hypothesis binds a test's settings when ``@given`` decorates it (when its module is imported);
  :func:`hypothesis_settings` changes them for one call and puts them back
  (:func:`selftest_budget`: a self-test's direct call at the ``spec-selftest`` budget).
- :func:`no_shrinking`: a test whose failure is predicted stops at its first failing example.
- :class:`SelftestBudget`: a plugin for a self-test's inline run of the spec modules: the
  ``spec-selftest`` budget for every Hypothesis test, also where the outer run imported the
  modules under ``spec-inprocess`` (where ``--hypothesis-profile`` given to the inner run alone
  changes nothing: the catalogue self-test took a minute instead of two seconds).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from spec_tests.interface import Implementation

__all__ = [
    "DEV",
    "EXPECTED",
    "INI",
    "SELFTEST",
    "THOROUGH",
    "SelftestBudget",
    "at_most",
    "hypothesis_settings",
    "load_profile",
    "no_shrinking",
    "register_profiles",
    "selftest_budget",
    "thorough",
]

#: the profile of self-tests that only need to see a wrong implementation fail
SELFTEST = "spec-selftest"
#: the in-process budgets: thorough (the verdict's) and dev (the checkout's default run)
THOROUGH, DEV = "spec-inprocess", "spec-dev"
#: the ini key naming the in-process budget of a run without ``--hypothesis-profile``
INI = "spec_budget"


def register_profiles() -> None:
    """Registered when the suite loads, so that ``--hypothesis-profile=spec-...`` finds them."""
    from hypothesis import HealthCheck, Phase, settings

    # one failure per test: several distinct ones would come as an ExceptionGroup, which a
    # gate's or a known divergence's expected failure (an AssertionError) does not accept
    common: dict[str, Any] = {
        "deadline": None,
        "database": None,
        "print_blob": True,
        "report_multiple_bugs": False,
    }
    settings.register_profile(THOROUGH, max_examples=100, **common)
    settings.register_profile(DEV, max_examples=10, **common)
    settings.register_profile(
        "spec-subprocess",
        max_examples=6,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        **common,
    )
    # for self-tests that only need to see a wrong implementation fail: no shrinking
    settings.register_profile(
        SELFTEST,
        max_examples=50,
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
        **common,
    )


register_profiles()


#: whether the run's in-process budget is the thorough one (set by :func:`load_profile`)
THOROUGH_KEY = pytest.StashKey[bool]()


def load_profile(config: pytest.Config, impl: Implementation) -> None:
    from hypothesis import settings
    from hypothesis.errors import InvalidArgument

    name = config.getoption("hypothesis_profile", None)
    if name is None:
        if getattr(impl, "is_subprocess", False):
            name = "spec-subprocess"
        else:
            name = DEV if config.getini(INI) == "dev" else THOROUGH
        settings.load_profile(name)
    try:
        examples = settings.get_profile(name).max_examples
    except InvalidArgument:  # a profile unknown here: Hypothesis' own plugin reports it
        examples = 0
    config.stash[THOROUGH_KEY] = examples >= settings.get_profile(THOROUGH).max_examples


def thorough(config: pytest.Config) -> bool:
    """Whether the run's profile gives a Hypothesis test at least the thorough budget's examples
    (bounded loops that are not Hypothesis tests scale with it). Read from the run's own
    configuration: a self-test's inline run may load another profile meanwhile."""
    return config.stash.get(THOROUGH_KEY, True)


def at_most(config: pytest.Config, bound: Any) -> Any:
    """Settings of a test that chooses its own (a state machine's profile): unchanged under the
    thorough budget, with at most the dev budget's examples under the dev one."""
    if thorough(config):
        return bound
    from hypothesis import settings

    examples = min(bound.max_examples, settings.get_profile(DEV).max_examples)
    return settings(bound, max_examples=examples)


@contextmanager
def hypothesis_settings(
    item: pytest.Item, changes: Callable[[Any], Mapping[str, Any]]
) -> Iterator[None]:
    """For the duration of a call, ``item``'s Hypothesis test runs with ``changes(bound)`` made
    to the settings bound to it (its own ``@settings`` over the profile active when its module
    was imported: Hypothesis binds them at decoration); they are put back afterwards."""
    test = getattr(item, "obj", None)
    bound = getattr(test, "_hypothesis_internal_use_settings", None)
    changed = changes(bound) if bound is not None else {}
    if not changed:
        yield
        return
    from hypothesis import settings

    test._hypothesis_internal_use_settings = settings(bound, **changed)  # type: ignore[union-attr]
    try:
        yield
    finally:
        test._hypothesis_internal_use_settings = bound  # type: ignore[union-attr]


#: the expectations of :mod:`spec_tests.gates` that make a test a strict expected failure
EXPECTED = ("gate", "divergence")


def no_shrinking(item: pytest.Item) -> Callable[[Any], Mapping[str, Any]]:
    """A test whose failure is predicted (a version gate, a known divergence) stops at its first
    failing example: the outcome is the same, and shrinking it costs a real installer one process
    per step (a hundred and more for one test of pip 23.2.1)."""
    predicted = any(("expectation", kind) in item.user_properties for kind in EXPECTED)

    def changes(bound: Any) -> Mapping[str, Any]:
        if not predicted:
            return {}
        return {"phases": [phase for phase in bound.phases if phase.name != "shrink"]}

    return changes


class SelftestBudget:
    """A pytest plugin for inline runs: the ``spec-selftest`` budget (at most its examples, its
    phases) for every Hypothesis test, on top of the test's own ``@settings``."""

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Iterator[None]:
        with hypothesis_settings(item, _selftest_budget):
            return (yield)  # type: ignore[misc]


@contextmanager
def selftest_budget(test: Callable[..., object]) -> Iterator[None]:
    """A Hypothesis test that a self-test calls directly runs at the ``spec-selftest`` budget."""
    with hypothesis_settings(SimpleNamespace(obj=test), _selftest_budget):  # type: ignore[arg-type]
        yield


def _selftest_budget(bound: Any) -> Mapping[str, Any]:
    from hypothesis import settings

    budget = settings.get_profile(SELFTEST)
    return {"max_examples": min(bound.max_examples, budget.max_examples), "phases": budget.phases}
