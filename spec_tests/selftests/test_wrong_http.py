"""Self-tests: deliberately wrong HTTP caches (``wrong_http.py``) must be caught by the state
machine of ``test_http_statemachine.py``, run against each in-process. (Each one failing the
scenario test of its sentence is ``test_wrong_catalogue.py``'s.)"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, Phase, settings

from spec_tests.harness.http_scenario import in_process_scenarios
from spec_tests.selftests.wrong_http import (
    FreshForeverAfter304,
    IgnoresExpires,
    NeverRefreshesOn304,
    SendsNoValidator,
    WrongHttp,
)
from spec_tests.test_http_statemachine import run_examples, run_http_machine

if TYPE_CHECKING:
    from model.http.adapter import CachingAdapter

HUNT = settings(
    max_examples=300,
    stateful_step_count=25,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.generate],  # finding the bug is enough; shrinking costs seconds
    report_multiple_bugs=False,
    suppress_health_check=list(HealthCheck),
)


MACHINE_CATCHES = [NeverRefreshesOn304, FreshForeverAfter304, IgnoresExpires, SendsNoValidator]


@pytest.mark.parametrize("adapter", MACHINE_CATCHES)
def test_state_machine_catches_wrong_model(adapter: type[CachingAdapter]) -> None:
    with pytest.raises(AssertionError), in_process_scenarios(WrongHttp(adapter)) as scenarios:
        run_http_machine(scenarios, HUNT, page_only=True)


@pytest.mark.parametrize("adapter", MACHINE_CATCHES)
def test_fixed_examples_catch_wrong_model(adapter: type[CachingAdapter]) -> None:
    """The examples real implementations run (no hypothesis) catch each of them too."""
    with pytest.raises(AssertionError), in_process_scenarios(WrongHttp(adapter)) as scenarios:
        run_examples(scenarios)
