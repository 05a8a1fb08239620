"""Faults in the wheel cache: damaged wheel files, invalid file names, a full disk, a read-only
cache directory.

At the API level (the ``wheels`` facet) a damaged or misnamed file is never what a lookup returns:
the wheel is a miss, so it is built again. End to end (the ``installer`` facet) the installs of a
project from its sdist must succeed whatever the cache holds, or whatever the disk does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from packaging.utils import InvalidWheelFilename, parse_wheel_filename

from spec_tests.harness.backend import write_wheel_file
from spec_tests.harness.faults import (
    Damage,
    on_full_disk,
    read_only,
    stored_files,
    tiny_tmpfs,
)
from spec_tests.harness.workspace import Workspace

if TYPE_CHECKING:
    from pathlib import Path

    from spec_tests.interface import Implementation, WheelCache

LINK = "https://files.example.test/files/demo-1.0.tar.gz"
HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
#: damage that leaves no zip file behind (a flipped byte inside a member is the installer's to
#: find, by the member's CRC, when it unpacks)
_NOT_A_ZIP = st.builds(
    Damage,
    kind=st.sampled_from(["truncate", "empty", "garbage"]),
    at=st.floats(0, 0.95),
    data=st.binary(max_size=200).filter(lambda b: not b.startswith(b"PK")),
)


@pytest.mark.statement("robustness.wheels.damaged-wheel-is-a-miss")
@settings(suppress_health_check=HEALTH)
@given(damage=_NOT_A_ZIP)
@example(damage=Damage("truncate", at=0.5))
@example(damage=Damage("empty"))
def test_damaged_cached_wheel_is_not_used(
    wheels: WheelCache, tmp_path_factory: pytest.TempPathFactory, damage: Damage
) -> None:
    """A cached wheel that is not a zip file (truncated, emptied, garbage) is a miss: the lookup
    returns nothing (the project is built again) and raises nothing."""
    tmp = tmp_path_factory.mktemp("damaged")
    cache = tmp / "cache"
    stored = wheels.store(cache, LINK, write_wheel_file(tmp / "built", "demo", "1.0"))
    damage.apply([stored])
    assert wheels.lookup(cache, LINK, "demo") is None


_FILENAME = st.text(st.sampled_from("abcdemo-_.0123!+~ "), min_size=0, max_size=30).map(
    lambda s: s + ".whl"
)


def _invalid(name: str) -> bool:
    try:
        parse_wheel_filename(name)
    except InvalidWheelFilename:
        return True
    return False


@pytest.mark.statement("robustness.wheels.invalid-names-ignored")
@settings(suppress_health_check=HEALTH)
@given(names=st.lists(_FILENAME.filter(_invalid), min_size=1, max_size=4, unique=True))
@example(
    names=["demo-1.0.whl", "demo.whl", "demo-1.0-py3-none.whl", ".whl", "demo-x!y-py3-none-any.whl"]
)
def test_files_with_invalid_wheel_names_are_ignored(
    wheels: WheelCache, tmp_path_factory: pytest.TempPathFactory, names: list[str]
) -> None:  # fmt: skip
    """Files whose names are no valid wheel file name, beside the cached wheel, are never what a
    lookup returns; it returns the valid wheel (and raises nothing)."""
    tmp = tmp_path_factory.mktemp("names")
    cache = tmp / "cache"
    stored = wheels.store(cache, LINK, write_wheel_file(tmp / "built", "demo", "1.0"))
    for name in names:
        (stored.parent / name).write_bytes(b"not a wheel")
    found = wheels.lookup(cache, LINK, "demo")
    assert found is not None
    assert found.name == stored.name


@pytest.mark.statement("robustness.wheels.invalid-names-ignored")
def test_directory_named_like_a_wheel_is_ignored(wheels: WheelCache, tmp_path: Path) -> None:
    """A directory with a wheel's name, where wheels are cached, is not a wheel."""
    cache = tmp_path / "cache"
    stored = wheels.store(cache, LINK, write_wheel_file(tmp_path / "built", "demo", "1.0"))
    stored.unlink()
    stored.mkdir()
    assert wheels.lookup(cache, LINK, "demo") is None


