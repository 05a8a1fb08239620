"""Locally built wheels, end to end: the installer is run as a user runs it and its builds counted.

Every generated project's in-tree backend appends a line to a counter file per wheel it builds
(:mod:`spec_tests.harness.backend`); sdists are served by a loopback PEP 503 index over plain
http (:mod:`spec_tests.harness.index`); Git URLs point at a repository made with ``git``
(:mod:`spec_tests.harness.gitrepo`). Each pip call costs about a second: keep this module lean.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from spec_tests.harness.backend import write_project
from spec_tests.harness.gitrepo import make_repo
from spec_tests.harness.workspace import Workspace

if TYPE_CHECKING:
    pass

pytestmark = pytest.mark.e2e


@pytest.mark.statement("wheels.built-wheel-added")
@pytest.mark.statement("wheels.same-version-reused")
@pytest.mark.statement("wheels.use-cache-whenever-possible")
def test_second_install_of_same_version_builds_nothing(ws: Workspace) -> None:
    """An index sdist is built once; the next install, and ``pip wheel``, use the cached wheel."""
    pkg = ws.project("Alpha.Pkg", "1.0")
    ws.publish(pkg)
    ws.install("alpha-pkg==1.0")
    assert ws.builds(pkg) == 1
    assert [w.name for w in ws.cached_wheels()] == ["alpha_pkg-1.0-py3-none-any.whl"]
    ws.install("ALPHA_PKG==1.0")
    assert ws.builds(pkg) == 1, "the second install built again"
    ws.pip("wheel", "--no-deps", "-w", str(ws.root / "out"), "--index-url", ws.index.url,
           "alpha.pkg==1.0")  # fmt: skip
    assert ws.builds(pkg) == 1
    assert [p.name for p in (ws.root / "out").iterdir()] == ["alpha_pkg-1.0-py3-none-any.whl"]


@pytest.mark.statement("wheels.same-version-reused")
def test_new_version_builds(ws: Workspace) -> None:
    """A cached wheel of 1.0 is no wheel for 2.0: installing 2.0 builds it."""
    old, new = ws.project("pkg", "1.0"), ws.project("pkg", "2.0")
    ws.publish(old)
    ws.publish(new)  # both listed from the start: the index page may be served from a cache
    ws.install("pkg==1.0")
    ws.install("pkg==2.0")
    assert (ws.builds(old), ws.builds(new)) == (1, 1)


@pytest.mark.statement("wheels.direct-path-not-cached")
def test_local_directory_builds_every_run(ws: Workspace) -> None:
    """``pip install ./dir`` builds on every run and leaves nothing in the wheel cache."""
    proj = ws.project("proj", "1.0")
    write_project(proj, ws.root / "proj")
    ws.install("./proj")
    ws.install("./proj")
    assert ws.builds(proj) == 2
    assert ws.cached_wheels() == []


@pytest.mark.statement("observed.wheels.direct-path-built-once-per-run")
def test_directory_needed_twice_in_one_run_is_built_once(ws: Workspace) -> None:
    """Two projects of one run both depend on ``c @ file:///.../c``: c is built once."""
    c = ws.project("cpkg", "1.0")
    c_dir = write_project(c, ws.root / "cpkg")
    for name in ("apkg", "bpkg"):
        write_project(
            ws.project(name, "1.0", requires=[f"cpkg @ {c_dir.as_uri()}"]), ws.root / name
        )
    target = ws.install("./apkg", "./bpkg")
    assert ws.builds(c) == 1
    assert (target / "cpkg.py").is_file()


@pytest.mark.statement("wheels.git-commit-cached")
def test_git_commit_builds_once_across_runs(ws: Workspace) -> None:
    """``pkg @ git+...@<commit hash>`` is built by the first run only."""
    repo = make_repo(ws.project("gitpkg", "1.0"), ws.root / "repo")
    ws.install(repo.requirement(repo.commit))
    ws.install(repo.requirement(repo.commit))
    assert ws.builds(repo.project) == 1


@pytest.mark.statement("observed.wheels.git-branch-rebuilt")
def test_git_branch_builds_every_run(ws: Workspace) -> None:
    """``pkg @ git+...@<branch>`` is built on every run."""
    repo = make_repo(ws.project("gitpkg", "1.0"), ws.root / "repo")
    ws.install(repo.requirement(repo.branch))
    ws.install(repo.requirement(repo.branch))
    assert ws.builds(repo.project) == 2
    assert ws.cached_wheels() == []


@pytest.mark.statement("observed.wheels.name-version-directory-stored")
def test_directory_named_like_an_sdist(ws: Workspace) -> None:
    """``pip install ./nvpkg-1.0`` builds every run; pip < 26.2 writes the wheel to the cache."""
    proj = ws.project("nvpkg", "1.0")
    write_project(proj, ws.root / "nvpkg-1.0")
    ws.install("./nvpkg-1.0")
    ws.install("./nvpkg-1.0")
    assert ws.builds(proj) == 2
    assert [w.name for w in ws.cached_wheels()] == ["nvpkg-1.0-py3-none-any.whl"]


@pytest.mark.statement("observed.wheels.local-sdist-file-stored")
def test_sdist_file_rebuilt_yet_stored(ws: Workspace) -> None:
    """An sdist file by path builds every run, yet its wheel is cached under the file's URL:
    naming the requirement finds it."""
    pkg = ws.project("pkg", "1.0")
    sdist = ws.publish(pkg)
    ws.install(str(sdist))
    ws.install(str(sdist))
    assert ws.builds(pkg) == 2
    assert [w.name for w in ws.cached_wheels()] == ["pkg-1.0-py3-none-any.whl"]
    ws.install(f"pkg @ {sdist.as_uri()}")
    assert ws.builds(pkg) == 2
