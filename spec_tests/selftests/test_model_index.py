"""The model installer's pure parts: index pages (PEP 503 HTML, PEP 691 JSON), the choice of a
file, ``--no-binary``/``--only-binary``, hash checks and requirement classification."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

import pytest
from packaging.specifiers import SpecifierSet
from packaging.tags import Tag
from packaging.utils import canonicalize_name
from packaging.version import Version

from model.install.errors import FetchError, Unsupported
from model.install.fetch import check_hashes
from model.install.index import Candidate, choose, parse_page
from model.install.options import ALL, Formats, UsageError, parse
from model.install.requirement import Direct, FromIndex, classify
from model.wheels.links import LinkKind

if TYPE_CHECKING:
    from pathlib import Path

PAGE = "https://index.test/simple/demo/"
TAGS = [Tag("py3", "none", "any")]
PY = Version("3.11.7")
HTML = b"""<!DOCTYPE html><html><body>
<a href="../../files/demo-1.0.tar.gz#sha256=aa">demo-1.0.tar.gz</a>
<a href="../../files/demo-1.0-py3-none-any.whl#sha256=bb">demo-1.0-py3-none-any.whl</a>
<a href="../../files/demo-2.0.tar.gz" data-requires-python="&gt;=4">demo-2.0.tar.gz</a>
<a href="../../files/demo-1.5.tar.gz" data-yanked="">demo-1.5.tar.gz</a>
<a href="../../files/demo-3.0b1.tar.gz">demo-3.0b1.tar.gz</a>
<a href="../../files/other-9.0.tar.gz">other-9.0.tar.gz</a>
</body></html>"""
JSON = json.dumps(
    {
        "meta": {"api-version": "1.0"},
        "name": "demo",
        "files": [
            {
                "filename": "demo-1.0.tar.gz",
                "url": "../../files/demo-1.0.tar.gz",
                "hashes": {"sha256": "aa"},
            },
            {
                "filename": "demo-1.0-py3-none-any.whl",
                "url": "../../files/demo-1.0-py3-none-any.whl",
                "hashes": {"sha256": "bb"},
            },
            {
                "filename": "demo-2.0.tar.gz",
                "url": "../../files/demo-2.0.tar.gz",
                "hashes": {},
                "requires-python": ">=4",
            },
            {
                "filename": "demo-1.5.tar.gz",
                "url": "../../files/demo-1.5.tar.gz",
                "hashes": {},
                "yanked": "broken",
            },
            {"filename": "demo-3.0b1.tar.gz", "url": "../../files/demo-3.0b1.tar.gz", "hashes": {}},
        ],
    }
).encode()
DEMO = canonicalize_name("demo")


@pytest.fixture(params=["html", "json"])
def candidates(request: pytest.FixtureRequest) -> list[Candidate]:
    if request.param == "html":
        return parse_page(HTML, "text/html; charset=utf-8", PAGE)
    return parse_page(JSON, "application/vnd.pypi.simple.v1+json", PAGE)


def _pick(
    candidates: list[Candidate], spec: str = "", formats: Formats | None = None
) -> str | None:
    formats = formats or Formats()
    found = choose(candidates, DEMO, SpecifierSet(spec), formats.allowed(DEMO), TAGS, PY)
    return None if found is None else found.link


def test_both_formats_give_the_same_links(candidates: list[Candidate]) -> None:
    """A wheel beats the sdist of its version; its hash goes into the link the cache keys by."""
    assert _pick(candidates) == "https://index.test/files/demo-1.0-py3-none-any.whl#sha256=bb"


def test_no_binary_takes_the_sdist(candidates: list[Candidate]) -> None:
    assert _pick(candidates, formats=Formats(no_binary=frozenset({ALL}))) == (
        "https://index.test/files/demo-1.0.tar.gz#sha256=aa"
    )


def test_only_binary_for_the_project_wins_over_no_binary_all(candidates: list[Candidate]) -> None:
    formats = Formats(no_binary=frozenset({ALL}), only_binary=frozenset({DEMO}))
    assert _pick(candidates, formats=formats) is not None
    assert _pick(candidates, formats=formats).endswith(".whl#sha256=bb")  # type: ignore[union-attr]


def test_requires_python_yanked_and_prereleases(candidates: list[Candidate]) -> None:
    """2.0 needs Python 4; 1.5 is yanked (unless pinned); 3.0b1 only when nothing final matches
    (packaging's rule, pip's without --pre)."""
    assert _pick(candidates, "==2.0") is None
    assert _pick(candidates, ">1.2,<3") is None
    assert _pick(candidates, "==1.5") == "https://index.test/files/demo-1.5.tar.gz"
    assert _pick(candidates, ">1.2") == "https://index.test/files/demo-3.0b1.tar.gz"
    assert _pick(candidates, "<2").endswith("whl#sha256=bb")  # type: ignore[union-attr]


def test_format_options_follow_pips_order() -> None:
    options = parse("install", ["-t", "t", "--no-binary", ":all:", "--only-binary", "Demo", "x"])
    assert options is not None
    assert options.formats == Formats(frozenset({ALL}), frozenset({DEMO}))
    options = parse("install", ["-t", "t", "--only-binary", "demo", "--no-binary", ":all:", "x"])
    assert options is not None
    assert options.formats == Formats(frozenset({ALL}), frozenset())


def test_unknown_option_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="no such option"):
        parse("install", ["--frobnicate", "x"])


def test_hash_mismatch_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"data")
    check_hashes(path, f"sha256={hashlib.sha256(b'data').hexdigest()}", "u")
    with pytest.raises(FetchError, match="sha256"):
        check_hashes(path, "sha256=00", "u")


def test_requirements_are_classified(tmp_path: Path) -> None:
    (tmp_path / "proj").mkdir()
    (tmp_path / "pkg-1.0.tar.gz").write_bytes(b"")
    cwd = str(tmp_path)
    assert classify("Demo[extra]>=1", cwd) == FromIndex(DEMO, SpecifierSet(">=1"))
    found = classify("./proj", cwd)
    assert isinstance(found, Direct)
    assert (found.link.kind, found.link.url) == (
        LinkKind.LOCAL_DIRECTORY,
        (tmp_path / "proj").as_uri(),
    )
    found = classify("pkg-1.0.tar.gz", cwd)
    assert isinstance(found, Direct)
    assert found.link.kind is LinkKind.LOCAL_ARCHIVE
    found = classify("demo @ git+https://host/repo@" + "a" * 40, cwd)
    assert isinstance(found, Direct)
    assert (found.link.kind, found.link.name) == (LinkKind.VCS_COMMIT, DEMO)
    for bad in ("demo; python_version < '3'", "hg+https://h/r", "./missing", "demo=>>1", "-e ."):
        with pytest.raises(Unsupported):
            classify(bad, cwd)
