"""Self-tests of the report tool (``python -m spec_tests.report``): outcome rules, merging,
ordering, escaping, the spec document, and the command line's handling of bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

import spec_tests
from spec_tests.registry import Statement, Tier
from spec_tests.report import cli
from spec_tests.report.collect import TestDoc, fold
from spec_tests.report.common import stable, verdict
from spec_tests.report.htmlpage import render_html
from spec_tests.report.markdown import render_markdown
from spec_tests.report.results import ReportError, TestResult, Verdict, parse_result
from spec_tests.report.specdoc import render_spec
from spec_tests.report.table import CellState, build_table, make_cell, merge_runs

REGISTRY = {
    s.id: s
    for s in (
        Statement("a.one", Tier.DOCUMENTED, "Part A", "Alpha holds."),
        Statement("a.two", Tier.DOCUMENTED, "Part A / Sub", "Beta | holds.", since=Version("20.1")),
        Statement("b.info", Tier.INFORMATIVE, "Part B", "Just saying."),
        Statement("obs.x", Tier.OBSERVED, "Part A", "Pip does x.", applies=SpecifierSet(">=21")),
    )
}


def entry(nodeid: str = "t.py::t", outcome: str = "passed", **kw: Any) -> dict[str, Any]:
    return {"nodeid": nodeid, "outcome": outcome, "gated": False, "reason": "", "doc": "",
            "longrepr": "", "duration": 0.1, **kw}  # fmt: skip


def result(name: str = "pip", version: str = "24.2", **statements: list[dict[str, Any]]) -> Any:
    pip = None if name == "other" else (version if name == "pip" else "24.2")
    return {"format": 1, "implementation": name, "version": version, "pip_version": pip,
            "facets": ["locations"], "statements": statements}  # fmt: skip


def run(data: Any, source: str = "r.json") -> Any:
    return parse_result(data, source)


# ---------------------------------------------------------------- outcome rules


@pytest.mark.parametrize(
    ("outcome", "gated", "reason", "verdict"),
    [
        ("passed", False, "", Verdict.PASS),
        ("failed", False, "", Verdict.FAIL),
        ("failed", True, "", Verdict.FAIL),  # a strict gate's unexpected pass is reported failed
        ("xpassed", True, "", Verdict.FAIL),
        ("xfailed", True, "pip 20.0.2 predates 20.1", Verdict.GATED),
        ("xfailed", False, "known bug", Verdict.XFAIL),
        ("skipped", False, "pip does not provide http", Verdict.NOT_PROVIDED),
        ("skipped", False, "cannot emulate windows", Verdict.SKIPPED),
    ],
)
def test_verdict_of_each_outcome(outcome: str, gated: bool, reason: str, verdict: Verdict) -> None:
    assert TestResult("n", outcome, gated, reason).verdict is verdict


@pytest.mark.parametrize(
    ("outcomes", "state", "summary"),
    [
        ([], CellState.NO_TEST, "no test"),
        (["passed", "passed"], CellState.PASS, "pass 2/2"),
        (["passed", "failed", "passed"], CellState.FAIL, "fail 1/3 (2 pass)"),
        (["passed", "skipped"], CellState.PASS, "pass 1/2 (1 skipped)"),
        (["xfailed-gated", "xfailed-gated"], CellState.GATED, "expected fail (gate) 2/2"),
        (["xfailed-gated", "xpassed"], CellState.FAIL, "fail 1/2 (1 expected fail (gate))"),
        (["notprov", "notprov"], CellState.NOT_PROVIDED, "not provided"),
        (["notprov", "skipped"], CellState.SKIPPED, "skipped 1/2 (1 not provided)"),
    ],
)
def test_cell_state_and_counts(outcomes: list[str], state: CellState, summary: str) -> None:
    def make(i: int, o: str) -> TestResult:
        if o == "xfailed-gated":
            return TestResult(f"t{i}", "xfailed", gated=True)
        if o == "notprov":
            return TestResult(f"t{i}", "skipped", reason="x does not provide http")
        return TestResult(f"t{i}", o, reason="other" if o == "skipped" else "")

    cell = make_cell([make(i, o) for i, o in enumerate(outcomes)])
    assert (cell.state, cell.summary) == (state, summary)


# ---------------------------------------------------------------- merging and ordering


def test_columns_ordered_model_then_pips_by_version_then_others() -> None:
    pairs = [("other", "1.0"), ("pip", "24.10"), ("pip", "24.2"), ("model", "0.1.0"),
             ("pip", "20.0.2"), ("acme", "2")]  # fmt: skip
    runs = [run(result(n, v)) for n, v in pairs]
    labels = [c.label for c in merge_runs(runs)]
    assert labels == ["model 0.1.0", "pip 20.0.2", "pip 24.2", "pip 24.10", "acme 2", "other 1.0"]


def test_same_implementation_merges_and_worst_verdict_wins() -> None:
    first = run(result(**{"a.one": [entry("t.py::x"), entry("t.py::y")]}), "one.json")
    second = run(result(**{"a.one": [entry("t.py::x", "failed")], "a.two": [entry()]}), "two.json")
    (column,) = merge_runs([first, second])
    assert column.sources == ("one.json", "two.json")
    assert {t.nodeid: t.outcome for t in column.statements["a.one"]} == {
        "t.py::x": "failed",
        "t.py::y": "passed",
    }
    assert set(column.statements) == {"a.one", "a.two"}


def test_same_implementation_claiming_two_pips_is_an_error() -> None:
    a = run(result("acme", "1"), "a.json")
    b = run({**result("acme", "1"), "pip_version": "20.1"}, "b.json")
    with pytest.raises(ReportError, match=r"a\.json, b\.json: acme 1 claims different pip"):
        merge_runs([a, b])


def test_rows_grouped_by_tier_documented_first_unknown_last() -> None:
    data = result(**{"obs.x": [entry()], "zz.gone": [entry()], "a.one": [entry()]})
    table = build_table([run(data)], REGISTRY)
    assert [(g.tier, g.section, [r.id for r in g.rows]) for g in table.groups] == [
        ("documented", "Part A", ["a.one"]),
        ("documented", "Part A / Sub", ["a.two"]),
        ("observed", "Part A", ["obs.x"]),
        ("unknown", "named by a result file, not in the registry", ["zz.gone"]),
    ]
    assert table.groups[1].rows[0].cells[0].state is CellState.NO_TEST
    assert table.summary("documented")[0] == {CellState.PASS: 1, CellState.NO_TEST: 1}


# ---------------------------------------------------------------- rendering

HOSTILE = "<script>alert('x')</script> & \"quoted\" ``` |pipe|"


def hostile_table() -> Any:
    bad = entry('t.py::t["<b>"]', "failed", doc=HOSTILE, longrepr=HOSTILE + "\n" * 3 + "E  boom")
    return build_table([run(result(**{"a.one": [bad], "a.two": [entry()]}))], REGISTRY)


def test_html_escapes_everything_and_links_failures_to_their_output() -> None:
    page = render_html(hostile_table())
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quoted&quot;" in page
    assert 'href="#fail-pip-24.2--a.one"' in page
    assert '<section id="fail-pip-24.2--a.one">' in page
    assert "E  boom</pre>" in page
    assert "Alpha holds." in page  # the page's sentence is in its row
    assert page.count("<table>") == page.count("</table>")
    assert "<script" not in page.lower()
    assert "http://" not in page
    assert "https://" not in page


def test_markdown_escapes_table_cells_and_fences_failure_output() -> None:
    md = render_markdown(hostile_table())
    assert r"Beta \| holds." in md
    assert "[**fail 1/1**](#fail-pip-24.2--a.one)" in md
    assert '<a id="fail-pip-24.2--a.one"></a>' in md
    assert "````text\n" + HOSTILE in md  # a fence longer than the output's own backtick run
    assert "<script>" not in md.split("````text")[0]


def test_long_failure_output_keeps_its_end() -> None:
    long = "x" * 10_000 + "THE ASSERTION"
    table = build_table([run(result(**{"a.one": [entry(outcome="failed", longrepr=long)]}))],
                        REGISTRY)  # fmt: skip
    md = render_markdown(table)
    assert "THE ASSERTION" in md
    assert "characters cut" in md
    assert "x" * 5000 not in md


def test_rendering_is_deterministic_whatever_the_file_order() -> None:
    a = run(result("pip", "24.2", **{"a.one": [entry("t::b"), entry("t::a")]}), "a.json")
    b = run(result("model", "0.1.0", **{"a.one": [entry("t::a")]}), "b.json")
    one, two = build_table([a, b], REGISTRY), build_table([b, a], REGISTRY)
    assert render_markdown(one) == render_markdown(two)
    assert render_html(one) == render_html(two)


# ---------------------------------------------------------------- the spec document

PAGE = """# header of the copy

