"""Deliberately wrong implementations, each breaking one sentence of the page.

The self-tests run the suite against each one and require the matching tests to fail: a suite
that a wrong implementation passes checks nothing.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from pathlib import Path

from spec_tests.adapters import model
from spec_tests.interface import BasicImplementation, Implementation, Platform


class _IgnoresXdg(model.ModelLocations):
    def default_cache_dir(self, platform: Platform, env: Mapping[str, str], cwd: Path) -> str:
        trimmed = {k: v for k, v in env.items() if k != "XDG_CACHE_HOME"}
        return super().default_cache_dir(platform, trimmed, cwd)


class _MacosLikeLinux(model.ModelLocations):
    def default_cache_dir(self, platform: Platform, env: Mapping[str, str], cwd: Path) -> str:
        if platform is Platform.MACOS:
            platform = Platform.LINUX
        return super().default_cache_dir(platform, env, cwd)


class _WindowsForwardSlashes(model.ModelLocations):
    def default_cache_dir(self, platform: Platform, env: Mapping[str, str], cwd: Path) -> str:
        if platform is Platform.WINDOWS:
            return posixpath.join(env["LOCALAPPDATA"], "pip", "Cache")
        return super().default_cache_dir(platform, env, cwd)


def _with_locations(name: str, locations: model.ModelLocations) -> Implementation:
    base = model.implementation()
    return BasicImplementation(
        name=name, version=base.version, pip_version=base.pip_version, locations=locations
    )


def ignores_xdg() -> Implementation:
    """Linux without the page's "pip will also respect XDG_CACHE_HOME"."""
    return _with_locations("wrong-ignores-xdg", _IgnoresXdg())


def macos_like_linux() -> Implementation:
    """MacOS answered with the Linux rule (~/.cache/pip)."""
    return _with_locations("wrong-macos-like-linux", _MacosLikeLinux())


def windows_forward_slashes() -> Implementation:
    """Windows path built with the wrong separator."""
    return _with_locations("wrong-windows-slashes", _WindowsForwardSlashes())
