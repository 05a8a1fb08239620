"""Wrong wheel caches are caught by the wheel tests; the 20.0 gate works on a pre-20.0 claim.

The wrong implementations live here as factories for ``--impl=module:factory``; each breaks one
sentence of 'Locally built wheels' or 'Avoiding caching' and must make the matching API-level
tests fail (``test_wheels.py``, ``test_avoiding_api.py``).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
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


def _outcomes(
    pytester: pytest.Pytester, factory: str, module: str = "test_wheels"
) -> dict[str, set[str]]:
    result = pytester.runpytest(
        "--pyargs",
        f"spec_tests.{module}",
        "-p",
        "no:cacheprovider",
        "-q",
        f"--impl=spec_tests.selftests.test_wrong_wheels:{factory}",
    )
    reprec = result.reprec  # type: ignore[attr-defined]
    passed, skipped, failed = reprec.listoutcomes()
    short = {
        "passed": {r.nodeid.split("::")[1].split("[")[0] for r in passed},
        "failed": {r.nodeid.split("::")[1].split("[")[0] for r in failed},
    }
    short["xfailed"] = {
        r.nodeid.split("::")[1].split("[")[0] for r in skipped if hasattr(r, "wasxfail")
    }
    return short


@pytest.mark.parametrize(
    ("factory", "failing"),
    [
        (
            "caches_direct_paths",
            {"test_local_directory_not_cached", "test_local_directory_goes_to_per_run_cache"},
        ),
        ("ignores_version", {"test_same_name_and_version_only"}),
    ],
)
def test_wrong_wheel_caches_fail(
    pytester: pytest.Pytester, factory: str, failing: set[str]
) -> None:
    assert failing <= _outcomes(pytester, factory)["failed"]


@pytest.mark.parametrize(
    ("factory", "failing"),
    [
        (
            "sdist_file_finds_index_wheel",
            {
                "test_sdist_file_misses_the_index_wheel",
                "test_downloaded_sdist_is_built_not_taken_from_cache",
            },
        ),
        (
            "rebuilds_pure_wheels",
            {
                "test_changed_environment_finds_the_pure_wheel",
                "test_pure_wheel_used_though_a_better_tag_is_supported",
            },
        ),
        ("keys_by_compiler", {"test_changed_environment_finds_the_pure_wheel"}),
        ("out_of_reach_of_cache_command", {"test_cache_remove_drops_the_offending_wheel"}),
    ],
)
def test_wrong_caches_fail_avoiding_caching(
    pytester: pytest.Pytester, factory: str, failing: set[str]
) -> None:
    """Each wrong cache fails the 'Avoiding caching' tests of the sentence it breaks."""
    assert failing <= _outcomes(pytester, factory, "test_avoiding_api")["failed"]


def test_sdist_file_finding_index_wheel_fails_the_wheel_tests_too(
    pytester: pytest.Pytester,
) -> None:
    """The same wrong lookup is caught by 'Locally built wheels' (the named file URL there)."""
    failed = _outcomes(pytester, "sdist_file_finds_index_wheel")["failed"]
    assert "test_sdist_file_does_not_find_the_index_wheel" in failed


def test_pre_20_fails_only_the_git_commit_statement_as_gated(pytester: pytest.Pytester) -> None:
    """A pip claiming 19.3.1 that does not cache Git commits: that test is an expected failure
    (the statement's since = 20.0), and nothing else fails."""
    outcomes = _outcomes(pytester, "pre20")
    assert outcomes["xfailed"] == {"test_git_commit_is_cached_a_branch_is_not"}
    assert outcomes["failed"] == set()
