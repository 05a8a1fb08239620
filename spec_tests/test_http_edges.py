"""HTTP responses at the edges of the rules: one URL one entry, the first second of freshness,
``Vary``, index pages validated by date alone, and what an unusable response leaves on disk.

Same scenarios as ``test_http.py`` (every implementation: in-process through ``responses`` and
freezegun, real pip through an HTTPS loopback origin and ``pip download``), on cases its tests do
not reach: each catches an implementation that is right on the plain case and wrong at the edge.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from spec_tests.harness.clock import START, http_date
from spec_tests.harness.origin import INDEX_PATH

if TYPE_CHECKING:
    from spec_tests.harness.http_scenario import Scenario

LONG_AGO = http_date(START - 86_400)


def _http_files(s: Scenario) -> list[str]:
    """Every file under the cache's HTTP directories (http-v2, and http before pip 23.3)."""
    return sorted(
        str(p.relative_to(s.cache_dir))
        for name in ("http-v2", "http")
        for p in (s.cache_dir / name).rglob("*")
        if p.is_file()
    )


@pytest.mark.statement("http.like-a-browser")
def test_each_url_has_its_own_entry(http_scenario: Scenario) -> None:
    """A browser keys its cache by URL, query string included: a fresh entry for one URL does not
    answer a request for another."""
    s = http_scenario
    s.origin.answer(variant=1, headers={"Cache-Control": "max-age=600"})
    assert s.client.get(s.url) == s.origin.body(1)
    s.origin.answer(variant=2, headers={"Cache-Control": "max-age=600"})
    assert s.client.get(f"{s.url}?mirror=2") == s.origin.body(2)
    assert s.origin.run(1), "another URL was answered from the first URL's entry"
    assert s.client.get(s.url) == s.origin.body(1)
    assert s.origin.run(2) == []


@pytest.mark.statement("http.fresh-served-from-cache")
def test_fresh_for_one_second_is_served_within_that_second(http_scenario: Scenario) -> None:
    """``max-age=1``, asked again at the same instant: not expired, so served without a request."""
    s = http_scenario
    s.origin.answer(variant=1, headers={"Cache-Control": "max-age=1"})
    assert s.client.get(s.url) == s.origin.body(1)
    s.origin.answer(variant=2, headers={"Cache-Control": "max-age=1"})
    assert s.client.get(s.url) == s.origin.body(1)
    assert s.origin.run(1) == [], "a response fresh for another second was asked for again"


@pytest.mark.statement("observed.http.vary")
def test_varying_response_serves_the_same_request(http_scenario: Scenario) -> None:
    """``Vary`` naming a field the client sends and one it does not: the same client asking again
    sends the same values (the absent one absent), so the stored response is served."""
    s = http_scenario
    fields = {"Cache-Control": "max-age=600", "Vary": "Accept-Encoding, X-Spec-Absent"}
    s.origin.answer(variant=1, headers=fields)
    assert s.client.get(s.url) == s.origin.body(1)
    s.origin.answer(variant=2, headers=fields)
    s.clock.advance(10)
    assert s.client.get(s.url) == s.origin.body(1)
    assert s.origin.run(1) == [], "a varying response was asked for again by the same request"


@pytest.mark.statement("observed.http.vary")
def test_vary_star_is_not_stored(http_scenario: Scenario) -> None:
    """``Vary: *``: no later request can match it, so it is not kept: asked again within its
    max-age, the file is requested again. (The bytes behind the URL stay the same, as a public
    index serves a file: whether a client re-downloads or trusts the file's name is not the
    question here.)"""
    s = http_scenario
    fields = {"Cache-Control": "max-age=600", "Vary": "*"}
    s.origin.answer(variant=1, headers=fields)
    assert s.client.get(s.url) == s.origin.body(1)
    s.clock.advance(10)
    assert s.client.get(s.url) == s.origin.body(1)
    assert s.origin.run(1), "a response with 'Vary: *' was served from the cache"
    assert _http_files(s) == []


@pytest.mark.statement("observed.http.index-pages-revalidated")
def test_index_page_with_last_modified_only_is_revalidated_by_date(
    http_scenario: Scenario,
) -> None:
    """A stored index page without an ETag: pip's max-age=0 request still revalidates it, with
    If-Modified-Since (a download without an ETag would drop it), and a 304 serves it."""
    s = http_scenario
    s.origin.answer(variant=1, headers={"Cache-Control": "max-age=600"})
    page = {"Cache-Control": "max-age=600", "Last-Modified": LONG_AGO}
    s.origin.answer(path=INDEX_PATH, variant=1, headers=page)
    s.client.get_index(s.origin.index_url, "demo")
    s.clock.advance(10)
    s.origin.answer(path=INDEX_PATH, variant=2, headers=page)
    s.client.get_index(s.origin.index_url, "demo")
    pages = [r for r in s.origin.seen if r.path == INDEX_PATH]
    assert len(pages) == 2, "a fresh index page is asked for again"
    assert pages[1].header("If-Modified-Since") == LONG_AGO
    assert pages[1].header("If-None-Match") is None


