"""The ``WheelCache`` facet of real pip: pip's own wheel-cache code, in a process of its own.

Every call runs ``probe_wheels.py`` with the interpreter of the pip under test, which imports that
pip and asks ``pip._internal.wheel_builder._should_cache`` and ``pip._internal.cache.WheelCache``
(adapting to their changes from pip 20.1 on). Relative paths in links are made absolute here,
against the facet's working directory; nothing of pip's logic is re-implemented.
"""

from __future__ import annotations

import os
from pathlib import Path

from spec_tests.adapters.pip._run import run_json
from spec_tests.harness.cleanenv import clean_env

__all__ = ["PipWheelCache"]

PROBE = Path(__file__).with_name("probe_wheels.py")


class PipWheelCache:
    def __init__(self, python: str) -> None:
        self.python = python

    def _ask(self, *args: str) -> dict[str, object]:
        cwd = Path.cwd()
        return run_json(self.python, PROBE, list(args), env=clean_env(), cwd=cwd)

    @staticmethod
    def _absolute(link: str) -> str:
        name, at, target = link.partition(" @ ")
        if not at:
            target = link
        if "://" not in target and not target.startswith(("git+", "hg+", "svn+", "bzr+")):
            target = os.path.abspath(target)
        return f"{name} @ {target}" if at else target

    def cache_decision(self, link: str, *, editable: bool = False) -> str:
        answer = self._ask("decision", self._absolute(link), "1" if editable else "0")
        return str(answer["decision"])

    def store(self, cache_dir: Path, link: str, wheel: Path) -> Path:
        return Path(
            str(self._ask("store", str(cache_dir), self._absolute(link), str(wheel))["path"])
        )

    def lookup(self, cache_dir: Path, link: str, name: str | None) -> Path | None:
        path = self._ask("lookup", str(cache_dir), self._absolute(link), name or "")["path"]
        return None if path is None else Path(str(path))
