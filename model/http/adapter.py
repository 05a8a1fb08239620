"""The model's HTTP cache used as pip uses its own: through a ``requests.Session``.

A thin I/O layer: it reads the clock and the store, asks :mod:`model.http.policy` what to do, and
carries the answer out. Bodies are read whole before they are stored or returned. An optional
``observer`` is told each :class:`Exchange` (what was stored, what the policy decided, what the
origin answered): the installer's ``--explain`` reads the decisions from there.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import requests
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers
from urllib3 import HTTPResponse

from model.http import headers as h
from model.http.policy import (
    Entry,
    Forward,
    Outcome,
    Request,
    Response,
    Serve,
    on_request,
    on_response,
)
from model.http.store import HTTP_DIR_NAME, FileStore

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

__all__ = ["CachingAdapter", "Exchange", "PlainAdapter", "cached_session"]


@dataclass(frozen=True)
class Exchange:
    """One request, as the cache handled it.

    ``decision`` is :func:`~model.http.policy.on_request`'s (``None``: the request bypassed the
    cache, its origin being one that is not cached); ``answer`` and ``outcome`` are the origin's
    response and :func:`~model.http.policy.on_response`'s verdict, when a request was made.
    """

    url: str
    asked: Request
    stored: Entry | None
    decision: Serve | Forward | None
    answer: Response | None = None
    outcome: Outcome | None = None


class CachingAdapter(HTTPAdapter):
    """An ``HTTPAdapter`` that answers from, and fills, a :class:`FileStore`.

    The two decisions are methods (:meth:`decide_request`, :meth:`decide_response`) that call
    :mod:`model.http.policy`; the suite's self-tests override them to build wrong models.
    """

    def decide_request(self, entry: Entry | None, request: Request, now: float) -> Serve | Forward:
        return on_request(entry, request, now)

    def decide_response(self, entry: Entry | None, request: Request, answer: Response) -> Outcome:
        return on_response(entry, request, answer)

    def __init__(
        self,
        store: FileStore,
        clock: Callable[[], float] | None = None,
        observer: Callable[[Exchange], None] | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self._clock = clock
        self._observer = observer

    def _now(self) -> float:
        return self._clock() if self._clock is not None else time.time()

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: float | tuple[float, float] | tuple[float, None] | None = None,
        verify: bool | str = True,
        cert: bytes | str | tuple[bytes | str, bytes | str] | None = None,
        proxies: Mapping[str, str] | None = None,
    ) -> requests.Response:
        url = request.url or ""
        asked = Request(request.method or "GET", url, h.headers(request.headers.items()))
        entry = self.store.load(url) if asked.method == "GET" else None
        decision = self.decide_request(entry, asked, self._now())
        if not isinstance(decision, Forward):
            if self._observer is not None:
                self._observer(Exchange(url, asked, entry, decision))
            return self._reply(request, decision.entry.response, from_cache=True)
        stored = entry
        if decision.drop:
            self.store.delete(url)
            entry = None
        request.headers.update(dict(decision.conditional))
        sent = Request(asked.method, url, h.headers(request.headers.items()))
        raw = super().send(
            request, stream=False, timeout=timeout, verify=verify, cert=cert, proxies=proxies
        )
        answer = Response(raw.status_code, _as_read(raw), raw.content)
        outcome = self.decide_response(entry, sent, answer)
        if outcome.delete:
            self.store.delete(url)
        if outcome.store is not None:
            self.store.save(url, outcome.store)
        if self._observer is not None:
            self._observer(Exchange(url, asked, stored, decision, answer, outcome))
        return self._reply(request, outcome.reply, from_cache=outcome.reply is not answer)

    def _reply(
        self, request: requests.PreparedRequest, response: Response, *, from_cache: bool
    ) -> requests.Response:
        out = requests.Response()
        out.status_code = response.status
        out.headers = CaseInsensitiveDict(dict(response.headers))
        out.encoding = get_encoding_from_headers(out.headers)
        out.raw = HTTPResponse(
            body=io.BytesIO(response.body),
            headers=dict(response.headers),
            status=response.status,
            preload_content=False,
        )
        out._content = response.body
        out._content_consumed = True  # type: ignore[attr-defined]
        out.url = request.url or ""
        out.request = request
        out.connection = self
        out.reason = "OK" if response.status < 400 else "Error"
        setattr(out, "from_cache", from_cache)  # noqa: B010 (requests has no such attribute)
        return out


def _as_read(raw: requests.Response) -> h.Headers:
    """The answer's header fields as they describe the body ``requests`` hands over: a body it
    decoded (``Content-Encoding: gzip``, an index page as a CDN sends it) is stored and served
    decoded, so its encoding goes and its length is the decoded one (pip's CacheControl keeps the
    encoded bytes instead; what a reader gets is the same)."""
    fields = h.headers(raw.headers.items())
    if h.get(fields, "content-encoding") is None:
        return fields
    plain = [(k, v) for k, v in fields if k.lower() not in ("content-encoding", "content-length")]
    return (*plain, ("Content-Length", str(len(raw.content))))


class PlainAdapter(HTTPAdapter):
    """The transport for origins that are not cached: it tells the observer so."""

    def __init__(self, observer: Callable[[Exchange], None] | None = None) -> None:
        super().__init__()
        self._observer = observer

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: float | tuple[float, float] | tuple[float, None] | None = None,
        verify: bool | str = True,
        cert: bytes | str | tuple[bytes | str, bytes | str] | None = None,
        proxies: Mapping[str, str] | None = None,
    ) -> requests.Response:
        if self._observer is not None:
            asked = Request(request.method or "GET", request.url or "", ())
            self._observer(Exchange(request.url or "", asked, None, None))
        return super().send(
            request, stream=stream, timeout=timeout, verify=verify, cert=cert, proxies=proxies
        )


def cached_session(
    cache_dir: Path,
    adapter: type[CachingAdapter] = CachingAdapter,
    trusted_hosts: Sequence[str] = (),
    **adapter_kw: Any,
) -> requests.Session:
    """A session whose ``https://`` requests go through a store under ``cache_dir / "http-v2"``.

    Plain ``http://`` requests bypass the store, except to ``trusted_hosts`` (observed: pip
    caches no plain http origin, but one named by ``--trusted-host`` since pip 21.3).
    """
    session = requests.Session()
    mounted = adapter(FileStore(Path(cache_dir) / HTTP_DIR_NAME), **adapter_kw)
    session.mount("https://", mounted)
    session.mount("http://", PlainAdapter(adapter_kw.get("observer")))
    for host in trusted_hosts:
        session.mount(f"http://{host}/", mounted)
        session.mount(f"http://{host}:", mounted)
    return session
