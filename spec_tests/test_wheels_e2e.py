"""Locally built wheels, end to end: the installer is run as a user runs it and its builds counted.

Every generated project's in-tree backend appends a line to a counter file per wheel it builds
(:mod:`spec_tests.harness.backend`); sdists are served by a loopback PEP 503 index
(:mod:`spec_tests.harness.index`); Git URLs point at a repository made with ``git``
(:mod:`spec_tests.harness.gitrepo`). Each installer run costs about a second: keep this module lean.

One user action is one run. Where several statements are read off the same runs (an install,
then the same install again), a module-scoped *story* runs them once and records what each run
left (:class:`Run`); each test then checks one statement against that record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from spec_tests.harness.backend import write_project
from spec_tests.harness.gitrepo import make_repo, move_branch
from spec_tests.harness.workspace import workspace
from spec_tests.interface import CommandNotProvided

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from spec_tests.harness.backend import Project
    from spec_tests.harness.tls import LocalCA
    from spec_tests.harness.workspace import Workspace

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class Run:
    """What one run left: the builds of the story's project so far, the file names of the wheels
    the cache holds, and the run's target directory."""

    builds: int
    cached: list[str]
    target: Path | None = None

    def installed(self, project: Project) -> str:
        """The ``VERSION`` line of the module the run installed."""
        assert self.target is not None
        source = (self.target / f"{project.module}.py").read_text(encoding="utf-8")
        return next(line for line in source.splitlines() if line.startswith("VERSION"))


def _after(ws: Workspace, project: Project, target: Path | None = None) -> Run:
    return Run(ws.builds(project), [w.name for w in ws.cached_wheels()], target)


@pytest.fixture(scope="module")
def story_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("story")


# ------------------------------------------------------------------ an sdist from the index


@dataclass(frozen=True)
class IndexStory:
    project: Project
    first: Run  # install alpha-pkg==1.0
    again: Run  # install ALPHA_PKG==1.0 (the same version, spelled otherwise)
    wheel: Run | CommandNotProvided  # pip wheel alpha.pkg==1.0
    new_version: Run  # install alpha-pkg==2.0 (on the index all along): builds of 2.0


@pytest.fixture(scope="module")
def index_story(installer: object, story_root: Path, local_ca: LocalCA) -> Iterator[IndexStory]:
    with workspace(installer, story_root / "index", local_ca) as ws:
        pkg, new = ws.project("Alpha.Pkg", "1.0"), ws.project("Alpha.Pkg", "2.0")
        ws.publish(pkg)
        ws.publish(new)  # listed from the start: the index page may be served from a cache
        first = _after(ws, pkg, ws.install("alpha-pkg==1.0"))
        again = _after(ws, pkg, ws.install("ALPHA_PKG==1.0"))
        out = ws.root / "out"
        wheel: Run | CommandNotProvided
        try:
            ws.pip("wheel", "--no-deps", "-w", str(out), "--index-url", ws.index.url,
                   "alpha.pkg==1.0")  # fmt: skip
            wheel = _after(ws, pkg, out)
        except CommandNotProvided as exc:
            wheel = exc
        new_version = _after(ws, new, ws.install("alpha-pkg==2.0"))
        yield IndexStory(pkg, first, again, wheel, new_version)


@pytest.mark.statement("wheels.built-wheel-added")
def test_built_wheel_is_added_and_used_next_time(index_story: IndexStory) -> None:
    """An index sdist with no wheel is built once; its wheel is added to the cache, and the next
    install of that version uses it instead of building."""
    s = index_story
    assert s.first.builds == 1
    assert s.first.cached == ["alpha_pkg-1.0-py3-none-any.whl"]
    assert s.again.builds == 1, "the second install of the same version built again"


@pytest.mark.statement("wheels.same-version-reused")
def test_same_version_of_the_name_is_reused(index_story: IndexStory) -> None:
    """A cached wheel of 1.0 is used for the same version under any spelling of the name
    (``ALPHA_PKG==1.0`` after ``alpha-pkg==1.0``); it is no wheel for 2.0, which is built."""
    s = index_story
    assert s.again.builds == 1, "the same version, spelled otherwise, was built again"
    assert s.again.installed(s.project) == "VERSION = '1.0'"
    assert s.new_version.builds == 1, "2.0 was not built: a wheel of 1.0 stood in for it"
    assert s.new_version.installed(s.project) == "VERSION = '2.0'"


