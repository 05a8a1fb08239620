"""A third, independent implementation of the HTTP facet: CacheControl's own adapter and file cache.

pip's page says of its HTTP cache: "This cache functions like a web browser cache." CacheControl
(https://pypi.org/project/CacheControl/) is a browser-style cache for ``requests``; this module
offers it to the suite as an implementation of the HTTP facet only, so that the page's HTTP
statements can be checked against code that is neither pip nor the model::

    pytest --impl=examples.cachecontrol_impl:factory

Every other facet is ``None``: its tests are skipped as "cachecontrol does not provide <facet>".
No pip version is claimed (``pip_version = None``: the page's own, 24.2), so no version gate
applies; the responses are stored under ``<cache_dir>/http-v2`` as the page says since 23.3.
"""

from __future__ import annotations

from importlib.metadata import version
from typing import TYPE_CHECKING

import requests
from cachecontrol import CacheControlAdapter
from cachecontrol.caches import FileCache
from packaging.version import Version

from spec_tests.interface import BasicImplementation, Implementation

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["CacheControlHttp", "factory"]


class CacheControlHttp:
    """The HttpCache facet: a requests session whose transport is a ``CacheControlAdapter``
    storing responses in a ``FileCache`` under ``cache_dir / http_dir_name``."""

    http_dir_name = "http-v2"

    def session(self, cache_dir: Path) -> requests.Session:
        cache = FileCache(cache_dir / self.http_dir_name)
        adapter = CacheControlAdapter(cache=cache)
        session = requests.Session()
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        return session


def factory() -> Implementation:
    """The implementation the suite loads for ``--impl=examples.cachecontrol_impl:factory``."""
    return BasicImplementation(
        name="cachecontrol",
        version=Version(version("cachecontrol")),
        pip_version=None,
        http=CacheControlHttp(),
    )
