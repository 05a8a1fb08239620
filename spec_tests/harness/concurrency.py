"""Two real processes on one cache directory at once: fetchers and purgers, many rounds, bounded.

Every worker is (or starts) a real process, never a thread acting on the cache:

- an in-process implementation's facet (``HttpCache`` session, ``CacheCommands``) is pickled into
  a process of its own (``multiprocessing``, spawn), which loops until its deadline;
- a subprocess implementation (real pip) is driven from a thread of the suite, each call being one
  pip process (``pip download``, ``pip cache purge``), a few rounds each.

Fetchers fetch from a loopback HTTPS origin (``origin.HttpsOrigin``) whose answer the suite
changes while they run (:class:`Flipper`), so that they store new entries and read stored ones
concurrently. A worker reports what it saw as :class:`Round` records: the SHA-256 of each body
served, or the error.

Where two processes' steps must meet in one order for a race to show, the suite arranges that
order instead of hoping for it (:func:`purge_while_renamed`): no sleep, no luck.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import tempfile
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from spec_tests.harness.cleanenv import clean_env
from spec_tests.harness.http_scenario import fetched_body
from spec_tests.harness.origin import WHEEL_PATH
from spec_tests.interface import HttpCache, HttpDownloader

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

    from spec_tests.harness.origin import Origin
    from spec_tests.interface import CacheCommands, CommandResult

__all__ = [
    "Flipper",
    "Round",
    "fetch_rounds",
    "purge_rounds",
    "purge_while_renamed",
    "run_together",
]


@dataclass(frozen=True)
class Round:
    """One call of a worker: ``ok``, and the body's digest (fetch) or the output (command)."""

    ok: bool
    detail: str


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch_rounds(
    http: HttpCache | HttpDownloader, cache_dir: Path, url: str, ca_cert: Path, at: float,
    seconds: float, max_rounds: int,
) -> list[Round]:  # fmt: skip
    """Fetch ``url`` again and again through the cache, until ``seconds`` pass or ``max_rounds``."""
    out: list[Round] = []
    deadline = time.monotonic() + seconds
    session = http.session(cache_dir) if isinstance(http, HttpCache) else None
    while len(out) < max_rounds and (not out or time.monotonic() < deadline):
        if session is not None:
            try:
                response = session.get(url, timeout=30, verify=str(ca_cert))
            except Exception as exc:  # a crash of the implementation is a finding, not ours
                out.append(Round(False, f"{type(exc).__name__}: {exc}"))
                continue
            good = response.status_code == 200
            out.append(
                Round(good, _digest(response.content) if good else str(response.status_code))
            )
            continue
        assert isinstance(http, HttpDownloader)
        with tempfile.TemporaryDirectory(prefix="dl-") as dest:
            result = http.download(url, cache_dir=cache_dir, dest=Path(dest), ca_cert=ca_cert,
                                   at=at, env=clean_env())  # fmt: skip
            body = fetched_body(Path(dest))
            if result.ok and body is not None:
                out.append(Round(True, _digest(body)))
            else:
                out.append(Round(False, f"exit {result.exit_code}: {result.stderr[-800:]}"))
    return out


def purge_rounds(
    commands: CacheCommands, cache_dir: Path, seconds: float, max_rounds: int
) -> list[Round]:
    """``cache purge`` again and again, until ``seconds`` pass or ``max_rounds``.

    A round is ok unless it crashed: a traceback, or an exit code other than 0 and 1 (pip up to
    21.2 exits 1, 'ERROR: No matching packages', when there is nothing to purge)."""
    out: list[Round] = []
    deadline = time.monotonic() + seconds
    while len(out) < max_rounds and (not out or time.monotonic() < deadline):
        result = commands.run_cache(
            ["purge", "--cache-dir", str(cache_dir)], env=clean_env(), cwd=cache_dir.parent
        )
        said = result.stdout + result.stderr
        out.append(Round(result.exit_code in (0, 1) and "Traceback" not in said, said[-800:]))
    return out


def run_together(jobs: list[Callable[[], list[Round]]], *, in_processes: bool) -> list[list[Round]]:
    """Start every job at once and wait for all: each in a spawned process (``in_processes``),
    or each in a thread (its calls start processes of their own)."""
    if in_processes:
        context = multiprocessing.get_context("spawn")
        with context.Pool(len(jobs)) as pool:
            pending = [pool.apply_async(_call, (job,)) for job in jobs]
            return [p.get(timeout=120) for p in pending]
    with ThreadPoolExecutor(len(jobs)) as pool:
        futures: list[Future[list[Round]]] = [pool.submit(job) for job in jobs]
        return [f.result(timeout=600) for f in futures]


def _call(job: Callable[[], list[Round]]) -> list[Round]:
    return job()


