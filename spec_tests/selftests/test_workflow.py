"""The GitHub workflow runs the matrix tox.ini defines (its schema is checked by ``.ci/run`` with
check-jsonschema: a workflow cannot run here)."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "conformance.yml"

pytestmark = pytest.mark.skipif(not WORKFLOW.exists(), reason="outside a checkout")


def _tox_envs() -> set[str]:
    ini = configparser.ConfigParser()
    ini.read(ROOT / "tox.ini")
    return {e for e in ini["tox"]["env_list"].split() if e == "model" or e.startswith("pip-")}


def test_the_workflow_matrix_is_tox_ini_s() -> None:
    matrix = re.search(r"^\s+impl: \[(.*)\]$", WORKFLOW.read_text(), re.MULTILINE)
    assert matrix, "no impl: [...] matrix line in the workflow"
    assert {e.strip() for e in matrix.group(1).split(",")} == _tox_envs()


def test_the_workflow_runs_on_the_pages_three_platforms() -> None:
    assert "os: [ubuntu-latest, macos-latest, windows-latest]" in WORKFLOW.read_text()
