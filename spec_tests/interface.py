"""The implementation interface: what an implementation of pip's caching offers the suite.

Read this module first if you want to check your own installer or cache against the page.

An implementation is one object (see :class:`Implementation`) that names itself, says its version,
and hands out *facets*: one per part of the page. A facet it does not offer is ``None``; every test
of that facet is then skipped with the reason ``"<impl> does not provide <facet>"``.

Facets, and the page section each one answers to:

================  =============================================  ==============================
facet             protocol                                       page section
================  =============================================  ==============================
``locations``     :class:`Locations`                             Where is the cache stored
``http``          :class:`HttpCache` or :class:`HttpDownloader`  What is cached / HTTP responses
``wheels``        :class:`WheelCache`                            Locally built wheels
``commands``      :class:`CacheCommands`                         Cache management
``installer``     :class:`Installer`                             all of them, black-box
================  =============================================  ==============================

Everything here is a ``typing.Protocol``: implement the methods, no base class needed.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from packaging.version import Version

if TYPE_CHECKING:
    import requests

__all__ = [
    "FACETS",
    "BasicImplementation",
    "CacheCommands",
    "CommandNotProvided",
    "CommandResult",
    "Facet",
    "HttpCache",
    "HttpDownloader",
    "Implementation",
    "Installer",
    "Locations",
    "Platform",
    "PlatformNotEmulated",
    "WheelCache",
]


class Facet(enum.StrEnum):
    """The parts of the page an implementation may provide."""

    LOCATIONS = "locations"
    HTTP = "http"
    WHEELS = "wheels"
    COMMANDS = "commands"
    INSTALLER = "installer"


FACETS: tuple[Facet, ...] = tuple(Facet)


class Platform(enum.StrEnum):
    """The three tabs of the page's 'Default paths'."""

    LINUX = "linux"
    MACOS = "macos"
    WINDOWS = "windows"


class PlatformNotEmulated(Exception):
    """Raised by :meth:`Locations.default_cache_dir` when it cannot answer for a platform.

    The suite skips such a case with the exception's message as the reason; it never answers it
    with another implementation's code.
    """


class CommandNotProvided(Exception):
    """Raised by a facet for a pip command it has no equivalent of (another tool's adapter), or
    that it cannot honour as the test set it up (``why``: e.g. the test seeded pip's cache layout
    and the tool keeps its own).

    The argument is the command's short name (``"pip-download"``); the suite skips the test with
    the reason ``"[<why>: ]<impl> does not provide <name>"``, which the report shows as "not
    provided": an unchecked statement, never a pass.
    """

    def __init__(self, name: str, why: str = "") -> None:
        super().__init__(name)
        self.name = name
        self.why = why

    def skip_reason(self, implementation: str) -> str:
        said = f"{implementation} does not provide {self.name}"
        return f"{self.why}: {said}" if self.why else said


