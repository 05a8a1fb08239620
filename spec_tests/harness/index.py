"""A loopback PEP 503 "simple" index over plain http, served by pytest-httpserver.

The wheel cache works over plain ``http://`` (pip treats 127.0.0.1 as a secure origin), so this
index needs no certificate. Files are published with :meth:`Index.publish`; pages are built on
each request from what is published at that moment.
"""

from __future__ import annotations

import html
import re
from contextlib import contextmanager
from typing import TYPE_CHECKING

from packaging.utils import canonicalize_name
from pytest_httpserver import HTTPServer
from werkzeug import Response

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from werkzeug import Request

__all__ = ["Index", "serving"]

_SDIST = re.compile(r"^(?P<name>.+?)-(?P<version>[^-]+?)(\.tar\.gz|\.zip|\.tar\.bz2)$")


class Index:
    """A PEP 503 index at ``<server>/simple/``; files at ``<server>/files/<filename>``."""

    def __init__(self, server: HTTPServer) -> None:
        self._server = server
        self._files: dict[str, Path] = {}
        server.expect_request(re.compile(r"^/.*")).respond_with_handler(self._handle)

    @property
    def url(self) -> str:
        """The index URL, for ``--index-url``."""
        return self._server.url_for("/simple/")

    def file_url(self, filename: str) -> str:
        return self._server.url_for(f"/files/{filename}")

    def publish(self, path: Path) -> str:
        """Serve the sdist or wheel at ``path``; return its URL."""
        self._files[path.name] = path
        return self.file_url(path.name)

    def requested_paths(self) -> list[str]:
        """The paths requested so far, in order."""
        return [req.path for req, _ in self._server.log]

    def _project_of(self, filename: str) -> str:
        if filename.endswith(".whl"):
            return canonicalize_name(filename.split("-")[0])
        match = _SDIST.match(filename)
        return canonicalize_name(match["name"] if match else filename)

    def _handle(self, request: Request) -> Response:
        path = request.path
        if path in ("/simple", "/simple/"):
            names = sorted({self._project_of(f) for f in self._files})
            links = "".join(f'<a href="{n}/">{n}</a>\n' for n in names)
            return _page(links)
        if path.startswith("/simple/"):
            project = canonicalize_name(path.removeprefix("/simple/").strip("/"))
            links = "".join(
                f'<a href="/files/{html.escape(f)}">{html.escape(f)}</a>\n'
                for f in sorted(self._files)
                if self._project_of(f) == project
            )
            return _page(links) if links else Response("not found", status=404)
        if path.startswith("/files/"):
            found = self._files.get(path.removeprefix("/files/"))
            if found is not None:
                return Response(found.read_bytes(), content_type="application/octet-stream")
        return Response("not found", status=404)


def _page(body: str) -> Response:
    text = f"<!DOCTYPE html><html><body>\n{body}</body></html>\n"
    return Response(text, content_type="text/html")


class _QuickStop(HTTPServer):
    """Stops at once: ``serve_forever``'s default poll interval made every stop wait 0.5 s."""

    def thread_target(self) -> None:
        assert self.server is not None
        self.server.serve_forever(poll_interval=0.01)


@contextmanager
def serving() -> Iterator[Index]:
    """A fresh index at ``http://127.0.0.1:<free port>/simple/`` for the ``with`` block."""
    server = _QuickStop(host="127.0.0.1", port=0)
    server.start()
    try:
        yield Index(server)
    finally:
        server.clear()
        if server.is_running():
            server.stop()
