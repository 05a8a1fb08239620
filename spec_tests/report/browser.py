"""The HTML in a real browser: headless Chromium from the system's packages, driven by Playwright.

Never downloads a browser: Playwright is pointed at the executable (``/usr/bin/chromium``, or
``$PIP_CACHE_SPEC_CHROMIUM``). Used by the browser self-test (``selftests/test_browser.py``) and
to take the README's screenshot::

    python -m spec_tests.report.browser docs/conformance.html docs/matrix.png
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

__all__ = ["FLAGS", "WIDTH", "chromium", "missing", "page_at", "screenshot"]

#: the window the documents are made for
WIDTH, HEIGHT = 1400, 1000
#: Chromium's flags that work headless, as root, without a network or a GPU
FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def chromium() -> str | None:
    """The Chromium executable to drive, or None."""
    wanted = os.environ.get("PIP_CACHE_SPEC_CHROMIUM") or "/usr/bin/chromium"
    found = shutil.which(wanted)
    return found if found and os.access(found, os.X_OK) else None


def missing() -> str | None:
    """Why no browser can run here (None: one can)."""
    if chromium() is None:
        return "no Chromium (apt-get install chromium, or set PIP_CACHE_SPEC_CHROMIUM)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "no Playwright (pip install playwright; its browsers are not needed)"
    return None


@contextlib.contextmanager
def page_at(url: str, *, width: int = WIDTH, height: int = HEIGHT) -> Iterator[Any]:
    """A Playwright page showing ``url`` in a fresh headless Chromium profile."""
    from playwright.sync_api import sync_playwright

    executable = chromium()
    if executable is None:
        raise RuntimeError(missing())
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile,
            executable_path=executable,
            headless=True,
            args=list(FLAGS),
            viewport={"width": width, "height": height},
        )
        try:
            page = context.new_page()
            page.goto(url)
            yield page
        finally:
            context.close()


def screenshot(html: Path, png: Path, *, height: int = 760) -> None:
    """The matrix's documented tier, as a reader's 1400-pixel-wide window shows it."""
    with page_at(html.resolve().as_uri()) as page:
        top = page.evaluate("document.getElementById('matrix').getBoundingClientRect().top")
        page.evaluate(f"window.scrollTo(0, {top} + window.scrollY)")
        page.screenshot(path=str(png), clip={"x": 0, "y": 0, "width": WIDTH, "height": height})


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        print("usage: python -m spec_tests.report.browser HTML PNG", file=sys.stderr)
        return 2
    why = missing()
    if why:
        print(f"error: {why}", file=sys.stderr)
        return 2
    screenshot(Path(args[0]), Path(args[1]))
    print(f"wrote {args[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
