"""The model's packages name their public parts lazily (``model.http``, ``model.wheels``): each
name is the object of the module it lives in, and any other name is an ``AttributeError`` that
says which. Looked up at run time here: an import at the top of a test module resolves the names
once at collection, before a mutant is switched on (mutation testing, ``tox -e mutation``)."""

from __future__ import annotations

import importlib

import pytest

import model.http
import model.wheels


@pytest.mark.parametrize("package", [model.http, model.wheels], ids=lambda p: p.__name__)
def test_every_public_name_is_its_home_modules_object(package: object) -> None:
    homes: dict[str, str] = package._HOMES  # type: ignore[attr-defined]
    assert sorted(homes) == sorted(package.__all__)  # type: ignore[attr-defined]
    for name, home in homes.items():
        module = home if "." in home else f"{package.__name__}.{home}"  # type: ignore[attr-defined]
        assert getattr(package, name) is getattr(importlib.import_module(module), name)


@pytest.mark.parametrize("package", [model.http, model.wheels], ids=lambda p: p.__name__)
def test_an_unknown_name_is_an_attribute_error_naming_it(package: object) -> None:
    name = package.__name__  # type: ignore[attr-defined]
    with pytest.raises(AttributeError) as raised:
        package.nothing_here  # type: ignore[attr-defined]  # noqa: B018
    assert str(raised.value) == f"module {name!r} has no attribute 'nothing_here'"
