"""A model whose wheel cache is not crash-safe: it writes wheels in place and trusts what it finds.

:func:`patches` lists the replacements; the kill self-test applies them in its own process (with
``monkeypatch``) and in the fork server's (:data:`PRELUDE`), so that both the killed runs and the
later run are this wrong model.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from model import crashpoints
from model.wheels.key import wheel_dir

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from packaging.tags import Tag

    from model.wheels.links import ParsedLink

#: run by the fork server before it imports anything else of the model
PRELUDE = "from spec_tests.selftests.wrong_writes import apply; apply()"


def store_in_place(cache_dir: Path, link: ParsedLink, wheel: Path, python_tag: str) -> Path:
    """Writes straight to the wheel's final name: a kill midway leaves half a wheel there."""
    target = Path(wheel_dir(cache_dir, link, python_tag)) / wheel.name
    target.parent.mkdir(parents=True, exist_ok=True)
    data = wheel.read_bytes()
    with target.open("wb") as f:
        f.write(data[: len(data) // 2])
        f.flush()
        crashpoints.step("wrong: half written in place")
        f.write(data[len(data) // 2 :])
    crashpoints.step("wrong: written")
    return target


def find_any(
    cache_dir: Path, link: ParsedLink, supported: Sequence[Tag], python_tag: str
) -> Path | None:
    """Whatever file carries a wheel's name is the cached wheel."""
    directory = Path(wheel_dir(cache_dir, link, python_tag))
    found = sorted(directory.glob("*.whl")) if directory.is_dir() else []
    return found[0] if found else None


def trust(wheel: Path) -> bool:
    return True


def patches() -> list[tuple[str, str, Callable[..., object]]]:
    return [
        ("model.install.run", "store_wheel", store_in_place),
        ("model.install.run", "find_wheel", find_any),
        ("model.install.unpack", "intact", trust),
    ]


def apply() -> None:
    import importlib

    for module, name, value in patches():
        setattr(importlib.import_module(module), name, value)
