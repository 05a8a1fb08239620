"""pip's command lines in uv's words: pure functions, no I/O.

The suite speaks pip (``install --target T --index-url URL req``); ``uv pip install`` takes most
of pip's install options under the same names. What uv has no equivalent of raises
:class:`~spec_tests.interface.CommandNotProvided`:

- ``pip download`` and ``pip wheel``: uv has no command that leaves a distribution file in a
  directory (``uv build`` builds only a local project, it resolves no requirement);
- ``pip cache list`` and ``pip cache info``: uv cannot list or summarise its cache.

``pip cache dir|remove NAME|purge`` become ``uv cache dir|clean NAME|clean``. pip's ``--cert
<ca.pem>`` (trust that CA) has no uv option: uv reads the bundle from ``SSL_CERT_FILE``
(:func:`split_cert` takes it out of the command line for the runner to set).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from spec_tests.interface import CommandNotProvided

__all__ = ["cache_argv", "install_argv", "split_cert", "translate"]

#: pip install options that take a value, with uv's name for each (same meaning)
_VALUED = {
    "--target": "--target",
    "-t": "--target",
    "--index-url": "--index-url",
    "-i": "--index-url",
    "--extra-index-url": "--extra-index-url",
    "--find-links": "--find-links",
    "-f": "--find-links",
    "--no-binary": "--no-binary",
    "--only-binary": "--only-binary",
    "--requirement": "--requirement",
    "-r": "--requirement",
    "--constraint": "--constraint",
    "-c": "--constraint",
    "--editable": "--editable",
    "-e": "--editable",
    "--trusted-host": "--allow-insecure-host",
}
#: pip install flags with uv's name
_FLAGS = {"--no-deps": "--no-deps", "--no-build-isolation": "--no-build-isolation"}
#: pip flags that change nothing uv does (uv shows no progress bar with --no-progress anyway)
_IGNORED_VALUED = {"--progress-bar"}


def _cache_options(cache_dir: Path | None) -> list[str]:
    return ["--no-cache"] if cache_dir is None else ["--cache-dir", str(cache_dir)]


def install_argv(args: Sequence[str], *, cache_dir: Path | None, python: str) -> list[str]:
    """``pip install <args>`` as ``uv pip install``: into ``--target`` (uv's layout of pip's
    target directory), with ``python``'s tags, files copied rather than linked."""
    out = ["pip", "install", "--python", python, "--link-mode", "copy", *_cache_options(cache_dir)]
    it = iter(args)
    for arg in it:
        name, eq, value = arg.partition("=")
        if name in _VALUED or name in _IGNORED_VALUED:
            value = value if eq else next(it, "")
            if name in _VALUED:
                out += [_VALUED[name], value]
        elif arg in _FLAGS:
            out.append(_FLAGS[arg])
        elif arg.startswith("-"):
            raise CommandNotProvided(f"pip-install-{arg.lstrip('-')}")
        else:
            out.append(arg)
    return out


def cache_argv(args: Sequence[str], *, cache_dir: Path | None) -> list[str]:
    """``pip cache <args>`` as ``uv cache``: dir, remove NAME (clean NAME), purge (clean)."""
    if not args:
        raise CommandNotProvided("pip-cache")
    sub, rest = args[0], list(args[1:])
    options: list[str] = []
    positional: list[str] = []
    it = iter(rest)
    for arg in it:
        if arg == "--cache-dir":
            options += ["--cache-dir", next(it, "")]
        elif arg.startswith("--cache-dir="):
            options += ["--cache-dir", arg.partition("=")[2]]
        elif arg == "--no-cache-dir":
            options.append("--no-cache")
        elif arg.startswith("-"):
            raise CommandNotProvided(f"pip-cache-{sub}-{arg.lstrip('-')}")
        else:
            positional.append(arg)
    if cache_dir is not None and "--cache-dir" not in options:
        options = ["--cache-dir", str(cache_dir), *options]
    if sub == "dir" and not positional:
        return ["cache", "dir", *options]
    if sub == "remove" and len(positional) == 1:
        return ["cache", "clean", positional[0], *options]
    if sub == "purge" and not positional:
        return ["cache", "clean", *options]
    raise CommandNotProvided(f"pip-cache-{sub}")


def split_cert(argv: Sequence[str]) -> tuple[list[str], str | None]:
    """``argv`` without pip's ``--cert PATH`` (or ``--cert=PATH``), and that path (``None``:
    none given; the last one wins, as in pip)."""
    out: list[str] = []
    cert: str | None = None
    it = iter(argv)
    for arg in it:
        if arg == "--cert":
            cert = next(it, "")
        elif arg.startswith("--cert="):
            cert = arg.partition("=")[2]
        else:
            out.append(arg)
    return out, cert


def translate(argv: Sequence[str], *, cache_dir: Path | None, python: str) -> list[str]:
    """A pip command line (without ``pip``) as a uv command line (without ``uv``)."""
    if not argv:
        raise CommandNotProvided("pip")
    command, rest = argv[0], argv[1:]
    if command == "install":
        return install_argv(rest, cache_dir=cache_dir, python=python)
    if command == "cache":
        return cache_argv(rest, cache_dir=cache_dir)
    raise CommandNotProvided(f"pip-{command}")
