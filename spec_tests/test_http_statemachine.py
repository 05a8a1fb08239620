"""The HTTP cache as a state machine: the clock moves, the origin changes its answer, the client
GETs; after every GET the implementation must have sent a request exactly when the rules say, with
the right validators, and returned the right bytes.

Two worlds, two oracles (neither shares code with the model):

- **the page's** (four tests, one per documented statement the machine checks): answers as users
  meet them, where the page's sentences and browser rules decide everything. The file's bytes
  never change; every answer states its freshness (``max-age`` or ``Expires``), so no heuristic
  freshness can apply; ``Last-Modified`` only beside an ``ETag``; a world is ``no-store`` from the
  start or never; status 200. A revalidation carries the stored ``ETag``, and may carry the stored
  ``Last-Modified`` (RFC 9111 says "should"). Real implementations run a fixed set of examples
  (:data:`EXAMPLES`), in-process ones hypothesis's as well. One run per implementation (by
  subprocess it costs a minute); it stops at its first violation, which is charged to the
  sentence it breaks (:data:`_CHARGED`), so one bug fails one sentence.
- **pip's** (``test_pip_http_rules_state_machine``, ``observed.http.pip-rules``): any bytes, 203
  and 404 answers, ``no-cache``, ``Last-Modified`` alone, ``no-store`` at any time, judged by pip's
  measured rules (the ``observed.http.*`` statements), where the page is silent.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule, run_state_machine_as_test

from spec_tests import budget
from spec_tests.harness.clock import START, http_date, http_epoch
from spec_tests.harness.http_scenario import FetchFailed, scenarios_for
from spec_tests.harness.origin import Answer

if TYPE_CHECKING:
    from collections.abc import Iterator

    from spec_tests.harness.http_scenario import Scenario, ScenarioFactory


# Budgets: an in-process GET costs microseconds, a pip run about a second. Two machines share
# the in-process budget of the suite (issue 17: the model suite in seconds); under the dev budget
# (the checkout's default run) they run as many examples as spec-dev gives a test.
settings.register_profile(
    "http-in-process",
    max_examples=int(os.environ.get("PIP_CACHE_SPEC_HTTP_EXAMPLES", "50")),
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


def _epoch(value: str) -> int:
    when = http_epoch(value)
    assert when is not None, f"not an HTTP date: {value!r}"
    return int(when)


@dataclass
class Oracle:
    """What a cache following the rules holds: the stored header fields (lower-case names) and
    body, or nothing. ``page_only``: judge by the page and browser rules only (a revalidation may
    leave ``If-Modified-Since`` out); else by pip's measured rules."""

    page_only: bool
    fields: dict[str, str] | None = None
    body: bytes = b""

    def fresh(self, now: int) -> bool:
        """Page: "a suitable response stored for that request which has not expired"."""
        if self.fields is None:
            return False
        return _age_limit(self.fields) > max(0, now - _epoch(self.fields["date"]))

    def validators(self) -> set[tuple[str | None, str | None]]:
        """The validators a stale entry may be revalidated with; ``{(None, None)}``: none (it is
        asked for unconditionally). Page: "it will attempt to make a conditional request"; only
        an ETag keeps a stale entry (observed), and then Last-Modified rides along (observed;
        RFC 9111: "should")."""
        if self.fields is None or "etag" not in self.fields:
            self.fields = None
            return {(None, None)}
        etag, modified = self.fields["etag"], self.fields.get("last-modified")
        return {(etag, modified), (etag, None)} if self.page_only else {(etag, modified)}

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


# ------------------------------------------------------------------ the worlds

_ETAGS = st.sampled_from([None, '"a"', '"b"'])
_AGES = st.sampled_from([None, 0, 30, 60, 300])
_EXPIRES = st.sampled_from([None, -10, 0, 60, 300])
_SKEWS = st.sampled_from([0, 0, -100, 50])


@st.composite
def pip_answers(draw: st.DrawFn, now: int) -> Answer:
    """Anything an origin may answer: pip's rules decide (observed.http.pip-rules)."""
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
        date_skew=draw(_SKEWS),
    )


@st.composite
def page_answers(draw: st.DrawFn, now: int, no_store: bool) -> Answer:
    """What a file's origin answers where the page decides everything: the same bytes, an
    explicit freshness, Last-Modified only with an ETag, no-store in a no-store world only."""
    fields: dict[str, str] = {}
    max_age = draw(_AGES)
    expires = draw(_EXPIRES if max_age is not None else _EXPIRES.filter(lambda e: e is not None))
    directives = ([f"max-age={max_age}"] if max_age is not None else []) + (
        ["no-store"] if no_store else []
    )
    if directives:
        fields["Cache-Control"] = ", ".join(directives)
    if expires is not None:
        fields["Expires"] = http_date(now + expires)
    etag = draw(_ETAGS)
    if etag is not None:
        fields["ETag"] = etag
        if draw(st.booleans()):
            fields["Last-Modified"] = LAST_MODIFIED
    return Answer(variant=1, headers=fields, date_skew=draw(_SKEWS))


