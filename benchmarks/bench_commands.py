"""Time ``cache list|info|remove|purge``: the model, real pip 24.2, and find/du, on one big tree.

    python -m benchmarks.bench_commands                 # 100,000 wheels + 20,000 HTTP entries
    python -m benchmarks.bench_commands --small         # 1,000 + 200, one repeat (CI: it works)
    python -m benchmarks.bench_commands --python /path/to/python-with-pip-24.2 --repeats 5

Every command runs as a subprocess, as a user runs it (``python -m model cache ...`` and
``python -m pip cache ...``, both with the cleaned environment of the suite), so interpreter
start-up counts alike. References: ``find WHEELS -name '*-*.whl'`` for ``list``, ``du -sb CACHE``
for ``info``, ``find ... -delete`` for ``remove``/``purge``. ``remove`` and ``purge`` destroy the
tree: it is completed again (untimed) before each of their runs. Each repeat runs the contenders
one after another, so a busy machine slows all of them alike; the table shows medians.

Memory: the peak RSS (``wait4``'s ``ru_maxrss``) of ``cache info`` on the tree and on a tree a
tenth its size: the model streams its walk, so the two should be the same within noise.
The outputs of the model and of pip 24.2 are compared (``list``, ``info``, ``remove``): any
difference is an error (exit code 1). ``--check-goals`` also fails when a goal of issue 8 misses.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.make_tree import REMOVE_PROJECT, make_tree
from spec_tests.harness.cleanenv import clean_env

__all__ = ["main"]

DEFAULT_PIP_PYTHON = "/tmp/pip-24.2/bin/python"
PIP_VERSION = "24.2"
OPS = ("list", "info", "remove", "purge")
DESTRUCTIVE = ("remove", "purge")
GOAL_REF = 1.3  # model / find-or-du at most
GOAL_PIP = 2.0  # pip / model at least


@dataclass(frozen=True)
class Run:
    seconds: float
    max_rss_kb: int
    stdout: bytes


@dataclass
class Timings:
    runs: dict[tuple[str, str], list[Run]] = field(default_factory=dict)

    def add(self, op: str, who: str, run: Run) -> None:
        self.runs.setdefault((op, who), []).append(run)

    def median(self, op: str, who: str) -> float | None:
        runs = self.runs.get((op, who))
        return statistics.median(r.seconds for r in runs) if runs else None


def run_timed(argv: list[str], env: dict[str, str], scratch: Path) -> Run:
    """Run ``argv``; its wall time, peak RSS and standard output (a file, not a pipe)."""
    out_path = scratch / "stdout"
    with out_path.open("wb") as out, (scratch / "stderr").open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env, cwd=scratch)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{argv} exited {proc.returncode}: {(scratch / 'stderr').read_text()}")
    return Run(seconds, usage.ru_maxrss, out_path.read_bytes())


def commands(op: str, cache: Path, pip_python: str | None) -> dict[str, list[str]]:
    """The command lines of each contender for ``op`` on ``cache``."""
    args = {
        "list": ["list"],
        "info": ["info"],
        "remove": ["remove", REMOVE_PROJECT],
        "purge": ["purge"],
    }[op]
    common = ["cache", *args, "--cache-dir", str(cache)]
    wheels, http = str(cache / "wheels"), str(cache / "http-v2")
    ref = {
        "list": ["find", wheels, "-name", "*-*.whl"],
        "info": ["du", "-sb", str(cache)],
        "remove": ["find", wheels, "-name", f"{REMOVE_PROJECT}-*.whl", "-delete"],
        "purge": ["find", wheels, http, "-type", "f", "-delete"],
    }[op]
    out = {"model": [sys.executable, "-m", "model", *common], "ref": ref}
    if pip_python:
        out["pip"] = [pip_python, "-m", "pip", *common]
    return out


def pip_interpreter(requested: str | None, workdir: Path) -> str:
    """An interpreter whose pip is 24.2: the one asked for, /tmp/pip-24.2, or a new venv."""
    candidate = requested or DEFAULT_PIP_PYTHON
    if requested or Path(candidate).exists():
        version = subprocess.run(
            [candidate, "-m", "pip", "--version"], capture_output=True, text=True, check=True
        ).stdout.split()[1]
        if version != PIP_VERSION:
            print(f"note: {candidate} has pip {version}, not {PIP_VERSION}", file=sys.stderr)
        return candidate
    venv = workdir / "pip-venv"
    print(f"making a venv with pip {PIP_VERSION} in {venv}", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    subprocess.run([python, "-m", "pip", "install", "-q", f"pip=={PIP_VERSION}"], check=True)
    return python


def bench(
    cache: Path, wheels: int, http: int, repeats: int, pip_python: str | None, scratch: Path
) -> tuple[Timings, list[str]]:
    """Time every op ``repeats`` times; also return the differences in output found."""
    env = clean_env(HOME=str(scratch))
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)  # the model of this checkout
    timings = Timings()
    differences: list[str] = []
    for op in OPS:
        for _ in range(repeats):
            for who, argv in commands(op, cache, pip_python).items():
                if op in DESTRUCTIVE:
                    make_tree(cache, wheels=wheels, http=http)
                timings.add(op, who, run_timed(argv, env, scratch))
        model, pip = timings.runs[(op, "model")], timings.runs.get((op, "pip"))
        if op != "purge" and pip and model[0].stdout != pip[0].stdout:
            differences.append(op)
    make_tree(cache, wheels=wheels, http=http)
    return timings, differences


#: runs a command line in a fork of a small interpreter and writes the child's peak RSS (KB) to
#: argv[1]. A child's ``ru_maxrss`` includes what its parent held when it forked, so measuring
#: from the benchmark's own (big) process would report the benchmark's memory.
RSS_PROBE = """import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
open(sys.argv[1], "w").write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def peak_rss(cache: Path, who: str, pip_python: str | None, scratch: Path) -> int:
    """Peak RSS (KB) of ``cache info`` on ``cache``, measured from a small launcher."""
    env = clean_env(HOME=str(scratch))
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    out = scratch / "maxrss"
    argv = commands("info", cache, pip_python)[who]
    run_timed([sys.executable, "-S", "-c", RSS_PROBE, str(out), *argv], env, scratch)
    return int(out.read_text())