@dataclass(frozen=True)
class CommandResult:
    """What a command-line run left behind: its exit code and both output streams."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.exit_code == 0


@runtime_checkable
class Locations(Protocol):
    """Where the cache lives.

    Page: "You can use pip cache dir to get the cache directory that pip is currently configured to
    use." and the 'Default paths' tabs.

    Optional: ``app_name``, the tool's own directory under the platform's cache root where it is
    not ``pip`` (uv: ``~/.cache/uv``); the tests check the rules with that name. The same attribute
    on a :class:`CacheCommands` facet serves ``cache dir``.
    """

    def default_cache_dir(self, platform: Platform, env: Mapping[str, str], cwd: Path) -> str:
        """The cache directory used when nothing configures one, as an absolute path.

        ``env`` is the whole process environment (``HOME``, ``XDG_CACHE_HOME``, ``LOCALAPPDATA``
        ...); ``cwd`` is the working directory, against which a relative answer is resolved.
        Raises :class:`PlatformNotEmulated` when the implementation cannot answer for ``platform``
        on this machine.
        """
        ...

    def effective_cache_dir(
        self, args: Sequence[str], env: Mapping[str, str], cwd: Path, command: str = "install"
    ) -> str | None:
        """The cache directory ``pip <command> <args>`` would use with ``env`` on the running
        platform (``args``: options such as ``--cache-dir X`` or ``--no-cache-dir``); ``None``
        when caching is disabled.

        ``env`` may name a configuration file by ``PIP_CONFIG_FILE``; its ``[<command>]``
        section applies besides ``[global]``. Raises ``ValueError`` for a configuration the
        implementation rejects (pip exits with a usage error there).
        """
        ...


@runtime_checkable
class HttpCache(Protocol):
    """The HTTP response cache, in-process: a ``requests.Session`` that caches like pip's.

    Page: "This cache functions like a web browser cache." The suite drives the session with
    ``responses`` as the origin and freezegun as the clock: the implementation must read the time
    from ``time.time()`` (or ``datetime``) when it decides, and send its requests through
    ``requests``' ``HTTPAdapter.send`` (subclassing it, as pip's cache adapter does, is fine).
    The HTTP facet may instead be an :class:`HttpDownloader`; the suite accepts either.
    """

    def session(self, cache_dir: Path, *, trusted_hosts: Sequence[str] = ()) -> requests.Session:
        """A session whose GETs go through a cache kept under ``cache_dir`` (the cache directory
        as a whole: the implementation picks its subdirectory, e.g. ``http-v2``).

        As in pip, ``https://`` URLs are cached; a plain ``http://`` URL is cached only when its
        host is one of ``trusted_hosts`` (pip's ``--trusted-host``)."""
        ...


@runtime_checkable
class HttpDownloader(Protocol):
    """The HTTP response cache, out of process: one download, as a user runs it.

    For implementations that cannot run in the suite's process (real pip). The suite serves the
    URL from an HTTPS origin at ``https://localhost:PORT`` and tells the time by ``at``.
    """

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
        """Download ``target`` into the directory ``dest`` (an installer without a download
        command may install it into ``dest`` instead: see ``http_scenario.fetched_body``) using
        the cache under ``cache_dir``, with the clock reading the POSIX time ``at`` (frozen),
        trusting the CA in ``ca_cert``, in the complete environment ``env`` (already stripped of
        the machine's pip configuration).

        ``target`` is a URL; with ``index_url`` it is a project name, found through that simple
        index (whose pages the implementation fetches as it would for any index).
        ``trusted_hosts`` are hosts whose plain ``http://`` URLs are allowed (``--trusted-host``).
        ``refresh`` names projects whose index pages are to be asked for again even when the
        stored ones are fresh (pip's and uv's ``--refresh-package``, pip 26.2 and later).
        """
        ...


@runtime_checkable
class WheelCache(Protocol):
    """The locally built wheel cache at the API level (page: 'Locally built wheels').

    The methods take the link a wheel was built from, as a user writes it: an index or direct URL
    (``https://host/files/pkg-1.0.tar.gz``), an absolute path (a source directory or an sdist
    file), or a named requirement ``name @ <url>`` (``pkg @ git+file://localhost/repo@<commit>``),
    so that the implementation applies its own keying. Paths must exist where the implementation
    looks at them (a VCS link's repository too: the decision may ask the checkout).
    """

    def cache_decision(self, link: str, *, editable: bool = False) -> str:
        """Where a wheel built from ``link`` goes: ``"persistent"`` (kept for later runs),
        ``"ephemeral"`` (this run only) or ``"none"`` (nothing is built: ``link`` is a wheel)."""
        ...

    def store(self, cache_dir: Path, link: str, wheel: Path) -> Path:
        """Put a built wheel into the persistent cache for ``link``; return where it landed."""
        ...

    def lookup(self, cache_dir: Path, link: str, name: str | None) -> Path | None:
        """The cached wheel a later run would use for project ``name`` built from ``link``, if
        any. ``name=None``: the requirement is unnamed (a bare path), its name not yet known."""
        ...


@runtime_checkable
class CacheCommands(Protocol):
    """``pip cache dir|info|list|remove|purge`` (page: 'Cache management').

    Optional: ``layout``, the cache layout the commands manage (default ``"pip"``: ``wheels/``,
    ``http-v2/``, ``http/``). Tests marked ``pip_layout`` seed pip's layout and check what a
    command selects, lists or counts in it; for a facet whose ``layout`` is another tool's they
    are skipped as not provided (``pip-cache-layout``): unchecked, never passed.
    """

    def run_cache(self, args: Sequence[str], *, env: Mapping[str, str], cwd: Path) -> CommandResult:
        """Run ``pip cache <args>`` to completion.

        ``args`` are in pip's words and carry the options too (``["dir", "--cache-dir", D]``,
        ``["list", "setuptools", "--format=abspath", "--no-cache-dir"]``); without a
        ``--cache-dir`` the directory comes from ``env`` (``PIP_CACHE_DIR``, ``HOME``, ...), the
        complete environment of the run (the suite has removed the machine's pip configuration).
        """
        ...


@runtime_checkable
class Installer(Protocol):
    """A black-box installer driven by its command line, as a user drives it.

    ``argv`` is spoken in pip's words (``["install", "--target", "t", "pkg==1.0"]``,
    ``["download", "--no-deps", "-d", "d", URL]``); an adapter for another tool translates, and
    raises :class:`CommandNotProvided` for a command its tool has no equivalent of.

    Optional: ``built_wheels(cache_dir) -> list[Path]``, the locally built wheels the cache holds,
    for a tool whose layout is not pip's ``<cache>/wheels``.

    Optional: ``run_killed(argv, *, cache_dir, env, cwd, step) -> CommandResult``, for an
    implementation with deterministic kill points: run the command in a real process that is
    killed with ``SIGKILL`` on reaching its ``step``-th write step (1, 2, ...) to the cache; the
    result's exit code is -9 when it was killed there, its own when it finished first. The
    crash-safety test visits every step with it.
    """

    def run(
        self,
        argv: Sequence[str],
        *,
        cache_dir: Path | None,
        env: Mapping[str, str],
        cwd: Path,
    ) -> CommandResult:
        """Run one command to completion (``cache_dir=None``: caching disabled)."""
        ...


@runtime_checkable
class Implementation(Protocol):
    """One implementation under test.

    ``pip_version`` is the pip release whose behaviour the implementation claims; version gates
    (a statement's ``since``) compare against it. ``None`` means "the page's own version".
    A facet attribute that is ``None`` is not provided.
    """

    name: str
    version: Version
    pip_version: Version | None
    locations: Locations | None
    http: HttpCache | HttpDownloader | None
    wheels: WheelCache | None
    commands: CacheCommands | None
    installer: Installer | None


@dataclass
class BasicImplementation:
    """A ready :class:`Implementation`: fill in the facets you provide, leave the rest ``None``.

    ``is_subprocess`` tells the suite that each call starts a process (it then runs fewer
    hypothesis examples). ``not_provided`` maps statement ids that are pip's by nature (a
    directory name of pip's cache, pip's command output) to why the implementation has no
    equivalent: their tests are skipped as "not provided" (optional: the suite reads it with
    ``getattr``).
    """

    name: str
    version: Version
    pip_version: Version | None = None
    locations: Locations | None = None
    http: HttpCache | HttpDownloader | None = None
    wheels: WheelCache | None = None
    commands: CacheCommands | None = None
    installer: Installer | None = None
    is_subprocess: bool = False
    not_provided: Mapping[str, str] = field(default_factory=dict)

    def provided(self) -> list[Facet]:
        return [f for f in FACETS if getattr(self, f.value) is not None]
