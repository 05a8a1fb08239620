"""Wrong wheel caches (``wrong_wheels.py``) beyond the catalogue's one statement each: one
wrong lookup caught by two sections, pip's own bug caught form by form, the 20.0 gate.

(Each wrong cache failing its statement is ``test_wrong_catalogue.py``'s.)
"""

from __future__ import annotations

import pytest


def _outcomes(
    pytester: pytest.Pytester, factory: str, module: str = "test_wheels"
) -> dict[str, set[str]]:
    result = pytester.runpytest(
        "--pyargs",
        f"spec_tests.{module}",
        "-p",
        "no:cacheprovider",
        "-q",
        f"--impl=spec_tests.selftests.wrong_wheels:{factory}",
    )
    reprec = result.reprec  # type: ignore[attr-defined]
    passed, skipped, failed = reprec.listoutcomes()
    short = {
        "passed": {r.nodeid.split("::")[1].split("[")[0] for r in passed},
        "failed": {r.nodeid.split("::")[1].split("[")[0] for r in failed},
    }
    short["xfailed"] = {
        r.nodeid.split("::")[1].split("[")[0] for r in skipped if hasattr(r, "wasxfail")
    }
    return short


def test_pips_local_archive_caching_fails_every_sdist_file_form(pytester: pytest.Pytester) -> None:
    """Keeping the wheel of an sdist file (what pip does) fails the sdist-file test, and only
    it: the directory tests do not charge it."""
    outcomes = _outcomes(pytester, "caches_local_archives")
    assert outcomes["failed"] == {"test_sdist_file_not_cached"}


def test_sdist_file_finding_index_wheel_fails_the_wheel_tests_too(
    pytester: pytest.Pytester,
) -> None:
    """The same wrong lookup is caught by 'Locally built wheels' (the named file URL there)."""
    failed = _outcomes(pytester, "sdist_file_finds_index_wheel")["failed"]
    assert "test_sdist_file_does_not_find_the_index_wheel" in failed


def test_pre_20_fails_only_the_git_commit_statement_as_gated(pytester: pytest.Pytester) -> None:
    """A pip claiming 19.3.1 that does not cache Git commits: that test is an expected failure
    (the statement's since = 20.0), and nothing else fails."""
    outcomes = _outcomes(pytester, "pre20")
    assert outcomes["xfailed"] == {"test_git_commit_is_cached_a_branch_is_not"}
    assert outcomes["failed"] == set()
