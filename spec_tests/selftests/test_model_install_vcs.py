"""The model's git checkouts (:mod:`model.install.vcs`): the revision of a ``git+`` link, the
``subdirectory`` fragment, the user's git configuration left out, one-line failures."""

from __future__ import annotations

import os
import subprocess
from typing import TYPE_CHECKING

import pytest

from model.install.errors import GitFailed
from model.install.vcs import checkout, split_revision

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.parametrize(
    ("url", "split"),
    [
        ("git+https://h/r.git@v1#egg=x&s=t", ("https://h/r.git", "v1", "egg=x&s=t")),
        ("git+ssh://git@h/r@a@b", ("ssh://git@h/r@a", "b", "")),
        ("git+file:///r", ("file:///r", None, "")),
    ],
)  # fmt: skip
def test_split_revision(url: str, split: tuple[str, str | None, str]) -> None:
    assert split_revision(url) == split


def _git(cwd: Path, *args: str) -> str:
    env = {"PATH": os.environ["PATH"], "HOME": str(cwd), "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, str, str]:
    """A repository of two commits; the first has ``sub/a``, the second ``sub/b``."""
    path = tmp_path / "repo"
    (path / "sub").mkdir(parents=True)
    _git(path, "init", "--quiet", "-b", "main")
    for name in ("a", "b"):
        (path / "sub" / name).write_text(name)
        _git(path, "add", ".")
        _git(path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", name)
        if name == "a":
            first = _git(path, "rev-parse", "HEAD")
    return path, first, _git(path, "rev-parse", "HEAD")


def test_checkout_of_a_commit_and_a_subdirectory(
    tmp_path: Path, repo: tuple[Path, str, str]
) -> None:
    path, first, last = repo
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    tree, commit = checkout(
        f"git+file://{path}@{first}#subdirectory=sub&egg=x", tmp_path / "c1", env
    )
    assert (tree, commit) == (tmp_path / "c1" / "sub", first)
    assert sorted(p.name for p in tree.iterdir()) == ["a"]
    tree, commit = checkout(f"git+file://{path}", tmp_path / "c2", env)
    assert (tree, commit) == (tmp_path / "c2", last)


def test_the_users_git_configuration_is_left_out(
    tmp_path: Path, repo: tuple[Path, str, str]
) -> None:
    """A global or system configuration that rewrites the URL to nowhere changes nothing."""
    path, _, last = repo
    config = tmp_path / "gitconfig"
    config.write_text(f'[url "file:///nowhere/"]\n\tinsteadOf = file://{path}\n')
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "GIT_CONFIG_GLOBAL": str(config),
           "GIT_CONFIG_SYSTEM": str(config)}  # fmt: skip
    assert checkout(f"git+file://{path}", tmp_path / "c", env) == (tmp_path / "c", last)


def test_failures_are_one_line(tmp_path: Path, repo: tuple[Path, str, str]) -> None:
    path, _, _ = repo
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    with pytest.raises(GitFailed) as caught:
        checkout(f"git+file://{path}@nosuchrev", tmp_path / "c", env)
    assert (
        str(caught.value)
        == "git checkout failed: error: pathspec 'nosuchrev' did not match any file(s) known to git"
    )
    with pytest.raises(GitFailed) as caught:
        checkout(f"git+file://{path}", tmp_path / "d", {"PATH": str(tmp_path / "empty")})
    assert str(caught.value) == "git is not installed"
