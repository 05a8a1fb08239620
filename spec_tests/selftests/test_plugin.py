"""The plugin, run inside pytester: loading, plug-in errors, gates, overrides, pages.

Each run is in-process and tiny (a module of one or two tests). A run outside the suite's own
directory selects the suite by ``--impl`` (or ``PIP_CACHE_SPEC_IMPL``): without either, the plugin
is inert (``test_plugin_inert.py``).
"""

from __future__ import annotations

import pytest

LOCATIONS = "spec_tests.test_locations"
MODEL = "--impl=model"


def _module(pytester: pytest.Pytester, body: str) -> None:
    pytester.makepyfile(test_sample="import pytest\n\n" + body)


def _factory(pytester: pytest.Pytester, body: str, name: str = "plug") -> str:
    """A module ``name`` on sys.path holding ``body``; returns ``--impl=name:factory``."""
    pytester.makepyfile(**{name: body})
    pytester.syspathinsert()
    return f"--impl={name}:factory"


def _claiming(pytester: pytest.Pytester, name: str, version: str) -> str:
    """A factory for the model renamed ``name`` at ``version`` (claiming that pip), in a module
    of its own: a module rewritten in place within the same second, at the same size, would be
    imported from its stale bytecode where Python writes bytecode."""
    return _factory(
        pytester,
        "from spec_tests.adapters import model\nfrom packaging.version import Version\n"
        "def factory():\n    impl = model.implementation()\n"
        f"    impl.name = {name!r}\n"
        f"    impl.version = impl.pip_version = Version({version!r})\n    return impl\n",
        name=f"claims_{name}_{version}".replace(".", "_"),
    )


def test_header_names_the_implementation_and_page(pytester: pytest.Pytester) -> None:
    _module(pytester, "def test_x():\n    pass\n")
    result = pytester.runpytest("-p", "no:cacheprovider", MODEL)
    result.stdout.fnmatch_lines(
        ["pip-cache-spec: impl=model 0.1.0, claims pip 24.2; page 24.2; facets: locations*"]
    )


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


BASE = (
    "from spec_tests.adapters import model\n"
    "from spec_tests.interface import BasicImplementation\n"
    "def _impl(**facets):\n"
    "    return BasicImplementation(name='mine', version='1.0', **facets)\n"
)


@pytest.mark.parametrize(
    ("factory", "said"),
    [
        (
            "def factory():\n    raise RuntimeError('no licence')\n",
            "*factory raised RuntimeError: no licence at *plug.py:*",
        ),
        (
            "def factory(root):\n    return _impl()\n",
            "*factory takes arguments (root); it is called with none*",
        ),
        ("def factory():\n    return None\n", "*got None instead of an implementation*"),
        (
            "class Half:\n    def run_cache(self, args, *, env, cwd): ...\n"
            "class NoLookup:\n    def cache_decision(self, link, *, editable=False): ...\n"
            "def factory():\n    return _impl(commands=Half(), wheels=NoLookup(), http=object())\n",
            "*facet http lacks session; facet wheels lacks store, lookup*",
        ),
        (
            "def factory():\n    return BasicImplementation(name='mine', version='1.0', "
            "not_provided={'commands.purge-clears-all': 'we purge otherwise'})\n",
            "*not_provided may name only statements about pip's own wording*"
            "'commands.purge-clears-all'*",
        ),
        (
            "def factory():\n    return BasicImplementation(name='mine', version='1.0', "
            "not_provided={'no.such': 'x'})\n",
            "*not_provided names unknown statement(s) 'no.such'*",
        ),
    ],
    ids=[
        "raises",
        "takes-arguments",
        "returns-none",
        "facet-lacks-methods",
        "not-pip-own",
        "unknown",
    ],
)
def test_plug_in_errors_are_one_usage_error(
    pytester: pytest.Pytester, factory: str, said: str
) -> None:
    """A broken plug-in is named in one line at load, before any test runs: no traceback."""
    _module(pytester, "def test_x():\n    pass\n")
    result = pytester.runpytest(_factory(pytester, BASE + factory))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([said])
    assert "Traceback" not in result.stderr.str() + result.stdout.str()
    assert "INTERNALERROR" not in result.stderr.str() + result.stdout.str()


