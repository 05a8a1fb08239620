"""Self-tests of the report tool's documents and command line: the spec document, bad input
(clear message, exit 2, no traceback) and --check."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import spec_tests
from spec_tests import registry
from spec_tests.known import Divergence
from spec_tests.registry import Statement, Tier
from spec_tests.report import cli
from spec_tests.report.collect import TestDoc, fold
from spec_tests.report.results import ReportError, parse_result
from spec_tests.report.specdoc import render_spec
from spec_tests.selftests.reportdata import entry, result

# ---------------------------------------------------------------- the spec document


def test_spec_document_renders_the_page_with_the_checks_under_each_sentence() -> None:
    """Headings, the OS tabs, code blocks and version notes as the page has them; each sentence
    followed by its statement and tests; 24.2's other wording, field cases and divergences."""
    statements = registry.load()
    tests = {"http.fresh-served-from-cache": fold([("t.py::test_a[1]", "Checks it."),
                                                   ("t.py::test_a[2]", "")])}  # fmt: skip
    entry_ = Divergence("wheels.direct-path-not-cached", "acme", "p", "b", "c",
                        tracker="https://github.com/acme/acme/issues/7")  # fmt: skip
    doc = render_spec(statements, tests, [entry_])
    assert "\n## Caching\n" in doc
    assert "\n#### HTTP responses\n" in doc
    assert "\n**Tab “MacOS”**\n" in doc
    assert "\n**Changed in version 23.3:**\n" in doc
    assert "```console\n$ pip download sampleproject==1.0.0 --no-binary :all:\n" in doc
    fresh = doc.split('<a id="http.fresh-served-from-cache"></a>')[1]
    assert fresh.startswith("\n\nWhen making any HTTP request, pip will first check")
    assert "> `http.fresh-served-from-cache` (documented), checked by:" in fresh
    assert "> - `t.py::test_a` (×2): Checks it.\n" in fresh
    assert "> - on page 24.2: “pip will also respect `XDG_CACHE_HOME`.”" in doc
    direct = doc.split('<a id="wheels.direct-path-not-cached"></a>')[1].split("<a id=")[0]
    assert "[pypa/pip#14044](https://github.com/pypa/pip/issues/14044)" in direct
    assert (
        "known divergence of acme: [acme/acme#7](https://github.com/acme/acme/issues/7)" in direct
    )
    assert "(documented; since pip 26.2; page 26.2 only): **no test yet**." in doc
    assert "> `avoid.recipe-follows` (informative): informative, nothing to check." in doc
    beyond = doc.split("## Beyond the page")[1]
    assert '<a id="observed.http.refresh-package"></a>' in beyond
    assert "amount of time spent on duplicate downloads" in doc


def test_spec_document_lists_statements_of_older_pages_apart() -> None:
    statements = dict(registry.load())
    gone = Statement("x.gone", Tier.DOCUMENTED, "Caching", "Gone words.", pages=("24.2",))
    statements["x.gone"] = gone
    doc = render_spec(statements, {})
    assert '## On older pages only (not on page 26.2)\n\n<a id="x.gone"></a>\n\nGone words.' in doc


def test_fold_parametrised_tests() -> None:
    assert fold([("m::t[a]", "Doc."), ("m::t[b]", "Doc."), ("m::u", "")]) == [
        TestDoc("m::t", "Doc.", 2),
        TestDoc("m::u", "", 1),
    ]


# ---------------------------------------------------------------- bad input and the command line


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "not a result file"),
        ({"format": 2}, "unsupported format 2"),
        ({**result(), "version": "not a version"}, "is not a PEP 440 version"),
        ({**result(), "statements": []}, "'statements' must be an object"),
        (result(**{"a.one": [entry(outcome="exploded")]}), "unknown outcome 'exploded'"),
        (result(**{"a.one": [entry(gated="yes")]}), "'gated' must be true or false"),
        (result(**{"a.one": [{"outcome": "passed"}]}), "'nodeid' must be a string"),
    ],
)
def test_malformed_result_is_a_clear_error(data: Any, message: str) -> None:
    with pytest.raises(ReportError, match=message):
        parse_result(data, "r.json")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file or directory"),
        ("{not json", "not JSON"),
        (b"\xff\xfe", "not UTF-8"),
        ('{"format": 1}', "'implementation' must be a string"),
    ],
)
def test_cli_bad_input_exits_2_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | bytes | None, message: str
) -> None:
    bad = tmp_path / "bad.json"
    if isinstance(content, bytes):
        bad.write_bytes(content)
    elif content is not None:
        bad.write_text(content)
    out = tmp_path / "out.md"
    assert cli.main([str(bad), "--markdown", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert message in err
    assert "Traceback" not in err
    assert not out.exists()


def test_cli_empty_directory_and_missing_outputs_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main([str(tmp_path), "--markdown", str(tmp_path / "o.md")]) == 2
    assert "no result files" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        cli.main([str(tmp_path)])
    assert exc.value.code == 2
    assert "nothing to do" in capsys.readouterr().err


def test_cli_writes_then_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = tmp_path / "results"
    results.mkdir()
    (results / "pip.json").write_text(json.dumps(result(**{"a.one": [entry()]})))
    md, html = tmp_path / "docs" / "c.md", tmp_path / "docs" / "c.html"
    args = [str(results), "--markdown", str(md), "--html", str(html)]
    assert cli.main(args) == 0
    assert "| pass |" in md.read_text()
    assert html.read_text().startswith("<!DOCTYPE html>")
    assert cli.main([*args, "--check"]) == 0
    md.write_text(md.read_text().replace("| pass |", "| pass 9/9 |"))
    capsys.readouterr()
    assert cli.main([*args, "--check"]) == 1
    out = capsys.readouterr().out
    assert f"out of date: {md}" in out
    assert "-" in out
    assert f"up to date: {html}" in out
    assert "pass 9/9" in md.read_text()  # --check writes nothing


def test_module_entry_point(tmp_path: Path) -> None:
    root = str(Path(spec_tests.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run(
        [sys.executable, "-m", "spec_tests.report", str(tmp_path / "none.json"), "--html", "x"],
        capture_output=True, text=True, check=False, cwd=tmp_path, env=env,
    )  # fmt: skip
    assert proc.returncode == 2
    assert "no such file or directory" in proc.stderr
    assert "Traceback" not in proc.stderr
