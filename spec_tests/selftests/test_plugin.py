"""The plugin, run inside pytester: options, header, markers, gates, facets, reports."""

from __future__ import annotations

import json

import pytest

LOCATIONS = "spec_tests.test_locations"


def _module(pytester: pytest.Pytester, body: str) -> None:
    pytester.makepyfile(test_sample="import pytest\n\n" + body)


def test_header_names_the_implementation(pytester: pytest.Pytester) -> None:
    _module(pytester, "def test_x():\n    pass\n")
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["pip-cache-spec: impl=model 0.1.0, claims pip 24.2; facets: *"])


def test_env_variable_selects_the_implementation(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PIP_CACHE_SPEC_IMPL", "spec_tests.selftests.wrong:ignores_xdg")
    _module(pytester, "def test_x():\n    pass\n")
    pytester.runpytest().stdout.fnmatch_lines(["pip-cache-spec: impl=wrong-ignores-xdg *"])


@pytest.mark.parametrize(
    "value", ["nonsense", "no_such_module:factory", "spec_tests.registry:nothing", "pip@/no/python"]
)
def test_bad_impl_is_a_usage_error(pytester: pytest.Pytester, value: str) -> None:
    _module(pytester, "def test_x():\n    pass\n")
    result = pytester.runpytest(f"--impl={value}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--impl=*Valid forms: 'model'*package.module:factory*"])
    assert "Traceback" not in result.stderr.str()


def test_unknown_statement_id_fails_collection(pytester: pytest.Pytester) -> None:
    _module(pytester, "@pytest.mark.statement('no.such-statement')\ndef test_x():\n    pass\n")
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*unknown statement id 'no.such-statement'*"])


def test_version_gate_is_a_strict_expected_failure(pytester: pytest.Pytester) -> None:
    _module(
        pytester,
        "@pytest.mark.statement('http.http-v2-directory')\n"
        "def test_fails(impl):\n    assert False\n\n"
        "@pytest.mark.statement('http.http-v2-directory')\n"
        "def test_passes(impl):\n    pass\n",
    )
    pytester.makepyfile(
        old="from spec_tests.adapters import model\nfrom packaging.version import Version\n"
        "def factory():\n    impl = model.implementation()\n"
        "    impl.pip_version = Version('23.2.1')\n    return impl\n"
    )
    pytester.syspathinsert()
    result = pytester.runpytest("--impl=old:factory", "-rxX")
    result.assert_outcomes(xfailed=1, failed=1)
    result.stdout.fnmatch_lines(["*XPASS(strict)*", "*pip 23.2.1 predates 23.3*"])


def test_missing_facet_is_skipped_with_its_reason(pytester: pytest.Pytester) -> None:
    _module(
        pytester,
        "@pytest.mark.statement('http.fresh-served-from-cache')\ndef test_x(http):\n    pass\n",
    )
    result = pytester.runpytest("--impl=spec_tests.selftests.wrong:ignores_xdg", "-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*wrong-ignores-xdg does not provide http*"])


def test_statements_option_lists_counts(pytester: pytest.Pytester) -> None:
    _module(
        pytester,
        "@pytest.mark.statement('locations.linux-default')\n"
        "@pytest.mark.parametrize('n', [1, 2])\ndef test_x(n):\n    pass\n",
    )
    result = pytester.runpytest("--statements")
    result.stdout.fnmatch_lines(["*   2  documented  locations.linux-default*"])
    result.stdout.fnmatch_lines(["*   0  documented  locations.macos-default*"])
    result.assert_outcomes()


def test_spec_report_records_outcomes(pytester: pytest.Pytester) -> None:
    _module(
        pytester,
        "@pytest.mark.statement('locations.linux-default')\n"
        "def test_ok():\n    '''It works.'''\n\n"
        "@pytest.mark.statement('locations.linux-default')\n"
        "def test_bad():\n    assert 1 == 2\n\n"
        "@pytest.mark.statement('http.like-a-browser')\n"
        "def test_skip(http):\n    pass\n",
    )
    pytester.runpytest("--spec-report=out/r.json", "--impl=spec_tests.selftests.wrong:ignores_xdg")
    data = json.loads((pytester.path / "out" / "r.json").read_text())
    assert data["implementation"] == "wrong-ignores-xdg"
    assert data["facets"] == ["locations"]
    rows = {r["nodeid"].split("::")[1]: r for r in data["statements"]["locations.linux-default"]}
    assert rows["test_ok"]["outcome"] == "passed"
    assert rows["test_ok"]["doc"] == "It works."
    assert rows["test_bad"]["outcome"] == "failed"
    assert "assert 1 == 2" in rows["test_bad"]["longrepr"]
    (skip,) = data["statements"]["http.like-a-browser"]
    assert (skip["outcome"], skip["reason"]) == (
        "skipped",
        "wrong-ignores-xdg does not provide http",
    )


