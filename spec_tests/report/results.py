"""Result files: what one run of the suite (``pytest --spec-report=PATH``) says of an impl.

A result file is JSON written by the suite's plugin::

    {"format": 1, "implementation": "pip", "version": "24.2", "pip_version": "24.2",
     "page": "24.2", "facets": ["locations", ...],
     "statements": {"<id>": [{"nodeid": ..., "outcome": ..., "gated": ..., "expectation": ...,
                             "reason": ..., "doc": ..., "longrepr": ...}, ...]}}

``page`` (the page version the run judged against), ``expectation`` and the rows' other optional
fields may be missing (files of older runs): the page is then the one the claimed pip version
defaults to (:func:`spec_tests.registry.default_page`).

This module reads and validates such files into frozen records and classifies each test's outcome
(:class:`Verdict`); it does no rendering.
"""

from __future__ import annotations

import enum
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from packaging.version import InvalidVersion, Version

from spec_tests import registry

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "FORMAT",
    "ReportError",
    "RunResult",
    "TestResult",
    "Verdict",
    "load_result",
    "parse_result",
]

FORMAT = 1

_OUTCOMES = frozenset({"passed", "failed", "xfailed", "xpassed", "skipped"})
#: the plugin's reason for a test of a facet the implementation does not offer
_NOT_PROVIDED = re.compile(r" does not provide [\w.-]+$")


class ReportError(ValueError):
    """A result file (or another input of the report) is unusable; the message says why."""


class Verdict(enum.Enum):
    """What one test's outcome means for the statement it checks."""

    PASS = "pass"
    FAIL = "fail"  # failed, or passed although strictly expected to fail
    GATED = "expected fail (gate)"  # failed as the statement's version gate predicts
    XFAIL = "known divergence"  # fails as divergences.toml records (not a version gate)
    NOT_PROVIDED = "not provided"  # the implementation lacks the facet
    SKIPPED = "skipped"  # skipped for another reason (e.g. a platform it cannot emulate)


@dataclass(frozen=True)
class TestResult:
    """One test's outcome in one run, as the plugin recorded it."""

    __test__ = False  # not a pytest test class

    nodeid: str
    outcome: str
    gated: bool = False
    reason: str = ""
    doc: str = ""
    longrepr: str = ""
    #: why the test was expected to fail: "gate", "divergence" or "" (not expected to)
    expectation: str = ""

    @property
    def verdict(self) -> Verdict:
        if self.outcome == "passed":
            return Verdict.PASS
        if self.outcome in ("failed", "xpassed"):
            return Verdict.FAIL
        if self.outcome == "xfailed":
            if self.expectation == "divergence":
                return Verdict.XFAIL
            return Verdict.GATED if self.gated or self.expectation == "gate" else Verdict.XFAIL
        if _NOT_PROVIDED.search(self.reason):
            return Verdict.NOT_PROVIDED
        return Verdict.SKIPPED


@dataclass(frozen=True)
class RunResult:
    """One result file: an implementation, its version, and its tests by statement id."""

    source: str  # the file's base name, for the table's list of sources
    implementation: str
    version: str
    pip_version: str | None
    facets: tuple[str, ...]
    statements: dict[str, tuple[TestResult, ...]]
    #: the page version the run was judged against, when the file says (None: older files)
    page: str | None = None

    @property
    def label(self) -> str:
        return f"{self.implementation} {self.version}"


def _str(obj: dict[str, object], key: str, where: str, *, default: str | None = None) -> str:
    value = obj.get(key, default)
    if not isinstance(value, str):
        raise ReportError(f"{where}: {key!r} must be a string, got {value!r}")
    return value


def _opt(obj: dict[str, object], key: str, where: str) -> str:
    """An optional text field: missing or null reads as ''."""
    return "" if obj.get(key) is None else _str(obj, key, where)


def _test(raw: object, where: str) -> TestResult:
    if not isinstance(raw, dict):
        raise ReportError(f"{where}: each test must be an object, got {raw!r}")
    outcome = _str(raw, "outcome", where)
    if outcome not in _OUTCOMES:
        raise ReportError(f"{where}: unknown outcome {outcome!r} (one of {sorted(_OUTCOMES)})")
    gated = raw.get("gated", False)
    if not isinstance(gated, bool):
        raise ReportError(f"{where}: 'gated' must be true or false, got {gated!r}")
    return TestResult(
        nodeid=_str(raw, "nodeid", where),
        outcome=outcome,
        gated=gated,
        expectation=_opt(raw, "expectation", where),
        reason=_opt(raw, "reason", where),
        doc=_opt(raw, "doc", where),
        longrepr=_opt(raw, "longrepr", where),
    )


def parse_result(data: object, source: str) -> RunResult:
    """Validate the decoded JSON of one result file; raise :class:`ReportError` if unusable."""
    if not isinstance(data, dict):
        raise ReportError(f"{source}: not a result file (expected a JSON object)")
    if data.get("format") != FORMAT:
        found = data.get("format")
        raise ReportError(f"{source}: unsupported format {found!r} (expected {FORMAT})")
    name = _str(data, "implementation", source)
    version = _str(data, "version", source)
    pip_version = data.get("pip_version")
    if pip_version is not None and not isinstance(pip_version, str):
        raise ReportError(f"{source}: 'pip_version' must be a string or null")
    for v in (version, pip_version):
        if v is not None:
            try:
                Version(v)
            except InvalidVersion:
                raise ReportError(f"{source}: {v!r} is not a PEP 440 version") from None
    page = data.get("page")
    if page is not None and page not in registry.PAGES:
        raise ReportError(f"{source}: unknown page version {page!r} (one of {registry.PAGES})")
    facets = data.get("facets", [])
    if not isinstance(facets, list) or not all(isinstance(f, str) for f in facets):
        raise ReportError(f"{source}: 'facets' must be a list of strings")
    statements = data.get("statements")
    if not isinstance(statements, dict):
        raise ReportError(f"{source}: 'statements' must be an object of statement id -> tests")
    parsed: dict[str, tuple[TestResult, ...]] = {}
    for sid, tests in statements.items():
        if not isinstance(tests, list):
            raise ReportError(f"{source}: statement {sid!r}: tests must be a list")
        parsed[sid] = tuple(_test(t, f"{source}: statement {sid!r}") for t in tests)
    return RunResult(
        source=source,
        implementation=name,
        version=version,
        pip_version=pip_version,
        facets=tuple(facets),
        statements=parsed,
        page=page,
    )


def load_result(path: Path) -> RunResult:
    """Read one result file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ReportError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ReportError(f"{path}: not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReportError(f"{path}: not JSON: {exc}") from None
    return parse_result(data, path.name)
