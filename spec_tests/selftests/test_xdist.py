"""The suite under pytest-xdist gives the same outcomes as serially, and ``--spec-report`` (written
by the controller only) the same results per statement.

A small subset runs twice by subprocess, serially and with ``-n 2``; the whole suite is compared
by ``python -m benchmarks.xdist_compare`` (too slow for a self-test).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("xdist")
# the comparison lives with the benchmarks, in a checkout of the repository (not installed)
xdist_compare = pytest.importorskip("benchmarks.xdist_compare")
compare, outcomes, run_pytest = (
    xdist_compare.compare,
    xdist_compare.outcomes,
    xdist_compare.run_pytest,
)

ROOT = Path(__file__).resolve().parents[2]
SUBSET = [
    "spec_tests/test_commands_hostile.py",
    # a gated strict xfail
    "spec_tests/test_commands_patterns.py::test_remove_reports_bytes_removed",
    "--impl=model",
]


def _statements(report: Path) -> dict[str, list[tuple[str, str]]]:
    data: dict[str, Any] = json.loads(report.read_text())
    return {
        sid: sorted((row["nodeid"], row["outcome"]) for row in rows)
        for sid, rows in data["statements"].items()
    }


def test_outcomes_and_spec_report_match_serial_run(tmp_path: Path) -> None:
    runs = {}
    for name, workers in (("serial", None), ("xdist", "2")):
        report = tmp_path / f"{name}.json"
        xml = tmp_path / f"{name}.xml"
        run_pytest([*SUBSET, f"--spec-report={report}"], xml, workers=workers, cwd=ROOT)
        runs[name] = (outcomes(xml), _statements(report))
    (serial, serial_statements), (parallel, parallel_statements) = runs["serial"], runs["xdist"]
    assert len(serial) >= 20, serial
    assert "xfailed" in serial.values(), serial
    assert compare(serial, parallel) == []
    assert parallel_statements == serial_statements


def test_compare_names_every_difference() -> None:
    serial = {"a": "passed", "b": "failure", "c": "xfailed"}
    parallel = {"a": "passed", "b": "passed", "d": "skipped"}
    assert compare(serial, parallel) == [
        "b: serial failure, xdist passed",
        "c: serial xfailed, xdist -",
        "d: serial -, xdist skipped",
    ]
