"""Wrong wheel caches are caught by the wheel tests; the 20.0 gate works on a pre-20.0 claim.

The wrong implementations live here as factories for ``--impl=module:factory``; each breaks one
sentence of 'Locally built wheels' and must make the matching API-level tests fail.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

from model.wheels import LinkKind, ModelWheelCache, parse_link
from spec_tests.adapters import model
from spec_tests.interface import BasicImplementation, Implementation


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


def _with_wheels(name: str, wheels: ModelWheelCache, pip_version: str = "24.2") -> Implementation:
    base = model.implementation()
    return BasicImplementation(
        name=name, version=base.version, pip_version=Version(pip_version), wheels=wheels
    )


def caches_direct_paths() -> Implementation:
    return _with_wheels("wrong-caches-direct-paths", _CachesDirectPaths())


def ignores_version() -> Implementation:
    return _with_wheels("wrong-ignores-version", _IgnoresVersion())


def pre20() -> Implementation:
    """Behaves as pip did before 20.0 and says so: the Git-commit statement must be gated."""
    return _with_wheels("pre-20.0", _Pre20(), pip_version="19.3.1")


def _outcomes(pytester: pytest.Pytester, factory: str) -> dict[str, set[str]]:
    result = pytester.runpytest(
        "--pyargs",
        "spec_tests.test_wheels",
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


def test_pre_20_fails_only_the_git_commit_statement_as_gated(pytester: pytest.Pytester) -> None:
    """A pip claiming 19.3.1 that does not cache Git commits: that test is an expected failure
    (the statement's since = 20.0), and nothing else fails."""
    outcomes = _outcomes(pytester, "pre20")
    assert outcomes["xfailed"] == {"test_git_commit_is_cached"}
    assert outcomes["failed"] == set()
