"""Self-tests: a cache that trusts what it reads must be caught by the damage tests."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

from model.http import cached_session
from model.http.adapter import CachingAdapter
from model.http.store import FileStore, _decode, entry_path
from spec_tests.harness.faults import Damage
from spec_tests.harness.http_scenario import in_process_scenarios
from spec_tests.test_robustness_http import check_damage_is_a_miss

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

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
