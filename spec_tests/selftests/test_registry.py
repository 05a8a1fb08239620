"""The registry is well formed, quotes the page, and every documented statement is checked."""

from __future__ import annotations

import re

import pytest

from spec_tests import page, registry
from spec_tests.plugin import Coverage
from spec_tests.registry import Tier

STATEMENTS = list(registry.load().values())


QUOTING = [s for s in STATEMENTS if s.tier in (Tier.DOCUMENTED, Tier.INFORMATIVE)]


@pytest.mark.parametrize("st", QUOTING, ids=lambda s: s.id)
def test_quotes_are_on_their_pages_and_only_there(st: registry.Statement) -> None:
    """On each page version it claims, the statement's quote for that version is in a block of
    its own section (whitespace and MyST markup aside, case kept: 26.2's "Pip" is not 24.2's
    "pip"); on every other version it is not, so ``pages`` says exactly where it is."""
    for version in registry.PAGES:
        placed = registry.locate(st, version) is not None
        if version in st.pages:
            assert placed, f"{st.quote(version)!r} is not in {st.section!r} on page {version}"
        else:
            assert not placed, f"{st.id} is on page {version} too: add it to pages"


@pytest.mark.parametrize("version", registry.PAGES)
def test_every_sentence_of_the_page_is_quoted(version: str) -> None:
    """Every word of every paragraph and code block of the page (notes and tabs included) is
    inside the quote of a documented or informative statement on that page: what is left
    between the quotes is punctuation and space only."""
    on_page = [s for s in QUOTING if s.on_page(version)]
    spans: dict[int, list[tuple[int, int]]] = {}
    for st in on_page:
        placed = registry.locate(st, version)
        if placed is not None:
            spans.setdefault(id(placed.block), []).append((placed.start, placed.end))
    unquoted = []
    for block in page.prose(version):
        text = list(page.plain(block.text))
        for start, end in spans.get(id(block), []):
            text[start:end] = " " * (end - start)
        left = " ".join("".join(text).split())
        if any(ch.isalnum() for ch in left):
            unquoted.append(f"{'/'.join(block.section)}: {left!r}")
    assert unquoted == []


def test_the_26_2_page_capitalises_pip_and_the_registry_says_so() -> None:
    """Each statement whose 24.2 words start with "pip" quotes 26.2's "Pip" for page 26.2."""
    lower = [s for s in QUOTING if s.text.startswith("pip") and "26.2" in s.pages]
    assert lower
    for st in lower:
        assert st.quote("26.2") == "P" + st.text[1:], st.id


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


@pytest.mark.parametrize("version", registry.PAGES)
def test_every_version_note_has_a_gated_statement(version: str) -> None:
    """Each ``versionadded``/``versionchanged`` note of the page is a statement whose ``since`` is
    the note's version: one quoted inside the note, or, for a note without text, one of the note's
    section."""
    notes = [b for b in _walk(page.blocks(version)) if b.directive.startswith("version")]
    assert notes
    for note in notes:
        gated = [s for s in QUOTING if s.on_page(version) and str(s.since) == note.text]
        if note.children:
            places = [registry.locate(s, version) for s in gated]
            inside = [p for p in places if p is not None and p.block in note.children]
            assert inside, f"no statement quoting the {note.directive} {note.text} note"
        else:
            assert any(page.section_of(s.section) == note.section for s in gated), note


def _walk(blocks: tuple[page.Block, ...]) -> list[page.Block]:
    return [x for b in blocks for x in (b, *_walk(b.children))]


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
        (
            {
                "id": "a.b",
                "tier": "documented",
                "section": "s",
                "text": "t",
                "pages": ["24.2"],
                "quotes": {"26.2": "T"},
            },
            "not in its pages",
        ),
        (
            {
                "id": "a.b",
                "tier": "documented",
                "section": "s",
                "text": "t",
                "quotes": {"26.2": "t"},
            },
            "drop the quote",
        ),
        ({"id": "a.b", "tier": "observed", "section": "s", "text": "t", "tracker": ["#1"]}, "URL"),
    ],
)
def test_malformed_entries_are_rejected(raw: dict[str, object], message: str) -> None:
    with pytest.raises(registry.RegistryError, match=message):
        registry._parse(raw)