def _fmt(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds:.3f} s"


def _ratio(a: float | None, b: float | None) -> str:
    return "-" if a is None or b is None else f"{a / b:.2f}x"


REF_NAME = {"list": "find", "info": "du -sb", "remove": "find -delete", "purge": "find -delete"}


def report(t: Timings, goals: list[str]) -> list[str]:
    """The table (markdown); goal misses are appended to ``goals``."""
    lines = [
        f"| command | model | pip {PIP_VERSION} | reference | model / reference | pip / model |",
        "|---|---|---|---|---|---|",
    ]
    for op in OPS:
        model, pip, ref = (t.median(op, w) for w in ("model", "pip", "ref"))
        lines.append(
            f"| `cache {op}` | {_fmt(model)} | {_fmt(pip)} | {_fmt(ref)} ({REF_NAME[op]}) "
            f"| {_ratio(model, ref)} | {_ratio(pip, model)} |"
        )
        assert model is not None
        assert ref is not None
        if op in ("list", "info") and model / ref > GOAL_REF:
            goals.append(f"{op}: model / {REF_NAME[op]} = {model / ref:.2f} > {GOAL_REF}")
        if pip is not None and pip / model < GOAL_PIP:
            goals.append(f"{op}: pip / model = {pip / model:.2f} < {GOAL_PIP}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="1,000 wheels, one repeat")
    parser.add_argument("--wheels", type=int, default=100_000)
    parser.add_argument("--http", type=int, default=20_000, help="HTTP entries (2 files each)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--python",
        help=f"interpreter with pip {PIP_VERSION} (default {DEFAULT_PIP_PYTHON}, else a new venv)",
    )
    parser.add_argument("--no-pip", action="store_true", help="time the model and find/du only")
    parser.add_argument(
        "--root",
        type=Path,
        default=Path("/dev/shm") if os.access("/dev/shm", os.W_OK) else None,
        help="where to build the trees",
    )
    parser.add_argument("--check-goals", action="store_true", help="exit 1 when a goal misses")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    if args.small:
        args.wheels, args.http, args.repeats = 1_000, 200, 1
    with tempfile.TemporaryDirectory(prefix="pcs-bench-", dir=args.root) as tmp:
        root = Path(tmp)
        (root / "scratch").mkdir()
        pip_python = None if args.no_pip else pip_interpreter(args.python, root)
        started = time.perf_counter()
        big, tenth = root / "cache", root / "cache-tenth"
        make_tree(big, wheels=args.wheels, http=args.http)
        make_tree(tenth, wheels=args.wheels // 10, http=args.http // 10)
        built = time.perf_counter() - started
        print(
            f"trees: {args.wheels} wheels + {args.http} HTTP entries, and a tenth of it, "
            f"under {root} ({built:.1f} s); {os.cpu_count()} CPUs, load "
            f"{os.getloadavg()[0]:.1f}; medians of {args.repeats}\n"
        )
        timings, differences = bench(
            big, args.wheels, args.http, args.repeats, pip_python, root / "scratch"
        )
        goals: list[str] = []
        print("\n".join(report(timings, goals)))
        print(f"\npeak RSS of `cache info` (KB), {args.wheels // 10} vs {args.wheels} wheels:")
        growth: dict[str, int] = {}
        for who in ("model", "pip") if pip_python and not args.small else ("model",):
            small, large = (peak_rss(c, who, pip_python, root / "scratch") for c in (tenth, big))
            growth[who] = large - small
            print(f"  {who}: {small} -> {large} ({large - small:+d})")
        if growth["model"] > 2048:
            goals.append(f"info memory grows with the tree: {growth['model']:+d} KB")
        shutil.rmtree(big)
    if differences:
        print(
            f"\nERROR: model and pip {PIP_VERSION} print different output for: "
            f"{', '.join(differences)}"
        )
        return 1
    if pip_python:
        print(f"\noutputs of list, info and remove identical to pip {PIP_VERSION}'s")
    if args.small:
        print("goals: not judged on a small tree (start-up dominates)")
        return 0
    print("goals: " + ("all met" if not goals else "MISSED: " + "; ".join(goals)))
    return 1 if goals and args.check_goals else 0


if __name__ == "__main__":
    raise SystemExit(main())
