"""A local git repository made with ``git``, for ``pkg @ git+file://...@<ref>`` requirements."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spec_tests.harness.backend import Project, write_project

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["GitRepo", "make_repo", "move_branch"]

_IDENTITY = ["-c", "user.name=spec-tests", "-c", "user.email=spec-tests@localhost"]


def _git(repo: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    env["GIT_CONFIG_GLOBAL"] = os.devnull
    done = subprocess.run(
        ["git", *_IDENTITY, *args], cwd=repo, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


@dataclass(frozen=True)
class GitRepo:
    """A repository holding one project, with one commit on ``branch``."""

    path: Path
    project: Project
    branch: str
    commit: str

    @property
    def url(self) -> str:
        # "git+file://localhost/..." : pips before 24 reject an empty host in a PEP 508 URL
        return "git+file://localhost" + self.path.as_posix()

    def requirement(self, ref: str) -> str:
        """``<name> @ git+file:///...@<ref>`` (a commit hash, a branch or a tag)."""
        return f"{self.project.name} @ {self.url}@{ref}"


def make_repo(project: Project, path: Path, *, branch: str = "main") -> GitRepo:
    """Create a repository at ``path`` with ``project`` committed on ``branch``."""
    write_project(project, path)
    _git(path, "init", "-q", "-b", branch)
    _git(path, "add", "-A")
    _git(path, "commit", "-q", "-m", f"{project.name} {project.version}")
    commit = _git(path, "rev-parse", "HEAD")
    return GitRepo(path=path, project=project, branch=branch, commit=commit)


def move_branch(repo: GitRepo, project: Project) -> str:
    """Commit ``project`` (a new version, say) on top of ``repo.branch``; return the new commit.
    The branch moves, the commit ``repo.commit`` stays what it was."""
    write_project(project, repo.path)
    _git(repo.path, "add", "-A")
    _git(repo.path, "commit", "-q", "-m", f"{project.name} {project.version}")
    return _git(repo.path, "rev-parse", "HEAD")
