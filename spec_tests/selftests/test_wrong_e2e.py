"""End to end, wrong installers (``wrong_e2e.py``: real pip 24.2, misused) fail the statements
they break: each one on the end-to-end tests of its statement (``E2E_CATALOGUE``).

Costly (about a hundred pip runs): marked ``e2e``, and run only where ``PIP_CACHE_SPEC_WRONG_PIP``
names a pip 24.2 (CI's real-pip stage); the default model run skips it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from spec_tests import registry
from spec_tests.registry import Tier
from spec_tests.selftests.test_wrong_catalogue import caught
from spec_tests.selftests.wrong_e2e import E2E_CATALOGUE, PIP_ENV

pytestmark = pytest.mark.e2e

SUITE = Path(registry.__file__).parent
E2E_MODULES = ("test_wheels_e2e.py", "test_avoiding.py", "test_disable.py")


def test_catalogue_names_documented_statements() -> None:
    documented = {s.id for s in registry.load().values() if s.tier is Tier.DOCUMENTED}
    assert sorted(set(E2E_CATALOGUE) - documented) == []


@pytest.mark.skipif(not os.environ.get(PIP_ENV), reason=f"set {PIP_ENV} to a pip 24.2 python")
def test_each_wrong_installer_fails_its_statement(pytester: pytest.Pytester) -> None:
    caught(pytester, E2E_CATALOGUE, [SUITE / m for m in E2E_MODULES])
