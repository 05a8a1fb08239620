"""The model's ``--explain`` quotes the registry: its own table of sentences cannot drift.

The model never imports the suite, so :mod:`model.install.explain` keeps its own copy of the
sentences it cites. Each must equal the registry's text for that id (whitespace-normalised, as
the registry's own self-test compares quotes with the page), be a documented statement, and every
observed id it names must be an observed statement.
"""

from __future__ import annotations

import re

import pytest

from model.install import explain
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


def test_each_http_decision_cites_its_statement() -> None:
    """One exchange per branch of the HTTP policy; each explanation names its statement."""
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
    for sid, exchange in cases.items():
        text = "\n".join(explain.http_lines(exchange))  # type: ignore[arg-type]
        assert f"[{sid}]" in text, f"{sid} not cited:\n{text}"
