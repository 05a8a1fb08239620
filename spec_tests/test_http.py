"""The page's section "What is cached / HTTP responses", one scenario per sentence.

Every test body runs unchanged against every implementation: in-process ones through
``responses`` and freezegun, real pip through an HTTPS loopback origin and ``pip download``
(see ``harness/http_scenario.py``). The origin answers a conditional request with 304 when the
validator matches its current answer; ``origin.seen`` lists the requests it received.

The assertions speak of what the page means, not of one client's request shapes: each fetch by
the client is a *run* (``origin.run(i)``: the requests of the i-th fetch); a run that sends nothing
was served from the cache; a revalidation is any conditional request, GET or HEAD, carrying the
validator (``origin.revalidated(i, etag=...)``); how many requests a cold run sends is the
client's business (uv sends a HEAD and may retry), never counted as refetching.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest

from spec_tests.harness.clock import START, http_date
from spec_tests.harness.http_scenario import FetchFailed
from spec_tests.harness.origin import INDEX_PATH

if TYPE_CHECKING:
    from spec_tests.harness.http_scenario import Scenario


LONG_AGO = http_date(START - 86_400)


def _files(scenario: Scenario, name: str) -> list[str]:
    root = scenario.cache_dir / name
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.mark.statement("http.fresh-served-from-cache")
def test_fresh_response_is_served_without_a_request(http_scenario: Scenario) -> None:
    s = http_scenario
    s.origin.answer(variant=1, headers={"Cache-Control": "max-age=600"})
    assert s.client.get(s.url) == s.origin.body(1)
    s.origin.answer(variant=2, headers={"Cache-Control": "max-age=600"})
    s.clock.advance(599)
    assert s.client.get(s.url) == s.origin.body(1)
    assert s.origin.run(1) == [], "a fresh stored response was asked for again"


@pytest.mark.statement("http.like-a-browser")
def test_expires_against_date_bounds_freshness(http_scenario: Scenario) -> None:
    """Browser rules: without max-age, a response stays fresh for Expires minus Date, and is stale
    from then on."""
    s = http_scenario
    s.origin.answer(variant=1, headers={"Expires": http_date(START + 300)})
    assert s.client.get(s.url) == s.origin.body(1)
    s.origin.answer(variant=2, headers={"Cache-Control": "max-age=600"})
    s.clock.advance(299)
    assert s.client.get(s.url) == s.origin.body(1)
    assert s.origin.run(1) == []
    s.clock.advance(1)
    assert s.client.get(s.url) == s.origin.body(2)
    assert s.origin.run(2), "a stale response was served without asking the origin"


@pytest.mark.statement("http.expired-conditional-request")
def test_expired_response_is_refreshed_with_a_conditional_request(
    http_scenario: Scenario,
) -> None:
    s = http_scenario
    s.origin.answer(variant=1, headers={"Cache-Control": "max-age=60", "ETag": '"v1"'})
    s.client.get(s.url)
    assert s.origin.conditional(0) == []
    s.clock.advance(120)
    s.client.get(s.url)
    assert s.origin.revalidated(1, etag='"v1"'), "no conditional request with the stored ETag"


@pytest.mark.statement("http.not-modified-uses-cached")
def test_not_modified_serves_stored_bytes_and_restarts_the_timer(
    http_scenario: Scenario,
) -> None:
    s = http_scenario
    s.origin.answer(variant=1, headers={"Cache-Control": "max-age=60", "ETag": '"v1"'})
    s.client.get(s.url)
    # The origin now serves other bytes under the same validator: a 304 must mean "use yours".
    s.origin.answer(variant=2, headers={"Cache-Control": "max-age=60", "ETag": '"v1"'})
    s.clock.advance(120)  # expired: t=120 > 60
    assert s.client.get(s.url) == s.origin.body(1)
    assert s.origin.revalidated(1, etag='"v1"')
    s.clock.advance(30)  # t=150: past the old expiry, before the new one (120 + 60)
    assert s.client.get(s.url) == s.origin.body(1)
    assert s.origin.run(2) == [], "the 304 did not refresh the expiration timer"


@pytest.mark.statement("http.new-response-stored")
def test_whole_new_response_replaces_the_stored_one(http_scenario: Scenario) -> None:
    s = http_scenario
    s.origin.answer(variant=1, headers={"Cache-Control": "max-age=60", "ETag": '"v1"'})
    s.client.get(s.url)
    s.origin.answer(variant=2, headers={"Cache-Control": "max-age=60", "ETag": '"v2"'})
    s.clock.advance(120)
    assert s.client.get(s.url) == s.origin.body(2)
    assert s.origin.revalidated(1, etag='"v1"')
    s.clock.advance(30)
    assert s.client.get(s.url) == s.origin.body(2)
    assert s.origin.run(2) == [], "the new response was not stored"


@pytest.mark.statement("http.network-not-prevented")
@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"Cache-Control": "no-store"}, id="no-store"),
        pytest.param({"Cache-Control": "no-store, max-age=600", "ETag": '"v1"'}, id="no-store+"),
        pytest.param({}, id="no-validator-no-expiry"),
    ],
)
def test_uncacheable_response_goes_to_the_network_every_time(
    http_scenario: Scenario, fields: dict[str, str]
) -> None:
    s = http_scenario
    s.origin.answer(variant=1, headers=fields)
    s.client.get(s.url)
    s.clock.advance(1)
    s.origin.answer(variant=2, headers=fields)
    assert s.client.get(s.url) == s.origin.body(2)
    assert s.origin.run(1), "an uncacheable response was served from the cache"
    assert s.origin.conditional(0) == s.origin.conditional(1) == []


@pytest.mark.statement("http.http-v2-directory")
def test_entries_live_under_http_v2(http_scenario: Scenario) -> None:
    s = http_scenario
    s.origin.answer(variant=1, headers={"Cache-Control": "max-age=600"})
    s.client.get(s.url)
    assert _files(s, "http-v2"), "nothing stored under http-v2"
    assert not _files(s, "http"), "something stored under the old http directory"


@pytest.mark.statement("http.old-directory-deletable")
def test_deleting_the_old_http_directory_changes_nothing(http_scenario: Scenario) -> None:
    s = http_scenario
    s.origin.answer(variant=1, headers={"Cache-Control": "max-age=600"})
    s.client.get(s.url)
    old = s.cache_dir / "http"
    old.mkdir(exist_ok=True)
    (old / "left-by-an-old-pip").write_bytes(b"old format")
    shutil.rmtree(old)
    s.clock.advance(10)
    assert s.client.get(s.url) == s.origin.body(1)
    assert s.origin.run(1) == []


# ------------------------------------------------------------------ observed: the page is silent


@pytest.mark.statement("observed.http.etag-without-expiry-stored")
def test_etag_alone_makes_a_response_stored_and_always_revalidated(
    http_scenario: Scenario,
) -> None:
    s = http_scenario
    s.origin.answer(variant=1, headers={"ETag": '"v1"'})
    s.client.get(s.url)
    s.origin.answer(variant=2, headers={"ETag": '"v1"'})
    assert s.client.get(s.url) == s.origin.body(1)
    assert s.origin.conditional(0) == []
    assert s.origin.revalidated(1, etag='"v1"')


@pytest.mark.statement("observed.http.both-validators-sent")
def test_etag_and_last_modified_are_both_sent(http_scenario: Scenario) -> None:
    s = http_scenario
    fields = {"Cache-Control": "max-age=60", "ETag": '"v1"', "Last-Modified": LONG_AGO}
    s.origin.answer(variant=1, headers=fields)
    s.client.get(s.url)
    s.clock.advance(61)
    s.client.get(s.url)
    assert s.origin.revalidated(1, etag='"v1"', last_modified=LONG_AGO)


@pytest.mark.statement("observed.http.stale-without-etag-dropped")
def test_stale_entry_without_etag_is_fetched_unconditionally(http_scenario: Scenario) -> None:
    s = http_scenario
    s.origin.answer(variant=1, headers={"Cache-Control": "max-age=60", "Last-Modified": LONG_AGO})
    s.client.get(s.url)
    s.clock.advance(61)
    s.origin.answer(variant=2, headers={"Last-Modified": LONG_AGO})
    assert s.client.get(s.url) == s.origin.body(2)
    assert s.origin.run(1)
    assert s.origin.conditional(1) == [], "a stale entry without ETag was revalidated"


@pytest.mark.statement("observed.http.no-heuristic-freshness")
def test_last_modified_alone_is_not_cached(http_scenario: Scenario) -> None:
    s = http_scenario
    s.origin.answer(variant=1, headers={"Last-Modified": LONG_AGO})
    s.client.get(s.url)
    s.origin.answer(variant=2, headers={"Last-Modified": LONG_AGO})
    assert s.client.get(s.url) == s.origin.body(2)
    assert s.origin.run(1)


@pytest.mark.statement("observed.http.response-no-cache-ignored")
def test_response_no_cache_is_not_looked_at(http_scenario: Scenario) -> None:
    s = http_scenario
    s.origin.answer(variant=1, headers={"Cache-Control": "no-cache, max-age=600"})
    s.client.get(s.url)
    s.origin.answer(variant=2, headers={"Cache-Control": "no-cache, max-age=600"})
    s.clock.advance(10)
    assert s.client.get(s.url) == s.origin.body(1)
    assert s.origin.run(1) == []


@pytest.mark.statement("observed.http.error-status-not-stored")
def test_error_answer_is_not_stored(http_scenario: Scenario) -> None:
    s = http_scenario
    s.origin.answer(status=404, headers={"Cache-Control": "max-age=600", "ETag": '"v1"'})
    with pytest.raises(FetchFailed):
        s.client.get(s.url)
    s.origin.answer(variant=1, headers={"Cache-Control": "max-age=600"})
    assert s.client.get(s.url) == s.origin.body(1)
    assert s.origin.conditional(0) == s.origin.conditional(1) == []


@pytest.mark.statement("observed.http.index-pages-revalidated")
def test_index_pages_are_asked_with_max_age_0_and_revalidated(http_scenario: Scenario) -> None:
    s = http_scenario
    s.origin.answer(variant=1, headers={"Cache-Control": "max-age=600"})
    page = {"Cache-Control": "max-age=600", "ETag": '"i1"'}
    s.origin.answer(path=INDEX_PATH, variant=1, headers=page)
    s.client.get_index(s.origin.index_url, "demo")
    s.clock.advance(10)
    s.origin.answer(path=INDEX_PATH, variant=2, headers=page)  # a 304 must serve the stored page
    s.client.get_index(s.origin.index_url, "demo")
    pages = [r for r in s.origin.seen if r.path == INDEX_PATH]
    assert len(pages) == 2, "a fresh index page is asked for again"
    assert pages[1].header("Cache-Control") == "max-age=0"
    assert pages[1].header("If-None-Match") == '"i1"'


@pytest.mark.statement("observed.http.old-http-directory")
def test_entries_live_under_http_before_23_3(http_scenario: Scenario) -> None:
    s = http_scenario
    s.origin.answer(variant=1, headers={"Cache-Control": "max-age=600"})
    s.client.get(s.url)
    assert _files(s, "http"), "nothing stored under http"
    assert not _files(s, "http-v2"), "something stored under http-v2"


@pytest.mark.statement("robustness.http.damaged-entry-is-a-miss")
@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty"])
def test_damaged_entry_is_a_miss(http_scenario: Scenario, damage: str) -> None:
    s = http_scenario
    s.origin.answer(variant=1, headers={"Cache-Control": "max-age=600"})
    s.client.get(s.url)
    stored = [p for p in s.cache_dir.rglob("*") if p.is_file()]
    assert stored, "nothing was stored"
    for path in stored:
        data = path.read_bytes()
        damaged = {"truncate": data[: len(data) // 2], "garbage": b"\x00\xffnot a cache entry"}
        path.write_bytes(damaged.get(damage, b""))
    s.origin.answer(variant=2, headers={"Cache-Control": "max-age=600"})
    s.clock.advance(10)
    assert s.client.get(s.url) == s.origin.body(2)
    assert s.origin.run(1)


@pytest.mark.statement("observed.http.plain-http-not-cached")
def test_plain_http_origin_is_not_cached(http_scenario: Scenario) -> None:
    s, plain = http_scenario, http_scenario.plain
    plain.answer(variant=1, headers={"Cache-Control": "max-age=600", "ETag": '"v1"'})
    s.client.get(plain.url)
    plain.answer(variant=2, headers={"Cache-Control": "max-age=600", "ETag": '"v2"'})
    s.clock.advance(10)
    assert s.client.get(plain.url) == s.origin.body(2)
    assert plain.run(1), "a plain http:// response was served from the cache"
    assert plain.conditional(0) == plain.conditional(1) == []


@pytest.mark.statement("observed.http.trusted-host-cached")
def test_trusted_plain_http_origin_is_cached(http_scenario: Scenario) -> None:
    s, plain = http_scenario, http_scenario.plain
    plain.answer(variant=1, headers={"Cache-Control": "max-age=600"})
    s.client.get(plain.url, trusted=True)
    plain.answer(variant=2, headers={"Cache-Control": "max-age=600"})
    s.clock.advance(10)
    assert s.client.get(plain.url, trusted=True) == s.origin.body(1)
    assert plain.run(1) == []
