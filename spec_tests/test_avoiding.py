"""'Avoiding caching', end to end: the cached wheel wins over a changed environment, and the
page's recipes force a rebuild.

The generated backend builds a "pure" wheel unless the variable ``VARIANT_ENV`` says ``ext`` (the
page's package whose optional C extension could now be built); the installed module tells which
wheel was installed, the build counter how many builds ran.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from spec_tests.harness.workspace import Workspace, workspace

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from spec_tests.harness.backend import Project
    from spec_tests.harness.tls import LocalCA

pytestmark = pytest.mark.e2e


def _variant(target: Path, project: Project) -> str:
    """Which wheel went into ``target``: "pure" or "ext"."""
    source = (target / f"{project.module}.py").read_text(encoding="utf-8")
    return "ext" if "'ext'" in source else "pure"


@pytest.fixture
def cached_pure(ws: Workspace) -> Project:
    """``sample`` 1.0 on the index, built once without its extension: the pure wheel is cached."""
    sample = ws.project("sample", "1.0")
    ws.publish(sample)
    assert _variant(ws.install("sample==1.0"), sample) == "pure"
    assert ws.builds(sample) == 1
    return sample


@dataclass(frozen=True)
class ChangedEnvironment:
    """``sample`` 1.0 installed from the index without the extension (its pure wheel cached),
    then installed again where the extension could be built: what the second install did."""

    project: Project
    variant: str  # which wheel the second install installed
    builds: int  # builds of sample 1.0 after both installs


@pytest.fixture(scope="module")
def changed_environment(
    installer: object, tmp_path_factory: pytest.TempPathFactory, local_ca: LocalCA
) -> Iterator[ChangedEnvironment]:
    with workspace(installer, tmp_path_factory.mktemp("changed-env"), local_ca) as ws:
        sample = ws.project("sample", "1.0")
        ws.publish(sample)
        assert _variant(ws.install("sample==1.0"), sample) == "pure"
        target = ws.install("sample==1.0", variant="ext")
        yield ChangedEnvironment(sample, _variant(target, sample), ws.builds(sample))


@pytest.mark.statement("avoid.cached-wheel-despite-environment")
def test_changed_environment_still_gets_cached_wheel(
    changed_environment: ChangedEnvironment,
) -> None:
    """An environment that could build the extension still installs the cached pure wheel."""
    assert changed_environment.variant == "pure"


@pytest.mark.statement("avoid.builds-assumed-deterministic")
def test_changed_environment_builds_nothing(changed_environment: ChangedEnvironment) -> None:
    """The cached wheel matches the package, so it stands for the build: the install in the
    changed environment builds nothing."""
    assert changed_environment.builds == 1


@pytest.mark.statement("avoid.sdist-install-builds")
def test_sdist_file_builds_despite_cached_wheel(ws: Workspace, cached_pure: Project) -> None:
    """Installing the sdist file itself builds, although a matching wheel is cached."""
    sdist = ws.root / "dist" / cached_pure.sdist_filename
    target = ws.install(str(sdist), variant="ext")
    assert ws.builds(cached_pure) == 2
    assert _variant(target, cached_pure) == "ext"


@pytest.mark.statement("avoid.download-then-install-recipe")
def test_download_then_install_rebuilds(ws: Workspace, cached_pure: Project) -> None:
    """``pip download sample==1.0 --no-binary :all:`` then ``pip install sample-1.0.tar.gz``."""
    downloads = ws.root / "downloads"
    ws.pip("download", "sample==1.0", "--no-binary", ":all:", "--no-deps", "-d", str(downloads),
           "--index-url", ws.index.url)  # fmt: skip
    (sdist,) = downloads.iterdir()
    assert sdist.name == cached_pure.sdist_filename
    target = ws.install(str(sdist), variant="ext")
    assert ws.builds(cached_pure) == 2
    assert _variant(target, cached_pure) == "ext"


@pytest.mark.statement("avoid.remove-offending-wheel")
def test_cache_remove_then_install_rebuilds(ws: Workspace, cached_pure: Project) -> None:
    """After ``pip cache remove sample`` the next install from the index builds again."""
    ws.pip("cache", "remove", "sample")
    assert ws.cached_wheels() == []
    target = ws.install("sample==1.0", variant="ext")
    assert ws.builds(cached_pure) == 2
    assert _variant(target, cached_pure) == "ext"
