"""A project's page on a simple index, and the file the installer takes from it (pure).

PEP 503 (HTML: one ``<a href>`` per file, ``#sha256=`` fragments, ``data-requires-python``,
``data-yanked``) and PEP 691 (JSON: ``files`` with ``url``, ``hashes``, ``requires-python``,
``yanked``), told apart by the response's ``Content-Type``. The index is asked for both, JSON
first (:data:`ACCEPT`), as pip asks.

The choice follows pip's order where the page is silent: the newest version the specifier allows
(pre-releases only when nothing else matches or the specifier names one), files whose
``Requires-Python`` this interpreter meets, yanked files only for an exact pin, the formats
``--no-binary``/``--only-binary`` allow; at one version a wheel with a supported tag beats the
sdist, and the wheel whose best tag comes first in the interpreter's order wins.
"""

from __future__ import annotations

import html.parser
import json
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.tags import Tag
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    NormalizedName,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import Version

from model.install.errors import BadPage

__all__ = ["ACCEPT", "BadPage", "Candidate", "choose", "page_url", "parse_page"]

#: the ``Accept`` header of an index request (pip's)
ACCEPT = (
    "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, "
    "text/html; q=0.01"
)
_JSON_TYPE = "application/vnd.pypi.simple.v1+json"
_HASHES = ("sha256", "sha384", "sha512")


@dataclass(frozen=True)
class Candidate:
    """One file of the project's page."""

    filename: str
    url: str  # absolute, without fragment
    name: NormalizedName
    version: Version
    tags: frozenset[Tag] = frozenset()  # empty for an sdist
    hashes: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    requires_python: str | None = None
    yanked: bool = False

    @property
    def is_wheel(self) -> bool:
        return bool(self.tags)

    @property
    def link(self) -> str:
        """The URL with its strongest hash as a fragment: the identity the wheel cache keys by,
        the same whether the page was HTML or JSON."""
        for name in _HASHES:
            if name in self.hashes:
                return f"{self.url}#{name}={self.hashes[name]}"
        return self.url


def page_url(index_url: str, name: str) -> str:
    """``<index>/<normalized name>/`` (PEP 503)."""
    return index_url.rstrip("/") + "/" + name + "/"


def _candidate(
    filename: str,
    url: str,
    hashes: Mapping[str, str],
    requires_python: str | None,
    yanked: bool,
) -> Candidate | None:
    try:
        if filename.endswith(".whl"):
            name, version, _, tags = parse_wheel_filename(filename)
        else:
            name, version = parse_sdist_filename(filename)
            tags = frozenset()
    except (InvalidWheelFilename, InvalidSdistFilename):
        return None
    return Candidate(
        filename, url, name, version, tags, MappingProxyType(dict(hashes)), requires_python, yanked
    )


class _Anchors(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: list[dict[str, str | None]] = []
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.anchors.append(dict(attrs))
        elif tag == "base" and self.base is None:
            self.base = dict(attrs).get("href")


def _from_html(text: str, page: str) -> list[Candidate]:
    parser = _Anchors()
    parser.feed(text)
    base = urllib.parse.urljoin(page, parser.base) if parser.base else page
    out = []
    for attrs in parser.anchors:
        href = attrs.get("href")
        if not href:
            continue
        url, _, fragment = urllib.parse.urljoin(base, href).partition("#")
        hashes = dict(
            item.split("=", 1) for item in fragment.split("&") if item.split("=", 1)[0] in _HASHES
        )
        filename = urllib.parse.unquote(url.rsplit("/", 1)[-1])
        found = _candidate(
            filename, url, hashes, attrs.get("data-requires-python"), "data-yanked" in attrs
        )
        if found is not None:
            out.append(found)
    return out


def _from_json(data: object, page: str) -> list[Candidate]:
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, list):
        raise BadPage(f"{page}: a JSON page without a list of files")
    out = []
    for item in files:
        if not isinstance(item, dict) or not isinstance(item.get("url"), str):
            continue
        url = urllib.parse.urljoin(page, item["url"]).partition("#")[0]
        hashes = item.get("hashes")
        hashes = (
            {k: v for k, v in hashes.items() if isinstance(v, str)}
            if isinstance(hashes, dict)
            else {}
        )
        name = item.get("filename")
        filename = name if isinstance(name, str) else urllib.parse.unquote(url.rsplit("/", 1)[-1])
        python = item.get("requires-python")
        found = _candidate(
            filename,
            url,
            hashes,
            python if isinstance(python, str) else None,
            bool(item.get("yanked")),
        )
        if found is not None:
            out.append(found)
    return out


def parse_page(body: bytes, content_type: str | None, page: str) -> list[Candidate]:
    """The files a project page lists, whatever their project (``choose`` filters)."""
    kind = (content_type or "text/html").split(";")[0].strip().lower()
    try:
        if kind == _JSON_TYPE:
            return _from_json(json.loads(body), page)
        return _from_html(body.decode("utf-8", "replace"), page)
    except BadPage:  # already says which page (a BadPage is a ValueError too)
        raise
    except ValueError as exc:
        raise BadPage(f"{page}: unreadable index page ({exc})") from None


def _python_ok(requires: str | None, python: Version) -> bool:
    if not requires:
        return True
    try:
        return SpecifierSet(requires).contains(python, prereleases=True)
    except InvalidSpecifier:
        return True  # pip ignores a Requires-Python it cannot read


def _pinned(specifier: SpecifierSet) -> bool:
    return any(s.operator in ("==", "===") and not s.version.endswith(".*") for s in specifier)


def choose(
    candidates: Sequence[Candidate],
    name: NormalizedName,
    specifier: SpecifierSet,
    allowed: frozenset[str],
    supported: Sequence[Tag],
    python: Version,
) -> Candidate | None:
    """The file to install for ``name``, or ``None`` when no file qualifies.

    ``allowed`` is a subset of ``{"binary", "source"}`` (:meth:`Formats.allowed`); ``supported``
    the interpreter's tags, most preferred first.
    """
    rank = {tag: i for i, tag in reversed(list(enumerate(supported)))}
    usable: list[tuple[Candidate, int]] = []
    for c in candidates:
        if c.name != name or not _python_ok(c.requires_python, python):
            continue
        if c.yanked and not _pinned(specifier):
            continue
        if c.is_wheel:
            ranks = [rank[t] for t in c.tags if t in rank]
            if "binary" in allowed and ranks:
                usable.append((c, min(ranks)))
        elif "source" in allowed:
            usable.append((c, len(rank)))
    versions = set(specifier.filter({c.version for c, _ in usable}))
    best = [(c.version, -r, c.filename, c) for c, r in usable if c.version in versions]
    return max(best, key=lambda t: t[:3])[3] if best else None
