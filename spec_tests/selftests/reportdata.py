"""Synthetic registry and result files for the report tool's self-tests."""

from __future__ import annotations

from typing import Any

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from spec_tests.registry import Statement, Tier
from spec_tests.report.results import RunResult, parse_result

REGISTRY = {
    s.id: s
    for s in (
        Statement("a.one", Tier.DOCUMENTED, "Part A", "Alpha holds."),
        Statement("a.two", Tier.DOCUMENTED, "Part A / Sub", "Beta | holds.", since=Version("20.1")),
        Statement("b.info", Tier.INFORMATIVE, "Part B", "Just saying."),
        Statement("obs.x", Tier.OBSERVED, "Part A", "Pip does x.", applies=SpecifierSet(">=21")),
    )
}


def entry(nodeid: str = "t.py::t", outcome: str = "passed", **kw: Any) -> dict[str, Any]:
    return {"nodeid": nodeid, "outcome": outcome, "gated": False, "reason": "", "doc": "",
            "longrepr": "", "duration": 0.1, **kw}  # fmt: skip


def result(name: str = "pip", version: str = "24.2", **statements: list[dict[str, Any]]) -> Any:
    pip = None if name == "other" else (version if name == "pip" else "24.2")
    return {"format": 1, "implementation": name, "version": version, "pip_version": pip,
            "facets": ["locations"], "statements": statements}  # fmt: skip


def run(data: Any, source: str = "r.json") -> RunResult:
    return parse_result(data, source)
