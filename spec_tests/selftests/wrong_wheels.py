"""Deliberately wrong wheel caches, each breaking one sentence of 'Locally built wheels' or
'Avoiding caching' (factories for ``--impl=spec_tests.selftests.wrong_wheels:<factory>``).

Each wraps the model's facet (:class:`model.wheels.ModelWheelCache`) and changes one decision or
one lookup; ``spec_tests.selftests.wrong.CATALOGUE`` says which statement each must fail.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from packaging.tags import sys_tags
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

from model.wheels import LinkKind, ModelWheelCache, parse_link
from spec_tests.adapters import model
from spec_tests.interface import BasicImplementation, CacheCommands, Implementation


class _CachesDirectPaths(ModelWheelCache):
    """Keeps wheels built from a local directory across runs (``pip install .``)."""

    def cache_decision(self, link: str, *, editable: bool = False) -> str:
        if parse_link(link).kind is LinkKind.LOCAL_DIRECTORY:
            return "persistent"
        return super().cache_decision(link, editable=editable)


class _IgnoresVersion(ModelWheelCache):
    """Keys wheels by project name only: any cached version is 'the' wheel."""

    def store(self, cache_dir: Path, link: str, wheel: Path) -> Path:
        name = parse_wheel_filename(wheel.name)[0]
        target = cache_dir / "wheels" / name
        target.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copy2(wheel, target / wheel.name))

    def lookup(self, cache_dir: Path, link: str, name: str | None) -> Path | None:
        if name is None:
            return None
        found = sorted((cache_dir / "wheels" / canonicalize_name(name)).glob("*.whl"))
        return found[0] if found else None


class _Pre20(ModelWheelCache):
    """pip before 20.0: a Git commit is no different from a branch."""

    def cache_decision(self, link: str, *, editable: bool = False) -> str:
        if parse_link(link).kind is LinkKind.VCS_COMMIT:
            return "ephemeral"
        return super().cache_decision(link, editable=editable)


class _SdistFileFindsIndexWheel(ModelWheelCache):
    """Content-addressed by name and version: an sdist file finds any cached wheel of the name
    and version its file name says ("installing the sdist then builds nothing")."""

    def lookup(self, cache_dir: Path, link: str, name: str | None) -> Path | None:
        parsed = parse_link(link)
        if parsed.kind is LinkKind.LOCAL_ARCHIVE and parsed.version is not None:
            stem = Path(parsed.url).name.rpartition("-")[0]
            hits = sorted((cache_dir / "wheels").rglob(f"{stem}-{parsed.version}-*.whl"))
            return hits[0] if hits else None
        return super().lookup(cache_dir, link, name)


class _RebuildsPureWheels(ModelWheelCache):
    """Refuses a cached pure wheel where the interpreter supports platform wheels: "the
    extension could be built now", so it asks for a rebuild instead."""

    def lookup(self, cache_dir: Path, link: str, name: str | None) -> Path | None:
        found = super().lookup(cache_dir, link, name)
        platform_ok = any(t.platform != "any" for t in sys_tags())
        if found is not None and found.name.endswith("-none-any.whl") and platform_ok:
            return None
        return found


class _KeysByCompiler(ModelWheelCache):
    """Keys the cache by the building environment (its ``CC``), as if builds were not
    deterministic: a changed environment finds nothing."""

    def _env_cache(self, cache_dir: Path) -> Path:
        return cache_dir / "by-env" / (os.environ.get("CC") or "no-cc")

    def store(self, cache_dir: Path, link: str, wheel: Path) -> Path:
        return super().store(self._env_cache(cache_dir), link, wheel)

    def lookup(self, cache_dir: Path, link: str, name: str | None) -> Path | None:
        return super().lookup(self._env_cache(cache_dir), link, name)


class _OutOfReachOfCacheCommand(ModelWheelCache):
    """Keeps wheels outside ``<cache>/wheels``, where ``pip cache remove`` never looks."""

    def store(self, cache_dir: Path, link: str, wheel: Path) -> Path:
        return super().store(cache_dir / "built", link, wheel)

    def lookup(self, cache_dir: Path, link: str, name: str | None) -> Path | None:
        return super().lookup(cache_dir / "built", link, name)


