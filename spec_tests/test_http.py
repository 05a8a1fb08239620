"""The page's section "What is cached / HTTP responses", one scenario per sentence.

Every test body runs unchanged against every implementation: in-process ones through
``responses`` and freezegun, real pip through an HTTPS loopback origin and ``pip download``
(see ``harness/http_scenario.py``). The origin answers a conditional request with 304 when the
validator matches its current answer; ``origin.seen`` lists the requests it received.

The settings are those users meet: the bytes behind a file's URL never change (a public index
never changes a published file); what changes is the project page, when a release is published
(``origin.publish``: the page lists the new release with its ``#sha256=``, and the release's file is
served as an index serves files). Scenarios that change the bytes behind one file URL are
artificial and live in ``test_robustness_http.py`` (``robustness.http.changed-file-bytes``).

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
from spec_tests.harness.old_http_cache import write_old_entry
from spec_tests.harness.origin import INDEX_PATH

if TYPE_CHECKING:
    from spec_tests.harness.http_scenario import Scenario
    from spec_tests.harness.origin import Seen


LONG_AGO = http_date(START - 86_400)


def _files(scenario: Scenario, name: str) -> list[str]:
    root = scenario.cache_dir / name
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def _page_requests(s: Scenario, run: int) -> list[Seen]:
    """The requests for the project page in the client's run ``run``."""
    return [r for r in s.origin.run(run) if r.path == INDEX_PATH]


@pytest.mark.statement("http.fresh-served-from-cache")
def test_fresh_response_is_served_without_a_request(http_scenario: Scenario) -> None:
    s = http_scenario
    s.origin.answer(variant=1, headers={"Cache-Control": "max-age=600"})
    assert s.client.get(s.url) == s.origin.body(1)
    s.clock.advance(599)
    assert s.client.get(s.url) == s.origin.body(1)
    assert s.origin.run(1) == [], "a fresh stored response was asked for again"


@pytest.mark.statement("http.like-a-browser")
def test_expires_against_date_bounds_freshness(http_scenario: Scenario) -> None:
    """Browser rules: without max-age, a response stays fresh for Expires minus Date, and is stale
    from then on: asked for again (with nothing to validate it by, unconditionally)."""
    s = http_scenario
    s.origin.answer(variant=1, headers={"Expires": http_date(START + 300)})
    assert s.client.get(s.url) == s.origin.body(1)
    s.clock.advance(299)
    assert s.client.get(s.url) == s.origin.body(1)
    assert s.origin.run(1) == [], "a response was asked for again before it expired"
    s.clock.advance(1)
    assert s.client.get(s.url) == s.origin.body(1)
    assert s.origin.run(2), "a stale response was served without asking the origin"
    assert s.origin.conditional(2) == []


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
    """After a 304 the stored bytes are used, without asking for them again, and the expiration
    timer starts anew: fresh for max-age from the 304, and stale (revalidated) once that runs
    out too."""
    s = http_scenario
    s.origin.answer(variant=1, headers={"Cache-Control": "max-age=60", "ETag": '"v1"'})
    s.client.get(s.url)
    s.clock.advance(120)  # expired: t=120 > 60
    assert s.client.get(s.url) == s.origin.body(1)
    assert s.origin.revalidated(1, etag='"v1"')
    assert all(r.conditional for r in s.origin.run(1)), "the bytes were asked for after the 304"
    s.clock.advance(30)  # t=150: past the old expiry, before the new one (120 + 60)
    assert s.client.get(s.url) == s.origin.body(1)
    assert s.origin.run(2) == [], "the 304 did not refresh the expiration timer"
    s.clock.advance(31)  # t=181: the refreshed timer ran out too
    assert s.client.get(s.url) == s.origin.body(1)
    assert s.origin.revalidated(3, etag='"v1"'), "after a 304 the entry stayed fresh for good"


