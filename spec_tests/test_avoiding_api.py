"""'Avoiding caching', at the API level: the statements of ``test_avoiding.py`` asked of the
``wheels`` facet (and, for the removal, the ``commands`` facet) instead of a black-box installer.

The page's story: a package with an optional C extension was built once where the extension could
not be built, so the cache holds its *pure* wheel; later, in an environment that could build the
extension, pip still uses that wheel. What the API level can state of it:

- the cache is keyed by the link a wheel was built from and the requirement's name and version,
  nothing of the building environment: the stored pure wheel is what a lookup returns, in a
  changed environment, although the interpreter supports the platform wheel the extension build
  would make (``avoid.cached-wheel-despite-environment``: with compiler variables set;
  ``avoid.builds-assumed-deterministic``: though a better tag is supported);
- an sdist file, given by path, finds none of the wheels cached for the index's sdist of the same
  name and version, and is built (``avoid.sdist-install-builds``), which is what the page's
  download-then-install recipe relies on (``avoid.download-then-install-recipe``);
- the recipe's build does not replace the index's wheel (observed: the page's "also remove");
- after ``pip cache remove NAME`` the lookup misses, and the next build from the index is the
  wheel used (``avoid.remove-offending-wheel``).

What stays end to end only (``test_avoiding.py``): that ``pip download --no-binary :all:`` fetches
the sdist rather than a wheel, and that a build really runs; the facet has no download and no build.
"""

from __future__ import annotations

import zipfile
from typing import TYPE_CHECKING

import pytest
from packaging.tags import sys_tags
from packaging.utils import canonicalize_name

from spec_tests.harness.backend import VARIANT_ENV, BuildCounter, Project, write_sdist
from spec_tests.harness.cleanenv import clean_env

if TYPE_CHECKING:
    from pathlib import Path

    from spec_tests.interface import CacheCommands, WheelCache

INDEX = "http://127.0.0.1:9/files"

#: Variables of an environment that "could have built those optional C extensions".
EXTENSION_ENV = {"CC": "cc", "CFLAGS": "-O2", "LDSHARED": "cc -shared", VARIANT_ENV: "ext"}


def _index_link(name: str, version: str) -> str:
    """The index's sdist of ``name`` ``version``, as pip finds it on a simple index page."""
    return f"{INDEX}/{canonicalize_name(name).replace('-', '_')}-{version}.tar.gz"


def _built_wheel(directory: Path, name: str, version: str, variant: str, tag: str) -> Path:
    """A wheel of ``name`` ``version`` whose module says which build made it: "pure" or "ext"."""
    directory.mkdir(parents=True, exist_ok=True)
    dist = canonicalize_name(name).replace("-", "_")
    target = directory / f"{dist}-{version}-{tag}.whl"
    with zipfile.ZipFile(target, "w") as zf:
        zf.writestr(f"{dist}.py", f"VARIANT = {variant!r}\n")
        zf.writestr(f"{dist}-{version}.dist-info/METADATA", f"Name: {name}\nVersion: {version}\n")
    return target


def _variant(wheel: Path) -> str:
    """Which build made ``wheel``: the module's ``VARIANT``."""
    with zipfile.ZipFile(wheel) as zf:
        module = next(n for n in zf.namelist() if "/" not in n and n.endswith(".py"))
        return zf.read(module).decode().split("'")[1]


def _ext_tag() -> str:
    """The tag of the wheel a build with the C extension makes: one for this platform, better
    than ``py3-none-any``. Spelled ``py3-none-<platform>`` (plain, not manylinux): every pip
    supports it here, while pip 20.1 on Python 3.11 knows no ``cp311`` (it says ``cp3_11``)."""
    plain = next(t for t in sys_tags() if not t.platform.startswith(("manylinux", "musllinux")))
    return f"py3-none-{plain.platform}"


def _downloaded(tmp_path: Path) -> Path:
    """What ``pip download sample==1.0 --no-binary :all: -d <dir>`` leaves: the index's sdist."""
    project = Project("sample", "1.0", BuildCounter(tmp_path / "builds"))
    downloaded = write_sdist(project, tmp_path / "downloads")
    assert downloaded.name == "sample-1.0.tar.gz"
    return downloaded


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def pure(wheels: WheelCache, cache: Path, tmp_path: Path) -> Path:
    """``sample`` 1.0 from the index, built where the extension could not be: its pure wheel is
    in the cache, stored in an environment with no compiler variables."""
    wheel = _built_wheel(tmp_path / "built-pure", "sample", "1.0", "pure", "py3-none-any")
    with pytest.MonkeyPatch.context() as mp:
        for var in EXTENSION_ENV:
            mp.delenv(var, raising=False)
        assert wheels.cache_decision(_index_link("sample", "1.0")) == "persistent"
        wheels.store(cache, _index_link("sample", "1.0"), wheel)
    return wheel


