"""The statement registry: ``statements.toml`` loaded into frozen records.

Each documented (or informative) statement quotes a sentence of the page as pip's own source
writes it (:mod:`spec_tests.page`), on one or more page versions (``pages``; ``quotes`` where a
version words it differently); each observed one records what real pip does where the page is
silent. Tests point at statements with ``@pytest.mark.statement("<id>")``.

An implementation is judged against one page version (:func:`default_page`: the newest page not
newer than the pip version it claims); a statement not on that page (:meth:`Statement.on_page`)
is not part of its verdict.
"""

from __future__ import annotations

import enum
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from spec_tests import page

__all__ = [
    "PAGES",
    "PAGE_VERSION",
    "Placement",
    "RegistryError",
    "Statement",
    "Tier",
    "default_page",
    "load",
    "locate",
    "page_text",
]

#: the page the suite was first written against, and the one an implementation claiming no pip
#: version is held to
PAGE_VERSION = Version("24.2")
#: The versions of the page the registry quotes, oldest first. A statement quotes some of them
#: (``pages``); an implementation is judged against one (:func:`default_page`, or ``--page``).
PAGES: tuple[str, ...] = ("24.2", "26.2")


class RegistryError(ValueError):
    """The registry file is malformed."""


class Tier(enum.StrEnum):
    DOCUMENTED = "documented"  # a sentence of the page; counts toward conformance
    OBSERVED = "observed"  # what real pip does where the page is silent
    ROBUSTNESS = "robustness"  # faults and hostile input
    INFORMATIVE = "informative"  # a sentence of the page with nothing to check

    @property
    def needs_tests(self) -> bool:
        return self is not Tier.INFORMATIVE


@dataclass(frozen=True)
class Statement:
    id: str
    tier: Tier
    section: str
    text: str
    since: Version | None = None
    applies: SpecifierSet | None = None
    seen: tuple[str, ...] = ()
    pending: bool = False
    #: documented/informative: the page versions whose text this statement quotes (default: all);
    #: observed/robustness: empty (they hold whichever page an implementation is judged against)
    pages: tuple[str, ...] = ()
    #: about pip's own wording or directory names: the only statements an implementation may
    #: declare ``not_provided`` (another tool has no equivalent of them)
    pip_own: bool = False
    #: observed only: the documented or robustness statement this records pip departing from.
    #: Its tests run only for an implementation with a known divergence from that statement
    #: (spec_tests/divergences.toml); every other implementation is held to that statement.
    deviates_from: str | None = None
    #: documented/informative: (page, words) where a page words the statement otherwise than
    #: ``text`` (which is the wording of the first of ``pages``)
    quotes: tuple[tuple[str, str], ...] = ()
    #: upstream issues and pull requests about it (cases from the field)
    tracker: tuple[str, ...] = ()

    def quote(self, page: str) -> str:
        """The statement's words on page version ``page``, as the page's source writes them."""
        return dict(self.quotes).get(page, self.text)

    def on_page(self, page: str) -> bool:
        """Whether the statement belongs to the page version ``page`` (observed and robustness
        statements belong to every page)."""
        return not self.pages or page in self.pages

    def holds_for(self, pip_version: Version) -> bool:
        """Whether a pip of ``pip_version`` is expected to behave as the statement says."""
        if self.since is not None and pip_version < self.since:
            return False
        return self.applies is None or self.applies.contains(pip_version, prereleases=True)

    def gate_reason(self, pip_version: Version) -> str:
        if self.since is not None and pip_version < self.since:
            return f"pip {pip_version} predates {self.since}, where this begins"
        return f"pip {pip_version} is outside {self.applies}, where this was observed"


_FIELDS = {
    "id",
    "tier",
    "section",
    "text",
    "since",
    "applies",
    "seen",
    "pending",
    "pages",
    "pip_own",
    "deviates_from",
    "quotes",
    "tracker",
}


def default_page(pip_version: Version | None) -> str:
    """The newest page whose version is not newer than ``pip_version`` (``None``: the page the
    suite was written against, 24.2)."""
    if pip_version is None:
        return str(PAGE_VERSION)
    fitting = [p for p in PAGES if Version(p) <= pip_version]
    return fitting[-1] if fitting else PAGES[0]