def test_a_broken_override_is_one_usage_error(pytester: pytest.Pytester) -> None:
    """The same check for an ``impl`` fixture of a conftest.py, when a test first receives it."""
    pytester.makeconftest(
        BASE + "import pytest\nclass Half:\n    pass\n"
        "@pytest.fixture(scope='session')\ndef impl():\n    return _impl(locations=Half())\n"
    )
    _module(
        pytester,
        "@pytest.mark.statement('locations.linux-default')\ndef test_x(impl):\n    pass\n\n"
        "@pytest.mark.statement('locations.linux-default')\ndef test_y(impl):\n    pass\n",
    )
    result = pytester.runpytest(MODEL)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stdout.fnmatch_lines(
        ["*the impl fixture: facet locations lacks default_cache_dir, effective_cache_dir*"]
    )
    assert "Traceback" not in result.stdout.str()


def test_unknown_statement_id_fails_collection(pytester: pytest.Pytester) -> None:
    _module(pytester, "@pytest.mark.statement('no.such-statement')\ndef test_x():\n    pass\n")
    result = pytester.runpytest(MODEL)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*unknown statement id 'no.such-statement'*"])


def test_two_statements_on_one_test_fail_collection(pytester: pytest.Pytester) -> None:
    """One test checks one statement: a second marker would charge one bug to two sentences."""
    _module(
        pytester,
        "@pytest.mark.statement('locations.linux-default')\n"
        "@pytest.mark.statement('locations.linux-xdg-cache-home')\n"
        "def test_x():\n    pass\n",
    )
    result = pytester.runpytest(MODEL)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*test_x: a test checks one statement, not 2*"])


def test_version_gate_is_a_strict_expected_failure(pytester: pytest.Pytester) -> None:
    _module(
        pytester,
        "@pytest.mark.statement('http.http-v2-directory')\n"
        "def test_fails(impl):\n    assert False\n\n"
        "@pytest.mark.statement('http.http-v2-directory')\n"
        "def test_passes(impl):\n    pass\n",
    )
    result = pytester.runpytest(_claiming(pytester, "old", "23.2.1"), "-rxX")
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


def test_the_suite_runs_from_any_directory(pytester: pytest.Pytester) -> None:
    """Installed, the suite runs with --pyargs from a directory that knows nothing of it."""
    result = pytester.runpytest("--pyargs", LOCATIONS, "-k", "table", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=6)


def _override(pytester: pytest.Pytester, version: str) -> None:
    pytester.makeconftest(
        "import pytest\nfrom packaging.version import Version\n"
        "from spec_tests.adapters import model\n"
        "@pytest.fixture(scope='session')\ndef impl():\n"
        "    i = model.implementation()\n    i.name = 'mine'\n    i.installer = None\n"
        f"    i.version = i.pip_version = Version({version!r})\n    return i\n"
    )


def test_an_override_is_gated_on_its_own_version(pytester: pytest.Pytester) -> None:
    """Plugging in through the fixture: an override claiming pip 20.0 gets the gate that the
    model (24.2) does not."""
    _override(pytester, "20.0")
    _module(
        pytester,
        "@pytest.mark.statement('locations.cache-dir-command')\n"
        "def test_x(impl):\n    assert impl.name == 'mine'\n    assert False\n",
    )
    result = pytester.runpytest(MODEL, "--spec-report=r.json", "-rx")
    result.assert_outcomes(xfailed=1)
    result.stdout.fnmatch_lines(["impl=mine 20.0, claims pip 20.0*", "*pip 20.0 predates 20.1*"])


def test_an_override_drops_the_models_gates(pytester: pytest.Pytester) -> None:
    """The other direction: the model's gate (remove-reports-size holds from pip 25.0) is not
    applied to an override claiming pip 25.0, so its passing test passes (no XPASS(strict)); the
    header, the skip reasons and the result file name the override."""
    import json

    _override(pytester, "25.0")
    _module(
        pytester,
        "@pytest.mark.statement('observed.commands.remove-reports-size')\n"
        "def test_x(impl):\n    pass\n\n"
        "@pytest.mark.statement('wheels.built-wheel-added')\n"
        "def test_y(installer):\n    pass\n",
    )
    result = pytester.runpytest(MODEL, "--spec-report=r.json", "-rs")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(
        [
            "pip-cache-spec: impl from the impl fixture of *conftest.py*",
            "*mine does not provide installer*",
        ]
    )
    data = json.loads((pytester.path / "r.json").read_text())
    assert (data["implementation"], data["version"], data["page"]) == ("mine", "25.0", "24.2")


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
    result.stdout.fnmatch_lines(["*test_raises*NotImplementedE*"])


