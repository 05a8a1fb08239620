"""The model's command line: ``python -m model cache dir|info|list|remove|purge`` (console script
``pip-cache-model``), spoken like ``pip cache``; ``install``, ``download`` and ``wheel`` are handed
to :mod:`model.install.cli`.

Page, 'Cache management': "The pip cache command can be used to manage pip’s cache." and
'Disabling caching': "pip’s caching behaviour is disabled by passing the --no-cache-dir option."

Options are pip 24.2's for ``pip cache`` (measured with ``pip cache --help``): the command's own
``--format human|abspath`` and pip's general options. Of these only ``--cache-dir``,
``--no-cache-dir``, ``--isolated``, ``-v`` and ``-q`` change what the model does; the others are
accepted (with their values) and ignored, as they do not change what ``pip cache`` does.
Option parsing is the standard library's ``optparse``, which pip also builds on, so abbreviations
(``--form=abspath``), ``--`` and the wording of usage errors are the same as pip's. The cache
directory comes from :func:`model.config.effective_cache_dir`.
"""

from __future__ import annotations

import optparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from model import __version__
from model.config import effective_cache_dir

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

__all__ = ["main"]

COMMAND = "cache"
#: the commands of :mod:`model.install` (imported only when one of them runs)
INSTALL_COMMANDS = ("install", "download", "wheel")
_USAGE_LINES = (
    "cache dir",
    "cache info",
    "cache list [<pattern>] [--format=[human, abspath]]",
    "cache remove <pattern>",
    "cache purge",
)


class UsageError(Exception):
    """Bad command line: pip prints its usage and the message, exit code 2."""


class _Parser(optparse.OptionParser):
    def error(self, msg: str) -> NoReturn:
        raise UsageError(msg)


def _record(
    option: optparse.Option, opt: str, value: str | None, parser: optparse.OptionParser
) -> None:
    """Keep --cache-dir / --no-cache-dir in command-line order: the later one wins."""
    seen: list[str] = getattr(parser.values, "cache_args")  # noqa: B009
    if option.dest == "cache_dir" and value is not None:
        seen.extend(["--cache-dir", value])
    else:
        seen.append("--no-cache-dir")


def general_options(parser: optparse.OptionParser) -> None:
    """pip 24.2's general options (``pip cache --help``), in its order."""
    add = parser.add_option
    add("-h", "--help", action="store_true", dest="help")
    add("--debug", action="store_true")
    add("--isolated", action="store_true")
    add("--require-virtualenv", action="store_true")
    add("--python", metavar="<python>")
    add("-v", "--verbose", action="count", default=0)
    add("-V", "--version", action="store_true")
    add("-q", "--quiet", action="count", default=0)
    add("--log", "--log-file", "--local-log", dest="log", metavar="<path>")
    add("--no-input", action="store_true")
    add("--keyring-provider", choices=["auto", "disabled", "import", "subprocess"])
    add("--proxy")
    add("--retries", type="int")
    add("--timeout", type="float")
    add("--exists-action", action="append", choices=["s", "i", "w", "b", "a"])
    add("--trusted-host", action="append")
    add("--cert")
    add("--client-cert")
    add("--cache-dir", dest="cache_dir", type="string", action="callback", callback=_record)
    add("--no-cache-dir", dest="no_cache_dir", action="callback", callback=_record)
    add("--disable-pip-version-check", action="store_true")
    add("--no-color", action="store_true")
    add("--no-python-version-warning", action="store_true")
    add("--use-feature", action="append")
    add("--use-deprecated", action="append")
    parser.set_defaults(cache_args=[])


def _parser(*, interspersed: bool) -> _Parser:
    parser = _Parser(add_help_option=False, usage=optparse.SUPPRESS_USAGE)
    general_options(parser)
    if interspersed:
        parser.add_option("--format", choices=["human", "abspath"], default="human")
    else:
        parser.disable_interspersed_args()
    return parser


