"""The model's ``install``/``download``/``wheel`` command line around a run
(:mod:`model.install.cli`): ``--explain`` lines, ``-q``, its warnings and its usage errors."""

from __future__ import annotations

import functools
import io
import logging
from http.server import SimpleHTTPRequestHandler
from typing import TYPE_CHECKING

import pytest

from model import cli
from spec_tests.harness.cleanenv import clean_env
from spec_tests.selftests.serving import serving

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from spec_tests.harness.workspace import Workspace

pytestmark = pytest.mark.e2e


def _run(ws: Workspace, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    words = ["--cache-dir", str(ws.cache), argv[0], "--cert", str(ws.ca_cert), *argv[1:]]
    code = cli.main(words, env=clean_env(), cwd=str(ws.root), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_explain_quiet_and_plain_output(ws: Workspace) -> None:
    ws.publish(ws.project("demo", "1.0"))
    index = ["--index-url", ws.index.url, "demo==1.0"]
    code, out, err = _run(ws, "download", "-q", "-d", "q", *index)
    assert (code, out, err) == (0, "", "")
    code, out, err = _run(ws, "download", "-d", "plain", *index)
    assert (code, err) == (0, "")
    assert out == f"Saved {ws.root / 'plain' / 'demo-1.0.tar.gz'}\n"
    code, out, err = _run(ws, "download", "--explain", "-d", "explained", *index)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) > 1
    assert lines[-1] == f"Saved {ws.root / 'explained' / 'demo-1.0.tar.gz'}"
    assert all(line.strip() for line in lines), "an empty line"
    assert "[http.fresh-served-from-cache]" in out


def test_the_models_warnings_are_pips_warning_lines(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from model.install import cli as install_cli

    def warns(run: install_cli.Run) -> None:
        logging.getLogger("model.wheels").warning("the cache is odd")

    monkeypatch.setattr(install_cli, "perform", warns)
    assert _run(ws, "download", "x") == (0, "", "WARNING: the cache is odd\n")


def test_a_bad_cache_setting_is_a_usage_error(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    env = clean_env(PIP_NO_CACHE_DIR="maybe")
    code = cli.main(["download", "x"], env=env, cwd=str(tmp_path), stdout=out, stderr=err)
    assert (code, out.getvalue()) == (2, "")
    assert err.getvalue().startswith("ERROR: ")
    assert len(err.getvalue().splitlines()) == 1


class _Files(SimpleHTTPRequestHandler):
    """Files with an ETag (a validator: the HTTP cache stores them), quietly."""

    def end_headers(self) -> None:
        self.send_header("ETag", '"1"')
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def plain_origin(tmp_path: Path) -> Iterator[str]:
    """A plain ``http://`` file server on 127.0.0.1 serving ``tmp_path/files``."""
    root = tmp_path / "files"
    root.mkdir()
    (root / "demo-1.0.tar.gz").write_bytes(b"not really an sdist")
    handler = functools.partial(_Files, directory=str(root))
    with serving(handler) as url:
        yield url.removeprefix("http://")


def test_trusted_host_reaches_the_http_cache(tmp_path: Path, plain_origin: str) -> None:
    """``--trusted-host`` lets a plain ``http://`` origin's responses through the HTTP cache."""
    url = f"http://{plain_origin}/demo-1.0.tar.gz"
    outputs = []
    for trusted in ([], ["--trusted-host", plain_origin]):
        out, err = io.StringIO(), io.StringIO()
        argv = ["--cache-dir", "cache", "download", "--explain", *trusted, "-d", "d", url]
        code = cli.main(argv, env=clean_env(), cwd=str(tmp_path), stdout=out, stderr=err)
        assert (code, err.getvalue()) == (0, "")
        outputs.append(out.getvalue())
    assert "[observed.http.plain-http-not-cached]" in outputs[0]
    assert "[observed.http.plain-http-not-cached]" not in outputs[1]


def test_a_relative_cache_dir_is_the_working_directorys(tmp_path: Path, plain_origin: str) -> None:
    url = f"http://{plain_origin}/demo-1.0.tar.gz"
    argv = ["--cache-dir", "rel", "download", "--trusted-host", plain_origin, "-d", "d", url]
    code = cli.main(argv, env=clean_env(), cwd=str(tmp_path), stdout=io.StringIO(),
                    stderr=io.StringIO())  # fmt: skip
    assert code == 0
    assert (tmp_path / "rel" / "http-v2").is_dir()


def test_a_bug_is_one_line_and_v_adds_its_traceback(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from model.install import cli as install_cli

    def fails(run: install_cli.Run) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(install_cli, "perform", fails)
    assert _run(ws, "download", "x") == (1, "", "ERROR: RuntimeError: boom\n")
    code, out, err = _run(ws, "download", "-v", "x")
    assert (code, out) == (1, "")
    assert err.startswith("Traceback (most recent call last):\n")
    assert err.endswith("RuntimeError: boom\nERROR: RuntimeError: boom\n")


def test_the_commands_own_config_section(tmp_path: Path, plain_origin: str) -> None:
    """``[download]`` of a configuration file applies to ``download``, ``[install]`` does not."""
    config = tmp_path / "pip.conf"
    config.write_text("[install]\ncache-dir = inst\n[download]\ncache-dir = dl\n")
    url = f"http://{plain_origin}/demo-1.0.tar.gz"
    argv = ["download", "--trusted-host", plain_origin, "-d", "d", url]
    env = clean_env(PIP_CONFIG_FILE=str(config))
    code = cli.main(argv, env=env, cwd=str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())
    assert code == 0
    assert (tmp_path / "dl" / "http-v2").is_dir()
    assert not (tmp_path / "inst").exists()


def test_a_failed_run_exits_1_and_leaves_no_handler(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from model.install import cli as install_cli
    from model.install.errors import FetchError

    def fails(run: install_cli.Run) -> None:
        logging.getLogger("model.http").warning("odd")
        raise FetchError("no answer")

    monkeypatch.setattr(install_cli, "perform", fails)
    first = _run(ws, "download", "x")
    assert first == (1, "", "WARNING: odd\nERROR: no answer\n")
    assert _run(ws, "download", "x") == first
    assert not logging.getLogger("model").handlers
