"""Self-tests: a cache that trusts what it reads must be caught by the damage tests."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest

from model.http import cached_session
from model.http.adapter import CachingAdapter
from model.http.store import FileStore, _decode, entry_path
from spec_tests import test_robustness_concurrency as concurrency
from spec_tests.harness.faults import Damage
from spec_tests.harness.http_scenario import in_process_scenarios
from spec_tests.interface import CommandResult
from spec_tests.test_robustness_http import check_damage_is_a_miss

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    import requests

    from model.http.policy import Entry

_MAGIC = b"pip-cache-spec/http 1\n"


@dataclass(frozen=True)
class TrustingStore(FileStore):
    """Reads the head, then takes whatever follows as the body (no length, no digest check)."""

    def load(self, url: str) -> Entry | None:
        try:
            data = entry_path(self.root, url).read_bytes()
        except OSError:
            return None
        raw, _, body = data.removeprefix(_MAGIC).partition(b"\n")
        try:
            head = json.loads(raw)
        except ValueError:
            return None
        head.update(length=len(body), sha256=hashlib.sha256(body).hexdigest())
        return _decode(_MAGIC + json.dumps(head).encode() + b"\n" + body)


class TrustingAdapter(CachingAdapter):
    def __init__(self, store: FileStore, **kw: Any) -> None:
        super().__init__(TrustingStore(store.root), **kw)


@dataclass(frozen=True)
class TrustingHttp:
    def session(self, cache_dir: Path, *, trusted_hosts: Sequence[str] = ()) -> requests.Session:
        return cached_session(cache_dir, adapter=TrustingAdapter, trusted_hosts=trusted_hosts)


@pytest.mark.parametrize(
    "damage", [Damage("truncate", at=0.95), Damage("flip", at=0.9)], ids=["truncate", "flip"]
)
def test_damage_tests_catch_a_trusting_store(damage: Damage, tmp_path: Path) -> None:
    with pytest.raises(AssertionError), in_process_scenarios(TrustingHttp()) as scenarios:
        check_damage_is_a_miss(scenarios, damage, tmp_path / "template")


def test_the_model_passes_the_same_damage(tmp_path: Path) -> None:
    from model.http import ModelHttpCache

    with in_process_scenarios(ModelHttpCache()) as scenarios:
        assert check_damage_is_a_miss(scenarios, Damage("truncate", at=0.95), tmp_path / "t")


# ---------------------------------------------------------------- a file gone between two steps

#: ``cache purge --cache-dir C --log L`` as pip runs it: every file listed, then each unlinked
#: and logged; ``tolerant``: a file gone meanwhile is skipped, else it stops the command
_PURGE = """
import os, sys
from pathlib import Path
args, tolerant = sys.argv[1:-1], sys.argv[-1] == "tolerant"
cache, log = Path(args[args.index("--cache-dir") + 1]), args[args.index("--log") + 1]
for path in sorted(p for p in cache.rglob("*") if p.is_file()):
    try:
        os.unlink(path)
    except FileNotFoundError:
        if not tolerant:
            raise
    with open(log, "a") as f:
        f.write(f"Removed {path}\\n")
"""


@dataclass(frozen=True)
class ListThenUnlink:
    """A ``cache purge`` that lists, then unlinks: in-process, or as a process logging each
    deletion to ``--log`` (as pip does)."""

    tolerant: bool
    in_process: bool

    def run_cache(self, args: Sequence[str], *, env: Mapping[str, str], cwd: Path) -> CommandResult:
        if not self.in_process:
            mode = "tolerant" if self.tolerant else "strict"
            done = subprocess.run(
                [sys.executable, "-c", _PURGE, *args, mode], capture_output=True, text=True,
                env=dict(env), cwd=cwd, check=False, timeout=60,
            )  # fmt: skip
            return CommandResult(done.returncode, done.stdout, done.stderr)
        cache = Path(args[args.index("--cache-dir") + 1])
        for path in sorted(p for p in cache.rglob("*") if p.is_file()):
            try:
                os.unlink(path)
            except FileNotFoundError:
                if not self.tolerant:
                    return CommandResult(2, "", "Traceback ...\nFileNotFoundError\n")
        return CommandResult(0, "", "")


@pytest.mark.parametrize("in_process", [True, False], ids=["in-process", "process"])
@pytest.mark.parametrize("tolerant", [True, False], ids=["tolerant", "list-then-unlink"])
def test_a_purge_stopped_by_a_file_gone_meanwhile_is_caught(
    in_process: bool, tolerant: bool, tmp_path: Path
) -> None:
    """The rename is arranged between the listing and the deletions, in-process (at the first
    unlink) and out of process (held by the command's log): a purge that does not expect a listed
    file to be gone fails the robustness test; one that does passes it."""
    impl = SimpleNamespace(is_subprocess=not in_process)
    commands = ListThenUnlink(tolerant=tolerant, in_process=in_process)
    check = concurrency.test_purge_while_a_fetch_renames_its_temporary_file
    if tolerant:
        check(commands, impl, tmp_path)  # type: ignore[arg-type]
    else:
        with pytest.raises(AssertionError, match="FileNotFoundError"):
            check(commands, impl, tmp_path)  # type: ignore[arg-type]
