"""Wrong locations beyond the catalogue (``test_wrong_catalogue.py``): one bug, one charge."""

from __future__ import annotations

import pytest


def test_ignoring_xdg_is_charged_to_the_xdg_sentence_only(pytester: pytest.Pytester) -> None:
    """The Linux table is split by statement: an implementation ignoring XDG_CACHE_HOME fails
    the XDG rows and passes ``locations.linux-default``'s."""
    result = pytester.runpytest(
        "--pyargs",
        "spec_tests.test_locations",
        "-p",
        "no:cacheprovider",
        "-q",
        "--impl=spec_tests.selftests.wrong:ignores_xdg",
        "-k",
        "table",
    )
    result.assert_outcomes(passed=3, failed=3)
    failed = {r.nodeid.split("::")[1].split("[")[0] for r in result.reprec.getfailures()}  # type: ignore[attr-defined]
    assert failed == {"test_linux_xdg_table"}
