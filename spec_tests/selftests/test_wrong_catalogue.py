"""Every documented statement has a named wrong implementation, and each one fails that
statement's tests (``wrong.CATALOGUE``).

One inline pytest session runs the whole catalogue: the plugin below parametrizes ``impl`` of each
spec test with the wrong implementations listed for the test's statement, and deselects the rest;
hypothesis runs the ``spec-selftest`` budget (explicit examples first, no shrinking), also where
the outer run imported the modules (``spec_tests.budget.SelftestBudget``). The HTTP state machine
is left out here (a minute of examples per wrong cache); its own self-test is
``test_wrong_http.py``, and ``test_http.py``'s scenarios check the same sentences. End to end,
wrong installers are ``test_wrong_e2e.py``'s.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from spec_tests import registry
from spec_tests.budget import SelftestBudget
from spec_tests.registry import Tier
from spec_tests.selftests.wrong import CATALOGUE, CatalogueRun

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

SUITE = Path(registry.__file__).parent
#: not run here: see the module's docstring
LEFT_OUT = ("test_http_statemachine.py",)


def _asserted(message: str) -> bool:
    """Whether a failure's message is a failed expectation (an assertion, ``pytest.fail``)."""
    return (
        message.startswith(("AssertionError", "assert ", "Failed:")) or "InstallFailed" in message
    )


def test_every_documented_statement_has_a_wrong_implementation() -> None:
    statements = registry.load()
    documented = {s.id for s in statements.values() if s.tier is Tier.DOCUMENTED}
    assert sorted(documented - set(CATALOGUE)) == [], "documented statements no wrong one fails"
    assert sorted(set(CATALOGUE) - documented) == [], "catalogue entries of no documented statement"


def test_each_wrong_implementation_fails_its_statement(pytester: pytest.Pytester) -> None:
    modules = sorted(p for p in SUITE.glob("test_*.py") if p.name not in LEFT_OUT)
    caught(pytester, CATALOGUE, modules)


def caught(
    pytester: pytest.Pytester, catalogue: Mapping[str, Sequence[str]], modules: list[Path]
) -> None:
    """Run ``modules`` with each wrong implementation of ``catalogue`` on the tests of the
    statement it is listed for; each must fail one of them by a failed expectation."""
    result = pytester.runpytest(
        *(str(m) for m in modules),
        "-p",
        "no:cacheprovider",
        "-q",
        "--tb=no",
        "--hypothesis-profile=spec-selftest",
        plugins=[CatalogueRun(catalogue), SelftestBudget()],
    )
    entries = sorted({e for listed in catalogue.values() for e in listed})
    failed: dict[str, set[str]] = defaultdict(set)  # wrong implementation -> statements failed
    errors: list[str] = []
    for report in result.reprec.getreports("pytest_runtest_logreport"):  # type: ignore[attr-defined]
        if not report.failed or "XPASS" in str(report.longrepr):
            continue  # an unexpected pass is no failure of the sentence
        crash = getattr(report.longrepr, "reprcrash", None)
        if crash is None or not _asserted(crash.message):
            errors.append(f"{report.nodeid}: {crash and crash.message}")
            continue  # a wrong implementation that crashes proves nothing of the test
        params = "-" + report.nodeid.rpartition("[")[2].rstrip("]") + "-"
        entry = next(e for e in entries if f"-{e}-" in params)
        failed[entry].update(v for k, v in report.user_properties if k == "statement")
    missing = [
        f"{sid}: {entry} passes every test"
        for sid, listed in catalogue.items()
        for entry in listed
        if sid not in failed[entry]
    ]
    assert errors == [], "errors, not failed expectations:\n" + "\n".join(errors)
    assert missing == [], "wrong implementations not caught:\n" + "\n".join(missing)
