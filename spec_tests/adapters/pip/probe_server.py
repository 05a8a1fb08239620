"""Run the probe scripts beside it on request, many in one process of the pip under test.

Started by ``_run.ProbeServer`` with the interpreter of the pip under test; reads one JSON object a
line on standard input, ``{"script": path, "argv": [...], "env": {...}, "cwd": path}``, runs that
script as ``python <script> <argv...>`` would (as ``__main__``, with exactly that environment and
working directory, its standard streams captured) and answers one JSON line
``{"exit": code, "stdout": ..., "stderr": ...}``: what the script's own process would have given.
It exits when its standard input closes. No pip logic here.

What one process must not carry from one question to the next is pip's own state, so pip's modules
are dropped (and imported again by the next script) when:
- a question asks where the cache is configured (``effective``) in another environment or working
  directory than the one pip was imported in: pip reads the default ``--cache-dir`` once, at
  import (``USER_CACHE_DIR``);
- the previous question pointed pip's directory library at macOS or Windows (``default macos``).
Everything else pip reads when asked (the environment, the working directory, the files).
"""

import sys

# Run by path, this script's folder heads sys.path, where sibling modules (http.py, wheel.py)
# would shadow the standard library and pip's own imports: take it off first.
_here = __import__("os").path.dirname(__import__("os").path.realpath(__file__))
sys.path[:] = [p for p in sys.path if __import__("os").path.realpath(p or ".") != _here]

import io
import json
import os
import runpy
import tempfile


def _drop_pip():
    for name in [n for n in sys.modules if n == "pip" or n.startswith("pip.")]:
        del sys.modules[name]


def _run(request, state):
    env, cwd, argv = request["env"], request["cwd"], list(request["argv"])
    setting = (sorted(env.items()), cwd)
    asks_effective = os.path.basename(request["script"]) == "probe_locations.py" and argv[:1] == [
        "effective"
    ]
    if state["patched"] or (asks_effective and state["imported_in"] not in (None, setting)):
        _drop_pip()
        state["imported_in"] = None
    state["patched"] = argv[:1] == ["default"] and argv[1:2] != ["linux"]
    os.environ.clear()
    os.environ.update(env)
    tempfile.tempdir = None  # read TMPDIR again, as a new process would
    os.chdir(cwd)
    out, err = io.StringIO(), io.StringIO()
    saved = sys.argv, sys.stdout, sys.stderr
    sys.argv, sys.stdout, sys.stderr = [request["script"], *argv], out, err
    code = 0
    try:
        runpy.run_path(request["script"], run_name="__main__")
    except SystemExit as exc:
        code = 0 if exc.code is None else exc.code
        if not isinstance(code, int):
            err.write("%s\n" % (code,))
            code = 1
    except BaseException:  # what the script's own process would print before exiting 1
        import traceback

        traceback.print_exc(file=err)
        code = 1
    finally:
        sys.argv, sys.stdout, sys.stderr = saved
    if state["imported_in"] is None and "pip" in sys.modules:
        state["imported_in"] = setting
    return {"exit": code, "stdout": out.getvalue(), "stderr": err.getvalue()}


def main():
    # the answers go to a private copy of standard output; anything else that writes to the
    # process's own descriptor 1 (a child process of a probe) goes to standard error
    channel = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    state = {"imported_in": None, "patched": False}
    for line in sys.stdin:
        if line.strip():
            channel.write(json.dumps(_run(json.loads(line), state)) + "\n")
            channel.flush()


if __name__ == "__main__":
    main()
