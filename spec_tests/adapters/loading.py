"""Turning an ``--impl`` value (or an ``impl`` fixture's object) into a checked
:class:`~spec_tests.interface.Implementation`.

Everything a plug-in can get wrong is found here, before any test runs, and said in one line
(:class:`ImplSpecError`, which the plugin turns into a usage error): a factory that cannot be
imported, needs arguments, raises or returns nothing; an object without ``name`` or ``version``;
a facet without the methods of its Protocol (each missing method named); a ``not_provided`` entry
that names a statement an implementation may not opt out of (only ``pip_own`` ones).
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Mapping

from packaging.version import InvalidVersion, Version

from spec_tests import registry
from spec_tests.interface import (
    FACETS,
    CacheCommands,
    Facet,
    HttpCache,
    HttpDownloader,
    Implementation,
    Installer,
    Locations,
    WheelCache,
)

__all__ = [
    "FORMS",
    "PROTOCOLS",
    "ImplSpecError",
    "check_implementation",
    "load_implementation",
    "missing_methods",
]

FORMS = (
    "'model' (the reference model, default)",
    "'pip' (the pip of the interpreter running pytest)",
    "'pip@/path/to/python' (the pip of that interpreter)",
    "'uv' (the uv on PATH, as uv pip)",
    "'uv@/path/to/uv' (that uv binary)",
    "'package.module:factory' (a callable of no arguments returning an implementation)",
)

#: each facet and the Protocols that may fill it (the HTTP facet: either one)
PROTOCOLS: Mapping[Facet, tuple[type, ...]] = {
    Facet.LOCATIONS: (Locations,),
    Facet.HTTP: (HttpCache, HttpDownloader),
    Facet.WHEELS: (WheelCache,),
    Facet.COMMANDS: (CacheCommands,),
    Facet.INSTALLER: (Installer,),
}


class ImplSpecError(ValueError):
    """An ``--impl`` value names no usable implementation."""


def _usage(value: str, why: str) -> ImplSpecError:
    return ImplSpecError(f"--impl={value!r}: {why}. Valid forms: " + "; ".join(FORMS))


def _methods(protocol: type) -> list[str]:
    return [n for n, v in vars(protocol).items() if callable(v) and not n.startswith("_")]


def missing_methods(facet: Facet, obj: object) -> list[str]:
    """The methods of the facet's Protocol that ``obj`` lacks (for the HTTP facet: of the
    Protocol it comes closest to)."""
    gaps = [
        [m for m in _methods(p) if not callable(getattr(obj, m, None))] for p in PROTOCOLS[facet]
    ]
    return min(gaps, key=len)


def _call_factory(value: str, factory: Callable[..., object]) -> object:
    try:
        signature = inspect.signature(factory)
    except (TypeError, ValueError):
        signature = None
    if signature is not None:
        needed = [
            p.name
            for p in signature.parameters.values()
            if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        ]
        if needed:
            raise _usage(
                value, f"the factory takes arguments ({', '.join(needed)}); it is called with none"
            )
    try:
        return factory()
    except Exception as exc:
        frame = inspect.trace()[-1]
        where = f" at {frame.filename}:{frame.lineno}" if frame else ""
        raise _usage(value, f"the factory raised {type(exc).__name__}: {exc}{where}") from None


def _from_factory(value: str) -> object:
    module_name, _, attr = value.partition(":")
    if not module_name or not attr:
        raise _usage(value, "expected package.module:factory")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise _usage(value, f"cannot import {module_name!r} ({exc})") from None
    except Exception as exc:
        why = f"importing {module_name!r} raised {type(exc).__name__}: {exc}"
        raise _usage(value, why) from None
    factory = getattr(module, attr, None)
    if not callable(factory):
        raise _usage(value, f"{module_name} has no callable {attr!r}")
    return _call_factory(value, factory)


def _check_not_provided(obj: object) -> str | None:
    declared = getattr(obj, "not_provided", None) or {}
    if not isinstance(declared, Mapping):
        return "not_provided must map statement ids to reasons"
    statements = registry.load()
    unknown = [s for s in declared if s not in statements]
    if unknown:
        return f"not_provided names unknown statement(s) {', '.join(map(repr, unknown))}"
    refused = [s for s in declared if not statements[s].pip_own]
    if refused:
        return (
            f"not_provided may name only statements about pip's own wording, configuration or "
            f"directory names (pip_own in statements.toml); not {', '.join(map(repr, refused))}"
        )
    return None


def _problem(obj: object) -> str | None:
    """What makes ``obj`` unusable as an implementation, if anything (normalises versions and
    absent facets in place)."""
    if obj is None:
        return "got None instead of an implementation"
    missing = [a for a in ("name", "version") if not hasattr(obj, a)]
    if missing:
        return f"the object ({type(obj).__name__}) lacks {', '.join(missing)}"
    for attr in ("version", "pip_version"):
        raw = getattr(obj, attr, None)
        if raw is not None and not isinstance(raw, Version):
            try:
                setattr(obj, attr, Version(str(raw)))
            except InvalidVersion:
                return f"{attr} {raw!r} is not a PEP 440 version"
    if not hasattr(obj, "pip_version"):
        obj.pip_version = None  # type: ignore[attr-defined]
    gaps = []
    for facet in FACETS:
        if not hasattr(obj, facet.value):
            setattr(obj, facet.value, None)
        value = getattr(obj, facet.value)
        lacking = missing_methods(facet, value) if value is not None else []
        if lacking:
            gaps.append(f"facet {facet.value} lacks {', '.join(lacking)}")
    if gaps:
        return "; ".join(gaps)
    return _check_not_provided(obj)


def check_implementation(obj: object, where: str) -> Implementation:
    """``obj`` as an implementation, or :class:`ImplSpecError` saying, after ``where``, what is
    wrong with it."""
    problem = _problem(obj)
    if problem is not None:
        raise ImplSpecError(f"{where}: {problem}")
    return obj  # type: ignore[return-value]


def _checked(value: str, obj: object) -> Implementation:
    problem = _problem(obj)
    if problem is not None:
        raise _usage(value, problem)
    return obj  # type: ignore[return-value]


def load_implementation(value: str) -> Implementation:
    """``model``, ``pip``, ``pip@PYTHON``, ``uv``, ``uv@BINARY`` or ``package.module:factory``."""
    value = value.strip()
    if value == "model":
        from spec_tests.adapters import model

        return _checked(value, model.implementation())
    if value == "pip" or value.startswith("pip@"):
        from spec_tests.adapters import pip

        python = value.partition("@")[2]
        try:
            found = pip.implementation(python) if python else pip.implementation()
        except Exception as exc:  # a missing interpreter, a pip that won't import: no traceback
            raise _usage(value, f"no usable pip there ({exc})") from None
        return _checked(value, found)
    if value == "uv" or value.startswith("uv@"):
        from spec_tests.adapters import uv

        binary = value.partition("@")[2]
        try:
            found = uv.implementation(binary or None)
        except Exception as exc:  # a missing binary, one that is not uv: no traceback
            raise _usage(value, f"no usable uv there ({exc})") from None
        return _checked(value, found)
    if ":" in value:
        return _checked(value, _from_factory(value))
    raise _usage(value, "unknown implementation")
