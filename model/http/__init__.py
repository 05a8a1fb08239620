"""The HTTP response cache (page: "What is cached / HTTP responses").

- :mod:`model.http.headers`: reading ``Cache-Control``, dates and header lists (pure).
- :mod:`model.http.policy`: the decisions: fresh or not, conditional headers, 304, 200, storable.
- :mod:`model.http.store`: entries on disk under ``<cache>/http-v2``, atomic, corruption = miss.
- :mod:`model.http.adapter`: a ``requests`` transport adapter that applies the policy.

The names below are imported on first use: the pure modules never pay for ``requests``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from model.http.adapter import CachingAdapter, cached_session
    from model.http.facet import ModelHttpCache
    from model.http.store import HTTP_DIR_NAME, FileStore

__all__ = ["HTTP_DIR_NAME", "CachingAdapter", "FileStore", "ModelHttpCache", "cached_session"]

_HOMES = {
    "HTTP_DIR_NAME": "model.http.store",
    "FileStore": "model.http.store",
    "CachingAdapter": "model.http.adapter",
    "cached_session": "model.http.adapter",
    "ModelHttpCache": "model.http.facet",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'model.http' has no attribute {name!r}")
