"""The five subcommands over a real cache directory (thin I/O on top of the pure modules).

Page, 'Cache management':
- "pip cache info provides an overview of the contents of pip’s cache, such as the total size
  and location of various parts of it."
- "pip cache list will list all wheel files from pip’s cache." / "pip cache list setuptools will
  list all setuptools-related wheel files from pip’s cache."
- "pip cache remove setuptools removes all wheel files related to setuptools from pip’s cache.
  HTTP cache files are not removed at this time."
- "pip cache purge will clear all files from pip’s wheel and HTTP caches."
and 'Where is the cache stored': "You can use pip cache dir to get the cache directory that pip
is currently configured to use."

Where the page is silent, pip 24.2 measured: ``remove '*'`` is ``purge`` (it takes the HTTP files
too); a file counts as a wheel when its name matches ``*-*.whl``; sizes count every regular file of
a part (stray files included, links 0); nothing but matched files is ever deleted (directories
stay, even when emptied).

Faults (the robustness tier; pip 24.2 and 26.3 show a traceback there): a file that cannot be
removed (a read-only cache) is named in a warning, and the run ends with ``ERROR:`` and exit code
1 after trying every other file; a file that vanished meanwhile (another process) is skipped.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence

from model.commands import render
from model.commands.messages import Level, Message, Outcome
from model.commands.patterns import ALL, selects, wheel_glob
from model.commands.walk import FileEntry, walk_files

__all__ = ["ACTIONS", "CommandError", "run_action"]

WHEELS = "wheels"
HTTP_PARTS = ("http", "http-v2")  # pip 24.2 walks the old part first, then the new one


class CommandError(Exception):
    """A run that stops with ``ERROR: <message>`` and exit code 1."""


def _info(text: str) -> Message:
    return Message(Level.INFO, text)


def _wheels(cache_dir: str, pattern: str, *, sizes: bool = True) -> Iterator[FileEntry]:
    glob = wheel_glob(pattern)
    for entry in walk_files(os.path.join(cache_dir, WHEELS), sizes=sizes):
        if selects(glob, entry.name):
            yield entry


def _http_files(cache_dir: str, *, sizes: bool = True) -> Iterator[FileEntry]:
    for part in HTTP_PARTS:
        yield from walk_files(os.path.join(cache_dir, part), sizes=sizes)


def _no_more_than(args: Sequence[str], n: int) -> None:
    if len(args) > n:
        raise CommandError("Too many arguments")


def cache_dir_action(cache_dir: str, args: Sequence[str], fmt: str) -> Outcome:
    _no_more_than(args, 0)
    return Outcome((_info(cache_dir),))


def info_action(cache_dir: str, args: Sequence[str], fmt: str) -> Outcome:
    _no_more_than(args, 0)
    http_size = http_files = 0
    for entry in _http_files(cache_dir):  # streamed: nothing kept but the sums
        http_size += entry.size
        http_files += 1
    wheels_size = wheels = 0
    every = wheel_glob(ALL)
    for entry in walk_files(os.path.join(cache_dir, WHEELS)):
        wheels_size += entry.size
        wheels += selects(every, entry.name)
    info = render.Info(
        http_dir=os.path.join(cache_dir, "http-v2"),
        legacy_http_dir=os.path.join(cache_dir, "http"),
        http_size=http_size,
        http_files=http_files,
        wheels_dir=os.path.join(cache_dir, WHEELS),
        wheels_size=wheels_size,
        wheels=wheels,
    )
    return Outcome((_info(render.render_info(info)),))


def list_action(cache_dir: str, args: Sequence[str], fmt: str) -> Outcome:
    _no_more_than(args, 1)
    pattern = args[0] if args else ALL
    found = [render.ListedWheel(e.path, e.name, e.size) for e in _wheels(cache_dir, pattern)]
    lines = render.render_abspath(found) if fmt == "abspath" else render.render_human(found)
    return Outcome(tuple(_info(line) for line in lines))


def _remove(cache_dir: str, pattern: str) -> Outcome:
    targets = list(_wheels(cache_dir, pattern, sizes=False))  # pip 24.2 reports no sizes
    if pattern == ALL:
        targets.extend(_http_files(cache_dir, sizes=False))
    messages: list[Message] = []
    if not targets:
        messages.append(Message(Level.WARNING, render.no_match(pattern, purge=pattern == ALL)))
    removed = failed = 0
    root = os.path.join(cache_dir, "")
    for entry in targets:
        if not entry.path.startswith(root):  # cannot happen: the walk stays under cache_dir
            raise AssertionError(f"refusing to remove {entry.path!r} outside {cache_dir!r}")
        try:
            os.unlink(entry.path)
        except FileNotFoundError:
            continue  # gone meanwhile (another process): nothing to remove
        except OSError as exc:
            failed += 1
            reason = exc.strerror or str(exc)
            messages.append(Message(Level.WARNING, f"Could not remove {entry.path}: {reason}"))
            continue
        removed += 1
        messages.append(Message(Level.VERBOSE, render.removed_file(entry.path)))
    messages.append(_info(render.removed_summary(removed)))
    if failed:
        text = f"{failed} file(s) could not be removed from {cache_dir}"
        messages.append(Message(Level.ERROR, text))
        return Outcome(tuple(messages), exit_code=1)
    return Outcome(tuple(messages))


def remove_action(cache_dir: str, args: Sequence[str], fmt: str) -> Outcome:
    if not args:
        raise CommandError("Please provide a pattern")
    _no_more_than(args, 1)
    return _remove(cache_dir, args[0])


def purge_action(cache_dir: str, args: Sequence[str], fmt: str) -> Outcome:
    _no_more_than(args, 0)
    return _remove(cache_dir, ALL)


Action = Callable[[str, Sequence[str], str], Outcome]

#: subcommand name -> implementation; also the list named when an action is missing
ACTIONS: dict[str, Action] = {
    "dir": cache_dir_action,
    "info": info_action,
    "list": list_action,
    "purge": purge_action,
    "remove": remove_action,
}


def run_action(cache_dir: str | None, args: Sequence[str], fmt: str = "human") -> Outcome:
    """``pip cache <args>`` against ``cache_dir`` (``None``: the cache is disabled).

    Raises :class:`CommandError` for every failure pip 24.2 reports with exit code 1; the order
    of the checks is pip's: disabled cache first, then the action, then its arguments.
    """
    if cache_dir is None:
        raise CommandError("pip cache commands can not function since cache is disabled.")
    if not args or args[0] not in ACTIONS:
        raise CommandError(f"Need an action ({', '.join(sorted(ACTIONS))}) to perform.")
    return ACTIONS[args[0]](cache_dir, args[1:], fmt)
