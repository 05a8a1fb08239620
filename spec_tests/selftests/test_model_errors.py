"""The model's own promise on bad input: exactly one line, ``ERROR: ...``, on stderr.

(The robustness test ``test_robustness_install`` holds every implementation to a clean failure
that leaves the cache alone; this adds the model's one-line form, for the same cases and more.)
"""

from __future__ import annotations

import io
import traceback
from typing import TYPE_CHECKING

import pytest

from model import cli
from spec_tests.harness.cleanenv import clean_env
from spec_tests.test_robustness_install import CASES, check_bad_input

if TYPE_CHECKING:
    from pathlib import Path

    from spec_tests.harness.workspace import Workspace

pytestmark = pytest.mark.e2e

MORE = {
    "no-target": ["demo==1.0"],  # install without --target
    "editable": ["--target", "t", "-e", "."],
    "other-vcs": ["--target", "t", "hg+https://example.invalid/repo@abc"],
    "no-such-path": ["--target", "t", "./nowhere-1.0.tar.gz"],
    "no-requirement": ["--target", "t"],
}


def _one_error_line(argv: list[str], cwd: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--cache-dir", str(cwd / "cache"), "install", *argv], env=clean_env(),
                    cwd=str(cwd), stdout=out, stderr=err)  # fmt: skip
    lines = err.getvalue().splitlines()
    assert code != 0
    assert len(lines) == 1, lines
    assert lines[0].startswith("ERROR: ")


@pytest.mark.parametrize("case", list(CASES))
def test_suite_cases_end_in_one_line(ws: Workspace, case: str) -> None:
    _one_error_line(["--target", str(ws.fresh_target()), *CASES[case](ws)], ws.root)


@pytest.mark.parametrize("case", list(MORE))
def test_more_bad_input_ends_in_one_line(tmp_path: Path, case: str) -> None:
    _one_error_line(MORE[case], tmp_path)


def test_bad_input_test_catches_a_run_that_writes_the_cache_first(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wrong model that marks the cache before it looks at its input fails the robustness test."""
    from model.install import cli as install_cli

    original = install_cli.perform

    def marks_first(run: install_cli.Run) -> None:
        if run.cache_dir is not None:
            run.cache_dir.mkdir(parents=True, exist_ok=True)
            with (run.cache_dir / "runs.log").open("a") as log:  # one line per run
                log.write("run\n")
        original(run)

    monkeypatch.setattr(install_cli, "perform", marks_first)
    with pytest.raises(AssertionError, match="the cache changed"):
        check_bad_input(ws, "unreachable-index")


def test_bad_input_test_catches_a_traceback(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """A wrong model that prints its traceback on a failed build fails the robustness test."""
    from model.install import cli as install_cli

    original = install_cli.perform

    def loud(run: install_cli.Run) -> None:
        try:
            original(run)
        except Exception:
            run.warn(traceback.format_exc())
            raise

    monkeypatch.setattr(install_cli, "perform", loud)
    with pytest.raises(AssertionError, match="Traceback"):
        check_bad_input(ws, "failing-build")
