"""The model's ``WheelCache`` facet (spec_tests.interface.WheelCache) over the pure modules."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from packaging import tags
from packaging.utils import canonicalize_name

from model.wheels.decision import decide
from model.wheels.links import ParsedLink, absolute, parse_link
from model.wheels.store import find_wheel, store_wheel

__all__ = ["ModelWheelCache", "python_tag"]


def python_tag() -> str:
    """The running interpreter's tag (``cp311``), part of every wheel-cache key."""
    return tags.interpreter_name() + tags.interpreter_version()


@dataclass(frozen=True)
class ModelWheelCache:
    """Links may be URLs, paths (made absolute against ``cwd``) or ``name @ url``."""

    cwd: Path = field(default_factory=Path.cwd)

    def _parse(self, link: str) -> ParsedLink:
        return absolute(parse_link(link), str(self.cwd))

    def cache_decision(self, link: str, *, editable: bool = False) -> str:
        return decide(self._parse(link), editable=editable).value

    def store(self, cache_dir: Path, link: str, wheel: Path) -> Path:
        return store_wheel(cache_dir, self._parse(link), wheel, python_tag())

    def lookup(self, cache_dir: Path, link: str, name: str | None) -> Path | None:
        parsed = self._parse(link)
        if name is not None:
            parsed = replace(parsed, name=canonicalize_name(name))
        return find_wheel(cache_dir, parsed, list(tags.sys_tags()), python_tag())
