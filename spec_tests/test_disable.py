"""Caching on by default, and off with ``--no-cache-dir``, end to end.

Page: "pip provides an on-by-default caching, designed to reduce the amount of time spent on
duplicate downloads and builds." and "pip's caching behaviour is disabled by passing the
--no-cache-dir option." (The configuration side, which directory each command gets, is checked in
``test_locations.py``.)

Two stories, each a sequence of runs as a user makes them: the same install (an sdist from the
index, so a build) and the same download (a wheel from an HTTPS origin that allows caching it for
ten minutes) twice with the cache at its place, then twice with ``--no-cache-dir``. The disabled
runs get a ``HOME`` of their own: whatever they cached by default would land there. What pip then
says or exits with is not the page's (``observed.locations.cache-dir-command-disabled``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from spec_tests.harness.cleanenv import clean_env
from spec_tests.harness.origin import WHEEL_PATH, Answer, Origin
from spec_tests.harness.workspace import workspace
from spec_tests.interface import CommandNotProvided

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from spec_tests.harness.origin import HttpsOrigin
    from spec_tests.harness.tls import LocalCA
    from spec_tests.interface import Installer

pytestmark = pytest.mark.e2e


def _files(root: Path) -> list[str]:
    """The files under ``root`` (none when it does not exist)."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


# ------------------------------------------------------------------ installs: builds


@dataclass(frozen=True)
class InstallStory:
    builds: list[int]  # builds of the project after each of the four installs
    cached_before_disabled: list[str]  # the cache's files after the two installs with it
    cached_after: list[str]  # ... and after the two with --no-cache-dir
    home: list[str]  # files under the disabled runs' ~/.cache (where the default cache is)


@pytest.fixture(scope="module")
def install_story(
    installer: object, tmp_path_factory: pytest.TempPathFactory, local_ca: LocalCA
) -> Iterator[InstallStory]:
    with workspace(installer, tmp_path_factory.mktemp("installs"), local_ca) as ws:
        pkg = ws.project("pkg", "1.0")
        ws.publish(pkg)
        builds = []
        for cache in (True, True):
            ws.install("pkg==1.0", cache=cache)
            builds.append(ws.builds(pkg))
        before = _files(ws.cache)
        for cache in (False, False):
            ws.install("pkg==1.0", cache=cache)
            builds.append(ws.builds(pkg))
        yield InstallStory(builds, before, _files(ws.cache), _files(ws.home / ".cache"))


@pytest.mark.statement("caching.on-by-default")
def test_second_install_is_served_from_the_cache(install_story: InstallStory) -> None:
    """Nothing but the cache's place given: the second install of an sdist builds nothing."""
    assert install_story.builds[:2] == [1, 1], "the same install built twice"


@pytest.mark.statement("disable.no-cache-dir-option")
def test_no_cache_dir_install_builds_every_run_and_keeps_nothing(
    install_story: InstallStory,
) -> None:
    """With ``--no-cache-dir`` each install builds, although a wheel is cached; nothing is
    cached, neither in the cache directory nor in the default one."""
    s = install_story
    built = [after - before for before, after in zip(s.builds[1:], s.builds[2:], strict=False)]
    assert built == [1, 1], "an install with --no-cache-dir did not build"
    assert s.cached_after == s.cached_before_disabled, "an install with --no-cache-dir cached"
    assert s.home == [], "an install with --no-cache-dir cached in the default place"


# ------------------------------------------------------------------ downloads: requests


class WallClock:
    """The origin's ``Date`` for an installer run at the real time (``pip download``)."""

    def now(self) -> float:
        return time.time()

    def advance(self, seconds: float) -> None:
        raise NotImplementedError("real time is not moved")


@dataclass(frozen=True)
class DownloadStory:
    requests: list[int]  # requests of the wheel in each of the four downloads
    home: list[str]  # files under the disabled runs' ~/.cache (where the default cache is)


@pytest.fixture(scope="module")
def download_story(
    installer: Installer, https_origin: HttpsOrigin, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DownloadStory | CommandNotProvided]:
    root = tmp_path_factory.mktemp("downloads")
    origin = Origin(https_origin.base_url, WallClock())
    origin.answer(Answer(headers={"Cache-Control": "max-age=600"}))
    https_origin.origin = origin
    cache, home = root / "cache", root / "home"
    home.mkdir()
    try:
        for i, cached in enumerate((True, True, False, False)):
            origin.new_run()
            dest = root / f"dl-{i}"
            argv = ["download", "--no-deps", "--progress-bar", "off",
                    "--cert", str(https_origin.ca_cert), "-d", str(dest), origin.url]  # fmt: skip
            env = clean_env() if cached else clean_env(HOME=str(home))
            result = installer.run(argv, cache_dir=cache if cached else None, env=env, cwd=root)
            assert result.ok, result.stderr
            assert [p.name for p in dest.iterdir()] == [WHEEL_PATH.rsplit("/", 1)[1]]
        requests = [sum(r.path == WHEEL_PATH for r in origin.run(i)) for i in range(4)]
        yield DownloadStory(requests, _files(home / ".cache"))
    except CommandNotProvided as exc:
        yield exc
    finally:
        https_origin.origin = None


def _told(story: DownloadStory | CommandNotProvided) -> DownloadStory:
    if isinstance(story, CommandNotProvided):
        raise story
    return story


@pytest.mark.statement("caching.on-by-default")
def test_second_download_is_served_from_the_cache(
    download_story: DownloadStory | CommandNotProvided,
) -> None:
    """Nothing but the cache's place given: a second download of a file the origin let be
    cached for ten minutes sends no request for it."""
    requests = _told(download_story).requests
    assert requests[0] >= 1
    assert requests[1] == 0, "the same download was fetched twice"


@pytest.mark.statement("disable.no-cache-dir-option")
def test_no_cache_dir_download_fetches_every_run_and_keeps_nothing(
    download_story: DownloadStory | CommandNotProvided,
) -> None:
    """With ``--no-cache-dir`` each download fetches the file, although a fresh copy is cached;
    nothing is cached in the default place."""
    s = _told(download_story)
    assert all(n >= 1 for n in s.requests[2:]), f"requests per download: {s.requests}"
    assert s.home == [], "a download with --no-cache-dir cached in the default place"
