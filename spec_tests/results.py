"""One run's outcomes per statement: the terminal verdict's input and ``--spec-report``'s file.

File shape (``format`` 1)::

    {"format": 1, "implementation": "pip", "version": "24.2", "pip_version": "24.2",
     "page": "24.2", "platform": "linux", "facets": ["locations", ...],
     "statements": {"<id>": [{"nodeid": ..., "outcome": "passed|failed|xfailed|xpassed|skipped",
                              "gated": bool, "expectation": "gate|divergence|",
                              "reason": str, "doc": str, "longrepr": str}]}}

The file is deterministic: the same outcomes give the same bytes (rows sorted by node id, no
durations, temporary paths, ports and addresses in messages replaced by placeholders), so
re-running an env whose outcomes did not change leaves the working tree clean.

Works under pytest-xdist: the statements travel on the reports' ``user_properties``; the
implementation a worker's tests received comes back through xdist's ``workeroutput``.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from spec_tests.interface import Facet

__all__ = ["FORMAT", "ResultCollector", "describe", "normalise", "statements_of"]

FORMAT = 1
#: xdist's channel from a worker to the controller: the implementation its tests received
WORKER_KEY = "pip_cache_spec_implementation"
_PLATFORMS = {"linux": "linux", "darwin": "macos", "win32": "windows", "cygwin": "windows"}


def _placeholders() -> tuple[tuple[re.Pattern[str], str], ...]:
    tmp = re.escape(tempfile.gettempdir().rstrip("/\\"))
    return (
        # pytest's own temporary tree, then any other entry of the temporary directory
        (re.compile(tmp + r"[/\\]pytest-of-[^/\\\s]+[/\\]pytest-\d+"), "<tmp>"),
        (re.compile(tmp + r"[/\\][^/\\\s'\"()\[\],:]+"), "<tmp>"),
        (re.compile(r"/dev/shm/[^/\s'\"()\[\],:]+"), "<tmp>"),
        (re.compile(r"\b(localhost|127\.0\.0\.1|\[::1\]):\d{2,5}\b"), r"\1:PORT"),
        (re.compile(r"\b0x[0-9a-fA-F]{6,}\b"), "0x..."),
        (re.compile(r"\bpid[ =]\d+"), "pid <pid>"),
    )


#: what varies between two runs with the same outcomes, and what replaces it
PLACEHOLDERS = _placeholders()


def normalise(text: str) -> str:
    """``text`` with the parts that vary from run to run replaced (see :data:`PLACEHOLDERS`)."""
    for pattern, replacement in PLACEHOLDERS:
        text = pattern.sub(replacement, text)
    return text


def describe(implementation: object, page: str) -> dict[str, Any]:
    """The head of a result file: what was run, against which page, on which platform."""
    pip_version = getattr(implementation, "pip_version", None)
    return {
        "implementation": str(getattr(implementation, "name", "?")),
        "version": str(getattr(implementation, "version", "")),
        "pip_version": str(pip_version) if pip_version is not None else None,
        "page": page,
        "platform": _PLATFORMS.get(sys.platform, sys.platform),
        "facets": [f.value for f in Facet if getattr(implementation, f.value, None) is not None],
    }


SUITE_DIR = Path(__file__).resolve().parent


def canonical_nodeid(report: pytest.TestReport, rootpath: Path) -> str:
    """The report's node id as the checkout names it (``spec_tests/test_x.py::test_y``) when the
    test is one of the suite's, wherever pytest's rootdir was (``--pyargs`` from an installed
    copy names it ``test_x.py::test_y``): result files of both kinds of run name a test alike."""
    full = (rootpath / report.location[0]).resolve()
    if SUITE_DIR not in full.parents:
        return report.nodeid
    rest = report.nodeid.partition("::")[2]
    return f"{SUITE_DIR.name}/{full.relative_to(SUITE_DIR).as_posix()}::{rest}"


def statements_of(report: pytest.TestReport | pytest.CollectReport) -> list[str]:
    """The statement ids a report's test checks (its ``statement`` properties)."""
    return [str(v) for k, v in getattr(report, "user_properties", ()) if k == "statement"]


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
    """Collects every statement test's outcome; writes ``path`` at the end if one is given.

    ``head`` describes the implementation the tests received (set by the suite's plugin)."""

    def __init__(self, path: Path | None, head: dict[str, Any], rootpath: Path) -> None:
        self.path = path
        self.head = head
        self.rootpath = rootpath
        self.rows: dict[str, dict[str, Any]] = {}
        self.statements: dict[str, list[str]] = defaultdict(list)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        ids = statements_of(report)
        if not ids:
            return
        props = dict(report.user_properties)
        expectation = str(props.get("expectation", ""))
        nodeid = canonical_nodeid(report, self.rootpath)
        row = self.rows.setdefault(
            nodeid,
            {
                "nodeid": nodeid,
                "outcome": "passed",
                "gated": False,
                "expectation": "",
                "reason": "",
                "doc": str(props.get("doc", "")),
                "longrepr": "",
            },
        )
        row["expectation"] = expectation or row["expectation"]
        row["gated"] = row["expectation"] == "gate"
        decisive = (
            report.when == "call"
            or (report.when == "setup" and not report.passed)
            or (report.when == "teardown" and report.failed)
        )
        if decisive:
            outcome, reason = _outcome(report)
            row["outcome"], row["reason"] = outcome, normalise(reason)
            if report.failed:
                row["longrepr"] = normalise(report.longreprtext)
        for sid in ids:
            if nodeid not in self.statements[sid]:
                self.statements[sid].append(nodeid)

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: object) -> None:
        """xdist: the implementation a worker's tests received (an ``impl`` override)."""
        head = getattr(node, "workeroutput", {}).get(WORKER_KEY)
        if head:
            self.head = head

    def data(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            **self.head,
            "statements": {
                sid: [self.rows[n] for n in sorted(nodeids)]
                for sid, nodeids in sorted(self.statements.items())
            },
        }

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self.path is None:
            return
        text = json.dumps(self.data(), indent=1, sort_keys=True) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists() or self.path.read_text(encoding="utf-8") != text:
            self.path.write_text(text, encoding="utf-8")
