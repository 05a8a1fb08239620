"""What a run shows and leaves: the terminal verdict, selection by statement, the result file,
JUnit XML. Each run is in-process pytester over a module of a few synthetic tests."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from spec_tests.results import normalise

MODEL = "--impl=model"
WRONG = "--impl=spec_tests.selftests.wrong:ignores_xdg"

#: one failing documented, one failing observed, one passing, two tests of an absent facet
MIXED = """
import pytest

@pytest.mark.statement('locations.linux-xdg-cache-home')
def test_documented_fails():
    assert 1 == 2

@pytest.mark.statement('observed.locations.xdg-relative')
def test_observed_fails():
    assert 'pip' == 'mine'

@pytest.mark.statement('locations.linux-default')
def test_passes():
    pass

@pytest.mark.statement('http.like-a-browser')
def test_no_http(http):
    pass

@pytest.mark.statement('http.fresh-served-from-cache')
def test_no_http_either(http):
    pass
"""


def test_verdict_names_statements_sentences_and_tests(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_mixed=MIXED)
    result = pytester.runpytest(WRONG)
    result.stdout.fnmatch_lines(
        [
            "*= pip-cache-spec verdict =*",
            "impl=wrong-ignores-xdg 0.1.0, claims pip 24.2; page 24.2; facets: locations",
            "documented    4 statements: 1 pass, 1 fail, 2 not provided",
            "observed      1 statements: 1 fail",
            "Failing documented statements (the page's sentence is contradicted):",
            "  locations.linux-xdg-cache-home",
            "      pip will also respect XDG_CACHE_HOME.",
            "    FAILED test_mixed.py::test_documented_fails",
            "Differs from pip (observed statements; the page is silent there):",
            "  observed.locations.xdg-relative",
            "*",
            "    FAILED test_mixed.py::test_observed_fails",
            "Not provided: http (2 tests)",
            "*short test summary info*",
            "FAILED [[]locations.linux-xdg-cache-home] test_mixed.py::test_documented_fails*",
            "FAILED [[]observed.locations.xdg-relative] test_mixed.py::test_observed_fails*",
        ]
    )
    # skips of the absent facet fold into the line above: no line per test
    assert "SKIPPED" not in result.stdout.str()


def test_statement_option_selects_by_glob(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_mixed=MIXED)
    result = pytester.runpytest(WRONG, "--statement=locations.linux-*", "--statement=http.like*")
    result.assert_outcomes(passed=1, failed=1, skipped=1)
    result.stdout.fnmatch_lines(["*2 deselected*"])


def test_statement_matching_nothing_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_mixed=MIXED)
    result = pytester.runpytest(MODEL, "--statement=no.such.*")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--statement=no.such.*: matches no statement id*"])


def test_statements_option_shows_sentences_and_counts(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_sample="import pytest\n@pytest.mark.statement('locations.linux-default')\n"
        "@pytest.mark.parametrize('n', [1, 2])\ndef test_x(n):\n    pass\n"
    )
    result = pytester.runpytest("--statements")
    result.stdout.fnmatch_lines(
        [
            "*   2  documented  locations.linux-default*",
            "      ~/.cache/pip",
            "*   0  documented  locations.macos-default*",
            "warning: the suite's test modules were not all collected*",
        ]
    )
    result.assert_outcomes()


def test_statements_option_filters_and_counts_the_suite(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest(
        "--pyargs",
        "spec_tests",
        "--statements",
        "--statement=locations.linux-default",
        "-p",
        "no:cacheprovider",
    )
    out = result.stdout.str()
    assert "locations.linux-default" in out
    assert "locations.macos-default" not in out
    assert "warning" not in out


def test_spec_report_records_outcomes(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_sample="import pytest\n"
        "@pytest.mark.statement('locations.linux-default')\n"
        "def test_ok():\n    '''It works.'''\n\n"
        "@pytest.mark.statement('locations.linux-default')\n"
        "def test_bad():\n    assert 1 == 2\n\n"
        "@pytest.mark.statement('http.like-a-browser')\n"
        "def test_skip(http):\n    pass\n"
    )
    pytester.runpytest("--spec-report=out/r.json", WRONG)
    data = json.loads((pytester.path / "out" / "r.json").read_text())
    assert data["implementation"] == "wrong-ignores-xdg"
    assert data["facets"] == ["locations"]
    assert (data["page"], data["platform"]) == ("24.2", "linux")
    rows = {r["nodeid"].split("::")[1]: r for r in data["statements"]["locations.linux-default"]}
    assert rows["test_ok"]["outcome"] == "passed"
    assert rows["test_ok"]["doc"] == "It works."
    assert rows["test_bad"]["outcome"] == "failed"
    assert "assert 1 == 2" in rows["test_bad"]["longrepr"]
    assert "duration" not in rows["test_ok"]
    (skip,) = data["statements"]["http.like-a-browser"]
    assert (skip["outcome"], skip["reason"]) == (
        "skipped",
        "wrong-ignores-xdg does not provide http",
    )


def test_gate_reason_is_kept_in_the_result_file(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_sample="import pytest\n"
        "@pytest.mark.statement('observed.commands.remove-reports-size')\n"
        "def test_x(impl):\n    assert False\n"
    )
    pytester.runpytest(MODEL, "--spec-report=r.json")
    (row,) = json.loads((pytester.path / "r.json").read_text())["statements"][
        "observed.commands.remove-reports-size"
    ]
    assert (row["outcome"], row["expectation"], row["gated"]) == ("xfailed", "gate", True)
    assert "pip 24.2 is outside >=25.0" in row["reason"]


VARYING = """
import os, socket, tempfile, pytest

