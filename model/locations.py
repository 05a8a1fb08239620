"""Where the cache lives: the page's 'Default paths', and what configures another directory.

Page, 'Where is the cache stored / Default paths' (one tab per platform)::

    Linux    ~/.cache/pip            "pip will also respect XDG_CACHE_HOME."
    MacOS    ~/Library/Caches/pip
    Windows  %LocalAppData%\\pip\\Cache

Everything here is a pure function of its arguments (platform, environment, working directory):
the process's own ``os.environ`` is never read, so one machine can answer for all three platforms.
platformdirs answers only for the running platform and reads the live environment, which is why
the three rules are written out as data instead of calling it.
"""

from __future__ import annotations

import enum
import ntpath
import os
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath

__all__ = [
    "RULES",
    "DirectoryRule",
    "MissingVariable",
    "Platform",
    "default_cache_dir",
    "expanduser",
    "normalize",
]


class Platform(enum.StrEnum):
    LINUX = "linux"
    MACOS = "macos"
    WINDOWS = "windows"


@dataclass(frozen=True)
class DirectoryRule:
    """One tab of 'Default paths': a base directory, then the parts pip appends.

    ``variable`` names the environment variable that gives the base when it is set to a non-blank
    value; ``fallback`` (a ``~`` path) is used otherwise.
    """

    variable: str | None
    fallback: str | None
    parts: tuple[str, ...]


#: The page's three default paths as data.
RULES: Mapping[Platform, DirectoryRule] = {
    # "~/.cache/pip" / "pip will also respect XDG_CACHE_HOME."
    Platform.LINUX: DirectoryRule("XDG_CACHE_HOME", "~/.cache", ("pip",)),
    # "~/Library/Caches/pip"
    Platform.MACOS: DirectoryRule(None, "~/Library/Caches", ("pip",)),
    # "%LocalAppData%\pip\Cache"
    Platform.WINDOWS: DirectoryRule("LOCALAPPDATA", None, ("pip", "Cache")),
}


def _home(env: Mapping[str, str]) -> str:
    """``~`` as POSIX expands it: ``HOME``, else the password database."""
    home = env.get("HOME")
    if home is None:
        import pwd  # POSIX only: imported when asked, so the model imports on Windows too

        return pwd.getpwuid(os.getuid()).pw_dir
    return home


def expanduser(path: str, env: Mapping[str, str]) -> str:
    """``~`` and ``~/...`` against ``env``'s ``HOME`` (``~user``: the password database)."""
    if path == "~" or path.startswith("~/"):
        home = _home(env).rstrip("/") or "/"
        return home + path[1:] if path != "~" else home
    if path.startswith("~"):
        return posixpath.expanduser(path)
    return path


def normalize(path: str, env: Mapping[str, str], cwd: str | PurePath) -> str:
    """A POSIX cache directory as pip finally uses it: ``~`` expanded, made absolute against
    ``cwd``, symbolic links resolved (observed: ``observed.locations.paths-normalised``)."""
    return posixpath.realpath(posixpath.join(str(cwd), expanduser(path, env)))


class MissingVariable(LookupError):
    """The platform's rule needs an environment variable that is not set."""


def default_cache_dir(platform: Platform, env: Mapping[str, str], cwd: str | PurePath) -> str:
    """The cache directory when nothing configures one, for ``platform``.

    Linux: ``XDG_CACHE_HOME/pip`` when that variable is set and not blank, else ``~/.cache/pip``;
    a relative ``XDG_CACHE_HOME`` is taken against ``cwd`` (as pip 21.3 to 26.2 do). MacOS:
    ``~/Library/Caches/pip``. Windows: ``%LOCALAPPDATA%\\pip\\Cache`` (on Windows itself the shell
    reports the folder; here the variable stands for it).
    """
    rule = RULES[platform]
    value = env.get(rule.variable, "") if rule.variable else ""
    if platform is Platform.WINDOWS:
        if not value:
            raise MissingVariable(f"{rule.variable} is not set")
        return ntpath.join(ntpath.normpath(value), *rule.parts)
    base = value if value.strip() else str(rule.fallback)
    return normalize(posixpath.join(base, *rule.parts), env, cwd)
