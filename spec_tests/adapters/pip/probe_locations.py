"""Asks an installed pip, in its own process, where its cache is. Run as a script:

    python probe_locations.py default <linux|macos|windows>
    python probe_locations.py effective <command> [pip options...]

Prints one JSON object: {"cache_dir": ...} or {"not_emulated": "<why>"}. Only pip's own code
computes the answer: for macOS and Windows, pip's vendored directory library is pointed at that
platform's class (the library is chosen per platform at import; this is the one switch we throw).
It must run on every pip from 20.0 on, so it uses nothing newer than Python 3.8 and tries the
module layouts of each era.
"""

import sys

# Run by path, this script's folder heads sys.path, where sibling modules (http.py, wheel.py)
# would shadow the standard library and pip's own imports: take it off first.
_here = __import__("os").path.dirname(__import__("os").path.realpath(__file__))
sys.path[:] = [p for p in sys.path if __import__("os").path.realpath(p or ".") != _here]

import json
import ntpath
import os
import types


def _not_emulated(why):
    print(json.dumps({"not_emulated": why}))
    sys.exit(0)


def _normalize(path):
    from pip._internal.utils.misc import normalize_path

    return normalize_path(path)


def _default(platform):
    from pip._internal.utils import appdirs as pip_appdirs

    if platform == "linux":
        return _normalize(pip_appdirs.user_cache_dir("pip"))
    try:
        from pip._vendor import platformdirs as lib
    except ImportError:
        lib = None
    if lib is None:  # pip 20.x .. 21.2 vendor appdirs, chosen by a module-level `system`
        from pip._vendor import appdirs

        if platform == "windows":
            # appdirs asks the Windows shell API (SHGetFolderPath) for CSIDL_LOCAL_APPDATA, which
            # it defines only on Windows: answer it as Windows sets %LOCALAPPDATA%, and let
            # appdirs' own code (its ntpath joins, "Cache") do the rest
            appdirs.system = "win32"
            shim = types.SimpleNamespace(
                **{k: getattr(os, k) for k in dir(os) if not k.startswith("__")}
            )
            shim.path = ntpath
            appdirs.os = shim
            appdirs._get_win_folder = lambda csidl: {"CSIDL_LOCAL_APPDATA": os.environ}[csidl][
                "LOCALAPPDATA"
            ]
            return pip_appdirs.user_cache_dir("pip")
        appdirs.system = "darwin"
        return _normalize(pip_appdirs.user_cache_dir("pip"))
    if platform == "macos":
        from pip._vendor.platformdirs import macos

        lib.PlatformDirs = macos.MacOS
        return _normalize(pip_appdirs.user_cache_dir("pip"))
    from pip._vendor.platformdirs import windows

    shim = types.SimpleNamespace(**{k: getattr(os, k) for k in dir(os) if not k.startswith("__")})
    shim.path = ntpath
    windows.os = shim
    from_env = getattr(windows, "get_win_folder_from_env_vars", None)
    if hasattr(windows, "_resolve_win_folder") and from_env is not None:
        # platformdirs >= 4.4 (pip 26.2+) picks its resolver once, at import (ctypes here, as on
        # Windows): use its own environment-variable resolver, which Windows without ctypes uses
        windows._resolve_win_folder = from_env
    else:
        folder = getattr(windows, "get_win_folder", None)
        if folder is None or getattr(folder, "__wrapped__", folder).__name__ != (
            "get_win_folder_from_env_vars"
        ):
            _not_emulated("this pip's vendored platformdirs has no environment-variable fallback")
    lib.PlatformDirs = windows.Windows
    try:
        return pip_appdirs.user_cache_dir("pip")
    except Exception as exc:
        _not_emulated("this pip's Windows code failed here: %r" % (exc,))


def _effective(command, args):
    from pip._internal.commands import commands_dict, create_command

    # a command this pip does not have (pip 20.0 has no "cache"): the general options as every
    # command of this pip reads them
    cmd = create_command(command if command in commands_dict else "help")
    options, _ = cmd.parse_args(list(args))
    cache_dir = options.cache_dir
    return _normalize(cache_dir) if cache_dir else None


def main():
    what = sys.argv[1]
    if what == "default":
        result = _default(sys.argv[2])
    else:
        result = _effective(sys.argv[2], sys.argv[3:])
    print(json.dumps({"cache_dir": result}))


if __name__ == "__main__":
    main()
