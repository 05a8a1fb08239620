"""The command line: render the documents, or check that the committed ones are up to date."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import spec_tests
from spec_tests import registry
from spec_tests.registry import RegistryError

from .collect import TestDoc, collect_tests, tests_from_run
from .divergences import load_divergences
from .htmlpage import render_html
from .markdown import render_markdown
from .results import ReportError, load_result
from .specdoc import render_spec
from .summary import render_summary
from .table import Table, build_table

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["main", "render_conformance", "render_spec_doc", "result_files", "suite_tests"]

DIFF_LINES = 40
REGENERATE_SPEC = "python -m spec_tests.report --spec docs/spec.md"
REGENERATE_TABLE = (
    "python -m spec_tests.report docs/results --markdown docs/conformance.md "
    "--html docs/conformance.html (or tox -e report)"
)


def result_files(paths: Sequence[Path]) -> list[Path]:
    """The result files named, a directory standing for every ``*.json`` in it."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(path.glob("*.json"))
            if not inside:
                raise ReportError(f"{path}: no result files (*.json) in this directory")
            files += inside
        elif path.exists():
            files.append(path)
        else:
            raise ReportError(f"{path}: no such file or directory")
    return files


def _table(paths: Sequence[Path]) -> Table:
    runs = [load_result(p) for p in result_files(paths)]
    if not runs:
        raise ReportError("no result files given (pass files written by pytest --spec-report)")
    return build_table(runs, registry.load())


def render_conformance(paths: Sequence[Path]) -> tuple[str, str]:
    """(Markdown, HTML) of the table merged from the result files (or directories) at ``paths``."""
    table = _table(paths)
    divergences = load_divergences()
    return render_markdown(table, divergences), render_html(table, divergences)


def suite_tests(*, in_process: bool = False) -> dict[str, list[TestDoc]]:
    """The suite's tests by statement, by collecting it from its own directory (nested in this
    process with ``in_process``: a self-test's)."""
    package = Path(spec_tests.__file__).resolve().parent
    return collect_tests([package], cwd=package.parent, in_process=in_process)


def render_spec_doc(tests_from: Path | None = None, *, in_process: bool = False) -> str:
    """docs/spec.md from the registry, the page and the tests (collected, or from a result file)."""
    if tests_from:
        tests = tests_from_run(load_result(tests_from))
    else:
        tests = suite_tests(in_process=in_process)
    return render_spec(registry.load(), tests, load_divergences())


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m spec_tests.report",
        description="Merge result files of pytest --spec-report into the conformance table, "
        "and render the page with the tests under each sentence.",
    )
    p.add_argument(
        "results",
        nargs="*",
        type=Path,
        metavar="RESULT",
        help="result file (JSON from --spec-report) or a directory of them",
    )
    p.add_argument("--markdown", type=Path, metavar="PATH", help="write the table as Markdown")
    p.add_argument("--html", type=Path, metavar="PATH", help="write the table as an HTML page")
    p.add_argument(
        "--summary",
        type=Path,
        metavar="PATH",
        help="write a short Markdown summary (for a CI job summary, e.g. $GITHUB_STEP_SUMMARY)",
    )
    p.add_argument(
        "--spec",
        type=Path,
        metavar="PATH",
        help="write the page with its statements and tests (Markdown)",
    )
    p.add_argument(
        "--tests-from",
        type=Path,
        metavar="RESULT",
        help="for --spec: take the tests from this result file instead of collecting",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 when a file differs from what would be written",
    )
    return p


def _outputs(args: argparse.Namespace) -> list[tuple[Path, str]]:
    out: list[tuple[Path, str]] = []
    if args.markdown or args.html:
        md, html = render_conformance(args.results)
        out += [(p, t) for p, t in ((args.markdown, md), (args.html, html)) if p]
    if args.summary:
        out.append((args.summary, render_summary(_table(args.results))))
    if args.results and not (args.markdown or args.html or args.summary):
        raise ReportError("result files given but none of --markdown, --html, --summary")
    if args.spec:
        out.append((args.spec, render_spec_doc(args.tests_from)))
    return out


def _check(path: Path, text: str) -> bool:
    try:
        old = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        print(f"out of date: {path} (missing)")
        return False
    if old == text:
        print(f"up to date: {path}")
        return True
    print(f"out of date: {path}")
    diff = list(
        difflib.unified_diff(
            old.splitlines(), text.splitlines(), str(path), "generated", lineterm="", n=1
        )
    )
    print("\n".join(diff[:DIFF_LINES]) + ("\n..." if len(diff) > DIFF_LINES else ""))
    return False


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not (args.markdown or args.html or args.summary or args.spec):
        _parser().error("nothing to do: give --markdown, --html, --summary and/or --spec")
    try:
        outputs = _outputs(args)
        if args.check:
            ok = [_check(path, text) for path, text in outputs]
            return 0 if all(ok) else 1
        for path, text in outputs:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    except (ReportError, RegistryError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return 0
