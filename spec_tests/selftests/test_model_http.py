"""The model's HTTP cache where no pip command line reaches: requests the client shapes itself,
the ``requests.Response`` it hands back, the transport options it passes on, its file format.

pip's own HTTP layer (CacheControl under pip's session) behaves so too, but ``pip download`` sends
only the requests pip chooses, so the conformance suite cannot ask real pip these questions. They
are the model's contract as a ``requests`` transport (spec_tests.interface.HttpCache), checked
in-process: the origin is ``responses`` or a loopback HTTPS server, the clock is freezegun.
"""

from __future__ import annotations

import gzip
import json
import logging
import socket
import ssl
import threading
import time
from email.utils import formatdate
from typing import TYPE_CHECKING

import pytest
import requests
import responses

from model.http import ModelHttpCache, cached_session
from model.http.adapter import Exchange
from model.http.headers import format_http_date, headers, parse_http_date
from model.http.policy import Entry, Forward, Outcome, Request, Response, Serve, on_response
from model.http.store import FileStore, entry_path
from spec_tests.harness.clock import START
from spec_tests.harness.http_scenario import in_process_scenarios
from spec_tests.harness.tls import quick_stop_server

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from pytest_httpserver import HTTPServer

    from spec_tests.harness.http_scenario import Scenario

FRESH = {"Cache-Control": "max-age=600", "ETag": '"v1"'}


@pytest.fixture
def scenario() -> Iterator[Scenario]:
    with in_process_scenarios(ModelHttpCache()) as factory, factory() as s:
        yield s


def _session(s: Scenario) -> requests.Session:
    return s.client.session  # type: ignore[attr-defined,no-any-return]


def _stored(s: Scenario, headers: dict[str, str] = FRESH) -> None:
    s.origin.answer(variant=1, headers=headers)
    assert s.client.get(s.url) == s.origin.body(1)


# ---------------------------------------------------------------- requests the client shapes


def test_request_no_cache_revalidates_a_fresh_entry(scenario: Scenario) -> None:
    s = scenario
    _stored(s)
    s.origin.new_run()
    assert _session(s).get(s.url, headers={"Cache-Control": "no-cache"}).content == s.origin.body(1)
    assert s.origin.revalidated(1, etag='"v1"')


def test_request_max_age_caps_freshness(scenario: Scenario) -> None:
    s = scenario
    _stored(s)
    asked = {"Cache-Control": "max-age=60"}
    s.clock.advance(30)
    s.origin.new_run()
    assert _session(s).get(s.url, headers=asked).content == s.origin.body(1)
    assert s.origin.run(1) == []
    s.clock.advance(60)
    s.origin.new_run()
    _session(s).get(s.url, headers=asked)
    assert s.origin.revalidated(2, etag='"v1"')


def test_request_no_store_keeps_nothing(scenario: Scenario) -> None:
    s = scenario
    s.origin.answer(variant=1, headers=FRESH)
    _session(s).get(s.url, headers={"Cache-Control": "no-store"})
    s.origin.answer(variant=2, headers=FRESH)
    assert s.client.get(s.url) == s.origin.body(2)


def test_head_is_neither_answered_from_nor_stored_in_the_cache(scenario: Scenario) -> None:
    s = scenario
    _stored(s)
    s.origin.new_run()
    assert _session(s).head(s.url).status_code == 200
    assert [r.method for r in s.origin.run(1)] == ["HEAD"]
    assert s.client.get(s.url) == s.origin.body(1)


def test_another_value_of_a_varied_field_is_not_served(scenario: Scenario) -> None:
    s = scenario
    _stored(s, {**FRESH, "Vary": "Accept-Encoding, X-Spec-Absent"})
    s.origin.answer(variant=2, headers=FRESH)
    s.origin.new_run()
    other = {"Accept-Encoding": "identity"}
    assert _session(s).get(s.url, headers=other).content == s.origin.body(2)
    assert s.origin.run(1)
    assert s.origin.conditional(1) == []


