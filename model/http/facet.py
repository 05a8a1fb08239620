"""The model's ``http`` facet for the conformance suite (see ``spec_tests.interface.HttpCache``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from model.http.adapter import cached_session
from model.http.store import HTTP_DIR_NAME

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    import requests

__all__ = ["ModelHttpCache"]


@dataclass(frozen=True)
class ModelHttpCache:
    """Page: "A new cache format is now used, stored in a directory called http-v2"."""

    http_dir_name: str = HTTP_DIR_NAME

    def session(self, cache_dir: Path, *, trusted_hosts: Sequence[str] = ()) -> requests.Session:
        return cached_session(cache_dir, trusted_hosts=trusted_hosts)
