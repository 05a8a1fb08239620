"""Which tests check which statement, with their one-line docstrings, without running any test.

Two sources, same answer shape (statement id -> tests):

* :func:`collect_tests`: collect the suite (``pytest --collect-only``) in a subprocess with this
  module loaded as a plugin; it reads each item's ``statement`` markers and docstring. With
  ``in_process=True`` (a self-test, whose run has imported the suite already), the same
  collection runs nested in this process: no new interpreter, the modules imported once.
* :func:`tests_from_run`: read them from a result file (``--spec-report``) of a full run.

Parametrised tests are folded into one entry per test function (``(×3)``), so the document does
not change with an implementation's parameters.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .results import ReportError, RunResult

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    import pytest

__all__ = ["TestDoc", "collect_tests", "fold", "tests_from_run"]

_OUT_ENV = "SPEC_REPORT_COLLECT_OUT"


@dataclass(frozen=True)
class TestDoc:
    """A test function that checks a statement: its node id (parameters folded) and docstring."""

    __test__ = False

    nodeid: str
    doc: str
    params: int = 1


def first_line(doc: str | None) -> str:
    return next((line.strip() for line in (doc or "").splitlines() if line.strip()), "")


def fold(pairs: Iterable[tuple[str, str]]) -> list[TestDoc]:
    """(nodeid, doc) pairs to one :class:`TestDoc` per test function, sorted by node id."""
    out: dict[str, TestDoc] = {}
    for nodeid, doc in pairs:
        base = re.sub(r"\[.*\]$", "", nodeid)
        old = out.get(base)
        out[base] = TestDoc(base, old.doc if old else doc, old.params + 1 if old else 1)
    return [out[k] for k in sorted(out)]


def tests_from_run(run: RunResult) -> dict[str, list[TestDoc]]:
    return {sid: fold((t.nodeid, t.doc) for t in tests) for sid, tests in run.statements.items()}


# ---------------------------------------------------------------- the collecting plugin


def _found(session: pytest.Session) -> dict[str, list[tuple[str, str]]]:
    """Every collected item's (node id, first docstring line) by the statement ids it checks."""
    found: dict[str, list[tuple[str, str]]] = {}
    for item in session.items:
        obj = getattr(item, "obj", None)
        doc = first_line(getattr(obj, "__doc__", None))
        for mark in item.iter_markers("statement"):
            for sid in mark.args:
                found.setdefault(str(sid), []).append((item.nodeid, doc))
    return found


def pytest_collection_finish(session: pytest.Session) -> None:
    """Write every collected item's statement ids and docstring to $SPEC_REPORT_COLLECT_OUT."""
    out = os.environ.get(_OUT_ENV)
    if not out:
        return
    Path(out).write_text(json.dumps(_found(session), indent=1, sort_keys=True), encoding="utf-8")


class _Collected:
    """The plugin of a nested collection: what :func:`_found` finds, kept."""

    def __init__(self) -> None:
        self.found: dict[str, list[tuple[str, str]]] | None = None

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.found = _found(session)


_ARGS = ("--collect-only", "-q", "-p", "no:cacheprovider")


def collect_tests(
    paths: Iterable[Path], *, cwd: Path, in_process: bool = False
) -> dict[str, list[TestDoc]]:
    """Collect the suite at ``paths`` (against the model) and return its tests by statement."""
    raw = _collect_here(paths, cwd) if in_process else _collect_by_subprocess(paths, cwd)
    return {sid: fold((n, d) for n, d in pairs) for sid, pairs in raw.items()}


def _collect_by_subprocess(paths: Iterable[Path], cwd: Path) -> Mapping[str, list[list[str]]]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "collected.json"
        env = {k: v for k, v in os.environ.items() if k != "PIP_CACHE_SPEC_IMPL"}
        env[_OUT_ENV] = str(out)
        cmd = [
            sys.executable, "-m", "pytest", *_ARGS, "-p", "spec_tests.report.collect",
            *map(str, paths),
        ]  # fmt: skip
        proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
        if proc.returncode not in (0, 5) or not out.exists():  # 5: no tests
            tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
            raise ReportError(f"collecting the suite failed (exit {proc.returncode}):\n{tail}")
        raw: Mapping[str, list[list[str]]] = json.loads(out.read_text(encoding="utf-8"))
    return raw


def _collect_here(paths: Iterable[Path], cwd: Path) -> Mapping[str, list[tuple[str, str]]]:
    """A nested ``pytest --collect-only`` from ``cwd`` (its output discarded), as the subprocess
    runs it: the implementation variable unset, Hypothesis' profile put back afterwards."""
    import contextlib
    import io

    import pytest
    from hypothesis import settings

    plugin, profile, here = _Collected(), settings.get_current_profile_name(), Path.cwd()
    impl = os.environ.pop("PIP_CACHE_SPEC_IMPL", None)
    try:
        os.chdir(cwd)
        with contextlib.redirect_stdout(io.StringIO()) as said:
            code = pytest.main([*_ARGS, *map(str, paths)], plugins=[plugin])
    finally:
        os.chdir(here)
        settings.load_profile(profile)
        if impl is not None:
            os.environ["PIP_CACHE_SPEC_IMPL"] = impl
    if code not in (0, 5) or plugin.found is None:
        tail = "\n".join(said.getvalue().strip().splitlines()[-15:])
        raise ReportError(f"collecting the suite failed (exit {code}):\n{tail}")
    return plugin.found
