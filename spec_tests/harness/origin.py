"""An HTTP origin that answers as the scenario tells it and logs every request with its headers.

One piece of logic (:class:`Origin`), two ways to reach it:

- in-process implementations: ``responses`` routes ``https://origin.test/...`` to
  :meth:`Origin.respond` (see :func:`mount_responses`);
- implementations run by subprocess: an HTTPS server at ``https://localhost:PORT`` with a
  certificate of the session's CA, which the implementation is told to trust (see
  :class:`HttpsOrigin` and :mod:`.tls`), and a plain ``http://`` one beside it.

The origin's ``Date`` follows the scenario clock (plus a skew the scenario may set). It answers a
conditional request with 304 when the validator matches its current answer, as origins do.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from spec_tests.harness.clock import START, http_date, http_epoch
from spec_tests.harness.tls import loopback_server
from spec_tests.harness.wheel import WHEEL_NAME, release_name, wheel_bytes

if TYPE_CHECKING:
    import responses
    from pytest_httpserver import HTTPServer
    from werkzeug import Request as WsgiRequest
    from werkzeug import Response as WsgiResponse

    from spec_tests.harness.clock import Clock
    from spec_tests.harness.tls import LocalCA

__all__ = [
    "INDEX_PATH",
    "WHEEL_PATH",
    "Answer",
    "HttpsOrigin",
    "Origin",
    "Seen",
    "at_ip_address",
    "mount_responses",
    "not_modified",
    "published_file",
    "release_path",
]

WHEEL_PATH = f"/files/{WHEEL_NAME}"
#: The project page of ``demo`` in a simple (PEP 503) index rooted at ``/simple``.
INDEX_PATH = "/simple/demo/"


def release_path(release: int) -> str:
    """Where the origin serves the wheel of release ``release`` of demo (1: :data:`WHEEL_PATH`)."""
    return f"/files/{release_name(release)}"


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
    #: the version of demo whose wheel the body is (a release's file: see :func:`published_file`)
    version: str = "1.0"

    @property
    def body(self) -> bytes:
        return wheel_bytes(self.variant, self.version) if self.status < 300 else b"not here\n"


def published_file(release: int) -> Answer:
    """How a public index serves the file of a release: never changed once published, so
    cacheable for a year and immutable, with an ``ETag`` from its content and a
    ``Last-Modified``."""
    body = wheel_bytes(release, f"{release}.0")
    fields = {
        "Cache-Control": "max-age=31536000, immutable, public",
        "ETag": f'"{hashlib.sha256(body).hexdigest()[:20]}"',
        "Last-Modified": http_date(START - 86_400),
    }
    return Answer(variant=release, version=f"{release}.0", headers=fields)


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
    #: what each path answers; a path not here answers 404 (releases 2 and 3 are published)
    answers: dict[str, Answer] = field(
        default_factory=lambda: {
            WHEEL_PATH: Answer(),
            **{release_path(n): published_file(n) for n in (2, 3)},
        }
    )
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
        """Variant ``variant`` of the wheel at :data:`WHEEL_PATH` (``demo-1.0``)."""
        return wheel_bytes(variant)

    def release_body(self, release: int) -> bytes:
        """What the origin serves for the file of release ``release``."""
        return self.answers[release_path(release)].body

    def publish(self, release: int, headers: Mapping[str, str] | None = None) -> None:
        """Publish release ``release`` of demo as a public index does: the files of releases 1 to
        ``release`` are served as published files (:func:`published_file`), and from now on the
        project page (:data:`INDEX_PATH`) lists them, answered with ``headers``."""
        for n in range(1, release + 1):
            self.answers[release_path(n)] = published_file(n)
        self.answers[INDEX_PATH] = Answer(variant=release, headers=dict(headers or {}))

    def page(self, release: int) -> bytes:
        """The project page of demo listing releases 1 to ``release``, each link with the
        ``#sha256=`` of the file the origin serves there (PEP 503)."""
        links = []
        for n in range(1, release + 1):
            path, name = release_path(n), release_name(n)
            served = self.answers.get(path)
            digest = f"#sha256={hashlib.sha256(served.body).hexdigest()}" if served else ""
            links.append(f'<a href="{path}{digest}">{name}</a>')
        body = "\n".join(links)
        return f"<!DOCTYPE html>\n<html><body>\n{body}\n</body></html>\n".encode()

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
        lower = {k.lower(): v for k, v in now.headers.items()}
        if method in ("GET", "HEAD") and now.status == 200 and not_modified(request.headers, lower):
            kept = [(k, v) for k, v in now.headers.items() if k.lower() in _ON_304]
            return 304, [*date, *kept], b""
        page = path == INDEX_PATH
        body = self.page(now.variant) if page and now.status < 300 else now.body
        kind = "text/html" if page else "application/octet-stream"
        fields = [*date, ("Content-Type", kind), *now.headers.items()]
        return now.status, fields, body if method == "GET" else b""


