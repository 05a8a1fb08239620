"""The HTTP cache's decisions, sans I/O: given a stored entry, a request, a response and ``now``.

Page, "HTTP responses":

    "When making any HTTP request, pip will first check its local cache to determine if it has a
    suitable response stored for that request which has not expired. If it does then it returns
    that response and doesn't re-download the content.

    If it has a response stored but it has expired, then it will attempt to make a conditional
    request to refresh the cache which will either return an empty response telling pip to simply
    use the cached item (and refresh the expiration timer) or it will return a whole new response
    which pip can then store in the cache."

Where the page is silent the rules below are pip's, as measured (``observed.http.*`` in the
statement registry): a response is stored when it has an ``ETag``, or a ``Date`` together
with a positive ``max-age`` or an ``Expires``; a stale entry without an ``ETag`` is dropped, so
pip makes a conditional request only with ``If-None-Match`` (plus ``If-Modified-Since`` when the
entry also has a ``Last-Modified``); a request's own ``Cache-Control: max-age=0`` or
``no-cache`` (pip sends ``max-age=0`` for index pages up to 26.1) always goes to the origin,
conditionally;
``no-store`` forbids storing and drops what was stored; there are no heuristics
(``Last-Modified`` alone never makes a response fresh) and a response's ``no-cache`` is not
looked at.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from model.http import headers as h

if TYPE_CHECKING:
    from model.http.headers import Headers

__all__ = [
    "CACHEABLE_METHODS",
    "KEPT_ON_NOT_MODIFIED",
    "STORABLE_STATUSES",
    "Entry",
    "Forward",
    "Outcome",
    "Request",
    "Response",
    "Serve",
    "conditional_headers",
    "freshness_lifetime",
    "on_request",
    "on_response",
]

#: Methods whose responses are looked up and stored.
CACHEABLE_METHODS = frozenset({"GET"})
#: Status codes whose responses may be stored (pip's list; others pass through untouched).
STORABLE_STATUSES = frozenset({200, 203, 300, 301, 308})
#: Header fields a 304 answer never overwrites in the stored entry.
KEPT_ON_NOT_MODIFIED = frozenset({"content-length"})


@dataclass(frozen=True)
class Request:
    method: str
    url: str
    headers: Headers = ()


@dataclass(frozen=True)
class Response:
    status: int
    headers: Headers = ()
    body: bytes = b""


@dataclass(frozen=True)
class Entry:
    """A stored response, with the request header values its ``Vary`` names (``""``: absent)."""

    response: Response
    vary: Headers = ()

    def matches(self, request: Request) -> bool:
        """Whether ``request`` may be answered by this entry (its ``Vary`` fields agree)."""
        return all((h.get(request.headers, name) or "") == value for name, value in self.vary)


@dataclass(frozen=True)
class Serve:
    """Answer from the cache; make no request."""

    entry: Entry


@dataclass(frozen=True)
class Forward:
    """Ask the origin, adding ``conditional`` header fields; ``drop`` the stored entry first."""

    conditional: Headers = ()
    drop: bool = False


@dataclass(frozen=True)
class Outcome:
    """What the origin's answer leads to: the ``reply`` for the caller and the store's change."""

    reply: Response
    store: Entry | None = None
    delete: bool = False


def freshness_lifetime(response: Response) -> float:
    """Seconds a response stays fresh after its ``Date``: ``max-age``, else ``Expires - Date``,
    else 0 (no heuristics)."""
    cc = h.cache_control(response.headers)
    max_age = cc.get("max-age")
    if max_age is not None:
        return float(max_age)
    date = h.parse_http_date(h.get(response.headers, "date"))
    expires = h.parse_http_date(h.get(response.headers, "expires"))
    if date is not None and expires is not None:
        return expires - date
    return 0.0


def conditional_headers(entry: Entry) -> Headers:
    """The validators of a stored entry, as request header fields.

    Page: "it will attempt to make a conditional request to refresh the cache".
    """
    out: list[tuple[str, str]] = []
    etag = h.get(entry.response.headers, "etag")
    if etag is not None:
        out.append(("If-None-Match", etag))
    modified = h.get(entry.response.headers, "last-modified")
    if modified is not None:
        out.append(("If-Modified-Since", modified))
    return tuple(out)


def on_request(entry: Entry | None, request: Request, now: float) -> Serve | Forward:
    """Serve from the cache, or go to the origin (conditionally, when something is stored).

    Page: "pip will first check its local cache to determine if it has a suitable response stored
    for that request which has not expired. If it does then it returns that response".
    """
    if request.method not in CACHEABLE_METHODS or entry is None or not entry.matches(request):
        return Forward()
    asked = h.cache_control(request.headers)
    if "no-cache" in asked or asked.get("max-age") == 0:
        return Forward(conditional_headers(entry))
    stored = entry.response
    has_etag = h.get(stored.headers, "etag") is not None
    date = h.parse_http_date(h.get(stored.headers, "date"))
    if date is not None:
        lifetime = asked.get("max-age")
        fresh_for = freshness_lifetime(stored) if lifetime is None else float(lifetime)
        if fresh_for > max(0.0, now - date):
            return Serve(entry)
    if has_etag:
        return Forward(conditional_headers(entry))
    return Forward(drop=True)


def _storable(request: Request, response: Response) -> bool | None:
    """``True``: store; ``False``: drop what is stored (``no-store``); ``None``: leave the store."""
    if request.method not in CACHEABLE_METHODS or response.status not in STORABLE_STATUSES:
        return None
    length = h.get(response.headers, "content-length")
    if length is not None and length.isdigit() and int(length) != len(response.body):
        return None
    if "no-store" in h.cache_control(response.headers) or "no-store" in h.cache_control(
        request.headers
    ):
        return False
    if (h.get(response.headers, "vary") or "").strip() == "*":
        return None
    if h.get(response.headers, "etag") is not None:
        return True
    if h.get(response.headers, "date") is None:
        return None
    max_age = h.cache_control(response.headers).get("max-age")
    if max_age is not None and max_age > 0:
        return True
    return bool(h.get(response.headers, "expires")) or None


def _vary(request: Request, response: Response) -> Headers:
    names = [n.strip() for n in (h.get(response.headers, "vary") or "").split(",") if n.strip()]
    return tuple((n.lower(), h.get(request.headers, n) or "") for n in names)


def on_response(entry: Entry | None, request: Request, response: Response) -> Outcome:
    """What the origin's answer does to the store and what the caller gets.

    Page: the conditional request "will either return an empty response telling pip to simply use
    the cached item (and refresh the expiration timer) or it will return a whole new response which
    pip can then store in the cache." The timer restarts because the 304's ``Date`` (and any new
    ``Cache-Control``/``Expires``) replace the stored ones.
    """
    if response.status == 304 and entry is not None:
        merged = h.merge(entry.response.headers, response.headers, keep=KEPT_ON_NOT_MODIFIED)
        refreshed = replace(entry, response=replace(entry.response, headers=merged))
        return Outcome(reply=refreshed.response, store=refreshed)
    verdict = _storable(request, response)
    if verdict is None:
        return Outcome(reply=response)
    if verdict is False:
        return Outcome(reply=response, delete=True)
    return Outcome(reply=response, store=Entry(response, _vary(request, response)))
