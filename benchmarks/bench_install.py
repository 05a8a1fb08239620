"""Time warm-cache installs: the model's installer against pip 24.2 and uv, as ratios, in one run.

    python -m benchmarks.bench_install
    python -m benchmarks.bench_install --repeats 15 --pip /path/to/python-with-pip-24.2 --uv uv

Two scenarios, each warmed once (untimed), then timed ``--repeats`` times into fresh ``--target``
directories, the contenders taking turns so that a busy machine slows them alike:

- **cached wheel**: ``bench @ git+file://...@<commit>``, whose wheel the warm-up built and cached
  (the page: "pip now caches wheels when building from an immutable Git reference"). No network
  and no clone: the wheel cache answers by the link (the model imports neither ``requests`` nor
  ``pyproject_hooks``, and runs no ``git``).
- **fresh index**: ``demo==1.0`` from an HTTPS loopback index (a trustme CA, ``--cert``) whose
  page (``max-age=600``, ETag) and wheel file (a year, ``immutable``, ETag) the warm-up stored in
  the HTTP cache. pip 24.2, and so the model, revalidate the index page all the same (pip asks for
  it with ``max-age=0``: one conditional request, answered 304); the wheel comes from the cache.

Every contender runs as a subprocess in the suite's clean environment (``clean_env``): interpreter
start-up and imports count alike. uv: ``uv pip install --no-deps --link-mode copy --no-config``
(``SSL_CERT_FILE`` for the CA). The table shows medians, the requests the origin saw per timed
run, and the ratios model/uv (goal: at most 3) and pip/model (goal: at least 3).
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from spec_tests.harness.backend import BuildCounter, Project
from spec_tests.harness.cleanenv import clean_env
from spec_tests.harness.gitrepo import make_repo
from spec_tests.harness.origin import INDEX_PATH, WHEEL_PATH, HttpsOrigin, Origin
from spec_tests.harness.tls import LocalCA

__all__ = ["main"]

DEFAULT_PIP = "/work/pips/24.2/bin/python"
GOAL_UV = 3.0  # model / uv at most
GOAL_PIP = 3.0  # pip / model at least
PAGE = {"Cache-Control": "max-age=600", "ETag": '"page-1"'}
FILE = {"Cache-Control": "max-age=31536000, immutable", "ETag": '"wheel-1"'}


class _RealClock:
    def now(self) -> float:
        return time.time()

    def advance(self, seconds: float) -> None:
        raise NotImplementedError


@dataclass(frozen=True)
class Contender:
    name: str
    argv: list[str]  # up to the requirement: ... install --cache-dir C --target {target}
    env: dict[str, str]


def contenders(root: Path, pip: str | None, uv: str | None, ca: Path) -> list[Contender]:
    env = clean_env()
    found = [
        Contender("model", [sys.executable, "-m", "model", "install", "--cert", str(ca)], env),
    ]
    if pip:
        found.append(
            Contender(
                "pip 24.2",
                [pip, "-m", "pip", "install", "--no-deps", "--cert", str(ca)],
                {**env, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
            )
        )
    if uv:
        uv_install = [uv, "pip", "install", "--no-deps", "--link-mode", "copy", "--no-config"]
        found.append(
            Contender(
                "uv",
                [*uv_install, "--python", sys.executable],
                {**env, "SSL_CERT_FILE": str(ca)},
            )
        )
    return found


def _run(who: Contender, cache: Path, target: Path, args: list[str]) -> float:
    shutil.rmtree(target, ignore_errors=True)
    argv = [*who.argv, "--cache-dir", str(cache), "--target", str(target), *args]
    start = time.perf_counter()
    done = subprocess.run(argv, env=who.env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{who.name}: {argv} exited {done.returncode}:\n{done.stderr}")
    return seconds


def bench(root: Path, who: list[Contender], scenarios: dict[str, list[str]], repeats: int,
          origin: Origin) -> dict[tuple[str, str], tuple[float, float]]:  # fmt: skip
    """Median seconds and requests per timed run, per (scenario, contender)."""
    times: dict[tuple[str, str], list[float]] = {}
    requests: dict[tuple[str, str], int] = {}
    for scenario, args in scenarios.items():
        for c in who:
            _run(c, root / f"cache-{c.name}", root / "target", args)  # warm-up, untimed
        for _ in range(repeats):
            for c in who:
                before = len(origin.seen)
                seconds = _run(c, root / f"cache-{c.name}", root / "target", args)
                times.setdefault((scenario, c.name), []).append(seconds)
                key = (scenario, c.name)
                requests[key] = requests.get(key, 0) + len(origin.seen) - before
    return {k: (statistics.median(v), requests[k] / repeats) for k, v in times.items()}


def _compile_model() -> None:
    """Write the model's bytecode first, as an install of any package does (pip's and uv's own
    modules were compiled when they were installed). The contenders run in the suite's clean
    environment, which sets ``PYTHONDONTWRITEBYTECODE``: without this, a checkout's model would
    compile its sources again in every timed run (about 20-40 ms), a cost no installed tool pays."""
    spec = importlib.util.find_spec("model")
    if spec is not None and spec.submodule_search_locations:
        for where in spec.submodule_search_locations:
            compileall.compile_dir(where, quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_install")
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--pip", default=DEFAULT_PIP, help="a python whose pip is 24.2")
    parser.add_argument("--uv", default=shutil.which("uv"))
    args = parser.parse_args(argv)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the origin's request log
    pip = args.pip if args.pip and os.path.exists(args.pip) else None
    _compile_model()
    with tempfile.TemporaryDirectory(prefix="bench-install-") as tmp:
        root = Path(tmp)
        server = HttpsOrigin(LocalCA.make(root))
        try:
            origin = Origin(server.base_url, _RealClock())  # type: ignore[arg-type]
            origin.answer(path=INDEX_PATH, headers=PAGE)
            origin.answer(path=WHEEL_PATH, headers=FILE)
            server.origin = origin
            repo = make_repo(Project("bench", "1.0", BuildCounter(root / "b.log")), root / "repo")
            scenarios = {
                "cached wheel": [repo.requirement(repo.commit)],
                "fresh index": ["--index-url", origin.index_url + "/", "demo==1.0"],
            }
            who = contenders(root, pip, args.uv, server.ca_cert)
            results = bench(root, who, scenarios, args.repeats, origin)
        finally:
            server.stop()
    print(f"{'scenario':<14}{'contender':<10}{'median':>10}{'requests/run':>14}")
    for (scenario, name), (seconds, sent) in results.items():
        print(f"{scenario:<14}{name:<10}{seconds * 1000:>8.0f} ms{sent:>14.1f}")
    for scenario in scenarios:
        model = results[(scenario, "model")][0]
        uv = results.get((scenario, "uv"))
        pip_t = results.get((scenario, "pip 24.2"))
        parts = [f"{scenario}:"]
        if uv:
            parts.append(f"model/uv {model / uv[0]:.2f}x (goal <= {GOAL_UV:g})")
        if pip_t:
            parts.append(f"pip/model {pip_t[0] / model:.2f}x (goal >= {GOAL_PIP:g})")
        print("  ".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
