"""The model's requests (:mod:`model.install.fetch`): what it asks an index for (pip's
``Accept`` and ``Cache-Control: max-age=0``), what it makes of the answer, where a file lands,
and the one-line reasons of a failure."""

from __future__ import annotations

import hashlib
import socket
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, ClassVar

import pytest

from model.install.errors import FetchError
from model.install.explain import Explainer
from model.install.fetch import Fetcher, _reason, check_hashes
from model.install.index import ACCEPT
from spec_tests.selftests.serving import serving

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from spec_tests.harness.workspace import Workspace


class _Origin(BaseHTTPRequestHandler):
    """``/p/<status>`` answers that status; ``/moved`` redirects to ``/p/200``; headers kept."""

    seen: ClassVar[list[dict[str, str]]] = []

    def do_GET(self) -> None:
        self.seen.append(dict(self.headers))
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/p/200")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status = int(self.path.rsplit("/", 1)[-1]) if self.path.startswith("/p/") else 200
        body = b"<a href='x-1.0.tar.gz'>"
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def origin() -> Iterator[str]:
    _Origin.seen.clear()
    with serving(_Origin) as url:
        yield url


def test_an_index_page_is_asked_as_pip_asks(origin: str) -> None:
    page = Fetcher(None, Explainer()).page(f"{origin}/moved")
    assert page is not None
    assert (page.url, page.body, page.content_type) == (
        f"{origin}/p/200", b"<a href='x-1.0.tar.gz'>", "text/html; charset=utf-8",
    )  # fmt: skip
    asked = _Origin.seen[0]
    assert (asked["Accept"], asked["Cache-Control"]) == (ACCEPT, "max-age=0")


@pytest.mark.parametrize(("status", "message"), [(404, None), (405, "answered 405"), (500, "500")])
def test_an_index_status(origin: str, status: int, message: str | None) -> None:
    fetcher = Fetcher(None, Explainer())
    if message is None:
        assert fetcher.page(f"{origin}/p/{status}") is None
        return
    with pytest.raises(FetchError) as caught:
        fetcher.page(f"{origin}/p/{status}")
    assert str(caught.value) == f"{origin}/p/{status}: the index answered {status}"


def test_a_file_lands_in_a_new_directory_under_its_name(origin: str, tmp_path: Path) -> None:
    fetcher = Fetcher(None, Explainer())
    into = tmp_path / "a" / "b"
    assert fetcher.file(f"{origin}/p/200", into) == into / "200"
    assert fetcher.file(f"{origin}/", into) == into / "download"  # no name in the URL
    assert (into / "download").read_bytes() == b"<a href='x-1.0.tar.gz'>"
    assert _Origin.seen[0]["Accept-Encoding"] == "identity"  # pip asks files unencoded
    with pytest.raises(
        FetchError, match=rf"^{origin}/p/200: sha256 is [0-9a-f]+, the link says 00$"
    ):
        fetcher.file(f"{origin}/p/200#sha256=00", tmp_path / "c")
    with pytest.raises(FetchError) as caught:
        fetcher.file(f"file://{tmp_path}/gone-1.0.tar.gz", into)
    assert str(caught.value) == (
        f"file://{tmp_path}/gone-1.0.tar.gz: cannot be read (No such file or directory)"
    )


def test_an_unreachable_origin_is_one_line() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed when the request is made: refused
    with pytest.raises(FetchError) as caught:
        Fetcher(None, Explainer()).page(f"http://127.0.0.1:{port}/simple/x/")
    assert str(caught.value) == (
        f"http://127.0.0.1:{port}/simple/x/: cannot be reached (Connection refused)"
    )


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (OSError("certificate verify failed: self signed"), "certificate verify failed"),
        (OSError("[Errno -2] Name or service not known"), "Name or service not known"),
        (OSError("first line\nsecond", "another argument"), "first line"),
        (OSError("x" * 300), "x" * 200),
        (OSError(), "OSError"),
    ],
)
def test_reasons(exc: Exception, reason: str) -> None:
    assert _reason(exc) == reason


def test_a_file_answered_with_an_error(origin: str, tmp_path: Path) -> None:
    with pytest.raises(FetchError) as caught:
        Fetcher(None, Explainer()).file(f"{origin}/p/404", tmp_path)
    assert str(caught.value) == f"{origin}/p/404: the server answered 404"


def test_an_unknown_certificate_suggests_cert(ws: Workspace) -> None:
    url = ws.index.url
    with pytest.raises(FetchError) as caught:
        Fetcher(None, Explainer()).page(url)
    assert str(caught.value) == f"{url}: TLS failed (certificate verify failed); is --cert needed?"


DATA = b"some bytes"


@pytest.mark.parametrize(
    ("fragment", "ok"),
    [
        (f"sha384={hashlib.sha384(DATA).hexdigest()}", True),
        (f"sha512={hashlib.sha512(DATA).hexdigest().upper()}", True),
        ("sha384=00", False),
        ("sha512=00", False),
        ("md5=00", True),  # not a hash pip checks
        ("sha256=", True),
        ("egg=x&md5=00&sha256=00", False),
    ],
)
def test_hashes_of_the_link(tmp_path: Path, fragment: str, ok: bool) -> None:
    path = tmp_path / "f"
    path.write_bytes(DATA)
    if ok:
        check_hashes(path, fragment, "https://f.test/f")
        return
    with pytest.raises(FetchError, match=r"^https://f\.test/f: sha(384|512|256) is [0-9a-f]+, "):
        check_hashes(path, fragment, "https://f.test/f")