@pytest.mark.statement('locations.linux-default')
def test_varies(tmp_path):
    d = tempfile.mkdtemp()
    s = socket.socket(); s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]; s.close()
    assert False, f'{tmp_path} {d} https://localhost:{port}/x {object()!r} pid={os.getpid()}'
"""


def test_result_file_is_the_same_for_the_same_outcomes(pytester: pytest.Pytester) -> None:
    """Two runs with the same outcomes write the same bytes: no durations, and temporary paths,
    ports, addresses and pids in messages replaced."""
    pytester.makepyfile(test_sample=VARYING)
    pytester.runpytest(MODEL, "--spec-report=a.json")
    first = (pytester.path / "a.json").read_bytes()
    pytester.runpytest(MODEL, "--spec-report=a.json")
    assert (pytester.path / "a.json").read_bytes() == first
    assert b"localhost:PORT" in first


def test_normalise_replaces_what_varies() -> None:
    text = "/tmp/pytest-of-me/pytest-7/test_a0/x and /tmp/tmpab_c12/y at 0x7f3a2b1c9d80, pid 123"
    assert normalise(text) == "<tmp>/test_a0/x and <tmp>/y at 0x..., pid <pid>"
    assert normalise("https://127.0.0.1:43211/simple") == "https://127.0.0.1:PORT/simple"


def test_junit_xml_carries_statement_and_tier(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_mixed=MIXED)
    pytester.runpytest(WRONG, "--junitxml=j.xml")
    cases = {
        case.get("name"): {(p.get("name"), p.get("value")) for p in case.iter("property")}
        for case in ET.parse(pytester.path / "j.xml").getroot().iter("testcase")
    }
    assert {("statement", "observed.locations.xdg-relative"), ("tier", "observed")} <= cases[
        "test_observed_fails"
    ]
    assert {("statement", "locations.linux-default"), ("tier", "documented")} <= cases[
        "test_passes"
    ]
    assert ("expectation", "") in cases["test_passes"]


def test_one_result_file_renders_a_table_and_a_summary(pytester: pytest.Pytester) -> None:
    """The README's recipe: one run's result file, then ``python -m spec_tests.report``."""
    from spec_tests.report import cli

    pytester.makepyfile(test_mixed=MIXED)
    pytester.runpytest(WRONG, "--spec-report=mine.json")
    out = pytester.path
    args = [str(out / "mine.json"), "--markdown", str(out / "t.md"), "--summary", str(out / "s.md")]
    assert cli.main(args) == 0
    summary = (out / "s.md").read_text()
    # 2 of the page's documented statements checked, 1 deviating: "no", and incomplete
    assert "| **documented** | no: 1 of 2 checked deviate; incomplete (2 of " in summary
    assert "- wrong-ignores-xdg 0.1.0, `locations.linux-xdg-cache-home` (documented):" in summary
    assert "wrong-ignores-xdg 0.1.0" in (out / "t.md").read_text()
