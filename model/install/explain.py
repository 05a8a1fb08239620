"""``--explain``: each cache decision, as it is made, with the sentence of the page it follows.

Pure: :func:`http_lines` turns one :class:`~model.http.adapter.Exchange` into lines,
:func:`wheel_lines` one wheel-cache decision; :class:`Explainer` only writes them. Each decision
cites a statement id of the suite's registry: a documented one with the page's sentence
(:data:`SENTENCES`, quoted as pip's source of the page writes it; a self-test checks that every
entry equals the registry's text), an observed one as "pip's observed behaviour".

The model never imports the suite: this table is its own copy of the few sentences it explains.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

from model.wheels.decision import CacheDecision
from model.wheels.links import LinkKind

if TYPE_CHECKING:
    from model.http.adapter import Exchange
    from model.http.headers import Headers
    from model.http.policy import Forward

__all__ = [
    "BUILT",
    "OBSERVED",
    "SENTENCES",
    "Explainer",
    "WheelEvent",
    "cite",
    "http_lines",
    "wheel_lines",
]

#: documented statement id -> the page's sentence, as pip 24.2's source of the page
#: (``docs/html/topics/caching.md``, MyST) writes it, markup included
SENTENCES: Mapping[str, str] = MappingProxyType(
    {
        "http.fresh-served-from-cache": (
            "When making any HTTP request, pip will first check its local cache to determine if it"
            " has a suitable response stored for that request which has not expired. If it does"
            " then it returns that response and doesn't re-download the content."
        ),
        "http.expired-conditional-request": (
            "If it has a response stored but it has expired, then it will attempt to make a"
            " conditional request to refresh the cache"
        ),
        "http.not-modified-uses-cached": (
            "which will either return an empty response telling pip to simply use the cached item"
            " (and refresh the expiration timer)"
        ),
        "http.new-response-stored": (
            "or it will return a whole new response which pip can then store in the cache."
        ),
        "wheels.same-version-reused": (
            "This means that if there is a cached wheel for the same version of a specific package"
            " name, pip will use that wheel instead of rebuilding the project."
        ),
        "wheels.built-wheel-added": (
            "When no wheels are found for a source distribution, pip will attempt to build a wheel"
            " using the package's build system. If the build is successful, this wheel is added to"
            " the cache and used in subsequent installs for the same package version."
        ),
        "wheels.direct-path-not-cached": (
            "Wheels built from source distributions provided to pip as a direct path (such as"
            " `pip install .`) are not cached across runs"
        ),
        "wheels.direct-path-reused-within-run": (
            "though they may be reused within the same `pip` execution."
        ),
        "wheels.git-commit-cached": (
            "pip now caches wheels when building from an immutable Git reference (i.e. a commit"
            " hash)."
        ),
        "avoid.sdist-install-builds": (
            "Installing directly from a source distribution will make pip build a wheel,"
            " regardless of whether there is a matching cached wheel."
        ),
        "disable.no-cache-dir-option": (
            "pip's caching behaviour is disabled by passing the `--no-cache-dir` option."
        ),
    }
)

#: observed statement ids the explanations name (pip's behaviour where the page is silent)
OBSERVED = frozenset(
    {
        "observed.http.index-pages-revalidated",
        "observed.http.both-validators-sent",
        "observed.http.stale-without-etag-dropped",
        "observed.http.no-heuristic-freshness",
        "observed.http.error-status-not-stored",
        "observed.http.plain-http-not-cached",
        "observed.wheels.local-sdist-file-stored",
        "observed.wheels.name-version-directory-stored",
        "observed.wheels.git-branch-rebuilt",
    }
)

#: why a built wheel goes where it goes: (link kind, decision) -> the statement that says so
BUILT: Mapping[tuple[LinkKind, CacheDecision], str] = MappingProxyType(
    {
        (LinkKind.REMOTE_ARCHIVE, CacheDecision.PERSISTENT): "wheels.built-wheel-added",
        (
            LinkKind.LOCAL_ARCHIVE,
            CacheDecision.PERSISTENT,
        ): "observed.wheels.local-sdist-file-stored",
        (LinkKind.LOCAL_ARCHIVE, CacheDecision.EPHEMERAL): "wheels.direct-path-not-cached",
        (LinkKind.LOCAL_DIRECTORY, CacheDecision.EPHEMERAL): "wheels.direct-path-not-cached",
        (
            LinkKind.LOCAL_DIRECTORY,
            CacheDecision.PERSISTENT,
        ): "observed.wheels.name-version-directory-stored",
        (LinkKind.VCS_COMMIT, CacheDecision.PERSISTENT): "wheels.git-commit-cached",
        (LinkKind.VCS_REF, CacheDecision.EPHEMERAL): "observed.wheels.git-branch-rebuilt",
    }
)

_PREFIX = "explain: "
_INDENT = "         "


def cite(statement: str | None) -> str:
    """The citation line of a decision: the id and the page's sentence, or "pip's observed
    behaviour" for an observed statement, or that no statement covers it."""
    if statement is None:
        return f"{_INDENT}(no statement: the page is silent and no pip behaviour was recorded)"
    if statement in SENTENCES:
        return f'{_INDENT}[{statement}] "{SENTENCES[statement]}"'
    if statement in OBSERVED:
        return f"{_INDENT}[{statement}] pip's observed behaviour"
    raise KeyError(statement)


