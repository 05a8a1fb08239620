"""The scenario clock: the only source of time in HTTP scenarios. Tests move it; nothing sleeps.

In-process, the clock is freezegun's frozen time (the implementation reads ``time.time()`` and
gets the scenario's ``now``). For an implementation run by subprocess the clock is just a number
handed to each run; its adapter sets the process's clock to it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC
from email.utils import formatdate, parsedate_to_datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from freezegun.api import FrozenDateTimeFactory, StepTickTimeFactory, TickingDateTimeFactory

__all__ = ["START", "Clock", "FrozenClock", "ManualClock", "WallClock", "http_date", "http_epoch"]

#: Where every scenario's clock starts: 2026-01-01T00:00:00Z.
START = 1_767_225_600


def http_date(epoch: float) -> str:
    """``epoch`` as an HTTP date (IMF-fixdate: ``Thu, 01 Jan 2026 00:00:00 GMT``)."""
    return formatdate(int(epoch), usegmt=True)


def http_epoch(value: str | None) -> float | None:
    """An HTTP date as a POSIX time; ``None`` for no date or one that does not parse."""
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()


class Clock(Protocol):
    def now(self) -> float:
        """The scenario's current POSIX time."""
        ...

    def advance(self, seconds: float) -> None:
        """Move the scenario's time forward."""
        ...


@dataclass
class ManualClock:
    """A number: for implementations run by subprocess at a given instant."""

    at: float = START

    def now(self) -> float:
        return self.at

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time only moves forward")
        self.at += seconds


@dataclass
class FrozenClock(ManualClock):
    """freezegun's frozen time: ``time.time()`` in this process returns :meth:`now`."""

    frozen: FrozenDateTimeFactory | StepTickTimeFactory | TickingDateTimeFactory = field(
        kw_only=True
    )

    def advance(self, seconds: float) -> None:
        super().advance(seconds)
        self.frozen.tick(seconds)


class WallClock:
    """The real time: for end-to-end scenarios whose installer runs at the machine's time (the
    index's ``Date`` must agree with the installer's clock). It cannot be moved."""

    def now(self) -> float:
        return time.time()

    def advance(self, seconds: float) -> None:
        raise TypeError("the wall clock cannot be moved: use a ManualClock")
