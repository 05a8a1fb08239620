"""Page section 'Where is the cache stored': the default paths, ``pip cache dir``, and what
configures another directory (observed tier).

Each documented test computes the expected directory from the page's own words (the oracle is the
sentence, not the model) and asks the implementation's Locations facet, or its ``cache dir``.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spec_tests.harness.cleanenv import clean_env
from spec_tests.harness.envs import posix_abs_paths, segment, windows_abs_paths
from spec_tests.interface import CacheCommands, Locations, Platform, PlatformNotEmulated

DISABLED_MESSAGE = "ERROR: pip cache commands can not function since cache is disabled."


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real working directory (resolved, so that expected paths need no symlink handling)."""
    return tmp_path_factory.mktemp("cwd").resolve()


@pytest.fixture
def tmp(tmp_path: Path) -> Path:
    """The test's own directory, symbolic links resolved."""
    return tmp_path.resolve()


def env_of(**variables: str | None) -> dict[str, str]:
    """A process environment with exactly these variables (None: unset) and no pip config."""
    return clean_env(
        {"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
        **{k: v for k, v in variables.items() if v is not None},
    )


def app(facet: object) -> str:
    """The tool's own directory under the platform's cache root: ``pip`` (the page's paths), or
    another installer's name for it (its facet's ``app_name``: uv keeps ``~/.cache/uv``). The rules
    (HOME, XDG_CACHE_HOME, ...) are what the tests check; the name is the tool's own."""
    return str(getattr(facet, "app_name", "pip"))


def default_dir(locations: Locations, platform: Platform, env: dict[str, str], cwd: Path) -> str:
    try:
        return locations.default_cache_dir(platform, env, cwd)
    except PlatformNotEmulated as exc:
        pytest.skip(f"{platform.value}: {exc}")


# ------------------------------------------------------------------ documented: Default paths


@pytest.mark.statement("locations.linux-default")
@given(home=posix_abs_paths())
def test_linux_default_is_home_cache_pip(locations: Locations, workdir: Path, home: str) -> None:
    """Linux, XDG_CACHE_HOME unset: the cache is ~/.cache/pip."""
    got = default_dir(locations, Platform.LINUX, env_of(HOME=home), workdir)
    assert got == posixpath.join(home, ".cache", app(locations))


@pytest.mark.statement("locations.linux-xdg-cache-home")
@given(home=posix_abs_paths(), xdg=posix_abs_paths())
def test_linux_respects_xdg_cache_home(
    locations: Locations, workdir: Path, home: str, xdg: str
) -> None:
    """Linux, XDG_CACHE_HOME set to an absolute directory: the cache is $XDG_CACHE_HOME/pip."""
    got = default_dir(locations, Platform.LINUX, env_of(HOME=home, XDG_CACHE_HOME=xdg), workdir)
    assert got == posixpath.join(xdg, app(locations))


@pytest.mark.statement("locations.macos-default")
@given(home=posix_abs_paths())
def test_macos_default_is_library_caches(locations: Locations, workdir: Path, home: str) -> None:
    """MacOS: the cache is ~/Library/Caches/pip."""
    got = default_dir(locations, Platform.MACOS, env_of(HOME=home), workdir)
    assert got == posixpath.join(home, "Library", "Caches", "pip")


@pytest.mark.statement("locations.macos-xdg-cache-home")
@given(home=posix_abs_paths(), xdg=posix_abs_paths())
def test_macos_respects_xdg_cache_home(
    locations: Locations, workdir: Path, home: str, xdg: str
) -> None:
    """MacOS (page 26.2), XDG_CACHE_HOME set to an absolute directory: $XDG_CACHE_HOME/pip.

    Not ~/Library/Caches/pip, where pip up to 26.1 keeps it (observed.locations.macos-ignores-xdg).
    """
    env = env_of(HOME=home, XDG_CACHE_HOME=xdg)
    got = default_dir(locations, Platform.MACOS, env, workdir)
    assert got == posixpath.join(xdg, app(locations))


@pytest.mark.statement("locations.macos-xdg-cache-home-changed")
@pytest.mark.parametrize(
    ("xdg", "expected"),
    [
        ("/Users/alice/.cache", "/Users/alice/.cache/pip"),
        ("/var/cache/alice/", "/var/cache/alice/pip"),
        ("/srv/кэш", "/srv/кэш/pip"),
    ],
)
def test_macos_xdg_cache_home_cases(
    locations: Locations, workdir: Path, xdg: str | None, expected: str
) -> None:
    """MacOS from pip 26.2 (the page's note): a table of plain XDG_CACHE_HOME cases.

    XDG_CACHE_HOME moves the cache to $XDG_CACHE_HOME/pip, as on Linux (trailing slashes, unicode).
    """
    env = env_of(HOME="/Users/alice", XDG_CACHE_HOME=xdg)
    got = default_dir(locations, Platform.MACOS, env, workdir)
    assert got == expected.removesuffix("/pip") + "/" + app(locations)


@pytest.mark.statement("locations.windows-default")
@given(local_app_data=windows_abs_paths(), home=posix_abs_paths())
def test_windows_default_is_local_app_data(
    locations: Locations, workdir: Path, local_app_data: str, home: str
) -> None:
    """Windows: the cache is %LocalAppData%\\pip\\Cache."""
    env = env_of(HOME=home, LOCALAPPDATA=local_app_data)
    got = default_dir(locations, Platform.WINDOWS, env, workdir)
    assert got == local_app_data + "\\pip\\Cache"


@pytest.mark.statement("locations.linux-default")
@pytest.mark.parametrize(
    ("home", "expected"),
    [
        ("/home/alice", "/home/alice/.cache/pip"),
        ("/home/alice/", "/home/alice/.cache/pip"),
        ("/home/ümlaut", "/home/ümlaut/.cache/pip"),
    ],
)
def test_linux_default_table(locations: Locations, workdir: Path, home: str, expected: str) -> None:
    """Linux default path, XDG_CACHE_HOME unset: plain cases (trailing slash, unicode)."""
    got = default_dir(locations, Platform.LINUX, env_of(HOME=home), workdir)
    assert got == expected.removesuffix("/pip") + "/" + app(locations)


@pytest.mark.statement("locations.linux-xdg-cache-home")
@pytest.mark.parametrize(
    ("xdg", "expected"),
    [
        ("/var/cache/alice", "/var/cache/alice/pip"),
        ("/var/cache/alice/", "/var/cache/alice/pip"),
        ("/srv/кэш", "/srv/кэш/pip"),
    ],
)
def test_linux_xdg_table(locations: Locations, workdir: Path, xdg: str, expected: str) -> None:
    """Linux with XDG_CACHE_HOME set: plain cases (trailing slash, unicode)."""
    env = env_of(HOME="/home/alice", XDG_CACHE_HOME=xdg)
    got = default_dir(locations, Platform.LINUX, env, workdir)
    assert got == expected.removesuffix("/pip") + "/" + app(locations)


# ------------------------------------------------------------------ documented: pip cache dir


@pytest.mark.statement("locations.cache-dir-command")
def test_cache_dir_prints_the_default(commands: CacheCommands, tmp: Path) -> None:
    """pip cache dir, nothing configured: prints ~/.cache/pip (XDG_CACHE_HOME unset)."""
    home = tmp / "home"
    result = commands.run_cache(["dir"], env=env_of(HOME=str(home)), cwd=tmp)
    assert (result.exit_code, result.stdout) == (0, f"{home}/.cache/{app(commands)}\n")


@pytest.mark.statement("locations.cache-dir-command")
@pytest.mark.parametrize("how", ["option", "PIP_CACHE_DIR", "XDG_CACHE_HOME"])
def test_cache_dir_prints_the_configured_directory(
    commands: CacheCommands, tmp: Path, how: str
) -> None:
    """pip cache dir prints the directory pip is currently configured to use."""
    home, chosen = tmp / "home", tmp / "chosen"
    args, env = ["dir"], env_of(HOME=str(home))
    if how == "option":
        args += ["--cache-dir", str(chosen)]
    elif how == "PIP_CACHE_DIR":
        env["PIP_CACHE_DIR"] = str(chosen)
    else:
        env["XDG_CACHE_HOME"] = str(chosen)
        chosen = chosen / app(commands)
    result = commands.run_cache(args, env=env, cwd=tmp)
    assert (result.exit_code, result.stdout) == (0, f"{chosen}\n")


@pytest.mark.statement("locations.cache-dir-command")
def test_cache_dir_agrees_with_locations(
    commands: CacheCommands, locations: Locations, tmp: Path
) -> None:
    """What pip cache dir prints is the directory the implementation uses, however it was
    given. (That pip expands ``~`` and normalises the path is pip's own choice:
    observed.locations.paths-normalised.)"""
    env = env_of(HOME=str(tmp / "h"), PIP_CACHE_DIR="~/somewhere/../cache")
    printed = commands.run_cache(["dir"], env=env, cwd=tmp).stdout.strip()
    assert printed == locations.effective_cache_dir([], env, tmp, command="cache")


@pytest.mark.statement("observed.locations.cache-dir-command-disabled")
@pytest.mark.parametrize(
    ("args", "variables"),
    [(["--no-cache-dir"], {}), ([], {"PIP_NO_CACHE_DIR": "1"})],
    ids=["option", "env"],
)
def test_cache_dir_with_cache_disabled_fails(
    commands: CacheCommands, tmp: Path, args: list[str], variables: dict[str, str]
) -> None:
    """pip cache dir with the cache disabled: an error message and exit 1, nothing on stdout."""
    env = env_of(HOME=str(tmp), **variables)
    result = commands.run_cache(["dir", *args], env=env, cwd=tmp)
    assert (result.exit_code, result.stdout, result.stderr.strip()) == (1, "", DISABLED_MESSAGE)


# ------------------------------------------------------------------ documented: --no-cache-dir


@pytest.mark.statement("disable.no-cache-dir-option")
@pytest.mark.parametrize("command", ["install", "download", "wheel"])
def test_no_cache_dir_option_disables(locations: Locations, tmp: Path, command: str) -> None:
    """--no-cache-dir leaves the command without a cache directory, whatever else is set."""
    env = env_of(HOME=str(tmp), PIP_CACHE_DIR=str(tmp / "c"))
    assert locations.effective_cache_dir(["--no-cache-dir"], env, tmp, command) is None
    assert locations.effective_cache_dir([], env, tmp, command) == str(tmp / "c")


# ------------------------------------------------------------------ observed: configuration


@pytest.mark.statement("observed.locations.cache-dir-option")
@pytest.mark.parametrize(
    ("args", "disabled"),
    [
        (["--cache-dir", "{d}"], False),
        (["--cache-dir={d}"], False),
        (["--cache-dir", "{d}", "--no-cache-dir"], True),
    ],
)
def test_cache_dir_option(locations: Locations, tmp: Path, args: list[str], disabled: bool) -> None:
    """--cache-dir sets the directory; the later of --cache-dir and --no-cache-dir wins."""
    d = tmp / "opt"
    argv = [a.format(d=d) for a in args]
    got = locations.effective_cache_dir(argv, env_of(HOME=str(tmp)), tmp)
    assert got == (None if disabled else str(d))


@pytest.mark.statement("observed.locations.cache-dir-option")
def test_cache_dir_after_no_cache_dir_wins(locations: Locations, tmp: Path) -> None:
    """--no-cache-dir, then --cache-dir: the later wins, the cache is enabled there."""
    d = tmp / "opt"
    got = locations.effective_cache_dir(
        ["--no-cache-dir", "--cache-dir", str(d)], env_of(HOME=str(tmp)), tmp
    )
    assert got == str(d)


@pytest.mark.statement("observed.locations.pip-cache-dir-env")
@pytest.mark.parametrize(
    ("args", "expected"),
    [([], "env"), (["--cache-dir", "{opt}"], "opt"), (["--no-cache-dir"], None)],
)
def test_pip_cache_dir_variable(
    locations: Locations, tmp: Path, args: list[str], expected: str | None
) -> None:
    """PIP_CACHE_DIR sets the directory; the command line overrides it."""
    paths = {"env": tmp / "env", "opt": tmp / "opt"}
    env = env_of(HOME=str(tmp), PIP_CACHE_DIR=str(paths["env"]))
    got = locations.effective_cache_dir([a.format(**paths) for a in args], env, tmp)
    assert got == (None if expected is None else str(paths[expected]))


@pytest.mark.statement("observed.locations.config-file-cache-dir")
@pytest.mark.parametrize(
    ("command", "with_env", "expected"),
    [("install", False, "global"), ("download", False, "section"), ("install", True, "env")],
)
def test_config_file_cache_dir(
    locations: Locations, tmp: Path, command: str, with_env: bool, expected: str
) -> None:
    """cache-dir in a configuration file: [global], then the command's own section; the
    PIP_CACHE_DIR variable overrides both."""
    config = tmp / "pip.conf"
    config.write_text(
        f"[global]\ncache-dir = {tmp / 'global'}\n[download]\ncache-dir = {tmp / 'section'}\n"
    )
    env = env_of(
        HOME=str(tmp / "home"),
        XDG_CONFIG_DIRS=str(tmp / "no-site-config"),
        PIP_CONFIG_FILE=str(config),
        PIP_CACHE_DIR=str(tmp / "env") if with_env else None,
    )
    assert locations.effective_cache_dir([], env, tmp, command) == str(tmp / expected)


@pytest.mark.statement("observed.locations.no-cache-dir-env")
@pytest.mark.parametrize(
    ("value", "outcome"),
    [
        ("1", "disabled"),
        ("0", "disabled"),
        ("false", "disabled"),
        ("off", "disabled"),
        ("YES", "disabled"),
        ("", "enabled"),
        ("maybe", "usage error"),
        (" ", "usage error"),
    ],
)
def test_pip_no_cache_dir_variable(
    locations: Locations, tmp: Path, value: str, outcome: str
) -> None:
    """PIP_NO_CACHE_DIR: any valid truth value disables (even 0), empty is ignored, anything
    else is a usage error."""
    env = env_of(HOME=str(tmp), PIP_NO_CACHE_DIR=value, PIP_CACHE_DIR=str(tmp / "c"))
    if outcome == "usage error":
        with pytest.raises(ValueError, match="invalid truth value"):
            locations.effective_cache_dir([], env, tmp)
        return
    got = locations.effective_cache_dir([], env, tmp)
    assert got == (None if outcome == "disabled" else str(tmp / "c"))
    # the command line still wins over the variable
    assert locations.effective_cache_dir(["--cache-dir", "x"], env, tmp) == str(tmp / "x")


@pytest.mark.statement("observed.locations.paths-normalised")
@given(name=segment)
def test_paths_are_normalised(locations: Locations, workdir: Path, name: str) -> None:
    """~ is expanded against HOME, a relative directory is taken against the working directory,
    and symbolic links are resolved."""
    home = workdir / "home"
    env = env_of(HOME=str(home))
    assert locations.effective_cache_dir(["--cache-dir", f"~/{name}"], env, workdir) == str(
        home / name
    )
    assert locations.effective_cache_dir(["--cache-dir", name], env, workdir) == str(workdir / name)
    link = workdir / "link"
    if not link.is_symlink():
        (workdir / "target").mkdir(exist_ok=True)
        link.symlink_to(workdir / "target")
    got = locations.effective_cache_dir(["--cache-dir", f"link/{name}"], env, workdir)
    assert got == str(workdir / "target" / name)


@pytest.mark.statement("observed.locations.xdg-empty-ignored")
def test_empty_xdg_cache_home_is_ignored(locations: Locations, workdir: Path) -> None:
    """An empty XDG_CACHE_HOME is as good as unset: ~/.cache/pip."""
    got = default_dir(locations, Platform.LINUX, env_of(HOME="/home/a", XDG_CACHE_HOME=""), workdir)
    assert got == "/home/a/.cache/" + app(locations)


@pytest.mark.statement("observed.locations.xdg-relative")
@given(relative=st.lists(segment, min_size=1, max_size=3).map("/".join))
def test_relative_xdg_cache_home_is_taken_from_cwd(
    locations: Locations, workdir: Path, relative: str
) -> None:
    """A relative XDG_CACHE_HOME is resolved against the working directory."""
    env = env_of(HOME="/home/a", XDG_CACHE_HOME=relative)
    got = default_dir(locations, Platform.LINUX, env, workdir)
    assert got == str(workdir / relative / app(locations))


@pytest.mark.statement("observed.locations.macos-ignores-xdg")
def test_macos_ignores_xdg_cache_home(locations: Locations, workdir: Path) -> None:
    """MacOS: XDG_CACHE_HOME does not move the cache from ~/Library/Caches/pip."""
    env = env_of(HOME="/Users/a", XDG_CACHE_HOME="/tmp/xdg")
    assert default_dir(locations, Platform.MACOS, env, workdir) == "/Users/a/Library/Caches/pip"


# ------------------------------------------------------------------ documented: the opening


@pytest.mark.statement("caching.on-by-default")
@pytest.mark.parametrize("command", ["install", "download", "wheel"])
def test_caching_is_on_by_default(locations: Locations, tmp: Path, command: str) -> None:
    """With nothing configured, every command that downloads or builds has a cache directory."""
    env = env_of(HOME=str(tmp / "home"))
    expected = tmp / "home" / ".cache" / app(locations)
    assert locations.effective_cache_dir([], env, tmp, command) == str(expected)
