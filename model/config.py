"""The effective cache directory: what configures it, and in which order.

Page: "pip’s caching behaviour is disabled by passing the --no-cache-dir option." The rest is
observed behaviour of pip (20.0.2 to 26.3; see the ``observed.locations.*`` statements):

1. the default directory (:mod:`model.locations`);
2. configuration files, later ones winning: global, user, site, then ``PIP_CONFIG_FILE``
   (``PIP_CONFIG_FILE=/dev/null`` switches every file off); in each, ``[global]`` then the
   command's own section;
3. ``PIP_CACHE_DIR`` / ``PIP_NO_CACHE_DIR``;
   empty values are ignored; a ``no-cache-dir`` from 2 or 3 disables the cache whatever
   ``cache-dir`` says there, if it is any valid truth value ("0" and "false" included);
4. the command line, left to right: the later of ``--cache-dir X`` and ``--no-cache-dir`` wins.

The directory is finally normalised: ``~`` expanded, made absolute, links resolved.
"""

from __future__ import annotations

import configparser
import os
import posixpath
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import PurePath

from model.locations import Platform, default_cache_dir, expanduser, normalize

__all__ = [
    "TRUTH_VALUES",
    "UsageError",
    "config_files",
    "effective_cache_dir",
    "settings_from_files",
]

#: The spellings pip accepts for a boolean option's value (case-insensitive).
TRUTH_VALUES = frozenset({"y", "yes", "t", "true", "on", "1", "n", "no", "f", "false", "off", "0"})

_KEYS = ("cache-dir", "no-cache-dir")


class UsageError(ValueError):
    """The configuration is rejected, as pip rejects it with a usage error (exit 2)."""


def config_files(env: Mapping[str, str], *, site_prefix: str = sys.prefix) -> list[str]:
    """The configuration files pip reads on Linux, in the order where a later one wins."""
    named = env.get("PIP_CONFIG_FILE")
    if named == os.devnull:
        return []
    xdg_dirs = env.get("XDG_CONFIG_DIRS", "").strip() or "/etc/xdg"
    files = [posixpath.join(d, "pip", "pip.conf") for d in xdg_dirs.split(":") if d]
    files.append("/etc/pip.conf")
    config_home = env.get("XDG_CONFIG_HOME", "").strip() or expanduser("~/.config", env)
    files += [expanduser("~/.pip/pip.conf", env), posixpath.join(config_home, "pip", "pip.conf")]
    files.append(posixpath.join(site_prefix, "pip.conf"))
    if named:
        files.append(named)
    return files


def _key(name: str) -> str:
    return name.lower().replace("_", "-").removeprefix("--")


def settings_from_files(files: Sequence[str], command: str) -> dict[str, str]:
    """``cache-dir``/``no-cache-dir`` from the files, ``[global]`` before ``[command]``."""
    found: dict[str, str] = {}
    for path in files:
        parser = configparser.RawConfigParser()
        try:
            parser.read(path, encoding="utf-8")
        except (configparser.Error, UnicodeDecodeError) as exc:
            raise UsageError(f"configuration file {path} could not be loaded: {exc}") from None
        for section in ("global", command):
            if parser.has_section(section):
                for name, value in parser.items(section):
                    if _key(name) in _KEYS and value:
                        found[_key(name)] = value
    return found


def _settings_from_env(env: Mapping[str, str]) -> Iterator[tuple[str, str]]:
    for name, value in env.items():
        if name.startswith("PIP_") and _key(name[4:]) in _KEYS and value:
            yield _key(name[4:]), value


def _check_truth(value: str) -> None:
    if value.lower() not in TRUTH_VALUES:
        raise UsageError(f"--no-cache-dir error: invalid truth value {value!r}")


def effective_cache_dir(
    args: Sequence[str],
    env: Mapping[str, str],
    cwd: str | PurePath,
    *,
    command: str = "install",
    files: Sequence[str] | None = None,
) -> str | None:
    """The directory a ``pip <command> <args>`` run caches in, or ``None`` when disabled.

    ``args`` are the command-line options that bear on the cache (others are ignored); ``files``
    defaults to :func:`config_files` of ``env``.
    """
    settings = settings_from_files(config_files(env) if files is None else files, command)
    settings.update(_settings_from_env(env))
    chosen: str | None
    if "no-cache-dir" in settings:
        _check_truth(settings["no-cache-dir"])
        chosen = None
    else:
        chosen = settings.get("cache-dir")
        if chosen is None:
            chosen = default_cache_dir(Platform.LINUX, env, cwd)
    items = iter(args)
    for arg in items:
        if arg == "--no-cache-dir":
            chosen = None
        elif arg == "--cache-dir":
            chosen = next(items, None)
            if chosen is None:
                raise UsageError("--cache-dir option requires 1 argument")
        elif arg.startswith("--cache-dir="):
            chosen = arg.partition("=")[2]
    return None if chosen is None else normalize(chosen, env, cwd)
