"""Building a wheel from a source tree (:mod:`model.install.build`): the archive unpacked and
refused when a member lands outside, the ``[build-system]`` table read with PEP 517/518's
defaults, the hooks run isolated in the project's directory, build requirements installed by pip
(uv without pip) from a local file index (no network: a proxy at a closed local port catches any
other request)."""

from __future__ import annotations

import importlib.util
import io
import os
import shutil
import sys
import tarfile
import zipfile
from typing import TYPE_CHECKING

import pytest

from model.install.build import (
    _FALLBACK,
    BuildFailed,
    BuildSystem,
    build_system,
    build_wheel,
    unpack_sdist,
)

if TYPE_CHECKING:
    from importlib.machinery import ModuleSpec
    from pathlib import Path


def _tar(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return path


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_unpack_returns_the_single_top_directory_else_the_target(tmp_path: Path) -> None:
    tar = _tar(tmp_path / "p-1.0.tar.gz", {"p-1.0/setup.py": b""})
    into = tmp_path / "a" / "b"  # parents made
    assert unpack_sdist(tar, into) == into / "p-1.0"
    assert unpack_sdist(tar, into) == into / "p-1.0"  # the directory exists already
    zipped = _zip(tmp_path / "p-1.0.zip", {"p-1.0/setup.py": b"zip"})
    assert (unpack_sdist(zipped, tmp_path / "z") / "setup.py").read_bytes() == b"zip"
    two = _tar(tmp_path / "two.tar.gz", {"a/x": b"", "b/y": b""})
    assert unpack_sdist(two, tmp_path / "two") == tmp_path / "two"
    flat = _tar(tmp_path / "flat.tar.gz", {"setup.py": b""})
    assert unpack_sdist(flat, tmp_path / "flat") == tmp_path / "flat"


@pytest.mark.parametrize("member", ["../evil.py", "p/../../evil.py", "/abs.py"])
def test_unpack_refuses_a_zip_member_outside(tmp_path: Path, member: str) -> None:
    zipped = _zip(tmp_path / "p-1.0.zip", {"p-1.0/setup.py": b"", member: b""})
    with pytest.raises(BuildFailed, match=r"^p-1\.0\.zip: a member outside the archive: "):
        unpack_sdist(zipped, tmp_path / "into")


def test_unpack_refuses_a_tar_member_outside_and_a_broken_archive(tmp_path: Path) -> None:
    tar = _tar(tmp_path / "p-1.0.tar.gz", {"p-1.0/setup.py": b"", "../evil.py": b""})
    with pytest.raises(BuildFailed, match=r"^p-1\.0\.tar\.gz: not a readable source distribution"):
        unpack_sdist(tar, tmp_path / "into")
    assert not (tmp_path / "evil.py").exists()
    broken = tmp_path / "q-1.0.tar.gz"
    broken.write_bytes(b"not an archive")
    with pytest.raises(BuildFailed, match=r"^q-1\.0\.tar\.gz: not a readable source distribution"):
        unpack_sdist(broken, tmp_path / "into2")


def _project(tmp_path: Path, pyproject: str | None, name: str = "proj") -> Path:
    tree = tmp_path / name
    tree.mkdir()
    if pyproject is not None:
        (tree / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    return tree


def test_build_system_defaults(tmp_path: Path) -> None:
    legacy = _project(tmp_path, None, "legacy")
    (legacy / "setup.py").write_text("")
    assert build_system(legacy) == BuildSystem(_FALLBACK[0], _FALLBACK[1])
    assert _FALLBACK == ("setuptools.build_meta:__legacy__", ("setuptools>=40.8.0",))
    bare = _project(tmp_path, '[project]\nname = "é"\n', "bare")
    assert build_system(bare) == BuildSystem(_FALLBACK[0], _FALLBACK[1], ())
    given = _project(tmp_path, '[build-system]\nrequires = ["a", "b>1"]\n', "given")
    assert build_system(given) == BuildSystem(_FALLBACK[0], ("a", "b>1"), ())
    full = _project(
        tmp_path,
        '[build-system]\nrequires = []\nbuild-backend = "be"\nbackend-path = ["."]\n',
        "full",
    )
    assert build_system(full) == BuildSystem("be", (), (".",))


@pytest.mark.parametrize(
    ("pyproject", "message"),
    [
        (None, "^none: no pyproject.toml or setup.py; not a Python project$"),
        ("[build-system", "^none: pyproject.toml cannot be read "),
        ('[build-system]\nrequires = "a"\n', r"^none: a \[build-system\] table of the wrong"),
        ("[build-system]\nbuild-backend = 1\n", r"^none: a \[build-system\] table of the wrong"),
        ('[build-system]\nbackend-path = "."\n', r"^none: a \[build-system\] table of the wrong"),
    ],
)
def test_build_system_refuses(tmp_path: Path, pyproject: str | None, message: str) -> None:
    with pytest.raises(BuildFailed, match=message):
        build_system(_project(tmp_path, pyproject, "none"))


#: an in-tree backend: checks it runs isolated in the project's directory, prints to both
#: streams, imports the build requirement ``tinydep`` when asked to, fails when asked to
BACKEND = """
import os, sys, zipfile
MODE = open("mode.txt").read().split()
def get_requires_for_build_wheel(config_settings=None):
    print("asking \\n", end="")
    return ["tinydep"] if "extra" in MODE else []
def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    assert sys.flags.isolated and sys.flags.no_site, sys.flags
    assert os.path.isfile("mode.txt"), os.getcwd()
    if "silent" in MODE:
        sys.stdout.flush()
        os._exit(3)
    if "fail" in MODE:
        print("first line")
        raise RuntimeError("boom " + "x" * 300)
    version = "1.0"
    if "dep" in MODE or "extra" in MODE:
        import tinydep
        version = tinydep.VERSION
    print("built X")
    name = f"proj-{version}-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w") as zf:
        zf.writestr("proj.py", "")
    return name
"""


def _backend_tree(tmp_path: Path, mode: str, requires: str = "[]") -> Path:
    pyproject = (
        f'[build-system]\nrequires = {requires}\nbuild-backend = "backend"\nbackend-path = ["."]\n'
    )
    tree = _project(tmp_path, pyproject)
    (tree / "backend.py").write_text(BACKEND, encoding="utf-8")
    (tree / "mode.txt").write_text(mode, encoding="utf-8")
    return tree


def _env(tmp_path: Path) -> dict[str, str]:
    """No pip configuration, a cache where a forgotten ``--no-cache-dir`` would show, and any
    request off the local index sent to a closed local port."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "PIP_CONFIG_FILE": os.devnull,
        "XDG_CACHE_HOME": str(tmp_path / "xdg-cache"),
        "HOME": str(tmp_path / "home"),
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "HTTP_PROXY": "http://127.0.0.1:9",
        "PIP_RETRIES": "0",
        "PIP_TIMEOUT": "2",
    }


def test_build_runs_the_hooks_isolated_in_the_tree_and_logs_them(tmp_path: Path) -> None:
    tree = _backend_tree(tmp_path, "plain")
    logged: list[str] = []
    out = tmp_path / "out" / "wheels"
    wheel = build_wheel(tree, out, env=_env(tmp_path), scratch=tmp_path / "s", log=logged.append)
    assert wheel == out / "proj-1.0-py3-none-any.whl"
    assert wheel.is_file()
    assert logged == ["asking ", "built X"]
    again = build_wheel(tree, out, env=_env(tmp_path), scratch=tmp_path / "s")  # out exists
    assert again == wheel


def test_build_failure_names_the_backends_last_line(tmp_path: Path) -> None:
    with pytest.raises(BuildFailed) as failed:
        build_wheel(_backend_tree(tmp_path, "fail"), tmp_path / "out", env=_env(tmp_path),
                    scratch=tmp_path / "s")  # fmt: skip
    message = str(failed.value)
    assert message == f"the build backend failed (RuntimeError: boom {'x' * 181})"
    assert "first line" in failed.value.output


def test_build_failure_without_output(tmp_path: Path) -> None:
    with pytest.raises(BuildFailed, match=r"^the build backend failed \(no output\)$"):
        build_wheel(_backend_tree(tmp_path, "silent"), tmp_path / "out", env=_env(tmp_path),
                    scratch=tmp_path / "s")  # fmt: skip


def test_build_names_an_unavailable_backend(tmp_path: Path) -> None:
    tree = _project(tmp_path, '[build-system]\nrequires = []\nbuild-backend = "nosuch"\n')
    with pytest.raises(BuildFailed, match=r"^build backend 'nosuch' unavailable \("):
        build_wheel(tree, tmp_path / "out", env=_env(tmp_path), scratch=tmp_path / "s")


def _tiny_index(tmp_path: Path) -> str:
    """A file index serving ``tinydep`` 2.0 (a module saying its version)."""
    project = tmp_path / "index" / "tinydep"
    project.mkdir(parents=True)
    wheel = "tinydep-2.0-py3-none-any.whl"
    dist = "tinydep-2.0.dist-info"
    _zip(
        project / wheel,
        {
            "tinydep.py": b"VERSION = '2.0'\n",
            f"{dist}/METADATA": b"Metadata-Version: 2.1\nName: tinydep\nVersion: 2.0\n",
            f"{dist}/WHEEL": b"Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
            f"{dist}/RECORD": b"",
        },
    )
    (project / "index.html").write_text(f'<a href="{wheel}">{wheel}</a>\n', encoding="utf-8")
    return (tmp_path / "index").as_uri()


@pytest.mark.skipif(sys.platform == "win32", reason="file index path layout")
@pytest.mark.parametrize(("mode", "requires"), [("dep", '["tinydep"]'), ("extra", "[]")])
def test_build_requirements_are_installed_for_the_hooks(
    tmp_path: Path, mode: str, requires: str
) -> None:
    """``requires`` and what ``get_requires_for_build_wheel`` adds, both installed (pip, its cache
    off) where the backend imports them."""
    index = _tiny_index(tmp_path)
    tree = _backend_tree(tmp_path, mode, requires)
    scratch = tmp_path / "s"
    wheel = build_wheel(tree, tmp_path / "out", env=_env(tmp_path), scratch=scratch,
                        index_url=index)  # fmt: skip
    assert wheel.name == "proj-2.0-py3-none-any.whl"
    assert not (tmp_path / "xdg-cache").exists()


def test_build_requirement_not_found(tmp_path: Path) -> None:
    index = _tiny_index(tmp_path)
    tree = _backend_tree(tmp_path, "dep", '["nosuchdep", "tinydep"]')
    with pytest.raises(BuildFailed) as failed:
        build_wheel(tree, tmp_path / "out", env=_env(tmp_path), scratch=tmp_path / "s",
                    index_url=index)  # fmt: skip
    assert str(failed.value).startswith("build requirements nosuchdep tinydep: ERROR: No matching")
    assert "No matching distribution" in failed.value.output


def test_build_requirements_follow_the_runs_environment(tmp_path: Path) -> None:
    """No ``--index-url``: pip's own settings in the run's environment decide (here a local
    directory of wheels and no index)."""
    _tiny_index(tmp_path)
    env = {**_env(tmp_path), "PIP_NO_INDEX": "1",
           "PIP_FIND_LINKS": str(tmp_path / "index" / "tinydep")}  # fmt: skip
    tree = _backend_tree(tmp_path, "dep", '["tinydep"]')
    wheel = build_wheel(tree, tmp_path / "out", env=env, scratch=tmp_path / "s")
    assert wheel.name == "proj-2.0-py3-none-any.whl"


def _without_pip(monkeypatch: pytest.MonkeyPatch) -> None:
    """The model run by an interpreter without pip: build requirements fall to uv."""
    real = importlib.util.find_spec

    def find_spec(name: str, package: str | None = None) -> ModuleSpec | None:
        return None if name == "pip" else real(name, package)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)


def test_build_requirements_by_uv_when_pip_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("uv") is None:
        pytest.skip("uv not installed")
    _without_pip(monkeypatch)
    index = _tiny_index(tmp_path)
    tree = _backend_tree(tmp_path, "dep", '["tinydep"]')
    env = _env(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # uv is looked for on the run's PATH
    wheel = build_wheel(tree, tmp_path / "out", env=env, scratch=tmp_path / "s",
                        index_url=index)  # fmt: skip
    assert wheel.name == "proj-2.0-py3-none-any.whl"
    assert not (tmp_path / "xdg-cache").exists()  # uv's cache off too


def test_build_requirements_without_pip_or_uv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _without_pip(monkeypatch)
    tree = _backend_tree(tmp_path, "dep", '["tinydep"]')
    env = {**_env(tmp_path), "PATH": str(tmp_path / "empty")}
    with pytest.raises(BuildFailed, match=r"^build requirements need pip or uv to install them;"):
        build_wheel(tree, tmp_path / "out", env=env, scratch=tmp_path / "s")
