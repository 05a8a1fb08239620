"""What a ``pip cache`` run says, as events; the command line decides what reaches the streams.

pip writes through its logger: levels below WARNING go to standard output as they are, WARNING
and above to standard error prefixed with ``WARNING:`` / ``ERROR:``; ``-v`` and ``-q`` move the
threshold (pip 24.2 measured: ``-q`` hides the listing, ``-qq`` hides warnings, ``-qqq`` hides
errors, ``-v`` shows each removed file).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["Level", "Message", "Outcome", "threshold", "visible"]


class Level(enum.IntEnum):
    DEBUG = 10
    VERBOSE = 15
    INFO = 20
    WARNING = 30
    ERROR = 40
    CRITICAL = 50


#: verbosity (number of -v minus number of -q) -> the lowest level shown; clamped at both ends
_THRESHOLDS: dict[int, Level] = {
    2: Level.DEBUG,
    1: Level.VERBOSE,
    0: Level.INFO,
    -1: Level.WARNING,
    -2: Level.ERROR,
    -3: Level.CRITICAL,
}


@dataclass(frozen=True)
class Message:
    level: Level
    text: str

    @property
    def to_stderr(self) -> bool:
        return self.level >= Level.WARNING

    def rendered(self) -> str:
        """The line(s) as pip prints them, with a final newline."""
        if self.level >= Level.ERROR:
            return f"ERROR: {self.text}\n"
        if self.level >= Level.WARNING:
            return f"WARNING: {self.text}\n"
        return f"{self.text}\n"


@dataclass(frozen=True)
class Outcome:
    """Everything a run said, in order, and its exit code."""

    messages: tuple[Message, ...]
    exit_code: int = 0


def threshold(verbosity: int) -> Level:
    return _THRESHOLDS[max(-3, min(2, verbosity))]


def visible(message: Message, verbosity: int) -> bool:
    return message.level >= threshold(verbosity)
