"""The ``WheelCache`` facet answered by pip's own wheel-cache code, in-process.

Uses the pip importable in this interpreter: ``pip._internal.cache.WheelCache`` for the layout and
the choice of a cached wheel, ``pip._internal.wheel_builder._should_cache`` for the decision. It
adapts to their changes from pip 20.1 to the newest release:

- ``WheelCache(cache_dir, format_control)`` up to 22.x, ``WheelCache(cache_dir)`` from 23.0;
- ``EphemWheelCache`` needs pip's global temp-dir manager (entered around every call);
- ``_should_cache`` needs a requirement whose ``source_dir`` is set; for a VCS link pip asks the
  checkout whether the revision is an immutable commit, so the adapter clones the repository (with
  ``git``, as pip's checkout leaves it) before asking.

Nothing of pip's logic is re-implemented: the adapter builds pip's inputs and reads its answers.
"""

from __future__ import annotations

import inspect
import os
import shutil
import subprocess
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any

__all__ = ["PipWheelCache", "make_wheels"]


def _pip() -> Any:
    """pip's internal modules, imported lazily (pip reads its environment at import)."""
    from pip._internal import cache, wheel_builder
    from pip._internal.models.link import Link
    from pip._internal.req import constructors
    from pip._internal.utils import compatibility_tags, temp_dir, urls

    class Mods:
        pass

    m = Mods()
    m.cache, m.wheel_builder, m.Link = cache, wheel_builder, Link  # type: ignore[attr-defined]
    m.constructors, m.tags = constructors, compatibility_tags  # type: ignore[attr-defined]
    m.temp_dir, m.urls = temp_dir, urls  # type: ignore[attr-defined]
    return m


def _split_named(link: str) -> tuple[str | None, str]:
    name, at, url = link.partition(" @ ")
    return (name.strip(), url.strip()) if at else (None, link)


class PipWheelCache:
    """pip's wheel cache, driven with the facet's arguments."""

    def __init__(self, cwd: Path | None = None) -> None:
        self._pip = _pip()
        self._cwd = cwd

    # ------------------------------------------------------------------ inputs pip expects
    def _url(self, link: str) -> str:
        _, target = _split_named(link)
        if "://" in target or target.startswith(("git+", "hg+", "svn+", "bzr+")):
            return target
        path = Path(self._cwd or Path.cwd(), target)
        return str(self._pip.urls.path_to_url(os.path.abspath(path)))

    def _link(self, link: str) -> Any:
        return self._pip.Link(self._url(link))

    def _wheel_cache(self, cache_dir: Path) -> Any:
        cls = self._pip.cache.WheelCache
        params = inspect.signature(cls.__init__).parameters
        if "format_control" in params and params["format_control"].default is inspect._empty:
            from pip._internal.models.format_control import FormatControl

            return cls(str(cache_dir), FormatControl(set(), set()))
        return cls(str(cache_dir))

    def _requirement(self, link: str, editable: bool, stack: ExitStack) -> Any:
        name, target = _split_named(link)
        url = self._url(link)
        ctor = self._pip.constructors
        if editable:
            req = ctor.install_req_from_editable(url if "://" in target else str(url))
        elif name is not None:
            req = ctor.install_req_from_req_string(f"{name} @ {url}")
        else:
            req = ctor.install_req_from_line(url)
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="pip-spec-src-")))
        if req.link.is_vcs:
            req.source_dir = str(_checkout(req.link.url, scratch / "src"))
        elif req.link.scheme == "file" and os.path.isdir(req.link.file_path):
            req.source_dir = req.link.file_path
        else:
            req.source_dir = str(scratch)
        return req

    # ------------------------------------------------------------------ the facet
    def cache_decision(self, link: str, *, editable: bool = False) -> str:
        with ExitStack() as stack:
            stack.enter_context(self._pip.temp_dir.global_tempdir_manager())
            req = self._requirement(link, editable, stack)
            if req.link.is_wheel:
                return "none"
            return "persistent" if self._pip.wheel_builder._should_cache(req) else "ephemeral"

    def store(self, cache_dir: Path, link: str, wheel: Path) -> Path:
        with self._pip.temp_dir.global_tempdir_manager():
            directory = Path(self._wheel_cache(cache_dir).get_path_for_link(self._link(link)))
        directory.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copy2(wheel, directory / wheel.name))

    def lookup(self, cache_dir: Path, link: str, name: str | None) -> Path | None:
        with self._pip.temp_dir.global_tempdir_manager():
            entry = self._wheel_cache(cache_dir).get_cache_entry(
                self._link(link), name, self._pip.tags.get_supported()
            )
        if entry is None or not entry.persistent:
            return None
        return Path(entry.link.file_path)


def _checkout(vcs_url: str, dest: Path) -> Path:
    """Clone ``git+<url>@<rev>`` into ``dest`` and check ``rev`` out, as pip's checkout does."""
    url = vcs_url.removeprefix("git+").partition("#")[0]
    head, at, rev = url.rpartition("@")
    if not at or "/" in rev:
        head, rev = url, ""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    subprocess.run(
        ["git", "clone", "-q", head, str(dest)], check=True, env=env, capture_output=True
    )
    if rev:
        subprocess.run(
            ["git", "-C", str(dest), "checkout", "-q", rev],
            check=True,
            env=env,
            capture_output=True,
        )
    return dest


def make_wheels() -> PipWheelCache | None:
    """The facet for the pip importable here; ``None`` when pip predates ``wheel_builder``."""
    try:
        _pip()
    except ImportError:
        return None
    return PipWheelCache()