NOT_IMPLEMENTED = '''
from spec_tests.interface import BasicImplementation

class Nothing:
    """Every facet method raises NotImplementedError."""

    def __getattr__(self, name):
        def method(*args, **kwargs):
            raise NotImplementedError(name)
        return method

def factory():
    return BasicImplementation(
        name="lazy", version="1.0", pip_version="20.0",
        locations=Nothing(), commands=Nothing(), wheels=Nothing(), http=None,
    )
'''


def test_not_implemented_everywhere_earns_no_gated_cell(pytester: pytest.Pytester) -> None:
    """An implementation raising NotImplementedError everywhere and claiming pip 20.0, run on the
    suite's tests of statements gated for 20.0 (``pip cache`` arrived in 20.1): failures, not
    expected failures."""
    result = pytester.runpytest(
        _factory(pytester, NOT_IMPLEMENTED),
        "--pyargs",
        LOCATIONS,
        "--statement=locations.cache-dir-command",
        "-p",
        "no:cacheprovider",
    )
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) >= 1, outcomes
    assert "xfailed" not in outcomes, outcomes


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


def test_pip_own_statement_may_be_not_provided(pytester: pytest.Pytester) -> None:
    """``not_provided`` of a pip_own statement skips its tests as not provided (unchecked)."""
    _module(
        pytester,
        "@pytest.mark.statement('http.http-v2-directory')\ndef test_x(impl):\n    assert False\n",
    )
    factory = _factory(
        pytester,
        "from spec_tests.interface import BasicImplementation\ndef factory():\n"
        "    return BasicImplementation(name='mine', version='1.0', "
        "not_provided={'http.http-v2-directory': 'our own layout'})\n",
    )
    result = pytester.runpytest(factory, "-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*our own layout: mine does not provide http.http-v2-directory*"])


def test_a_foreign_cache_layout_leaves_pip_layout_tests_unchecked(
    pytester: pytest.Pytester,
) -> None:
    """A commands facet whose ``layout`` is its own: tests seeding pip's layout are not provided;
    the others run."""
    _module(
        pytester,
        "@pytest.mark.statement('commands.list-all-wheels')\n@pytest.mark.pip_layout\n"
        "def test_seeds(commands):\n    assert False\n\n"
        "@pytest.mark.statement('commands.manage')\ndef test_plain(commands):\n    pass\n",
    )
    factory = _factory(
        pytester,
        "from spec_tests.interface import BasicImplementation\n"
        "class Own:\n    layout = 'own'\n    def run_cache(self, args, *, env, cwd): ...\n"
        "def factory():\n"
        "    return BasicImplementation(name='mine', version='1.0', commands=Own())\n",
    )
    result = pytester.runpytest(factory, "-rs")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(["*mine does not provide pip-cache-layout*"])


def test_command_not_provided_skips_naming_the_command(pytester: pytest.Pytester) -> None:
    """CommandNotProvided from a facet: "not provided" (with the facet's why), never a pass."""
    _module(
        pytester,
        "from spec_tests.interface import CommandNotProvided\n"
        "@pytest.mark.statement('commands.manage')\ndef test_x(impl):\n"
        "    raise CommandNotProvided('pip-cache-list', why='no such listing')\n",
    )
    result = pytester.runpytest(MODEL, "-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*no such listing: model does not provide pip-cache-list*"])


def test_page_option_judges_against_that_page(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--page`` picks the page; a test of a statement not on it is skipped as not applicable,
    and the header and the result file say which page."""
    import dataclasses
    import json

    from spec_tests import registry

    real = registry.load()
    only_old = {
        **real,
        "commands.manage": dataclasses.replace(real["commands.manage"], pages=("24.2",)),
    }
    monkeypatch.setattr(registry, "load", lambda: only_old)
    _module(pytester, "@pytest.mark.statement('commands.manage')\ndef test_x(impl):\n    pass\n")
    result = pytester.runpytest(MODEL, "--page=26.2", "--spec-report=r.json", "-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*; page 26.2; *", "*commands.manage is not on page 26.2*"])
    assert json.loads((pytester.path / "r.json").read_text())["page"] == "26.2"
    pytester.runpytest(MODEL).assert_outcomes(passed=1)


def test_unknown_page_is_a_usage_error(pytester: pytest.Pytester) -> None:
    _module(pytester, "def test_x():\n    pass\n")
    result = pytester.runpytest(MODEL, "--page=3.0")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--page='3.0': no such page*"])
