"""The model's ``--explain`` quotes the registry: its own table of sentences cannot drift.

The model never imports the suite, so :mod:`model.install.explain` keeps its own copy of the
sentences it cites. Each must equal the registry's text for that id (whitespace-normalised, as
the registry's own self-test compares quotes with the page), be a documented statement, and every
observed id it names must be an observed statement.
"""

from __future__ import annotations

import re

import pytest

from model.install import explain
from spec_tests import registry
from spec_tests.registry import Tier


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("sid", sorted(explain.SENTENCES))
def test_sentence_is_the_registry_text(sid: str) -> None:
    statement = registry.load().get(sid)
    assert statement is not None, f"{sid} is not in the registry"
    assert statement.tier is Tier.DOCUMENTED
    assert _squash(explain.SENTENCES[sid]) == _squash(statement.text)


@pytest.mark.parametrize("sid", sorted(explain.OBSERVED))
def test_observed_ids_are_observed_statements(sid: str) -> None:
    statement = registry.load().get(sid)
    assert statement is not None, f"{sid} is not in the registry"
    assert statement.tier is Tier.OBSERVED


def test_every_cited_id_is_known() -> None:
    """The decision table cites only ids the explanations can render."""
    cited = set(explain.BUILT.values())
    assert cited <= set(explain.SENTENCES) | explain.OBSERVED
