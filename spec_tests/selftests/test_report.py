"""Self-tests of the report tool's table: outcome rules, merging and ordering of columns,
escaping, reproducibility, and the HTML page's structure."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from typing import Any, ClassVar

import pytest

from spec_tests.registry import Statement, Tier
from spec_tests.report.common import verdict
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
        # one test contradicting the sentence outweighs any number passing: never a false pass
        (["passed", "xfailed-div", "passed"], CellState.XFAIL, "known divergence 1/3 (2 pass)"),
        (["passed", "xfailed-gated"], CellState.GATED, "expected fail (gate) 1/2 (1 pass)"),
        (
            ["xfailed-gated", "xfailed-div"],
            CellState.XFAIL,
            "known divergence 1/2 (1 expected fail (gate))",
        ),
        (["notprov", "notprov"], CellState.NOT_PROVIDED, "not provided"),
        (["notprov", "skipped"], CellState.SKIPPED, "skipped 1/2 (1 not provided)"),
    ],
)
def test_cell_state_and_counts(outcomes: list[str], state: CellState, summary: str) -> None:
    def make(i: int, o: str) -> TestResult:
        if o == "xfailed-gated":
            return TestResult(f"t{i}", "xfailed", gated=True)
        if o == "xfailed-div":
            return TestResult(f"t{i}", "xfailed", expectation="divergence")
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
    bad = entry('t.py::t["<b>"]', "failed", doc=HOSTILE, longrepr=f"E  {HOSTILE}\n\nE  boom")
    return build_table([run(result(**{"a.one": [bad], "a.two": [entry()]}))], REGISTRY)


def test_html_escapes_everything_and_links_failures_to_their_output() -> None:
    page = render_html(hostile_table(), registry=REGISTRY)
    assert "<script>" not in page
    assert "E  &lt;script&gt;alert('x')&lt;/script&gt; &amp; \"quoted\"" in page
    assert 't.py::t["&lt;b&gt;"]' in page
    assert "<td class=f><a href=#d-pip-24.2--a.one>FAIL</a>" in page  # the matrix cell
    assert "<li id=d-pip-24.2--a.one>" in page  # its details
    assert "E  boom</pre>" in page
    assert "<tr id=a.one" in page  # the row is anchored by the statement id
    assert "Alpha holds." in page  # the sentence is in its block, and the row's hover
    assert "<script" not in page.lower()
    assert "http://" not in page


def test_markdown_is_compact_and_links_failures_to_the_html() -> None:
    md = render_markdown(hostile_table())
    assert "[**FAIL**](conformance.html#d-pip-24.2--a.one)" in md
    assert "| [`a.two`](spec.md#a.two) | since 20.1 | pass |" in md
    assert "- pip 24.2: `a.one`, fail 1/1 ([output](conformance.html#d-pip-24.2--a.one))" in md
    assert HOSTILE not in md  # per-test output lives in the HTML
    assert "<script>" not in md


def test_long_failure_output_keeps_the_failed_expectation_and_where() -> None:
    long = "x" * 10_000 + "\nE   AssertionError: THE ASSERTION\n" + "E   " + "y" * 5000
    long += "\n\nspec_tests/test_x.py:12: AssertionError"
    table = build_table([run(result(**{"a.one": [entry(outcome="failed", longrepr=long)]}))],
                        REGISTRY)  # fmt: skip
    html = render_html(table, registry=REGISTRY)
    assert "THE ASSERTION" in html
    assert "spec_tests/test_x.py:12: AssertionError" in html
    assert "characters cut" in html
    assert "x" * 100 not in html
    assert "y" * 1000 not in html


def test_rendering_is_deterministic_whatever_the_file_order() -> None:
    a = run(result("pip", "24.2", **{"a.one": [entry("t::b"), entry("t::a")]}), "a.json")
    b = run(result("model", "0.1.0", **{"a.one": [entry("t::a")]}), "b.json")
    one, two = build_table([a, b], REGISTRY), build_table([b, a], REGISTRY)
    assert render_markdown(one) == render_markdown(two)
    assert render_html(one, registry=REGISTRY) == render_html(two, registry=REGISTRY)


@pytest.mark.parametrize(
    ("states", "expected"),
    [
        ({CellState.PASS: 3, CellState.GATED: 2}, "yes: 5 of 5 checked"),
        ({CellState.PASS: 33, CellState.OFF_PAGE: 2}, "yes: 33 of 33 checked"),
        ({CellState.PASS: 1, CellState.NO_TEST: 2}, "incomplete (1 of 3 checked)"),
        # issue 12: a column that checked 5 of 33 is incomplete, never "yes"
        ({CellState.PASS: 5, CellState.NOT_PROVIDED: 28}, "incomplete (5 of 33 checked)"),
        ({CellState.PASS: 5, CellState.SKIPPED: 28}, "incomplete (5 of 33 checked)"),
        ({CellState.NOT_PROVIDED: 4}, "incomplete (0 of 4 checked)"),
        (
            {CellState.PASS: 1, CellState.FAIL: 1, CellState.XFAIL: 1},
            "no: 2 of 3 checked deviate, 1 known divergence",
        ),
        (
            {CellState.PASS: 2, CellState.XFAIL: 1, CellState.SKIPPED: 1},
            "no: 1 of 3 checked deviate, 1 known divergence; incomplete (3 of 4 checked)",
        ),
    ],
)
def test_verdict_per_column(states: dict[CellState, int], expected: str) -> None:
    assert verdict(Counter(states)) == expected


def test_a_column_that_checked_5_of_33_reads_incomplete() -> None:
    """From result files: 5 documented statements pass, 28 are not provided; the summary of both
    documents says "incomplete (5 of 33 checked)" and nowhere "yes"."""
    registry = {
        f"d.s{i}": Statement(f"d.s{i}", Tier.DOCUMENTED, "Part", f"Sentence {i}.")
        for i in range(33)
    }
    tests = {
        f"d.s{i}": [entry(f"t.py::t{i}")] if i < 5
        else [entry(f"t.py::t{i}", "skipped", reason="acme does not provide http")]
        for i in range(33)
    }  # fmt: skip
    table = build_table([run(result("acme", "1.0", **tests))], registry)
    (counts,) = table.summary("documented")
    assert verdict(counts) == "incomplete (5 of 33 checked)"
    md = render_markdown(table)
    assert "| **documented** | incomplete (5 of 33 checked) |" in md
    assert "yes" not in md.split("## Summary")[1].split("##")[0]
    assert "incomplete (5 of 33 checked)" in render_html(table, registry=registry)


def test_a_known_divergence_is_a_deviation_with_its_message() -> None:
    """An xfail whose expectation is a divergence reads "known divergence", counts as deviating,
    and its message (the divergence's reason, with its tracker) is shown."""
    why = "known divergence of pip from a.one (https://github.com/pypa/pip/issues/1)"
    div = entry("t::d", "xfailed", gated=False, expectation="divergence", reason=why)
    table = build_table([run(result(**{"a.one": [div], "a.two": [entry()]}))], REGISTRY)
    assert table.groups[0].rows[0].cells[0].state is CellState.XFAIL
    (counts,) = table.summary("documented")
    assert verdict(counts).startswith("no: 1 of 2 checked deviate, 1 known divergence")
    html = render_html(table, registry=REGISTRY)
    assert (  # in the statement's block, its id is not repeated
        'known divergence (<a href="https://github.com/pypa/pip/issues/1">pypa/pip#1</a>)' in html
    )
    assert "<a href=#x-pip--a.one>div</a>" in html  # the line of pip's known divergence
    assert "<li id=x-pip--a.one>" in html


def test_gated_and_skipped_cells_show_their_reasons() -> None:
    """Issue 12: the expected failure's message is shown beside its cell (the statement's id in
    front of it dropped: the block is the statement's); a skip's reason too."""
    why = "a.two: pip 20.1 predates 20.1.1"
    gated = entry("t::g", "xfailed", gated=True, expectation="gate", reason=why)
    skipped = entry("t::s", "skipped", reason="cannot emulate <windows>")
    data = result("pip", "20.1", **{"a.two": [gated], "a.one": [skipped]})
    html = render_html(build_table([run(data)], REGISTRY), registry=REGISTRY)
    assert "skipped 1/1</span>: cannot emulate &lt;windows&gt;</li>" in html
    assert "expected fail (gate) 1/1</span>: the pip version predates 20.1.1</li>" in html


def test_each_column_says_the_page_it_is_judged_against() -> None:
    """A result file's page wins; an older file (no page) takes the claimed pip's default; a
    statement of another page is "not on page", out of the verdict."""
    new = Statement("a.new", Tier.DOCUMENTED, "Part A", "New.", pages=("26.2",))
    registry = {**REGISTRY, "a.new": new}
    old = run(result("pip", "24.2", **{"a.one": [entry()], "a.two": [entry()]}), "old.json")
    latest = run({**result("pip", "26.3", **{"a.new": [entry()]}), "page": "26.2"}, "new.json")
    table = build_table([old, latest], registry)
    assert [c.page for c in table.columns] == ["24.2", "26.2"]
    row = next(r for g in table.groups for r in g.rows if r.id == "a.new")
    assert [c.state for c in row.cells] == [CellState.OFF_PAGE, CellState.PASS]
    assert verdict(table.summary("documented")[0]) == "yes: 2 of 2 checked"
    assert "| page | 24.2 | 26.2 |" in render_markdown(table)


class _Structure(HTMLParser):
    """Checks that tags nest, ids are unique and every in-page link has its anchor. The end tags
    HTML leaves optional in a table (``</td>``, ``</th>``, ``</tr>``) may be left out."""

    VOID = frozenset({"meta", "br"})
    #: a start tag, and the open elements it ends when their end tag was left out
    IMPLIED: ClassVar = {"td": ("td", "th"), "th": ("td", "th"), "tr": ("td", "th", "tr")}

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
        while self.stack and self.stack[-1] in self.IMPLIED.get(tag, ()):
            self.stack.pop()
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("tr", "tbody", "thead", "table"):
            implied = self.IMPLIED["td"] if tag == "tr" else self.IMPLIED["tr"]
            while self.stack and self.stack[-1] in implied:
                self.stack.pop()
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(f"misnested </{tag}>")


def test_html_is_well_formed_and_its_links_resolve() -> None:
    gated = entry("t::g", "xfailed", gated=True, reason="gate")
    data = result(**{"a.one": [entry("t::f", "failed", longrepr="<pre>")], "a.two": [gated]})
    parser = _Structure()
    table = build_table([run(data), run(result("model", "0.1.0"))], REGISTRY)
    parser.feed(render_html(table, registry=REGISTRY))
    assert parser.errors == []
    assert parser.stack == []
    assert parser.links
    assert parser.links <= parser.ids


def test_divergences_show_versions_tracker_and_public_index() -> None:
    from packaging.specifiers import SpecifierSet

    from spec_tests.report.divergences import Divergence, section_html, section_markdown

    d = Divergence(
        "a.one", "pip", "page says", "pip does", "$ pip x",
        versions=SpecifierSet("<26.2"), tracker="https://github.com/pypa/pip/issues/14044",
        public_index=False,
    )  # fmt: skip
    div = entry("t::d", "xfailed", expectation="divergence", reason=d.reason)
    table = build_table([run(result(**{"a.one": [div]}))], REGISTRY)
    md = "\n".join(section_markdown(table, [d]))
    tracker = "[pypa/pip#14044](https://github.com/pypa/pip/issues/14044)"
    assert f"| pip | `a.one` | \\<26.2 | {tracker} | no | pip: known divergence 1/1 |" in md
    html = section_html(table, [d])
    assert "Versions: &lt;26.2; tracker: <a href=" in html
    assert "public index: no." in html
    assert "<pre>$ pip x</pre>" in html


def test_passing_neighbours_share_a_chip_and_tests_name_their_module_once() -> None:
    """Issue 16's budget: the columns that plainly pass side by side share one chip, and a list of
    tests says each module once; a column that does not plainly pass keeps its own chip."""
    tests = [
        entry("spec_tests/t.py::t_a"),
        entry("spec_tests/t.py::t_b"),
        entry("spec_tests/u.py::t_c"),
    ]
    failing = [*tests[:2], entry("spec_tests/u.py::t_c", "failed", longrepr="E boom")]
    runs = [run(result("pip", v, **{"a.one": tests}), f"{v}.json") for v in ("20.1", "23.2.1")]
    runs.append(run(result("pip", "24.2", **{"a.one": failing}), "24.2.json"))
    html = render_html(build_table(runs, REGISTRY), registry=REGISTRY)
    assert "<i>20.1 23.2.1</i><a class=f href=#d-pip-24.2--a.one" in html
    assert "Tests: <code>t.py::t_a, t_b; u.py::t_c</code>" in html
