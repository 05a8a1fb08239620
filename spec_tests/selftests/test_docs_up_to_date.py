"""The generated documents in docs/ are up to date with the registry, the page and the tests.

- docs/spec.md depends only on the registry, the page and the tests' docstrings (collected against
  the model), so it is checked on every run, with no real pip.
- docs/conformance.md and .html depend on the committed result files docs/results/*.json (written
  by the tox envs) and on the registry; the check is that they equal what those files render to.

Regenerate both with ``tox -e report`` or::

    python -m spec_tests.report docs/results --markdown docs/conformance.md \\
        --html docs/conformance.html --spec docs/spec.md
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

import spec_tests
from spec_tests import registry
from spec_tests.registry import Tier
from spec_tests.report import cli
from spec_tests.report.specdoc import find_quotes, paragraphs

ROOT = Path(spec_tests.__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _checkout() -> Path:
    if not (ROOT / "pyproject.toml").exists():
        pytest.skip("docs/ exists only in a checkout of the repository, not in an installed suite")
    return DOCS


def _same(path: Path, generated: str, how: str) -> None:
    name = path.relative_to(ROOT)
    if not path.exists():
        pytest.fail(f"{name} is missing; generate it: {how}", pytrace=False)
    committed = path.read_text(encoding="utf-8")
    if committed != generated:
        diff = difflib.unified_diff(
            committed.splitlines(), generated.splitlines(), "committed", "generated", lineterm=""
        )
        head = "\n".join(list(diff)[:30])
        pytest.fail(f"{name} is out of date; regenerate it: {how}\n{head}", pytrace=False)


def test_every_quoted_sentence_is_on_the_page() -> None:
    """Each documented or informative statement's quote is found on the page (whitespace aside),
    so docs/spec.md places every sentence where the page says it."""
    statements = registry.load()
    quoted = [s for s in statements.values() if s.tier in (Tier.DOCUMENTED, Tier.INFORMATIVE)]
    placed = {m.statement.id for m in find_quotes(paragraphs(registry.page_text()), statements)}
    assert [s.id for s in quoted if s.id not in placed] == []


def test_spec_md_is_up_to_date() -> None:
    """docs/spec.md equals the page rendered with the registry and the collected tests."""
    docs = _checkout()
    _same(docs / "spec.md", cli.render_spec_doc(), cli.REGENERATE_SPEC)


def test_conformance_table_is_up_to_date() -> None:
    """docs/conformance.md and .html equal the table rendered from docs/results/*.json."""
    docs = _checkout()
    results = sorted((docs / "results").glob("*.json"))
    if not results:
        pytest.skip("no committed result files in docs/results (run tox to make them)")
    markdown, html = cli.render_conformance(results)
    _same(docs / "conformance.md", markdown, cli.REGENERATE_TABLE)
    _same(docs / "conformance.html", html, cli.REGENERATE_TABLE)
