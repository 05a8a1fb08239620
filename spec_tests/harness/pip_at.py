"""Run a module (pip) with the clock set to a given POSIX time, frozen.

Usage: ``python pip_at.py <epoch> -m pip <args...>``. Run by path with the interpreter of the pip
under test, which needs ``time-machine`` installed. Only ``time.time()`` and friends move; the
monotonic clock and OpenSSL's certificate checks keep real time.
"""

import runpy
import sys

import time_machine


def main() -> None:
    if len(sys.argv) < 4 or sys.argv[2] != "-m":
        sys.exit("usage: pip_at.py <epoch> -m <module> [args...]")
    at, module = float(sys.argv[1]), sys.argv[3]
    sys.argv = [module, *sys.argv[4:]]
    with time_machine.travel(at, tick=False):
        runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
