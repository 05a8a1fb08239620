"""Compare two result files (``--spec-report``) test by test: ids and outcomes must be the same.

    python -m benchmarks.compare_results BEFORE.json AFTER.json [--moved OLD.py=NEW.py ...]

``--moved``: tests that moved from module OLD to NEW (a split) are compared under their old id.
Prints the counts of both and every test whose outcome (or presence) differs; exits 1 if any does.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def outcomes(path: Path, moved: dict[str, str] | None = None) -> dict[str, str]:
    """nodeid -> outcome (with the expectation of an expected failure: gate or divergence);
    ids of modules in ``moved`` (new -> old) under their old module."""
    data = json.loads(path.read_text())
    rows = [row for tests in data["statements"].values() for row in tests]
    result = {}
    for row in rows:
        module, sep, rest = row["nodeid"].partition("::")
        nodeid = (moved or {}).get(module, module) + sep + rest
        result[nodeid] = f"{row['outcome']}:{row.get('expectation', '')}"
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--moved", action="append", default=[], metavar="OLD.py=NEW.py")
    args = parser.parse_args(argv)
    moved = {}
    for pair in args.moved:
        old, _, new = pair.partition("=")
        moved[new] = old
    before, after = outcomes(args.before, moved), outcomes(args.after, moved)
    argv = [str(args.before), str(args.after)]
    differ = sorted(
        nodeid for nodeid in before.keys() | after.keys() if before.get(nodeid) != after.get(nodeid)
    )
    print(f"{argv[0]}: {len(before)} tests; {argv[1]}: {len(after)} tests; {len(differ)} differ")
    for nodeid in differ:
        print(f"  {nodeid}: {before.get(nodeid, 'absent')} -> {after.get(nodeid, 'absent')}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