def test_trusted_host_with_a_port_is_cached(tmp_path: Path) -> None:
    session = cached_session(tmp_path, trusted_hosts=["mirror.test"])
    url = "http://mirror.test:8080/files/x.whl"
    with responses.RequestsMock() as mock:
        fields = {"Cache-Control": "max-age=600", "Date": formatdate(usegmt=True)}
        mock.get(url, body=b"x", headers=fields)
        session.get(url)
        session.get(url)
        assert len(mock.calls) == 1


# ---------------------------------------------------------------- the response handed back


def test_served_response_is_a_whole_requests_response(scenario: Scenario) -> None:
    s = scenario
    s.origin.answer(variant=1, headers=FRESH)
    fetched = _session(s).get(s.url)
    assert getattr(fetched, "from_cache", None) is False
    served = _session(s).get(s.url)
    assert getattr(served, "from_cache", None) is True
    assert (served.status_code, served.reason, served.url) == (200, "OK", s.url)
    assert served.headers["Content-Type"] == "application/octet-stream"
    assert served.headers["ETag"] == '"v1"'
    assert served.request is not None
    assert served.request.url == s.url
    assert isinstance(served.connection, requests.adapters.HTTPAdapter)
    body = s.origin.body(1)
    assert b"".join(served.raw.stream(1024, decode_content=False)) == body
    assert (served.raw.status, served.raw.headers["ETag"]) == (200, '"v1"')
    s.clock.advance(601)
    refreshed = _session(s).get(s.url)  # a 304: the stored bytes, from the cache
    assert getattr(refreshed, "from_cache", None) is True
    assert refreshed.content == body


# ---------------------------------------------------------------- transport options passed on


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    import trustme

    ca = trustme.CA()
    where = tmp_path_factory.mktemp("tls")
    server, client = ca.issue_cert("localhost"), ca.issue_cert("client.test")
    paths = {k: str(where / f"{k}.pem") for k in ("ca", "server", "client")}
    ca.cert_pem.write_to_path(paths["ca"])
    server.private_key_and_cert_chain_pem.write_to_path(paths["server"])
    client.private_key_and_cert_chain_pem.write_to_path(paths["client"])
    return paths


def _https_server(tls: dict[str, str], *, client_cert: bool) -> HTTPServer:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(tls["server"])
    if client_cert:
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(tls["ca"])
    server = quick_stop_server(host="localhost", port=0, ssl_context=context)
    server.expect_request("/x").respond_with_data(b"x")
    server.start()
    return server


def test_certificates_and_proxies_are_used(tls: dict[str, str], tmp_path: Path) -> None:
    server = _https_server(tls, client_cert=True)
    try:
        url = server.url_for("/x")
        session = cached_session(tmp_path)
        with pytest.raises(requests.exceptions.SSLError):
            session.get(url, cert=tls["client"], timeout=5)  # the server is not trusted
        with pytest.raises(requests.exceptions.SSLError):
            session.get(url, verify=tls["ca"], timeout=5)  # no client certificate
        assert session.get(url, verify=tls["ca"], cert=tls["client"], timeout=5).content == b"x"
        proxies = {"https": "http://127.0.0.1:9"}
        with pytest.raises(requests.exceptions.ProxyError):
            session.get(url, verify=tls["ca"], cert=tls["client"], proxies=proxies, timeout=5)
    finally:
        server.stop()


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts and never answers (closed afterwards, which ends any waiting client)."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        yield silent.getsockname()[1]


def _times_out_soon(session: requests.Session, url: str) -> None:
    """The 0.05 s asked ends the request: waited for 2 s at most, so that a client that drops its
    timeout fails the test instead of blocking it."""
    outcome: list[object] = []

    def call() -> None:
        try:
            session.get(url, timeout=0.05)
        except requests.exceptions.Timeout:
            outcome.append("timeout")

    waiting = threading.Thread(target=call, daemon=True)
    waiting.start()
    waiting.join(2)
    assert outcome == ["timeout"]


