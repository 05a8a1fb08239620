"""The suite's own cost, the figures of issue 17, from one run of each part.

    python -m benchmarks.bench_suite                              # model suite + pip tier
    python -m benchmarks.bench_suite --pip /work/pips/24.2/bin/python --xdist --tox
    python -m benchmarks.bench_suite --no-pip                     # the model suite alone

- the model suite as the README runs it (``pytest``, self-tests included, the dev Hypothesis
  budget), serial: wall and CPU; and the conformance modules at the thorough budget, as
  ``tox -e model`` runs them;
- the real-pip tier (``--impl=pip@PYTHON``, ``spec_tests/test_*.py``), serial, with
  ``count_processes``: interpreter processes by kind and per test, wall and CPU, the time of a
  bare ``python -m pip --version``, and wall / (processes x that time), the tier's distance from
  the floor its processes set;
- ``--xdist``: ``pytest -n auto`` of the pip tier against a serial run, outcome per test id
  (``xdist_compare``);
- ``--tox``: the wall time of ``tox p`` (the whole matrix and the report).

CPU is the suite's and every child's it waited for (user + system): on a shared machine, where
wall times are noisy, the process counts and CPU times are the figures to compare.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from benchmarks import xdist_compare

ROOT = Path(__file__).resolve().parent.parent
#: kinds that are not a run of the interpreter under test
OTHER = "other:"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(argv: list[str]) -> tuple[float, float, int]:
    """Run ``argv`` from the checkout, output discarded: (wall s, CPU s, exit code)."""
    cpu, start = _children_cpu(), time.perf_counter()
    code = subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, check=False).returncode
    return time.perf_counter() - start, _children_cpu() - cpu, code


#: ``python -c`` this with ``OUT PYTEST_ARGS...``: pytest, then the CPU of its own process and of
#: the processes it started (and waited for) written to ``OUT`` as JSON
_SPLIT = """\
import json, resource, sys
import pytest
code = pytest.main(sys.argv[2:])
own, started = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
cpu = [own.ru_utime + own.ru_stime, started.ru_utime + started.ru_stime]
open(sys.argv[1], "w").write(json.dumps(cpu))
sys.exit(code)
"""


@dataclass(frozen=True)
class Timing:
    """One pytest run: wall seconds, CPU seconds in pytest's own process and in the processes it
    started, exit code."""

    wall: float
    own: float
    started: float
    code: int

    def cpu(self) -> str:
        return (
            f"{self.own + self.started:.1f} s CPU ({self.own:.1f} in pytest's process,"
            f" {self.started:.1f} in the processes it started)"
        )


def timed_pytest(args: list[str]) -> Timing:
    """``pytest ARGS`` from the checkout, output discarded, its CPU split by process."""
    with tempfile.TemporaryDirectory(prefix="pcs-bench-") as tmp:
        out = Path(tmp, "cpu.json")
        wall, _, code = timed([sys.executable, "-c", _SPLIT, str(out), *args])
        own, started = json.loads(out.read_text()) if out.exists() else (0.0, 0.0)
    return Timing(wall, own, started, code)


def pip_version_time(python: str, runs: int = 7) -> float:
    """The median wall time of a bare ``python -m pip --version``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([python, "-m", "pip", "--version"], capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


#: the conformance modules against the model at the thorough budget, as ``tox -e model`` runs them
THOROUGH = ["--impl=model", "--hypothesis-profile=spec-inprocess", "--ignore=spec_tests/selftests"]


def model_suite() -> None:
    quiet = ["-q", "-p", "no:cacheprovider"]
    run = timed_pytest(quiet)
    print(f"model suite (pytest, self-tests included, serial, dev budget): {run.wall:.1f} s wall,"
          f" {run.cpu()} (exit {run.code}; goal < 10 s wall)")  # fmt: skip
    run = timed_pytest([*quiet, *THOROUGH])
    print(f"  conformance modules at the thorough budget (tox -e model): {run.wall:.1f} s wall,"
          f" {run.cpu()} (exit {run.code})")  # fmt: skip


def pip_tier(python: str, top: int) -> None:
    with tempfile.TemporaryDirectory(prefix="pcs-bench-") as tmp:
        counts_file = Path(tmp, "counts.json")
        run = timed_pytest(
            [
                "-q", "-p", "no:cacheprovider",
                "-p", "benchmarks.count_processes", f"--count-processes={counts_file}",
                f"--impl=pip@{python}", "--ignore=spec_tests/selftests",
            ]
        )  # fmt: skip
        tests = json.loads(counts_file.read_text())["tests"]
    kinds: Counter[str] = Counter()
    per_test: dict[str, int] = {}
    for nodeid, entry in tests.items():
        mine = {k: n for k, n in entry["kinds"].items() if not k.startswith(OTHER)}
        kinds.update(entry["kinds"])
        if nodeid != "<session>":
            per_test[nodeid] = sum(mine.values())
    processes = sum(n for k, n in kinds.items() if not k.startswith(OTHER))
    version = pip_version_time(python)
    floor = processes * version
    wall = run.wall
    print(f"real-pip tier ({python}), serial: {wall:.1f} s wall, {run.cpu()} (exit {run.code})")
    if not run.started:  # pytest ended before it could say what its processes used
        raise SystemExit(f"the pip tier's run reported no CPU (exit {run.code})")
    print(f"  interpreter processes: {processes} (goal <= 240)")
    for kind, n in kinds.most_common():
        print(f"    {n:4d}  {kind}")
    print(
        f"  bare pip --version: {version:.3f} s; floor {processes} x {version:.3f} = {floor:.1f} s;"
        f" wall / floor = {wall / floor:.2f} (goal <= 1.25)"
    )
    print(
        f"  wall / CPU of the started processes = {wall / run.started:.2f}"
        f" (the processes' own cost, not {version:.3f} s each, as the floor above)"
    )
    counts = sorted(per_test.values())
    print(
        f"  per test: {len(counts)} tests, mean {statistics.mean(counts):.2f},"
        f" median {statistics.median(counts):.0f}, max {counts[-1]}, none: {counts.count(0)}"
    )
    for nodeid, n in sorted(per_test.items(), key=lambda item: -item[1])[:top]:
        print(f"    {n:4d}  {nodeid}")


def xdist(python: str) -> None:
    print("pip tier, serial and pytest -n auto (benchmarks.xdist_compare):")
    tier = [f"--impl=pip@{python}", "--ignore=spec_tests/selftests"]
    xdist_compare.main(["-n", "auto", "--", *tier])


def tox() -> None:
    wall, cpu, code = timed([sys.executable, "-m", "tox", "p"])
    print(f"tox p: {wall:.0f} s wall, {cpu:.0f} s CPU (exit {code}; goal < 300 s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pip", default="/work/pips/24.2/bin/python", help="pip's interpreter")
    parser.add_argument("--top", type=int, default=10, help="tests listed by processes")
    parser.add_argument("--no-model", action="store_true", help="skip the model suite")
    parser.add_argument("--no-pip", action="store_true", help="skip the real-pip tier")
    parser.add_argument("--xdist", action="store_true", help="compare -n auto with serial")
    parser.add_argument("--tox", action="store_true", help="time tox p")
    args = parser.parse_args(argv)
    if not args.no_model:
        model_suite()
    if not args.no_pip:
        pip_tier(args.pip, args.top)
    if args.xdist:
        xdist(args.pip)
    if args.tox:
        tox()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
