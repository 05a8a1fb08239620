"""Self-test: the kill test catches a wheel cache that writes in place and trusts what it finds."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

import pytest

from spec_tests.adapters import model
from spec_tests.adapters.model_killer import ForkServer
from spec_tests.harness.index import serving
from spec_tests.harness.workspace import Workspace
from spec_tests.selftests import wrong_writes
from spec_tests.test_robustness_killed import check_kills

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.e2e


class _WrongInstaller(model.ModelInstaller):
    def __init__(self) -> None:
        self._forks = ForkServer(prelude=wrong_writes.PRELUDE)


def test_kill_test_catches_an_in_place_wheel_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for module, name, value in wrong_writes.patches():
        monkeypatch.setattr(importlib.import_module(module), name, value)
    installer = _WrongInstaller()
    impl = model.implementation()
    try:
        with serving() as index:
            ws = Workspace(tmp_path / "ws", index, installer)
            ws.root.mkdir()
            with pytest.raises(AssertionError, match="next install failed"):
                check_kills(ws, impl, tmp_path / "kills", warm=False, stride=1)
    finally:
        installer._forks.close()