@pytest.mark.statement("wheels.use-cache-whenever-possible")
def test_pip_wheel_uses_the_cached_wheel(index_story: IndexStory) -> None:
    """Not only ``install``: ``pip wheel`` of a version whose wheel is cached builds nothing and
    hands out the cached wheel."""
    s = index_story
    if isinstance(s.wheel, CommandNotProvided):
        raise s.wheel
    assert s.wheel.builds == 1, "pip wheel built again"
    assert s.wheel.target is not None
    assert [p.name for p in s.wheel.target.iterdir()] == ["alpha_pkg-1.0-py3-none-any.whl"]


# ------------------------------------------------------------------ direct paths


@pytest.mark.statement("wheels.direct-path-not-cached")
def test_local_directory_builds_every_run(ws: Workspace) -> None:
    """A local directory is built on every run, however it is written (``./proj``, its absolute
    path, ``proj @ file:///.../proj``), and leaves nothing in the wheel cache."""
    proj = ws.project("proj", "1.0")
    path = write_project(proj, ws.root / "proj")
    for requirement in ("./proj", str(path), f"proj @ {path.as_uri()}"):
        ws.install(requirement)
    assert ws.builds(proj) == 3
    assert ws.cached_wheels() == []


@dataclass(frozen=True)
class PathStory:
    project: Project
    runs: list[Run]


@pytest.fixture(scope="module")
def dashed_directory(installer: object, story_root: Path, local_ca: LocalCA) -> Iterator[PathStory]:
    """``./nvpkg-1.0`` (a directory named like an sdist) twice, then ``nvpkg @ file://`` of it."""
    with workspace(installer, story_root / "dashed", local_ca) as ws:
        proj = ws.project("nvpkg", "1.0")
        path = write_project(proj, ws.root / "nvpkg-1.0")
        requirements = ["./nvpkg-1.0", "./nvpkg-1.0", f"nvpkg @ {path.as_uri()}"]
        yield PathStory(proj, [_after(ws, proj, ws.install(r)) for r in requirements])


@pytest.mark.statement("wheels.direct-path-not-cached")
def test_directory_named_like_an_sdist_builds_every_run(dashed_directory: PathStory) -> None:
    """A directory named like ``name-version`` is a direct path too: the first run leaves no
    wheel in the cache, and a later run that names it (``nvpkg @ file://``) builds it again."""
    first, _, named = dashed_directory.runs
    assert first.cached == [], "the wheel built from the directory was kept"
    assert named.builds == 3, "a later run installed a wheel kept from an earlier one"


@pytest.mark.statement("observed.wheels.name-version-directory-stored")
def test_directory_named_like_an_sdist_is_stored(dashed_directory: PathStory) -> None:
    """pip < 26.2: ``./nvpkg-1.0`` builds every run yet writes the wheel to the cache, and
    ``nvpkg @ file://`` of the directory then installs it without building."""
    _, again, named = dashed_directory.runs
    assert again.builds == 2
    assert again.cached == ["nvpkg-1.0-py3-none-any.whl"]
    assert named.builds == 2


@pytest.fixture(scope="module")
def sdist_file(installer: object, story_root: Path, local_ca: LocalCA) -> Iterator[PathStory]:
    """``./dist/pkg-1.0.tar.gz`` twice, then ``pkg @ file://`` of the same file twice."""
    with workspace(installer, story_root / "sdist", local_ca) as ws:
        pkg = ws.project("pkg", "1.0")
        named = f"pkg @ {ws.publish(pkg).as_uri()}"
        requirements = ["./dist/pkg-1.0.tar.gz", "./dist/pkg-1.0.tar.gz", named, named]
        yield PathStory(pkg, [_after(ws, pkg, ws.install(r)) for r in requirements])


@pytest.mark.statement("wheels.direct-path-not-cached")
def test_sdist_file_by_path_builds_every_run(sdist_file: PathStory) -> None:
    """An sdist file given by path is a source distribution provided as a direct path: the run
    leaves no wheel in the cache, and later runs build it again, by path or by name."""
    first, again, named, _ = sdist_file.runs
    assert first.cached == [], "the wheel built from the sdist file was kept"
    assert again.builds == 2
    assert named.builds == 3, "a later run installed a wheel kept from an earlier one"


