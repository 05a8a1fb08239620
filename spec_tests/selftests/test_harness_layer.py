"""Self-test: the harness stands on its own (the developers' guide: ``spec_tests/harness/``
imports neither the plugin nor ``model``, and names no implementation).

Every harness module is imported in a fresh interpreter, which must then hold neither the plugin
nor any module of the model, nor an adapter; and the harness's source names no implementation: no
test of an implementation's name, no adapter, no implementation-specific module.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import spec_tests.harness

HARNESS = Path(spec_tests.harness.__file__).resolve().parent
MODULES = sorted(
    f"spec_tests.harness.{p.stem}" for p in HARNESS.glob("*.py") if p.stem != "__init__"
)

_PROBE = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps(sorted(sys.modules)))
"""

#: what a harness module must not say: an implementation's name tested, or a layer above it
_FORBIDDEN = {
    "an implementation's name tested": re.compile(r"\.name\s*[!=]=|==\s*\w*\.name\b"),
    "an implementation's name": re.compile(r"""["'](uv|cachecontrol|model)["']"""),
    "the plugin, an adapter or the model": re.compile(
        r"^\s*(from|import)\s+(spec_tests\.(plugin|adapters|known)|model|examples)\b", re.M
    ),
}


def test_importing_the_harness_loads_no_plugin_model_or_adapter() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *MODULES],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    loaded = json.loads(done.stdout)
    above = [
        m
        for m in loaded
        if m == "model" or m.startswith(("model.", "spec_tests.plugin", "spec_tests.adapters"))
    ]
    assert MODULES
    assert set(MODULES) <= set(loaded)
    assert above == [], "the harness pulls in layers above it"


def test_the_harness_source_names_no_implementation() -> None:
    found = [
        f"{path.name}: {what}: {match.group(0)!r}"
        for path in sorted(HARNESS.glob("*.py"))
        for what, pattern in _FORBIDDEN.items()
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_conformance_modules_take_nothing_from_the_model() -> None:
    """The model is one implementation under test: a conformance module that borrowed its date
    formatting or parsing from it would pass the model by construction (issue 13). Dates, paths
    and fixtures come from the harness."""
    pattern = re.compile(r"^\s*(from|import)\s+model\b", re.M)
    found = [
        path.name
        for path in sorted(HARNESS.parent.glob("test_*.py"))
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
