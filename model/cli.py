"""The model's command line: ``python -m model cache <subcommand>`` (console script
``pip-cache-model``), speaking like ``pip cache``.

Page: "You can use pip cache dir to get the cache directory that pip is currently configured to
use." With the cache disabled every ``cache`` subcommand fails as pip 24.2 does (observed:
``observed.locations.cache-dir-command-disabled``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from typing import TextIO

from model.config import UsageError, effective_cache_dir

__all__ = ["main"]

DISABLED = "ERROR: pip cache commands can not function since cache is disabled.\n"
USAGE = "Usage: python -m model cache dir [--cache-dir DIR | --no-cache-dir]\n"

SUCCESS, ERROR, USAGE_ERROR = 0, 1, 2


def main(
    argv: Sequence[str] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    cwd: str | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run one command; return its exit code. Nothing is read from the process beyond what the
    arguments leave to it (``env`` defaults to ``os.environ``, ``cwd`` to the working directory).
    """
    args = list(sys.argv[1:] if argv is None else argv)
    out, err = stdout or sys.stdout, stderr or sys.stderr
    env = os.environ if env is None else env
    cwd = os.getcwd() if cwd is None else cwd
    if args[:1] != ["cache"] or len(args) < 2:
        err.write(USAGE)
        return USAGE_ERROR
    rest = [a for a in args[1:] if a != "dir"]
    if "dir" not in args[1:]:
        err.write(USAGE)
        return USAGE_ERROR
    try:
        directory = effective_cache_dir(rest, env, cwd, command="cache")
    except UsageError as exc:
        err.write(f"{USAGE}\n{exc}\n")
        return USAGE_ERROR
    if directory is None:
        err.write(DISABLED)
        return ERROR
    out.write(directory + "\n")
    return SUCCESS