Site title - pip documentation v24.2

View this page

Part A

Intro text. Alpha
holds. Trailing words.

Sub

Beta | holds.

Part B

Just saying.
"""


def test_spec_document_quotes_each_sentence_with_its_tests() -> None:
    tests = {"a.one": fold([("t.py::test_a[1]", "Checks alpha."), ("t.py::test_a[2]", "")])}
    doc = render_spec(REGISTRY, PAGE, tests)
    assert "View this page" not in doc
    assert "# header" not in doc
    assert "## Part A\n" in doc
    assert "### Sub\n" in doc
    assert "## Part B\n" in doc
    assert "Intro text.\n\n> Alpha holds.\n\n`a.one` (documented), checked by:" in doc
    assert "- `t.py::test_a` (×2): Checks alpha.\n" in doc
    assert "Trailing words." in doc
    assert "`a.two` (documented; since pip 20.1): **no test yet**." in doc
    assert "`b.info` (informative): informative, nothing to check." in doc
    beyond = doc.split("## Beyond the page")[1]
    assert "> Pip does x." in beyond
    assert r"pip \>=21" in beyond
    assert "not on the page" not in doc


def test_spec_document_lists_quotes_missing_from_the_page() -> None:
    registry = {**REGISTRY, "a.lost": Statement("a.lost", Tier.DOCUMENTED, "Part A", "Gone.")}
    doc = render_spec(registry, PAGE, {})
    assert "## Statements whose quote is not on the page\n\n> Gone." in doc


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
    assert "pass 1/1" in md.read_text()
    assert html.read_text().startswith("<!DOCTYPE html>")
    assert cli.main([*args, "--check"]) == 0
    md.write_text(md.read_text().replace("pass 1/1", "pass 9/9"))
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


@pytest.mark.parametrize(
    ("states", "expected"),
    [
        ({CellState.PASS: 3, CellState.GATED: 2}, "yes: 5 of 5 checked"),
        ({CellState.PASS: 1, CellState.NO_TEST: 2}, "yes: 1 of 3 checked"),
        ({CellState.PASS: 1, CellState.FAIL: 1, CellState.XFAIL: 1}, "no: 2 of 3 checked deviate"),
        ({CellState.NOT_PROVIDED: 4}, "nothing checked"),
    ],
)
def test_verdict_per_column(states: dict[CellState, int], expected: str) -> None:
    assert verdict(Counter(states)) == expected


def test_failure_output_is_made_reproducible() -> None:
    text = (
        "E   at /tmp/pytest-of-root/pytest-17/test_x0/cache and /tmp/http-scenario-s6ijfejk/cache\n"
        "E   <Session object at 0x7f85ae6cc390> from https://localhost:41234/ (/tmp/tmpab_9xk2q)"
    )
    assert stable(text) == (
        "E   at <tmp>/test_x0/cache and <tmp>/cache\n"
        "E   <Session object at 0x...> from https://localhost:PORT/ (<tmp>)"
    )


def test_gated_and_skipped_cells_list_their_reasons() -> None:
    gated = entry("t::g", "xfailed", gated=True, reason="pip 20.0.2 predates 20.1")
    skipped = entry("t::s", "skipped", reason="cannot emulate <windows>")
    table = build_table([run(result(**{"a.two": [gated], "a.one": [skipped]}))], REGISTRY)
    md = render_markdown(table)
    assert "- pip 24.2, `a.one`, skipped 1/1: cannot emulate \\<windows\\>" in md
    assert "- pip 24.2, `a.two`, expected fail (gate) 1/1: pip 20.0.2 predates 20.1" in md
    assert "cannot emulate &lt;windows&gt;</li>" in render_html(table)


class _Structure(HTMLParser):
    """Checks that tags nest, ids are unique and every in-page link has its anchor."""

    VOID = frozenset({"meta", "br"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: set[str] = set()
        self.links: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        fields = dict(attrs)
        if (ident := fields.get("id")) is not None:
            if ident in self.ids:
                self.errors.append(f"duplicate id {ident}")
            self.ids.add(ident)
        if tag == "a" and (href := fields.get("href") or "").startswith("#"):
            self.links.add(href[1:])
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(f"misnested </{tag}>")


def test_html_is_well_formed_and_its_links_resolve() -> None:
    gated = entry("t::g", "xfailed", gated=True, reason="gate")
    data = result(**{"a.one": [entry("t::f", "failed", longrepr="<pre>")], "a.two": [gated]})
    parser = _Structure()
    parser.feed(render_html(build_table([run(data), run(result("model", "0.1.0"))], REGISTRY)))
    assert parser.errors == []
    assert parser.stack == []
    assert parser.links
    assert parser.links <= parser.ids
