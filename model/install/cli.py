"""``python -m model install|download|wheel ...``: the command line around :func:`.run.perform`.

Page: "pip provides an on-by-default caching, designed to reduce the amount of time spent on
duplicate downloads and builds." The cache directory is :func:`model.config.effective_cache_dir`'s
(``--cache-dir``, ``--no-cache-dir``, ``PIP_CACHE_DIR``, configuration files), as for ``cache``.

Everything the run needs comes in as arguments (``env``, ``cwd``, the output streams), so the suite
runs it in-process; only PEP 517 hooks and ``git`` are subprocesses. Bad input ends in one line,
``ERROR: ...``, on ``stderr`` and a non-zero exit (2: the command line; 1: anything else), never a
traceback (``-v`` adds one for an unexpected error), and the caches are left as they were: every
write to them is atomic (:mod:`model.crashpoints` proves it for a process killed at any step).
"""

from __future__ import annotations

import logging
import tempfile
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from model import crashpoints
from model.config import effective_cache_dir
from model.install.errors import InstallError
from model.install.explain import Explainer
from model.install.fetch import Fetcher
from model.install.options import UsageError, help_text, parse
from model.install.run import Run, perform

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import TextIO

__all__ = ["run"]


class _Lines(logging.Handler):
    """The model's own warnings (an unwritable cache) as ``WARNING: ...`` lines on ``stderr``."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__(logging.WARNING)
        self.stream = stream

    def emit(self, record: logging.LogRecord) -> None:
        self.stream.write(f"WARNING: {record.getMessage()}\n")


def run(
    command: str,
    argv: Sequence[str],
    *,
    env: Mapping[str, str],
    cwd: Path,
    stdout: TextIO,
    stderr: TextIO,
    prog: str,
) -> int:
    """Run ``<command> <argv>``; return the exit code."""
    try:
        options = parse(command, argv)
    except UsageError as exc:
        stderr.write(f"ERROR: {exc}\n")
        return 2
    if options is None:
        stdout.write(help_text(command, prog))
        return 0
    crashpoints.arm(env)
    try:
        cache = effective_cache_dir(options.cache_args, env, cwd, command=command)
    except ValueError as exc:
        stderr.write(f"ERROR: {exc}\n")
        return 2

    def say(line: str) -> None:
        if options.verbosity >= 0:
            stdout.write(line + "\n")

    def warn(line: str) -> None:
        stderr.write(f"WARNING: {line}\n")

    def explain(line: str) -> None:
        stdout.write(line + "\n")

    explainer = Explainer(explain if options.explain else None)
    handler = _Lines(stderr)
    logger = logging.getLogger("model")
    logger.addHandler(handler)
    try:
        with tempfile.TemporaryDirectory(prefix="pip-cache-spec-model-") as scratch:
            cache_dir = Path(cache) if cache is not None else None
            fetcher = Fetcher(cache_dir, explainer, options.cert, options.trusted_hosts)
            perform(Run(options, env, cwd, cache_dir, Path(scratch), fetcher, explainer, say, warn))
    except InstallError as exc:
        stderr.write(f"ERROR: {exc}\n")
        return 1
    except Exception as exc:  # a bug or an unforeseen fault: still one line, never a traceback
        if options.verbosity > 0:
            stderr.write(traceback.format_exc())
        stderr.write(f"ERROR: {type(exc).__name__}: {exc}\n")
        return 1
    finally:
        logger.removeHandler(handler)
    return 0
