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
    """The ``Cache-Control`` directives: name (lower case) -> integer argument or ``None``.

    A directive whose argument is not a non-negative integer keeps ``None`` as its value, except
    for ``max-age``, which is then dropped (an unreadable age says nothing). A quoted argument is
    not an integer: pip reads ``max-age="600"`` as no ``max-age`` at all
    (observed.http.quoted-max-age-ignored), although RFC 9111 5.2 asks recipients to accept both.
    """
    out: dict[str, int | None] = {}
    for key, raw in fields:
        if key.lower() != "cache-control":
            continue
        for part in raw.split(","):
            name, _, arg = part.strip().partition("=")
            name = name.strip().lower()
            if not name:
                continue
            arg = arg.strip()
            if arg.isdigit():
                out[name] = int(arg)
            elif name != "max-age":
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
