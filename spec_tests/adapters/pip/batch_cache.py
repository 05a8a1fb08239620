"""Run several ``pip cache`` command lines in one interpreter (a driver for the pip under test).

Reads a JSON list of argument lists on standard input; for each one calls pip's own command-line
entry point as ``python -m pip`` would, with fresh standard streams, and prints one JSON list of
``[exit_code, stdout, stderr]``. It saves pip's start-up (about 0.3 s a call) when the suite needs
hundreds of runs; a test compares it with single ``python -m pip`` runs. No pip logic here.
"""

import sys

# Run by path, this script's folder heads sys.path, where sibling modules (http.py, wheel.py)
# would shadow the standard library and pip's own imports: take it off first.
_here = __import__("os").path.dirname(__import__("os").path.realpath(__file__))
sys.path[:] = [p for p in sys.path if __import__("os").path.realpath(p or ".") != _here]

import io
import json
import os


def main() -> None:
    import pip

    try:
        from pip._internal.cli.main import main as pip_main
    except ImportError:  # pragma: no cover - very old pips
        from pip._internal.main import main as pip_main

    jobs = json.load(sys.stdin)
    real_out, real_err = sys.stdout, sys.stderr
    sys.argv = [os.path.join(os.path.dirname(pip.__file__), "__main__.py")]
    results = []
    for args in jobs:
        out, err = io.StringIO(), io.StringIO()
        sys.stdout, sys.stderr = out, err
        try:
            code = pip_main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        finally:
            sys.stdout, sys.stderr = real_out, real_err
        results.append([code or 0, out.getvalue(), err.getvalue()])
    real_out.write(json.dumps(results) + "\n")


if __name__ == "__main__":
    main()
