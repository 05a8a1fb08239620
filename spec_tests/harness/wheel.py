"""A tiny, valid, reproducible wheel to serve: ``demo-1.0-py3-none-any.whl`` in numbered variants.

Real pip downloads it (``pip download --no-deps URL``) and checks its metadata, so the bytes the
origin serves must be a real wheel; each variant differs in content, not in name or version.
"""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from functools import cache

__all__ = ["WHEEL_NAME", "wheel_bytes"]

WHEEL_NAME = "demo-1.0-py3-none-any.whl"
_STAMP = (2020, 1, 1, 0, 0, 0)


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


@cache
def wheel_bytes(variant: int) -> bytes:
    """The wheel's bytes for ``variant`` (same name and version, different content)."""
    files = {
        "demo/__init__.py": f"VARIANT = {variant}\n".encode(),
        "demo-1.0.dist-info/METADATA": b"Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n",
        "demo-1.0.dist-info/WHEEL": (
            b"Wheel-Version: 1.0\nGenerator: pip-cache-spec\nRoot-Is-Purelib: true\n"
            b"Tag: py3-none-any\n"
        ),
    }
    record = "\n".join(
        [*(_record_line(n, d) for n, d in files.items()), "demo-1.0.dist-info/RECORD,,", ""]
    )
    files["demo-1.0.dist-info/RECORD"] = record.encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(zipfile.ZipInfo(name, _STAMP), data)
    return buf.getvalue()
