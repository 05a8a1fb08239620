"""Locally built wheels, link by link: the forms links take as indexes serve them, users write them.

``test_wheels.py`` asks the facet about the plainest link of each kind; this module asks about the
forms real links take: hash fragments and query strings (what indexes serve), quoted file names,
archives that name no version (GitHub's), and which links share their cached wheels (the cache is
keyed by link). Nothing is built: the facet is asked for its decision, and stores and looks up
ready-made wheel files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from spec_tests.harness.backend import BuildCounter, Project, write_wheel_file
from spec_tests.harness.gitrepo import make_repo

if TYPE_CHECKING:
    from pathlib import Path

    from spec_tests.interface import WheelCache

FILES = "https://files.example/packages"
SDIST = f"{FILES}/pkg-1.0.tar.gz"
SHA_A, SHA_B = "a" * 64, "b" * 64
COMMIT_A, COMMIT_B = "1" * 40, "2" * 40
REPO = "git+https://git.example/org/pkg"


@pytest.mark.statement("wheels.built-wheel-added")
@pytest.mark.parametrize(
    "link",
    [
        pytest.param(f"{FILES}/pkg-1.0.tar.gz#sha256={SHA_A}", id="hash-fragment"),
        pytest.param(f"{FILES}/pkg-1.0.tar.gz?X-Amz-Signature=abc&X-Amz-Expires=60", id="query"),
        pytest.param(f"{FILES}/python-dateutil-2.8.2.tar.gz", id="dashed-name"),
        pytest.param(f"{FILES}/pkg-1.0%2Bcpu.tar.gz", id="quoted-local-version"),
        pytest.param(f"{FILES}/PKG-1.0.ZIP", id="upper-case"),
    ],
)
def test_sdist_links_as_indexes_serve_them_are_cached(wheels: WheelCache, link: str) -> None:
    """An sdist's link as an index serves it (a hash fragment as on PyPI, a signed query string,
    an old dash-separated name, a percent-quoted local version, an upper-case ending) is an sdist
    all the same: the wheel built from it is added to the cache."""
    assert wheels.cache_decision(link) == "persistent"


@pytest.mark.statement("observed.wheels.url-names-version")
@pytest.mark.parametrize(
    "link",
    [f"{FILES}/pkg-1.0", f"{FILES}/pkg-1.0/", f"{FILES}/pkg-1.0?download=1"],
    ids=["bare", "final-slash", "query"],
)
def test_url_naming_name_version_is_cached(wheels: WheelCache, link: str) -> None:
    """A URL whose last path segment reads name-version, without an archive ending, is cached
    like an sdist's."""
    assert wheels.cache_decision(link) == "persistent"


@pytest.mark.statement("observed.wheels.url-names-version")
@pytest.mark.parametrize(
    "link",
    [
        "https://github.com/org/pkg/archive/main.zip",
        "https://github.com/org/pkg/archive/refs/tags/v1.0.tar.gz",
        f"{FILES}/pkg.tar.gz",
        "https://files.example/download?project=pkg&version=1.0",
    ],
    ids=["branch-archive", "tag-archive", "unversioned-sdist", "download-endpoint"],
)
def test_url_naming_no_version_is_built_every_run(wheels: WheelCache, link: str) -> None:
    """A URL whose file name names no version is built on every run: kept for the run only."""
    assert wheels.cache_decision(link) == "ephemeral"


@pytest.mark.statement("observed.wheels.keyed-by-link")
@pytest.mark.parametrize(
    ("stored", "asked"),
    [
        pytest.param(f"{FILES}/pkg-1.0.tar.gz#egg=pkg", f"{FILES}/pkg-1.0.tar.gz", id="egg"),
        pytest.param(
            f"{FILES}/pkg-1.0.tar.gz#sha256={SHA_A}",
            f"{FILES}/pkg-1.0.tar.gz#egg=pkg&sha256={SHA_A}",
            id="same-hash",
        ),
        pytest.param(
            f"{SDIST}#sha256={SHA_A}&subdirectory=src",
            f"{SDIST}#subdirectory=src&sha256={SHA_A}",
            id="fragments-in-another-order",
        ),
        pytest.param(
            f"pkg @ {REPO}@{COMMIT_A}#subdirectory=src",
            f"pkg @ {REPO}@{COMMIT_A}#subdirectory=src&egg=pkg",
            id="same-commit-and-subdirectory",
        ),
    ],
)
def test_same_link_finds_its_wheel(
    wheels: WheelCache, tmp_path: Path, stored: str, asked: str
) -> None:
    """A wheel stored for a link is found through the same link, whatever its #egg= says."""
    cache = tmp_path / "cache"
    wheels.store(cache, stored, write_wheel_file(tmp_path / "built", "pkg", "1.0"))
    assert wheels.lookup(cache, asked, "pkg") is not None