def _usage(prog: str, lines: Sequence[str]) -> str:
    body = "".join(f"  {prog} {line}\n" for line in lines)
    return f"\nUsage:   \n{body}  \n"


def _prog(argv0: str) -> str:
    if os.path.basename(argv0) == "__main__.py":
        return f"{sys.executable} -m model"
    return os.path.basename(argv0) or "pip-cache-model"


def _help(prog: str) -> str:
    return (
        _usage(prog, _USAGE_LINES)
        + "\nDescription:\n  The reference model of pip 24.2's `pip cache` (pip-cache-spec).\n"
        + "  Subcommands: dir, info, list, remove, purge.\n"
        + "  <pattern> is a glob on wheel file names or a package name.\n"
        + "\nOptions: --format human|abspath (list), --cache-dir <dir>, --no-cache-dir,\n"
        + "  -v/-q, and pip's other general options (accepted, ignored).\n"
        + f"\nAlso: {prog} install|download|wheel [options] <requirement> (see --help of each).\n"
    )


def run(
    argv: Sequence[str],
    *,
    env: Mapping[str, str],
    cwd: Path,
    stdout: TextIO,
    stderr: TextIO,
    prog: str = "pip-cache-model",
) -> int:
    """Run the command line ``argv`` (without the program name); return the exit code."""
    try:
        top, rest = _parser(interspersed=False).parse_args(list(argv))
        if not rest:
            if top.version:
                stdout.write(f"pip-cache-model {__version__}\n")
                return 0
            stdout.write(_help(prog))
            return 0
        position = len(argv) - len(rest)
        command_args = [*argv[:position], *argv[position + 1 :]]
        if rest[0] in INSTALL_COMMANDS:
            from model.install.cli import run as run_install

            return run_install(
                rest[0], command_args, env=env, cwd=cwd, stdout=stdout, stderr=stderr, prog=prog
            )
        if rest[0] != COMMAND:
            stderr.write(f'ERROR: unknown command "{rest[0]}"\n')
            return 1
        options, args = _parser(interspersed=True).parse_args(command_args)
    except UsageError as exc:
        stderr.write(_usage(prog, _USAGE_LINES) + f"\n{exc}\n")
        return 2
    if options.help:
        stdout.write(_help(prog))
        return 0
    if options.version:
        stdout.write(f"pip-cache-model {__version__}\n")
        return 0
    verbosity = options.verbose - options.quiet
    cache_args = [*(["--isolated"] if options.isolated else []), *options.cache_args]
    try:
        cache_dir = effective_cache_dir(cache_args, env, cwd, command=COMMAND)
    except ValueError as exc:
        stderr.write(_usage(prog, ["<command> [options]"]) + f"\n{exc}\n")
        return 2
    from model.commands import CommandError, Outcome, run_action
    from model.commands.messages import Level, Message, visible

    try:
        outcome = run_action(cache_dir, args, options.format)
    except CommandError as exc:
        outcome = Outcome((Message(Level.ERROR, str(exc)),), exit_code=1)
    for message in outcome.messages:
        if visible(message, verbosity):
            (stderr if message.to_stderr else stdout).write(message.rendered())
    return outcome.exit_code


def main(
    argv: Sequence[str] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    cwd: str | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """``pip-cache-model cache ...`` / ``python -m model cache ...``; returns the exit code.

    Nothing is read from the process beyond what the arguments leave to it (``env`` defaults to
    ``os.environ``, ``cwd`` to the working directory, ``argv`` to ``sys.argv[1:]``).
    """
    return run(
        sys.argv[1:] if argv is None else list(argv),
        env=os.environ if env is None else env,
        cwd=Path.cwd() if cwd is None else Path(cwd),
        stdout=stdout or sys.stdout,
        stderr=stderr or sys.stderr,
        prog=_prog(sys.argv[0]) if argv is None else "pip-cache-model",
    )
