"""Known divergences: where an implementation is known not to do what a statement says.

The entries live in ``spec_tests/divergences.toml``, one ``[[divergence]]`` per statement and
implementation, each with a shell session that shows it outside the suite. They serve twice:

- the report lists them (the "Divergences" section), beside the cell they explain;
- the plugin turns the matching tests into strict expected failures whose reason names the
  divergence, so the verdict reads "known divergence", never "pass", and a divergence that stops
  reproducing turns into a failure (the record is kept true).

Fields of an entry (``statement``, ``implementation``, ``pip``, ``behaviour`` and ``commands`` are
required):

=================  ================================================================================
``statement``      the registry id the implementation does not follow
``implementation`` the implementation's ``name`` (``pip``, ``uv``, ...)
``versions``       PEP 440 specifier on the implementation's own version (default: every version;
                   with ``observed``: that statement's ``applies``)
``tests``          names of the test functions that show it (default: every test of the statement)
``observed``       the observed statement recording what the implementation does instead
``tracker``        the upstream issue or pull request
``public_index``   whether a user installing from a public index meets it (true/false)
``pip``            what the page (or pip, for observed statements) says
``behaviour``      what the implementation does instead
``commands``       the shell session that shows it
=================  ================================================================================

This module knows nothing of pytest or of the report: it loads and matches.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

from spec_tests import registry

__all__ = [
    "DIVERGENCES",
    "Divergence",
    "Divergences",
    "KnownError",
    "find",
    "load",
    "shares_departure",
]

DIVERGENCES = Path(__file__).resolve().parent / "divergences.toml"
_REQUIRED = ("statement", "implementation", "pip", "behaviour", "commands")
_OPTIONAL = ("versions", "tests", "observed", "tracker", "public_index")


class KnownError(ValueError):
    """``divergences.toml`` is malformed; the message says where."""


@dataclass(frozen=True)
class Divergence:
    statement: str
    implementation: str
    #: what pip does (the page's words, or what pip was seen doing)
    pip: str
    #: what the implementation does instead
    behaviour: str
    #: a shell session that shows it, outside the suite
    commands: str
    versions: SpecifierSet | None = None
    tests: tuple[str, ...] = ()
    observed: str | None = None
    tracker: str = ""
    public_index: bool | None = None

    def matches(self, name: str, version: Version, statement: str, test: str) -> bool:
        """Whether this entry covers test function ``test`` of ``statement`` for ``name``
        at ``version``."""
        if (name, statement) != (self.implementation, self.statement):
            return False
        if self.tests and test not in self.tests:
            return False
        return self.versions is None or self.versions.contains(version, prereleases=True)

    @property
    def reason(self) -> str:
        where = f" ({self.tracker})" if self.tracker else ""
        return f"known divergence of {self.implementation} from {self.statement}{where}"


class Divergences(list[Divergence]):
    """The entries, and the shell lines every reproduction starts with (``preamble``)."""

    preamble: str = ""


def _entry(raw: dict[str, object], where: str) -> Divergence:
    unknown = set(raw) - set(_REQUIRED) - set(_OPTIONAL)
    if unknown:
        raise KnownError(f"{where}: unknown field(s) {sorted(unknown)}")
    missing = [f for f in _REQUIRED if not isinstance(raw.get(f), str) or not str(raw[f]).strip()]
    if missing:
        raise KnownError(f"{where}: lacks {', '.join(missing)}")
    statements = registry.load()
    observed = raw.get("observed")
    if observed is not None and observed not in statements:
        raise KnownError(f"{where}: observed names unknown statement {observed!r}")
    try:
        if "versions" in raw:
            versions: SpecifierSet | None = SpecifierSet(str(raw["versions"]))
        elif observed is not None:
            versions = statements[str(observed)].applies
        else:
            versions = None
    except InvalidSpecifier as exc:
        raise KnownError(f"{where}: {exc}") from None
    tests = raw.get("tests", [])
    if not isinstance(tests, list) or not all(isinstance(t, str) for t in tests):
        raise KnownError(f"{where}: tests must be a list of test function names")
    public = raw.get("public_index")
    if public is not None and not isinstance(public, bool):
        raise KnownError(f"{where}: public_index must be true or false")
    return Divergence(
        *(str(raw[f]).strip() for f in _REQUIRED),
        versions=versions,
        tests=tuple(tests),
        observed=str(observed) if observed is not None else None,
        tracker=str(raw.get("tracker", "")),
        public_index=public,
    )


def load(path: Path = DIVERGENCES) -> Divergences:
    """Every entry of ``path``, in file order."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise KnownError(f"{path}: {exc}") from None
    out = Divergences()
    out.preamble = str(data.get("preamble", "")).strip()
    for i, raw in enumerate(data.get("divergence", [])):
        out.append(_entry(raw, f"{path.name}: divergence #{i + 1}"))
    return out


@cache
def _default() -> Divergences:
    return load()


def find(name: str, version: Version, statement: str, test: str) -> Divergence | None:
    """The known divergence covering test function ``test`` of ``statement`` for the
    implementation ``name`` at ``version``, if any."""
    for entry in _default():
        if entry.matches(name, version, statement, test):
            return entry
    return None


def shares_departure(name: str, observed: str, statement: str) -> bool:
    """Whether the tests of ``observed``, a record of pip departing from ``statement``, run for
    ``name``: it has a known divergence (at any version) from ``statement`` that names what it
    does instead (an ``observed`` statement: pip's records of that departure), or one from
    ``observed`` itself (it is judged against pip's record, and departs from it too). An entry
    from ``statement`` naming no observed statement is a departure of the implementation's
    own: pip's records are not held against it."""
    return any(
        d.implementation == name
        and ((d.statement == statement and d.observed is not None) or d.statement == observed)
        for d in _default()
    )
