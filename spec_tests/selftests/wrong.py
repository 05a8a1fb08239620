"""Deliberately wrong implementations, each breaking one sentence of the page, and the catalogue
that names, for every documented statement, the wrong implementations that must fail it.

A suite that a wrong implementation passes checks nothing: ``test_wrong_catalogue.py`` runs each
statement's tests against its wrong implementations and requires them to fail, and requires every
documented statement of the registry to have an entry here. This module holds the wrong
locations and ``pip cache`` commands (the model's facets with one rule broken);
``wrong_http.py`` and ``wrong_wheels.py`` hold the others, ``wrong_e2e.py`` real pip misused.
"""

from __future__ import annotations

import importlib
import posixpath
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from packaging.version import Version

from spec_tests.adapters import model
from spec_tests.interface import (
    BasicImplementation,
    CacheCommands,
    CommandResult,
    Implementation,
    Platform,
)

#: statement id -> the wrong implementations (``module:factory`` under ``spec_tests.selftests``)
#: that must each fail at least one of its tests
CATALOGUE: dict[str, tuple[str, ...]] = {
    "caching.on-by-default": ("wrong:off_by_default",),
    "disable.no-cache-dir-option": ("wrong:ignores_no_cache_dir",),
    "locations.linux-default": ("wrong:home_dot_pip",),
    "locations.linux-xdg-cache-home": ("wrong:ignores_xdg",),
    "locations.macos-default": ("wrong:macos_like_linux",),
    "locations.windows-default": ("wrong:windows_forward_slashes",),
    "locations.macos-xdg-cache-home": ("wrong:macos_ignores_xdg_at_26_2",),
    "locations.macos-xdg-cache-home-changed": ("wrong:macos_ignores_xdg_at_26_2",),
    "locations.cache-dir-command": ("wrong:dir_ignores_configuration",),
    "commands.manage": ("wrong:no_info_command",),
    "commands.info-overview": ("wrong:info_counts_strays",),
    "commands.remove-package-wheels": ("wrong:matches_substrings",),
    "commands.remove-keeps-http": ("wrong:remove_also_deletes_http",),
    "commands.purge-clears-all": ("wrong:purge_leaves_http_v2",),
    "commands.list-all-wheels": ("wrong:lists_stray_files",),
    "commands.list-package-wheels": ("wrong:matches_substrings",),
    "http.like-a-browser": ("wrong_http:ignores_expires",),
    "http.fresh-served-from-cache": ("wrong_http:never_serves_fresh",),
    "http.expired-conditional-request": ("wrong_http:sends_no_validator",),
    "http.not-modified-uses-cached": (
        "wrong_http:never_refreshes_on_304",
        "wrong_http:fresh_forever_after_304",
    ),
    "http.new-response-stored": ("wrong_http:keeps_old_on_200",),
    "http.network-not-prevented": ("wrong_http:caches_everything",),
    "http.http-v2-directory": ("wrong_http:old_directory_name",),
    "http.old-directory-deletable": ("wrong_http:old_directory_name",),
    "wheels.use-cache-whenever-possible": ("wrong_wheels:never_finds",),
    "wheels.same-version-reused": ("wrong_wheels:ignores_version",),
    "wheels.built-wheel-added": ("wrong_wheels:keeps_no_builds",),
    "wheels.direct-path-not-cached": (
        "wrong_wheels:caches_direct_paths",
        "wrong_wheels:caches_local_archives",
    ),
    "wheels.direct-path-reused-within-run": ("wrong_wheels:no_run_cache_for_directories",),
    "wheels.git-commit-cached": (
        "wrong_wheels:no_git_commit_cache",
        "wrong_wheels:caches_branches",
    ),
    "avoid.cached-wheel-despite-environment": ("wrong_wheels:keys_by_compiler",),
    "avoid.builds-assumed-deterministic": ("wrong_wheels:rebuilds_pure_wheels",),
    "avoid.sdist-install-builds": ("wrong_wheels:sdist_file_finds_index_wheel",),
    "avoid.download-then-install-recipe": ("wrong_wheels:sdist_file_finds_index_wheel",),
    "avoid.remove-offending-wheel": ("wrong_wheels:out_of_reach_of_cache_command",),
}


