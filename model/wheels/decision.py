"""Where a wheel built from a link goes: the persistent cache, this run's cache, or nowhere.

Page, 'Locally built wheels':
- "When no wheels are found for a source distribution, pip will attempt to build a wheel using the
  package's build system. If the build is successful, this wheel is added to the cache and used in
  subsequent installs for the same package version."
- "Wheels built from source distributions provided to pip as a direct path (such as pip install .)
  are not cached across runs, though they may be reused within the same pip execution."
- "Changed in version 20.0: pip now caches wheels when building from an immutable Git reference
  (i.e. a commit hash)."

Where the page is silent, pip's observed behaviour decides (statements.toml, observed tier): an
archive file given by path is stored under its own ``file://`` key when its name names a version,
yet an unnamed path requirement never finds it again (see :mod:`model.wheels.select`).
"""

from __future__ import annotations

import enum
from types import MappingProxyType

from model.wheels.links import LinkKind, ParsedLink, parse_link

__all__ = ["RULES", "CacheDecision", "cache_decision", "decide"]


class CacheDecision(enum.StrEnum):
    PERSISTENT = "persistent"  # <cache>/wheels: used again by later runs
    EPHEMERAL = "ephemeral"  # a directory that lives as long as this run
    NONE = "none"  # nothing is built, so nothing is cached


#: The rule table: link kind → decision for a non-editable requirement.
RULES = MappingProxyType(
    {
        LinkKind.REMOTE_ARCHIVE: CacheDecision.PERSISTENT,
        LinkKind.LOCAL_ARCHIVE: CacheDecision.PERSISTENT,
        LinkKind.LOCAL_DIRECTORY: CacheDecision.EPHEMERAL,
        LinkKind.VCS_COMMIT: CacheDecision.PERSISTENT,
        LinkKind.VCS_REF: CacheDecision.EPHEMERAL,
        LinkKind.WHEEL: CacheDecision.NONE,
    }
)


def decide(link: ParsedLink, *, editable: bool = False) -> CacheDecision:
    """The decision for a parsed link.

    An archive whose file name names no version is kept for this run only: a later run could not
    tell one build of it from another. An editable install's wheel is never kept across runs.
    """
    decision = RULES[link.kind]
    if decision is CacheDecision.NONE:
        return decision
    if editable:
        return CacheDecision.EPHEMERAL
    archive = link.kind in (LinkKind.REMOTE_ARCHIVE, LinkKind.LOCAL_ARCHIVE)
    if archive and link.version is None:
        return CacheDecision.EPHEMERAL
    return decision


def cache_decision(link: str, *, editable: bool = False) -> CacheDecision:
    """:func:`decide` for a link as the user wrote it."""
    return decide(parse_link(link), editable=editable)
