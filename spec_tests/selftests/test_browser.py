"""docs/conformance.html in a real browser (headless Chromium, the system's package, driven by
Playwright): it fits a 1400-pixel-wide window, every statement's anchor resolves, and a failing
cell leads to its output. Skipped, saying why, where no Chromium or no Playwright is installed.
Marked ``browser``: the default run deselects it; ``pytest -m browser`` and CI's step run it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import spec_tests
from spec_tests import registry
from spec_tests.report.browser import WIDTH, missing, page_at
from spec_tests.report.htmlpage import render_html
from spec_tests.report.table import build_table
from spec_tests.selftests.reportdata import REGISTRY, entry, result, run

DOCS = Path(spec_tests.__file__).resolve().parent.parent / "docs"

#: CI sets it: there, a missing browser is a failure, not a skip
REQUIRED = bool(os.environ.get("PIP_CACHE_SPEC_REQUIRE_BROWSER"))

if missing() is not None and REQUIRED:
    raise RuntimeError(f"the browser test is required here: {missing()}")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(missing() is not None, reason=str(missing())),
]

#: every in-page link whose target is missing, from inside the page
UNRESOLVED = """() => [...document.querySelectorAll('a[href^="#"]')]
    .map(a => decodeURIComponent(a.getAttribute('href').slice(1)))
    .filter(id => id && !document.getElementById(id))"""


@pytest.fixture(scope="module")
def browser() -> Any:
    """One headless Chromium for the module (Playwright's sync API runs one at a time)."""
    with page_at("about:blank") as page:
        yield page


@pytest.fixture
def committed(browser: Any) -> Any:
    html = DOCS / "conformance.html"
    if not html.exists():
        pytest.skip("docs/conformance.html exists only in a checkout of the repository")
    browser.goto(html.as_uri())
    return browser


def test_no_horizontal_overflow_at_1400_pixels(committed: Any) -> None:
    assert committed.evaluate("document.documentElement.scrollWidth") <= WIDTH
    box = committed.evaluate(
        "(() => { const r = document.querySelector('table.mx').getBoundingClientRect();"
        " return [r.left, r.right]; })()"
    )
    assert box[0] >= 0
    assert box[1] <= WIDTH, f"the matrix spans {box}"


def test_every_statement_anchor_resolves(committed: Any) -> None:
    """``#<statement id>`` is the statement's row of the matrix and ``#s-<id>`` its block; every
    in-page link of the document has its target."""
    ids = [s.id for s in registry.load().values() if s.tier.needs_tests]
    both = "ids => ids.filter(i => document.getElementById(i) && document.getElementById('s-' + i))"
    found = committed.evaluate(both, ids)
    assert sorted(set(ids) - set(found)) == []
    assert committed.evaluate(UNRESOLVED) == []
    committed.goto(committed.url.split("#")[0] + "#http.fresh-served-from-cache")
    assert committed.evaluate("document.querySelector(':target').tagName") == "TR"


def test_the_documented_tier_fits_one_screen(committed: Any) -> None:
    """The matrix's documented rows, header included, fit one 1400 x 1000 window."""
    height = committed.evaluate(
        """(() => { const rows = [...document.querySelectorAll('table.mx tr.tier')];
        const top = document.querySelector('table.mx').getBoundingClientRect().top;
        return rows[1].getBoundingClientRect().top - top; })()"""
    )
    assert height <= 1000


def test_a_failing_cell_leads_to_its_output(browser: Any, tmp_path: Path) -> None:
    """Clicking a failing cell of the matrix scrolls to its details, which show the failure's
    output."""
    failed = entry("t.py::t", "failed", longrepr="E   AssertionError: THE EXPECTATION\n\nt.py:3")
    table = build_table([run(result(**{"a.one": [failed], "a.two": [entry()]}))], REGISTRY)
    html = tmp_path / "c.html"
    html.write_text(render_html(table, registry=REGISTRY), encoding="utf-8")
    page = browser
    page.goto(html.as_uri())
    page.click("table.mx td.f a")
    assert page.url.endswith("#d-pip-24.2--a.one")
    target = page.locator(":target")
    assert "THE EXPECTATION" in target.locator("pre").inner_text()
    top = target.evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= top < 1000, "the output is not scrolled into view"
    assert page.evaluate(UNRESOLVED) == []
