"""The Locations facet of real pip: pip's own code answers, in a process of its own.

Linux answers come from pip as it runs here; macOS and Windows answers from pip's vendored
directory library pointed at that platform (see ``probe_locations.py``). Where a pip's code cannot
run for a platform on Linux, the facet raises :class:`PlatformNotEmulated` and the case is skipped:
it is never answered with the model's code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from spec_tests.adapters.pip._run import run_json
from spec_tests.interface import Platform, PlatformNotEmulated

PROBE = Path(__file__).with_name("probe_locations.py")


class PipLocations:
    def __init__(self, python: str) -> None:
        self.python = python

    def default_cache_dir(self, platform: Platform, env: Mapping[str, str], cwd: Path) -> str:
        answer = run_json(self.python, PROBE, ["default", platform.value], env=env, cwd=cwd)
        if "not_emulated" in answer:
            raise PlatformNotEmulated(str(answer["not_emulated"]))
        return str(answer["cache_dir"])

    def effective_cache_dir(
        self, args: Sequence[str], env: Mapping[str, str], cwd: Path, command: str = "install"
    ) -> str | None:
        answer = run_json(self.python, PROBE, ["effective", command, *args], env=env, cwd=cwd)
        value = answer["cache_dir"]
        return None if value is None else str(value)
