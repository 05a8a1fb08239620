"""A good citizen: the installed plugin leaves other projects' runs alone, and the suite imports
on any platform.

- A throwaway project with its own ``model.py``, its own Hypothesis profile and a test that fails
  by design runs by subprocess (``python -m pytest``, as its developers run it) in this
  environment, where the distribution is installed: with the plugin and with it blocked
  (``-p no:spec_tests.plugin``), the output is the same line for line, and inside the run its
  ``model``, its profile and no pytester are in effect.
- Every module of the suite and of the model imports where POSIX-only modules (``pwd``,
  ``fcntl``, ``resource``, ...) and ``os.geteuid``/``os.getuid`` do not exist (Windows).
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

CONFTEST = """
from hypothesis import settings

settings.register_profile(
    "theirs", max_examples=7, deadline=1234, derandomize=True, print_blob=False
)
settings.load_profile("theirs")
"""

TESTS = """
import sys

import model
from hypothesis import given, settings, strategies as st


def test_their_model_is_the_one_imported():
    assert model.OWNER == "theirs"
    assert not [m for m in sys.modules if m.startswith("model.")]


def test_their_profile_and_plugins_are_in_effect(request):
    assert settings.get_current_profile_name() == "theirs"
    assert settings.default.max_examples == 7
    assert not request.config.pluginmanager.has_plugin("pytester")
    assert "spec_tests.suite" not in sys.modules
    assert not [m for m in sys.modules if m.startswith("spec_tests.harness")]


@given(st.integers(min_value=0))
def test_fails_by_design(n):
    assert n < 10
"""

#: what differs between two runs of the same tests: timings, and the listing of the plugins
_VARYING = re.compile(r" in \d+\.\d+s|^plugins: .*$|^rootdir: .*$", re.MULTILINE)


def _start(project: Path, *args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("PIP_CACHE_SPEC")}
    return subprocess.Popen(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _result(run: subprocess.Popen[str]) -> tuple[int, str]:
    stdout, _ = run.communicate(timeout=300)
    return run.returncode, _VARYING.sub("", stdout)


def test_another_projects_run_is_untouched(tmp_path: Path) -> None:
    project = tmp_path / "theirs"
    project.mkdir()
    (project / "model.py").write_text('OWNER = "theirs"\n')
    (project / "conftest.py").write_text(CONFTEST)
    (project / "test_theirs.py").write_text(TESTS)
    # the two runs side by side (independent processes; their outputs are compared)
    runs = _start(project), _start(project, "-p", "no:spec_tests.plugin")
    (code, with_plugin), (blocked_code, without) = map(_result, runs)
    assert "1 failed, 2 passed" in with_plugin, with_plugin
    assert "E       assert 10 < 10" in with_plugin, with_plugin  # their derandomized profile
    assert "pip-cache-spec" not in with_plugin
    assert (code, with_plugin) == (blocked_code, without)


POSIX_ONLY = ("pwd", "grp", "fcntl", "resource", "termios", "tty", "pty", "syslog")

IMPORT_ALL = """
import os, sys
for name in {posix!r}:
    sys.modules[name] = None
for attr in ("geteuid", "getuid", "getegid", "getgid", "fork", "getpwuid"):
    if hasattr(os, attr):
        delattr(os, attr)
import importlib, pkgutil
import spec_tests, model
names = ["spec_tests.suite"]
for package in (spec_tests, model):
    names += [
        m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
        if ".selftests" not in m.name and not m.name.endswith("__main__")
    ]
for name in names:
    importlib.import_module(name)
from spec_tests.adapters.loading import load_implementation
load_implementation("model")
print(len(names), "modules")
"""


@pytest.mark.skipif(sys.platform == "win32", reason="this is the check for Windows, run elsewhere")
def test_the_suite_imports_without_posix_only_modules() -> None:
    """What collection imports (every module of the suite and the model) needs nothing that
    Windows lacks; platform-specific calls happen inside functions, when a test runs."""
    script = textwrap.dedent(IMPORT_ALL.format(posix=POSIX_ONLY))
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert int(done.stdout.split()[0]) > 50, done.stdout
