"""The copies of the page are pip's own source, unchanged, and are read as the page is laid out."""

from __future__ import annotations

import hashlib
from importlib import resources

import pytest

from spec_tests import page, registry


@pytest.mark.parametrize("version", registry.PAGES)
def test_each_copy_is_the_file_its_provenance_names(version: str) -> None:
    """The copy hashes to the git blob recorded in PROVENANCE.toml (the blob of
    docs/html/topics/caching.md at that tag of pypa/pip), so it is that file, byte for byte."""
    where = page.provenance()[version]
    data = resources.files(page).joinpath(where.file).read_bytes()
    blob = hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()
    assert blob == where.blob
    assert (where.repository, where.path) == (
        "https://github.com/pypa/pip",
        "docs/html/topics/caching.md",
    )
    assert where.tag == version
    assert len(where.commit) == 40


def test_every_page_version_has_a_copy() -> None:
    assert sorted(page.provenance()) == sorted(registry.PAGES)


@pytest.mark.parametrize(
    ("source", "plain"),
    [
        ("use `pip cache dir` to", "use pip cache dir to"),
        ("the {ref}`pip cache` command", "the pip cache command"),
        ("to **NOT** disable", "to NOT disable"),
        ("to determine\nif it has", "to determine if it has"),  # a line break is a space
        ("amount of time\nspent", "amount of time spent"),  # a line break is never dropped
        ("Pip will", "Pip will"),  # case kept
        ("can’t and doesn't", "can’t and doesn't"),  # the source's apostrophes kept
    ],
)
def test_plain_drops_markup_and_collapses_whitespace(source: str, plain: str) -> None:
    assert page.plain(source) == plain


def test_the_page_is_read_as_it_is_laid_out() -> None:
    """Headings give sections, tabs add their name, notes and the pip-cli block are kept apart."""
    by_kind: dict[str, list[page.Block]] = {}

    def walk(blocks: tuple[page.Block, ...]) -> None:
        for b in blocks:
            by_kind.setdefault(b.kind, []).append(b)
            walk(b.children)

    walk(page.blocks("26.2"))
    assert [t.text for t in by_kind["tab"]] == ["Linux", "MacOS", "Windows"]
    assert by_kind["tab"][1].section == ("Where is the cache stored", "Default paths", "MacOS")
    notes = [(n.directive, n.text) for n in by_kind["note"]]
    assert notes == [
        ("versionadded", "6.0"),
        ("versionchanged", "23.3"),
        ("versionchanged", "20.0"),
        ("caution", ""),
        ("versionadded", "20.1"),
        ("versionchanged", "26.2"),
    ]
    assert [c.directive for c in by_kind["code"]] == ["", "", "", "pip-cli"]
    assert [b.text for b in by_kind["label"]] == ["wheel-caching"]
    disabling = next(h for h in by_kind["heading"] if h.text == "Disabling caching")
    assert disabling.section == ("Disabling caching",)  # a section of its own (##), not under
    # "Cache management"


def test_a_statement_is_found_in_its_own_section_only() -> None:
    """26.2 writes "Pip will also respect `XDG_CACHE_HOME`." in the Linux and the MacOS tab:
    each statement is placed in its own tab."""
    statements = registry.load()
    linux = registry.locate(statements["locations.linux-xdg-cache-home"], "26.2")
    macos = registry.locate(statements["locations.macos-xdg-cache-home"], "26.2")
    assert linux is not None
    assert linux.block.section[-1] == "Linux"
    assert macos is not None
    assert macos.block.section[-1] == "MacOS"
    assert registry.locate(statements["locations.macos-xdg-cache-home"], "24.2") is None