@pytest.mark.statement("observed.wheels.keyed-by-link")
@pytest.mark.parametrize(
    ("stored", "asked"),
    [
        pytest.param(
            f"{FILES}/pkg-1.0.tar.gz#sha256={SHA_A}",
            f"{FILES}/pkg-1.0.tar.gz#sha256={SHA_B}",
            id="other-hash",
        ),
        pytest.param(
            f"{FILES}/pkg-1.0.tar.gz#egg=pkg&sha256={SHA_A}",
            f"{FILES}/pkg-1.0.tar.gz#egg=pkg&sha256={SHA_B}",
            id="other-hash-after-egg",
        ),
        pytest.param(f"{SDIST}#sha256={SHA_A}", SDIST, id="no-hash"),
        pytest.param(
            f"{FILES}/pkg-1.0.tar.gz#subdirectory=a",
            f"{FILES}/pkg-1.0.tar.gz#subdirectory=b",
            id="other-subdirectory",
        ),
        pytest.param(
            f"{FILES}/pkg-1.0.tar.gz#subdirectory=a=1",
            f"{FILES}/pkg-1.0.tar.gz#subdirectory=a=2",
            id="other-subdirectory-with-equals",
        ),
        pytest.param(f"{SDIST}?t=1", f"{SDIST}?t=2", id="other-query"),
        pytest.param(f"{FILES}/pkg-1.0", f"{FILES}/pkg-1.0?t=2", id="no-archive-ending"),
        pytest.param(
            f"{FILES}/pkg-1.0#sha256={SHA_A}",
            f"{FILES}/pkg-1.0#sha256={SHA_B}",
            id="no-archive-ending-other-hash",
        ),
        pytest.param("/srv/one/pkg-1.0.tar.gz", "/srv/two/pkg-1.0.tar.gz", id="file-elsewhere"),
        pytest.param(f"pkg @ {REPO}@{COMMIT_A}", f"pkg @ {REPO}@{COMMIT_B}", id="other-commit"),
        pytest.param(
            f"pkg @ {REPO}@{COMMIT_A}#subdirectory=a",
            f"pkg @ {REPO}@{COMMIT_A}#subdirectory=b",
            id="other-subdirectory-of-a-commit",
        ),
    ],
)
def test_other_link_does_not_find_the_wheel(
    wheels: WheelCache, tmp_path: Path, stored: str, asked: str
) -> None:
    """The same project and version through another link (another hash, subdirectory, query or
    commit) does not find the wheel stored for the first one; the first one still does."""
    cache = tmp_path / "cache"
    wheels.store(cache, stored, write_wheel_file(tmp_path / "built", "pkg", "1.0"))
    assert wheels.lookup(cache, asked, "pkg") is None
    assert wheels.lookup(cache, stored, "pkg") is not None


@pytest.mark.statement("wheels.git-commit-cached")
def test_git_commit_is_cached_when_the_repository_path_holds_an_at(
    wheels: WheelCache, tmp_path: Path
) -> None:
    """The commit is what follows the last '@' of the URL's path: a repository under a directory
    named with an '@' (``/src/pkg@2/repo``) pinned to a commit is cached too."""
    project = Project("gitpkg", "1.0", BuildCounter(tmp_path / "n"))
    repo = make_repo(project, tmp_path / "pkg@2" / "repo")
    assert wheels.cache_decision(repo.requirement(repo.commit)) == "persistent"


@pytest.mark.statement("observed.wheels.editable-vcs-not-cached")
def test_editable_git_commit_is_not_cached(wheels: WheelCache, tmp_path: Path) -> None:
    """``pip install -e git+...@<commit>#egg=name``: an editable build is never kept across runs,
    even from an immutable commit."""
    repo = make_repo(Project("gitpkg", "1.0", BuildCounter(tmp_path / "n")), tmp_path / "repo")
    link = f"{repo.url}@{repo.commit}#egg=gitpkg"
    assert wheels.cache_decision(link) == "persistent"  # the contrast: not editable, cached
    assert wheels.cache_decision(link, editable=True) == "ephemeral"
