"""Which cached wheel is used for a requirement.

Page: "if there is a cached wheel for the same version of a specific package name, pip will use
that wheel instead of rebuilding the project." Among the candidates, the wheel whose best tag comes
first in the interpreter's supported tags (``packaging.tags.sys_tags()`` order) wins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from packaging.utils import InvalidWheelFilename, NormalizedName, parse_wheel_filename

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from packaging.tags import Tag
    from packaging.version import Version

__all__ = ["choose_wheel"]


def choose_wheel(
    filenames: Iterable[str],
    name: NormalizedName,
    version: Version | None,
    supported: Sequence[Tag],
) -> str | None:
    """The file name of the wheel to use, or ``None``.

    A wheel qualifies when its canonical name is ``name``, its version is ``version`` (when the
    link names one) and one of its tags is ``supported``; ties go to the smaller file name.
    """
    rank = {tag: i for i, tag in reversed(list(enumerate(supported)))}
    best: tuple[int, str] | None = None
    for filename in filenames:
        try:
            wheel_name, wheel_version, _, tags = parse_wheel_filename(filename)
        except InvalidWheelFilename:
            continue
        if wheel_name != name or (version is not None and wheel_version != version):
            continue
        ranks = [rank[t] for t in tags if t in rank]
        if ranks and (best is None or (min(ranks), filename) < best):
            best = (min(ranks), filename)
    return None if best is None else best[1]
