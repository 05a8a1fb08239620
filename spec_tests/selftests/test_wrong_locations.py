"""Wrong implementations of 'Where is the cache stored' are caught by the location tests."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("factory", "failing"),
    [
        ("ignores_xdg", ["test_linux_respects_xdg_cache_home", "test_linux_xdg_table"]),
        ("macos_like_linux", ["test_macos_default_is_library_caches"]),
        ("windows_forward_slashes", ["test_windows_default_is_local_app_data"]),
    ],
)
def test_wrong_location_rules_fail(
    pytester: pytest.Pytester, factory: str, failing: list[str]
) -> None:
    result = pytester.runpytest(
        "--pyargs",
        "spec_tests.test_locations",
        "-p",
        "no:cacheprovider",
        "-q",
        f"--impl=spec_tests.selftests.wrong:{factory}",
        "-k",
        " or ".join(failing),
    )
    failed = {r.nodeid.split("::")[1].split("[")[0] for r in result.reprec.getfailures()}  # type: ignore[attr-defined]
    assert set(failing) <= failed


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
