"""The HTTP response cache (page: "What is cached / HTTP responses").

- :mod:`model.http.headers`: reading ``Cache-Control``, dates and header lists (pure).
- :mod:`model.http.policy`: the decisions: fresh or not, conditional headers, 304, 200, storable.
- :mod:`model.http.store`: entries on disk under ``<cache>/http-v2``, atomic, corruption = miss.
- :mod:`model.http.adapter`: a ``requests`` transport adapter that applies the policy.
"""

from model.http.adapter import CachingAdapter, cached_session
from model.http.facet import ModelHttpCache
from model.http.store import HTTP_DIR_NAME, FileStore

__all__ = ["HTTP_DIR_NAME", "CachingAdapter", "FileStore", "ModelHttpCache", "cached_session"]
