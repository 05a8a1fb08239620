"""Self-test: the old ``http`` entry the harness writes (``harness/old_http_cache.py``) is what a
pip before 23.3 stores: such a pip serves it as its own, with no request (that pip 23.3 and newer
do not read it is the suite's test of ``http.old-directory-deletable``).

Needs a pip before 23.3: ``PIP_CACHE_SPEC_OLD_PIP=/path/to/venv/bin/python`` (e.g. pip 23.2.1 or
20.1); without it the test skips.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from packaging.version import Version

from spec_tests.adapters.pip import pip_version
from spec_tests.adapters.pip.download import PipHttpDownloader
from spec_tests.harness.cleanenv import clean_env
from spec_tests.harness.clock import START, ManualClock, http_date
from spec_tests.harness.http_scenario import fetched_body
from spec_tests.harness.old_http_cache import write_old_entry
from spec_tests.harness.origin import HttpsOrigin, Origin
from spec_tests.harness.tls import LocalCA


@pytest.fixture(scope="module")
def old_pip() -> str:
    python = os.environ.get("PIP_CACHE_SPEC_OLD_PIP")
    if not python:
        pytest.skip("set PIP_CACHE_SPEC_OLD_PIP to the python of a pip before 23.3")
    assert pip_version(python) < Version("23.3"), f"{python}: not a pip before 23.3"
    return python


def test_a_pip_before_23_3_serves_the_written_entry_as_its_own(old_pip: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        server = HttpsOrigin(LocalCA.make(root))
        try:
            origin = Origin(server.base_url, ManualClock())
            server.origin = origin
            origin.answer(variant=2, headers={"Cache-Control": "max-age=600"})
            stored = {"Date": http_date(START), "Cache-Control": "max-age=600"}
            write_old_entry(root / "cache", origin.url, origin.body(1), stored)
            result = PipHttpDownloader(old_pip).download(
                origin.url, cache_dir=root / "cache", dest=root / "d", ca_cert=server.ca_cert,
                at=START + 10, env=clean_env(),
            )  # fmt: skip
        finally:
            server.stop()
        assert result.ok, result.stderr
        assert origin.seen == [], "the old pip asked the origin: it did not read the entry"
        assert fetched_body(root / "d") == origin.body(1)
