"""Locally built wheels: when a built wheel is cached, where, and which cached wheel is used.

Page section 'Locally built wheels' (and 'Avoiding caching'). Pure modules: :mod:`.links`
(classify a link), :mod:`.decision` (persistent / ephemeral / none), :mod:`.key` (the layout),
:mod:`.select` (which wheel); thin I/O: :mod:`.store`; the suite's facet: :mod:`.facet`.

The names below are imported on first use, so that importing one pure module (say
:mod:`.decision`) does not import the others and ``packaging.tags``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from model.wheels.decision import CacheDecision, cache_decision, decide
    from model.wheels.facet import ModelWheelCache
    from model.wheels.key import cache_key, wheel_dir
    from model.wheels.links import LinkKind, ParsedLink, parse_link
    from model.wheels.select import choose_wheel
    from model.wheels.store import find_wheel, store_wheel

__all__ = [
    "CacheDecision",
    "LinkKind",
    "ModelWheelCache",
    "ParsedLink",
    "cache_decision",
    "cache_key",
    "choose_wheel",
    "decide",
    "find_wheel",
    "parse_link",
    "store_wheel",
    "wheel_dir",
]

_HOMES = {
    "CacheDecision": "decision",
    "cache_decision": "decision",
    "decide": "decision",
    "ModelWheelCache": "facet",
    "cache_key": "key",
    "wheel_dir": "key",
    "LinkKind": "links",
    "ParsedLink": "links",
    "parse_link": "links",
    "choose_wheel": "select",
    "find_wheel": "store",
    "store_wheel": "store",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(f"model.wheels.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'model.wheels' has no attribute {name!r}")
