"""``docs/spec.md``: the page as it looks, each sentence followed by its checks.

The newest page version is rendered from pip's own source (:mod:`.pagewalk`): its headings, the
OS tabs, the code blocks and the version notes. Under each sentence: its statement id, tier and
version gate, its words on the other page version where they differ, the tests that check it
(with their one-line docstrings), the cases from the field (``tracker``) and the known divergences
(``spec_tests/divergences.toml``). The observed and robustness statements, which are not part of
the page, follow under "Beyond the page". The document depends on the registry, the page, the
divergences and the tests' docstrings, never on results.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spec_tests import page
from spec_tests.registry import Statement, Tier

from .common import tracker_label
from .mdtext import code, md_doc, md_escape
from .pagewalk import SHOWN, Piece, inline, older_only, other_wordings, pieces

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from spec_tests.known import Divergence

    from .collect import TestDoc

__all__ = ["render_spec"]

REGENERATE = "python -m spec_tests.report --spec docs/spec.md"


def _links(urls: Sequence[str]) -> str:
    return ", ".join(f"[{tracker_label(u)}]({u})" for u in urls)


def _notes(st: Statement) -> str:
    notes = [st.tier.value]
    if st.since is not None:
        notes.append(f"since pip {st.since}")
    if st.applies is not None:
        notes.append(f"pip {st.applies}")
    if st.tier in (Tier.DOCUMENTED, Tier.INFORMATIVE) and SHOWN not in st.pages:
        notes.append("page " + ", ".join(st.pages) + " only")
    elif st.tier in (Tier.DOCUMENTED, Tier.INFORMATIVE) and len(st.pages) == 1:
        notes.append(f"page {SHOWN} only")
    if st.seen:
        notes.append("seen on " + ", ".join(st.seen))
    if st.deviates_from:
        notes.append(f"departs from {st.deviates_from}")
    return md_escape("; ".join(notes))


def _checks(
    st: Statement, tests: Sequence[TestDoc], divergences: Sequence[Divergence]
) -> list[str]:
    """The block under a sentence: a quote block with the statement and its checks."""
    head = f"{code(st.id)} ({_notes(st)})"
    if st.tier is Tier.INFORMATIVE:
        lines = [f"> {head}: informative, nothing to check."]
    elif not tests:
        lines = [f"> {head}: **no test yet**" + (" (pending)." if st.pending else ".")]
    else:
        lines = [f"> {head}, checked by:", ">"]
        for t in tests:
            times = f" (×{t.params})" if t.params > 1 else ""
            doc = f": {md_doc(t.doc)}" if t.doc else ""
            lines.append(f"> - {code(t.nodeid)}{times}{doc}")
    extra = []
    for version, words in other_wordings(st):
        extra.append(f"> - on page {version}: “{inline(' '.join(words.split()))}”")
    if st.tracker:
        extra.append(f"> - cases from the field: {_links(st.tracker)}")
    for d in divergences:
        if d.statement == st.id:
            versions = f" {d.versions}" if d.versions else ""
            where = f": {_links([d.tracker])}" if d.tracker else ""
            extra.append(f"> - known divergence of {d.implementation}{versions}{where}")
    if extra:
        lines += extra if len(lines) > 1 else [">", *extra]
    return [*lines, ""]


def _sentence(st: Statement) -> list[str]:
    return [f'<a id="{st.id}"></a>', "", inline(" ".join(st.quote(SHOWN).split())), ""]


def _piece(
    p: Piece, tests: Mapping[str, Sequence[TestDoc]], divergences: Sequence[Divergence]
) -> list[str]:
    b = p.block
    if p.kind == "heading":
        return [f"{'#' * (b.level + 1)} {inline(b.text)}", ""]
    if p.kind == "label":
        return [f'<a id="{b.text}"></a>', ""]
    if p.kind == "open":
        if b.kind == "tab":
            return [f"**Tab “{md_escape(b.text)}”**", ""]
        return [f"**{md_escape(p.title)}{':' if b.children else ''}**", ""]
    if p.kind == "close":
        return []
    if p.kind == "code":
        lang = "console" if b.directive == "pip-cli" else "text"
        lines = [f"```{lang}", b.text, "```", ""]
        for st in p.quotes:
            lines[:0] = [f'<a id="{st.id}"></a>', ""]
            lines += _checks(st, tests.get(st.id, ()), divergences)
        return lines
    if not p.quotes:  # a paragraph no statement quotes (the self-test allows none)
        return [inline(" ".join(b.text.split())), ""]
    lines = []
    for st in p.quotes:
        lines += _sentence(st)
        lines += _checks(st, tests.get(st.id, ()), divergences)
    return lines


def _beyond(
    registry: Mapping[str, Statement],
    tests: Mapping[str, Sequence[TestDoc]],
    divergences: Sequence[Divergence],
) -> list[str]:
    lines = [
        "## Beyond the page",
        "",
        "Not part of the page: what real pip does where the page is silent (observed, with the "
        "pip versions it was measured on) and how an implementation copes with faults and hostile "
        "input (robustness). Their tests never count as checks of the page.",
        "",
    ]
    for tier, title in ((Tier.OBSERVED, "Observed"), (Tier.ROBUSTNESS, "Robustness")):
        sections: dict[str, list[Statement]] = {}
        for st in registry.values():
            if st.tier is tier:
                sections.setdefault(st.section, []).append(st)
        for section, sts in sections.items():
            lines += [f"### {title}: {md_escape(section)}", ""]
            for st in sts:
                lines += [f'<a id="{st.id}"></a>', "", md_escape(st.text), ""]
                lines += _checks(st, tests.get(st.id, ()), divergences)
    return lines


def _provenance() -> list[str]:
    out = []
    for version, p in sorted(page.provenance().items()):
        out.append(
            f"- page {version}: `{p.path}` of [pypa/pip]({p.repository}) at tag {p.tag} "
            f"(commit {p.commit[:8]}), copied to `spec_tests/page/{p.file}`"
        )
    return out


def render_spec(
    registry: Mapping[str, Statement],
    tests: Mapping[str, Sequence[TestDoc]],
    divergences: Sequence[Divergence] = (),
) -> str:
    """The whole document, deterministic in its inputs."""
    documented = [s for s in registry.values() if s.tier is Tier.DOCUMENTED]
    tested = sum(1 for s in documented if tests.get(s.id))
    lines = [
        "# pip's page “Caching”, with the checks under each sentence",
        "",
        f"<!-- Generated by `{REGENERATE}`; do not edit. -->",
        "",
        f"The page as pip {SHOWN} writes it, rendered from its source. Each sentence is followed "
        "by its statement in the registry (spec_tests/statements.toml), the tests that check it, "
        "its words on the other page version where they differ, and the cases from the field and "
        "known divergences that concern it. "
        f"{tested} of {len(documented)} documented statements have tests. An implementation is "
        "judged against the newest page not newer than the pip version it claims "
        "(`--page` chooses another).",
        "",
        *_provenance(),
        "",
        "---",
        "",
    ]
    for p in pieces(registry):
        lines += _piece(p, tests, divergences)
    older = older_only(registry)
    if older:
        lines += [f"## On older pages only (not on page {SHOWN})", ""]
        for st in older:
            lines += [f'<a id="{st.id}"></a>', "", inline(" ".join(st.text.split())), ""]
            lines += _checks(st, tests.get(st.id, ()), divergences)
    lines += _beyond(registry, tests, divergences)
    return "\n".join(lines).rstrip("\n") + "\n"
