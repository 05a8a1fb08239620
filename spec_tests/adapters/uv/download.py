"""uv's HTTP cache facet: ``uv pip install --no-deps --target DEST URL`` at a given time.

uv has no ``pip download``: the one command that fetches a file through uv's HTTP cache is an
install, so the downloader installs the wheel into ``dest`` (the scenario tells which body was
fetched from the installed files: ``http_scenario.fetched_body``). The clock is libfaketime's
(:mod:`._run`); uv trusts the test origin's CA through ``SSL_CERT_FILE``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from spec_tests.adapters.uv._run import GLOBAL_OPTIONS, ClockUnavailable

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

    from spec_tests.adapters.uv._run import UvRunner
    from spec_tests.interface import CommandResult

__all__ = ["UvHttpDownloader"]


class UvHttpDownloader:
    def __init__(self, runner: UvRunner, python: str) -> None:
        self.runner = runner
        self.python = python

    def download(
        self,
        target: str,
        *,
        cache_dir: Path,
        dest: Path,
        ca_cert: Path,
        at: float,
        env: Mapping[str, str],
        index_url: str | None = None,
        trusted_hosts: Sequence[str] = (),
        refresh: Sequence[str] = (),
    ) -> CommandResult:
        argv = ["pip", "install", "--python", self.python, "--link-mode", "copy", "--no-deps",
                "--cache-dir", str(cache_dir), "--target", str(dest)]  # fmt: skip
        if index_url is not None:
            argv += ["--index-url", index_url]
        argv += [arg for host in trusted_hosts for arg in ("--allow-insecure-host", host)]
        argv += [arg for name in refresh for arg in ("--refresh-package", name)]
        run_env = {**env, "SSL_CERT_FILE": str(ca_cert)}
        try:
            return self.runner.run([*argv, *GLOBAL_OPTIONS, target], env=run_env, cwd=dest, at=at)
        except ClockUnavailable as exc:  # the scenario cannot run here: say why, don't fail
            pytest.skip(str(exc))
