"""The uv adapter's translation of the suite's pip-worded command lines (pure: no uv runs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from spec_tests.adapters.uv.translate import split_cert, translate
from spec_tests.interface import CommandNotProvided

CACHE = Path("/c")


def test_install_keeps_pip_options_under_uv_names() -> None:
    argv = ["install", "--target", "t", "-i", "http://x/simple", "--no-deps", "--trusted-host",
            "h", "--progress-bar", "off", "-r", "req.txt", "pkg==1.0"]  # fmt: skip
    assert translate(argv, cache_dir=CACHE, python="py") == [
        "pip", "install", "--python", "py", "--link-mode", "copy", "--cache-dir", "/c",
        "--target", "t", "--index-url", "http://x/simple", "--no-deps",
        "--allow-insecure-host", "h", "--requirement", "req.txt", "pkg==1.0",
    ]  # fmt: skip


def test_no_cache_dir_is_no_cache() -> None:
    assert "--no-cache" in translate(["install", "pkg"], cache_dir=None, python="py")


@pytest.mark.parametrize(
    ("pip", "uv"),
    [
        (["cache", "dir"], ["cache", "dir", "--cache-dir", "/c"]),
        (["cache", "remove", "sample"], ["cache", "clean", "sample", "--cache-dir", "/c"]),
        (["cache", "purge"], ["cache", "clean", "--cache-dir", "/c"]),
        (["cache", "dir", "--cache-dir", "/d"], ["cache", "dir", "--cache-dir", "/d"]),
    ],
)
def test_cache_commands(pip: list[str], uv: list[str]) -> None:
    assert translate(pip, cache_dir=CACHE, python="py") == uv


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (["download", "-d", "d", "pkg"], "pip-download"),
        (["wheel", "-w", "w", "pkg"], "pip-wheel"),
        (["cache", "list"], "pip-cache-list"),
        (["cache", "info"], "pip-cache-info"),
        (["install", "--user", "pkg"], "pip-install-user"),
    ],
)
def test_commands_uv_lacks_are_not_provided(argv: list[str], name: str) -> None:
    with pytest.raises(CommandNotProvided) as caught:
        translate(argv, cache_dir=CACHE, python="py")
    assert caught.value.name == name


@pytest.mark.parametrize(
    "argv",
    [
        ["install", "--cert", "/ca.pem", "--target", "t", "pkg"],
        ["install", "--cert=/old.pem", "--target", "t", "--cert=/ca.pem", "pkg"],
    ],
)
def test_cert_becomes_the_runners_ssl_cert_file(argv: list[str]) -> None:
    """pip's ``--cert`` has no uv option: it is taken out, for ``SSL_CERT_FILE``."""
    assert split_cert(argv) == (["install", "--target", "t", "pkg"], "/ca.pem")
