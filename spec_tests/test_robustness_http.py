"""Faults in the HTTP cache: damaged entries, a full disk, a read-only cache directory.

The damage is generated with hypothesis (``harness/faults.py``: truncated, emptied, garbage, a
flipped byte, a changed format version, a deleted file; in whichever of an entry's files, metadata
or body). ``test_http.py``'s ``robustness.http.damaged-entry-is-a-miss`` damages every file of an
entry the same way; here one file is damaged at a time, so that an implementation which checks its
metadata but trusts its body file is caught.

Each test body runs against every implementation; the fault is real to it (see ``faults.py``).
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import warnings
from typing import TYPE_CHECKING, TypeVar

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from spec_tests.harness.clock import START, http_date
from spec_tests.harness.faults import (
    DAMAGE_KINDS,
    Damage,
    damages,
    on_full_disk,
    read_only,
    stored_files,
    tiny_tmpfs,
)
from spec_tests.harness.http_scenario import DownloadClient, FetchFailed, SessionClient
from spec_tests.harness.origin import at_ip_address

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from spec_tests.harness.http_scenario import Scenario, ScenarioFactory

FRESH = {"Cache-Control": "max-age=600"}
T = TypeVar("T")


def fetch_noting_warnings(s: Scenario) -> tuple[bytes, str]:
    """Fetch the scenario's URL; return the bytes and what the implementation warned.

    In-process: log records of level WARNING or above and Python warnings; out of process: the
    run's standard error.
    """
    client = s.client
    if isinstance(client, DownloadClient):
        from spec_tests.harness.cleanenv import clean_env

        dest = s.cache_dir.parent / f"dl-{len(s.origin.seen)}"
        dest.mkdir()
        result = client.facet.download(
            s.url, cache_dir=s.cache_dir, dest=dest, ca_cert=client.ca_cert,
            at=s.clock.now(), env=clean_env(),
        )  # fmt: skip
        files = sorted(dest.iterdir())
        if not result.ok or len(files) != 1:
            raise FetchFailed(f"exit {result.exit_code}: {result.stderr.strip()[-600:]}")
        return files[0].read_bytes(), result.stderr
    assert isinstance(client, SessionClient)
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    handler, root = Keep(logging.WARNING), logging.getLogger()
    root.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            body = client.get(s.url)
    finally:
        root.removeHandler(handler)
    return body, "\n".join([*records, *(str(w.message) for w in caught)])


# ---------------------------------------------------------------- changed bytes behind one URL


@pytest.mark.statement("robustness.http.changed-file-bytes")
def test_changed_bytes_are_used_once_revalidated(http_scenario: Scenario) -> None:
    """Artificial: new bytes behind the wheel's URL, a new ETag: the expired response is
    revalidated, the 200 brings the new bytes, which are used and stored."""
    s = http_scenario
    s.origin.answer(variant=1, headers={"Cache-Control": "max-age=60", "ETag": '"v1"'})
    s.client.get(s.url)
    s.origin.answer(variant=2, headers={"Cache-Control": "max-age=60", "ETag": '"v2"'})
    s.clock.advance(120)
    assert s.client.get(s.url) == s.origin.body(2), "the new bytes of a 200 were not used"
    assert s.origin.revalidated(1, etag='"v1"')
    s.clock.advance(30)
    assert s.client.get(s.url) == s.origin.body(2), "the new response was not stored"
    assert s.origin.run(2) == []


@pytest.mark.statement("robustness.http.changed-file-bytes")
def test_changed_bytes_are_used_once_expired(http_scenario: Scenario) -> None:
    """Artificial: new bytes behind the wheel's URL: once Expires has passed, the bytes fetched
    again are used."""
    s = http_scenario
    s.origin.answer(variant=1, headers={"Expires": http_date(START + 300)})
    s.client.get(s.url)
    s.origin.answer(variant=2, headers={"Cache-Control": "max-age=600"})
    s.clock.advance(300)
    assert s.client.get(s.url) == s.origin.body(2), "the bytes fetched after Expires were not used"
    assert s.origin.run(1)


def check_fetched_again(s: Scenario, fields: dict[str, str]) -> None:
    s.origin.answer(variant=1, headers=fields)
    s.client.get(s.url)
    s.clock.advance(1)
    s.origin.answer(variant=2, headers=fields)
    assert s.client.get(s.url) == s.origin.body(2), "the bytes fetched again were not used"
    assert s.origin.run(1)


@pytest.mark.statement("robustness.http.changed-file-bytes")
def test_changed_bytes_are_used_when_nothing_validates_them(http_scenario: Scenario) -> None:
    """Artificial: new bytes behind the wheel's URL, whose answers have neither validator nor
    expiry: the next fetch uses them."""
    check_fetched_again(http_scenario, {})


@pytest.mark.statement("robustness.http.changed-file-bytes")
def test_changed_bytes_are_used_when_not_stored(http_scenario: Scenario) -> None:
    """Artificial: new bytes behind the wheel's URL, whose answers say no-store: the next fetch
    uses them."""
    check_fetched_again(http_scenario, {"Cache-Control": "no-store"})


# ---------------------------------------------------------------- an origin named by its address


@pytest.mark.statement("robustness.http.ip-literal-origin")
def test_origin_named_by_its_ip_address_is_fetched_and_cached(http_scenario: Scenario) -> None:
    """``https://127.0.0.1:PORT/...`` (the certificate names the address): fetched, stored,
    and served from the cache while fresh."""
    s = http_scenario
    s.origin.answer(variant=1, headers={"Cache-Control": "max-age=600"})
    url = at_ip_address(s.url)
    assert s.client.get(url) == s.origin.body(1)
    s.clock.advance(10)
    assert s.client.get(url) == s.origin.body(1)
    assert s.origin.run(1) == [], "a fresh response from an IP-named origin was asked for again"


@pytest.mark.statement("observed.http.ip-literal-origin")
def test_pip_fails_on_an_origin_named_by_its_ip_address(http_scenario: Scenario) -> None:
    """pip 24.2 to 26.0: the download from ``https://127.0.0.1:PORT`` fails (exit 2)."""
    s = http_scenario
    s.origin.answer(variant=1, headers={"Cache-Control": "max-age=600"})
    with pytest.raises(FetchFailed, match=r"(?s)exit 2.*check_hostname requires server_hostname"):
        s.client.get(at_ip_address(s.url))


