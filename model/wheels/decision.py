"""Where a wheel built from a link goes: the persistent cache, this run's cache, or nowhere.

Page, 'Locally built wheels':
- "When no wheels are found for a source distribution, pip will attempt to build a wheel using the
  package's build system. If the build is successful, this wheel is added to the cache and used in
  subsequent installs for the same package version."
- "Wheels built from source distributions provided to pip as a direct path (such as pip install .)
  are not cached across runs, though they may be reused within the same pip execution."
- "Changed in version 20.0: pip now caches wheels when building from an immutable Git reference
  (i.e. a commit hash)."

So: an sdist found on an index or given by an http(s) URL, and a Git commit, go to the persistent
cache; a source tree or an sdist file given by a local path (or ``file://`` URL, named or not) is a
direct path, kept for the run only; a VCS branch or tag may move, so it is kept for the run only.
The model follows the page where pip does not: pip keeps the wheel of an sdist file given by path
(every version measured) and, before 26.2, of a directory whose name has a dash (pypa/pip#14044),
which ``observed.wheels.local-sdist-file-stored`` and ``name-version-directory-stored`` record.
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
        LinkKind.LOCAL_ARCHIVE: CacheDecision.EPHEMERAL,  # a direct path
        LinkKind.LOCAL_DIRECTORY: CacheDecision.EPHEMERAL,  # a direct path
        LinkKind.VCS_COMMIT: CacheDecision.PERSISTENT,
        LinkKind.VCS_REF: CacheDecision.EPHEMERAL,
        LinkKind.WHEEL: CacheDecision.NONE,
    }
)


def decide(link: ParsedLink, *, editable: bool = False) -> CacheDecision:
    """The decision for a parsed link.

    A remote archive whose file name names no version is kept for this run only: a later run could
    not tell one build of it from another. An editable install's wheel is never kept across runs.
    """
    decision = RULES[link.kind]
    if decision is CacheDecision.NONE:
        return decision
    if editable:
        return CacheDecision.EPHEMERAL
    if link.kind is LinkKind.REMOTE_ARCHIVE and link.version is None:
        return CacheDecision.EPHEMERAL
    return decision


def cache_decision(link: str, *, editable: bool = False) -> CacheDecision:
    """:func:`decide` for a link as the user wrote it."""
    return decide(parse_link(link), editable=editable)
