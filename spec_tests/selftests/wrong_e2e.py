"""Real pip, misused: wrong installers for the end-to-end tests, each wrong in one way.

Each wraps the pip named by ``PIP_CACHE_SPEC_WRONG_PIP`` (a Python whose ``import pip`` is 24.2, the
page's version) and breaks one sentence of the page the way an installer could: it never caches,
ignores ``--no-cache-dir``, forgets its wheels between runs, runs one pip per requirement, keeps a
Git branch pinned to the commit it first saw, installs a local sdist from the index instead, or
has a ``cache remove`` that removes nothing. ``pip_unrecorded`` is pip 24.2 itself under another
name: its known divergences are not on record for that name, so they must fail.
``E2E_CATALOGUE`` says which statement each must fail (``test_wrong_e2e.py``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from packaging.version import Version

from spec_tests.adapters.pip.installer import PipInstaller
from spec_tests.interface import BasicImplementation, CommandResult, Implementation

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

#: the variable naming the pip 24.2 interpreter every wrong installer wraps
PIP_ENV = "PIP_CACHE_SPEC_WRONG_PIP"

#: statement id -> the wrong installers (factories of this module) that must each fail one of
#: its end-to-end tests
E2E_CATALOGUE: dict[str, tuple[str, ...]] = {
    "caching.on-by-default": ("wrong_e2e:never_caches",),
    "disable.no-cache-dir-option": ("wrong_e2e:ignores_no_cache_dir",),
    "wheels.built-wheel-added": ("wrong_e2e:forgets_wheels",),
    "wheels.same-version-reused": ("wrong_e2e:forgets_wheels",),
    "wheels.use-cache-whenever-possible": ("wrong_e2e:forgets_wheels",),
    "wheels.direct-path-not-cached": ("wrong_e2e:pip_unrecorded",),
    "wheels.direct-path-reused-within-run": ("wrong_e2e:one_run_per_requirement",),
    "wheels.git-commit-cached": ("wrong_e2e:pins_branches", "wrong_e2e:forgets_wheels"),
    "avoid.cached-wheel-despite-environment": ("wrong_e2e:forgets_wheels",),
    "avoid.builds-assumed-deterministic": ("wrong_e2e:forgets_wheels",),
    "avoid.sdist-install-builds": ("wrong_e2e:sdist_from_index",),
    "avoid.download-then-install-recipe": ("wrong_e2e:sdist_from_index",),
    "avoid.remove-offending-wheel": ("wrong_e2e:remove_removes_nothing",),
}

#: ``install`` options that take a value (the suite's words)
_VALUED = {"--target", "-t", "--index-url", "-i", "-d", "-w", "--cert", "--progress-bar"}


def _split(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """``install``'s options and its requirements."""
    options, requirements, it = [], [], iter(argv[1:])
    for arg in it:
        if arg in _VALUED:
            options += [arg, next(it, "")]
        elif arg.startswith("-"):
            options.append(arg)
        else:
            requirements.append(arg)
    return [argv[0], *options], requirements


@dataclass
class _Wrapped:
    """Real pip; subclasses change one thing."""

    pip: PipInstaller

    def run(
        self, argv: Sequence[str], *, cache_dir: Path | None, env: Mapping[str, str], cwd: Path
    ) -> CommandResult:
        return self.pip.run(argv, cache_dir=cache_dir, env=env, cwd=cwd)


class _NeverCaches(_Wrapped):
    def run(
        self, argv: Sequence[str], *, cache_dir: Path | None, env: Mapping[str, str], cwd: Path
    ) -> CommandResult:
        return self.pip.run(argv, cache_dir=None, env=env, cwd=cwd)


class _IgnoresNoCacheDir(_Wrapped):
    """Without a cache directory it uses the default one (``~/.cache/pip``) all the same."""

    def run(
        self, argv: Sequence[str], *, cache_dir: Path | None, env: Mapping[str, str], cwd: Path
    ) -> CommandResult:
        default = Path(env.get("HOME", "~")) / ".cache" / "pip"
        return self.pip.run(argv, cache_dir=cache_dir or default, env=env, cwd=cwd)


class _ForgetsWheels(_Wrapped):
    """Empties ``<cache>/wheels`` before every run."""

    def run(
        self, argv: Sequence[str], *, cache_dir: Path | None, env: Mapping[str, str], cwd: Path
    ) -> CommandResult:
        if cache_dir is not None:
            shutil.rmtree(cache_dir / "wheels", ignore_errors=True)
        return self.pip.run(argv, cache_dir=cache_dir, env=env, cwd=cwd)


