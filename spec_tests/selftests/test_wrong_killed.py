"""Self-test: the kill test catches a wheel cache that writes in place and trusts what it finds."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

import pytest

from spec_tests.adapters import model
from spec_tests.adapters.model_killer import ForkServer
from spec_tests.harness.gitrepo import make_repo
from spec_tests.selftests import wrong_writes
from spec_tests.test_robustness_killed import check_kills

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from spec_tests.harness.workspace import Workspace

pytestmark = pytest.mark.e2e


class _WrongInstaller(model.ModelInstaller):
    def __init__(self) -> None:
        self._forks = ForkServer(prelude=wrong_writes.PRELUDE)


@pytest.fixture
def installer(monkeypatch: pytest.MonkeyPatch) -> Iterator[_WrongInstaller]:
    """The wrong model, in this process (for the later runs) and in its fork server."""
    for module, name, value in wrong_writes.patches():
        monkeypatch.setattr(importlib.import_module(module), name, value)
    wrong = _WrongInstaller()
    yield wrong
    wrong._forks.close()


def test_kill_test_catches_an_in_place_wheel_store(ws: Workspace, tmp_path: Path) -> None:
    """Every step of a Git commit's install (it writes the wheel cache only): the kill at the
    half-written wheel leaves half a wheel the wrong model then installs, and fails."""
    repo = make_repo(ws.project("demo", "1.0"), tmp_path / "repo")
    with pytest.raises(AssertionError, match="next install failed"):
        check_kills(
            ws, model.implementation(), tmp_path / "kills", warm=False, stride=1,
            project=repo.project, requirement=repo.requirement(repo.commit),
        )  # fmt: skip