# ---------------------------------------------------------------- damaged entries


def entry_files(s: Scenario) -> list[Path]:
    """The files holding what the client's fetches stored: those the implementation names
    (``stored_response_files(cache_dir)`` on its http facet, for a cache directory that also
    holds files of its own), else every file of the cache directory."""
    named = getattr(s.client.facet, "stored_response_files", None)
    return sorted(named(s.cache_dir)) if callable(named) else stored_files(s.cache_dir)


@contextlib.contextmanager
def _damaged(factory: ScenarioFactory, damage: Damage, template: Path) -> Iterator[Scenario | None]:
    """A scenario whose cache holds the entry of ``variant=1`` with ``damage`` applied (``None``
    when no stored file fits the damage). The clean entry is made once, kept in ``template`` and
    copied for every later example, which saves a fetch per example."""
    with factory() as s:
        s.origin.answer(variant=1, headers=FRESH)
        if not template.exists():
            assert s.client.get(s.url) == s.origin.body(1)
            shutil.copytree(s.cache_dir, template, symlinks=True)
            s.origin.seen.clear()
            s.origin.run_starts.clear()
        else:
            shutil.copytree(template, s.cache_dir, symlinks=True)
        files = entry_files(s)
        assert files, "nothing was stored"
        yield s if damage.apply(files) is not None else None


HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
#: every damage but a flipped byte changes the file's length or format marker, or removes it
LENGTH_CHANGING = tuple(k for k in DAMAGE_KINDS if k != "flip")


def check_damage_is_a_miss(factory: ScenarioFactory, damage: Damage, template: Path) -> bool:
    """The body of the damage tests: store, damage, then a miss that stores anew. False when no
    stored file fits ``damage`` (nothing checked)."""
    with _damaged(factory, damage, template) as s:
        if s is None:
            return False
        _miss_then_replaced(s, damage)
    return True


def _miss_then_replaced(s: Scenario, damage: Damage) -> None:
    """The entry is fresh: only a miss asks the origin. The bytes are the origin's (the damaged
    ones differ), and the next fetch is served from the entry stored anew."""
    miss = len(s.origin.run_starts)
    s.clock.advance(10)
    assert s.client.get(s.url) == s.origin.body(1), f"{damage.kind}: damaged bytes served"
    assert s.origin.run(miss), "the damaged entry was not a miss"
    s.clock.advance(10)
    assert s.client.get(s.url) == s.origin.body(1)
    assert s.origin.run(miss + 1) == [], "the damaged entry was not replaced"