def _parse(entry: dict[str, object]) -> Statement:
    unknown = set(entry) - _FIELDS
    if unknown:
        raise RegistryError(f"{entry.get('id')}: unknown field(s) {sorted(unknown)}")
    missing = [f for f in ("id", "tier", "section", "text") if f not in entry]
    if missing:
        raise RegistryError(f"{entry.get('id')}: missing field(s) {missing}")
    try:
        sid = str(entry["id"])
        tier = Tier(str(entry["tier"]))
        since = Version(str(entry["since"])) if "since" in entry else None
        applies = SpecifierSet(str(entry["applies"])) if "applies" in entry else None
    except (ValueError, InvalidVersion, InvalidSpecifier) as exc:
        raise RegistryError(f"{entry.get('id')}: {exc}") from None
    seen = entry.get("seen", [])
    if not isinstance(seen, list):
        raise RegistryError(f"{sid}: seen must be a list of versions")
    if applies is not None and tier is Tier.DOCUMENTED:
        raise RegistryError(f"{sid}: documented statements take 'since', not 'applies'")
    quotes_page = tier in (Tier.DOCUMENTED, Tier.INFORMATIVE)
    pages = entry.get("pages", list(PAGES) if quotes_page else [])
    if not isinstance(pages, list) or any(str(p) not in PAGES for p in pages):
        raise RegistryError(f"{sid}: pages must be a list of page versions among {PAGES}")
    if pages and not quotes_page:
        raise RegistryError(f"{sid}: only documented and informative statements quote pages")
    quotes = entry.get("quotes", {})
    if not isinstance(quotes, dict) or not all(isinstance(v, str) for v in quotes.values()):
        raise RegistryError(f"{sid}: quotes must be a table of page version -> words")
    for version, words in quotes.items():
        if version not in pages:
            raise RegistryError(f"{sid}: quotes names page {version!r}, which is not in its pages")
        if words == entry["text"] or version == pages[0]:
            raise RegistryError(f"{sid}: on page {version} the quote is its text; drop the quote")
    tracker = entry.get("tracker", [])
    if not isinstance(tracker, list) or not all(str(t).startswith("https://") for t in tracker):
        raise RegistryError(f"{sid}: tracker must be a list of https:// URLs")
    deviates = entry.get("deviates_from")
    if deviates is not None and tier is not Tier.OBSERVED:
        raise RegistryError(f"{sid}: only observed statements take 'deviates_from'")
    return Statement(
        id=sid,
        tier=tier,
        section=str(entry["section"]),
        text=str(entry["text"]),
        since=since,
        applies=applies,
        seen=tuple(str(v) for v in seen),
        pending=bool(entry.get("pending", False)),
        pages=tuple(str(p) for p in pages),
        pip_own=bool(entry.get("pip_own", False)),
        deviates_from=str(deviates) if deviates is not None else None,
        quotes=tuple((str(p), str(w)) for p, w in quotes.items()),
        tracker=tuple(str(t) for t in tracker),
    )


@cache
def load() -> dict[str, Statement]:
    """Every statement, by id, in file order."""
    raw = resources.files("spec_tests").joinpath("statements.toml").read_text(encoding="utf-8")
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"statements.toml: {exc}") from None
    out: dict[str, Statement] = {}
    for entry in data.get("statement", []):
        st = _parse(entry)
        if st.id in out:
            raise RegistryError(f"duplicate statement id {st.id!r}")
        out[st.id] = st
    for st in out.values():
        if st.deviates_from is not None and st.deviates_from not in out:
            raise RegistryError(f"{st.id}: deviates_from names unknown {st.deviates_from!r}")
    return out


def page_text(version: str = PAGES[0]) -> str:
    """The page's source (MyST Markdown) at page version ``version``."""
    return page.source(version)


@dataclass(frozen=True)
class Placement:
    """Where a statement's quote is on one page version: in ``block``, characters ``start`` to
    ``end`` of the block's text in :func:`spec_tests.page.plain` form."""

    statement: Statement
    block: page.Block
    start: int
    end: int


def locate(st: Statement, version: str) -> Placement | None:
    """Where ``st`` is quoted on page ``version``: its quote for that page, in a block of its own
    section (a tab's blocks are in that tab's section), or None (not on that page)."""
    section = page.section_of(st.section)
    for block in page.prose(version):
        if block.section == section:
            found = page.span(block, st.quote(version))
            if found is not None:
                return Placement(st, block, *found)
    return None
