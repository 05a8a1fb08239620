"""The model's wheel cache where no facet call reaches: the interpreter in the key, writes staged
beside their target, and ``model.wheels.cache_decision`` (a link as the user wrote it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from packaging.tags import Tag
from packaging.utils import canonicalize_name
from packaging.version import Version

from model.wheels import (
    CacheDecision,
    LinkKind,
    ParsedLink,
    cache_decision,
    choose_wheel,
    find_wheel,
    parse_link,
    store_wheel,
)
from model.wheels.facet import ModelWheelCache
from spec_tests.harness.backend import write_wheel_file

if TYPE_CHECKING:
    from pathlib import Path

LINK = "https://o.test/pkg-1.0.tar.gz"
ANY = [Tag("py3", "none", "any")]


def test_wheels_are_kept_per_interpreter(tmp_path: Path) -> None:
    """pip keys a link's wheels by interpreter too ("ill-behaved sdists ... build a different
    wheel depending on the python version"): a pure-Python wheel built under CPython 3.11 is not
    found by 3.12."""
    link = parse_link(f"pkg @ {LINK}")
    store_wheel(tmp_path, link, write_wheel_file(tmp_path / "b", "pkg", "1.0"), "cp311")
    assert find_wheel(tmp_path, link, ANY, "cp311") is not None
    assert find_wheel(tmp_path, link, ANY, "cp312") is None


@pytest.mark.usefixtures("tmpdir_elsewhere")
def test_wheels_are_staged_beside_their_target(tmp_path: Path) -> None:
    """A wheel is copied to a temporary file in its own directory, then renamed: a temporary
    directory on another file system changes nothing."""
    wheels = ModelWheelCache(cwd=tmp_path)
    wheels.store(tmp_path / "cache", LINK, write_wheel_file(tmp_path / "b", "pkg", "1.0"))
    assert wheels.lookup(tmp_path / "cache", LINK, "pkg") is not None


def test_cache_decision_of_a_link_as_written() -> None:
    assert cache_decision(LINK) is CacheDecision.PERSISTENT
    assert cache_decision(LINK, editable=True) is CacheDecision.EPHEMERAL


@pytest.mark.parametrize(
    ("text", "kind", "version"),
    [
        ("pkg @ https://o.test/pkg-1.0-py3-none-any.whl#sha256=ab", LinkKind.WHEEL, None),
        ("pkg @ /src/pkg#egg=pkg", LinkKind.LOCAL_DIRECTORY, None),
        ("pkg @ https://o.test/get/pkg-1.0#sha256=ab", LinkKind.REMOTE_ARCHIVE, "1.0"),
    ],
)
def test_a_parsed_link_keeps_its_name_and_fragment(text: str, kind: LinkKind, version: str) -> None:
    """``parse_link`` classifies a link and keeps what the user wrote beside the URL: the
    requirement's name and the fragment (a hash, an egg name), whatever the kind."""
    url, _, fragment = text.partition(" @ ")[2].partition("#")
    assert parse_link(text) == ParsedLink(
        kind, url, canonicalize_name("pkg"), version and Version(version), fragment
    )


def test_a_relative_link_is_the_same_link_as_its_absolute_path(tmp_path: Path) -> None:
    """A local link is keyed by its absolute path: ``./pkg-1.0.tar.gz`` in a directory finds the
    wheel stored for that directory's ``pkg-1.0.tar.gz``, not another directory's."""
    wheels = ModelWheelCache(cwd=tmp_path)
    cache = tmp_path / "cache"
    built = write_wheel_file(tmp_path / "b", "pkg", "1.0")
    wheels.store(cache, str(tmp_path / "pkg-1.0.tar.gz"), built)
    assert wheels.lookup(cache, "./pkg-1.0.tar.gz", "pkg") is not None
    assert ModelWheelCache(cwd=tmp_path / "b").lookup(cache, "./pkg-1.0.tar.gz", "pkg") is None


def test_files_that_do_not_qualify_do_not_hide_the_wheels_after_them() -> None:
    """A link's directory may hold a file that is no wheel (a ``.part`` left by a killed store)
    or a wheel of another version: the qualifying wheel listed after them is still chosen."""
    names = [".tmp-x.part", "pkg-0.9-py3-none-any.whl", "pkg-1.0-py3-none-any.whl"]
    assert choose_wheel(names, canonicalize_name("pkg"), Version("1.0"), ANY) == names[2]
