"""The mutation score of ``model/`` after a ``mutmut run``, per module, with the equivalent mutants.

Run from the checkout, after ``mutmut run`` (``tox -e mutation`` runs both)::

    python -m benchmarks.mutation_report

Every mutant that survived or that no test reached must be listed in
``benchmarks/mutation-equivalents.toml`` with the reason it is not killed: ``equivalent`` (it
changes nothing a user can observe), ``unreachable`` (only input the model never gets: a file put
by hand in a link's directory, a Windows drive letter) or ``rare`` (input no origin or user sends
in practice, named). An entry names the function and the mutated line as it was and as it became
(``mutmut show`` prints both), so the list outlives the renumbering of mutants when the model
changes. Modules named under ``[untriaged]`` are measured but their survivors not yet sorted.
The exit code is 1 when a survivor elsewhere is not listed or a listed mutant no longer exists or
is now killed (a stale entry), 2 when some mutant was not checked.

``--modules model.install`` checks only those modules (and the entries naming them): for a run
that mutated only them (``mutmut run "model.install.*"``), the other modules' mutants being
unchecked.

Reads mutmut's own records (``mutants/``) through mutmut 3.8's modules; nothing is re-run.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

EQUIVALENTS = Path(__file__).with_name("mutation-equivalents.toml")
#: one [[equivalent]] of that file: function, was, now, why
Entry = dict[str, str]


@dataclass(frozen=True)
class Mutant:
    name: str  # model.wheels.key.x_cache_key__mutmut_3
    status: str
    was: str  # the changed lines of the original, stripped, one per line
    now: str  # the same lines in the mutant

    @property
    def function(self) -> str:
        """``model.wheels.key.cache_key`` (mutmut's mangling undone)."""
        module, _, mangled = self.name.partition("__mutmut_")[0].rpartition(".")
        return f"{module}.{mangled.removeprefix('x_').replace('xǁ', '').replace('ǁ', '.')}"

    @property
    def module(self) -> str:
        return self.name.rpartition(".")[0]


def _changed(diff: str) -> tuple[str, str]:
    lines = diff.splitlines()[2:]  # skip the ---/+++ header
    was = [x[1:].strip() for x in lines if x.startswith("-")]
    now = [x[1:].strip() for x in lines if x.startswith("+")]
    return "\n".join(was), "\n".join(now)


def mutants() -> list[Mutant]:
    from mutmut.mutation.data import SourceFileMutationData
    from mutmut.mutation.diff_apply import get_diff_for_mutant
    from mutmut.stats import status_by_exit_code
    from mutmut.utils.file_utils import walk_mutatable_files

    found = []
    for path in walk_mutatable_files():
        data = SourceFileMutationData(path=path)
        data.load()
        for name, code in data.exit_code_by_key.items():
            status = status_by_exit_code[code]
            was = now = ""
            if status in ("survived", "no tests"):
                was, now = _changed(get_diff_for_mutant(name, path=path))
            found.append(Mutant(name, status, was, now))
    return found


def load() -> tuple[list[Entry], tuple[str, ...]]:
    """The listed survivors, and the module prefixes not yet triaged."""
    data = tomllib.loads(EQUIVALENTS.read_text(encoding="utf-8"))
    return list(data.get("equivalent", [])), tuple(data.get("untriaged", {}).get("modules", ()))


def match(found: list[Mutant], listed: list[Entry]) -> tuple[set[str], list[Entry]]:
    """The names of listed survivors, and the entries that match no survivor."""
    by_change: dict[tuple[str, str, str], list[Mutant]] = defaultdict(list)
    for m in found:
        if m.status in ("survived", "no tests"):
            by_change[(m.function, m.was, m.now)].append(m)
    named: set[str] = set()
    stale: list[Entry] = []
    for entry in listed:
        hits = by_change.get((entry["function"], entry["was"].strip(), entry["now"].strip()), [])
        if not hits:
            stale.append(entry)
        named.update(m.name for m in hits)
    return named, stale


def table(found: list[Mutant], equivalent: set[str], untriaged: tuple[str, ...]) -> list[str]:
    per: dict[str, Counter[str]] = defaultdict(Counter)
    for m in found:
        part = "total (untriaged)" if m.module.startswith(untriaged) else "total"
        for key in (m.module, part):
            per[key][m.status] += 1
            per[key]["made"] += 1
            per[key]["listed"] += m.name in equivalent
    head = "| module | made | not checked | killed | survived | no tests | listed | score |"
    rows = [head, "|---|---:|---:|---:|---:|---:|---:|---:|"]
    totals = [k for k in ("total", "total (untriaged)") if k in per]
    for module in [*sorted(k for k in per if not k.startswith("total")), *totals]:
        c = per[module]
        # a "segfault" is a mutant that killed the test process itself (a crash point armed
        # where none was asked for): no test passed under it
        killed = c["killed"] + c["timeout"] + c["segfault"]
        real = c["made"] - c["not checked"] - c["listed"]
        score = f"{100 * killed / real:.1f} %" if real else "-"
        name = f"**{module}**" if module.startswith("total") else f"`{module}`"
        rows.append(
            f"| {name} | {c['made']} | {c['not checked']} | {killed} | {c['survived']} "
            f"| {c['no tests']} "
            f"| {c['listed']} | {score} |"
        )
    return rows


def _within(name: str, modules: list[str]) -> bool:
    return not modules or any(name == m or name.startswith(m + ".") for m in modules)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--modules", nargs="+", default=[], metavar="MODULE",
        help="check only these modules (and their submodules): a run that mutated only them",
    )  # fmt: skip
    modules = parser.parse_args(argv).modules
    found = [m for m in mutants() if _within(m.module, modules)]
    listed, untriaged = load()
    listed = [entry for entry in listed if _within(entry["function"].rpartition(".")[0], modules)]
    named, stale = match(found, listed)
    print("\n".join(table(found, named, untriaged)))
    print("\nkilled counts timeouts and segfaults (the test process killed by the mutant);")
    print("listed: survivors in the equivalents file (any kind);")
    print("score = killed / (made - not checked - listed)")
    kinds = Counter(entry.get("kind", "equivalent") for entry in listed)
    print("entries by kind: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    if untriaged:
        print(f"untriaged (survivors not yet sorted): {', '.join(untriaged)}")
    unlisted = [
        m
        for m in found
        if m.status in ("survived", "no tests")
        and m.name not in named
        and not m.module.startswith(untriaged)
    ]
    for m in unlisted:
        print(f"\nNOT LISTED {m.name} ({m.status}): {m.function}\n  was: {m.was}\n  now: {m.now}")
    for entry in stale:
        print(f"\nSTALE {entry['function']}: {entry['was']!r} -> {entry['now']!r}")
    if unlisted or stale:
        print(f"\n{len(unlisted)} survivor(s) not listed, {len(stale)} stale entr(y/ies)")
        return 1
    unchecked = sum(m.status == "not checked" for m in found)
    if unchecked:
        print(f"\n{unchecked} mutant(s) not checked: run `mutmut run` to the end")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
