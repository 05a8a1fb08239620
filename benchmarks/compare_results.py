"""Compare two result files (``--spec-report``) test by test: ids and outcomes must be the same.

    python -m benchmarks.compare_results BEFORE.json AFTER.json

Prints the counts of both and every test whose outcome (or presence) differs; exits 1 if any does.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def outcomes(path: Path) -> dict[str, str]:
    """nodeid -> outcome (with the expectation of an expected failure: gate or divergence)."""
    data = json.loads(path.read_text())
    rows = [row for tests in data["statements"].values() for row in tests]
    return {row["nodeid"]: f"{row['outcome']}:{row.get('expectation', '')}" for row in rows}


def main(argv: list[str]) -> int:
    before, after = (outcomes(Path(arg)) for arg in argv[:2])
    differ = sorted(
        nodeid for nodeid in before.keys() | after.keys() if before.get(nodeid) != after.get(nodeid)
    )
    print(f"{argv[0]}: {len(before)} tests; {argv[1]}: {len(after)} tests; {len(differ)} differ")
    for nodeid in differ:
        print(f"  {nodeid}: {before.get(nodeid, 'absent')} -> {after.get(nodeid, 'absent')}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