class CatalogueRun:
    """A pytest plugin: each spec test runs once per wrong implementation its statement lists in
    ``catalogue`` (``impl`` parametrized, ids ``module:factory``); every other test is
    deselected."""

    def __init__(self, catalogue: Mapping[str, Sequence[str]]) -> None:
        self.catalogue = catalogue

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        ids = [m.args[0] for m in metafunc.definition.iter_markers("statement")]
        entries = [e for sid in ids for e in self.catalogue.get(sid, ())]
        if entries and "impl" in metafunc.fixturenames:
            wrong = [load(e) for e in entries]
            metafunc.parametrize("impl", wrong, ids=entries, scope="session")

    def pytest_collection_modifyitems(
        self, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        kept = [i for i in items if "impl" in getattr(getattr(i, "callspec", None), "params", {})]
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


def load(entry: str) -> Implementation:
    """The wrong implementation ``module:factory`` (under ``spec_tests.selftests``)."""
    module, _, factory = entry.partition(":")
    made: Implementation = getattr(
        importlib.import_module(f"spec_tests.selftests.{module}"), factory
    )()
    return made


def _claiming_the_page(name: str, page: str = "24.2", **facets: object) -> Implementation:
    """The model's version, claiming the pip of ``page`` (judged against that page), with these
    facets."""
    base = model.implementation()
    return BasicImplementation(
        name=name,
        version=base.version,
        pip_version=Version(page),
        **facets,  # type: ignore[arg-type]
    )


# ------------------------------------------------------------------ locations


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


class _HomeDotPip(model.ModelLocations):
    """Linux without XDG_CACHE_HOME: ~/.pip/cache, not the page's ~/.cache/pip."""

    def default_cache_dir(self, platform: Platform, env: Mapping[str, str], cwd: Path) -> str:
        if platform is Platform.LINUX and not env.get("XDG_CACHE_HOME"):
            return posixpath.join(env["HOME"], ".pip", "cache")
        return super().default_cache_dir(platform, env, cwd)


class _OffByDefault(model.ModelLocations):
    """Caches only where a cache directory is configured: off by default."""

    def effective_cache_dir(
        self, args: Sequence[str], env: Mapping[str, str], cwd: Path, command: str = "install"
    ) -> str | None:
        configured = any(a.startswith("--cache-dir") for a in args) or "PIP_CACHE_DIR" in env
        return super().effective_cache_dir(args, env, cwd, command) if configured else None


class _IgnoresNoCacheDir(model.ModelLocations):
    """Takes ``--no-cache-dir`` for nothing."""

    def effective_cache_dir(
        self, args: Sequence[str], env: Mapping[str, str], cwd: Path, command: str = "install"
    ) -> str | None:
        kept = [a for a in args if a != "--no-cache-dir"]
        return super().effective_cache_dir(kept, env, cwd, command)


def _with_locations(name: str, locations: model.ModelLocations) -> Implementation:
    return _claiming_the_page(name, locations=locations)


def ignores_xdg() -> Implementation:
    """Linux without the page's "pip will also respect XDG_CACHE_HOME"."""
    return _with_locations("wrong-ignores-xdg", _IgnoresXdg())


def macos_like_linux() -> Implementation:
    """MacOS answered with the Linux rule (~/.cache/pip)."""
    return _with_locations("wrong-macos-like-linux", _MacosLikeLinux())


def windows_forward_slashes() -> Implementation:
    """Windows path built with the wrong separator."""
    return _with_locations("wrong-windows-slashes", _WindowsForwardSlashes())


def home_dot_pip() -> Implementation:
    return _with_locations("wrong-home-dot-pip", _HomeDotPip())


def off_by_default() -> Implementation:
    return _with_locations("wrong-off-by-default", _OffByDefault())


def ignores_no_cache_dir() -> Implementation:
    return _with_locations("wrong-ignores-no-cache-dir", _IgnoresNoCacheDir())


def macos_ignores_xdg_at_26_2() -> Implementation:
    """Claims pip 26.2 (page 26.2: "Pip will also respect XDG_CACHE_HOME on macOS") with the
    macOS rule of pip 26.1 and older, the model's (it claims 24.2): ~/Library/Caches/pip."""
    return _claiming_the_page(
        "wrong-macos-ignores-xdg", page="26.2", locations=model.ModelLocations()
    )


# ------------------------------------------------------------------ pip cache commands


def _model_commands() -> CacheCommands:
    facet = model.implementation().commands
    assert facet is not None
    return facet


def _cache_dir(args: Sequence[str]) -> Path:
    return Path(args[list(args).index("--cache-dir") + 1])


def _positional(args: Sequence[str]) -> list[str]:
    """The subcommand and its operands, without ``--cache-dir DIR`` and flags."""
    out, it = [], iter(args)
    for arg in it:
        if arg == "--cache-dir":
            next(it, None)
        elif not arg.startswith("-"):
            out.append(arg)
    return out


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


class RemoveAlsoDeletesHttp:
    """``remove NAME`` deletes the HTTP cache files too."""

    def run_cache(self, args: Sequence[str], *, env: Mapping[str, str], cwd: Path) -> CommandResult:
        result = _model_commands().run_cache(args, env=env, cwd=cwd)
        if args and args[0] == "remove":
            for part in ("http", "http-v2"):
                for path in _files(_cache_dir(args) / part):
                    path.unlink()
        return result


class MatchesSubstrings:
    """``list NAME`` and ``remove NAME`` match NAME anywhere in a file name (``foo`` takes
    ``foo_bar``'s wheels)."""

    def run_cache(self, args: Sequence[str], *, env: Mapping[str, str], cwd: Path) -> CommandResult:
        if args and args[0] in ("remove", "list") and len(args) > 1 and "-" not in args[1]:
            args = [args[0], f"*{args[1]}*", *args[2:]]
        return _model_commands().run_cache(args, env=env, cwd=cwd)


class PurgeLeavesHttpV2:
    """``purge`` clears the wheels and ``http`` but not ``http-v2``, the page's HTTP cache."""

    def run_cache(self, args: Sequence[str], *, env: Mapping[str, str], cwd: Path) -> CommandResult:
        if not args or args[0] != "purge":
            return _model_commands().run_cache(args, env=env, cwd=cwd)
        kept = {p: p.read_bytes() for p in _files(_cache_dir(args) / "http-v2")}
        result = _model_commands().run_cache(args, env=env, cwd=cwd)
        for path, data in kept.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return result


class NoInfoCommand:
    """Has no ``info``."""

    def run_cache(self, args: Sequence[str], *, env: Mapping[str, str], cwd: Path) -> CommandResult:
        if args and args[0] == "info":
            return CommandResult(1, "", 'ERROR: unknown command "info"\n')
        return _model_commands().run_cache(args, env=env, cwd=cwd)


class InfoCountsStrays:
    """``info`` counts every file under ``wheels/`` as a wheel."""

    def run_cache(self, args: Sequence[str], *, env: Mapping[str, str], cwd: Path) -> CommandResult:
        result = _model_commands().run_cache(args, env=env, cwd=cwd)
        if not args or args[0] != "info":
            return result
        count = len(_files(_cache_dir(args) / "wheels"))
        line = re.compile(r"^(Number of locally built wheels:) \d+$", re.MULTILINE)
        return CommandResult(result.exit_code, line.sub(rf"\1 {count}", result.stdout), "")


class ListsStrayFiles:
    """``list`` shows every file under ``wheels/``, wheel or not."""

    def run_cache(self, args: Sequence[str], *, env: Mapping[str, str], cwd: Path) -> CommandResult:
        result = _model_commands().run_cache(args, env=env, cwd=cwd)
        if _positional(args) != ["list"] or "--format=abspath" in args:
            return result
        strays = [p for p in _files(_cache_dir(args) / "wheels") if p.suffix != ".whl"]
        extra = "".join(f" - {p.name} ({p.stat().st_size} bytes)\n" for p in strays)
        return CommandResult(result.exit_code, result.stdout + extra, result.stderr)


class DirIgnoresConfiguration:
    """``dir`` prints the default directory, whatever ``--cache-dir`` or PIP_CACHE_DIR say."""

    def run_cache(self, args: Sequence[str], *, env: Mapping[str, str], cwd: Path) -> CommandResult:
        if list(args[:1]) == ["dir"]:
            return CommandResult(0, f"{env.get('HOME', '~')}/.cache/pip\n", "")
        return _model_commands().run_cache(args, env=env, cwd=cwd)


def _with_commands(name: str, commands: CacheCommands) -> Implementation:
    return _claiming_the_page(name, commands=commands, locations=model.ModelLocations())


def remove_also_deletes_http() -> Implementation:
    return _with_commands("wrong-remove-also-deletes-http", RemoveAlsoDeletesHttp())


def matches_substrings() -> Implementation:
    return _with_commands("wrong-matches-substrings", MatchesSubstrings())


def purge_leaves_http_v2() -> Implementation:
    return _with_commands("wrong-purge-leaves-http-v2", PurgeLeavesHttpV2())


def no_info_command() -> Implementation:
    return _with_commands("wrong-no-info-command", NoInfoCommand())


def info_counts_strays() -> Implementation:
    return _with_commands("wrong-info-counts-strays", InfoCountsStrays())


def lists_stray_files() -> Implementation:
    return _with_commands("wrong-lists-stray-files", ListsStrayFiles())


def dir_ignores_configuration() -> Implementation:
    return _with_commands("wrong-dir-ignores-configuration", DirIgnoresConfiguration())
