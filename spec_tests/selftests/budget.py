"""The Hypothesis budget of an inline run in a self-test, whatever run imported the test modules.

Hypothesis binds a test's settings when ``@given`` decorates it, that is when its module is first
imported. An inline ``pytester`` run of the spec modules inside the README's ``pytest`` reuses the
modules the outer run imported under ``spec-inprocess`` (100 examples, shrinking), so a
``--hypothesis-profile=spec-selftest`` given to the inner run alone changes nothing there: a
self-test that takes seconds alone took a minute in the full run. :class:`SelftestBudget`, passed
as a plugin to the inner run, gives each Hypothesis test the ``spec-selftest`` budget (at most its
examples, its phases: no shrinking) for the duration of its call, on top of the test's own
``@settings``, and puts the bound settings back afterwards.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

if TYPE_CHECKING:
    from collections.abc import Generator

__all__ = ["PROFILE", "SelftestBudget"]

PROFILE = "spec-selftest"


class SelftestBudget:
    """A pytest plugin for inline runs: the ``spec-selftest`` budget for every Hypothesis test."""

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Generator[None, object, object]:
        test = getattr(item, "obj", None)
        bound = getattr(test, "_hypothesis_internal_use_settings", None)
        if bound is None:
            return (yield)
        budget = settings.get_profile(PROFILE)
        test._hypothesis_internal_use_settings = settings(  # type: ignore[union-attr]
            bound,
            max_examples=min(bound.max_examples, budget.max_examples),
            phases=budget.phases,
        )
        try:
            return (yield)
        finally:
            test._hypothesis_internal_use_settings = bound  # type: ignore[union-attr]
