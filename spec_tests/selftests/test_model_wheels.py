"""The model's wheel cache where no facet call reaches: the interpreter in the key, writes staged
beside their target, and ``model.wheels.cache_decision`` (a link as the user wrote it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from packaging.tags import Tag

from model.wheels import CacheDecision, cache_decision, find_wheel, parse_link, store_wheel
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