def _decision(what: str, *statements: str | None) -> list[str]:
    return [_PREFIX + what, *(cite(s) for s in statements)]


def _validators(headers: Headers) -> str:
    return ", ".join(f"{k}: {v}" for k, v in headers)


def _max_age_zero(exchange: Exchange) -> bool:
    from model.http import headers as h

    asked = h.cache_control(exchange.asked.headers)
    return "no-cache" in asked or asked.get("max-age") == 0


def _stored_reason(status: int) -> str:
    if status >= 400:
        return "observed.http.error-status-not-stored"
    return "observed.http.no-heuristic-freshness"


def http_lines(exchange: Exchange) -> list[str]:
    """The decisions one request went through (see :mod:`model.http.policy`)."""
    from model.http.policy import Serve

    get = f"{exchange.asked.method} {exchange.url}"
    decision = exchange.decision
    if decision is None:
        return _decision(
            f"{get}: a plain http origin; not cached", "observed.http.plain-http-not-cached"
        )
    if isinstance(decision, Serve):
        return _decision(
            f"{get}: a stored response that has not expired; served from the cache, no request",
            "http.fresh-served-from-cache",
        )
    out: list[str] = []
    out += _forward_lines(get, exchange, decision)
    answer, outcome = exchange.answer, exchange.outcome
    if answer is None or outcome is None:
        return out
    if answer.status == 304 and exchange.stored is not None:
        out += _decision(
            f"{get}: 304 Not Modified; the stored response is used, its expiration timer restarts",
            "http.not-modified-uses-cached",
        )
    elif outcome.store is not None:
        out += _decision(
            f"{get}: {answer.status}, a whole new response; stored", "http.new-response-stored"
        )
    elif outcome.delete:
        out += _decision(f"{get}: {answer.status} with no-store; the stored response is dropped")
    else:
        out += _decision(
            f"{get}: {answer.status}, not stored (no validator, no expiry, or an error status)",
            _stored_reason(answer.status),
        )
    return out