@pytest.mark.statement("http.new-response-stored")
def test_whole_new_response_replaces_the_stored_one(http_scenario: Scenario) -> None:
    """The project page changes when a release is published: revalidated with the stored page's
    ETag, it comes back whole and new (200), and the client uses it (it gets the new release);
    it is stored: while it is fresh the page is served without a request, or revalidated with
    the new page's ETag, never the old one's."""
    s = http_scenario
    s.origin.publish(1, headers={"Cache-Control": "max-age=60", "ETag": '"p1"'})
    assert s.client.get_index(s.origin.index_url, "demo") == s.origin.release_body(1)
    s.origin.publish(2, headers={"Cache-Control": "max-age=60", "ETag": '"p2"'})
    s.clock.advance(120)
    assert s.client.get_index(s.origin.index_url, "demo") == s.origin.release_body(2)
    asked = _page_requests(s, 1)
    assert asked, "the expired page was not asked for"
    assert {r.header("If-None-Match") for r in asked if r.conditional} == {'"p1"'}
    s.clock.advance(30)
    assert s.client.get_index(s.origin.index_url, "demo") == s.origin.release_body(2)
    again = _page_requests(s, 2)
    assert all(r.header("If-None-Match") == '"p2"' for r in again), "the new page was not stored"


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
    """A project page the cache may not keep (no-store; or nothing to validate it by and no
    expiry) is asked for on every lookup, unconditionally: a release published meanwhile is
    seen at once."""
    s = http_scenario
    s.origin.publish(1, headers=fields)
    assert s.client.get_index(s.origin.index_url, "demo") == s.origin.release_body(1)
    s.clock.advance(1)
    s.origin.publish(2, headers=fields)
    assert s.client.get_index(s.origin.index_url, "demo") == s.origin.release_body(2)
    assert _page_requests(s, 1), "an uncacheable page was served from the cache"
    assert [r for run in (0, 1) for r in _page_requests(s, run) if r.conditional] == []


@pytest.mark.statement("http.http-v2-directory")
def test_entries_live_under_http_v2(http_scenario: Scenario) -> None:
    s = http_scenario
    s.origin.answer(variant=1, headers={"Cache-Control": "max-age=600"})
    s.client.get(s.url)
    assert _files(s, "http-v2"), "nothing stored under http-v2"
    assert not _files(s, "http"), "something stored under the old http directory"


@pytest.mark.statement("http.old-directory-deletable")
def test_deleting_the_old_http_directory_changes_nothing(http_scenario: Scenario) -> None:
    """A pip before 23.3 left, in the same cache directory, a fresh response for the URL under
    the old ``http`` directory, in its format (``harness/old_http_cache.py``; pip 23.2.1 serves
    it as its own). It is no entry of the implementation's: the first fetch asks the origin as
    it would in an empty cache, and once the old directory is deleted the implementation still
    serves its own stored response without a request: deleting it changed nothing."""
    s = http_scenario
    s.origin.answer(variant=1, headers={"Cache-Control": "max-age=600"})
    stored = {"Date": http_date(START), "Cache-Control": "max-age=600"}
    write_old_entry(s.cache_dir, s.url, s.origin.body(1), stored)
    assert s.client.get(s.url) == s.origin.body(1)
    assert s.origin.run(0), "the response an older pip stored under http was served"
    shutil.rmtree(s.cache_dir / "http")
    s.clock.advance(10)
    assert s.client.get(s.url) == s.origin.body(1)
    assert s.origin.run(1) == [], "deleting the old http directory lost a stored response"


# ------------------------------------------------------------------ observed: the page is silent


@pytest.mark.statement("observed.http.etag-without-expiry-stored")
def test_etag_alone_makes_a_response_stored_and_always_revalidated(
    http_scenario: Scenario,
) -> None:
    s = http_scenario
    s.origin.answer(variant=1, headers={"ETag": '"v1"'})
    s.client.get(s.url)
    assert s.client.get(s.url) == s.origin.body(1)
    assert s.origin.conditional(0) == []
    assert s.origin.revalidated(1, etag='"v1"')
    assert all(r.conditional for r in s.origin.run(1)), "the bytes were asked for after the 304"


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
    assert s.client.get(s.url) == s.origin.body(1)
    assert s.origin.run(1), "a stale entry was served without asking"
    assert s.origin.conditional(1) == [], "a stale entry without ETag was revalidated"


