"""One run of the installer (:mod:`model.install.run`) with its fetcher stubbed: the wheel-cache
events it tells the explainer (event, link kind, decision, subject), the errors it raises, the
dependencies it follows. Builds use an in-tree backend (no build requirement, no network)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import tarfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from model.install.errors import BuildFailed, NotFound, Unsupported
from model.install.explain import Explainer, WheelEvent
from model.install.fetch import Page
from model.install.options import parse
from model.install.requirement import Direct, classify
from model.install.run import Run, _check_built, _dependencies, obtain_wheel, perform
from model.wheels.decision import CacheDecision
from model.wheels.links import LinkKind, parse_link

BACKEND = """
import base64, hashlib, os, zipfile
def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    print("built by the backend")
    name, version = open("id.txt").read().split()
    requires = open("requires.txt").read()
    dist = f"{name}-{version}.dist-info"
    wheel = f"{name}-{version}-py3-none-any.whl"
    members = {
        f"{name}.py": b"",
        f"{dist}/METADATA":
            f"Metadata-Version: 2.1\\nName: {name}\\nVersion: {version}\\n{requires}".encode(),
        f"{dist}/WHEEL": b"Wheel-Version: 1.0\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n",
    }
    record = ""
    with zipfile.ZipFile(os.path.join(wheel_directory, wheel), "w") as zf:
        for member, data in members.items():
            zf.writestr(member, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            record += f"{member},sha256={digest.decode()},{len(data)}\\n"
        zf.writestr(f"{dist}/RECORD", record + f"{dist}/RECORD,,\\n")
    return wheel
"""
PYPROJECT = '[build-system]\nrequires = {}\nbuild-backend = "backend"\nbackend-path = ["."]\n'


def sdist(
    where: Path, name: str = "proj", version: str = "1.0", requires: str = "", build: str = "[]"
) -> Path:
    """An sdist whose backend builds ``name``-``version`` requiring ``requires`` (METADATA
    lines)."""
    where.mkdir(parents=True, exist_ok=True)
    path = where / f"{name}-{version}.tar.gz"
    members = {
        "pyproject.toml": PYPROJECT.format(build).encode(),
        "backend.py": BACKEND.encode(),
        "id.txt": f"{name} {version}".encode(),
        "requires.txt": requires.encode(),
    }
    with tarfile.open(path, "w:gz") as tf:
        for member, data in members.items():
            info = tarfile.TarInfo(f"{name}-{version}/{member}")
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return path


class Recorder(Explainer):
    def __init__(self) -> None:
        super().__init__(None)
        self.calls: list[tuple[WheelEvent, LinkKind, CacheDecision, str]] = []

    def wheel(
        self, event: WheelEvent, kind: LinkKind, decision: CacheDecision, subject: str
    ) -> None:
        self.calls.append((event, kind, decision, subject))


@dataclass
class StubFetcher:
    """Serves files from a local directory by their URL's last part; pages from a dict."""

    files: Path
    pages: dict[str, Page] = field(default_factory=dict)
    fetched: list[tuple[str, Path]] = field(default_factory=list)

    def file(self, link: str, into: Path) -> Path:
        self.fetched.append((link, into))
        into.mkdir(parents=True)
        name = link.partition("#")[0].rpartition("/")[2]
        (into / name).write_bytes((self.files / name).read_bytes())
        return into / name

    def page(self, url: str) -> Page | None:
        return self.pages.get(url)


@dataclass
class Made:
    run: Run
    explainer: Recorder
    fetcher: StubFetcher
    said: list[str]
    warned: list[str]


def _env(tmp_path: Path) -> dict[str, str]:
    """No pip configuration; any request off the local index sent to a closed local port."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "PIP_CONFIG_FILE": os.devnull,
        "XDG_CACHE_HOME": str(tmp_path / "xdg-cache"),
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "HTTP_PROXY": "http://127.0.0.1:9",
        "PIP_RETRIES": "0",
    }


def make(tmp_path: Path, command: str, *argv: str, cache: Path | None = None) -> Made:
    if command == "install" and "--target" not in argv:
        argv = ("--target", "t", *argv)
    options = parse(command, argv)
    assert options is not None
    explainer, fetcher = Recorder(), StubFetcher(tmp_path / "files")
    said: list[str] = []
    warned: list[str] = []
    scratch = tmp_path / "scratch"
    n = 1
    while (scratch / str(n)).exists():
        n += 1
    scratch = scratch / str(n)
    scratch.mkdir(parents=True)
    run = Run(
        options,
        _env(tmp_path),
        tmp_path,
        cache,
        scratch,
        fetcher,
        explainer,
        said.append,
        warned.append,
    )  # type: ignore[arg-type]
    return Made(run, explainer, fetcher, said, warned)


URL = "http://127.0.0.1:9/p/proj-1.0.tar.gz"
NAMED = f"proj @ {URL}"
P = CacheDecision.PERSISTENT
E = CacheDecision.EPHEMERAL


def _direct(text: str, cwd: Path) -> Direct:
    direct = classify(text, str(cwd))
    assert isinstance(direct, Direct)
    return direct


def test_fresh_dirs_are_numbered_across_kinds(tmp_path: Path) -> None:
    run = make(tmp_path, "install", "x").run
    assert [run.fresh_dir("a"), run.fresh_dir("b"), run.fresh_dir("a")] == [
        tmp_path / "scratch" / "1" / "a-1",
        tmp_path / "scratch" / "1" / "b-2",
        tmp_path / "scratch" / "1" / "a-3",
    ]


def test_a_remote_sdist_is_built_stored_then_reused(tmp_path: Path) -> None:
    sdist(tmp_path / "files")
    cache = tmp_path / "cache"
    first = make(tmp_path, "install", NAMED, cache=cache)
    stored = obtain_wheel(first.run, _direct(NAMED, tmp_path))
    kind = LinkKind.REMOTE_ARCHIVE
    assert first.explainer.calls == [
        (WheelEvent.MISSED, kind, P, "proj 1.0"),
        (WheelEvent.STORED, kind, P, stored.name),
    ]
    assert stored.is_relative_to(cache)
    assert [(link, into.name) for link, into in first.fetcher.fetched] == [(URL, "download-1")]
    assert first.said == []  # the backend's output only with -v
    again = make(tmp_path, "install", "-v", NAMED, cache=cache)
    assert obtain_wheel(again.run, _direct(NAMED, tmp_path)) == stored
    assert again.explainer.calls == [(WheelEvent.REUSED, kind, P, stored.name)]
    assert again.fetcher.fetched == []


def test_the_backends_output_is_said_with_verbose(tmp_path: Path) -> None:
    sdist(tmp_path / "files")
    made = make(tmp_path, "install", "-v", URL)
    obtain_wheel(made.run, _direct(URL, tmp_path))
    assert made.said == ["built by the backend"]
    assert made.explainer.calls == [
        (WheelEvent.DISABLED, LinkKind.REMOTE_ARCHIVE, P, URL),
    ]


def test_a_local_sdist_is_not_looked_up_and_kept_for_the_run(tmp_path: Path) -> None:
    path = sdist(tmp_path / "files")
    made = make(tmp_path, "install", str(path), cache=tmp_path / "cache")
    direct = _direct(str(path), tmp_path)
    wheel = obtain_wheel(made.run, direct)
    kind = LinkKind.LOCAL_ARCHIVE
    assert made.explainer.calls == [
        (WheelEvent.NOT_LOOKED_UP, kind, E, path.as_uri()),
        (WheelEvent.EPHEMERAL, kind, E, "proj-1.0-py3-none-any.whl"),
    ]
    assert wheel.is_relative_to(tmp_path / "scratch")
    assert not (tmp_path / "cache" / "wheels").exists()


def test_an_unnamed_remote_archive_is_built_unlooked(tmp_path: Path) -> None:
    sdist(tmp_path / "files")
    made = make(tmp_path, "install", URL, cache=tmp_path / "cache")
    obtain_wheel(made.run, _direct(URL, tmp_path))
    kind = LinkKind.REMOTE_ARCHIVE
    assert made.explainer.calls[0] == (WheelEvent.UNNAMED, kind, P, URL)  # stored, not looked up
    assert made.explainer.calls[1][0] is WheelEvent.STORED


def test_a_cache_that_cannot_be_written_is_warned_about(tmp_path: Path) -> None:
    sdist(tmp_path / "files")
    cache = tmp_path / "cache"
    cache.write_text("a file, not a directory")
    made = make(tmp_path, "install", NAMED, cache=cache)
    wheel = obtain_wheel(made.run, _direct(NAMED, tmp_path))
    assert wheel.name == "proj-1.0-py3-none-any.whl"
    assert made.explainer.calls[-1] == (
        WheelEvent.NOT_STORED,
        LinkKind.REMOTE_ARCHIVE,
        P,
        "proj-1.0-py3-none-any.whl",
    )
    assert len(made.warned) == 1
    assert made.warned[0].startswith(f"the wheel cache in {cache} cannot be written (")
    assert "None" not in made.warned[0]
    assert "Errno" not in made.warned[0]  # the reason alone


def test_the_built_wheel_must_be_the_links_project_and_version(tmp_path: Path) -> None:
    link = parse_link("proj @ " + URL + "#sha256=" + "0" * 64)
    _check_built(link, Path("proj-1.0-py3-none-any.whl"))
    full = URL + "#sha256=" + "0" * 64
    with pytest.raises(BuildFailed, match=r"^the backend built proj\.zip, which is no wheel"):
        _check_built(link, Path("proj.zip"))
    with pytest.raises(BuildFailed) as other:
        _check_built(link, Path("other-1.0-py3-none-any.whl"))
    assert str(other.value) == f"{full} built a wheel of other, not of proj"
    with pytest.raises(BuildFailed) as version:
        _check_built(link, Path("proj-2.0-py3-none-any.whl"))
    assert str(version.value) == f"{full} built version 2.0, not 1.0"


def test_dependencies_direct_ones_followed_others_warned(tmp_path: Path) -> None:
    dep = (tmp_path / "dep-1.0-py3-none-any.whl").as_uri()
    requires = (
        "Requires-Dist: never @ https://127.0.0.1:9/never.whl ; python_version < '3'\n"
        "Requires-Dist: extra-only @ https://127.0.0.1:9/x.whl ; extra == 'x'\n"
        "Requires-Dist: plain>1\n"
        f"Requires-Dist: dep @ {dep}\n"
        "Requires-Dist: empty-extra @ https://127.0.0.1:9/e.whl ; extra == ''\n"
    )
    path = sdist(tmp_path / "files", requires=requires)
    made = make(tmp_path, "install", str(path))
    wheel = obtain_wheel(made.run, _direct(str(path), tmp_path))
    found = _dependencies(made.run, wheel)
    assert [d.link.url for d in found] == [dep, "https://127.0.0.1:9/e.whl"]
    assert made.warned == [
        "proj-1.0-py3-none-any.whl depends on plain>1: not installed (the model resolves no "
        "dependencies from an index; install it by itself)"
    ]


def test_a_relative_dependency_is_the_working_directorys(tmp_path: Path) -> None:
    requires = "Requires-Dist: dep @ file:dep-1.0-py3-none-any.whl\n"
    path = sdist(tmp_path / "files", requires=requires)
    made = make(tmp_path, "install", str(path))
    wheel = obtain_wheel(made.run, _direct(str(path), tmp_path))
    try:
        found = _dependencies(made.run, wheel)
    except Unsupported:
        pytest.skip("the model refuses a relative file URL")
    assert [d.path for d in found] == [str(tmp_path / "dep-1.0-py3-none-any.whl")]


def test_the_same_project_twice_in_a_run(tmp_path: Path) -> None:
    path = sdist(tmp_path / "files")
    made = make(tmp_path, "install", "--target", "t", str(path), str(path), "proj @ " + URL)
    with pytest.raises(Unsupported) as twice:
        perform(made.run)
    assert str(twice.value) == f"proj is asked for twice: {path.as_uri()} and {URL}"
    kind = LinkKind.LOCAL_ARCHIVE
    assert made.explainer.calls[-1] == (
        WheelEvent.REUSED_IN_RUN, kind, E, "proj-1.0-py3-none-any.whl",
    )  # fmt: skip


def test_an_unnamed_link_twice_is_built_once(tmp_path: Path) -> None:
    sdist(tmp_path / "files")
    other = sdist(tmp_path / "files", "other", "2.0")
    made = make(tmp_path, "install", URL, URL, str(other))
    perform(made.run)
    assert [link for link, _ in made.fetcher.fetched] == [URL, other.as_uri()]
    events = [call[0] for call in made.explainer.calls]
    assert events == [WheelEvent.DISABLED, WheelEvent.REUSED_IN_RUN, WheelEvent.DISABLED]
    assert made.said == ["Successfully installed proj-1.0 other-2.0"]


def test_install_says_every_project_installed(tmp_path: Path) -> None:
    one = sdist(tmp_path / "files")
    two = sdist(tmp_path / "files", "other", "2.0")
    made = make(tmp_path, "install", "--target", "t", str(one), str(two))
    perform(made.run)
    assert made.said == ["Successfully installed proj-1.0 other-2.0"]
    assert (tmp_path / "t" / "proj.py").is_file()
    assert (tmp_path / "t" / "other.py").is_file()


@pytest.mark.parametrize("command", ["download", "wheel"])
def test_saved_into_the_working_directory_or_a_new_nested_one(tmp_path: Path, command: str) -> None:
    sdist(tmp_path / "files")
    sdist(tmp_path / "files", "other", "2.0")
    other = URL.replace("proj-1.0", "other-2.0")
    made = make(tmp_path, command, URL, other)
    perform(made.run)
    name = "proj-1.0.tar.gz" if command == "download" else "proj-1.0-py3-none-any.whl"
    second = name.replace("proj-1.0", "other-2.0")
    assert made.said == [f"Saved {tmp_path / name}", f"Saved {tmp_path / second}"]
    assert [link for link, _ in made.fetcher.fetched] == [URL, other]
    assert all(into.name.startswith("download-") for _, into in made.fetcher.fetched)
    flag = "-d" if command == "download" else "-w"
    nested = make(tmp_path, command, flag, "a/b", URL)
    perform(nested.run)
    assert (tmp_path / "a" / "b" / name).is_file()
    again = make(tmp_path, command, flag, "a/b", URL)
    perform(again.run)  # the directory exists
    assert again.said == [f"Saved {tmp_path / 'a' / 'b' / name}"]


def test_download_refuses_a_directory(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    made = make(tmp_path, "download", str(tree))
    with pytest.raises(Unsupported) as refused:
        perform(made.run)
    assert str(refused.value) == f"{tree.as_uri()}: download saves files; this is a local directory"


def test_not_found_on_the_index(tmp_path: Path) -> None:
    made = make(tmp_path, "download", "--index-url", "http://127.0.0.1:9/simple", "proj==2.0")
    with pytest.raises(NotFound) as none:
        perform(made.run)
    assert str(none.value) == "no project named 'proj' on the index http://127.0.0.1:9/simple"
    files = [
        {"filename": "proj-1.0.tar.gz", "url": "http://127.0.0.1:9/p/proj-1.0.tar.gz"},
        {
            "filename": "proj-1.5-py3-none-any.whl",
            "url": "http://127.0.0.1:9/p/proj-1.5-py3-none-any.whl",
        },
        {
            "filename": "proj-2.0.tar.gz",
            "url": "http://127.0.0.1:9/p/proj-2.0.tar.gz",
            "requires-python": ">=4",
        },
        {"filename": "other-3.0.tar.gz", "url": "http://127.0.0.1:9/p/other-3.0.tar.gz"},
    ]
    body = json.dumps(
        {
            "meta": {"api-version": "1.0"},
            "name": "proj",
            "files": [{**f, "hashes": {}} for f in files],
        }
    ).encode()
    page = Page("http://127.0.0.1:9/simple/proj/", body, "application/vnd.pypi.simple.v1+json")
    made.fetcher.pages["http://127.0.0.1:9/simple/proj/"] = page
    with pytest.raises(NotFound) as versions:
        perform(made.run)
    assert str(versions.value) == (
        "no file of proj matches ==2.0 (formats: binary, source; versions: 1.0, 1.5, 2.0)"
    )
    nothing = make(tmp_path, "download", "--index-url", "http://127.0.0.1:9/simple",
                   "--no-binary", "nosuch", "nosuch")  # fmt: skip
    nothing.fetcher.pages["http://127.0.0.1:9/simple/nosuch/"] = page
    with pytest.raises(NotFound) as empty:
        perform(nothing.run)
    assert str(empty.value) == (
        "no file of nosuch matches any version (formats: source; versions: none)"
    )


def test_a_wheel_link_is_used_as_it_is(tmp_path: Path) -> None:
    wheel = tmp_path / "files" / "proj-1.0-py3-none-any.whl"
    wheel.parent.mkdir()
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("proj.py", "")
    made = make(tmp_path, "install", str(wheel), cache=tmp_path / "cache")
    assert obtain_wheel(made.run, _direct(str(wheel), tmp_path)) == wheel
    url = "http://127.0.0.1:9/p/proj-1.0-py3-none-any.whl#sha256=" + "0" * 64
    fetched = obtain_wheel(made.run, _direct(url, tmp_path))
    assert made.fetcher.fetched == [(url, tmp_path / "scratch" / "1" / "download-1")]
    assert fetched.read_bytes() == wheel.read_bytes()
    assert made.explainer.calls == []


def test_build_requirements_from_the_runs_index(tmp_path: Path) -> None:
    """The build environment's requirements come from ``--index-url`` (here a file index)."""
    project = tmp_path / "index" / "tinydep"
    project.mkdir(parents=True)
    name = "tinydep-2.0-py3-none-any.whl"
    with zipfile.ZipFile(project / name, "w") as zf:
        zf.writestr("tinydep.py", "")
        zf.writestr(
            "tinydep-2.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: tinydep\nVersion: 2.0\n"
        )
        zf.writestr(
            "tinydep-2.0.dist-info/WHEEL",
            "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        )
        zf.writestr("tinydep-2.0.dist-info/RECORD", "")
    (project / "index.html").write_text(f'<a href="{name}">{name}</a>', encoding="utf-8")
    path = sdist(tmp_path / "files", build='["tinydep"]')
    index = (tmp_path / "index").as_uri()
    made = make(tmp_path, "install", "--index-url", index, str(path))
    assert obtain_wheel(made.run, _direct(str(path), tmp_path)).name == "proj-1.0-py3-none-any.whl"


def test_the_index_file_whose_requires_python_this_python_meets(tmp_path: Path) -> None:
    sdist(tmp_path / "files", version="2.0")
    url = "http://127.0.0.1:9/p/proj-2.0.tar.gz"
    body = json.dumps(
        {
            "meta": {"api-version": "1.0"},
            "name": "proj",
            "files": [
                {"filename": "proj-2.0.tar.gz", "url": url, "hashes": {}, "requires-python": ">=3"}
            ],
        }
    ).encode()
    index = "http://127.0.0.1:9/simple"
    made = make(tmp_path, "download", "--index-url", index, "proj==2.0")
    page = Page(f"{index}/proj/", body, "application/vnd.pypi.simple.v1+json")
    made.fetcher.pages[f"{index}/proj/"] = page
    perform(made.run)
    assert [link for link, _ in made.fetcher.fetched] == [url]


def test_a_git_commit_is_looked_up_by_project_alone(tmp_path: Path) -> None:
    """A commit link names no version: the missed lookup names the project only."""
    repo = tmp_path / "repo"
    with tarfile.open(sdist(tmp_path / "files")) as tf:
        tf.extractall(tmp_path / "unpacked", filter="data")
    (tmp_path / "unpacked" / "proj-1.0").rename(repo)
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "GIT_CONFIG_NOSYSTEM": "1"}
    commit = ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "1"]
    for args in (["init", "-q", "-b", "main"], ["add", "."], commit):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)
    sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, env=env, check=True,
                         capture_output=True, text=True).stdout.strip()  # fmt: skip
    link = f"proj @ git+{repo.as_uri()}@{sha}"
    made = make(tmp_path, "install", link, cache=tmp_path / "cache")
    obtain_wheel(made.run, _direct(link, tmp_path))
    assert made.explainer.calls[0] == (WheelEvent.MISSED, LinkKind.VCS_COMMIT, P, "proj")