@pytest.mark.statement("robustness.wheels.full-disk")
def test_full_disk_store_leaves_no_partial_wheel(
    wheels: WheelCache, impl: Implementation, tmp_path: Path
) -> None:
    """Storing a wheel on a disk that fills up midway either fails with an ``OSError`` or stores
    it whole; no partial file is left in the cache, and a lookup never returns a partial wheel."""
    if getattr(impl, "is_subprocess", False):
        pytest.skip(
            "in-process only: real pip's wheels facet stores through the suite's probe, "
            "not pip's own code; test_full_disk_install_still_succeeds covers real pip"
        )
    data = write_wheel_file(tmp_path / "built", "demo", "1.0").read_bytes()
    cache = tmp_path / "cache"

    def body() -> tuple[Path | None, dict[Path, bytes], Path | None]:
        built = write_wheel_file(tmp_path / "built", "demo", "1.0")
        stored: Path | None
        try:
            stored = wheels.store(cache, LINK, built)
        except OSError:
            stored = None
        left = {p: p.read_bytes() for p in stored_files(cache)}
        return stored, left, wheels.lookup(cache, LINK, "demo")

    stored, left, found = on_full_disk(cache, body, size=len(data) // 2)
    partial = [p for p, got in left.items() if got != data]
    assert partial == [], f"partial files left in the cache: {partial}"
    assert found is None or (found == stored and left[found] == data)


# ---------------------------------------------------------------- end to end (installer facet)


@pytest.mark.e2e
@pytest.mark.statement("robustness.wheels.damaged-wheel-rebuilt")
def test_damaged_cached_wheel_is_rebuilt(ws: Workspace) -> None:
    """The wheel cached by the first install is damaged (truncated): the next install of the same
    version succeeds and installs the project (built again, or from an intact copy the cache also
    holds)."""
    pkg = ws.project("demo", "1.0")
    ws.publish(pkg)
    ws.install("demo==1.0")
    [cached] = ws.cached_wheels()
    Damage("truncate", at=0.5).apply([cached])
    target = ws.install("demo==1.0")
    assert "VERSION = '1.0'" in (target / "demo.py").read_text(encoding="utf-8")


@pytest.mark.e2e
@pytest.mark.statement("robustness.wheels.bare-index-reused")
def test_wheel_built_from_a_bare_index_is_reused(bare_ws: Workspace) -> None:
    """Artificial: the index sends no hashes, validators or caching headers. The second install
    of the same version still uses the wheel the first one built."""
    pkg = bare_ws.project("sample", "1.0")
    bare_ws.publish(pkg)
    bare_ws.install("sample==1.0")
    bare_ws.install("sample==1.0")
    assert bare_ws.builds(pkg) == 1, "the second install built again"


@pytest.mark.e2e
@pytest.mark.statement("robustness.wheels.full-disk")
def test_full_disk_install_still_succeeds(ws: Workspace) -> None:
    """With the cache directory on a full disk (a real tmpfs), installing from an sdist succeeds,
    and no partial wheel is left in the cache."""
    with tiny_tmpfs(ws.cache):
        pkg = ws.project("demo", "1.0")
        ws.publish(pkg)
        target = ws.install("demo==1.0")
        assert (target / "demo.py").is_file()
        partial = [p for p in ws.cached_wheels() if p.stat().st_size == 0]
        assert partial == []


def check_read_only_install(ws: Workspace, how: str) -> None:
    pkg = ws.project("demo", "1.0")
    ws.publish(pkg)
    (ws.cache / "wheels").mkdir(parents=True)
    with read_only(ws.cache, how):
        target = ws.install("demo==1.0")
    assert (target / "demo.py").is_file()
    assert ws.cached_wheels() == []


@pytest.mark.e2e
@pytest.mark.statement("robustness.wheels.read-only-still-installs")
def test_read_only_file_system_install_still_succeeds(ws: Workspace) -> None:
    """With the cache directory on a read-only file system (made as root), installing from an
    sdist succeeds."""
    check_read_only_install(ws, "bind-mount")


@pytest.mark.e2e
@pytest.mark.statement("robustness.wheels.read-only-still-installs")
def test_unwritable_cache_directory_install_still_succeeds(ws: Workspace) -> None:
    """With a cache directory without write permission (made as another user than root),
    installing from an sdist succeeds."""
    check_read_only_install(ws, "chmod")


# ---------------------------------------------------------------- real pip's recorded deviations


@pytest.mark.statement("observed.wheels.damaged-wheel-used")
def test_pip_uses_a_damaged_cached_wheel(wheels: WheelCache, tmp_path: Path) -> None:
    """pip: a truncated file under a valid wheel name is what the wheel cache returns."""
    cache = tmp_path / "cache"
    stored = wheels.store(cache, LINK, write_wheel_file(tmp_path / "built", "demo", "1.0"))
    Damage("truncate", at=0.5).apply([stored])
    assert wheels.lookup(cache, LINK, "demo") == stored


@pytest.mark.e2e
@pytest.mark.statement("observed.wheels.unwritable-cache-fails-build")
def test_pip_as_root_fails_to_build_into_a_read_only_cache(ws: Workspace) -> None:
    """pip as root, its cache read-only: the build of an sdist fails, and so does the install."""
    pkg = ws.project("demo", "1.0")
    ws.publish(pkg)
    (ws.cache / "wheels").mkdir(parents=True)
    with read_only(ws.cache, "bind-mount"):
        result = ws.pip("install", "--target", str(ws.root / "t"), "--index-url", ws.index.url,
                        "demo==1.0", check=False)  # fmt: skip
    assert result.exit_code == 1
    assert "Building wheel for demo failed" in result.stderr
