"""The HTTP cache as a state machine: the clock moves, the origin changes its answer, the client
GETs; after every GET the implementation must have sent a request exactly when the rules say, with
the right validators, and returned the right bytes.

The oracle below is written from the page ("HTTP responses") and, where the page is silent, from
pip's measured rules (the ``observed.http.*`` statements); it shares no code with the model.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule, run_state_machine_as_test

from spec_tests.harness.clock import START, http_date
from spec_tests.harness.http_scenario import FetchFailed
from spec_tests.harness.origin import Answer

if TYPE_CHECKING:
    from spec_tests.harness.http_scenario import Scenario, ScenarioFactory


# Budgets: an in-process GET costs microseconds, a pip run about a second.
settings.register_profile(
    "http-in-process",
    max_examples=int(os.environ.get("PIP_CACHE_SPEC_HTTP_EXAMPLES", "100")),
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
# By subprocess: the same examples on every run (a column of the committed table must not depend
# on luck), and no shrinking (a failure is reported as found; shrinking costs hundreds of runs).
settings.register_profile(
    "http-subprocess",
    max_examples=int(os.environ.get("PIP_CACHE_SPEC_HTTP_PIP_EXAMPLES", "3")),
    stateful_step_count=8,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=list(HealthCheck),
)

LAST_MODIFIED = http_date(START - 86_400)


# ------------------------------------------------------------------ the oracle


def _max_age(fields: dict[str, str]) -> int | None:
    for part in fields.get("cache-control", "").split(","):
        name, _, value = part.strip().partition("=")
        if name == "max-age" and value.isdigit():
            return int(value)
    return None


def _age_limit(stored: dict[str, str]) -> int:
    """How long a stored response is fresh after its Date: max-age, else Expires - Date, else 0."""
    max_age = _max_age(stored)
    if max_age is not None:
        return max_age
    if "expires" in stored:
        return _epoch(stored["expires"]) - _epoch(stored["date"])
    return 0


def _epoch(http_date: str) -> int:
    from email.utils import parsedate_to_datetime

    return int(parsedate_to_datetime(http_date).timestamp())


@dataclass
class Oracle:
    """What a cache following the rules holds: the stored header fields (lower-case names) and
    body, or nothing."""

    fields: dict[str, str] | None = None
    body: bytes = b""

    def fresh(self, now: int) -> bool:
        """Page: "a suitable response stored for that request which has not expired"."""
        if self.fields is None:
            return False
        return _age_limit(self.fields) > max(0, now - _epoch(self.fields["date"]))

    def validators(self) -> tuple[str | None, str | None]:
        """Page: "it will attempt to make a conditional request": only an ETag keeps a stale entry
        (observed), and then Last-Modified rides along."""
        if self.fields is None or "etag" not in self.fields:
            self.fields = None
            return None, None
        return self.fields["etag"], self.fields.get("last-modified")

    def answered(self, status: int, fields: dict[str, str], body: bytes) -> bytes | None:
        """The origin's answer: what the client gets (None: an error) and what is stored."""
        if status == 304 and self.fields is not None:
            # Page: "use the cached item (and refresh the expiration timer)".
            self.fields = {**self.fields, **fields}
            return self.body
        if status >= 400:
            return None
        cc = fields.get("cache-control", "")
        if status in (200, 203):  # observed: the status codes pip stores (of those drawn)
            if "no-store" in cc:
                self.fields = None
            elif "etag" in fields or _max_age(fields) or "expires" in fields:
                # Page: "a whole new response which pip can then store in the cache".
                # Observed: an ETag suffices; otherwise a positive max-age or any Expires.
                self.fields, self.body = dict(fields), body
        return body


# ------------------------------------------------------------------ the machine

_ETAGS = st.sampled_from([None, '"a"', '"b"'])
_AGES = st.sampled_from([None, 0, 30, 60, 300])
_EXPIRES = st.sampled_from([None, -10, 0, 60, 300])


