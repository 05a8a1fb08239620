"""Building a wheel from a source tree: PEP 517 through ``pyproject-hooks``, isolated.

Page, 'Locally built wheels': "When no wheels are found for a source distribution, pip will attempt
to build a wheel using the package's build system."

Each hook runs in a fresh interpreter started with ``-I -S``: no user site, no ``PYTHON*``
variables, no site-packages, so the project sees only the standard library, its ``backend-path``
and its build requirements. That *is* an isolated build environment, and it costs no virtual
environment. Build requirements (``[build-system] requires``, then whatever
``get_requires_for_build_wheel`` adds) are installed into a directory of their own, put on the
hooks' path with :func:`site.addsitedir`, by pip or, failing that, uv, with their caches off: only
the project being installed is the model's business (as ``build`` does it). A project without a
``pyproject.toml`` but with a ``setup.py`` gets PEP 517's fallback backend.

No ``prepare_metadata_for_build_wheel`` call: the model resolves no dependencies, and the built
wheel's file name names the project and version.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from model.install.errors import BuildFailed

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

__all__ = [
    "BuildFailed",
    "BuildSystem",
    "build_system",
    "build_wheel",
    "unpack_sdist",
]

_FALLBACK = ("setuptools.build_meta:__legacy__", ("setuptools>=40.8.0",))
_OVERLAY_BOOT = (
    "import runpy, site, sys; site.addsitedir(sys.argv[1]); del sys.argv[:2]; "
    "runpy.run_path(sys.argv[0], run_name='__main__')"
)


@dataclass(frozen=True)
class BuildSystem:
    backend: str
    requires: tuple[str, ...]
    backend_path: tuple[str, ...] = ()


def unpack_sdist(archive: Path, into: Path) -> Path:
    """Extract a source distribution (tar or zip) into ``into``; return its project directory
    (the archive's single top-level directory, else ``into``). Members that would land outside
    ``into`` (absolute paths, ``..``, links out) are refused (``tarfile``'s ``data`` filter)."""
    into.mkdir(parents=True, exist_ok=True)
    try:
        if zipfile.is_zipfile(archive):
            with zipfile.ZipFile(archive) as zf:
                for member in zf.namelist():
                    if member.startswith("/") or ".." in member.split("/"):
                        raise BuildFailed(f"{archive.name}: a member outside the archive: {member}")
                zf.extractall(into)
        else:
            with tarfile.open(archive) as tf:
                tf.extractall(into, filter="data")
    except (tarfile.TarError, zipfile.BadZipFile, OSError, EOFError) as exc:
        raise BuildFailed(f"{archive.name}: not a readable source distribution ({exc})") from None
    entries = list(into.iterdir())
    return entries[0] if len(entries) == 1 and entries[0].is_dir() else into


def build_system(tree: Path) -> BuildSystem:
    """The ``[build-system]`` table of the project in ``tree`` (PEP 517/518 defaults)."""
    pyproject = tree / "pyproject.toml"
    if not pyproject.is_file():
        if (tree / "setup.py").is_file():
            return BuildSystem(_FALLBACK[0], _FALLBACK[1])
        raise BuildFailed(f"{tree.name}: no pyproject.toml or setup.py; not a Python project")
    try:
        table = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("build-system", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BuildFailed(f"{tree.name}: pyproject.toml cannot be read ({exc})") from None
    requires = table.get("requires", list(_FALLBACK[1]))
    backend = table.get("build-backend", _FALLBACK[0])
    paths = table.get("backend-path", [])
    if not (isinstance(requires, list) and isinstance(backend, str) and isinstance(paths, list)):
        raise BuildFailed(f"{tree.name}: a [build-system] table of the wrong shape")
    return BuildSystem(backend, tuple(map(str, requires)), tuple(map(str, paths)))


@dataclass
class _Runner:
    """pyproject-hooks' subprocess runner: the hook in ``python -I -S``, the run's environment."""

    env: Mapping[str, str]
    overlay: Path | None
    log: Callable[[str], None] | None

    def __call__(
        self,
        cmd: Sequence[str],
        cwd: str | None = None,
        extra_environ: Mapping[str, str] | None = None,
    ) -> None:
        python, script, *rest = cmd
        if self.overlay is None:
            argv = [python, "-I", "-S", script, *rest]
        else:
            argv = [python, "-I", "-S", "-c", _OVERLAY_BOOT, str(self.overlay), script, *rest]
        env = {**self.env, **(extra_environ or {})}
        done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
        output = done.stdout + done.stderr
        if self.log is not None and output:
            self.log(output.rstrip("\n"))
        if done.returncode != 0:
            raise BuildFailed(f"the build backend failed ({_last_line(output)})", output)


def _last_line(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    return lines[-1][:200] if lines else "no output"


def install_requirements(
    requirements: Sequence[str], into: Path, env: Mapping[str, str], index_url: str | None
) -> None:
    """Install build requirements into the directory ``into``, by pip, else uv; caches off."""
    index = ["--index-url", index_url] if index_url else []
    if importlib.util.find_spec("pip") is not None:
        argv = [sys.executable, "-m", "pip", "install", "--no-cache-dir",
                "--disable-pip-version-check", "-q", "--target", str(into), *index,
                *requirements]  # fmt: skip
    elif (uv := shutil.which("uv", path=env.get("PATH"))) is not None:
        argv = [uv, "pip", "install", "--no-cache", "--quiet", "--target", str(into),
                "--python", sys.executable, *index, *requirements]  # fmt: skip
    else:
        raise BuildFailed("build requirements need pip or uv to install them; neither was found")
    done = subprocess.run(argv, env=dict(env), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        output = done.stdout + done.stderr
        raise BuildFailed(
            f"build requirements {' '.join(requirements)}: {_last_line(output)}", output
        )


def build_wheel(
    tree: Path,
    out: Path,
    *,
    env: Mapping[str, str],
    scratch: Path,
    index_url: str | None = None,
    log: Callable[[str], None] | None = None,
) -> Path:
    """Build the project in ``tree`` into the directory ``out``; return the wheel."""
    from pyproject_hooks import BackendUnavailable, BuildBackendHookCaller, HookMissing

    system = build_system(tree)
    overlay = scratch / "build-env" if system.requires else None
    if overlay is not None:
        install_requirements(system.requires, overlay, env, index_url)
    runner = _Runner(env, overlay, log)
    hooks = BuildBackendHookCaller(
        str(tree), system.backend, list(system.backend_path) or None, runner=runner
    )
    out.mkdir(parents=True, exist_ok=True)
    try:
        extra = [r for r in hooks.get_requires_for_build_wheel({}) if r not in system.requires]
        if extra:
            overlay = overlay or scratch / "build-env"
            install_requirements(extra, overlay, env, index_url)
            runner.overlay = overlay
        name = hooks.build_wheel(str(out), {})
    except (BackendUnavailable, HookMissing) as exc:
        raise BuildFailed(f"build backend {system.backend!r} unavailable ({exc})") from None
    return out / name
