"""docs/walkthrough.md is what the model's installer says today (``--explain``, every decision).

Regenerate it with ``python -m spec_tests.report.walkthrough``.
"""

from __future__ import annotations

import difflib

import pytest

from spec_tests.report import walkthrough

pytestmark = pytest.mark.e2e


def test_walkthrough_is_up_to_date() -> None:
    if not walkthrough.DOCUMENT.parent.joinpath("..", "pyproject.toml").exists():
        pytest.skip("docs/ exists only in a checkout of the repository, not in an installed suite")
    committed = (
        walkthrough.DOCUMENT.read_text(encoding="utf-8") if walkthrough.DOCUMENT.exists() else ""
    )
    generated = walkthrough.render()
    if committed != generated:
        diff = difflib.unified_diff(
            committed.splitlines(), generated.splitlines(), "committed", "generated", lineterm=""
        )
        pytest.fail(
            f"docs/walkthrough.md is out of date; regenerate it: {walkthrough.REGENERATE}\n"
            + "\n".join(list(diff)[:40]),
            pytrace=False,
        )
