"""A wheel in the model's hands (:mod:`model.install.unpack`): checked whole before a cached one
is used, installed into ``--target`` as ``pip install --target`` lays it out, its dependencies
read from its ``METADATA``."""

from __future__ import annotations

import base64
import hashlib
import sys
import zipfile
from typing import TYPE_CHECKING

import pytest

from model.install.errors import InstallFailed
from model.install.unpack import install_wheel, intact, requires_dist

if TYPE_CHECKING:
    from pathlib import Path

DIST = "demo-1.0.dist-info"


def _wheel(path: Path, members: dict[str, bytes], record: dict[str, bytes] | None = None) -> Path:
    """A wheel of ``members``, its RECORD hashing ``record`` (by default the members)."""
    lines = []
    for name, data in (record or members).items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        lines.append(f"{name},sha256={digest},{len(data)}")
    lines.append(f"{DIST}/RECORD,,")
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        zf.writestr(f"{DIST}/RECORD", "\n".join(lines) + "\n")
    return path


MEMBERS = {
    "demo.py": b"VERSION = '1.0'\n",
    f"{DIST}/METADATA": b"Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n",
    f"{DIST}/WHEEL": b"Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
}


def test_intact_checks_every_member_against_record(tmp_path: Path) -> None:
    good = _wheel(tmp_path / "demo-1.0-py3-none-any.whl", MEMBERS)
    assert intact(good)
    # a valid zip whose member no longer matches its RECORD hash (same size)
    changed = {**MEMBERS, "demo.py": b"VERSION = '2.0'\n"}
    other = tmp_path / "other"
    other.mkdir()
    assert not intact(_wheel(other / good.name, changed, record=MEMBERS))
    garbage = tmp_path / "garbage" / good.name
    garbage.parent.mkdir()
    garbage.write_bytes(b"not a zip")
    assert not intact(garbage)


def test_install_lays_out_the_target_as_pip_install_target(tmp_path: Path) -> None:
    """Root-Is-Purelib false (platlib at the top), a script, a header and a data file: where pip
    24.2 (in a virtual environment) puts them, checked with ``pip install --target``."""
    data = "demo-1.0.data"
    members = {
        **MEMBERS,
        f"{DIST}/WHEEL": MEMBERS[f"{DIST}/WHEEL"].replace(b"true", b"false"),
        f"{data}/purelib/pure.py": b"",
        f"{data}/scripts/demo-tool": b"#!python\nprint('hi')\n",
        f"{data}/headers/demo.h": b"",
        f"{data}/data/share/demo.txt": b"",
    }
    wheel = _wheel(tmp_path / "demo-1.0-py3-none-any.whl", members)
    target = tmp_path / "t"
    install_wheel(wheel, target)
    found = sorted(str(p.relative_to(target)) for p in target.rglob("*") if p.is_file())
    python = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    assert [p for p in found if not p.startswith(DIST)] == [
        "bin/demo-tool", "demo.py", f"include/site/{python}/demo/demo.h", "pure.py",
        "share/demo.txt",
    ]  # fmt: skip


def test_console_script_runs_this_interpreter_and_installer_is_named(tmp_path: Path) -> None:
    members = {**MEMBERS, f"{DIST}/entry_points.txt": b"[console_scripts]\ndemo-cli = demo:main\n"}
    wheel = _wheel(tmp_path / "demo-1.0-py3-none-any.whl", members)
    target = tmp_path / "new" / "t"  # made, parents too
    install_wheel(wheel, target)
    script = (target / "bin" / "demo-cli").read_text(encoding="utf-8")
    assert script.startswith(f"#!{sys.executable}\n")
    assert (target / DIST / "INSTALLER").read_bytes() == b"pip-cache-spec-model\n"


def test_what_the_target_holds_is_kept_and_named(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """As pip 24.2's ``--target`` (checked: two installs of one wheel into one directory): an
    entry the target already has is kept, named in a warning, and the install goes on; what the
    target lacks is moved in."""
    wheel = _wheel(tmp_path / "demo-1.0-py3-none-any.whl", MEMBERS)
    target = tmp_path / "t"
    install_wheel(wheel, target)
    (target / DIST / "METADATA").write_bytes(b"mine\n")
    (target / "demo.py").rename(tmp_path / "moved-away.py")  # sorts after the kept entry
    with caplog.at_level("WARNING", logger="model"):
        install_wheel(wheel, target)
    assert [r.getMessage() for r in caplog.records] == [
        f"Target directory {target / DIST} already exists. Specify --upgrade to force"
        " replacement."
    ]
    assert (target / DIST / "METADATA").read_bytes() == b"mine\n"
    assert (target / "demo.py").read_bytes() == MEMBERS["demo.py"]


def test_failures_say_which_file(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path / "demo-1.0-py3-none-any.whl", MEMBERS)
    garbage = tmp_path / "garbage" / wheel.name
    garbage.parent.mkdir()
    garbage.write_bytes(b"not a zip")
    with pytest.raises(
        InstallFailed, match=r"^demo-1\.0-py3-none-any\.whl: no readable METADATA \("
    ):
        install_wheel(garbage, tmp_path / "t2")
    with pytest.raises(
        InstallFailed, match=r"^demo-1\.0-py3-none-any\.whl: no readable METADATA \("
    ):
        requires_dist(garbage)
    escaping = _wheel(tmp_path / "garbage" / wheel.name, {**MEMBERS, "../evil.py": b""})
    with pytest.raises(InstallFailed, match=r"^demo-1\.0-py3-none-any\.whl cannot be installed \("):
        install_wheel(escaping, tmp_path / "t2")
