"""The example third implementation (examples/cachecontrol_impl.py) loads through --impl and
stores what it fetches; the suite's HTTP tests judge it further (tox -e example-cachecontrol)."""

from __future__ import annotations

from email.utils import formatdate
from typing import TYPE_CHECKING

import pytest

from spec_tests.adapters.loading import load_implementation

if TYPE_CHECKING:
    from pathlib import Path

pytest.importorskip("cachecontrol")
responses = pytest.importorskip("responses")


def test_factory_provides_the_http_facet_only() -> None:
    impl = load_implementation("examples.cachecontrol_impl:factory")
    assert impl.name == "cachecontrol"
    assert impl.pip_version is None
    assert impl.http is not None
    provided = [f for f in ("locations", "wheels", "commands", "installer") if getattr(impl, f)]
    assert provided == []


def test_second_get_of_a_fresh_response_comes_from_http_v2(tmp_path: Path) -> None:
    impl = load_implementation("examples.cachecontrol_impl:factory")
    assert impl.http is not None
    session = impl.http.session(tmp_path)
    with responses.RequestsMock() as mock:
        fields = {"Cache-Control": "max-age=600", "Date": formatdate(usegmt=True)}
        mock.add(responses.GET, "https://origin.test/a", body=b"one", headers=fields)
        assert session.get("https://origin.test/a").content == b"one"
        assert session.get("https://origin.test/a").content == b"one"
        assert len(mock.calls) == 1
    assert any(p.is_file() for p in (tmp_path / "http-v2").rglob("*"))