def test_timeout_is_used(tmp_path: Path, silent_port: int) -> None:
    _times_out_soon(cached_session(tmp_path), f"https://127.0.0.1:{silent_port}/x")


def test_plain_http_bypasses_the_store_and_is_told_to_the_observer(tmp_path: Path) -> None:
    """A plain ``http://`` origin is not cached; the observer (``--explain``) is told each request
    as it was made, method and URL, with nothing stored and no decision."""
    seen: list[Exchange] = []
    with quick_stop_server(host="127.0.0.1", port=0) as server:
        server.expect_request("/x").respond_with_data(b"x", headers=FRESH)
        url = server.url_for("/x")
        session = cached_session(tmp_path, observer=seen.append)
        session.head(url, timeout=5)
        assert session.get(url, timeout=5).content == b"x"
    assert seen == [
        Exchange(url, Request("HEAD", url), None, None),
        Exchange(url, Request("GET", url), None, None),
    ]
    assert not (tmp_path / "http-v2").exists()


def test_plain_http_timeout_and_proxies_are_used(tmp_path: Path, silent_port: int) -> None:
    session, url = cached_session(tmp_path), f"http://127.0.0.1:{silent_port}/x"
    _times_out_soon(session, url)
    with pytest.raises(requests.exceptions.ProxyError):
        session.get(url, proxies={"http": "http://127.0.0.1:9"}, timeout=5)


# ---------------------------------------------------------------- the store's own file format


def _entry() -> Entry:
    return Entry(Response(200, (("ETag", '"v1"'),), b"body"), (("accept", "x"),))


@pytest.mark.parametrize(
    "change",
    [
        {"status": "200"},
        {"length": "4"},
        {"headers": [["ETag", '"v1"', "extra"]]},
        {"headers": ["Et"]},
        {"vary": [["accept", 1]]},
        {"vary": {"accept": "x"}},
    ],
    ids=["status-text", "length-text", "triple", "string-pair", "number", "mapping"],
)
def test_head_of_the_wrong_shape_is_a_miss(tmp_path: Path, change: dict[str, object]) -> None:
    """An entry whose body is intact but whose head is JSON of the wrong shape is a miss."""
    store = FileStore(tmp_path)
    store.save("https://o.test/x", _entry())
    assert store.load("https://o.test/x") == _entry()
    path = entry_path(tmp_path, "https://o.test/x")
    magic, head, body = path.read_bytes().split(b"\n", 2)
    path.write_bytes(b"\n".join([magic, json.dumps({**json.loads(head), **change}).encode(), body]))
    assert store.load("https://o.test/x") is None


def test_an_entry_is_filed_where_pip_files_it(tmp_path: Path) -> None:
    """An entry's file is named as CacheControl's FileCache names it under pip: the URL's sha224
    in hex, under one directory for each of its first five digits."""
    FileStore(tmp_path).save("https://o.test/x", _entry())
    digest = "c2163ba6c87e764bf0e6ec4cff5f075af0d8b2e6bbb423f5e7019650"  # sha224 of the URL
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()] == [
        f"c/2/1/6/3/{digest}"
    ]


def test_unwritable_cache_warning_names_directory_and_reason(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "file").write_bytes(b"")
    root = tmp_path / "file" / "http-v2"
    with caplog.at_level(logging.WARNING):
        FileStore(root).save("https://o.test/x", _entry())
    assert [r.getMessage() for r in caplog.records] == [
        f"The HTTP cache in {root} cannot be written (Not a directory); continuing without caching."
    ]