@pytest.mark.statement("avoid.cached-wheel-despite-environment")
def test_changed_environment_finds_the_pure_wheel(
    wheels: WheelCache, cache: Path, pure: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A changed environment, one with compiler variables, still finds the cached pure wheel.

    Page: "pip will use that cached wheel even when you later invoke it from an environment that
    could have built those optional C extensions". The lookup runs where compiler variables are set
    (they reach a subprocess implementation too): the cache key carries no build environment, so the
    pure wheel is found, unchanged.
    """
    for var, value in EXTENSION_ENV.items():
        monkeypatch.setenv(var, value)
    found = wheels.lookup(cache, _index_link("sample", "1.0"), "sample")
    assert found is not None
    assert found.read_bytes() == pure.read_bytes()
    assert _variant(found) == "pure"


@pytest.mark.statement("avoid.builds-assumed-deterministic")
def test_pure_wheel_used_though_a_better_tag_is_supported(
    wheels: WheelCache, cache: Path, pure: Path
) -> None:
    """The cached pure wheel is used though the interpreter supports a platform wheel.

    Page: "pip is seeing a cached wheel that matches the package being built, and pip assumes that
    the result of building a package from a package index is deterministic". The running
    interpreter supports the platform wheel an extension build would make, a better tag than the
    cached ``py3-none-any``; the match is by name and version, so the cached pure wheel stands for
    the build rather than a rebuild being asked for.
    """
    assert any(tag.platform != "any" for tag in sys_tags())  # platform wheels are supported
    found = wheels.lookup(cache, _index_link("sample", "1.0"), "sample")
    assert found is not None
    assert found.name == pure.name
    assert _variant(found) == "pure"


@pytest.mark.statement("avoid.sdist-install-builds")
@pytest.mark.parametrize("spelling", ["path", "file-url", "named-file-url"])
def test_sdist_file_misses_the_index_wheel(
    wheels: WheelCache, cache: Path, pure: Path, tmp_path: Path, spelling: str
) -> None:
    """The index's sdist given as a file finds none of the index's cached wheels: it is built.

    Page: "Installing directly from a source distribution will make pip build a wheel, regardless of
    whether there is a matching cached wheel." The file is the index's own sdist (same file name,
    same name and version) in a local directory; however it is spelled, the lookup finds nothing and
    the decision says a wheel is built from it (anything but "none").
    """
    project = Project("sample", "1.0", BuildCounter(tmp_path / "builds"))
    sdist = write_sdist(project, tmp_path / "dist")
    link, name = {
        "path": (str(sdist), None),
        "file-url": (sdist.as_uri(), None),
        "named-file-url": (f"sample @ {sdist.as_uri()}", "sample"),
    }[spelling]
    assert wheels.lookup(cache, _index_link("sample", "1.0"), "sample") is not None
    assert wheels.lookup(cache, link, name) is None
    assert wheels.cache_decision(link) != "none"


@pytest.mark.statement("avoid.download-then-install-recipe")
def test_downloaded_sdist_is_built_not_taken_from_cache(
    wheels: WheelCache, cache: Path, pure: Path, tmp_path: Path
) -> None:
    """The recipe's downloaded sdist finds no cached wheel, so installing it builds.

    Page: "$ python -m pip download sampleproject==1.0.0 --no-binary :all: $ python -m pip install
    sampleproject-1.0.0.tar.gz". The download leaves ``sample-1.0.tar.gz``, the index's own file
    name, in a directory; the lookup for that file (a bare path, and the ``file://`` URL it stands
    for) finds no cached wheel though the pure one is cached for the index's sdist, and a wheel is
    built from it.
    """
    downloaded = _downloaded(tmp_path)
    for link in (str(downloaded), downloaded.as_uri()):
        assert wheels.lookup(cache, link, None) is None
        assert wheels.cache_decision(link) != "none"


@pytest.mark.statement("observed.avoid.recipe-keeps-index-wheel")
def test_recipe_build_does_not_replace_the_index_wheel(
    wheels: WheelCache, cache: Path, pure: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The recipe's build does not replace the index's cached wheel.

    Why the page says "It is also a good idea to remove the offending cached wheel": the recipe's
    build, in the extension environment, is kept (if at all) for the downloaded file only; the
    index's sdist still finds the pure wheel.
    """
    downloaded = str(_downloaded(tmp_path))
    for var, value in EXTENSION_ENV.items():
        monkeypatch.setenv(var, value)
    ext = _built_wheel(tmp_path / "built-ext", "sample", "1.0", "ext", _ext_tag())
    if wheels.cache_decision(downloaded) == "persistent":
        wheels.store(cache, downloaded, ext)
    found = wheels.lookup(cache, _index_link("sample", "1.0"), "sample")
    assert found is not None
    assert _variant(found) == "pure"


@pytest.mark.statement("avoid.remove-offending-wheel")
def test_cache_remove_drops_the_offending_wheel(
    wheels: WheelCache,
    commands: CacheCommands,
    cache: Path,
    pure: Path,
    tmp_path: Path,
) -> None:
    """``pip cache remove NAME`` drops the offending wheel; the next build is the one used.

    Page: "It is also a good idea to remove the offending cached wheel using the pip cache command."
    ``pip cache remove sample`` removes the pure wheel: the index link's lookup misses (a build
    follows), another project's wheel stays, and the wheel built next is the one used.
    """
    other = _built_wheel(tmp_path / "built-other", "other", "2.0", "pure", "py3-none-any")
    wheels.store(cache, _index_link("other", "2.0"), other)
    (tmp_path / "home").mkdir()
    env = clean_env(HOME=str(tmp_path / "home"))
    args = ["remove", "sample", "--cache-dir", str(cache)]
    result = commands.run_cache(args, env=env, cwd=tmp_path)
    assert result.ok, result.stderr
    assert wheels.lookup(cache, _index_link("sample", "1.0"), "sample") is None
    assert wheels.lookup(cache, _index_link("other", "2.0"), "other") is not None
    ext = _built_wheel(tmp_path / "built-ext", "sample", "1.0", "ext", _ext_tag())
    wheels.store(cache, _index_link("sample", "1.0"), ext)
    found = wheels.lookup(cache, _index_link("sample", "1.0"), "sample")
    assert found is not None
    assert _variant(found) == "ext"
