"""``--spec-report``: one JSON file per run, outcomes per statement (consumed by ``report``).

Shape (``format`` 1)::

    {"format": 1, "implementation": "pip", "version": "24.2", "pip_version": "24.2",
     "facets": ["locations", ...],
     "statements": {"<id>": [{"nodeid": ..., "outcome": "passed|failed|xfailed|xpassed|skipped",
                              "gated": bool, "expectation": "gate|divergence|",
                              "reason": str, "doc": str, "longrepr": str, "duration": float}]}}

Works under pytest-xdist: the statements travel on the reports' ``user_properties``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from spec_tests.interface import Facet, Implementation

FORMAT = 1


def _outcome(report: pytest.TestReport) -> tuple[str, str]:
    wasxfail = getattr(report, "wasxfail", None)
    if wasxfail is not None:
        return ("xfailed" if report.skipped else "xpassed"), str(wasxfail)
    if report.skipped:
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        return "skipped", reason.removeprefix("Skipped: ")
    if report.failed:
        return "failed", ""
    return "passed", ""


class ResultCollector:
    def __init__(self, path: Path, impl: Implementation) -> None:
        self.path = path
        self.impl = impl
        self.rows: dict[str, dict[str, Any]] = {}
        self.statements: dict[str, list[str]] = defaultdict(list)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        props = dict(report.user_properties)
        ids = props.get("statements")
        if not ids:
            return
        row = self.rows.setdefault(
            report.nodeid,
            {
                "nodeid": report.nodeid,
                "outcome": "passed",
                "gated": bool(props.get("gated")),
                "expectation": str(props.get("expectation", "")),
                "reason": "",
                "doc": props.get("doc", ""),
                "longrepr": "",
                "duration": 0.0,
            },
        )
        row["duration"] += report.duration
        decisive = (
            report.when == "call"
            or (report.when == "setup" and not report.passed)
            or (report.when == "teardown" and report.failed)
        )
        if decisive:
            row["outcome"], row["reason"] = _outcome(report)
            if report.failed:
                row["longrepr"] = report.longreprtext
        for sid in ids:
            if report.nodeid not in self.statements[sid]:
                self.statements[sid].append(report.nodeid)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        data = {
            "format": FORMAT,
            "implementation": self.impl.name,
            "version": str(self.impl.version),
            "pip_version": str(self.impl.pip_version) if self.impl.pip_version else None,
            "facets": [f.value for f in Facet if getattr(self.impl, f.value, None) is not None],
            "statements": {
                sid: [self.rows[n] for n in nodeids] for sid, nodeids in self.statements.items()
            },
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