def _forward_lines(get: str, exchange: Exchange, decision: Forward) -> list[str]:
    if exchange.stored is None:
        return _decision(f"{get}: nothing stored; asked of the origin")
    if decision.drop:
        return _decision(
            f"{get}: the stored response has expired and has no ETag; dropped, asked again",
            "observed.http.stale-without-etag-dropped",
        )
    validators = _validators(decision.conditional)
    both = ["observed.http.both-validators-sent"] if len(decision.conditional) > 1 else []
    if _max_age_zero(exchange):
        return _decision(
            f"{get}: asked with Cache-Control: max-age=0 (an index page), so the stored response"
            f" counts as expired; conditional request with {validators}",
            "observed.http.index-pages-revalidated",
            "http.expired-conditional-request",
            *both,
        )
    return _decision(
        f"{get}: the stored response has expired; conditional request with {validators}",
        "http.expired-conditional-request",
        *both,
    )


class WheelEvent(enum.Enum):
    """The wheel cache's decisions, as the installer meets them."""

    REUSED = "reused"  # a cached wheel is used instead of building
    REUSED_IN_RUN = "reused in this run"  # needed again in the same run: not built again
    MISSED = "missed"  # looked up, none found: built
    NOT_LOOKED_UP = "not looked up"  # a direct source distribution: built regardless
    UNNAMED = "unnamed"  # no project name yet: nothing to look up
    STORED = "stored"  # the built wheel is added to the cache
    EPHEMERAL = "ephemeral"  # the built wheel is kept for this run only
    NOT_STORED = "not stored"  # the cache could not be written: the wheel is used all the same
    DISABLED = "disabled"  # --no-cache-dir


@dataclass(frozen=True)
class WheelDecision:
    event: WheelEvent
    kind: LinkKind
    decision: CacheDecision
    subject: str  # the link or the wheel file the decision is about


def wheel_lines(d: WheelDecision) -> list[str]:
    """The explanation of one wheel-cache decision."""
    kind = d.kind.value
    built = BUILT.get((d.kind, d.decision))
    match d.event:
        case WheelEvent.REUSED:
            ids = ["wheels.git-commit-cached"] if d.kind is LinkKind.VCS_COMMIT else []
            return _decision(
                f"cached wheel {d.subject} reused ({kind}): not built",
                *ids,
                "wheels.same-version-reused",
            )
        case WheelEvent.REUSED_IN_RUN:
            again = (
                "wheels.direct-path-reused-within-run"
                if d.decision is CacheDecision.EPHEMERAL
                else "wheels.same-version-reused"
            )
            return _decision(f"{d.subject}, built earlier in this run, reused ({kind})", again)
        case WheelEvent.MISSED:
            return _decision(f"no cached wheel for {d.subject} ({kind}): building", built)
        case WheelEvent.NOT_LOOKED_UP:
            return _decision(
                f"{d.subject} is a source distribution given directly ({kind}): built, whether or"
                " not a matching wheel is cached",
                "avoid.sdist-install-builds",
            )
        case WheelEvent.UNNAMED:
            return _decision(
                f"{d.subject} names no project ({kind}): no cached wheel to look up; building",
                built,
            )
        case WheelEvent.STORED:
            return _decision(f"built wheel {d.subject} added to the cache ({kind})", built)
        case WheelEvent.EPHEMERAL:
            return _decision(
                f"built wheel {d.subject} kept for this run only ({kind}): not cached across runs",
                built,
            )
        case WheelEvent.NOT_STORED:
            return _decision(
                f"built wheel {d.subject} could not be stored: the cache is not writable"
            )
        case WheelEvent.DISABLED:
            return _decision(
                f"{d.subject}: caching is disabled; nothing looked up or stored",
                "disable.no-cache-dir-option",
            )


@dataclass
class Explainer:
    """Writes explanations through ``write`` (one line per call); silent when ``write`` is None."""

    write: Callable[[str], None] | None = None

    def http(self, exchange: Exchange) -> None:
        if self.write is not None:
            for line in http_lines(exchange):
                self.write(line)

    def wheel(
        self, event: WheelEvent, kind: LinkKind, decision: CacheDecision, subject: str
    ) -> None:
        if self.write is not None:
            for line in wheel_lines(WheelDecision(event, kind, decision, subject)):
                self.write(line)