# ------------------------------------------------------------------ the machine


class HttpCacheSteps:
    """One scenario, driven step by step: the origin's answer, the clock, the client's GETs, each
    GET judged by the oracle."""

    def __init__(self, factory: ScenarioFactory, *, page_only: bool) -> None:
        self._exit = contextlib.ExitStack()
        self.s: Scenario = self._exit.enter_context(factory())
        self.oracle = Oracle(page_only=page_only)

    def close(self) -> None:
        self._exit.close()

    def now(self) -> int:
        return int(self.s.clock.now())

    def answer(self, answer: Answer) -> None:
        self.s.origin.answer(answer)

    def advance(self, seconds: int) -> None:
        self.s.clock.advance(seconds)

    def get(self) -> None:
        now, seen_before = self.now(), len(self.s.origin.seen)
        try:
            got: bytes | None = self.s.client.get(self.s.url)
        except FetchFailed:
            got = None
        seen = self.s.origin.seen[seen_before:]
        if self.oracle.fresh(now):
            assert seen == [], "a fresh stored response must be served without a request"
            assert got == self.oracle.body, "a fresh stored response must be served as stored"
            return
        allowed = self.oracle.validators()
        # One fetch may send several requests (a HEAD, a retry): the page speaks of what they
        # mean. With a validator, the fetch revalidates (a conditional GET or HEAD carrying
        # exactly it); without one, it asks unconditionally.
        assert seen, "a stale or missing response must be asked for"
        sent = {(r.header("If-None-Match"), r.header("If-Modified-Since")) for r in seen}
        conditional = sent - {(None, None)}
        if allowed == {(None, None)}:
            assert conditional == set(), f"no validator is stored, yet the fetch sent {conditional}"
        else:
            assert conditional, "a stale response with a validator must be revalidated"
            assert conditional <= allowed, f"wrong validators: {conditional}, not of {allowed}"
        status, fields, body = self.s.origin.last_reply
        expected = self.oracle.answered(status, {k.lower(): v for k, v in fields}, body)
        assert got == expected, "wrong bytes returned"


class HttpCacheMachine(RuleBasedStateMachine):
    """hypothesis drives :class:`HttpCacheSteps` in one of the two worlds."""

    def __init__(self, factory: ScenarioFactory, *, page_only: bool) -> None:
        super().__init__()
        self.steps = HttpCacheSteps(factory, page_only=page_only)
        self.page_only = page_only
        self.no_store = False

    def teardown(self) -> None:
        self.steps.close()

    def _draw(self, data: st.DataObject) -> Answer:
        now = self.steps.now()
        world = page_answers(now, self.no_store) if self.page_only else pip_answers(now)
        return data.draw(world)

    @initialize(data=st.data())
    def first_answer(self, data: st.DataObject) -> None:
        # one world in five is a no-store one: the page's cases are mostly about storing
        self.no_store = self.page_only and data.draw(st.integers(0, 4)) == 0
        self.steps.answer(self._draw(data))

    @rule(seconds=st.sampled_from([1, 29, 30, 31, 59, 60, 61, 100, 250, 301, 1000]))
    def advance(self, seconds: int) -> None:
        self.steps.advance(seconds)

    @rule(data=st.data())
    def origin_changes(self, data: st.DataObject) -> None:
        self.steps.answer(self._draw(data))

    @rule()
    def get(self) -> None:
        self.steps.get()


def run_http_machine(factory: ScenarioFactory, profile: settings, *, page_only: bool) -> None:
    """Run the machine of one world against the implementation behind ``factory``."""
    run_state_machine_as_test(
        lambda: HttpCacheMachine(factory, page_only=page_only), settings=profile
    )


# ------------------------------------------------------------------ fixed examples (the page's)

Step = Callable[[HttpCacheSteps], None]


def _answer(**fields: str | int) -> Step:
    skew = int(fields.pop("skew", 0))
    expires = fields.pop("expires", None)

    def step(m: HttpCacheSteps) -> None:
        headers = {k.replace("_", "-").title(): str(v) for k, v in fields.items()}
        if expires is not None:
            headers["Expires"] = http_date(m.now() + int(expires))
        m.answer(Answer(variant=1, headers=headers, date_skew=skew))

    return step


def _advance(seconds: int) -> Step:
    return lambda m: m.advance(seconds)


def _get(m: HttpCacheSteps) -> None:
    m.get()


