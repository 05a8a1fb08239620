"""What a test of some statements means for one implementation judged against one page.

Pure decisions over the registry and ``divergences.toml``, no pytest: the suite's plugin asks them
when a test is set up (after the ``impl`` fixture, whichever conftest.py provides it, is known)
and turns the answers into a skip or a strict expected failure.

Rules, in the order they are asked (the first that answers decides):

=====================  ======================================  ====================================
rule                   when                                    the test
=====================  ======================================  ====================================
not on the page        no statement of it is on the judged     is skipped: "not on page X"
                       page (``Statement.on_page``)            (not applicable)
not provided           the implementation declares every one   is skipped: "<impl> does not
                       of its statements ``not_provided``      provide <id>" (pip_own ones only)
pip's layout           the test seeds pip's cache layout         is skipped: "<impl> does not
                       (marker ``pip_layout``) and the           provide pip-cache-layout"
                       commands facet's ``layout`` is not pip's
held to the page       an observed record of pip departing     is skipped: "<impl> is held to
                       from a statement (``deviates_from``)    <other>"
                       the implementation does not share
                       (``known.shares_departure``)
version gate           a statement does not hold for the pip   is a strict expected failure
                       version claimed (``since``/``applies``)  ("gate")
known divergence       ``divergences.toml`` records it         is a strict expected failure
                                                               ("divergence")
=====================  ======================================  ====================================

An implementation that claims no pip version is held to the judged page's own version.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from packaging.version import Version

from spec_tests import known, registry

if TYPE_CHECKING:
    from spec_tests.registry import Statement

__all__ = [
    "Expectation",
    "expectation",
    "judged_version",
    "layout_of",
    "page_for",
    "skip_reason",
]


@dataclass(frozen=True)
class Expectation:
    """Why a test is expected to fail: ``kind`` is ``"gate"`` or ``"divergence"``."""

    kind: str
    reason: str


def page_for(pip_version: Version | None, chosen: str | None) -> str:
    """The page an implementation is judged against: ``chosen`` (``--page``), else the newest
    page not newer than the pip version it claims."""
    return chosen or registry.default_page(pip_version)


def judged_version(pip_version: Version | None, page: str) -> Version:
    """The pip version whose behaviour is expected: the one claimed, else the page's own."""
    return pip_version if pip_version is not None else Version(page)


def not_provided_of(implementation: object) -> Mapping[str, str]:
    """The implementation's ``not_provided`` (statement id -> why), if it declares any."""
    return getattr(implementation, "not_provided", None) or {}


def layout_of(implementation: object) -> str:
    """The cache layout the implementation's commands manage (``"pip"`` unless it says)."""
    return str(getattr(getattr(implementation, "commands", None), "layout", "pip"))


def skip_reason(
    statements: Sequence[Statement], implementation: object, page: str, *, pip_layout: bool = False
) -> str | None:
    """Why the test of ``statements`` does not run for ``implementation``, if it does not
    (``pip_layout``: the test seeds pip's cache layout)."""
    name = str(getattr(implementation, "name", "?"))
    if statements and not any(s.on_page(page) for s in statements):
        return f"{statements[0].id} is not on page {page}"
    declared = not_provided_of(implementation)
    if statements and all(s.id in declared for s in statements):
        return f"{declared[statements[0].id]}: {name} does not provide {statements[0].id}"
    if pip_layout and layout_of(implementation) != "pip":
        return (
            f"the test seeds pip's cache layout (wheels/, http-v2/), {name} manages its own "
            f"({layout_of(implementation)}): {name} does not provide pip-cache-layout"
        )
    for st in statements:
        other = st.deviates_from
        if other is not None and not known.shares_departure(name, st.id, other):
            return f"{st.id} records a departure from {other}; {name} is held to {other}"
    return None


def expectation(
    statements: Sequence[Statement], test: str, implementation: object, page: str
) -> Expectation | None:
    """Whether the test function ``test`` of ``statements`` is predicted to fail."""
    pip_version = getattr(implementation, "pip_version", None)
    version = judged_version(pip_version, page)
    failing = [s for s in statements if not s.holds_for(version)]
    if failing:
        return Expectation("gate", "; ".join(f"{s.id}: {s.gate_reason(version)}" for s in failing))
    name = str(getattr(implementation, "name", "?"))
    own = getattr(implementation, "version", None)
    for st in statements:
        entry = known.find(name, own if isinstance(own, Version) else version, st.id, test)
        if entry is not None:
            return Expectation("divergence", entry.reason)
    return None
