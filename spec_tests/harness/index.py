"""A loopback PEP 503 "simple" index that serves pages and files the way a public index does.

An index users install from (PyPI, a mirror, a company's index) speaks HTTPS, links every file
with its ``#sha256=`` hash, and sends validators and caching headers: a published file never
changes, so it is cacheable for a year and ``immutable``, with an ``ETag`` and a
``Last-Modified``; a project page changes with every release, so it is short-lived (``max-age=600``)
with an ``ETag``; a conditional request that matches is answered ``304``; every answer's ``Date``
is the scenario clock's. Installers behave on such an index as users see them behave, HTTP cache
included; this is the index of every end-to-end scenario (:class:`Index`, :func:`serving`).

The *bare* index (``bare=True``) is an artificial one, for separate, labelled scenarios only: no
hash fragments, no validators, no caching headers, like a directory served by a minimal file
server. Installers that trust validators (a changed file gets a new one) may behave differently
there; a public index never looks like it.

Served at ``https://localhost:PORT/simple/`` with a certificate of the session's CA
(:mod:`.tls`); files at ``/files/<filename>``, published with :meth:`Index.publish`; pages are built
on each request from what is published at that moment.
"""

from __future__ import annotations

import hashlib
import html
import re
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from packaging.utils import canonicalize_name
from werkzeug import Response

from spec_tests.harness.clock import Clock, WallClock, http_date
from spec_tests.harness.origin import not_modified
from spec_tests.harness.tls import loopback_server

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from pathlib import Path

    from pytest_httpserver import HTTPServer
    from werkzeug import Request

    from spec_tests.harness.tls import LocalCA

__all__ = ["FILE_CACHING", "PAGE_CACHING", "Index", "serving"]

_SDIST = re.compile(r"^(?P<name>.+?)-(?P<version>[^-]+?)(\.tar\.gz|\.zip|\.tar\.bz2)$")
#: what a public index says of a published file, and of a project page
FILE_CACHING = "max-age=31536000, immutable, public"
PAGE_CACHING = "max-age=600, public"


@dataclass(frozen=True)
class _Published:
    data: bytes
    sha256: str
    last_modified: str


class Index:
    """A PEP 503 index at ``<server>/simple/``; files at ``<server>/files/<filename>``."""

    def __init__(self, server: HTTPServer, clock: Clock, *, bare: bool = False) -> None:
        self._server = server
        self._clock = clock
        self.bare = bare
        self._files: dict[str, _Published] = {}
        server.expect_request(re.compile(r"^/.*")).respond_with_handler(self._handle)

    @property
    def url(self) -> str:
        """The index URL, for ``--index-url``."""
        return self._server.url_for("/simple/")

    def file_url(self, filename: str) -> str:
        return self._server.url_for(f"/files/{filename}")

    def publish(self, path: Path) -> str:
        """Serve the sdist or wheel at ``path`` (its bytes as they are now); return its URL."""
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        self._files[path.name] = _Published(data, digest, http_date(self._clock.now()))
        return self.file_url(path.name)

    def requested_paths(self) -> list[str]:
        """The paths requested so far, in order."""
        return [req.path for req, _ in self._server.log]

    def _project_of(self, filename: str) -> str:
        if filename.endswith(".whl"):
            return canonicalize_name(filename.split("-")[0])
        match = _SDIST.match(filename)
        return canonicalize_name(match["name"] if match else filename)

    def _link(self, filename: str) -> str:
        href = f"/files/{html.escape(filename)}"
        if not self.bare:
            href += f"#sha256={self._files[filename].sha256}"
        return f'<a href="{href}">{html.escape(filename)}</a>\n'

    def _handle(self, request: Request) -> Response:
        path = request.path
        if path in ("/simple", "/simple/"):
            names = sorted({self._project_of(f) for f in self._files})
            return self._page(request, "".join(f'<a href="{n}/">{n}</a>\n' for n in names))
        if path.startswith("/simple/"):
            project = canonicalize_name(path.removeprefix("/simple/").strip("/"))
            links = "".join(
                self._link(f) for f in sorted(self._files) if self._project_of(f) == project
            )
            return self._page(request, links) if links else self._answer(404, b"not found\n", {})
        found = (
            self._files.get(path.removeprefix("/files/")) if path.startswith("/files/") else None
        )
        if found is None:
            return self._answer(404, b"not found\n", {})
        fields = {"Content-Type": "application/octet-stream"}
        if not self.bare:
            fields |= {
                "Cache-Control": FILE_CACHING,
                "ETag": f'"{found.sha256[:32]}"',
                "Last-Modified": found.last_modified,
            }
        return self._answer(200, found.data, fields, request)

    def _page(self, request: Request, links: str) -> Response:
        body = f"<!DOCTYPE html><html><body>\n{links}</body></html>\n".encode()
        fields = {"Content-Type": "text/html"}
        if not self.bare:
            etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
            fields |= {"Cache-Control": PAGE_CACHING, "ETag": etag}
        return self._answer(200, body, fields, request)

    def _answer(
        self, status: int, body: bytes, fields: Mapping[str, str], request: Request | None = None
    ) -> Response:
        """The answer, with the clock's ``Date``; ``304`` to a conditional request it matches."""
        date = {"Date": http_date(self._clock.now())}
        asked = {k.lower(): v for k, v in request.headers.items()} if request is not None else {}
        lower = {k.lower(): v for k, v in fields.items()}
        if request is not None and status == 200 and not_modified(asked, lower):
            kept = {k: v for k, v in fields.items() if k != "Content-Type"}
            return Response(b"", status=304, headers={**date, **kept})
        return Response(body, status=status, headers={**date, **fields})


@contextmanager
def serving(
    ca: LocalCA, *, clock: Clock | None = None, bare: bool = False, port: int = 0
) -> Iterator[Index]:
    """A fresh index at ``https://localhost:<port>/simple/`` (by default a free port) for the
    ``with`` block; its ``Date`` from ``clock`` (default: the wall clock, at which the installer
    runs)."""
    server = loopback_server(ca, port)
    try:
        yield Index(server, clock or WallClock(), bare=bare)
    finally:
        server.clear()
        if server.is_running():
            server.stop()