@st.composite
def answers(draw: st.DrawFn, now: int) -> Answer:
    fields: dict[str, str] = {}
    directives = []
    max_age = draw(_AGES)
    if max_age is not None:
        directives.append(f"max-age={max_age}")
    if draw(st.booleans()) and draw(st.booleans()):
        directives.append("no-store")
    if draw(st.booleans()) and draw(st.booleans()):
        directives.append("no-cache")
    if directives:
        fields["Cache-Control"] = ", ".join(directives)
    expires = draw(_EXPIRES)
    if expires is not None:
        fields["Expires"] = http_date(now + expires)
    etag = draw(_ETAGS)
    if etag is not None:
        fields["ETag"] = etag
    if draw(st.booleans()):
        fields["Last-Modified"] = LAST_MODIFIED
    return Answer(
        status=draw(st.sampled_from([200, 200, 200, 203, 404])),
        variant=draw(st.integers(1, 3)),
        headers=fields,
        date_skew=draw(st.sampled_from([0, 0, -100, 50])),
    )


class HttpCacheMachine(RuleBasedStateMachine):
    def __init__(self, factory: ScenarioFactory) -> None:
        super().__init__()
        self._exit = contextlib.ExitStack()
        self.s: Scenario = self._exit.enter_context(factory())
        self.oracle = Oracle()

    def teardown(self) -> None:
        self._exit.close()

    def _now(self) -> int:
        return int(self.s.clock.now())

    @initialize(data=st.data())
    def first_answer(self, data: st.DataObject) -> None:
        self.s.origin.answer(data.draw(answers(self._now())))

    @rule(seconds=st.sampled_from([1, 29, 30, 31, 59, 60, 61, 100, 250, 301, 1000]))
    def advance(self, seconds: int) -> None:
        self.s.clock.advance(seconds)

    @rule(data=st.data())
    def origin_changes(self, data: st.DataObject) -> None:
        self.s.origin.answer(data.draw(answers(self._now())))

    @rule()
    def get(self) -> None:
        now, seen_before = self._now(), len(self.s.origin.seen)
        try:
            got: bytes | None = self.s.client.get(self.s.url)
        except FetchFailed:
            got = None
        seen = self.s.origin.seen[seen_before:]
        if self.oracle.fresh(now):
            assert seen == [], "a fresh stored response must be served without a request"
            assert got == self.oracle.body, "a fresh stored response must be served as stored"
            return
        inm, ims = self.oracle.validators()
        # One fetch may send several requests (a HEAD, a retry): the page speaks of what they
        # mean. With a validator, the fetch revalidates (a conditional GET or HEAD carrying
        # exactly it); without one, it asks unconditionally.
        assert seen, "a stale or missing response must be asked for"
        sent = [(r.header("If-None-Match"), r.header("If-Modified-Since")) for r in seen]
        conditional = [v for v in sent if v != (None, None)]
        if inm is None:
            assert conditional == [], f"no validator is stored, yet the fetch sent {conditional}"
        else:
            assert conditional, "a stale response with a validator must be revalidated"
            assert set(conditional) == {(inm, ims)}, f"wrong validators: {conditional}"
        status, fields, body = self.s.origin.last_reply
        expected = self.oracle.answered(status, {k.lower(): v for k, v in fields}, body)
        assert got == expected, "wrong bytes returned"


def run_http_machine(factory: ScenarioFactory, profile: settings) -> None:
    """Run the machine against the implementation behind ``factory``."""
    run_state_machine_as_test(lambda: HttpCacheMachine(factory), settings=profile)


@pytest.mark.statement("http.fresh-served-from-cache")
@pytest.mark.statement("http.expired-conditional-request")
@pytest.mark.statement("http.not-modified-uses-cached")
@pytest.mark.statement("http.new-response-stored")
def test_http_cache_state_machine(http_scenarios: ScenarioFactory, http: object) -> None:
    from spec_tests.interface import HttpCache

    kind = "http-in-process" if isinstance(http, HttpCache) else "http-subprocess"
    run_http_machine(http_scenarios, settings.get_profile(kind))
