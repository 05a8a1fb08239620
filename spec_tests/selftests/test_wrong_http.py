"""Self-tests: deliberately wrong HTTP caches must be caught by the state machine and by the
scenario of the sentence they break.

Each wrong model is the reference model with one rule broken; the machine of
``test_http_statemachine.py`` (the page's world) and the named scenario of ``test_http.py`` run
against it, in-process, and must fail.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, Phase, settings

from model.http import FileStore, cached_session
from model.http.adapter import CachingAdapter
from model.http.policy import Forward, Outcome, Serve, on_request
from spec_tests import test_http
from spec_tests.harness.http_scenario import in_process_scenarios
from spec_tests.test_http_statemachine import run_examples, run_http_machine

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path

    import requests

    from model.http.policy import Entry, Request, Response
    from spec_tests.harness.http_scenario import Scenario

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


class FreshForeverAfter304(CachingAdapter):
    """Serves the stored bytes on a 304 and keeps the entry fresh for good from then on."""

    def decide_response(self, entry: Entry | None, request: Request, answer: Response) -> Outcome:
        outcome = super().decide_response(entry, request, answer)
        if answer.status == 304 and outcome.store is not None:
            stored = outcome.store.response
            fields = tuple(f for f in stored.headers if f[0].lower() != "cache-control")
            forever = replace(stored, headers=(*fields, ("Cache-Control", "max-age=999999999")))
            return replace(outcome, store=replace(outcome.store, response=forever))
        return outcome


class StillUsesHttp(CachingAdapter):
    """Keeps its entries in the old ``http`` directory instead of ``http-v2``."""

    def __init__(self, store: FileStore, **kw: Any) -> None:
        super().__init__(FileStore(store.root.parent / "http"), **kw)


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


@pytest.mark.parametrize(
    ("adapter", "scenario"),
    [
        (
            FreshForeverAfter304,
            test_http.test_not_modified_serves_stored_bytes_and_restarts_the_timer,
        ),
        (
            NeverRefreshesOn304,
            test_http.test_not_modified_serves_stored_bytes_and_restarts_the_timer,
        ),
        (StillUsesHttp, test_http.test_deleting_the_old_http_directory_changes_nothing),
    ],
    ids=["304-fresh-forever", "304-no-refresh", "still-uses-http"],
)
def test_scenario_catches_wrong_model(
    adapter: type[CachingAdapter], scenario: Callable[[Scenario], None]
) -> None:
    with (
        in_process_scenarios(WrongHttp(adapter)) as scenarios,
        scenarios() as s,
        pytest.raises(AssertionError),
    ):
        scenario(s)
