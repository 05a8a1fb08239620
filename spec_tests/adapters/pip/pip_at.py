"""Run a module (pip) with the wall clock set to a given POSIX time, frozen.

Usage: ``python pip_at.py <epoch> -m pip <args...>``, run by path with the interpreter of the pip
under test. With ``time-machine`` importable there, its ``travel`` freezes every wall-clock
function; without it (a venv that holds nothing but pip), ``time.time`` and ``time.time_ns`` are
replaced, which is what pip's HTTP cache reads. The monotonic clock and OpenSSL's certificate
checks keep real time either way.
"""

import sys

# Run by path, this script's folder heads sys.path, where sibling modules (http.py, wheel.py)
# would shadow the standard library and pip's own imports: take it off first.
_here = __import__("os").path.dirname(__import__("os").path.realpath(__file__))
sys.path[:] = [p for p in sys.path if __import__("os").path.realpath(p or ".") != _here]

import contextlib
import runpy
import time


@contextlib.contextmanager
def _frozen_time_functions(at: float):  # type: ignore[no-untyped-def]
    saved = time.time, time.time_ns
    time.time = lambda: at  # type: ignore[assignment]
    time.time_ns = lambda: int(at * 1_000_000_000)  # type: ignore[assignment]
    try:
        yield
    finally:
        time.time, time.time_ns = saved


def main() -> None:
    if len(sys.argv) < 4 or sys.argv[2] != "-m":
        sys.exit("usage: pip_at.py <epoch> -m <module> [args...]")
    at, module = float(sys.argv[1]), sys.argv[3]
    sys.argv = [module, *sys.argv[4:]]
    try:
        import time_machine
    except ImportError:
        travel = _frozen_time_functions(at)
    else:
        travel = time_machine.travel(at, tick=False)
    with travel:
        runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
