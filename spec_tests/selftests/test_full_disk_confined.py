"""Self-test: a run completes, whatever an implementation does on the fake full disk.

The fake full disk (``harness/faults.py: fake_full_disk``) is a pyfakefs file system. An
implementation that fails there while holding a temporary file it made (CacheControl spools every
body to one) used to leave that file to the garbage collector; closed later against the real file
system, it failed, and pytest, parsing a traceback at that moment, stopped the run with
``INTERNALERROR`` (exit 3). Here a wrong implementation that does just that runs through the suite's
full-disk tests (forced onto the fake file system), then through more tests that fail: every test
must get its outcome, the run must end as a run with failures does (exit 1), and no object made
on the fake disk may be finalised outside it (an "unraisable exception" warning).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

SUITE = Path(__file__).resolve().parents[1]

LEAKY_IMPL = '''
"""The model's HTTP cache, but every fetch spools the body to a temporary file and fails."""
import errno
import tempfile

from model.http import ModelHttpCache, cached_session
from model.http.adapter import CachingAdapter
from spec_tests.adapters import model
from spec_tests.interface import BasicImplementation


class Spooling(CachingAdapter):
    def send(self, request, **kw):
        spool = tempfile.NamedTemporaryFile("rb+")

        def chunks():
            spool.write(b"a body")
            yield b""
            raise OSError(errno.EINVAL, "cannot map the spool file")

        return b"".join(chunks())


class SpoolingHttp(ModelHttpCache):
    def session(self, cache_dir, *, trusted_hosts=()):
        return cached_session(cache_dir, adapter=Spooling, trusted_hosts=trusted_hosts)


def factory():
    base = model.implementation()
    return BasicImplementation(
        name="spooling", version=base.version, pip_version=None, http=SpoolingHttp()
    )
'''

#: a plugin that takes the real tmpfs away, so the fake file system is used even as root
FAKE_DISK_ONLY = """
import spec_tests.harness.faults as faults

faults._can_mount = lambda: False
"""


def test_a_failing_implementation_on_the_fake_full_disk_ends_in_outcomes(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        leaky_impl=textwrap.dedent(LEAKY_IMPL), fake_disk_only=textwrap.dedent(FAKE_DISK_ONLY)
    )
    full_disk = str(SUITE / "test_robustness_http.py")
    result = pytester.runpytest_subprocess(
        "-p", "fake_disk_only", "-p", "no:cacheprovider", "--impl=leaky_impl:factory",
        f"{full_disk}::test_full_disk_download_succeeds_and_nothing_left_is_trusted",
        f"{full_disk}::test_full_disk_leaves_no_files_behind",
        str(SUITE / "test_http.py"),
    )  # fmt: skip
    output = result.stdout.str() + result.stderr.str()
    assert "INTERNALERROR" not in output
    # the precursor, whatever the timing: a file made on the fake disk, finalised outside it
    assert "PytestUnraisableExceptionWarning" not in output
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    outcomes = result.parseoutcomes()
    collected = int(output.split("collected ", 1)[1].split()[0])
    assert outcomes["failed"] >= 10
    assert sum(outcomes.get(k, 0) for k in ("passed", "failed", "skipped", "xfailed")) == collected
    assert "on the full disk: OSError" in output
