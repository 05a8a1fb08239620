"""The model's ``install``/``download``/``wheel`` command lines (:mod:`model.install.options`).

Its help and its refusals are the model's own; ``--no-binary``/``--only-binary`` follow pip 24.2's
``handle_mutual_excludes`` and ``FormatControl.get_allowed_formats`` (each value moves names
between the two sets, ``:all:`` clears the other, ``:none:`` empties its own; a project's own
entry beats ``:all:``, ``--only-binary`` beats ``--no-binary``), which no conformance test
reaches: no statement of the page is about them.
"""

from __future__ import annotations

import io

import pytest

from model import cli
from model.install.options import Formats, Options, UsageError, parse

HELP = (
    "\nUsage:   \n  pip-cache-model {command} [options] <requirement> ...\n  \n"
    "\nDescription:\n  The reference model's {command}: {what}.\n"
    "  A requirement is a name with a version specifier (from --index-url), name @ URL,\n"
    "  a URL, a local directory, sdist or wheel, or git+file:// / git+https:// at a commit\n"
    "  or a branch. Requirements are taken one after the other; dependencies are NOT\n"
    "  resolved: only those given as direct references (name @ URL) are installed with\n"
    "  their dependant, once per run; the others are named in a warning. --no-deps\n"
    "  installs no dependency at all.\n"
    "\nOptions:\n  {destination} <dir>\n"
    "  -i, --index-url <url>     a PEP 503 (HTML) or PEP 691 (JSON) simple index\n"
    "  --no-binary <names|:all:|:none:>, --only-binary <names|:all:|:none:>\n"
    "  --no-deps                 install no dependency\n"
    "  --cert <path>             CA bundle for https origins\n"
    "  --trusted-host <host>     a plain http origin whose responses may be cached\n"
    "  --cache-dir <dir>, --no-cache-dir\n"
    "  --explain                 print each cache decision with the page's sentence\n"
    "  -v, -q                    more or less output\n"
)
WHAT = {
    "install": (
        "-t, --target",
        "build (or reuse) a wheel and install it into the target directory",
    ),
    "download": ("-d, --dest", "download the distribution file into the destination directory"),
    "wheel": ("-w, --wheel-dir", "build (or reuse) a wheel and copy it into the wheel directory"),
}


def _main(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(argv, env={"HOME": "/nonexistent"}, cwd="/", stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("command", sorted(WHAT))
def test_help_text(command: str) -> None:
    destination, what = WHAT[command]
    text = HELP.format(command=command, destination=destination, what=what)
    assert _main([command, "--help"]) == (0, text, "")


@pytest.mark.parametrize(
    ("flag", "what"),
    [
        (flag, what)
        for flags, what in [
            (("-r", "--requirement"), "requirement files"),
            (("-c", "--constraint"), "constraint files"),
            (("-e", "--editable"), "editable installs"),
        ]
        for flag in flags
    ],
)
def test_refused_options_say_what(flag: str, what: str) -> None:
    assert _main(["download", flag, "x"]) == (
        2, "", f"ERROR: {flag}: {what} are not supported by the model\n",
    )  # fmt: skip
    # their value is required, as pip's is
    assert _main(["download", "x", flag]) == (2, "", f"ERROR: {flag} option requires 1 argument\n")


@pytest.mark.parametrize("value", ["on", "off", "raw"])
def test_progress_bar_values_are_pips(value: str) -> None:
    assert parse("download", ["--progress-bar", value, "x"]) is not None
    with pytest.raises(UsageError, match="invalid choice"):
        parse("download", ["--progress-bar", value.upper(), "x"])


def test_flags_take_no_value_and_short_index_option() -> None:
    options = parse("download", ["--explain", "-i", "https://example.org/simple/", "x"])
    assert options is not None
    assert (options.explain, options.index, options.requirements) == (
        True, "https://example.org/simple/", ("x",),
    )  # fmt: skip


def _formats(*argv: str) -> Formats:
    options = parse("download", [*argv, "x"])
    assert options is not None
    return options.formats


@pytest.mark.parametrize(
    ("argv", "no_binary", "only_binary"),
    [
        (["--no-binary", "A_b,C"], {"a-b", "c"}, set()),
        (["--only-binary", "x", "--no-binary", "X"], {"x"}, set()),
        (["--no-binary", "x", "--only-binary", "x"], set(), {"x"}),
        (["--no-binary", "x", "--no-binary", ":none:"], set(), set()),
        (["--no-binary", "x", "--only-binary", ":all:"], set(), {":all:"}),
        (["--no-binary", ":all:", "--no-binary", "y"], {":all:", "y"}, set()),
    ],
)
def test_binary_options_move_names_between_the_sets(
    argv: list[str], no_binary: set[str], only_binary: set[str]
) -> None:
    assert _formats(*argv) == Formats(frozenset(no_binary), frozenset(only_binary))


@pytest.mark.parametrize(
    ("no_binary", "only_binary", "allowed"),
    [
        ({"x"}, set(), {"source"}),
        (set(), {"x"}, {"binary"}),
        ({":all:"}, set(), {"source"}),
        (set(), {":all:"}, {"binary"}),
        ({"x"}, {":all:"}, {"source"}),
        ({":all:"}, {"x"}, {"binary"}),
        ({"y"}, {"z"}, {"binary", "source"}),
    ],
)
def test_allowed_formats(no_binary: set[str], only_binary: set[str], allowed: set[str]) -> None:
    assert Formats(frozenset(no_binary), frozenset(only_binary)).allowed("x") == allowed


def test_every_option_reaches_the_run() -> None:
    argv = ["--isolated", "--cache-dir", "c", "--no-cache-dir", "-v", "-q", "-q", "--no-deps"]
    argv += ["--explain", "--cert", "ca.pem", "--trusted-host", "h", "-w", "out", "x", "y"]
    assert parse("wheel", argv) == Options(
        command="wheel", requirements=("x", "y"), destination="out", index_url=None,
        cert="ca.pem", trusted_hosts=("h",), cache_args=("--isolated", "--cache-dir", "c",
        "--no-cache-dir"), formats=Formats(), verbosity=-1, explain=True, no_deps=True,
    )  # fmt: skip
    plain = parse("download", ["x"])
    assert plain is not None
    assert (plain.cache_args, plain.verbosity, plain.explain, plain.no_deps) == ((), 0, None, None)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["install", "x"],
            "install needs --target <dir>: the model installs into a directory only",
        ),
        (["download"], "download: give a requirement (a name, a path or a URL)"),
    ],
)
def test_usage_errors(argv: list[str], message: str) -> None:
    assert _main(argv) == (2, "", f"ERROR: {message}\n")
    # only install needs a destination
    assert parse("download", ["x"]) is not None
