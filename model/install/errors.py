"""The failures of an install run that are the input's or the world's, not the model's bugs.

Each is reported as one line, ``ERROR: <message>``, with exit code 1 (:mod:`model.install.cli`).
Kept apart from the modules that raise them so that the command line can catch them all without
importing ``requests``, ``tarfile`` or ``pyproject_hooks`` up front.
"""

from __future__ import annotations

__all__ = [
    "BadPage",
    "BuildFailed",
    "FetchError",
    "GitFailed",
    "InstallError",
    "InstallFailed",
    "NotFound",
    "Unsupported",
]


class InstallError(Exception):
    """Base class: a run that cannot go on (the message is one line)."""


class Unsupported(InstallError, ValueError):
    """A requirement the model does not install."""


class NotFound(InstallError):
    """No file on the index satisfies the requirement."""


class FetchError(InstallError):
    """A request that failed: unreachable, refused, an error status, a wrong hash."""


class BadPage(InstallError, ValueError):
    """An index page the model cannot read."""


class BuildFailed(InstallError):
    """The project could not be built (the build's own output is in ``output``)."""

    def __init__(self, message: str, output: str = "") -> None:
        super().__init__(message)
        self.output = output


class GitFailed(InstallError):
    """Cloning or checking out failed."""


class InstallFailed(InstallError):
    """The wheel could not be installed."""
