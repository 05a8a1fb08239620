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
    "PAGE_FILE",
    "RegistryError",
    "Statement",
    "Tier",
    "load",
    "page_text",
]

PAGE_FILE = "page/pip-caching-v24.2.txt"
PAGE_VERSION = Version("24.2")


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

    def holds_for(self, pip_version: Version) -> bool:
        """Whether a pip of ``pip_version`` is expected to behave as the statement says."""
        if self.since is not None and pip_version < self.since:
            return False
        return self.applies is None or self.applies.contains(pip_version, prereleases=True)

    def gate_reason(self, pip_version: Version) -> str:
        if self.since is not None and pip_version < self.since:
            return f"pip {pip_version} predates {self.since}, where this begins"
        return f"pip {pip_version} is outside {self.applies}, where this was observed"


_FIELDS = {"id", "tier", "section", "text", "since", "applies", "seen", "pending"}


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
    return Statement(
        id=sid,
        tier=tier,
        section=str(entry["section"]),
        text=str(entry["text"]),
        since=since,
        applies=applies,
        seen=tuple(str(v) for v in seen),
        pending=bool(entry.get("pending", False)),
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
    return out


@cache
def page_text() -> str:
    """The page the documented statements quote."""
    return resources.files("spec_tests").joinpath(PAGE_FILE).read_text(encoding="utf-8")
