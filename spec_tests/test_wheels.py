"""Locally built wheels, at the API level: the implementation's cache decision, keying and choice.

The facet (:class:`spec_tests.interface.WheelCache`) is asked where a wheel built from a link goes,
and which cached wheel a requirement gets. The end-to-end counterpart, counting real builds, is
``test_wheels_e2e.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.tags import sys_tags

from spec_tests.harness.backend import (
    BuildCounter,
    Project,
    write_project,
    write_sdist,
    write_wheel_file,
)
from spec_tests.harness.gitrepo import make_repo

if TYPE_CHECKING:
    from pathlib import Path

    from spec_tests.interface import WheelCache

_names = st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,7}", fullmatch=True)
_versions = st.builds("{}.{}".format, st.integers(0, 3), st.integers(0, 3))

INDEX = "http://127.0.0.1:9/files"


def _sdist_url(name: str, version: str) -> str:
    return f"{INDEX}/{name}-{version}.tar.gz"


def _platform_tag() -> str:
    """A supported tag better than ``py3-none-any``: ``py3-none-<this platform>``."""
    plain = next(t for t in sys_tags() if not t.platform.startswith(("manylinux", "musllinux")))
    return f"py3-none-{plain.platform}"


@pytest.mark.statement("wheels.use-cache-whenever-possible")
def test_stored_wheel_is_found_for_its_link(wheels: WheelCache, tmp_path: Path) -> None:
    """A wheel stored for a link is what a later lookup of that link and name returns."""
    cache = tmp_path / "cache"
    link = _sdist_url("alpha_pkg", "1.0")
    stored = wheels.store(cache, link, write_wheel_file(tmp_path / "built", "alpha-pkg", "1.0"))
    assert stored.is_file()
    assert stored.is_relative_to(cache)
    found = wheels.lookup(cache, link, "alpha-pkg")
    assert found is not None
    assert found.read_bytes() == stored.read_bytes()


@pytest.mark.statement("wheels.same-version-reused")
def test_same_name_and_version_only(wheels: WheelCache, tmp_path: Path) -> None:
    """The same version under any spelling of the name is used; another version or name is not."""
    cache = tmp_path / "cache"
    wheels.store(
        cache, _sdist_url("Alpha.Pkg", "1.0"), write_wheel_file(tmp_path / "b", "alpha.pkg", "1.0")
    )
    assert wheels.lookup(cache, _sdist_url("Alpha.Pkg", "1.0"), "ALPHA_pkg") is not None
    assert wheels.lookup(cache, _sdist_url("Alpha.Pkg", "2.0"), "alpha-pkg") is None
    assert wheels.lookup(cache, _sdist_url("Alpha.Pkg", "1.0"), "beta") is None


@pytest.mark.statement("wheels.same-version-reused")
@given(name=_names, stored=_versions, wanted=_versions)
def test_found_exactly_for_the_stored_version(
    wheels: WheelCache,
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    stored: str,
    wanted: str,
) -> None:
    """For any name and pair of versions: a lookup finds the wheel iff the versions agree."""
    cache = tmp_path_factory.mktemp("cache")
    wheel = write_wheel_file(tmp_path_factory.mktemp("built"), name, stored)
    wheels.store(cache, _sdist_url(name.lower(), stored), wheel)
    found = wheels.lookup(cache, _sdist_url(name.lower(), wanted), name.swapcase())
    assert (found is not None) == (stored == wanted)


@pytest.mark.statement("wheels.same-version-reused")
def test_best_supported_tag_wins(wheels: WheelCache, tmp_path: Path) -> None:
    """Of several cached wheels of that version, the best supported one is used."""
    cache = tmp_path / "cache"
    link = _sdist_url("pkg", "1.0")
    best = _platform_tag()
    for tag in ("py3-none-any", best, "py2-none-win32"):
        wheels.store(cache, link, write_wheel_file(tmp_path / tag, "pkg", "1.0", tag))
    found = wheels.lookup(cache, link, "pkg")
    assert found is not None
    assert found.name == f"pkg-1.0-{best}.whl"


@pytest.mark.statement("wheels.built-wheel-added")
@pytest.mark.parametrize(
    "link",
    [_sdist_url("pkg", "1.0"), f"pkg @ {INDEX}/pkg-1.0.zip"],
    ids=["index-sdist", "url-sdist"],
)
def test_sdist_from_index_or_url_is_cached(wheels: WheelCache, link: str) -> None:
    """A wheel built from an sdist found on an index or given by URL is added to the cache."""
    assert wheels.cache_decision(link) == "persistent"


@pytest.mark.statement("wheels.direct-path-not-cached")
@pytest.mark.parametrize("editable", [False, True], ids=["regular", "editable"])
def test_local_directory_not_cached(wheels: WheelCache, tmp_path: Path, editable: bool) -> None:
    """A wheel built from a local directory (``pip install .``, or ``-e .``) is not kept."""
    source = write_project(Project("proj", "1.0", BuildCounter(tmp_path / "n")), tmp_path / "proj")
    (source / "setup.py").write_text("")  # pips before 21.3 take no editable without one
    assert wheels.cache_decision(str(source), editable=editable) != "persistent"


@pytest.mark.statement("wheels.direct-path-not-cached")
def test_directory_named_like_an_sdist_not_cached(wheels: WheelCache, tmp_path: Path) -> None:
    """A local directory named like ``name-version`` is a direct path like any other: its wheel
    is not kept, given by path or as ``name @ file://``."""
    counter = BuildCounter(tmp_path / "n")
    source = write_project(Project("nvpkg", "1.0", counter), tmp_path / "nvpkg-1.0")
    for link in (str(source), f"nvpkg @ {source.as_uri()}"):
        assert wheels.cache_decision(link) != "persistent", link


