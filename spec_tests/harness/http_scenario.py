"""One HTTP scenario body for every implementation: an origin, a clock and a client.

A scenario says what the origin answers (:meth:`Origin.answer`), moves the clock
(:meth:`Clock.advance`), fetches through the client (:meth:`Client.get`, which returns the bytes
or raises :class:`FetchFailed`) and reads what the origin saw (``origin.seen``, with headers).

- In-process (the facet is a :class:`~spec_tests.interface.HttpCache`): ``responses`` is the
  origin, freezegun the clock, ``facet.session(cache_dir)`` the client.
- Out of process (an :class:`~spec_tests.interface.HttpDownloader`, i.e. real pip): an HTTPS
  loopback origin, the clock handed to each run, and ``pip download --no-deps`` as the client.

Fixtures (load this module as a pytest plugin, or import them): ``http_scenario`` (one fresh
scenario) and ``http_scenarios`` (a factory of fresh scenarios, for hypothesis).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import html
import re
import tempfile
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pytest
from packaging.utils import parse_wheel_filename

from spec_tests.harness.clock import START, Clock, FrozenClock, ManualClock
from spec_tests.harness.origin import HttpsOrigin, Origin, at_ip_address, mount_responses
from spec_tests.harness.wheel import wheel_bytes
from spec_tests.interface import HttpCache, HttpDownloader

if TYPE_CHECKING:
    import requests
    import responses

    from spec_tests.harness.tls import LocalCA

__all__ = [
    "Client",
    "FetchFailed",
    "Scenario",
    "ScenarioFactory",
    "fetched_body",
    "http_scenario",
    "http_scenarios",
    "https_origin",
    "in_process_scenarios",
    "scenarios_for",
    "subprocess_scenario",
]


class FetchFailed(AssertionError):
    """The client got no body: an error status, or a failed download (a failed expectation of
    the scenario, as an install that fails is: see ``workspace.InstallFailed``)."""


class Client(Protocol):
    def get(self, url: str, *, trusted: bool = False) -> bytes:
        """Fetch ``url`` (a file: the wheel) and return its bytes; ``trusted``: its host is a
        trusted host (pip's ``--trusted-host``)."""
        ...

    def get_index(self, index_url: str, project: str, *, refresh: bool = False) -> bytes:
        """Look ``project`` up in the simple index at ``index_url`` and fetch the newest release
        its page lists, as an installer does (pip up to 26.1 asks for index pages with
        ``Cache-Control: max-age=0``); return the bytes of that release's file. ``refresh``:
        ask that its page be fetched again (``--refresh-package project``)."""
        ...


@dataclass
class Scenario:
    origin: Origin
    clock: Clock
    client: Client
    cache_dir: Path
    #: "in-process" or "subprocess": for budgets only, never for what a test asserts
    kind: str
    #: a second origin, over plain http://
    plain: Origin

    @property
    def url(self) -> str:
        return self.origin.url


ScenarioFactory = Callable[[], AbstractContextManager[Scenario]]


def fetched_body(dest: Path) -> bytes | None:
    """What a download into ``dest`` fetched: the one file there, or, where the client installed
    the wheel instead (an installer without a download command), the body of the wheel whose
    files it installed (its version from the ``.dist-info`` directory; the variants of one version
    differ only in ``demo/__init__.py``). ``None``: neither."""
    files = sorted(dest.iterdir())
    if len(files) == 1 and files[0].is_file():
        return files[0].read_bytes()
    module = dest / "demo" / "__init__.py"
    infos = sorted(dest.glob("demo-*.dist-info"))
    if module.is_file() and len(infos) == 1:
        variant = module.read_text(encoding="utf-8").strip().removeprefix("VARIANT = ")
        version = infos[0].name.removeprefix("demo-").removesuffix(".dist-info")
        if variant.isdigit():
            return wheel_bytes(int(variant), version)
    return None


def newest_release(page: str, page_url: str) -> tuple[str, str | None]:
    """The URL of the newest wheel a simple-index page links to, and its ``#sha256=`` (if any)."""
    links = [urllib.parse.urljoin(page_url, html.unescape(h)) for h in _HREF.findall(page)]
    wheels = [u for u in links if u.split("#")[0].endswith(".whl")]
    if not wheels:
        raise FetchFailed(f"no wheel on {page_url}")
    newest = max(wheels, key=lambda u: parse_wheel_filename(_filename(u))[1])
    url, _, fragment = newest.partition("#")
    return url, fragment.removeprefix("sha256=") if fragment.startswith("sha256=") else None


_HREF = re.compile(r"""href=["']([^"']+)["']""")


def _filename(url: str) -> str:
    return urllib.parse.urlsplit(url).path.rsplit("/", 1)[-1]


def _new_run(origins: Sequence[Origin]) -> None:
    for origin in origins:
        origin.new_run()


@dataclass
class SessionClient:
    facet: HttpCache
    cache_dir: Path
    origins: Sequence[Origin] = ()
    #: called after every fetch: drops what the transport double kept of it (``responses``
    #: keeps every response it made, with the implementation's objects attached)
    forget: Callable[[], None] = lambda: None

    @functools.cached_property
    def session(self) -> requests.Session:
        return self.facet.session(self.cache_dir)

    def get(self, url: str, *, trusted: bool = False) -> bytes:
        _new_run(self.origins)
        if trusted:
            host = urllib.parse.urlsplit(url).hostname or ""
            session = self.facet.session(self.cache_dir, trusted_hosts=[host])
        else:
            session = self.session
        return self._fetch(session, url, {})

    def get_index(self, index_url: str, project: str, *, refresh: bool = False) -> bytes:
        # The in-process facet is only the cache: the client is the installer, asking as pip
        # 24.2 asks for index pages, always with max-age=0 (so a refresh asks the same way),
        # then fetching the newest release and checking its hash.
        _new_run(self.origins)
        page_url = f"{index_url}/{project}/"
        headers = {"Cache-Control": "max-age=0", "Accept": "text/html"}
        page = self._fetch(self.session, page_url, headers).decode()
        url, digest = newest_release(page, page_url)
        body = self._fetch(self.session, url, {})
        if digest is not None and hashlib.sha256(body).hexdigest() != digest:
            raise FetchFailed(f"{url}: hash mismatch")
        return body

    def _fetch(self, session: requests.Session, url: str, headers: dict[str, str]) -> bytes:
        try:
            with session.get(url, headers=headers, timeout=10) as response:
                if response.status_code >= 400:
                    raise FetchFailed(f"HTTP {response.status_code}")
                return response.content
        finally:
            self.forget()


@dataclass
class DownloadClient:
    facet: HttpDownloader
    cache_dir: Path
    ca_cert: Path
    clock: Clock
    workdir: Path
    origins: Sequence[Origin] = ()

    def get(self, url: str, *, trusted: bool = False) -> bytes:
        hosts = [urllib.parse.urlsplit(url).hostname or ""] if trusted else []
        return self._download(url, trusted_hosts=hosts)

    def get_index(self, index_url: str, project: str, *, refresh: bool = False) -> bytes:
        return self._download(project, index_url=index_url, refresh=[project] if refresh else [])

    def _download(
        self,
        target: str,
        index_url: str | None = None,
        trusted_hosts: Sequence[str] = (),
        refresh: Sequence[str] = (),
    ) -> bytes:
        from spec_tests.harness.cleanenv import clean_env

        dest = Path(tempfile.mkdtemp(prefix="dl-", dir=self.workdir))
        _new_run(self.origins)
        result = self.facet.download(
            target,
            index_url=index_url,
            trusted_hosts=trusted_hosts,
            refresh=refresh,
            cache_dir=self.cache_dir,
            dest=dest,
            ca_cert=self.ca_cert,
            at=self.clock.now(),
            env=clean_env(),
        )
        body = fetched_body(dest)
        if not result.ok or body is None:
            raise FetchFailed(f"exit {result.exit_code}: {result.stderr.strip()[-400:]}")
        return body


def _forgetting(mock: responses.RequestsMock) -> Callable[[], None]:
    """What drops every response ``mock`` keeps (its own log, and each route's)."""

    def forget() -> None:
        mock.calls.reset()
        for route in mock.registered():
            route.calls.reset()

    return forget


@contextlib.contextmanager
def in_process_scenarios(facet: HttpCache) -> Iterator[ScenarioFactory]:
    """Fresh in-process scenarios under one freezegun freeze (starting one costs ~30 ms)."""
    import freezegun
    import responses

    with freezegun.freeze_time(
        datetime.fromtimestamp(START, UTC), ignore=["_pytest", "pluggy", "hypothesis"]
    ) as frozen:

        @contextlib.contextmanager
        def scenario() -> Iterator[Scenario]:
            frozen.move_to(datetime.fromtimestamp(START, UTC))
            with (
                tempfile.TemporaryDirectory(prefix="http-scenario-") as tmp,
                responses.RequestsMock(assert_all_requests_are_fired=False) as mock,
            ):
                clock = FrozenClock(frozen=frozen)
                origin = Origin("https://origin.test", clock)
                plain = Origin("http://origin.test", clock)
                mount_responses(mock, origin)
                mount_responses(mock, origin, at_ip_address(origin.base_url))
                mount_responses(mock, plain)
                cache_dir = Path(tmp) / "cache"
                client = SessionClient(facet, cache_dir, (origin, plain), forget=_forgetting(mock))
                yield Scenario(origin, clock, client, cache_dir, "in-process", plain)

        yield scenario


@contextlib.contextmanager
def subprocess_scenario(facet: HttpDownloader, server: HttpsOrigin) -> Iterator[Scenario]:
    with tempfile.TemporaryDirectory(prefix="http-scenario-") as tmp:
        clock = ManualClock()
        origin = Origin(server.base_url, clock)
        plain = Origin(server.plain_base_url, clock)
        server.origin, server.plain_origin = origin, plain
        cache_dir = Path(tmp) / "cache"
        client = DownloadClient(facet, cache_dir, server.ca_cert, clock, Path(tmp), (origin, plain))
        try:
            yield Scenario(origin, clock, client, cache_dir, "subprocess", plain)
        finally:
            server.origin = server.plain_origin = None


@pytest.fixture(scope="session")
def https_origin(local_ca: LocalCA) -> Iterator[HttpsOrigin]:
    server = HttpsOrigin(local_ca)
    yield server
    server.stop()


@contextlib.contextmanager
def scenarios_for(http: object, server: Callable[[], HttpsOrigin]) -> Iterator[ScenarioFactory]:
    """Fresh scenarios for an ``http`` facet: in-process, or by subprocess against the HTTPS
    origin ``server()`` gives (asked for only then)."""
    if isinstance(http, HttpCache):
        with in_process_scenarios(http) as factory:
            yield factory
        return
    if isinstance(http, HttpDownloader):
        origin = server()
        yield lambda: subprocess_scenario(http, origin)
        return
    raise TypeError(f"{http!r} is neither an HttpCache nor an HttpDownloader")


@pytest.fixture
def http_scenarios(http: object, request: pytest.FixtureRequest) -> Iterator[ScenarioFactory]:
    """Fresh scenarios for the implementation's ``http`` facet (in-process or subprocess)."""
    with scenarios_for(http, lambda: request.getfixturevalue("https_origin")) as factory:
        yield factory


@pytest.fixture
def http_scenario(http_scenarios: ScenarioFactory) -> Iterator[Scenario]:
    with http_scenarios() as scenario:
        yield scenario
