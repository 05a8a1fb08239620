"""The registry is well formed, quotes the page, and every documented statement is checked."""

from __future__ import annotations

import re

import pytest

from spec_tests import registry
from spec_tests.plugin import Coverage
from spec_tests.registry import Tier

STATEMENTS = list(registry.load().values())


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize(
    "st",
    [s for s in STATEMENTS if s.tier in (Tier.DOCUMENTED, Tier.INFORMATIVE)],
    ids=lambda s: s.id,
)
def test_documented_text_is_quoted_from_the_page(st: registry.Statement) -> None:
    assert _squash(st.text) in _squash(registry.page_text())


@pytest.mark.parametrize(
    "st", [s for s in STATEMENTS if s.tier is Tier.OBSERVED], ids=lambda s: s.id
)
def test_observed_statements_say_where_they_were_seen(st: registry.Statement) -> None:
    assert st.seen, "an observed statement lists the pip versions it was measured on"
    assert st.id.startswith("observed.")


def test_ids_are_dotted_and_unique() -> None:
    ids = [s.id for s in STATEMENTS]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", i) for i in ids)


def test_every_page_version_note_has_a_gated_statement() -> None:
    """Each "Changed in version X" / "Added in version X" of the page is a statement with since."""
    versions = set(re.findall(r"(?:Changed|Added) in version (\d+\.\d+)", registry.page_text()))
    gated = {str(s.since) for s in STATEMENTS if s.since is not None}
    assert versions <= gated


def test_every_documented_statement_has_a_test(statement_coverage: Coverage) -> None:
    """No documented or observed statement is without a test, unless marked pending; and a
    pending statement that has tests must drop the flag."""
    if not statement_coverage.complete:
        pytest.skip("only a run that collects the whole suite can judge coverage")
    assert statement_coverage.uncovered() == []
    assert statement_coverage.pending_with_tests() == []


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"id": "a.b", "tier": "nope", "section": "s", "text": "t"}, "nope"),
        ({"id": "a.b", "tier": "documented", "section": "s"}, "missing field"),
        ({"id": "a.b", "tier": "documented", "section": "s", "text": "t", "since": "x"}, "x"),
        (
            {"id": "a.b", "tier": "documented", "section": "s", "text": "t", "applies": "<1"},
            "since",
        ),
        ({"id": "a.b", "tier": "observed", "section": "s", "text": "t", "colour": 1}, "unknown"),
    ],
)
def test_malformed_entries_are_rejected(raw: dict[str, object], message: str) -> None:
    with pytest.raises(registry.RegistryError, match=message):
        registry._parse(raw)
