"""An install killed at any moment of a cache write leaves nothing a later run trusts wrongly.

The implementation's installer offers deterministic kill points (``Installer.run_killed``: a real
process, killed with ``SIGKILL`` at its N-th write step to the cache). The test runs the same
install killed at step 1, 2, ... until a run finishes, each time on a fresh copy of the cache as it
was before, and after every kill checks the cache as a later run meets it: an install of the same
requirement succeeds and installs the project's own files, and, for an in-process HTTP cache, the
index page and the sdist it serves are the origin's bytes, whole. Two starting points: an empty
cache (the index page, the sdist and the built wheel are all written) and a warm one (the index
page's revalidation rewrites its entry).

Cost: every kill is followed by an install that may build, so by default every third step is
visited (each write's steps come in a row, so a stride of three still lands on every write and on
different moments of each); ``PIP_CACHE_SPEC_KILL_STRIDE=1`` visits them all.
"""

from __future__ import annotations

import os
import shutil
from typing import TYPE_CHECKING

import pytest
import requests

from spec_tests.harness.cleanenv import clean_env
from spec_tests.interface import HttpCache

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from spec_tests.harness.backend import Project
    from spec_tests.harness.workspace import Workspace
    from spec_tests.interface import Implementation

pytestmark = pytest.mark.e2e

#: a run has a handful of write steps per entry; more than this means the steps never end
MAX_STEPS = 60
KILLED = -9
STRIDE = int(os.environ.get("PIP_CACHE_SPEC_KILL_STRIDE", "3"))


def _ca(ws: Workspace) -> str | None:
    """The CA the index's certificate is issued by (an https index), else ``None``."""
    found = getattr(ws, "ca_cert", None)
    return None if found is None else str(found)


def _argv(ws: Workspace, target: Path, requirement: str) -> list[str]:
    """``install`` as the workspace words it, told to trust the index's CA (pip's ``--cert``)."""
    words = ws.install_args(target, requirement)
    ca = _ca(ws)
    return words if ca is None else [words[0], "--cert", ca, *words[1:]]


def _origin_bytes(url: str, ws: Workspace) -> bytes:
    answer = requests.get(url, timeout=30, verify=_ca(ws) or True)
    answer.raise_for_status()
    return answer.content


def _check_later_run(
    ws: Workspace,
    impl: Implementation,
    cache: Path,
    project: Project,
    requirement: str,
    step: int,
    urls: Sequence[str],
) -> None:
    """The cache a killed run left: a later install succeeds with the project's own files, and
    what the HTTP cache serves for ``urls`` is the origin's."""
    target = ws.fresh_target()
    argv = _argv(ws, target, requirement)
    result = ws.installer.run(argv, cache_dir=cache, env=clean_env(), cwd=ws.root)
    assert result.ok, f"after a kill at step {step}, the next install failed:\n{result.stderr}"
    module = (target / f"{project.module}.py").read_text(encoding="utf-8")
    assert f"VERSION = {project.version!r}" in module, f"step {step}: a wrong file was installed"
    if isinstance(impl.http, HttpCache) and urls:
        session = impl.http.session(cache)
        session.verify = _ca(ws) or True
        for url in urls:
            served = session.get(url, timeout=30)
            assert served.content == _origin_bytes(url, ws), f"step {step}: {url} served torn"


def check_kills(
    ws: Workspace,
    impl: Implementation,
    tmp_path: Path,
    *,
    warm: bool,
    stride: int = STRIDE,
    project: Project | None = None,
    requirement: str = "demo==1.0",
) -> int:
    """Kill ``install <requirement>`` at steps 1, 1 + stride, ... until a run finishes; check
    the cache after each kill (:func:`_check_later_run`). Without a ``project``, ``demo`` 1.0 is
    published on the index (its page and sdist are then checked in the HTTP cache too). Returns
    how many runs were killed."""
    run_killed = getattr(ws.installer, "run_killed", None)
    if run_killed is None:
        pytest.skip(f"{impl.name} offers no deterministic kill points (Installer.run_killed)")
    urls: list[str] = []
    if project is None:
        project = ws.project("demo", "1.0")
        ws.publish(project)
        page = ws.index.url.rstrip("/") + f"/{project.canonical_name}/"
        urls = [page, ws.index.file_url(project.sdist_filename)]
    if warm:
        ws.install(requirement)
    template = tmp_path / "template"
    shutil.copytree(ws.cache, template) if ws.cache.exists() else template.mkdir(parents=True)
    for killed, step in enumerate(range(1, MAX_STEPS, stride)):
        cache = tmp_path / f"cache-{step}"
        shutil.copytree(template, cache)
        argv = _argv(ws, ws.fresh_target(), requirement)
        result = run_killed(argv, cache_dir=cache, env=clean_env(), cwd=ws.root, step=step)
        if result.exit_code != KILLED:
            assert result.ok, f"the run that was not killed failed:\n{result.stderr}"
            return killed
        _check_later_run(ws, impl, cache, project, requirement, step, urls)
    pytest.fail(f"still killed at step {MAX_STEPS}: the steps never end")


@pytest.mark.statement("robustness.install.killed-midway")
@pytest.mark.parametrize("warm", [False, True], ids=["empty-cache", "warm-cache"])
def test_install_killed_at_every_write_step(
    ws: Workspace, impl: Implementation, tmp_path: Path, warm: bool
) -> None:
    """Killed at each write step in turn, an install leaves a cache the next install can use."""
    if warm and not ws.index.url.startswith("https:"):
        pytest.skip("a plain http index is not cached: a warm install writes nothing")
    killed = check_kills(ws, impl, tmp_path, warm=warm)
    assert killed >= 1, "no write step was killed: the cache was not written"
