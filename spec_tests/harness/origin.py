"""An HTTP origin that answers as the scenario tells it and logs every request with its headers.

One piece of logic (:class:`Origin`), two ways to reach it:

- in-process implementations: ``responses`` routes ``https://origin.test/...`` to
  :meth:`Origin.respond` (see :func:`mount_responses`);
- real pip by subprocess: an HTTPS server at ``https://localhost:PORT`` (pytest-httpserver, with
  a certificate from a trustme CA that pip gets by ``--cert``; see :class:`HttpsOrigin`). pip
  caches no plain ``http://`` origin, and pip 24.2 fails on ``https://127.0.0.1``: hence the name
  localhost.

The origin's ``Date`` follows the scenario clock (plus a skew the scenario may set). It answers a
conditional request with 304 when the validator matches its current answer, as origins do.
"""

from __future__ import annotations

import re
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from spec_tests.harness.clock import http_date, http_epoch
from spec_tests.harness.wheel import WHEEL_NAME, wheel_bytes

if TYPE_CHECKING:
    from pathlib import Path

    import responses
    from pytest_httpserver import HTTPServer
    from werkzeug import Request as WsgiRequest
    from werkzeug import Response as WsgiResponse

    from spec_tests.harness.clock import Clock

__all__ = ["INDEX_PATH", "WHEEL_PATH", "Answer", "HttpsOrigin", "Origin", "Seen", "mount_responses"]

WHEEL_PATH = f"/files/{WHEEL_NAME}"
#: The project page of ``demo`` in a simple (PEP 503) index rooted at ``/simple``.
INDEX_PATH = "/simple/demo/"
_TYPES = {WHEEL_PATH: "application/octet-stream", INDEX_PATH: "text/html"}


def index_html(variant: int) -> bytes:
    """The index page of ``demo``: one link, to the wheel; ``variant`` changes the bytes only."""
    link = f'<a href="{WHEEL_PATH}">{WHEEL_NAME}</a>'
    return f"<!DOCTYPE html>\n<html><body>\n{link}\n<!-- {variant} -->\n</body></html>\n".encode()


#: Header fields a 304 repeats from the current answer (RFC 9110 15.4.5).
_ON_304 = ("cache-control", "etag", "expires", "vary", "last-modified")


@dataclass(frozen=True)
class Answer:
    """What the origin answers: a status, a body variant (see ``wheel.py``), header fields, and
    the skew of its ``Date`` against the scenario clock."""

    status: int = 200
    variant: int = 1
    headers: Mapping[str, str] = field(default_factory=dict)
    date_skew: float = 0

    @property
    def body(self) -> bytes:
        return wheel_bytes(self.variant) if self.status < 300 else b"not here\n"


@dataclass(frozen=True)
class Seen:
    """A request the origin received."""

    method: str
    path: str
    headers: Mapping[str, str]  # names in lower case

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    @property
    def conditional(self) -> bool:
        """The request carries a validator (``If-None-Match`` or ``If-Modified-Since``)."""
        return "if-none-match" in self.headers or "if-modified-since" in self.headers