@pytest.mark.statement("observed.http.no-heuristic-freshness")
def test_last_modified_alone_is_not_cached(http_scenario: Scenario) -> None:
    s = http_scenario
    s.origin.answer(variant=1, headers={"Last-Modified": LONG_AGO})
    s.client.get(s.url)
    assert s.client.get(s.url) == s.origin.body(1)
    assert s.origin.run(1), "a response with only Last-Modified was served from the cache"
    assert s.origin.conditional(1) == [], "a response with only Last-Modified was stored"


@pytest.mark.statement("observed.http.response-no-cache-ignored")
def test_response_no_cache_is_not_looked_at(http_scenario: Scenario) -> None:
    s = http_scenario
    s.origin.answer(variant=1, headers={"Cache-Control": "no-cache, max-age=600"})
    s.client.get(s.url)
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
    s.origin.publish(1, headers={"Cache-Control": "max-age=600", "ETag": '"i1"'})
    s.client.get_index(s.origin.index_url, "demo")
    s.clock.advance(10)
    assert s.client.get_index(s.origin.index_url, "demo") == s.origin.release_body(1)
    pages = [r for r in s.origin.seen if r.path == INDEX_PATH]
    assert len(pages) == 2, "a fresh index page is asked for again"
    assert pages[1].header("Cache-Control") == "max-age=0"
    assert pages[1].header("If-None-Match") == '"i1"'


@pytest.mark.statement("observed.http.refresh-package")
def test_fresh_index_page_served_until_refresh_package(http_scenario: Scenario) -> None:
    """A fresh stored index page is served without asking; --refresh-package asks again.

    From pip 26.2 (pypa/pip#13680); the refreshing request carries the stored ETag.
    """
    s = http_scenario
    s.origin.answer(variant=1, headers={"Cache-Control": "max-age=600"})
    page = {"Cache-Control": "max-age=600", "ETag": '"i1"'}
    s.origin.answer(path=INDEX_PATH, variant=1, headers=page)
    s.client.get_index(s.origin.index_url, "demo")
    s.clock.advance(10)
    s.client.get_index(s.origin.index_url, "demo")
    pages = [r for r in s.origin.seen if r.path == INDEX_PATH]
    assert len(pages) == 1, "a fresh stored index page was asked for again"
    s.clock.advance(10)
    s.client.get_index(s.origin.index_url, "demo", refresh=True)
    pages = [r for r in s.origin.seen if r.path == INDEX_PATH]
    assert len(pages) == 2, "--refresh-package did not ask for the fresh page again"
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
    s.clock.advance(10)
    assert s.client.get(s.url) == s.origin.body(1)
    assert s.origin.run(1), "the damaged entry was no miss"


@pytest.mark.statement("observed.http.plain-http-not-cached")
def test_plain_http_origin_is_not_cached(http_scenario: Scenario) -> None:
    s, plain = http_scenario, http_scenario.plain
    plain.answer(variant=1, headers={"Cache-Control": "max-age=600", "ETag": '"v1"'})
    s.client.get(plain.url)
    s.clock.advance(10)
    assert s.client.get(plain.url) == s.origin.body(1)
    assert plain.run(1), "a plain http:// response was served from the cache"
    assert plain.conditional(0) == plain.conditional(1) == []


@pytest.mark.statement("observed.http.trusted-host-cached")
def test_trusted_plain_http_origin_is_cached(http_scenario: Scenario) -> None:
    s, plain = http_scenario, http_scenario.plain
    plain.answer(variant=1, headers={"Cache-Control": "max-age=600"})
    s.client.get(plain.url, trusted=True)
    s.clock.advance(10)
    assert s.client.get(plain.url, trusted=True) == s.origin.body(1)
    assert plain.run(1) == []
