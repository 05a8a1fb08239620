"""Self-tests: deliberately wrong HTTP caches must be caught by the state machine.

Each wrong model is the reference model with one rule broken; the machine of
``test_http_statemachine.py`` runs against it, in-process, and must fail.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, Phase, settings

from model.http import cached_session
from model.http.adapter import CachingAdapter
from model.http.policy import Forward, Outcome, Serve, on_request
from spec_tests.harness.http_scenario import in_process_scenarios
from spec_tests.test_http_statemachine import run_http_machine

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    import requests

    from model.http.policy import Entry, Request, Response

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


class NeverRefreshesOn304(CachingAdapter):
    """Serves the stored bytes on a 304 but keeps the old headers: the timer never restarts."""

    def decide_response(self, entry: Entry | None, request: Request, answer: Response) -> Outcome:
        if answer.status == 304 and entry is not None:
            return Outcome(reply=entry.response)
        return super().decide_response(entry, request, answer)


class IgnoresExpires(CachingAdapter):
    """Reads only max-age: a response with just Expires is stale at once."""

    def decide_request(self, entry: Entry | None, request: Request, now: float) -> Serve | Forward:
        if entry is not None:
            fields = tuple(f for f in entry.response.headers if f[0].lower() != "expires")
            entry = replace(entry, response=replace(entry.response, headers=fields))
        decision = on_request(entry, request, now)
        return decision


class SendsNoValidator(CachingAdapter):
    """Refreshes an expired entry with an unconditional request."""

    def decide_request(self, entry: Entry | None, request: Request, now: float) -> Serve | Forward:
        decision = super().decide_request(entry, request, now)
        return Forward(drop=decision.drop) if isinstance(decision, Forward) else decision


@dataclass(frozen=True)
class WrongHttp:
    adapter: type[CachingAdapter]

    def session(self, cache_dir: Path, *, trusted_hosts: Sequence[str] = ()) -> requests.Session:
        return cached_session(cache_dir, adapter=self.adapter, trusted_hosts=trusted_hosts)


@pytest.mark.parametrize("adapter", [NeverRefreshesOn304, IgnoresExpires, SendsNoValidator])
def test_state_machine_catches_wrong_model(adapter: type[CachingAdapter]) -> None:
    with pytest.raises(AssertionError), in_process_scenarios(WrongHttp(adapter)) as scenarios:
        run_http_machine(scenarios, HUNT)