@dataclass
class Origin:
    base_url: str
    clock: Clock
    #: what each path answers; a path not here answers 404
    answers: dict[str, Answer] = field(default_factory=lambda: {WHEEL_PATH: Answer()})
    seen: list[Seen] = field(default_factory=list)
    #: the last answer given: (status, header fields, body)
    last_reply: tuple[int, list[tuple[str, str]], bytes] = (0, [], b"")
    #: where each client run (one fetch by the client) starts in ``seen``
    run_starts: list[int] = field(default_factory=list)

    # -- what the page means, not one client's request shapes: a client run may send several
    # -- requests (a HEAD, a retry); the questions below are asked of runs.

    def new_run(self) -> None:
        """The client starts a fetch: requests from now on belong to a new run."""
        self.run_starts.append(len(self.seen))

    def run(self, index: int) -> list[Seen]:
        """The requests the client's ``index``-th fetch (0: the first) sent to this origin."""
        starts = [*self.run_starts, len(self.seen)]
        return self.seen[starts[index] : starts[index + 1]]

    def conditional(self, index: int) -> list[Seen]:
        """The requests of run ``index`` that carry a validator (GET or HEAD)."""
        return [r for r in self.run(index) if r.conditional]

    def revalidated(
        self, index: int, *, etag: str | None = None, last_modified: str | None = None
    ) -> bool:
        """Run ``index`` revalidated: it sent a conditional request (GET or HEAD), and every
        conditional request of the run carries exactly these validators."""
        sent = self.conditional(index)
        return bool(sent) and all(
            (r.header("If-None-Match"), r.header("If-Modified-Since")) == (etag, last_modified)
            for r in sent
        )

    @property
    def url(self) -> str:
        """The wheel's URL: what the client fetches."""
        return self.base_url + WHEEL_PATH

    @property
    def index_url(self) -> str:
        """The root of the simple index that lists the wheel (project ``demo``)."""
        return self.base_url + "/simple"

    def answer(
        self, answer: Answer | None = None, /, *, path: str = WHEEL_PATH, **kw: Any
    ) -> Answer:
        """From now on answer requests for ``path`` with ``answer`` (or ``Answer(**kw)``)."""
        self.answers[path] = answer if answer is not None else Answer(**kw)
        return self.answers[path]

    def body(self, variant: int) -> bytes:
        return wheel_bytes(variant)

    def _not_modified(self, request: Seen, now: Answer) -> bool:
        if now.status != 200:
            return False
        fields = {k.lower(): v for k, v in now.headers.items()}
        inm = request.header("if-none-match")
        if inm is not None:
            etag = fields.get("etag")
            return etag is not None and (
                inm.strip() == "*" or etag in (t.strip() for t in inm.split(","))
            )
        ims = http_epoch(request.header("if-modified-since"))
        modified = http_epoch(fields.get("last-modified"))
        return ims is not None and modified is not None and modified <= ims

    def respond(
        self, method: str, path: str, headers: Mapping[str, str]
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        """Log the request, then answer it: (status, header fields, body)."""
        self.last_reply = self._respond(method, path, headers)
        return self.last_reply

    def _respond(
        self, method: str, path: str, headers: Mapping[str, str]
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        request = Seen(method, path, {k.lower(): v for k, v in headers.items()})
        self.seen.append(request)
        now = self.answers.get(path)
        date = [("Date", http_date(self.clock.now() + (now.date_skew if now else 0)))]
        if now is None:
            return 404, [*date, ("Content-Type", "text/plain")], b"no such file\n"
        if method in ("GET", "HEAD") and self._not_modified(request, now):
            kept = [(k, v) for k, v in now.headers.items() if k.lower() in _ON_304]
            return 304, [*date, *kept], b""
        body = index_html(now.variant) if path == INDEX_PATH and now.status < 300 else now.body
        fields = [*date, ("Content-Type", _TYPES[path]), *now.headers.items()]
        return now.status, fields, body if method == "GET" else b""


def mount_responses(mock: responses.RequestsMock, origin: Origin) -> None:
    """Route every request to ``origin.base_url`` through ``mock`` to ``origin``."""
    import responses as _responses

    def callback(request: Any) -> tuple[int, dict[str, str], bytes]:
        path = re.sub(r"^[a-z]+://[^/]+", "", request.url).split("?")[0]
        status, fields, body = origin.respond(request.method, path, dict(request.headers))
        return status, dict(fields), body

    for method in (_responses.GET, _responses.HEAD):
        mock.add_callback(
            method, re.compile(re.escape(origin.base_url) + r"/.*"), callback=callback
        )


class HttpsOrigin:
    """A loopback HTTPS server whose handler is whichever :class:`Origin` is current, and a plain
    HTTP one beside it (``plain_*``: pip caches that only for a ``--trusted-host``)."""

    def __init__(self, ca_dir: Path) -> None:
        import trustme
        from pytest_httpserver import HTTPServer

        ca = trustme.CA()
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert("localhost", "127.0.0.1").configure_cert(context)
        self.ca_cert = ca_dir / "origin-ca.pem"
        ca.cert_pem.write_to_path(str(self.ca_cert))
        self.server: HTTPServer = HTTPServer(host="localhost", port=0, ssl_context=context)
        self.server.expect_request(re.compile(".*")).respond_with_handler(self._handle)
        self.plain_server: HTTPServer = HTTPServer(host="localhost", port=0)
        self.plain_server.expect_request(re.compile(".*")).respond_with_handler(self._handle_plain)
        self.origin: Origin | None = None
        self.plain_origin: Origin | None = None
        self.server.start()
        self.plain_server.start()
        for started in (self.server, self.plain_server):
            handler = started.server.RequestHandlerClass  # type: ignore[union-attr]
            started.server.RequestHandlerClass = _one_date(handler)  # type: ignore[union-attr]

    @property
    def base_url(self) -> str:
        return self.server.url_for("").rstrip("/")

    @property
    def plain_base_url(self) -> str:
        return self.plain_server.url_for("").rstrip("/")

    def _handle(self, request: WsgiRequest) -> WsgiResponse:
        return _answer(self.origin, request)

    def _handle_plain(self, request: WsgiRequest) -> WsgiResponse:
        return _answer(self.plain_origin, request)

    def stop(self) -> None:
        for server in (self.server, self.plain_server):
            if server.is_running():
                server.stop()


def _one_date(handler: type[Any]) -> type[Any]:
    """The server's request handler, without the ``Date`` of the real clock that
    ``http.server`` adds to every response: the origin's own ``Date`` (the scenario clock) must be
    the only one (a client reading the first of two would see the real date)."""

    class OneDate(handler):  # type: ignore[misc,valid-type]
        def send_response(self, code: int, message: str | None = None) -> None:
            self.log_request(code)
            self.send_response_only(code, message)
            self.send_header("Server", self.version_string())

    return OneDate


def _answer(origin: Origin | None, request: WsgiRequest) -> WsgiResponse:
    from werkzeug import Response

    if origin is None:
        return Response("no scenario", status=503)
    status, fields, body = origin.respond(request.method, request.path, dict(request.headers))
    return Response(body, status=status, headers=fields)