class _OneRunPerRequirement(_Wrapped):
    """Installs the requirements of one command one pip run after the other."""

    def run(
        self, argv: Sequence[str], *, cache_dir: Path | None, env: Mapping[str, str], cwd: Path
    ) -> CommandResult:
        options, requirements = _split(argv)
        if list(argv[:1]) != ["install"] or len(requirements) < 2:
            return self.pip.run(argv, cache_dir=cache_dir, env=env, cwd=cwd)
        results = [
            self.pip.run([*options, r], cache_dir=cache_dir, env=env, cwd=cwd) for r in requirements
        ]
        failed = [r for r in results if not r.ok]
        return failed[0] if failed else results[-1]


_GIT_REF = re.compile(r"^(?P<head>.+ @ git\+file://localhost(?P<repo>/[^@]+))@(?P<ref>[^#]+)$")


class _PinsBranches(_Wrapped):
    """Installs a Git branch at the commit it pointed to the first time, for ever after (its
    pins kept in the cache directory): a branch cached as if it were a commit."""

    def run(
        self, argv: Sequence[str], *, cache_dir: Path | None, env: Mapping[str, str], cwd: Path
    ) -> CommandResult:
        if list(argv[:1]) == ["install"] and cache_dir is not None:
            argv = [self._pinned(a, cache_dir / "branch-pins.json") for a in argv]
        return self.pip.run(argv, cache_dir=cache_dir, env=env, cwd=cwd)

    @staticmethod
    def _pinned(arg: str, pins_file: Path) -> str:
        m = _GIT_REF.match(arg)
        if m is None or re.fullmatch(r"[0-9a-f]{40}", m["ref"]):
            return arg
        pins = json.loads(pins_file.read_text()) if pins_file.exists() else {}
        if arg not in pins:
            git_env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
            out = subprocess.run(
                ["git", "ls-remote", m["repo"], m["ref"]],
                capture_output=True, text=True, check=True, env=git_env,
            ).stdout  # fmt: skip
            pins[arg] = out.split()[0]
            pins_file.parent.mkdir(parents=True, exist_ok=True)
            pins_file.write_text(json.dumps(pins))
        return f"{m['head']}@{pins[arg]}"


_SDIST = re.compile(r"^(?:.*/)?(?P<name>[^/@ ]+)-(?P<version>[^-/]+)\.tar\.gz$")


class _SdistFromIndex(_Wrapped):
    """Takes ``install path/to/name-1.0.tar.gz`` for ``install name==1.0`` (from the index,
    so from the cache)."""

    def run(
        self, argv: Sequence[str], *, cache_dir: Path | None, env: Mapping[str, str], cwd: Path
    ) -> CommandResult:
        if list(argv[:1]) == ["install"]:
            argv = [_SDIST.sub(r"\g<name>==\g<version>", a) for a in argv]
        return self.pip.run(argv, cache_dir=cache_dir, env=env, cwd=cwd)


class _RemoveRemovesNothing(_Wrapped):
    def run(
        self, argv: Sequence[str], *, cache_dir: Path | None, env: Mapping[str, str], cwd: Path
    ) -> CommandResult:
        if list(argv[:2]) == ["cache", "remove"]:
            return CommandResult(0, "Files removed: 0\n", "")
        return self.pip.run(argv, cache_dir=cache_dir, env=env, cwd=cwd)


def _python() -> str:
    python = os.environ.get(PIP_ENV)
    if not python:
        raise RuntimeError(f"set {PIP_ENV}=/path/to/python (with pip 24.2) for the wrong pips")
    return python


def _wrapping(name: str, wrapper: type[_Wrapped]) -> Implementation:
    return BasicImplementation(
        name=name,
        version=Version("24.2"),
        pip_version=Version("24.2"),
        installer=wrapper(PipInstaller(_python())),
        is_subprocess=True,
    )


def never_caches() -> Implementation:
    return _wrapping("wrong-pip-never-caches", _NeverCaches)


def ignores_no_cache_dir() -> Implementation:
    return _wrapping("wrong-pip-ignores-no-cache-dir", _IgnoresNoCacheDir)


def forgets_wheels() -> Implementation:
    return _wrapping("wrong-pip-forgets-wheels", _ForgetsWheels)


def one_run_per_requirement() -> Implementation:
    return _wrapping("wrong-pip-one-run-per-requirement", _OneRunPerRequirement)


def pins_branches() -> Implementation:
    return _wrapping("wrong-pip-pins-branches", _PinsBranches)


def sdist_from_index() -> Implementation:
    return _wrapping("wrong-pip-sdist-from-index", _SdistFromIndex)


def remove_removes_nothing() -> Implementation:
    return _wrapping("wrong-pip-remove-removes-nothing", _RemoveRemovesNothing)


def pip_unrecorded() -> Implementation:
    """pip 24.2 itself, under a name no divergence is recorded for."""
    return _wrapping("pip-unrecorded", _Wrapped)
