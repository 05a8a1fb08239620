"""Self-tests of the report tool's table: outcome rules, merging and ordering of columns,
escaping, reproducibility, and the HTML page's structure."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from typing import Any

import pytest

from spec_tests.report.common import stable, verdict
from spec_tests.report.htmlpage import render_html
from spec_tests.report.markdown import render_markdown
from spec_tests.report.results import ReportError, TestResult, Verdict
from spec_tests.report.table import CellState, build_table, make_cell, merge_runs
from spec_tests.selftests.reportdata import REGISTRY, entry, result, run

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
