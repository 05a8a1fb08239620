"""A pytest plugin that counts the processes the suite starts, per test (for bench_suite).

    pytest -p benchmarks.count_processes --count-processes=counts.json --impl=pip@PYTHON ...

An audit hook (``subprocess.Popen``) sees every process the pytest process starts; each is
charged to the test running at that moment (``<session>`` outside tests) and classified by its
command line: ``python -m pip <command>`` runs (by the command's name), the probe server and
probes, time-shifted pip runs (``pip_at.py``), the batch driver, other runs of the interpreter
under test, and everything else (git, the model's build hooks, uv). Processes that those processes
start (pip's own build backends) are not seen, as a user counts the commands they type.
The file: ``{"python": ..., "tests": {nodeid: {"wall": s, "cpu": s, "outcome": ...,
"kinds": {kind: n}}}}`` (``cpu``: this process and the children it waited for).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

#: pip's commands, to name a run by its command wherever its options put it
PIP_COMMANDS = frozenset(
    [
        "install",
        "download",
        "uninstall",
        "freeze",
        "inspect",
        "list",
        "show",
        "check",
        "config",
        "search",
        "cache",
        "index",
        "wheel",
        "hash",
        "completion",
        "debug",
        "help",
        "lock",
    ]
)

_state: dict[str, Any] = {"current": "<session>", "counts": {}, "python": None}


def _kind(argv: list[str], python: str | None) -> str:
    words = [os.path.basename(str(a)) for a in argv]
    # not resolved: every venv's python may be a link to one interpreter
    if python is None or not argv or os.path.abspath(str(argv[0])) != python:
        head = words[0] if words else "?"
        return "other:" + head
    probes = ("probe_server.py", "probe_locations.py", "probe_wheels.py", "batch_cache.py")
    for probe in (*probes, "pip_at.py"):
        if probe in words:
            return probe.removesuffix(".py")
    if "-m" in words and words[words.index("-m") + 1 :][:1] == ["pip"]:
        rest = [w for w in argv[words.index("-m") + 2 :] if w in PIP_COMMANDS]
        return "pip " + (rest[0] if rest else "other")
    return "python other"


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if event != "subprocess.Popen":
        return
    argv = args[1]
    argv = [argv] if isinstance(argv, str | bytes | os.PathLike) else list(argv)
    counts = _state["counts"].setdefault(_state["current"], {"kinds": Counter()})
    counts["kinds"][_kind([os.fsdecode(a) for a in argv], _state["python"])] += 1


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--count-processes", default=None, help="write per-test process counts here")


def pytest_configure(config: pytest.Config) -> None:
    target = config.getoption("--count-processes")
    if not target:
        return
    impl = config.getoption("--impl", default=None) or ""
    if "@" in impl:
        _state["python"] = os.path.abspath(impl.split("@", 1)[1])
    elif impl in ("pip",):
        _state["python"] = os.path.abspath(sys.executable)
    sys.addaudithook(_hook)
    _state["target"] = Path(target)


def _cpu() -> float:
    """CPU seconds of this process and of the children it has waited for."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> object:
    _state["current"] = item.nodeid
    start, cpu = time.perf_counter(), _cpu()
    try:
        return (yield)
    finally:
        entry = _state["counts"].setdefault(item.nodeid, {"kinds": Counter()})
        entry["wall"] = time.perf_counter() - start
        entry["cpu"] = _cpu() - cpu
        _state["current"] = "<session>"


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    entry = _state["counts"].setdefault(report.nodeid, {"kinds": Counter()})
    if report.when == "call" or report.outcome != "passed":
        outcome = "xfailed" if hasattr(report, "wasxfail") and report.skipped else report.outcome
        entry.setdefault("outcome", outcome)


def pytest_sessionfinish(session: pytest.Session) -> None:
    target = _state.get("target")
    if target is None:
        return
    tests = {
        nodeid: {**entry, "kinds": dict(entry["kinds"])}
        for nodeid, entry in _state["counts"].items()
    }
    target.write_text(json.dumps({"python": _state["python"], "tests": tests}, indent=1))
