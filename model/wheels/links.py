"""What kind of source a requirement's link points at: the input of every wheel-cache decision.

A link is spoken as a user speaks it: an index or direct URL (``https://host/pkg-1.0.tar.gz``), a
local path (``./proj``, ``/tmp/pkg-1.0.tar.gz``), ``file://`` URL, or a named requirement
``name @ <url>`` (``pkg @ git+https://host/repo@<rev>``). Parsing is pure: a path is called a
directory unless its name ends like an archive; nothing touches the filesystem.
"""

from __future__ import annotations

import enum
import posixpath
import re
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import InvalidVersion, Version

__all__ = ["ARCHIVE_SUFFIXES", "LinkKind", "ParsedLink", "absolute", "parse_link"]

#: File name endings of source archives (sdists) pip can build from.
ARCHIVE_SUFFIXES = (
    ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tar.lz", ".tar.lzma", ".tlz",
    ".tar", ".zip",
)  # fmt: skip

_VCS_SCHEMES = ("git+", "hg+", "svn+", "bzr+")
_COMMIT = re.compile(r"^[0-9a-fA-F]{40}$")


class LinkKind(enum.Enum):
    """The sources the page tells apart."""

    REMOTE_ARCHIVE = "remote archive"  # an sdist found on an index or given by http(s) URL
    LOCAL_ARCHIVE = "local archive"  # an sdist file given by path or file:// URL
    LOCAL_DIRECTORY = "local directory"  # a source tree given by path ("pip install .")
    VCS_COMMIT = "vcs commit"  # git URL pinned to a commit hash: an immutable reference
    VCS_REF = "vcs ref"  # VCS URL at a branch, a tag, or no revision at all
    WHEEL = "wheel"  # already a wheel: nothing to build


@dataclass(frozen=True)
class ParsedLink:
    """A link, classified. ``url`` has no fragment; ``version`` is the one its file name names."""

    kind: LinkKind
    url: str
    name: NormalizedName | None
    version: Version | None
    fragment: str = ""


def _version_in_filename(filename: str) -> Version | None:
    """The version an archive's file name names (``pkg-1.0.tar.gz`` → 1.0), if it names one."""
    lower = filename.lower()
    stem = next((filename[: -len(s)] for s in ARCHIVE_SUFFIXES if lower.endswith(s)), filename)
    _, dash, tail = stem.rpartition("-")
    if not dash:
        return None
    try:
        return Version(tail)
    except InvalidVersion:
        return None


def _is_archive(filename: str) -> bool:
    return filename.lower().endswith(ARCHIVE_SUFFIXES)


def parse_link(text: str) -> ParsedLink:
    """Classify ``text``; a relative path is kept as given (callers resolve it first)."""
    name: NormalizedName | None = None
    req_name, at, rest = text.partition(" @ ")
    if at:
        name, text = canonicalize_name(req_name.strip()), rest.strip()
    url, _, fragment = text.partition("#")
    scheme = urlsplit(url).scheme
    if scheme.startswith(_VCS_SCHEMES):
        path = urlsplit(url).path
        rev = path.rpartition("@")[2] if "@" in path else ""
        pinned = scheme.startswith("git+") and bool(_COMMIT.match(rev))
        kind = LinkKind.VCS_COMMIT if pinned else LinkKind.VCS_REF
        return ParsedLink(kind, url, name, None, fragment)
    local = scheme in ("", "file") or len(scheme) == 1  # a one-letter scheme is a drive letter
    # a URL's file name is its path's last segment, unquoted, without query (pip's Link.filename)
    path = url if local and scheme != "file" else unquote(urlsplit(url).path)
    filename = posixpath.basename(path.rstrip("/"))
    if filename.endswith(".whl"):
        return ParsedLink(LinkKind.WHEEL, url, name, None, fragment)
    if _is_archive(filename):
        kind = LinkKind.LOCAL_ARCHIVE if local else LinkKind.REMOTE_ARCHIVE
        return ParsedLink(kind, url, name, _version_in_filename(filename), fragment)
    if local:
        return ParsedLink(LinkKind.LOCAL_DIRECTORY, url, name, None, fragment)
    # a URL that names no archive: pip downloads it and treats it like any remote archive
    return ParsedLink(LinkKind.REMOTE_ARCHIVE, url, name, _version_in_filename(filename), fragment)


def absolute(link: ParsedLink, cwd: str) -> ParsedLink:
    """A local link (a path or a ``file://`` URL) as the absolute ``file://`` URL that keys it,
    the path made absolute against ``cwd`` (normalised, links not resolved); others unchanged."""
    if link.kind not in (LinkKind.LOCAL_ARCHIVE, LinkKind.LOCAL_DIRECTORY, LinkKind.WHEEL):
        return link
    if urlsplit(link.url).scheme not in ("", "file"):
        return link
    raw = unquote(urlsplit(link.url).path) if link.url.startswith("file:") else link.url
    path = PurePosixPath(posixpath.normpath(posixpath.join(cwd, raw)))
    return replace(link, url=path.as_uri())