def test_the_suite_runs_from_any_directory(pytester: pytest.Pytester) -> None:
    """Installed, the suite runs with --pyargs from a directory that knows nothing of it."""
    result = pytester.runpytest("--pyargs", LOCATIONS, "-k", "table", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=6)


def test_a_conftest_can_override_the_implementation(pytester: pytest.Pytester) -> None:
    """Plugging in through the fixture: the override is used, and gated on its own version."""
    pytester.makeconftest(
        "import pytest\nfrom packaging.version import Version\n"
        "from spec_tests.adapters import model\n"
        "@pytest.fixture(scope='session')\ndef impl():\n"
        "    i = model.implementation()\n    i.name = 'mine'\n"
        "    i.pip_version = Version('20.0')\n    return i\n"
    )
    _module(
        pytester,
        "@pytest.mark.statement('locations.cache-dir-command')\n"
        "def test_x(impl):\n    assert impl.name == 'mine'\n    assert False\n",
    )
    pytester.runpytest().assert_outcomes(xfailed=1)


def _claiming(pytester: pytest.Pytester, name: str, version: str) -> str:
    """A factory module for the model renamed ``name`` at ``version`` (claiming that pip)."""
    pytester.makepyfile(
        claims="from spec_tests.adapters import model\nfrom packaging.version import Version\n"
        "def factory():\n    impl = model.implementation()\n"
        f"    impl.name = {name!r}\n"
        f"    impl.version = impl.pip_version = Version({version!r})\n    return impl\n"
    )
    pytester.syspathinsert()
    return "--impl=claims:factory"


def test_only_a_failed_assertion_is_the_gated_failure(pytester: pytest.Pytester) -> None:
    """A gate predicts a failed assertion; an error (NotImplementedError) is a failure."""
    _module(
        pytester,
        "@pytest.mark.statement('http.http-v2-directory')\n"
        "def test_asserts(impl):\n    assert False\n\n"
        "@pytest.mark.statement('http.http-v2-directory')\n"
        "def test_raises(impl):\n    raise NotImplementedError\n",
    )
    result = pytester.runpytest(_claiming(pytester, "old", "23.2.1"))
    result.assert_outcomes(xfailed=1, failed=1)
    result.stdout.fnmatch_lines(["*test_raises*NotImplementedError*"])


def test_known_divergence_is_a_strict_expected_failure(pytester: pytest.Pytester) -> None:
    """divergences.toml records pip 20.1's purge keeping the HTTP files: its failure is expected
    and named; for a version outside the entry the same failure is a failure."""
    _module(
        pytester,
        "@pytest.mark.statement('commands.purge-clears-all')\n"
        "def test_purge(impl):\n    assert False\n",
    )
    result = pytester.runpytest(_claiming(pytester, "pip", "20.1"), "-rx")
    result.assert_outcomes(xfailed=1)
    result.stdout.fnmatch_lines(["*known divergence of pip from commands.purge-clears-all*"])
    pytester.runpytest(_claiming(pytester, "pip", "24.2")).assert_outcomes(failed=1)


def test_observed_departure_is_checked_only_where_known(pytester: pytest.Pytester) -> None:
    """An observed statement recording pip departing from the page (``deviates_from``) runs for
    pip, which has that divergence on record, and is skipped for an implementation held to the
    page."""
    _module(
        pytester,
        "@pytest.mark.statement('observed.commands.purge-wheels-only')\n"
        "def test_x(impl):\n    pass\n",
    )
    pytester.runpytest(_claiming(pytester, "pip", "20.1")).assert_outcomes(passed=1)
    held = pytester.runpytest(_claiming(pytester, "mine", "20.1"), "-rs")
    held.assert_outcomes(skipped=1)
    held.stdout.fnmatch_lines(["*mine is held to commands.purge-clears-all*"])
