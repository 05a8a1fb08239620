"""A tiny, valid, reproducible wheel to serve: ``demo-1.0-py3-none-any.whl`` in numbered variants,
and the releases of ``demo``.

Real pip downloads it (``pip download --no-deps URL``) and checks its metadata, so the bytes the
origin serves must be a real wheel. Variant N of ``demo-1.0`` differs in content only
(``VARIANT = N``), not in name or version: the same file name with other bytes, which a public index
never serves. Release N is ``demo-N.0`` with ``VARIANT = N`` (:func:`release_bytes`): what a public
index adds when it publishes.
"""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from functools import cache

__all__ = ["WHEEL_NAME", "release_bytes", "release_name", "wheel_bytes"]

WHEEL_NAME = "demo-1.0-py3-none-any.whl"
_STAMP = (2020, 1, 1, 0, 0, 0)


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def release_name(release: int) -> str:
    """The wheel file name of release ``release`` of demo (release 1: :data:`WHEEL_NAME`)."""
    return f"demo-{release}.0-py3-none-any.whl"


def release_bytes(release: int) -> bytes:
    """The wheel of demo ``<release>.0`` (``VARIANT = <release>``)."""
    return wheel_bytes(release, f"{release}.0")


@cache
def wheel_bytes(variant: int, version: str = "1.0") -> bytes:
    """The bytes of demo ``version``'s wheel in ``variant`` (same name and version, different
    content)."""
    info = f"demo-{version}.dist-info"
    files = {
        "demo/__init__.py": f"VARIANT = {variant}\n".encode(),
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: demo\nVersion: {version}\n".encode(),
        f"{info}/WHEEL": (
            b"Wheel-Version: 1.0\nGenerator: pip-cache-spec\nRoot-Is-Purelib: true\n"
            b"Tag: py3-none-any\n"
        ),
    }
    record = "\n".join([*(_record_line(n, d) for n, d in files.items()), f"{info}/RECORD,,", ""])
    files[f"{info}/RECORD"] = record.encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(zipfile.ZipInfo(name, _STAMP), data)
    return buf.getvalue()
