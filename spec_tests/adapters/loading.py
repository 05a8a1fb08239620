"""Turning an ``--impl`` value into an :class:`~spec_tests.interface.Implementation`."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import cast

from packaging.version import InvalidVersion, Version

from spec_tests.interface import FACETS, Implementation

__all__ = ["FORMS", "ImplSpecError", "load_implementation"]

FORMS = (
    "'model' (the reference model, default)",
    "'pip' (the pip of the interpreter running pytest)",
    "'pip@/path/to/python' (the pip of that interpreter)",
    "'uv' (the uv on PATH, as uv pip)",
    "'uv@/path/to/uv' (that uv binary)",
    "'package.module:factory' (a callable returning an implementation)",
)


class ImplSpecError(ValueError):
    """An ``--impl`` value names no usable implementation."""


def _usage(value: str, why: str) -> ImplSpecError:
    return ImplSpecError(f"--impl={value!r}: {why}. Valid forms: " + "; ".join(FORMS))


def _from_factory(value: str) -> object:
    module_name, _, attr = value.partition(":")
    if not module_name or not attr:
        raise _usage(value, "expected package.module:factory")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise _usage(value, f"cannot import {module_name!r} ({exc})") from None
    factory = getattr(module, attr, None)
    if not callable(factory):
        raise _usage(value, f"{module_name} has no callable {attr!r}")
    return cast(Callable[[], object], factory)()


def _check(value: str, obj: object) -> Implementation:
    missing = [a for a in ("name", "version") if not hasattr(obj, a)]
    if missing:
        raise _usage(value, f"the object lacks {', '.join(missing)}")
    for attr in ("version", "pip_version"):
        raw = getattr(obj, attr, None)
        if raw is not None and not isinstance(raw, Version):
            try:
                setattr(obj, attr, Version(str(raw)))
            except InvalidVersion:
                raise _usage(value, f"{attr} {raw!r} is not a PEP 440 version") from None
    if not hasattr(obj, "pip_version"):
        obj.pip_version = None  # type: ignore[attr-defined]
    for facet in FACETS:
        if not hasattr(obj, facet.value):
            setattr(obj, facet.value, None)
    return cast(Implementation, obj)


def load_implementation(value: str) -> Implementation:
    """``model``, ``pip``, ``pip@PYTHON``, ``uv``, ``uv@BINARY`` or ``package.module:factory``."""
    value = value.strip()
    if value == "model":
        from spec_tests.adapters import model

        return model.implementation()
    if value == "pip" or value.startswith("pip@"):
        from spec_tests.adapters import pip

        python = value.partition("@")[2]
        try:
            return pip.implementation(python) if python else pip.implementation()
        except Exception as exc:  # a missing interpreter, a pip that won't import: no traceback
            raise _usage(value, f"no usable pip there ({exc})") from None
    if value == "uv" or value.startswith("uv@"):
        from spec_tests.adapters import uv

        binary = value.partition("@")[2]
        try:
            return uv.implementation(binary or None)
        except Exception as exc:  # a missing binary, one that is not uv: no traceback
            raise _usage(value, f"no usable uv there ({exc})") from None
    if ":" in value:
        return _check(value, _from_factory(value))
    raise _usage(value, "unknown implementation")