class _CachesLocalArchives(ModelWheelCache):
    """Keeps the wheel of an sdist file given by path or ``file://`` (what pip does)."""

    def cache_decision(self, link: str, *, editable: bool = False) -> str:
        if parse_link(link).kind is LinkKind.LOCAL_ARCHIVE and not editable:
            return "persistent"
        return super().cache_decision(link, editable=editable)


class _CachesBranches(ModelWheelCache):
    """Keeps the wheel built at a Git branch as if the branch were a commit."""

    def cache_decision(self, link: str, *, editable: bool = False) -> str:
        if parse_link(link).kind is LinkKind.VCS_REF and not editable:
            return "persistent"
        return super().cache_decision(link, editable=editable)


class _NeverFinds(ModelWheelCache):
    """Stores built wheels but never looks in the cache: every install builds."""

    def lookup(self, cache_dir: Path, link: str, name: str | None) -> Path | None:
        return None


class _KeepsNoBuilds(ModelWheelCache):
    """Keeps no wheel across runs, not even one built from an index's sdist."""

    def cache_decision(self, link: str, *, editable: bool = False) -> str:
        decision = super().cache_decision(link, editable=editable)
        return "ephemeral" if decision == "persistent" else decision


class _NoRunCacheForDirectories(ModelWheelCache):
    """Answers "none" for a local directory: its wheel is not even kept for the run."""

    def cache_decision(self, link: str, *, editable: bool = False) -> str:
        if parse_link(link).kind is LinkKind.LOCAL_DIRECTORY:
            return "none"
        return super().cache_decision(link, editable=editable)


def _with_wheels(
    name: str,
    wheels: ModelWheelCache,
    pip_version: str = "24.2",
    commands: CacheCommands | None = None,
) -> Implementation:
    base = model.implementation()
    return BasicImplementation(
        name=name,
        version=base.version,
        pip_version=Version(pip_version),
        wheels=wheels,
        commands=commands,
    )


def caches_direct_paths() -> Implementation:
    return _with_wheels("wrong-caches-direct-paths", _CachesDirectPaths())


def ignores_version() -> Implementation:
    return _with_wheels("wrong-ignores-version", _IgnoresVersion())


def sdist_file_finds_index_wheel() -> Implementation:
    return _with_wheels("wrong-sdist-file-finds-index-wheel", _SdistFileFindsIndexWheel())


def rebuilds_pure_wheels() -> Implementation:
    return _with_wheels("wrong-rebuilds-pure-wheels", _RebuildsPureWheels())


def keys_by_compiler() -> Implementation:
    return _with_wheels("wrong-keys-by-compiler", _KeysByCompiler())


def out_of_reach_of_cache_command() -> Implementation:
    commands = model.implementation().commands
    return _with_wheels("wrong-out-of-reach", _OutOfReachOfCacheCommand(), commands=commands)


def pre20() -> Implementation:
    """Behaves as pip did before 20.0 and says so: the Git-commit statement must be gated."""
    return _with_wheels("pre-20.0", _Pre20(), pip_version="19.3.1")


def caches_local_archives() -> Implementation:
    return _with_wheels("wrong-caches-local-archives", _CachesLocalArchives())


def caches_branches() -> Implementation:
    return _with_wheels("wrong-caches-branches", _CachesBranches())


def never_finds() -> Implementation:
    return _with_wheels("wrong-never-finds", _NeverFinds())


def keeps_no_builds() -> Implementation:
    return _with_wheels("wrong-keeps-no-builds", _KeepsNoBuilds())


def no_run_cache_for_directories() -> Implementation:
    return _with_wheels("wrong-no-run-cache", _NoRunCacheForDirectories())


def no_git_commit_cache() -> Implementation:
    """Claims the page's pip yet does not cache Git commits (pip before 20.0 did not)."""
    return _with_wheels("wrong-no-git-commit-cache", _Pre20())