@pytest.mark.statement("robustness.http.damaged-file-is-a-miss")
@settings(suppress_health_check=HEALTH)
@given(damage=damages(LENGTH_CHANGING))
@example(damage=Damage("truncate", target=1, at=0.5))
@example(damage=Damage("garbage", target=0))
@example(damage=Damage("version"))
@example(damage=Damage("delete", target=1))
def test_one_damaged_file_is_a_miss_and_is_replaced(
    http_scenarios: ScenarioFactory, damage: Damage, tmp_path: Path
) -> None:
    """Damage one file of a stored entry (truncate, empty, garbage, format version, delete): the
    next fetch goes to the origin and serves its bytes (never the damaged ones, never an error),
    and the entry is stored anew."""
    assume(check_damage_is_a_miss(http_scenarios, damage, tmp_path / "template"))


@pytest.mark.statement("robustness.http.corrupt-body-is-a-miss")
@settings(suppress_health_check=HEALTH)
@given(target=st.integers(0, 7), at=st.floats(0, 1, exclude_max=True))
@example(target=1, at=0.9)
def test_flipped_byte_is_a_miss(
    http_scenarios: ScenarioFactory, target: int, at: float, tmp_path: Path
) -> None:
    """Flip one byte of a stored file (bit rot, the length unchanged): the next fetch is a miss
    and serves the origin's bytes."""
    damage = Damage("flip", target=target, at=at)
    assume(check_damage_is_a_miss(http_scenarios, damage, tmp_path / "template"))


def _body_file_damaged(s: Scenario, damage: Damage) -> bool:
    """Store an entry, damage its body file (the one that holds the served bytes); False when
    the implementation keeps no separate body file."""
    s.origin.answer(variant=1, headers=FRESH)
    s.client.get(s.url)
    files = stored_files(s.cache_dir)
    body = s.origin.body(1)
    bodies = [p for p in files if p.read_bytes() == body]
    if not bodies:
        return False
    damage.apply(bodies)
    s.clock.advance(10)
    return True


@pytest.mark.statement("observed.http.damaged-body-served")
def test_pip_serves_a_truncated_body_file(http_scenario: Scenario) -> None:
    """pip 23.3 to 25.1: a truncated body file under intact metadata fails the download, with
    no request to the origin."""
    s = http_scenario
    assert _body_file_damaged(s, Damage("truncate", at=0.5)), "no body file"
    with pytest.raises(FetchFailed):
        s.client.get(s.url)
    assert len(s.origin.seen) == 1


@pytest.mark.statement("observed.http.corrupt-body-served")
def test_pip_serves_a_corrupt_body(http_scenario: Scenario) -> None:
    """pip: a body with one byte flipped is served; the download fails, with no request."""
    s = http_scenario
    s.origin.answer(variant=1, headers=FRESH)
    s.client.get(s.url)
    body = s.origin.body(1)
    for path in stored_files(s.cache_dir):
        data = path.read_bytes()
        if body in data:
            at = data.index(body) + int(len(body) * 0.9)
            path.write_bytes(data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :])
    s.clock.advance(10)
    with pytest.raises(FetchFailed):
        s.client.get(s.url)
    assert len(s.origin.seen) == 1


# ---------------------------------------------------------------- a full disk


