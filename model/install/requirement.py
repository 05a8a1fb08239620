"""What a requirement on the command line asks for: a project from the index, or a direct link.

The page tells them apart: a project found on an index, whose built wheel "is added to the cache
and used in subsequent installs for the same package version", and "source distributions provided
to pip as a direct path (such as ``pip install .``)", whose wheels "are not cached across runs".

Pure: the working directory is passed in, and the filesystem is asked only through the caller's
``exists`` and ``isdir``. The link of a direct reference is the one the wheel cache keys by
(:func:`model.wheels.links.absolute`): a path becomes its absolute ``file://`` URL, as it does for
the API-level facet, so an install and a lookup of the same path agree.

Supported: ``name``, ``name<specifiers>`` (PEP 508, extras accepted and ignored since dependencies
are never installed), ``name @ URL``, an ``http(s)://`` or ``file://`` URL, a local directory,
sdist or wheel, and ``git+file://`` / ``git+https://`` (``@<commit or branch>``). Editables,
requirement files, markers and other VCS are refused with one line saying so.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import unquote, urlsplit

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import NormalizedName, canonicalize_name

from model.install.errors import Unsupported
from model.wheels.links import ARCHIVE_SUFFIXES, LinkKind, ParsedLink, absolute, parse_link

__all__ = ["Direct", "FromIndex", "Unsupported", "classify"]

_URL_SCHEMES = ("http", "https", "file")
_VCS = ("git+", "hg+", "svn+", "bzr+")


@dataclass(frozen=True)
class FromIndex:
    """A project to find on the index: ``name`` and the versions ``specifier`` allows."""

    name: NormalizedName
    specifier: SpecifierSet


@dataclass(frozen=True)
class Direct:
    """A direct reference: the link the wheel cache keys by, and its local path if any."""

    link: ParsedLink
    path: str | None = None


def _looks_like_path(text: str) -> bool:
    return (
        "/" in text
        or text.startswith(".")
        or text.endswith((*ARCHIVE_SUFFIXES, ".whl"))
        or os.sep in text
    )


def _check_link(link: ParsedLink, text: str) -> None:
    scheme = urlsplit(link.url).scheme
    if scheme.startswith(_VCS) and not scheme.startswith("git+"):
        raise Unsupported(f"{text}: only git is supported among version control systems")
    if link.kind is LinkKind.VCS_COMMIT or link.kind is LinkKind.VCS_REF:
        if scheme not in ("git+file", "git+https", "git+http", "git+ssh"):
            raise Unsupported(f"{text}: unsupported git URL scheme {scheme!r}")
    elif scheme not in _URL_SCHEMES:
        raise Unsupported(f"{text}: unsupported URL scheme {scheme!r}")


def _egg_name(link: ParsedLink) -> NormalizedName | None:
    for item in link.fragment.split("&"):
        key, _, value = item.partition("=")
        if key == "egg" and value:
            return canonicalize_name(value)
    return None


def _path(link: ParsedLink) -> str:
    return unquote(urlsplit(link.url).path)


def _named(req: Requirement, text: str, cwd: str) -> FromIndex | Direct:
    if req.marker is not None:
        raise Unsupported(f"{text}: environment markers are not supported")
    name = canonicalize_name(req.name)
    if req.url is None:
        return FromIndex(name, req.specifier)
    link = absolute(parse_link(f"{name} @ {req.url}"), cwd)
    _check_link(link, text)
    local = link.url.startswith("file:") and not link.kind.name.startswith("VCS")
    return Direct(link, _path(link) if local else None)


def classify(
    text: str,
    cwd: str,
    exists: Callable[[str], bool] = os.path.exists,
    isdir: Callable[[str], bool] = os.path.isdir,
) -> FromIndex | Direct:
    """The requirement ``text`` as the installer needs it; raises :class:`Unsupported`."""
    text = text.strip()
    if not text:
        raise Unsupported("an empty requirement")
    if text.startswith("-"):
        raise Unsupported(f"{text}: editables and requirement files are not supported")
    scheme = urlsplit(text).scheme
    if scheme.startswith(_VCS) or scheme in _URL_SCHEMES:
        link = absolute(parse_link(text), cwd)
        _check_link(link, text)
        link = replace(link, name=_egg_name(link))
        local = link.url.startswith("file:") and not scheme.startswith(_VCS)
        return Direct(link, _path(link) if local else None)
    if _looks_like_path(text) and " @ " not in text:
        path = posixpath.normpath(posixpath.join(cwd, text))
        if not exists(path):
            raise Unsupported(f"{text}: no such file or directory")
        link = absolute(parse_link(path), cwd)
        if link.kind is LinkKind.LOCAL_DIRECTORY and not isdir(path):
            raise Unsupported(f"{text}: neither a directory, an sdist nor a wheel")
        return Direct(link, path)
    try:
        req = Requirement(text)
    except InvalidRequirement as exc:
        raise Unsupported(f"invalid requirement {text!r}: {str(exc).splitlines()[0]}") from None
    return _named(req, text, cwd)