class Flipper:
    """While running, changes the origin's answer for the wheel every ``period`` seconds: variant
    1, 2, 3, 1, ... each with its own ``ETag`` (so every fetch revalidates; a changed answer is a
    new entry to store, an unchanged one a 304 to serve from the cache)."""

    VARIANTS = (1, 2, 3)

    def __init__(self, origin: Origin, period: float) -> None:
        self.origin, self.period = origin, period
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._set(1)

    def _set(self, variant: int) -> None:
        self.origin.answer(path=WHEEL_PATH, variant=variant, headers={"ETag": f'"v{variant}"'})

    def _run(self) -> None:
        n = 0
        while not self._stop.wait(self.period):
            n += 1
            self._set(self.VARIANTS[n % len(self.VARIANTS)])

    def __enter__(self) -> Flipper:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def digests(self) -> set[str]:
        """The digests of every body the origin may have sent."""
        return {_digest(self.origin.body(v)) for v in self.VARIANTS}


# ---------------------------------------------------------------- a rename between two steps

#: how long the suite waits for a held command's first deletion (it starts in well under that)
HOLD_SECONDS = 60.0


def purge_while_renamed(
    commands: CacheCommands, cache_dir: Path, renames: Mapping[Path, Path], *, in_process: bool
) -> CommandResult | None:
    """``cache purge`` of ``cache_dir``, with each temporary file of ``renames`` renamed into
    place (as a concurrent HTTP cache write ends) after the command has listed the cache and
    deleted its first file, before it deletes another.

    Arranged, not timed. In-process, the files are renamed when the command first calls
    ``os.unlink`` or ``os.remove``. Out of process, the command logs to a FIFO the suite has
    filled (``--log``, pip's option): its first log line, written after its first deletion,
    waits until the suite has seen that deletion, renamed the files and drained the FIFO.
    ``None``: the command could not be held there (nothing renamed: it had deleted the files
    first, finished, or deleted nothing before it wrote to its log)."""
    argv = ["purge", "--cache-dir", str(cache_dir)]
    if in_process:
        with _renamed_at_first_unlink(renames) as renamed:
            result = commands.run_cache(argv, env=clean_env(), cwd=cache_dir.parent)
        return result if renamed else None
    fifo = cache_dir.parent / "purge-log.fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    try:
        _fill(writer)
        files = [p for p in cache_dir.rglob("*") if p.is_file()]
        with ThreadPoolExecutor(1) as pool:
            running = pool.submit(
                commands.run_cache, [*argv, "--log", str(fifo)], env=clean_env(), cwd=fifo.parent
            )
            deadline, deleted = time.monotonic() + HOLD_SECONDS, False
            while not deleted and not running.done() and time.monotonic() < deadline:
                deleted = not all(p.exists() for p in files)
                os.sched_yield()  # starting, or listing: wait for its first deletion
            renamed = _rename(renames) if deleted and not running.done() else []
            os.close(writer)
            writer = -1
            os.set_blocking(reader, True)
            while os.read(reader, 1 << 16):  # drained to the end: the command goes on
                pass
            result = running.result(timeout=HOLD_SECONDS)
    finally:
        for fd in (reader, writer):
            if fd >= 0:
                os.close(fd)
    return result if renamed else None


def _fill(fd: int) -> None:
    """Write to the (non-blocking) pipe ``fd`` until it is full."""
    chunk = b"\0" * 4096
    while True:
        try:
            os.write(fd, chunk)
        except BlockingIOError:
            try:  # the last bytes of a pipe with less than a chunk free
                while os.write(fd, b"\0"):
                    pass
            except BlockingIOError:
                return


def _rename(renames: Mapping[Path, Path]) -> list[Path]:
    """Rename each file still there; the files renamed."""
    done = []
    for src, dst in renames.items():
        try:
            os.replace(src, dst)
        except FileNotFoundError:
            continue
        done.append(src)
    return done


@contextlib.contextmanager
def _renamed_at_first_unlink(renames: Mapping[Path, Path]) -> Iterator[list[Path]]:
    """While open, the first ``os.unlink``/``os.remove`` of this process renames ``renames``
    first; yields the files renamed (filled in then)."""
    renamed: list[Path] = []
    real = {"unlink": os.unlink, "remove": os.remove}

    def wrapped(name: str) -> Callable[..., None]:
        def call(path: object, *args: object, **kwargs: object) -> None:
            if not fired:
                fired.append(True)
                renamed.extend(_rename(renames))
            real[name](path, *args, **kwargs)

        return call

    fired: list[bool] = []
    os.unlink, os.remove = wrapped("unlink"), wrapped("remove")  # type: ignore[assignment]
    try:
        yield renamed
    finally:
        os.unlink, os.remove = real["unlink"], real["remove"]  # type: ignore[assignment]