LM = LAST_MODIFIED
#: The page's world, step by step: what each sentence of the section needs, for every
#: implementation (13 fetches in all).
EXAMPLES: dict[str, list[Step]] = {
    "fresh, stale, revalidated by a 304 that restarts the timer, which runs out again": [
        _answer(cache_control="max-age=60", etag='"a"', last_modified=LM),
        _get, _advance(30), _get, _advance(31), _get, _advance(30), _get, _advance(31), _get,
    ],
    "a new ETag: the 200 replaces the stored response, which is then fresh": [
        _answer(cache_control="max-age=60", etag='"a"'), _get,
        _answer(cache_control="max-age=60", etag='"b"'), _advance(61), _get, _advance(30), _get,
    ],
    "Expires minus a skewed Date; stale without a validator: asked unconditionally": [
        _answer(expires=300, skew=-100), _get, _advance(299), _get, _advance(2), _get,
    ],
    "no-store: asked every time, never revalidated": [
        _answer(cache_control="no-store, max-age=300", etag='"a"'), _get, _advance(1), _get,
    ],
}  # fmt: skip


def run_examples(factory: ScenarioFactory) -> None:
    """Run :data:`EXAMPLES`; a violation is raised as the machine raised it, noting the example."""
    for name, steps in EXAMPLES.items():
        machine = HttpCacheSteps(factory, page_only=True)
        try:
            for step in steps:
                step(machine)
        except AssertionError as exc:
            exc.add_note(f"in the fixed example {name!r}")
            raise
        finally:
            machine.close()


# ------------------------------------------------------------------ one run, four statements

#: the sentence each of the machine's failure messages speaks for
_CHARGED = {
    "a fresh stored response must be served": "http.fresh-served-from-cache",
    "a stale or missing response must be asked for": "http.expired-conditional-request",
    "no validator is stored": "http.expired-conditional-request",
    "a stale response with a validator must be revalidated": "http.expired-conditional-request",
    "wrong validators": "http.expired-conditional-request",
}


@dataclass(frozen=True)
class Violation:
    statement: str
    error: AssertionError


def _charged(error: AssertionError, scenario: Scenario) -> str:
    message = str(error)
    for prefix, statement in _CHARGED.items():
        if message.startswith(prefix):
            return statement
    if message.startswith("wrong bytes returned"):
        # after a 304 the stored item is what must come back; after a 200, the new response
        not_modified = scenario.origin.last_reply[0] == 304
        return "http.not-modified-uses-cached" if not_modified else "http.new-response-stored"
    raise error  # not one of the machine's checks: an error, never a verdict


def _in_process(config: pytest.Config) -> settings:
    """The in-process machines' settings, held to the run's budget (``budget.at_most``)."""
    return budget.at_most(config, settings.get_profile("http-in-process"))


@pytest.fixture(scope="module")
def machine_run(http: object, request: pytest.FixtureRequest) -> Violation | None:
    """The page's machine run against the implementation (the fixed examples, then, in-process,
    hypothesis's): its first violation, if any."""
    from spec_tests.interface import HttpCache

    scenarios: list[Scenario] = []
    with scenarios_for(http, lambda: request.getfixturevalue("https_origin")) as factory:

        @contextlib.contextmanager
        def recorded() -> Iterator[Scenario]:
            with factory() as scenario:
                scenarios.append(scenario)
                yield scenario

        try:
            run_examples(recorded)
            if isinstance(http, HttpCache):
                profile = _in_process(request.config)
                run_http_machine(recorded, profile, page_only=True)
        except AssertionError as exc:
            return Violation(_charged(exc, scenarios[-1]), exc)
    return None


def _check(run: Violation | None, statement: str) -> None:
    if run is not None and run.statement == statement:
        raise run.error


@pytest.mark.statement("http.fresh-served-from-cache")
def test_machine_fresh_served_from_cache(machine_run: Violation | None) -> None:
    """Whenever the stored response has not expired, it is served without a request."""
    _check(machine_run, "http.fresh-served-from-cache")


@pytest.mark.statement("http.expired-conditional-request")
def test_machine_expired_conditional_request(machine_run: Violation | None) -> None:
    """Whenever the stored response has expired, a request follows (conditional on its ETag)."""
    _check(machine_run, "http.expired-conditional-request")


@pytest.mark.statement("http.not-modified-uses-cached")
def test_machine_not_modified_uses_cached(machine_run: Violation | None) -> None:
    """Whenever the origin answers 304, the stored bytes are what the client gets."""
    _check(machine_run, "http.not-modified-uses-cached")


@pytest.mark.statement("http.new-response-stored")
def test_machine_new_response_stored(machine_run: Violation | None) -> None:
    """Whenever the origin answers with a whole response, its bytes are what the client gets."""
    _check(machine_run, "http.new-response-stored")


# ------------------------------------------------------------------ pip's world


@pytest.mark.statement("observed.http.pip-rules")
def test_pip_http_rules_state_machine(
    http_scenarios: ScenarioFactory, http: object, pytestconfig: pytest.Config
) -> None:
    """pip's world: any answer, judged by pip's measured rules."""
    from spec_tests.interface import HttpCache

    if isinstance(http, HttpCache):
        profile = _in_process(pytestconfig)
    else:
        profile = settings.get_profile("http-subprocess")
    run_http_machine(http_scenarios, profile, page_only=False)
