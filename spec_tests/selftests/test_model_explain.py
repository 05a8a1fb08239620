"""The model's ``--explain`` quotes the registry: its own table of sentences cannot drift.

The model never imports the suite, so :mod:`model.install.explain` keeps its own copy of the
sentences it cites. Each must equal the registry's text for that id (whitespace-normalised, as
the registry's own self-test compares quotes with the page), be a documented statement, and every
observed id it names must be an observed statement.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from model.install import explain
from model.wheels.links import LinkKind
from spec_tests import registry
from spec_tests.registry import Tier


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("sid", sorted(explain.SENTENCES))
def test_sentence_is_the_registry_text(sid: str) -> None:
    statement = registry.load().get(sid)
    assert statement is not None, f"{sid} is not in the registry"
    assert statement.tier is Tier.DOCUMENTED
    assert _squash(explain.SENTENCES[sid]) == _squash(statement.text)


@pytest.mark.parametrize("sid", sorted(explain.OBSERVED))
def test_observed_ids_are_observed_statements(sid: str) -> None:
    statement = registry.load().get(sid)
    assert statement is not None, f"{sid} is not in the registry"
    assert statement.tier is Tier.OBSERVED


def test_every_cited_id_is_known() -> None:
    """The decision table cites only ids the explanations can render."""
    cited = set(explain.BUILT.values())
    assert cited <= set(explain.SENTENCES) | explain.OBSERVED


def _exchange(**kw: object) -> object:
    from model.http.adapter import Exchange
    from model.http.policy import Request

    asked = kw.pop("asked", Request("GET", "https://o.test/f"))
    return Exchange("https://o.test/f", asked, **kw)  # type: ignore[arg-type]


def _http_cases() -> dict[str, object]:
    """One exchange per branch of the HTTP policy, by the statement its explanation cites."""
    from model.http.policy import Entry, Forward, Outcome, Request, Response, Serve

    stored = Entry(Response(200, (("ETag", '"a"'), ("Last-Modified", "x")), b"body"))
    index = Request("GET", "https://o.test/f", (("Cache-Control", "max-age=0"),))
    new = Response(200, (("ETag", '"b"'),), b"new")
    cases = {
        "observed.http.plain-http-not-cached": _exchange(stored=None, decision=None),
        "http.fresh-served-from-cache": _exchange(stored=stored, decision=Serve(stored)),
        "observed.http.stale-without-etag-dropped": _exchange(
            stored=stored, decision=Forward(drop=True)
        ),
        "observed.http.index-pages-revalidated": _exchange(
            asked=index, stored=stored, decision=Forward((("If-None-Match", '"a"'),))
        ),
        "observed.http.both-validators-sent": _exchange(
            stored=stored,
            decision=Forward((("If-None-Match", '"a"'), ("If-Modified-Since", "x"))),
        ),
        "http.not-modified-uses-cached": _exchange(
            stored=stored,
            decision=Forward((("If-None-Match", '"a"'),)),
            answer=Response(304),
            outcome=Outcome(stored.response, stored),
        ),
        "http.new-response-stored": _exchange(
            stored=None, decision=Forward(), answer=new, outcome=Outcome(new, Entry(new))
        ),
        "observed.http.error-status-not-stored": _exchange(
            stored=None, decision=Forward(), answer=Response(404), outcome=Outcome(Response(404))
        ),
    }
    return cases


def test_each_http_decision_cites_its_statement() -> None:
    for sid, exchange in _http_cases().items():
        text = "\n".join(explain.http_lines(exchange))  # type: ignore[arg-type]
        assert f"[{sid}]" in text, f"{sid} not cited:\n{text}"


#: what ``--explain`` prints, pinned: every HTTP branch above and every wheel-cache event for
#: every (link kind, decision) the installer meets (regenerate with ``python -m
#: spec_tests.selftests.test_model_explain`` after a deliberate change, and read the diff)
GOLDEN = Path(__file__).with_name("explain_lines.txt")


def _more_http_cases() -> dict[str, object]:
    """The branches whose explanation cites nothing new, or the same as another's."""
    from model.http.policy import Entry, Forward, Outcome, Request, Response

    stored = Entry(Response(200, (("ETag", '"a"'),), b"body"))
    no_cache = Request("GET", "https://o.test/f", (("Cache-Control", "no-cache"),))
    again = Forward((("If-None-Match", '"a"'),))
    return {
        "no-cache asked": _exchange(asked=no_cache, stored=stored, decision=again),
        "asked, no answer yet": _exchange(stored=None, decision=Forward()),
        "no-cache asked, both validators": _exchange(
            asked=no_cache, stored=stored,
            decision=Forward((("If-None-Match", '"a"'), ("If-Modified-Since", "x"))),
        ),
        "200 over a stored one": _exchange(
            stored=stored, decision=again, answer=Response(200, (), b"new"),
            outcome=Outcome(Response(200, (), b"new"), Entry(Response(200, (), b"new"))),
        ),
        "no-store drops": _exchange(
            stored=stored, decision=again, answer=Response(200), outcome=Outcome(Response(200),
            delete=True),
        ),
        "200 not stored": _exchange(
            stored=None, decision=Forward(), answer=Response(200), outcome=Outcome(Response(200))
        ),
        "400 not stored": _exchange(
            stored=None, decision=Forward(), answer=Response(400), outcome=Outcome(Response(400))
        ),
        "399 not stored": _exchange(
            stored=None, decision=Forward(), answer=Response(399), outcome=Outcome(Response(399))
        ),
    }  # fmt: skip


def _all_lines() -> str:
    from model.install.explain import WheelDecision, WheelEvent
    from model.wheels.decision import CacheDecision

    out = []
    for sid, exchange in {**_http_cases(), **_more_http_cases()}.items():
        out += [f"## http {sid}", *explain.http_lines(exchange)]  # type: ignore[arg-type]
    for event in WheelEvent:
        for kind, decision in [*explain.BUILT, (LinkKind.WHEEL, CacheDecision.PERSISTENT)]:
            subject = f"<{kind.name.lower()}>"
            out += [f"## wheel {event.name} {kind.name} {decision.name}"]
            out += explain.wheel_lines(WheelDecision(event, kind, decision, subject))
    return "\n".join(out) + "\n"


def test_explanations_are_pinned() -> None:
    assert _all_lines() == GOLDEN.read_text(encoding="utf-8")


def test_explainer_writes_only_when_asked() -> None:
    from model.install.explain import Explainer, WheelEvent
    from model.wheels.decision import CacheDecision

    written: list[str] = []
    [exchange] = list(_http_cases().values())[:1]
    Explainer(None).http(exchange)  # type: ignore[arg-type]
    Explainer(None).wheel(WheelEvent.STORED, LinkKind.WHEEL, CacheDecision.PERSISTENT, "w")
    Explainer(written.append).http(exchange)  # type: ignore[arg-type]
    Explainer(written.append).wheel(
        WheelEvent.STORED, LinkKind.REMOTE_ARCHIVE, CacheDecision.PERSISTENT, "w"
    )
    assert written == [
        *explain.http_lines(exchange),  # type: ignore[arg-type]
        *explain.wheel_lines(
            explain.WheelDecision(
                WheelEvent.STORED, LinkKind.REMOTE_ARCHIVE, CacheDecision.PERSISTENT, "w"
            )
        ),
    ]


if __name__ == "__main__":
    GOLDEN.write_text(_all_lines(), encoding="utf-8")