def not_modified(request: Mapping[str, str], fields: Mapping[str, str]) -> bool:
    """Whether a request with these header fields is answered ``304`` by an origin whose current
    answer has these (names in lower case): its ``If-None-Match`` names the ``ETag``, or, without
    ``If-None-Match``, its ``If-Modified-Since`` is not before the ``Last-Modified``."""
    inm = request.get("if-none-match")
    if inm is not None:
        etag = fields.get("etag")
        return etag is not None and (
            inm.strip() == "*" or etag in (t.strip() for t in inm.split(","))
        )
    since = http_epoch(request.get("if-modified-since"))
    modified = http_epoch(fields.get("last-modified"))
    return since is not None and modified is not None and modified <= since


def mount_responses(mock: responses.RequestsMock, origin: Origin, base_url: str = "") -> None:
    """Route every request to ``origin.base_url`` (or ``base_url``, another name of the same
    origin) through ``mock`` to ``origin``."""
    import responses as _responses

    def callback(request: Any) -> tuple[int, dict[str, str], bytes]:
        path = re.sub(r"^[a-z]+://[^/]+", "", request.url).split("?")[0]
        status, fields, body = origin.respond(request.method, path, dict(request.headers))
        return status, dict(fields), body

    for method in (_responses.GET, _responses.HEAD):
        mock.add_callback(
            method, re.compile(re.escape(base_url or origin.base_url) + r"/.*"), callback=callback
        )


class HttpsOrigin:
    """A loopback HTTPS server whose handler is whichever :class:`Origin` is current, and a plain
    HTTP one beside it (``plain_*``: pip caches that only for a ``--trusted-host``)."""

    def __init__(self, ca: LocalCA) -> None:
        self.ca_cert = ca.cert_path
        self.server: HTTPServer = loopback_server(ca)
        self.plain_server: HTTPServer = loopback_server(None)
        self.server.expect_request(re.compile(".*")).respond_with_handler(self._handle)
        self.plain_server.expect_request(re.compile(".*")).respond_with_handler(self._handle_plain)
        self.origin: Origin | None = None
        self.plain_origin: Origin | None = None

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


def at_ip_address(url: str) -> str:
    """``url`` with its host named by its IP address (``localhost`` and the in-process origin's
    name are ``127.0.0.1``)."""
    scheme, _, rest = url.partition("://")
    host_port, slash, path = rest.partition("/")
    _, colon, port = host_port.partition(":")
    return f"{scheme}://127.0.0.1{colon}{port}{slash}{path}"


def _answer(origin: Origin | None, request: WsgiRequest) -> WsgiResponse:
    from werkzeug import Response

    if origin is None:
        return Response("no scenario", status=503)
    status, fields, body = origin.respond(request.method, request.path, dict(request.headers))
    return Response(body, status=status, headers=fields)
