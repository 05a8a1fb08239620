"""One ``install``, ``download`` or ``wheel`` run: find the source, ask the wheel cache, build or
reuse, then install, save or copy.

Page, 'Locally built wheels': "pip attempts to use wheels from its local wheel cache whenever
possible." Every decision about the wheel cache is :func:`model.wheels.decision.decide`'s (the
same table the API facet answers from), every lookup and store :mod:`model.wheels.store`'s, every
HTTP decision :mod:`model.http.policy`'s; this module only carries them out, in order, and tells
the :class:`~model.install.explain.Explainer` what was decided. A wheel kept "for this run only"
lives in the run's scratch directory, gone when the run ends.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from packaging.requirements import Requirement
from packaging.utils import InvalidWheelFilename, parse_wheel_filename
from packaging.version import Version

from model.install.errors import BuildFailed, NotFound, Unsupported
from model.install.explain import WheelEvent
from model.install.requirement import Direct, FromIndex, classify
from model.wheels.decision import CacheDecision, decide
from model.wheels.facet import python_tag
from model.wheels.links import LinkKind, ParsedLink, parse_link
from model.wheels.store import find_wheel, store_wheel

if TYPE_CHECKING:
    from packaging.tags import Tag

    from model.install.explain import Explainer
    from model.install.fetch import Fetcher
    from model.install.options import Options

__all__ = ["NotFound", "Run", "perform"]


@dataclass
class Run:
    options: Options
    env: Mapping[str, str]
    cwd: Path
    cache_dir: Path | None
    scratch: Path
    fetcher: Fetcher
    explainer: Explainer
    say: Callable[[str], None]
    warn: Callable[[str], None]
    _tags: list[Tag] | None = field(default=None, init=False)
    _n: int = field(default=0, init=False)

    def tags(self) -> list[Tag]:
        if self._tags is None:
            from packaging import tags

            self._tags = list(tags.sys_tags())
        return self._tags

    def fresh_dir(self, what: str) -> Path:
        self._n += 1
        return self.scratch / f"{what}-{self._n}"


def _from_index(run: Run, req: FromIndex) -> Direct:
    """The index's file for ``req``, as a direct link named by the project."""
    from model.install.index import choose, page_url, parse_page

    page = run.fetcher.page(page_url(run.options.index, req.name))
    if page is None:
        raise NotFound(f"no project named {req.name!r} on the index {run.options.index}")
    candidates = parse_page(page.body, page.content_type, page.url)
    python = Version(".".join(map(str, sys.version_info[:3])))
    allowed = run.options.formats.allowed(req.name)
    best = choose(candidates, req.name, req.specifier, allowed, run.tags(), python)
    if best is None:
        found = ", ".join(sorted({str(c.version) for c in candidates if c.name == req.name}))
        formats = ", ".join(sorted(allowed)) or "none"
        raise NotFound(
            f"no file of {req.name} matches {str(req.specifier) or 'any version'} "
            f"(formats: {formats}; versions: {found or 'none'})"
        )
    return Direct(parse_link(f"{req.name} @ {best.link}"))


def _source_tree(run: Run, direct: Direct) -> Path:
    from model.install.build import unpack_sdist

    link = direct.link
    if link.kind is LinkKind.LOCAL_DIRECTORY and direct.path is not None:
        return Path(direct.path)
    if link.kind in (LinkKind.VCS_COMMIT, LinkKind.VCS_REF):
        from model.install.vcs import checkout

        tree, _ = checkout(_full(link), run.fresh_dir("git"), run.env)
        return tree
    archive = run.fetcher.file(_full(link), run.fresh_dir("download"))
    return unpack_sdist(archive, run.fresh_dir("sdist"))


def _full(link: ParsedLink) -> str:
    return f"{link.url}#{link.fragment}" if link.fragment else link.url


def _build(run: Run, direct: Direct) -> Path:
    from model.install.build import build_wheel

    tree = _source_tree(run, direct)
    log = run.say if run.options.verbosity > 0 else None
    wheel = build_wheel(
        tree, run.fresh_dir("built"), env=run.env, scratch=run.fresh_dir("env"),
        index_url=run.options.index_url, log=log,
    )  # fmt: skip
    _check_built(direct.link, wheel)
    return wheel


def _check_built(link: ParsedLink, wheel: Path) -> None:
    """The built wheel is of the project and version the link names (when it names them)."""
    try:
        name, version, _, _ = parse_wheel_filename(wheel.name)
    except InvalidWheelFilename:
        raise BuildFailed(f"the backend built {wheel.name}, which is no wheel file name") from None
    if link.name is not None and name != link.name:
        raise BuildFailed(f"{_full(link)} built a wheel of {name}, not of {link.name}")
    if link.version is not None and version != link.version:
        raise BuildFailed(f"{_full(link)} built version {version}, not {link.version}")


