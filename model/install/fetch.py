"""Getting bytes: index pages and files, over ``requests`` through the model's HTTP cache.

Thin I/O. Every ``https://`` request (and plain ``http://`` to a ``--trusted-host``) goes through
:func:`model.http.adapter.cached_session`, so the HTTP cache decides with the same
:mod:`model.http.policy` functions the API facet uses; the adapter's observer feeds ``--explain``.
With the cache disabled the session is plain ``requests``. Index pages are asked for with pip's
``Accept`` and ``Cache-Control: max-age=0`` (pip up to 26.1 always revalidates index pages:
``observed.http.index-pages-revalidated``), files with ``Accept-Encoding: identity``. A file whose
link carries a hash (``#sha256=``, or PEP 691 ``hashes``) is checked against it.

``requests`` is imported on the first request only: a run the wheel cache answers without the
network never pays for it. The process environment is never read (``trust_env`` is off): the CA
bundle is ``--cert`` or certifi's.
"""

from __future__ import annotations

import hashlib
import shutil
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from model.install.errors import FetchError

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    import requests

    from model.install.explain import Explainer

__all__ = ["FetchError", "Fetcher", "Page"]

_TIMEOUT = 60.0


@dataclass(frozen=True)
class Page:
    url: str
    body: bytes
    content_type: str | None


@dataclass
class Fetcher:
    """Requests of one run: one session, made on first use."""

    cache_dir: Path | None
    explainer: Explainer
    cert: str | None = None
    trusted_hosts: Sequence[str] = ()
    _session: requests.Session | None = field(default=None, init=False, repr=False)

    def _get(self, url: str, headers: Mapping[str, str]) -> requests.Response:
        import requests

        if self._session is None:
            self._session = self._make_session()
        try:
            response = self._session.get(url, headers=dict(headers), timeout=_TIMEOUT)
        except requests.exceptions.SSLError as exc:
            raise FetchError(f"{url}: TLS failed ({_reason(exc)}); is --cert needed?") from None
        except requests.RequestException as exc:
            raise FetchError(f"{url}: cannot be reached ({_reason(exc)})") from None
        return response

    def _make_session(self) -> requests.Session:
        import requests

        from model.http.adapter import PlainAdapter, cached_session

        if self.cache_dir is None:
            session = requests.Session()
            session.mount("http://", PlainAdapter())
        else:
            session = cached_session(
                self.cache_dir, trusted_hosts=self.trusted_hosts, observer=self.explainer.http
            )
        session.trust_env = False
        session.verify = self.cert or True
        return session

    def page(self, url: str) -> Page | None:
        """The index page at ``url``; ``None`` when the index has no such project (404)."""
        from model.install.index import ACCEPT

        response = self._get(url, {"Accept": ACCEPT, "Cache-Control": "max-age=0"})
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise FetchError(f"{url}: the index answered {response.status_code}")
        return Page(response.url or url, response.content, response.headers.get("Content-Type"))

    def file(self, link: str, into: Path) -> Path:
        """Fetch ``link`` (``https://``, ``http://`` or ``file://``; a ``#sha256=`` fragment is
        checked) into the directory ``into``; return the file."""
        url, _, fragment = link.partition("#")
        parts = urllib.parse.urlsplit(url)
        name = urllib.parse.unquote(parts.path.rsplit("/", 1)[-1]) or "download"
        into.mkdir(parents=True, exist_ok=True)
        target = into / name
        if parts.scheme == "file":
            source = Path(urllib.parse.unquote(parts.path))
            try:
                shutil.copyfile(source, target)
            except OSError as exc:
                raise FetchError(f"{url}: cannot be read ({exc.strerror or exc})") from None
        else:
            response = self._get(url, {"Accept-Encoding": "identity"})
            if response.status_code != 200:
                raise FetchError(f"{url}: the server answered {response.status_code}")
            target.write_bytes(response.content)
        check_hashes(target, fragment, url)
        return target


def check_hashes(path: Path, fragment: str, url: str) -> None:
    """Raise :class:`FetchError` when a hash named in the link's fragment does not match."""
    for item in fragment.split("&"):
        algorithm, _, expected = item.partition("=")
        if algorithm not in ("sha256", "sha384", "sha512") or not expected:
            continue
        digest = hashlib.new(algorithm, path.read_bytes()).hexdigest()
        if digest != expected.lower():
            raise FetchError(f"{url}: {algorithm} is {digest}, the link says {expected}")


def _reason(exc: Exception) -> str:
    text = str(exc.args[0] if exc.args else exc)
    for marker in ("Connection refused", "certificate verify failed", "Name or service not known"):
        if marker in text:
            return marker
    return text.splitlines()[0][:200] if text else type(exc).__name__
