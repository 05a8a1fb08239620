"""The ``Installer`` facet of uv: the suite's pip-worded command lines run as ``uv pip install`` /
``uv cache ...`` (see :mod:`.translate`), one uv process each.

Wheels uv built from source stay in its cache as unpacked trees and as ``.whl`` files under its
source-distribution bucket: :meth:`UvInstaller.built_wheels` lists the latter for the suite's
"which wheels are cached" questions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spec_tests.adapters.uv._run import GLOBAL_OPTIONS
from spec_tests.adapters.uv.translate import split_cert, translate

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

    from spec_tests.adapters.uv._run import UvRunner
    from spec_tests.interface import CommandResult

__all__ = ["UvInstaller"]


class UvInstaller:
    def __init__(self, runner: UvRunner, python: str) -> None:
        self.runner = runner
        self.python = python

    def run(
        self,
        argv: Sequence[str],
        *,
        cache_dir: Path | None,
        env: Mapping[str, str],
        cwd: Path,
    ) -> CommandResult:
        """Raises :class:`~spec_tests.interface.CommandNotProvided` for a pip command uv lacks.
        pip's ``--cert`` becomes ``SSL_CERT_FILE`` (uv's way to trust a CA)."""
        pip_argv, cert = split_cert(argv)
        uv_argv = translate(pip_argv, cache_dir=cache_dir, python=self.python)
        run_env = {**env, "SSL_CERT_FILE": cert} if cert is not None else env
        return self.runner.run([*uv_argv, *GLOBAL_OPTIONS], env=run_env, cwd=cwd)

    def built_wheels(self, cache_dir: Path) -> list[Path]:
        """The wheels uv built from source and keeps in its cache (``sdists-v*/``)."""
        buckets = cache_dir.glob("sdists-v*")
        return sorted(p for bucket in buckets for p in bucket.rglob("*.whl") if p.is_file())
