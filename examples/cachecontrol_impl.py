"""A third, independent implementation of the HTTP facet: CacheControl's own adapter and file cache.

pip's page says of its HTTP cache: "This cache functions like a web browser cache." CacheControl
(https://pypi.org/project/CacheControl/) is a browser-style cache for ``requests``; this module
offers it to the suite as an implementation of the HTTP facet only, so that the page's HTTP
statements can be checked against code that is neither pip nor the model::

    pytest --impl=examples.cachecontrol_impl:factory

Every other facet is ``None``: its tests are skipped as "cachecontrol does not provide <facet>".
No pip version is claimed (``pip_version = None``: the page's own, 24.2), so no version gate
applies; the responses are stored under ``<cache_dir>/http-v2`` as the page says since 23.3.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.metadata import version
from typing import TYPE_CHECKING, Any

import requests
from cachecontrol import CacheControlAdapter
from cachecontrol.caches import FileCache
from packaging.version import Version

from spec_tests.interface import BasicImplementation, Implementation

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["CacheControlHttp", "factory"]


class _EndsAtEof:
    """A response body stream that says it is closed once exhausted, as a socket's does.

    CacheControl stores a response when its body stream reports itself closed after the last
    read. A real connection does (http.client drops its ``fp``); the in-memory body of a test
    double such as ``responses`` never does, so nothing would ever be stored. This wrapper gives
    such a stream a socket's end-of-file behaviour, nothing more.
    """

    def __init__(self, raw: Any) -> None:
        self._raw = raw
        self._done = False

    def read(self, amt: int | None = None) -> bytes:
        data: bytes = self._raw.read() if amt is None else self._raw.read(amt)
        if amt is None or not data or len(data) < amt:
            self._done = True
        return data

    @property
    def fp(self) -> Any:
        return None if self._done else self._raw

    @property
    def closed(self) -> bool:
        return self._done or bool(getattr(self._raw, "closed", False))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)


class _Adapter(CacheControlAdapter):
    """CacheControl's adapter, unchanged but for :class:`_EndsAtEof` on fresh responses."""

    def build_response(  # type: ignore[override]
        self, request: Any, response: Any, from_cache: bool = False, **kw: Any
    ) -> requests.Response:
        fp = getattr(response, "_fp", None)
        if not from_cache and fp is not None and not hasattr(fp, "fp"):
            response._fp = _EndsAtEof(fp)
        return super().build_response(request, response, from_cache, **kw)


class CacheControlHttp:
    """The HttpCache facet: a requests session whose transport is a ``CacheControlAdapter``
    storing responses in a ``FileCache`` under ``cache_dir / http_dir_name``."""

    http_dir_name = "http-v2"

    def session(self, cache_dir: Path, *, trusted_hosts: Sequence[str] = ()) -> requests.Session:
        """CacheControl's adapter on every origin: it has no notion of trusted hosts (pip caches
        plain ``http://`` only for those), so ``trusted_hosts`` changes nothing here."""
        del trusted_hosts
        cache = FileCache(cache_dir / self.http_dir_name)
        adapter = _Adapter(cache=cache)
        session = requests.Session()
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        return session

    def stored_response_files(self, cache_dir: Path) -> list[Path]:
        """The files holding stored responses: not the ``.lock`` files ``FileCache`` leaves
        beside them (they hold nothing; the suite's damage tests must not take them for an
        entry)."""
        root = cache_dir / self.http_dir_name
        return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix != ".lock")


def factory() -> Implementation:
    """The implementation the suite loads for ``--impl=examples.cachecontrol_impl:factory``."""
    return BasicImplementation(
        name="cachecontrol",
        version=Version(version("cachecontrol")),
        pip_version=None,
        http=CacheControlHttp(),
    )