@pytest.mark.statement("wheels.direct-path-not-cached")
def test_named_sdist_file_builds_every_run(sdist_file: PathStory) -> None:
    """``pkg @ file:///.../pkg-1.0.tar.gz`` is the same direct path by name: a second run that
    names it builds it again."""
    _, _, named, named_again = sdist_file.runs
    assert named_again.builds == named.builds + 1, "the second named run built nothing"


@pytest.mark.statement("observed.wheels.local-sdist-file-stored")
def test_sdist_file_rebuilt_yet_stored(sdist_file: PathStory) -> None:
    """pip: an sdist file by path builds every run, yet its wheel is cached under the file's
    URL; naming the requirement finds it."""
    _, again, named, _ = sdist_file.runs
    assert again.builds == 2
    assert again.cached == ["pkg-1.0-py3-none-any.whl"]
    assert named.builds == 2


@pytest.mark.statement("wheels.direct-path-reused-within-run")
def test_directory_needed_twice_in_one_run_is_built_once(ws: Workspace) -> None:
    """One run needs ``cpkg @ file:///.../cpkg`` twice (apkg and bpkg both depend on it): the
    wheel built from the directory is reused within the run, so cpkg is built once."""
    c = ws.project("cpkg", "1.0")
    c_dir = write_project(c, ws.root / "cpkg")
    for name in ("apkg", "bpkg"):
        write_project(
            ws.project(name, "1.0", requires=[f"cpkg @ {c_dir.as_uri()}"]), ws.root / name
        )
    target = ws.install("./apkg", "./bpkg")
    assert ws.builds(c) == 1
    assert {p.name for p in target.glob("?pkg.py")} == {"apkg.py", "bpkg.py", "cpkg.py"}


@pytest.mark.statement("observed.wheels.direct-path-built-once-per-run")
def test_directory_written_two_ways_is_built_once(ws: Workspace) -> None:
    """``./cpkg`` on the command line and ``cpkg @ file:///.../cpkg`` from apkg's dependencies:
    one directory, built once in the run."""
    c = ws.project("cpkg", "1.0")
    c_dir = write_project(c, ws.root / "cpkg")
    write_project(
        ws.project("apkg", "1.0", requires=[f"cpkg @ {c_dir.as_uri()}"]), ws.root / "apkg"
    )
    target = ws.install("./cpkg", "./apkg")
    assert ws.builds(c) == 1
    assert (target / "cpkg.py").is_file()


# ------------------------------------------------------------------ Git references


@dataclass(frozen=True)
class GitStory:
    project: Project
    commit: tuple[Run, Run]  # pkg @ git+...@<commit hash>, twice
    branch: tuple[Run, Run]  # pkg @ git+...@main, twice, at that same commit
    moved: Run  # pkg @ git+...@main after the branch moved on to 2.0


@pytest.fixture(scope="module")
def git_story(installer: object, story_root: Path, local_ca: LocalCA) -> Iterator[GitStory]:
    with workspace(installer, story_root / "git", local_ca) as ws:
        repo = make_repo(ws.project("gitpkg", "1.0"), ws.root / "repo")
        p = repo.project

        def run(ref: str) -> Run:
            return _after(ws, p, ws.install(repo.requirement(ref)))

        commit = (run(repo.commit), run(repo.commit))
        branch = (run(repo.branch), run(repo.branch))
        move_branch(repo, ws.project("gitpkg", "2.0"))
        yield GitStory(p, commit, branch, run(repo.branch))


@pytest.mark.statement("wheels.git-commit-cached")
def test_git_commit_cached_a_branch_is_not(git_story: GitStory) -> None:
    """``pkg @ git+...@<commit hash>`` is built by the first run only. The contrast the page
    draws: a branch is no immutable reference, so once it moves on, the next install at the
    branch gets the new commit's build, never a wheel kept from before."""
    s = git_story
    assert s.commit[0].builds == 1
    assert s.commit[1].builds == 1, "the second run at the same commit built again"
    assert s.moved.installed(s.project) == "VERSION = '2.0'", "a kept wheel of the branch"


@pytest.mark.statement("observed.wheels.git-branch-rebuilt")
def test_git_branch_builds_every_run(git_story: GitStory) -> None:
    """``pkg @ git+...@<branch>`` is built on every run, even when the branch has not moved,
    and adds nothing to the wheel cache."""
    s = git_story
    first, again = s.branch
    assert again.builds == first.builds + 1
    assert again.cached == s.commit[1].cached