@pytest.mark.statement("observed.http.stale-without-etag-dropped")
def test_dropped_entry_leaves_no_file(http_scenario: Scenario) -> None:
    """The stale entry without an ETag is deleted: when the new answer may not be stored either,
    the HTTP cache is left empty."""
    s = http_scenario
    s.origin.answer(variant=1, headers={"Cache-Control": "max-age=60", "Last-Modified": LONG_AGO})
    s.client.get(s.url)
    assert _http_files(s), "nothing was stored"
    s.clock.advance(61)
    s.origin.answer(variant=2, headers={"Last-Modified": LONG_AGO})
    assert s.client.get(s.url) == s.origin.body(2)
    assert _http_files(s) == []


@pytest.mark.statement("observed.http.unusable-not-stored")
@pytest.mark.parametrize(
    "fields",
    [{"Cache-Control": "max-age=0"}, {"Cache-Control": "max-age=0", "Last-Modified": LONG_AGO}],
    ids=["max-age-0", "max-age-0-last-modified"],
)
def test_response_fresh_for_no_time_leaves_no_file(
    http_scenario: Scenario, fields: dict[str, str]
) -> None:
    """Without an ETag, a response whose max-age is 0 could never be served: nothing is kept."""
    s = http_scenario
    s.origin.answer(variant=1, headers=fields)
    assert s.client.get(s.url) == s.origin.body(1)
    assert _http_files(s) == []


@pytest.mark.statement("observed.http.cache-control-empty-elements")
@pytest.mark.parametrize(
    "value",
    ["public,, max-age=600", ", max-age=600"],
    ids=["empty-element", "leading-comma"],
)
def test_empty_list_elements_in_cache_control_are_skipped(
    http_scenario: Scenario, value: str
) -> None:
    """pip reads ``Cache-Control`` as a list whose empty elements it skips (RFC 9110 5.6.1): the
    ``max-age`` after them still makes the response fresh. No public index sends such a field, so
    this is pip's observed behaviour, not a test of the page's "like a web browser cache"."""
    _served_fresh_ten_seconds_later(http_scenario, value)


@pytest.mark.statement("observed.http.cache-control-empty-elements")
def test_trailing_comma_in_cache_control_is_skipped(http_scenario: Scenario) -> None:
    """``max-age=600,``: the empty element at the end is skipped too (uv agrees here, not before
    a directive)."""
    _served_fresh_ten_seconds_later(http_scenario, "max-age=600,")


def _served_fresh_ten_seconds_later(s: Scenario, cache_control: str) -> None:
    s.origin.answer(variant=1, headers={"Cache-Control": cache_control})
    s.client.get(s.url)
    s.origin.answer(variant=2, headers={"Cache-Control": cache_control})
    s.clock.advance(10)
    assert s.client.get(s.url) == s.origin.body(1)
    assert s.origin.run(1) == []


@pytest.mark.statement("observed.http.quoted-max-age-ignored")
def test_quoted_max_age_is_no_max_age(http_scenario: Scenario) -> None:
    """A quoted ``max-age="600"`` is no lifetime: ten seconds later the origin is asked again.

    Without an ETag or Expires nothing was stored, so the origin's new answer is served."""
    s = http_scenario
    s.origin.answer(variant=1, headers={"Cache-Control": 'max-age="600"'})
    assert s.client.get(s.url) == s.origin.body(1)
    s.origin.answer(variant=2, headers={"Cache-Control": 'max-age="600"'})
    s.clock.advance(10)
    assert s.client.get(s.url) == s.origin.body(2), "a quoted max-age was read as a lifetime"
    assert s.origin.run(1), "the origin was not asked again"


@pytest.mark.statement("observed.http.cache-control-as-pip-reads")
@pytest.mark.parametrize(
    ("fields", "served_from_cache"),
    [
        ({"Cache-Control": "Max-Age=600"}, False),
        ({"Cache-Control": "No-Store, max-age=600"}, True),
        ({"Cache-Control": "max-age=+600"}, True),
        ({"Cache-Control": "max-age=-1", "Expires": http_date(START + 600)}, False),
    ],
    ids=["name-case", "no-store-case", "plus-sign", "negative-with-expires"],
)
def test_cache_control_read_as_pip_reads_it(
    http_scenario: Scenario, fields: dict[str, str], served_from_cache: bool
) -> None:
    """Asked again ten seconds later: served without a request only where pip reads a lifetime
    (and no ``no-store``) in the field as written. No public index sends these forms."""
    s = http_scenario
    s.origin.answer(variant=1, headers=fields)
    assert s.client.get(s.url) == s.origin.body(1)
    s.clock.advance(10)
    assert s.client.get(s.url) == s.origin.body(1)
    if served_from_cache:
        assert s.origin.run(1) == [], "pip serves this response from its cache"
    else:
        assert s.origin.run(1), "pip reads no lifetime here and asks the origin again"
