"""Loopback servers over HTTPS, with a local certificate authority: HTTPS as users meet it.

Public indexes and origins speak HTTPS, and an installer's HTTP cache may take part only there
(pip caches no plain ``http://`` origin). The loopback servers of the suite therefore serve
``https://localhost:PORT`` with a certificate from a throwaway CA made with ``trustme``; the
installer under test trusts that CA the way a user would trust a corporate one (pip's
``--cert <ca.pem>``; each adapter translates). The name is ``localhost``: some pips (24.2 to 26.0)
fail on ``https://127.0.0.1`` (``observed.http.ip-literal-origin``).

Every loopback server (:func:`loopback_server`) sends one ``Date``, its own (the scenario clock's),
not the real clock's that ``http.server`` adds.

Fixture: ``local_ca`` (one CA per session; making one costs a key generation).
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from pathlib import Path

    import trustme
    from pytest_httpserver import HTTPServer

__all__ = ["LocalCA", "local_ca", "loopback_server", "quick_stop_server"]

#: the names the servers' certificate is valid for
HOSTS = ("localhost", "127.0.0.1")


@dataclass(frozen=True)
class LocalCA:
    """A CA, its certificate at :attr:`cert_path` (PEM: what a client is told to trust), and the
    certificate it issued for :data:`HOSTS`."""

    ca: trustme.CA
    cert_path: Path
    server_cert: trustme.LeafCert

    @classmethod
    def make(cls, directory: Path, filename: str = "local-ca.pem") -> LocalCA:
        """A new CA, its certificate written to ``directory / filename``."""
        import trustme

        ca = trustme.CA()
        cert_path = directory / filename
        ca.cert_pem.write_to_path(str(cert_path))
        return cls(ca, cert_path, ca.issue_cert(*HOSTS))

    def server_context(self) -> ssl.SSLContext:
        """A server-side TLS context presenting the certificate for :data:`HOSTS`."""
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.server_cert.configure_cert(context)
        return context


@pytest.fixture(scope="session")
def local_ca(tmp_path_factory: pytest.TempPathFactory) -> LocalCA:
    """The session's CA: every loopback HTTPS server of the suite presents its certificate."""
    return LocalCA.make(tmp_path_factory.mktemp("local-ca"))


def quick_stop_server(**kwargs: Any) -> HTTPServer:
    """A pytest-httpserver (not started; ``kwargs`` as its constructor takes them) that stops at
    once: ``serve_forever``'s default poll interval made every stop wait 0.5 s."""
    from pytest_httpserver import HTTPServer

    class QuickStop(HTTPServer):
        def thread_target(self) -> None:
            assert self.server is not None
            self.server.serve_forever(poll_interval=0.01)

    return QuickStop(**kwargs)


def loopback_server(ca: LocalCA | None, port: int = 0) -> HTTPServer:
    """A started pytest-httpserver at ``localhost`` on ``port`` (0: a free one): HTTPS with
    ``ca``'s certificate, or plain HTTP for ``None``. Its handlers add their own ``Date``."""
    context = ca.server_context() if ca is not None else None
    server = quick_stop_server(host="localhost", port=port, ssl_context=context)
    server.start()
    handler = server.server.RequestHandlerClass  # type: ignore[union-attr]

    class OneDate(handler):  # type: ignore[misc,valid-type]
        """The handler without ``http.server``'s ``Date`` of the real clock (a client reading
        the first of two would see the real date)."""

        def send_response(self, code: int, message: Any = None) -> None:
            self.log_request(code)
            self.send_response_only(code, message)
            self.send_header("Server", self.version_string())

    server.server.RequestHandlerClass = OneDate  # type: ignore[union-attr]
    return server
