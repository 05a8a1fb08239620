"""Reading the header fields the HTTP cache decides on: ``Cache-Control``, ``Date``, ``Expires``.

Pure functions over header lists; nothing here does I/O or reads the clock.

Page, "HTTP responses": "This cache functions like a web browser cache." A browser cache reads
its rules from these header fields, and so does this one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from types import MappingProxyType

__all__ = [
    "Headers",
    "cache_control",
    "format_http_date",
    "get",
    "headers",
    "merge",
    "parse_http_date",
]

#: Header fields as an ordered tuple of (name, value); names compare case-insensitively.
Headers = tuple[tuple[str, str], ...]


def headers(fields: Mapping[str, str] | Iterable[tuple[str, str]]) -> Headers:
    """Freeze a mapping or a sequence of pairs into :data:`Headers`."""
    items = fields.items() if isinstance(fields, Mapping) else fields
    return tuple((str(k), str(v)) for k, v in items)


def get(fields: Headers, name: str) -> str | None:
    """The value of the first field called ``name`` (any case), or ``None``."""
    wanted = name.lower()
    for key, value in fields:
        if key.lower() == wanted:
            return value
    return None


def merge(old: Headers, new: Headers, *, keep: frozenset[str] = frozenset()) -> Headers:
    """``old`` with every field that ``new`` carries replaced by ``new``'s value.

    Fields named in ``keep`` (lower case) are never taken from ``new``.
    """
    taken = {k.lower() for k, _ in new if k.lower() not in keep}
    kept = [(k, v) for k, v in old if k.lower() not in taken]
    return (*kept, *((k, v) for k, v in new if k.lower() not in keep))


def cache_control(fields: Headers) -> Mapping[str, int | None]:
    """The ``Cache-Control`` directives: name -> integer argument or ``None``, read as pip's
    CacheControl reads them (observed.http.cache-control-as-pip-reads).

    A directive's name is matched as written: ``Max-Age`` and ``No-Store`` are not the lower-case
    directives the rules ask for. An argument is an integer as Python reads one (``+600`` and
    ``0600`` are 600, ``-1`` is -1); a directive whose argument is no integer keeps ``None``, except
    ``max-age``, which is then dropped (an unreadable age says nothing). A quoted argument is not
    an integer: pip reads ``max-age="600"`` as no ``max-age`` at all
    (observed.http.quoted-max-age-ignored), although RFC 9111 5.2 asks recipients to accept both.
    """
    out: dict[str, int | None] = {}
    for key, raw in fields:
        if key.lower() != "cache-control":
            continue
        for part in raw.split(","):
            name, _, arg = part.partition("=")
            name = name.strip()
            if not name:
                continue
            try:
                out[name] = int(arg)  # int() skips the whitespace around it
            except ValueError:
                if name != "max-age":
                    out[name] = None
    return MappingProxyType(out)


def parse_http_date(value: str | None) -> float | None:
    """An HTTP date (RFC 9110 IMF-fixdate, or the obsolete forms) as a POSIX time, else ``None``."""
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp()


def format_http_date(epoch: float) -> str:
    """``epoch`` as an IMF-fixdate, e.g. ``Thu, 01 Jan 2026 00:00:00 GMT``."""
    return format_datetime(datetime.fromtimestamp(int(epoch), tz=UTC), usegmt=True)