@pytest.mark.statement("wheels.direct-path-not-cached")
def test_sdist_file_not_cached(wheels: WheelCache, tmp_path: Path) -> None:
    """An sdist file is a source distribution too: given by path, ``file://`` URL or as
    ``name @ file://``, its wheel is not kept (an sdist found on an index or at an http(s) URL
    is: ``test_sdist_from_index_or_url_is_cached``)."""
    sdist = write_sdist(Project("pkg", "1.0", BuildCounter(tmp_path / "n")), tmp_path / "dist")
    for link in (str(sdist), sdist.as_uri(), f"pkg @ {sdist.as_uri()}"):
        assert wheels.cache_decision(link) != "persistent", link


@pytest.mark.statement("wheels.direct-path-reused-within-run")
def test_local_directory_goes_to_per_run_cache(wheels: WheelCache, tmp_path: Path) -> None:
    """A local directory's wheel goes to a cache that lives for the run: ephemeral, not none."""
    source = write_project(Project("proj", "1.0", BuildCounter(tmp_path / "n")), tmp_path / "proj")
    assert wheels.cache_decision(str(source)) == "ephemeral"


@pytest.mark.statement("wheels.git-commit-cached")
def test_git_commit_is_cached_a_branch_is_not(wheels: WheelCache, tmp_path: Path) -> None:
    """A Git URL pinned to a commit hash (an immutable reference): its wheel goes to the
    persistent cache. The contrast the page draws: at a branch (a reference that moves) it does
    not."""
    repo = make_repo(Project("gitpkg", "1.0", BuildCounter(tmp_path / "n")), tmp_path / "repo")
    assert wheels.cache_decision(repo.requirement(repo.commit)) == "persistent"
    assert wheels.cache_decision(repo.requirement(repo.branch)) != "persistent"


@pytest.mark.statement("observed.wheels.git-branch-rebuilt")
def test_git_branch_is_not_cached(wheels: WheelCache, tmp_path: Path) -> None:
    """A Git URL at a branch: a mutable reference, so its wheel is kept for the run only."""
    repo = make_repo(Project("gitpkg", "1.0", BuildCounter(tmp_path / "n")), tmp_path / "repo")
    assert wheels.cache_decision(repo.requirement(repo.branch)) == "ephemeral"


@pytest.mark.statement("avoid.sdist-install-builds")
def test_sdist_file_does_not_find_the_index_wheel(wheels: WheelCache, tmp_path: Path) -> None:
    """The wheel cached for the index's sdist is not found for the same sdist given as a file."""
    cache = tmp_path / "cache"
    wheels.store(cache, _sdist_url("pkg", "1.0"), write_wheel_file(tmp_path / "b", "pkg", "1.0"))
    local = tmp_path / "pkg-1.0.tar.gz"
    local.write_bytes(b"")
    assert wheels.lookup(cache, str(local), None) is None
    assert wheels.lookup(cache, f"pkg @ {local.as_uri()}", "pkg") is None


@pytest.mark.statement("observed.wheels.local-sdist-file-stored")
def test_sdist_file_unnamed_never_found(wheels: WheelCache, tmp_path: Path) -> None:
    """pip keeps the wheel of an sdist file given by path (against the page's "not cached across
    runs"): it is found when the requirement names the project, not when it is a bare path
    (whose name pip learns only after the lookup)."""
    cache = tmp_path / "cache"
    local = tmp_path / "pkg-1.0.tar.gz"
    local.write_bytes(b"")
    assert wheels.cache_decision(str(local)) == "persistent"
    wheels.store(cache, str(local), write_wheel_file(tmp_path / "b", "pkg", "1.0"))
    assert wheels.lookup(cache, str(local), None) is None
    assert wheels.lookup(cache, f"pkg @ {local.as_uri()}", "pkg") is not None


@pytest.mark.statement("wheels.built-wheel-added")
def test_wheel_link_builds_nothing(wheels: WheelCache) -> None:
    """A link that is already a wheel is not built, so nothing is cached for it."""
    assert wheels.cache_decision(f"{INDEX}/pkg-1.0-py3-none-any.whl") == "none"
