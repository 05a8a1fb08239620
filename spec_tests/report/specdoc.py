"""``docs/spec.md``: the page's text, section by section, with the checks under each sentence.

Each sentence the registry quotes is followed by its statement id and the tests that check it
(with their one-line docstrings); the observed and robustness statements, which are not part of
the page, follow in their own section. The document depends only on the registry, the page and
the tests' docstrings, never on results, so it can be checked without running any pip.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spec_tests.registry import Statement, Tier

from .markdown import code, md_escape

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from .collect import TestDoc

__all__ = ["render_spec"]

#: paragraphs of the scraped page that are the site's navigation, not the page's content
NAVIGATION = frozenset({"View this page", "Toggle table of contents sidebar"})
ADMONITIONS = frozenset({"Caution", "Note", "Warning", "Tip"})
TITLE_SUFFIX = " - pip documentation"
PAGE_TITLE = "Caching"

Section = tuple[str, ...]


@dataclass(frozen=True)
class Match:
    paragraph: int
    start: int
    end: int
    statement: Statement


def paragraphs(page: str) -> list[str]:
    """The page's paragraphs, without the file's '#' header and the site's navigation."""
    lines = page.splitlines()
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", "\n".join(lines))]
    return [p for p in paras if p and p not in NAVIGATION]


def section_path(st: Statement) -> Section:
    parts = tuple(s.strip() for s in st.section.split("/"))
    return () if parts == (PAGE_TITLE,) else parts


def heading_paths(registry: Mapping[str, Statement]) -> dict[str, Section]:
    """Each heading name of the page, from the registry's sections, with its path."""
    out: dict[str, Section] = {}
    for st in registry.values():
        path = section_path(st)
        for k in range(1, len(path) + 1):
            out.setdefault(path[k - 1], path[:k])
    return out


def _find(para: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` is in ``para``, ignoring whitespace (the scrape lost spaces at wraps)."""
    where = [i for i, ch in enumerate(para) if not ch.isspace()]
    squeezed = "".join(para[i] for i in where)
    needle = "".join(quote.split())
    at = squeezed.find(needle) if needle else -1
    if at < 0:
        return None
    return where[at], where[at + len(needle) - 1] + 1


def find_quotes(paras: Sequence[str], registry: Mapping[str, Statement]) -> list[Match]:
    """Where each quoted statement first occurs on the page (statements not found are left out)."""
    found = []
    for st in registry.values():
        if st.tier not in (Tier.DOCUMENTED, Tier.INFORMATIVE):
            continue
        for i, para in enumerate(paras):
            span = _find(para, st.text)
            if span is not None:
                found.append(Match(i, *span, st))
                break
    return sorted(found, key=lambda m: (m.paragraph, m.start))


def _tests(st: Statement, tests: Sequence[TestDoc]) -> list[str]:
    notes = [st.tier.value]
    if st.since is not None:
        notes.append(f"since pip {st.since}")
    if st.applies is not None:
        notes.append(f"pip {st.applies}")
    if st.seen:
        notes.append("seen on " + ", ".join(st.seen))
    head = f"{code(st.id)} ({md_escape('; '.join(notes))})"
    if st.tier is Tier.INFORMATIVE:
        return [f"{head}: informative, nothing to check.", ""]
    if not tests:
        return [f"{head}: **no test yet**" + (" (pending)." if st.pending else "."), ""]
    lines = [f"{head}, checked by:", ""]
    for t in tests:
        times = f" (×{t.params})" if t.params > 1 else ""
        doc = f": {md_escape(t.doc)}" if t.doc else ""
        lines.append(f"- {code(t.nodeid)}{times}{doc}")
    return [*lines, ""]


def _headings(current: Section, target: Section) -> list[str]:
    common = 0
    while common < min(len(current), len(target)) and current[common] == target[common]:
        common += 1
    out = []
    for depth in range(common, len(target)):
        out += [f"{'#' * (depth + 2)} {md_escape(target[depth])}", ""]
    return out


def _page(
    registry: Mapping[str, Statement], page: str, tests: Mapping[str, Sequence[TestDoc]]
) -> tuple[list[str], set[str]]:
    paras = paragraphs(page)
    heads = heading_paths(registry)
    matches = find_quotes(paras, registry)
    by_para: dict[int, list[Match]] = {}
    for m in matches:
        by_para.setdefault(m.paragraph, []).append(m)
    lines: list[str] = []
    current: Section = ()
    for i, para in enumerate(paras):
        if i == 0 and TITLE_SUFFIX in para:
            continue  # the page's title; the document's own title says it
        if para in ADMONITIONS:
            lines += [f"**{para}**", ""]
            continue
        if para in heads:
            lines += _headings(current[: len(heads[para]) - 1], heads[para])
            current = heads[para]
            continue
        cursor = 0
        for m in by_para.get(i, []):
            target = section_path(m.statement)
            if target[: len(current)] == current or len(target) == len(current):
                lines += _headings(current, target)
                current = target
            before = para[cursor : m.start].strip()
            if any(ch.isalnum() for ch in before):  # not a lone comma between two quotes
                lines += [md_escape(before), ""]
            lines += [f"> {md_escape(para[m.start : m.end])}", ""]
            lines += _tests(m.statement, tests.get(m.statement.id, ()))
            cursor = max(cursor, m.end)
        rest = para[cursor:].strip()
        if any(ch.isalnum() for ch in rest):
            lines += [md_escape(rest), ""]
    return lines, {m.statement.id for m in matches}


def _beyond(registry: Mapping[str, Statement], tests: Mapping[str, Sequence[TestDoc]]) -> list[str]:
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
                lines += [f"> {md_escape(st.text)}", ""]
                lines += _tests(st, tests.get(st.id, ()))
    return lines


def render_spec(
    registry: Mapping[str, Statement], page: str, tests: Mapping[str, Sequence[TestDoc]]
) -> str:
    """The whole document, deterministic in its inputs."""
    body, placed = _page(registry, page, tests)
    documented = [s for s in registry.values() if s.tier is Tier.DOCUMENTED]
    tested = sum(1 for s in documented if tests.get(s.id))
    lines = [
        "# pip's page “Caching” (v24.2), with the checks under each sentence",
        "",
        "<!-- Generated by `python -m spec_tests.report --spec docs/spec.md`; do not edit. -->",
        "",
        "The page's text, section by section (spec_tests/page/pip-caching-v24.2.txt). Each "
        "sentence that states a behaviour is quoted, followed by its statement id in the registry "
        "(spec_tests/statements.toml) and the tests that check it. "
        f"{tested} of {len(documented)} documented statements have tests.",
        "",
        *body,
    ]
    missing = [
        s
        for s in registry.values()
        if s.tier in (Tier.DOCUMENTED, Tier.INFORMATIVE) and s.id not in placed
    ]
    if missing:
        lines += ["## Statements whose quote is not on the page", ""]
        for st in missing:
            lines += [f"> {md_escape(st.text)}", ""]
            lines += _tests(st, tests.get(st.id, ()))
    lines += _beyond(registry, tests)
    return "\n".join(lines).rstrip("\n") + "\n"