def _on_full_disk(s: Scenario, body: Callable[[], T]) -> T:
    """``body()`` with the cache on a full disk (see ``faults.py``): a real tmpfs with no block
    free, or, for an in-process implementation where none can be mounted, a fake file system of
    half the body's size."""
    if isinstance(s.client, DownloadClient):
        with tiny_tmpfs(s.cache_dir):
            return body()
    return on_full_disk(s.cache_dir, body, size=len(s.origin.body(1)) // 2)


def _left_in(cache_dir: Path) -> list[str]:
    return [str(p.relative_to(cache_dir)) for p in stored_files(cache_dir)]


@pytest.mark.statement("robustness.http.full-disk")
def test_full_disk_download_succeeds_and_nothing_left_is_trusted(http_scenario: Scenario) -> None:
    """A write to the cache fails with ENOSPC midway: the download still succeeds, and what is
    left in the cache is never served in place of the origin's bytes."""
    s = http_scenario
    s.origin.answer(variant=1, headers=FRESH)

    def body() -> None:
        assert s.client.get(s.url) == s.origin.body(1)
        s.clock.advance(10)
        assert s.client.get(s.url) == s.origin.body(1), "a partial entry was served"
        assert s.origin.run(1), "an entry that could not be written was served"

    _on_full_disk(s, body)


@pytest.mark.statement("robustness.http.full-disk-no-litter")
def test_full_disk_leaves_no_files_behind(http_scenario: Scenario) -> None:
    """A write that failed for want of space leaves no file behind (no partial entry, no
    temporary file). Whether the download itself succeeds is ``robustness.http.full-disk``'s
    to judge: what is left is looked at either way."""
    s = http_scenario
    s.origin.answer(variant=1, headers=FRESH)

    def body() -> list[str]:
        with contextlib.suppress(FetchFailed):
            s.client.get(s.url)
        return _left_in(s.cache_dir)

    assert _on_full_disk(s, body) == []


@pytest.mark.statement("observed.http.full-disk-temp-files-left")
def test_pip_leaves_empty_temporary_files_on_a_full_disk(http_scenario: Scenario) -> None:
    """pip: the temporary files of the entry it could not write stay, empty."""
    s = http_scenario
    s.origin.answer(variant=1, headers=FRESH)

    def body() -> dict[str, int]:
        s.client.get(s.url)
        return {p.name: p.stat().st_size for p in stored_files(s.cache_dir)}

    left = _on_full_disk(s, body)
    assert left
    assert all(name.endswith(".tmp") and size == 0 for name, size in left.items())


# ---------------------------------------------------------------- a read-only cache directory


def _populated_read_only(
    s: Scenario, how: str | None = None
) -> contextlib.AbstractContextManager[str]:
    s.cache_dir.mkdir(parents=True, exist_ok=True)
    (s.cache_dir / "http-v2").mkdir(exist_ok=True)
    return read_only(s.cache_dir, how)


@pytest.mark.statement("robustness.http.read-only-still-downloads")
def test_read_only_cache_download_still_works(http_scenario: Scenario) -> None:
    """A cache directory that cannot be written: every download still works, from the origin."""
    s = http_scenario
    s.origin.answer(variant=1, headers=FRESH)
    with _populated_read_only(s):
        assert fetch_noting_warnings(s)[0] == s.origin.body(1)
        asked = len(s.origin.seen)
        s.clock.advance(10)
        assert fetch_noting_warnings(s)[0] == s.origin.body(1)
        assert len(s.origin.seen) > asked, "the second download did not come from the origin"
        assert [p for p in stored_files(s.cache_dir)] == []


def check_read_only_is_reported(s: Scenario, how: str) -> None:
    """What the implementation says names the cache directory. Whether the download still works
    is ``robustness.http.read-only-still-downloads``'s to judge: a failed one is looked at too,
    through its message (a served body must be the origin's)."""
    s.origin.answer(variant=1, headers=FRESH)
    with _populated_read_only(s, how):
        try:
            body, said = fetch_noting_warnings(s)
        except FetchFailed as failed:
            said = str(failed)
        else:
            assert body == s.origin.body(1)
    assert "Traceback" not in said
    assert str(s.cache_dir) in said, f"no warning naming the cache directory: {said!r}"


@pytest.mark.statement("robustness.http.read-only-warns")
def test_read_only_file_system_is_reported(http_scenario: Scenario) -> None:
    """The cache directory on a read-only file system (made as root) is worth a warning that
    names it."""
    check_read_only_is_reported(http_scenario, "bind-mount")


@pytest.mark.statement("robustness.http.read-only-warns")
def test_unwritable_cache_directory_is_reported(http_scenario: Scenario) -> None:
    """A cache directory without write permission (made as another user than root) is worth a
    warning that names it."""
    check_read_only_is_reported(http_scenario, "chmod")


@pytest.mark.statement("observed.http.read-only-silent")
def test_pip_as_root_is_silent_about_a_read_only_cache(http_scenario: Scenario) -> None:
    """pip as root, its cache on a read-only file system: the download works, nothing is said."""
    s = http_scenario
    s.origin.answer(variant=1, headers=FRESH)
    with _populated_read_only(s, "bind-mount"):
        body, said = fetch_noting_warnings(s)
    assert body == s.origin.body(1)
    assert said.strip() == ""
