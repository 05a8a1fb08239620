"""The command lines of ``install``, ``download`` and ``wheel``, in pip's words (pure).

Only the subset the page's behaviours need: requirements installed one after the other with no
dependency resolution (a dependency given as a direct reference, ``name @ URL``, needs none and is
installed with its dependant; ``--no-deps`` turns that off); ``--index-url``, ``--target``,
``-d/--dest``, ``-w/--wheel-dir``, ``--no-binary``/``--only-binary``, ``--cert``,
``--trusted-host`` and pip's general options (:func:`model.cli.general_options`:
``--cache-dir``, ``--no-cache-dir``, ``-v``, ``-q`` ...). ``--explain`` is the model's own: it
prints each cache decision with the sentence of the page it follows (:mod:`model.install.explain`).
"""

from __future__ import annotations

import optparse
from dataclasses import dataclass
from typing import TYPE_CHECKING, NoReturn

from packaging.utils import canonicalize_name

from model.cli import general_options

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["COMMANDS", "DEFAULT_INDEX", "Formats", "Options", "UsageError", "help_text", "parse"]

COMMANDS = ("install", "download", "wheel")
DEFAULT_INDEX = "https://pypi.org/simple/"
ALL = ":all:"
NONE = ":none:"


class UsageError(ValueError):
    """A command line the model rejects (one line; exit 2)."""


@dataclass(frozen=True)
class Formats:
    """pip's ``--no-binary`` / ``--only-binary`` sets: canonical names, ``:all:``."""

    no_binary: frozenset[str] = frozenset()
    only_binary: frozenset[str] = frozenset()

    def allowed(self, name: str) -> frozenset[str]:
        """``{"binary", "source"}`` less what the options forbid for project ``name``."""
        found = {"binary", "source"}
        if name in self.only_binary:
            found.discard("source")
        elif name in self.no_binary:
            found.discard("binary")
        elif ALL in self.only_binary:
            found.discard("source")
        elif ALL in self.no_binary:
            found.discard("binary")
        return frozenset(found)


@dataclass(frozen=True)
class Options:
    command: str
    requirements: tuple[str, ...]
    #: install: --target; download: -d/--dest; wheel: -w/--wheel-dir (None: the working directory)
    destination: str | None
    #: --index-url as given (None: not given, :data:`DEFAULT_INDEX` is used)
    index_url: str | None
    cert: str | None
    trusted_hosts: tuple[str, ...]
    #: --isolated, --cache-dir, --no-cache-dir in command-line order (model.config reads them)
    cache_args: tuple[str, ...]
    formats: Formats
    verbosity: int
    explain: bool
    no_deps: bool = False

    @property
    def index(self) -> str:
        """The index to look projects up on."""
        return self.index_url or DEFAULT_INDEX


class _Parser(optparse.OptionParser):
    def error(self, msg: str) -> NoReturn:
        raise UsageError(msg)


def _formats(option: optparse.Option, opt: str, value: str, parser: optparse.OptionParser) -> None:
    """pip's rule: each value moves names between the two sets; ``:all:`` clears the other."""
    values = parser.values
    own, other = ("no_binary", "only_binary") if option.dest == "no_binary" else (
        "only_binary", "no_binary",
    )  # fmt: skip
    mine: set[str] = set(getattr(values, own))
    theirs: set[str] = set(getattr(values, other))
    for item in (v.strip() for v in value.split(",")):
        if item == ALL:
            mine, theirs = {ALL}, set()
        elif item == NONE:
            mine = set()
        elif item:
            name = canonicalize_name(item)
            theirs.discard(name)
            mine.add(name)
    setattr(values, own, frozenset(mine))
    setattr(values, other, frozenset(theirs))


def _refused(
    option: optparse.Option, opt: str, value: str, parser: optparse.OptionParser, what: str
) -> None:
    raise UsageError(f"{opt}: {what} are not supported by the model")


_DESTINATION = {
    "install": ("-t", "--target", "<dir>"),
    "download": ("-d", "--dest", "<dir>"),
    "wheel": ("-w", "--wheel-dir", "<dir>"),
}


def _parser(command: str) -> _Parser:
    parser = _Parser(add_help_option=False, usage=optparse.SUPPRESS_USAGE)
    general_options(parser)
    add = parser.add_option
    short, long, meta = _DESTINATION[command]
    add(short, long, dest="destination", metavar=meta)
    add("-i", "--index-url", dest="index_url")
    add("--no-deps", action="store_true")
    add("--progress-bar", choices=["on", "off", "raw"])  # accepted; the model draws no bar
    for name in ("no_binary", "only_binary"):
        add(f"--{name.replace('_', '-')}", dest=name, type="string", action="callback",
            callback=_formats)  # fmt: skip
    add("--explain", action="store_true")
    for flags, what in (
        (("-e", "--editable"), "editable installs"),
        (("-r", "--requirement"), "requirement files"),
        (("-c", "--constraint"), "constraint files"),
    ):
        add(*flags, type="string", action="callback", callback=_refused, callback_args=(what,))
    parser.set_defaults(no_binary=frozenset(), only_binary=frozenset())
    return parser


def parse(command: str, argv: Sequence[str]) -> Options | None:
    """The options of ``<command> <argv>``; ``None`` when ``--help`` was asked for."""
    values, args = _parser(command).parse_args(list(argv))
    if values.help:
        return None
    if not args:
        raise UsageError(f"{command}: give a requirement (a name, a path or a URL)")
    if command == "install" and not values.destination:
        raise UsageError("install needs --target <dir>: the model installs into a directory only")
    cache_args = ["--isolated"] if values.isolated else []
    return Options(
        command=command,
        requirements=tuple(args),
        destination=values.destination,
        index_url=values.index_url,
        cert=values.cert,
        trusted_hosts=tuple(values.trusted_host or ()),
        cache_args=(*cache_args, *values.cache_args),
        formats=Formats(values.no_binary, values.only_binary),
        verbosity=values.verbose - values.quiet,
        explain=values.explain,
        no_deps=values.no_deps,
    )


def help_text(command: str, prog: str) -> str:
    """``<prog> <command> --help``."""
    short, long, meta = _DESTINATION[command]
    what = {
        "install": "build (or reuse) a wheel and install it into the target directory",
        "download": "download the distribution file into the destination directory",
        "wheel": "build (or reuse) a wheel and copy it into the wheel directory",
    }[command]
    return (
        f"\nUsage:   \n  {prog} {command} [options] <requirement> ...\n  \n"
        f"\nDescription:\n  The reference model's {command}: {what}.\n"
        "  A requirement is a name with a version specifier (from --index-url), name @ URL,\n"
        "  a URL, a local directory, sdist or wheel, or git+file:// / git+https:// at a commit\n"
        "  or a branch. Requirements are taken one after the other; dependencies are NOT\n"
        "  resolved: only those given as direct references (name @ URL) are installed with\n"
        "  their dependant, once per run; the others are named in a warning. --no-deps\n"
        "  installs no dependency at all.\n"
        f"\nOptions:\n  {short}, {long} {meta}\n"
        "  -i, --index-url <url>     a PEP 503 (HTML) or PEP 691 (JSON) simple index\n"
        "  --no-binary <names|:all:|:none:>, --only-binary <names|:all:|:none:>\n"
        "  --no-deps                 install no dependency\n"
        "  --cert <path>             CA bundle for https origins\n"
        "  --trusted-host <host>     a plain http origin whose responses may be cached\n"
        "  --cache-dir <dir>, --no-cache-dir\n"
        "  --explain                 print each cache decision with the page's sentence\n"
        "  -v, -q                    more or less output\n"
    )
