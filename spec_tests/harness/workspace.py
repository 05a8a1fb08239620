"""One e2e scenario's world: a cache, a build counter, a loopback index and the installer.

The tests speak of projects (:mod:`.backend`), the index (:mod:`.index`) and pip-worded commands;
this module only wires them: every install goes to a fresh ``--target`` directory, with the
scenario's cache directory and a clean environment (:func:`~spec_tests.harness.cleanenv.clean_env`).
The index serves what a public index serves (``ws``); the bare index of labelled artificial
scenarios is ``bare_ws``'s. A command that reaches the index (``install``, ``download``,
``wheel``) is told to trust the index's CA in pip's words (``--cert <ca.pem>``); an adapter for
another tool translates.
"""

from __future__ import annotations

import itertools
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

import pytest

from spec_tests.harness.backend import VARIANT_ENV, BuildCounter, Project, write_sdist
from spec_tests.harness.cleanenv import clean_env
from spec_tests.harness.index import serving

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from pathlib import Path

    from spec_tests.harness.index import Index
    from spec_tests.harness.tls import LocalCA
    from spec_tests.interface import CommandResult, Installer

__all__ = ["InstallFailed", "Workspace", "bare_ws", "workspace", "ws"]

#: the commands that reach the index, so need to trust its certificate
_REACHING_THE_INDEX = frozenset({"install", "download", "wheel"})


class InstallFailed(AssertionError):
    """The installer exited non-zero where the scenario needs it to succeed."""


@dataclass
class Workspace:
    root: Path
    index: Index
    installer: Installer
    #: the CA certificate the index's certificate is issued by
    ca_cert: Path
    counter: BuildCounter = field(init=False)
    cache: Path = field(init=False)
    _n: itertools.count[int] = field(init=False, default_factory=itertools.count)

    def __post_init__(self) -> None:
        self.counter = BuildCounter(self.root / "builds.log")
        self.cache = self.root / "cache"

    def project(self, name: str, version: str, requires: Sequence[str] = ()) -> Project:
        return Project(name, version, self.counter, tuple(requires))

    def publish(self, project: Project) -> Path:
        """Write the project's sdist and serve it from the index; return the file."""
        sdist = write_sdist(project, self.root / "dist")
        self.index.publish(sdist)
        return sdist

    @property
    def home(self) -> Path:
        """``HOME`` of the runs with the cache disabled: whatever a run would cache by default
        lands here, inside the workspace."""
        return self.root / "home"

    def pip(
        self, *argv: str, variant: str | None = None, check: bool = True, cache: bool = True
    ) -> CommandResult:
        """Run a pip-worded command with the scenario's cache (``cache=False``: with the cache
        disabled, ``HOME`` in the workspace) and a clean environment (and, for a command that
        reaches the index, ``--cert <ca.pem>``)."""
        if argv and argv[0] in _REACHING_THE_INDEX:
            argv = (argv[0], "--cert", str(self.ca_cert), *argv[1:])
        extra = {VARIANT_ENV: variant} if variant else {}
        if not cache:
            self.home.mkdir(exist_ok=True)
            extra["HOME"] = str(self.home)
        env = clean_env(**extra)
        cache_dir = self.cache if cache else None
        result = self.installer.run(argv, cache_dir=cache_dir, env=env, cwd=self.root)
        if check and not result.ok:
            raise InstallFailed(f"{list(argv)} exited {result.exit_code}:\n{result.stderr}")
        return result

    def install_args(self, target: Path, *requirements: str) -> list[str]:
        """The words of ``install --target <target> --index-url <index> <requirements>``."""
        return ["install", "--target", str(target), "--index-url", self.index.url, *requirements]

    def fresh_target(self) -> Path:
        return self.root / f"target-{next(self._n)}"

    def install(self, *requirements: str, variant: str | None = None, cache: bool = True) -> Path:
        """``install --target <fresh dir> --index-url <index> <requirements>``; the target."""
        target = self.fresh_target()
        self.pip(*self.install_args(target, *requirements), variant=variant, cache=cache)
        return target

    def builds(self, project: Project) -> int:
        return self.counter.builds(project.name, project.version)

    def cached_wheels(self) -> list[Path]:
        """Every locally built wheel the cache holds: the installer says where
        (``built_wheels(cache_dir)``, for a tool with its own layout), else pip's
        ``<cache>/wheels``."""
        built = getattr(self.installer, "built_wheels", None)
        if callable(built):
            return sorted(built(self.cache))
        return sorted((self.cache / "wheels").rglob("*.whl"))


@contextmanager
def workspace(
    installer: object, root: Path, ca: LocalCA, *, bare: bool = False
) -> Iterator[Workspace]:
    """A workspace in ``root`` over a loopback index whose certificate ``ca`` issued (for a
    fixture of a wider scope than ``ws``: a scenario of several runs whose outcome several tests
    read); ``bare``: the bare index of labelled artificial scenarios."""
    root.mkdir(parents=True, exist_ok=True)
    with serving(ca, bare=bare) as index:
        yield Workspace(root, index, cast("Installer", installer), ca.cert_path)


@pytest.fixture
def ws(installer: object, tmp_path: Path, local_ca: LocalCA) -> Iterator[Workspace]:
    """A workspace over a loopback index that serves what a public index serves, driving the
    implementation's installer facet."""
    with workspace(installer, tmp_path, local_ca) as w:
        yield w


@pytest.fixture
def bare_ws(installer: object, tmp_path: Path, local_ca: LocalCA) -> Iterator[Workspace]:
    """A workspace over the bare index (no hash fragments, validators or caching headers): for
    labelled artificial scenarios only."""
    with workspace(installer, tmp_path, local_ca, bare=True) as w:
        yield w
