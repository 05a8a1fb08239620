"""Locally built wheels: when a built wheel is cached, where, and which cached wheel is used.

Page section 'Locally built wheels' (and 'Avoiding caching'). Pure modules: :mod:`.links`
(classify a link), :mod:`.decision` (persistent / ephemeral / none), :mod:`.key` (the layout),
:mod:`.select` (which wheel); thin I/O: :mod:`.store`; the suite's facet: :mod:`.facet`.
"""

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