@pytest.mark.usefixtures("tmpdir_elsewhere")
def test_entries_are_staged_beside_their_target(tmp_path: Path) -> None:
    """An entry is written to a temporary file in its own directory, then renamed: a temporary
    directory on another file system changes nothing."""
    store = FileStore(tmp_path / "http-v2")
    store.save("https://o.test/x", _entry())
    assert store.load("https://o.test/x") == _entry()


def test_not_modified_never_sets_the_stored_length(tmp_path: Path) -> None:
    """A 304 that carries ``Content-Length: 0`` (of its own empty body) refreshes the entry but
    leaves the stored body's length: the response served next reads whole, as pip reads it."""
    url = "https://o.test/x"
    session = cached_session(tmp_path)
    with responses.RequestsMock() as mock:
        dated = {"Date": formatdate(usegmt=True), "ETag": '"v1"'}
        mock.get(
            url,
            body=b"stored",
            headers={**dated, "Cache-Control": "max-age=0", "Content-Length": "6"},
        )
        session.get(url)
        mock.replace(
            responses.GET,
            url,
            status=304,
            headers={**dated, "Content-Length": "0", "Cache-Control": "max-age=600"},
        )
        refreshed = session.get(url)
        served = session.get(url)
    assert refreshed.content == b"stored"
    assert served.headers["Content-Length"] == "6"
    assert b"".join(served.raw.stream(1024, decode_content=False)) == b"stored"


