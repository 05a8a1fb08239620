"""Run the suite serially and under pytest-xdist; compare the outcome of every test id.

    python -m benchmarks.xdist_compare                       # the whole suite, model, -n 2
    python -m benchmarks.xdist_compare -n auto -- --impl=pip@/tmp/pip-24.2/bin/python \\
        --ignore=spec_tests/selftests

Both runs write JUnit XML; outcomes are read per test id (passed, failed, error, skipped,
xfailed). Prints both wall times and every test id whose outcome differs; exit code 1 if any does
(or a test ran in one run only). Hypothesis draws differ between runs only if a test is flaky:
the suite's profiles have no example database, so neither run can replay the other's examples.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

__all__ = ["compare", "outcomes", "run_pytest"]


def outcomes(junit_xml: Path) -> dict[str, str]:
    """Test id -> outcome, from a JUnit XML file of pytest."""
    result: dict[str, str] = {}
    for case in ET.parse(junit_xml).iter("testcase"):
        test_id = f"{case.get('classname')}::{case.get('name')}"
        outcome = "passed"
        for child in case:
            if child.tag in ("failure", "error"):
                outcome = child.tag
            elif child.tag == "skipped":
                outcome = "xfailed" if child.get("type") == "pytest.xfail" else "skipped"
        # a teardown error is reported as a second element of the same case: keep the worst
        if result.get(test_id) in ("failure", "error"):
            continue
        result[test_id] = outcome
    return result


def run_pytest(args: list[str], junit_xml: Path, *, workers: str | None, cwd: Path) -> float:
    """Run pytest with ``args`` (``-n workers`` if given); its wall time in seconds."""
    argv = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        f"--junitxml={junit_xml}",
    ]
    if workers is not None:
        argv += ["-n", workers]
    start = time.perf_counter()
    subprocess.run([*argv, *args], cwd=cwd, stdout=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def compare(serial: dict[str, str], parallel: dict[str, str]) -> list[str]:
    """Lines describing every test id whose outcome differs (or that ran in one run only)."""
    return [
        f"{test_id}: serial {serial.get(test_id, '-')}, xdist {parallel.get(test_id, '-')}"
        for test_id in sorted(set(serial) | set(parallel))
        if serial.get(test_id) != parallel.get(test_id)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", dest="workers", default="2", help="xdist workers (default 2)")
    parser.add_argument("pytest_args", nargs="*", help="after --: passed to both runs")
    args = parser.parse_args(argv)
    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory(prefix="pcs-xdist-") as tmp:
        serial_xml, parallel_xml = Path(tmp, "serial.xml"), Path(tmp, "xdist.xml")
        t_serial = run_pytest(args.pytest_args, serial_xml, workers=None, cwd=root)
        t_parallel = run_pytest(args.pytest_args, parallel_xml, workers=args.workers, cwd=root)
        serial, parallel = outcomes(serial_xml), outcomes(parallel_xml)
    counts = {o: list(serial.values()).count(o) for o in sorted(set(serial.values()))}
    print(
        f"serial: {t_serial:.1f} s; -n {args.workers}: {t_parallel:.1f} s; "
        f"{len(serial)} tests {counts}"
    )
    for test_id, outcome in sorted(serial.items()):
        if outcome in ("failure", "error"):
            print(f"serial {outcome}: {test_id}")
    differences = compare(serial, parallel)
    print("\n".join(differences) if differences else "outcomes identical for every test id")
    return 1 if differences else 0


if __name__ == "__main__":
    raise SystemExit(main())
