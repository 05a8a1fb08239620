"""A git checkout of a ``git+<url>@<rev>`` link, by the ``git`` command.

Page: "pip now caches wheels when building from an immutable Git reference (i.e. a commit hash)."
Whether a revision is a commit is decided from the link alone (:mod:`model.wheels.links`); this
module only clones and checks out. ``git`` runs with the run's environment, no terminal prompt and
no system or global configuration, so a user's settings cannot change what is checked out.
"""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from model.install.errors import GitFailed

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

__all__ = ["GitFailed", "checkout", "split_revision"]


def split_revision(url: str) -> tuple[str, str | None, str]:
    """``git+<repo>@<rev>#<fragment>`` -> (repository URL for git, revision or None, fragment)."""
    url, _, fragment = url.partition("#")
    parts = urlsplit(url.removeprefix("git+"))
    path, at, rev = parts.path.rpartition("@")
    if not at:
        path, rev = parts.path, ""
    repo = urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))
    return repo, rev or None, fragment


def _git(args: list[str], env: Mapping[str, str], cwd: Path | None = None) -> str:
    full = {
        **env,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": "/dev/null",
    }
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, env=full, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise GitFailed("git is not installed") from None
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise GitFailed(f"git {args[0]} failed: {lines[-1] if lines else done.returncode}")
    return done.stdout.strip()


def checkout(url: str, into: Path, env: Mapping[str, str]) -> tuple[Path, str]:
    """Clone the link's repository into ``into`` at its revision; return the source tree (the
    ``subdirectory`` fragment, if any) and the commit checked out."""
    repo, rev, fragment = split_revision(url)
    _git(["clone", "--quiet", repo, str(into)], env)
    if rev is not None:
        _git(["checkout", "--quiet", rev], env, cwd=into)
    commit = _git(["rev-parse", "HEAD"], env, cwd=into)
    tree = into
    for item in fragment.split("&"):
        key, _, value = item.partition("=")
        if key == "subdirectory" and value:
            tree = into / value
    return tree, commit
