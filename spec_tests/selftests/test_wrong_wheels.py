"""Wrong wheel caches (``wrong_wheels.py``) beyond the catalogue's one statement each: pip's own
bug charged to its form only, and the 20.0 gate.

(Each wrong cache failing its statement is ``test_wrong_catalogue.py``'s.)
"""

from __future__ import annotations

import pytest

from spec_tests.budget import SelftestBudget


def _outcomes(
    pytester: pytest.Pytester, factory: str, module: str = "test_wheels"
) -> dict[str, set[str]]:
    result = pytester.runpytest(
        "--pyargs",
        f"spec_tests.{module}",
        "-p",
        "no:cacheprovider",
        "-q",
        "--tb=no",
        "--hypothesis-profile=spec-selftest",
        f"--impl=spec_tests.selftests.wrong_wheels:{factory}",
        plugins=[SelftestBudget()],
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


def test_pips_local_archive_caching_is_charged_to_the_sdist_file_test(
    pytester: pytest.Pytester,
) -> None:
    """Keeping the wheel of an sdist file (what pip does) fails the sdist-file test, and only
    it: the directory tests do not charge it."""
    outcomes = _outcomes(pytester, "caches_local_archives")
    assert outcomes["failed"] == {"test_sdist_file_not_cached"}


def test_pre_20_fails_only_the_git_commit_statement_as_gated(pytester: pytest.Pytester) -> None:
    """A pip claiming 19.3.1 that does not cache Git commits: that test is an expected failure
    (the statement's since = 20.0), and nothing else fails."""
    outcomes = _outcomes(pytester, "pre20")
    assert outcomes["xfailed"] == {"test_git_commit_is_cached_a_branch_is_not"}
    assert outcomes["failed"] == set()
