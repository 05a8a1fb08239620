"""How the model reads an index page (:mod:`model.install.index`), as pip 24.2's ``parse_links``
reads one: PEP 503's ``<base href>`` (the first one), anchors without ``href`` skipped, hash
fragments among other items; PEP 691's ``filename`` before the URL's last segment, fields of
the wrong type ignored; a malformed page refused in one line; a yanked file only for an exact
pin (``==`` without a wildcard, or ``===``)."""

from __future__ import annotations

import json

import pytest
from packaging.specifiers import SpecifierSet
from packaging.tags import Tag
from packaging.utils import canonicalize_name
from packaging.version import Version

from model.install.errors import BadPage
from model.install.index import choose, parse_page

PAGE = "https://index.test/simple/demo/"
DEMO = canonicalize_name("demo")


def _html(body: str) -> list[tuple[str, str, dict[str, str]]]:
    found = parse_page(body.encode(), "text/html", PAGE)
    return [(c.filename, c.url, dict(c.hashes)) for c in found]


def test_html_base_href_and_fragments() -> None:
    body = (
        '<link rel="stylesheet" href="/style/">'
        '<base href="https://files.test/f/"><base href="https://other.test/">'
        '<a href="demo-1.0.tar.gz#sha256=aa&amp;md5=bb">1.0</a>'
        "<a>no link</a>"
        '<a href="../demo-2.0.tar.gz#egg=x&sha512=cc=d">2.0</a>'
        '<a href="/x/y/demo-3.0.tar.gz">3.0</a>'
    )
    assert _html(body) == [
        ("demo-1.0.tar.gz", "https://files.test/f/demo-1.0.tar.gz", {"sha256": "aa"}),
        ("demo-2.0.tar.gz", "https://files.test/demo-2.0.tar.gz", {"sha512": "cc=d"}),
        ("demo-3.0.tar.gz", "https://files.test/x/y/demo-3.0.tar.gz", {}),
    ]


def test_html_without_base_is_relative_to_the_page() -> None:
    assert _html('<link href="/elsewhere/"><a href="demo-1.0.tar.gz">1.0</a>') == [
        ("demo-1.0.tar.gz", PAGE + "demo-1.0.tar.gz", {}),
    ]
    assert _html('<base href="/files/"><a href="demo-1.0.tar.gz">1.0</a>') == [
        ("demo-1.0.tar.gz", "https://index.test/files/demo-1.0.tar.gz", {}),
    ]


def _json(files: object) -> list[tuple[str, str, dict[str, str], str | None]]:
    body = json.dumps({"meta": {"api-version": "1.0"}, "files": files}).encode()
    found = parse_page(body, "Application/vnd.pypi.simple.v1+json; charset=utf-8", PAGE)
    return [(c.filename, c.url, dict(c.hashes), c.requires_python) for c in found]


def test_json_fields() -> None:
    files = [
        "not a file",
        {"url": 5},
        {"url": "https://f.test/get?id=1", "filename": "demo-1.0.tar.gz", "hashes": []},
        {"url": "https://f.test/a/b/demo-2.0.tar.gz#sha256=ff", "filename": 5,
         "hashes": {"sha256": "ee", "md5": 3}, "requires-python": 3},
        {"url": "https://f.test/a/demo%2D3.0.tar.gz", "requires-python": ">=3"},
    ]  # fmt: skip
    assert _json(files) == [
        ("demo-1.0.tar.gz", "https://f.test/get?id=1", {}, None),
        ("demo-2.0.tar.gz", "https://f.test/a/b/demo-2.0.tar.gz", {"sha256": "ee"}, None),
        ("demo-3.0.tar.gz", "https://f.test/a/demo%2D3.0.tar.gz", {}, ">=3"),
    ]


@pytest.mark.parametrize("body", [[], {"files": {}}, {"name": "demo"}])
def test_a_json_page_without_files_is_refused(body: object) -> None:
    with pytest.raises(BadPage) as caught:
        parse_page(json.dumps(body).encode(), "application/vnd.pypi.simple.v1+json", PAGE)
    assert str(caught.value) == f"{PAGE}: a JSON page without a list of files"


@pytest.mark.parametrize(
    ("specifier", "chosen"), [("===1.0", "1.0"), ("==1.0", "1.0"), ("==1.*", None)]
)
def test_a_yanked_file_only_for_an_exact_pin(specifier: str, chosen: str | None) -> None:
    [yanked] = parse_page(b'<a href="demo-1.0.tar.gz" data-yanked="">', "text/html", PAGE)
    found = choose(
        [yanked], DEMO, SpecifierSet(specifier), frozenset({"source"}),
        [Tag("py3", "none", "any")], Version("3.11"),
    )  # fmt: skip
    assert (found and str(found.version)) == chosen


def test_a_page_is_read_whatever_its_bytes() -> None:
    body = b'<a href="demo-1.0.tar.gz">\xff</a>'
    assert [c.filename for c in parse_page(body, None, PAGE)] == ["demo-1.0.tar.gz"]
    with pytest.raises(BadPage) as caught:
        parse_page(b"{", "application/vnd.pypi.simple.v1+json", PAGE)
    assert str(caught.value).startswith(f"{PAGE}: unreadable index page (")


@pytest.mark.parametrize(
    ("requires", "python", "chosen"),
    [
        (">=3", "3.11.7", True),
        (">=3.12", "3.11.7", False),
        (
            ">=3.12",
            "3.13.0rc1",
            True,
        ),  # a pre-release interpreter meets it (pip's prereleases=True)
        ("not a specifier", "3.11.7", True),  # pip ignores what it cannot read
    ],
)
def test_requires_python(requires: str, python: str, chosen: bool) -> None:
    html = f'<a href="demo-1.0.tar.gz" data-requires-python="{requires}">'
    found = choose(
        parse_page(html.encode(), "text/html", PAGE), DEMO, SpecifierSet(), frozenset({"source"}),
        [Tag("py3", "none", "any")], Version(python),
    )  # fmt: skip
    assert (found is not None) == chosen
