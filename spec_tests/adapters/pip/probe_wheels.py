"""Asks an installed pip's own wheel-cache code, in its own process. Run as a script:

    python probe_wheels.py decision <link> <editable: 0|1>
    python probe_wheels.py store <cache_dir> <link> <wheel>
    python probe_wheels.py lookup <cache_dir> <link> <name or "">

``link`` is a URL, an absolute path or ``name @ url``. Prints one JSON object. Only pip's code
decides: ``pip._internal.wheel_builder._should_cache`` (is a built wheel kept across runs) and
``pip._internal.cache.WheelCache`` (where a link's wheels live, which one is used). What this
script adds is pip's *input*: a requirement object with a source directory, and for a VCS link a
git checkout of the revision (``_should_cache`` asks the checkout whether the revision is a commit).

Adapts to pip 20.0 .. newest: pip 20.0 has no ``get_cache_entry`` and keeps its tags in
``pep425tags``; ``WheelCache`` took a ``FormatControl`` until 22.x; the ephemeral
cache needs pip's global temp-dir manager.
"""

import sys

# Run by path, this script's folder heads sys.path, where sibling modules (http.py, wheel.py)
# would shadow the standard library and pip's own imports: take it off first.
_here = __import__("os").path.dirname(__import__("os").path.realpath(__file__))
sys.path[:] = [p for p in sys.path if __import__("os").path.realpath(p or ".") != _here]

import inspect
import json
import os
import shutil
import subprocess
import tempfile


def _split(link):
    name, at, url = link.partition(" @ ")
    return (name.strip(), url.strip()) if at else (None, link)


def _url(target):
    from pip._internal.utils.urls import path_to_url

    if "://" in target or target.startswith(("git+", "hg+", "svn+", "bzr+")):
        return target
    return path_to_url(os.path.abspath(target))


def _wheel_cache(cache_dir):
    from pip._internal.cache import WheelCache

    params = inspect.signature(WheelCache.__init__).parameters
    fc = params.get("format_control")
    if fc is not None and fc.default is inspect.Parameter.empty:  # pip <= 22.2
        from pip._internal.models.format_control import FormatControl

        return WheelCache(cache_dir, FormatControl(set(), set()))
    return WheelCache(cache_dir)


def _git(*args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    subprocess.run(["git", *args], check=True, env=env, capture_output=True)


def _checkout(vcs_url, dest):
    url = vcs_url.split("+", 1)[1].partition("#")[0]
    head, at, rev = url.rpartition("@")
    if not at or "/" in rev:
        head, rev = url, ""
    _git("clone", "-q", head, dest)
    if rev:
        _git("-C", dest, "checkout", "-q", rev)
    return dest


def decision(link, editable, scratch):
    from pip._internal import wheel_builder
    from pip._internal.req import constructors

    name, target = _split(link)
    url = _url(target)
    if editable:
        req = constructors.install_req_from_editable(url if "://" in target else target)
    elif name is not None:
        req = constructors.install_req_from_req_string(name + " @ " + url)
    else:
        req = constructors.install_req_from_line(url)
    if req.link.is_vcs:
        req.source_dir = _checkout(req.link.url, os.path.join(scratch, "src"))
    elif req.link.scheme == "file" and os.path.isdir(req.link.file_path):
        req.source_dir = req.link.file_path
    else:
        req.source_dir = scratch
    if getattr(req, "use_pep517", False) is None:
        # pip decides this from the source tree's pyproject.toml, which every project of the
        # suite has (pip 20.x only builds non-PEP 517 projects when the wheel package is there)
        req.use_pep517 = True
    if req.link.is_wheel:
        return {"decision": "none"}
    return {"decision": "persistent" if wheel_builder._should_cache(req) else "ephemeral"}


def store(cache_dir, link, wheel):
    from pip._internal.models.link import Link

    directory = _wheel_cache(cache_dir).get_path_for_link(Link(_url(_split(link)[1])))
    os.makedirs(directory, exist_ok=True)
    return {"path": shutil.copy2(wheel, os.path.join(directory, os.path.basename(wheel)))}


def _supported_tags():
    try:
        from pip._internal.utils.compatibility_tags import get_supported
    except ImportError:  # pip 20.0
        from pip._internal.pep425tags import get_supported
    return get_supported()


def lookup(cache_dir, link, name):
    from pip._internal.models.link import Link

    cache, source = _wheel_cache(cache_dir), Link(_url(_split(link)[1]))
    if not hasattr(cache, "get_cache_entry"):  # pip 20.0: get() answers the link itself on a miss
        # (this process's ephemeral cache is empty, so any hit is a persistent one)
        found = cache.get(source, name or None, _supported_tags())
        return {"path": None if found is source else found.file_path}
    entry = cache.get_cache_entry(source, name or None, _supported_tags())
    if entry is None or not entry.persistent:
        return {"path": None}
    return {"path": entry.link.file_path}


def main(argv):
    from pip._internal.utils.temp_dir import global_tempdir_manager

    scratch = tempfile.mkdtemp(prefix="pip-spec-probe-")
    try:
        with global_tempdir_manager():
            if argv[0] == "decision":
                answer = decision(argv[1], argv[2] == "1", scratch)
            elif argv[0] == "store":
                answer = store(*argv[1:4])
            elif argv[0] == "lookup":
                answer = lookup(*argv[1:4])
            else:
                print("usage: probe_wheels.py decision|store|lookup ...", file=sys.stderr)
                return 2
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(json.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
