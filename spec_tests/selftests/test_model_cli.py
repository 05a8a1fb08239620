"""The model's own command line where pip has no counterpart: its help, and the program name its
usage shows (``python -m model`` or ``pip-cache-model``, as pip shows ``python -m pip``)."""

from __future__ import annotations

import io
import sys

import pytest

from model import cli

#: pip's usage block, with its trailing spaces, then the model's description
HELP = (
    "\nUsage:   \n"
    "  {prog} cache dir\n"
    "  {prog} cache info\n"
    "  {prog} cache list [<pattern>] [--format=[human, abspath]]\n"
    "  {prog} cache remove <pattern>\n"
    "  {prog} cache purge\n"
    "  \n"
    "\nDescription:\n"
    "  The reference model of pip 24.2's `pip cache` (pip-cache-spec).\n"
    "  Subcommands: dir, info, list, remove, purge.\n"
    "  <pattern> is a glob on wheel file names or a package name.\n"
    "\nOptions: --format human|abspath (list), --cache-dir <dir>, --no-cache-dir,\n"
    "  -v/-q, and pip's other general options (accepted, ignored).\n"
    "\nAlso: {prog} install|download|wheel [options] <requirement> (see --help of each).\n"
)


def _main(argv: list[str] | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(argv, env={"HOME": "/nonexistent"}, cwd="/", stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("argv", [[], ["--help"], ["cache", "--help"], ["cache", "-h", "list"]])
def test_help_text(argv: list[str]) -> None:
    assert _main(argv) == (0, HELP.format(prog="pip-cache-model"), "")


@pytest.mark.parametrize(
    ("argv0", "prog"),
    [
        ("/somewhere/model/__main__.py", f"{sys.executable} -m model"),
        ("/usr/local/bin/pip-cache-model", "pip-cache-model"),
        ("", "pip-cache-model"),
    ],
    ids=["python-m", "console-script", "unnamed"],
)
def test_usage_names_the_program_as_invoked(
    monkeypatch: pytest.MonkeyPatch, argv0: str, prog: str
) -> None:
    monkeypatch.setattr(sys, "argv", [argv0, "cache", "--help"])
    assert _main() == (0, HELP.format(prog=prog), "")