def test_dates_without_a_zone_are_gmt(monkeypatch: pytest.MonkeyPatch) -> None:
    """An HTTP date is GMT; the obsolete ``-0000`` form (a date with no zone) too, whatever the
    machine's time zone."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        gmt = parse_http_date("Thu, 01 Jan 2026 00:00:00 GMT")
        assert parse_http_date("Thu, 01 Jan 2026 00:00:00 -0000") == gmt == START
    finally:
        monkeypatch.undo()
        time.tzset()


def test_header_fields_from_a_mapping_or_pairs_are_the_same() -> None:
    assert headers({"ETag": '"v1"'}) == headers([("ETag", '"v1"')]) == (("ETag", '"v1"'),)


def test_dates_are_written_as_imf_fixdates() -> None:
    """The model writes an HTTP date in the one form RFC 9110 says to send (IMF-fixdate, GMT),
    whole seconds."""
    assert format_http_date(START + 0.9) == "Thu, 01 Jan 2026 00:00:00 GMT"
    assert parse_http_date(format_http_date(START + 86_399)) == START + 86_399


def test_a_body_that_is_not_its_content_length_is_not_stored() -> None:
    """The policy stores no response whose body is not as long as its ``Content-Length`` says (a
    body cut short, CacheControl's rule too), and stores the same response whole."""
    fields = (("Cache-Control", "max-age=600"), ("ETag", '"v1"'), ("Content-Length", "10"))
    asked = Request("GET", "https://o.test/x")
    assert on_response(None, asked, Response(200, fields, b"abc")).store is None
    assert on_response(None, asked, Response(200, fields, b"0123456789")).store is not None


def test_each_request_is_told_to_the_observer_with_the_decision(tmp_path: Path) -> None:
    """The observer (``--explain``) is told each request to a cached origin: its URL and method,
    the stored entry it met (none the first time) and the policy's decision (serve it)."""
    url, seen = "https://o.test/x", []
    session = cached_session(tmp_path, observer=seen.append)
    with responses.RequestsMock() as mock:
        mock.get(url, body=b"x", headers={**FRESH, "Date": formatdate(usegmt=True)})
        session.get(url)
        session.get(url)
    assert [(e.url, e.asked.method, e.asked.url) for e in seen] == [(url, "GET", url)] * 2
    assert seen[0].stored is None
    assert seen[1].stored is not None
    assert seen[1].decision == Serve(seen[1].stored)


def test_an_injected_clock_is_the_one_freshness_is_judged_by(tmp_path: Path) -> None:
    """``cached_session(clock=...)``: a response dated by that clock's time, max-age=600, asked
    again 10 s later by that clock, is fresh, whatever the wall clock says (months later)."""
    url, now = "https://o.test/x", [float(START)]
    session = cached_session(tmp_path, clock=lambda: now[0])
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(url, body=b"x", headers={**FRESH, "Date": format_http_date(START)})
        session.get(url)
        now[0] += 10
        session.get(url)
        assert len(mock.calls) == 1, "the wall clock, not the injected one, judged freshness"


def test_a_revalidation_is_told_to_the_observer_whole(tmp_path: Path) -> None:
    """A request that goes to the origin is told to the observer (``--explain``) with all it went
    through: the stored entry it met, the conditional decision, the origin's 304 and the verdict
    (the stored response, refreshed)."""
    url, seen, now = "https://o.test/x", [], [float(START)]
    session = cached_session(tmp_path, clock=lambda: now[0], observer=seen.append)
    fields = {"Cache-Control": "max-age=60", "ETag": '"v1"', "Date": format_http_date(START)}
    with responses.RequestsMock() as mock:
        mock.get(url, body=b"x", headers=fields)
        session.get(url)
        now[0] += 61
        mock.replace(responses.GET, url, status=304, headers={"Date": format_http_date(now[0])})
        assert session.get(url).content == b"x"
    last = seen[-1]
    assert last.stored is not None
    assert last.stored.response.body == b"x"
    assert last.decision == Forward(conditional=(("If-None-Match", '"v1"'),))
    assert last.answer is not None
    assert last.answer.status == 304
    assert isinstance(last.outcome, Outcome)
    assert last.outcome.store is not None


def test_a_not_modified_to_an_unconditional_request_is_passed_on(tmp_path: Path) -> None:
    """A stale entry without an ETag is dropped and the origin asked without validators; should it
    answer 304 all the same, the caller gets that 304 (nothing is left to serve), no error."""
    url, now = "https://o.test/x", [float(START)]
    session = cached_session(tmp_path, clock=lambda: now[0])
    with responses.RequestsMock() as mock:
        fields = {"Cache-Control": "max-age=60", "Date": format_http_date(START)}
        mock.get(url, body=b"x", headers=fields)
        session.get(url)
        now[0] += 61
        mock.replace(responses.GET, url, status=304)
        assert session.get(url).status_code == 304
    assert not entry_path(tmp_path / "http-v2", url).exists()


def test_served_response_has_the_encoding_its_content_type_names(tmp_path: Path) -> None:
    url = "https://o.test/simple/demo/"
    fields = {"Cache-Control": "max-age=600", "Date": formatdate(usegmt=True)}
    session = cached_session(tmp_path)
    with responses.RequestsMock() as mock:
        mock.get(url, body=b"caf\xe9", headers=fields, content_type="text/plain; charset=latin-1")
        assert session.get(url).encoding == "latin-1"
        served = session.get(url)
        assert len(mock.calls) == 1
    assert (served.encoding, served.text) == ("latin-1", "caf\u00e9")


def test_compressed_response_is_stored_decoded(tmp_path: Path) -> None:
    """A page sent with ``Content-Encoding: gzip`` (as a CDN sends index pages) is stored, and
    served again decoded, its length the decoded one."""
    url, page = "https://o.test/simple/demo/", b"<html>demo</html>\n" * 20
    fields = {"Cache-Control": "max-age=600", "Date": formatdate(usegmt=True)}
    session = cached_session(tmp_path)
    with responses.RequestsMock() as mock:
        squeezed = gzip.compress(page)
        sent = {**fields, "Content-Encoding": "gzip", "Content-Length": str(len(squeezed))}
        mock.get(url, body=squeezed, headers=sent)
        assert session.get(url).content == page
        served = session.get(url)
        assert len(mock.calls) == 1
    assert served.content == page
    assert "Content-Encoding" not in served.headers
    assert served.headers["Content-Length"] == str(len(page))