def _cached(run: Run, link: ParsedLink, decision: CacheDecision) -> Path | None:
    """The cached wheel for ``link``, when the decision says builds of it are looked up."""
    from model.install.unpack import intact

    assert run.cache_dir is not None
    kind = link.kind
    if decision is not CacheDecision.PERSISTENT:
        if kind is LinkKind.LOCAL_ARCHIVE:
            run.explainer.wheel(WheelEvent.NOT_LOOKED_UP, kind, decision, _full(link))
        return None
    if link.name is None:
        run.explainer.wheel(WheelEvent.UNNAMED, kind, decision, _full(link))
        return None
    found = find_wheel(run.cache_dir, link, run.tags(), python_tag())
    if found is not None and intact(found):
        run.explainer.wheel(WheelEvent.REUSED, kind, decision, found.name)
        return found
    subject = f"{link.name} {link.version or ''}".strip()
    run.explainer.wheel(WheelEvent.MISSED, kind, decision, subject)
    return None


def _keep(run: Run, link: ParsedLink, decision: CacheDecision, wheel: Path) -> Path:
    """Store a built wheel as the decision says; return the wheel to use."""
    kind = link.kind
    if decision is not CacheDecision.PERSISTENT or run.cache_dir is None:
        if run.cache_dir is not None:
            run.explainer.wheel(WheelEvent.EPHEMERAL, kind, decision, wheel.name)
        return wheel
    try:
        stored = store_wheel(run.cache_dir, link, wheel, python_tag())
    except OSError as exc:
        run.warn(f"the wheel cache in {run.cache_dir} cannot be written ({exc.strerror or exc})")
        run.explainer.wheel(WheelEvent.NOT_STORED, kind, decision, wheel.name)
        return wheel
    run.explainer.wheel(WheelEvent.STORED, kind, decision, stored.name)
    return stored


def obtain_wheel(run: Run, direct: Direct) -> Path:
    """The wheel for a direct link: the link itself, a cached wheel, or a new build."""
    link = direct.link
    if link.kind is LinkKind.WHEEL:
        if direct.path is not None:
            return Path(direct.path)
        return run.fetcher.file(_full(link), run.fresh_dir("download"))
    decision = decide(link)
    if run.cache_dir is None:
        run.explainer.wheel(WheelEvent.DISABLED, link.kind, decision, _full(link))
        return _build(run, direct)
    cached = _cached(run, link, decision)
    if cached is not None:
        return cached
    return _keep(run, link, decision, _build(run, direct))


def _destination(run: Run) -> Path:
    chosen = run.options.destination
    return run.cwd / chosen if chosen else run.cwd


def _download(run: Run, direct: Direct) -> str:
    link = direct.link
    if link.kind in (LinkKind.LOCAL_DIRECTORY, LinkKind.VCS_COMMIT, LinkKind.VCS_REF):
        raise Unsupported(f"{_full(link)}: download saves files; this is a {link.kind.value}")
    fetched = run.fetcher.file(_full(link), run.fresh_dir("download"))
    dest = _destination(run)
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(fetched, dest / fetched.name)
    run.say(f"Saved {dest / fetched.name}")
    return fetched.name


def _dependencies(run: Run, wheel: Path) -> list[Direct]:
    """The wheel's dependencies given as direct references (``name @ URL``): they need no
    resolution. The others are named in a warning and not installed."""
    from model.install.unpack import requires_dist

    found: list[Direct] = []
    for text in requires_dist(wheel):
        req = Requirement(text)
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue
        if req.url is None:
            run.warn(f"{wheel.name} depends on {text}: not installed (the model resolves no "
                     "dependencies from an index; install it by itself)")  # fmt: skip
            continue
        direct = classify(f"{req.name} @ {req.url}", str(run.cwd))
        assert isinstance(direct, Direct)
        found.append(direct)
    return found


def perform(run: Run) -> None:
    """Carry out the run's command for its requirements, one after the other; a dependency given
    as a direct reference follows its dependant (unless ``--no-deps``), once per run."""
    queue: list[FromIndex | Direct] = [classify(r, str(run.cwd)) for r in run.options.requirements]
    done: dict[str, tuple[str, str]] = {}  # project or link -> (link, wheel)
    delivered: list[str] = []
    while queue:
        item = queue.pop(0)
        direct = _from_index(run, item) if isinstance(item, FromIndex) else item
        seen = done.get(direct.link.name or "") or done.get(_full(direct.link))
        if seen is not None:
            _again(run, direct, *seen)
            continue
        if run.options.command == "download":
            delivered.append(_download(run, direct))
            continue
        wheel = obtain_wheel(run, direct)
        project, version, _, _ = parse_wheel_filename(wheel.name)
        done[project] = done[_full(direct.link)] = (_full(direct.link), wheel.name)
        _deliver(run, wheel)
        delivered.append(f"{project}-{version}")
        if not run.options.no_deps:
            queue.extend(_dependencies(run, wheel))
    if run.options.command == "install":
        run.say(f"Successfully installed {' '.join(delivered)}")


def _again(run: Run, direct: Direct, link: str, wheel: str) -> None:
    """A project this run already has: the same link reuses its wheel; another link conflicts."""
    if _full(direct.link) != link:
        raise Unsupported(f"{direct.link.name} is asked for twice: {link} and {_full(direct.link)}")
    kind = direct.link.kind
    run.explainer.wheel(WheelEvent.REUSED_IN_RUN, kind, decide(direct.link), wheel)


def _deliver(run: Run, wheel: Path) -> None:
    if run.options.command == "wheel":
        dest = _destination(run)
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(wheel, dest / wheel.name)
        run.say(f"Saved {dest / wheel.name}")
        return
    from model.install.unpack import install_wheel

    install_wheel(wheel, _destination(run))
