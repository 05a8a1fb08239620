"""The statement registry: ``statements.toml`` loaded into frozen records.

Each documented statement quotes a sentence of the page (``page/pip-caching-v24.2.txt``); each
observed one records what real pip does where the page is silent. Tests point at statements with
``@pytest.mark.statement("<id>")``.
"""

from __future__ import annotations

import enum
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

__all__ = [
    "PAGES",
    "PAGE_FILE",
    "RegistryError",
    "Statement",
    "Tier",
    "load",
    "page_text",
]

PAGE_FILE = "page/pip-caching-v24.2.txt"
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


@cache
def page_text() -> str:
    """The page the documented statements quote."""
    return resources.files("spec_tests").joinpath(PAGE_FILE).read_text(encoding="utf-8")
