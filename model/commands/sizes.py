"""How ``pip cache`` prints a number of bytes (measured on pip 24.2).

Page: "pip cache info provides an overview of the contents of pip’s cache, such as the total size
and location of various parts of it." The page does not say how a size is written; pip 24.2 was
measured at the boundaries (999, 1000, 1001, 9999, 10000, 10001, 999999, 1000000, 1000001 bytes
and far beyond): decimal units, no GB, thresholds strictly above 1000, 10 000 and 1 000 000.
"""

from __future__ import annotations

__all__ = ["format_size"]

# (exclusive lower bound, divisor, template): the first row whose bound the size exceeds wins.
_UNITS: tuple[tuple[int, int, str], ...] = (
    (1_000_000, 1_000_000, "{:.1f} MB"),
    (10_000, 1_000, "{:d} kB"),
    (1_000, 1_000, "{:.1f} kB"),
)


def format_size(n_bytes: int) -> str:
    """``"999 bytes"``, ``"1.0 kB"``, ``"10 kB"``, ``"1000 kB"``, ``"1.0 MB"``, ``"1234.6 MB"``."""
    for bound, divisor, template in _UNITS:
        if n_bytes > bound:
            if "d}" in template:
                return template.format(int(n_bytes / divisor))
            return template.format(n_bytes / divisor)
    return f"{int(n_bytes)} bytes"
