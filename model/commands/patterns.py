"""Which wheel files a ``pip cache list|remove`` pattern selects (measured on pip 24.2).

Page: "pip cache list setuptools will list all setuptools-related wheel files from pip’s cache."
and "pip cache remove setuptools removes all wheel files related to setuptools".

The page does not say what "related" means. pip 24.2, measured:

* The pattern is a shell glob (``*``, ``?``, ``[...]``) matched against each file's *name* only,
  never against its directory, so a pattern containing ``/`` (absolute paths, ``../*``, ``a/b``)
  selects nothing, and ``..`` is just two dots.
* The glob is completed before matching: a pattern without ``-`` gets ``-*.whl`` appended (so
  ``setuptools`` is ``setuptools-*.whl``, a name, not a substring); a pattern with a ``-`` gets
  ``*.whl`` appended (``setuptools-69`` is ``setuptools-69*.whl``). No pattern means ``*``.
* No name normalisation: matching is case-sensitive and ``foo-bar`` does not select
  ``foo_bar-1.0-...whl`` (``foo_bar`` does, ``Foo_Bar`` does not).
"""

from __future__ import annotations

import fnmatch
from typing import NewType

__all__ = ["ALL", "WheelGlob", "selects", "wheel_glob"]

#: A completed glob, ready to match a wheel file name.
WheelGlob = NewType("WheelGlob", str)

#: the pattern that stands for "everything" (``pip cache list`` without a pattern, and purge)
ALL = "*"


def wheel_glob(pattern: str) -> WheelGlob:
    """Complete a user's pattern into the glob pip matches file names with."""
    suffix = "*.whl" if "-" in pattern else "-*.whl"
    return WheelGlob(pattern + suffix)


def selects(glob: str, file_name: str) -> bool:
    """Whether ``glob`` selects a file called ``file_name`` (a base name, never a path).

    Case-sensitive, as on Linux where pip was measured.
    """
    return fnmatch.fnmatchcase(file_name, glob)
