"""Deterministic crash points: the robustness tier kills the model at its Nth cache write step.

A crash-safe cache is one that a process killed at *any* moment of a write leaves readable: nothing
half-written is ever trusted later. Killing a process after a measured delay would test a few
moments by chance (and needs sleeps); instead every write to the HTTP cache and to the wheel cache
passes named steps (directory made, temporary file created, half the bytes written, all written,
renamed into place, deleted), and a run whose environment says ``PIP_CACHE_SPEC_MODEL_CRASH_AT=N``
sends itself ``SIGKILL`` (no clean-up, no ``finally``) on reaching step N. Running the same command
with N = 1, 2, ... until it finishes visits every step once.

Unarmed (the variable absent, the normal case) a step costs one comparison.
"""

from __future__ import annotations

import os
import signal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["ENV", "arm", "step", "steps_taken"]

#: The variable that arms the crash: the 1-based number of the step to die at.
ENV = "PIP_CACHE_SPEC_MODEL_CRASH_AT"

_at = 0
_taken = 0


def arm(env: Mapping[str, str]) -> None:
    """Read :data:`ENV` from the run's environment and reset the step counter."""
    global _at, _taken
    raw = env.get(ENV, "").strip()
    _at = int(raw) if raw.isdigit() else 0
    _taken = 0


def step(what: str) -> None:
    """One write step (``what`` names it, for readers of the code); die here when armed for it."""
    global _taken
    if not _at:
        return
    _taken += 1
    if _taken == _at:
        os.kill(os.getpid(), signal.SIGKILL)


def steps_taken() -> int:
    """How many steps this run has passed (armed runs only)."""
    return _taken
