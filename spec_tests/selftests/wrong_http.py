"""Deliberately wrong HTTP caches: the model's with one rule broken (factories for
``--impl=spec_tests.selftests.wrong_http:<factory>``; ``wrong.CATALOGUE`` says which statement
each must fail)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import requests

from model.http import cached_session
from model.http.adapter import CachingAdapter
from model.http.policy import Entry, Forward, Outcome, Serve, on_request
from model.http.store import FileStore
from spec_tests.adapters import model
from spec_tests.interface import BasicImplementation, HttpCache, Implementation

if TYPE_CHECKING:
    from collections.abc import Sequence

    from model.http.policy import Request, Response


class NeverRefreshesOn304(CachingAdapter):
    """Serves the stored bytes on a 304 but keeps the old headers: the timer never restarts."""

    def decide_response(self, entry: Entry | None, request: Request, answer: Response) -> Outcome:
        if answer.status == 304 and entry is not None:
            return Outcome(reply=entry.response)
        return super().decide_response(entry, request, answer)


class FreshForeverAfter304(CachingAdapter):
    """Serves the stored bytes on a 304 and keeps the entry fresh for good from then on."""

    def decide_response(self, entry: Entry | None, request: Request, answer: Response) -> Outcome:
        outcome = super().decide_response(entry, request, answer)
        if answer.status == 304 and outcome.store is not None:
            stored = outcome.store.response
            fields = tuple(f for f in stored.headers if f[0].lower() != "cache-control")
            forever = replace(stored, headers=(*fields, ("Cache-Control", "max-age=999999999")))
            return replace(outcome, store=replace(outcome.store, response=forever))
        return outcome


class IgnoresExpires(CachingAdapter):
    """Reads only max-age: a response with just Expires is stale at once."""

    def decide_request(self, entry: Entry | None, request: Request, now: float) -> Serve | Forward:
        if entry is not None:
            fields = tuple(f for f in entry.response.headers if f[0].lower() != "expires")
            entry = replace(entry, response=replace(entry.response, headers=fields))
        decision = on_request(entry, request, now)
        return decision


class SendsNoValidator(CachingAdapter):
    """Refreshes an expired entry with an unconditional request."""

    def decide_request(self, entry: Entry | None, request: Request, now: float) -> Serve | Forward:
        decision = super().decide_request(entry, request, now)
        return Forward(drop=decision.drop) if isinstance(decision, Forward) else decision


@dataclass(frozen=True)
class WrongHttp:
    adapter: type[CachingAdapter]

    def session(self, cache_dir: Path, *, trusted_hosts: Sequence[str] = ()) -> requests.Session:
        return cached_session(cache_dir, adapter=self.adapter, trusted_hosts=trusted_hosts)


class NeverServesFresh(CachingAdapter):
    """Stores responses but asks the origin every time, fresh or not."""

    def decide_request(self, entry: Entry | None, request: Request, now: float) -> Serve | Forward:
        decision = super().decide_request(entry, request, now)
        return Forward() if isinstance(decision, Serve) else decision


class KeepsOldOn200(CachingAdapter):
    """Hands out a new response that answered a revalidation but keeps the old one stored."""

    def decide_response(self, entry: Entry | None, request: Request, answer: Response) -> Outcome:
        if entry is not None and answer.status == 200:
            return Outcome(reply=answer)
        return super().decide_response(entry, request, answer)


class CachesEverything(CachingAdapter):
    """Stores every 200 and serves it for ever: the cache stands in for the network."""

    def decide_request(self, entry: Entry | None, request: Request, now: float) -> Serve | Forward:
        return Serve(entry) if entry is not None else Forward()

    def decide_response(self, entry: Entry | None, request: Request, answer: Response) -> Outcome:
        if answer.status == 200:
            return Outcome(reply=answer, store=Entry(answer))
        return super().decide_response(entry, request, answer)


@dataclass(frozen=True)
class OldDirectoryName:
    """Stores its entries under ``<cache>/http``, the name the page says is the old one."""

    def session(self, cache_dir: Path, *, trusted_hosts: Sequence[str] = ()) -> requests.Session:
        session = cached_session(cache_dir, trusted_hosts=trusted_hosts)
        session.mount("https://", CachingAdapter(FileStore(Path(cache_dir) / "http")))
        return session


def _with_http(name: str, http: HttpCache) -> Implementation:
    base = model.implementation()
    return BasicImplementation(
        name=name, version=base.version, pip_version=base.pip_version, http=http
    )


def never_refreshes_on_304() -> Implementation:
    return _with_http("wrong-never-refreshes-on-304", WrongHttp(NeverRefreshesOn304))


def fresh_forever_after_304() -> Implementation:
    return _with_http("wrong-fresh-forever-after-304", WrongHttp(FreshForeverAfter304))


def ignores_expires() -> Implementation:
    return _with_http("wrong-ignores-expires", WrongHttp(IgnoresExpires))


def sends_no_validator() -> Implementation:
    return _with_http("wrong-sends-no-validator", WrongHttp(SendsNoValidator))


def never_serves_fresh() -> Implementation:
    return _with_http("wrong-never-serves-fresh", WrongHttp(NeverServesFresh))


def keeps_old_on_200() -> Implementation:
    return _with_http("wrong-keeps-old-on-200", WrongHttp(KeepsOldOn200))


def caches_everything() -> Implementation:
    return _with_http("wrong-caches-everything", WrongHttp(CachesEverything))


def old_directory_name() -> Implementation:
    return _with_http("wrong-old-directory-name", OldDirectoryName())
