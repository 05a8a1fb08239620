"""uv's HTTP cache facet: ``uv pip install --no-deps --target DEST URL`` at a given time.

uv has no ``pip download``: the one command that fetches a file through uv's HTTP cache is an
install, so the downloader installs the wheel into ``dest`` (the scenario tells which body was
fetched from the installed files: ``http_scenario.fetched_body``). The clock is libfaketime's
(:mod:`._run`); uv trusts the test origin's CA through ``SSL_CERT_FILE``.

Beside its stored responses, uv's cache directory holds files of its own (``CACHEDIR.TAG``, locks,
interpreter information): :meth:`UvHttpDownloader.stored_response_files` names those that hold
what a fetch stored, for the tests that damage a stored entry.
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
    #: where uv keeps what it fetched: the HTTP cache policy and wheel (``wheels-v*``), and the
    #: wheel unpacked (``archive-v*``)
    RESPONSE_BUCKETS = ("wheels-v*", "archive-v*")

    def __init__(self, runner: UvRunner, python: str) -> None:
        self.runner = runner
        self.python = python

    def stored_response_files(self, cache_dir: Path) -> list[Path]:
        """The files holding what uv stored for the URLs it fetched (no lock files)."""
        buckets = [b for pattern in self.RESPONSE_BUCKETS for b in cache_dir.glob(pattern)]
        found = (p for b in buckets for p in b.rglob("*") if p.is_file() and not p.is_symlink())
        return sorted(p for p in found if p.suffix != ".lock")

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
