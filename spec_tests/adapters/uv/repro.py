"""Helpers for the shell reproductions in ``spec_tests/divergences.toml`` (not used by the suite).

- ``index DIR PORT [--bare]``: serve the sdists and wheels in DIR (those there now, and those
  added later) as a PEP 503 index at ``https://localhost:PORT/simple/``, the way a public index
  serves them (the suite's ``harness/index.py``: ``#sha256=`` on links, validators, files
  immutable for a year, pages for 10 minutes); ``--bare``: no hashes, no validators, no caching
  headers. The CA certificate to trust is written to ``./ca.pem`` first.
- ``serve DIR PORT [--tls] [FIELD: VALUE]...``: serve DIR on ``127.0.0.1:PORT`` (plain http; with
  ``--tls``, https at ``localhost:PORT``, the CA certificate in ``./ca.pem``) with these header
  fields and an ``ETag`` made from each file's content, answering ``304`` to a matching
  ``If-None-Match`` (GET or HEAD); ``ETag: none`` sends no ETag. A directory's ``index.html``
  answers for its URL. Every request is logged on stderr, with its validators.
- ``wheel DIR N``: write variant N of the demo wheel (``demo-1.0-py3-none-any.whl``) into DIR.
- ``variant TARGET``: which variant of the demo wheel is installed in TARGET.
- ``sdist DIR NAME VERSION``: an sdist whose in-tree backend appends a line to ``DIR/builds.log``
  per build (``wc -l`` counts the builds).
- ``project DIR NAME VERSION``: the same project as a source tree in DIR, counting its builds in
  ``builds.log`` beside DIR.

Run as ``python -m spec_tests.adapters.uv.repro <command> ...``.
"""

from __future__ import annotations

import hashlib
import http.server
import ssl
import sys
import time
from pathlib import Path

from spec_tests.harness.backend import BuildCounter, Project, write_project, write_sdist
from spec_tests.harness.index import serving
from spec_tests.harness.tls import LocalCA
from spec_tests.harness.wheel import WHEEL_NAME, wheel_bytes

_DISTS = ("*.tar.gz", "*.zip", "*.whl")
_CONDITIONAL = ("If-None-Match", "If-Modified-Since")


def _ca() -> LocalCA:
    """A fresh CA, its certificate at ``./ca.pem``."""
    return LocalCA.make(Path.cwd(), "ca.pem")


def _index(root: Path, port: int, bare: bool) -> None:
    with serving(_ca(), bare=bare, port=port) as index:
        print(index.url, flush=True)
        published: set[str] = set()
        while True:
            for path in sorted(p for pattern in _DISTS for p in root.glob(pattern)):
                if path.name not in published:
                    index.publish(path)
                    published.add(path.name)
            time.sleep(0.2)


def _serve(root: Path, port: int, fields: list[str]) -> None:
    tls = "--tls" in fields
    extra = [tuple(part.strip() for part in f.split(":", 1)) for f in fields if f != "--tls"]
    no_etag = ("ETag", "none") in extra
    extra = [f for f in extra if f != ("ETag", "none")]

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            asked = [f"{h}: {self.headers[h]}" for h in _CONDITIONAL if h in self.headers]
            self.log_message('"%s" %s %s', self.requestline, code, " ".join(asked))

        def do_HEAD(self) -> None:
            self._answer(body=False)

        def do_GET(self) -> None:
            self._answer(body=True)

        def _answer(self, *, body: bool) -> None:
            path = root / self.path.lstrip("/")
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file():
                self.send_error(404)
                return
            data = path.read_bytes()
            etag = '"' + hashlib.sha256(data).hexdigest()[:12] + '"'
            matched = not no_etag and self.headers.get("If-None-Match") == etag
            self.send_response(304 if matched else 200)
            html = path.suffix == ".html"
            self.send_header("Content-Type", "text/html" if html else "application/octet-stream")
            for name, value in extra:
                self.send_header(name, value)
            if not no_etag:
                self.send_header("ETag", etag)
            self.send_header("Content-Length", "0" if matched else str(len(data)))
            self.end_headers()
            if body and not matched:
                self.wfile.write(data)

    server = http.server.HTTPServer(("localhost" if tls else "127.0.0.1", port), Handler)
    if tls:
        context = _ca().server_context()
        server.socket = context.wrap_socket(server.socket, server_side=True)
    server.serve_forever()


def main(argv: list[str]) -> int:
    match argv:
        case ["index", directory, port, *rest] if set(rest) <= {"--bare"}:
            _index(Path(directory).resolve(), int(port), bare="--bare" in rest)
        case ["serve", directory, port, *fields]:
            _serve(Path(directory), int(port), fields)
        case ["wheel", directory, variant]:
            Path(directory).mkdir(parents=True, exist_ok=True)
            (Path(directory) / WHEEL_NAME).write_bytes(wheel_bytes(int(variant)))
        case ["variant", target]:
            print((Path(target) / "demo" / "__init__.py").read_text().strip())
        case ["sdist", directory, name, version]:
            root = Path(directory).resolve()
            counter = BuildCounter(root / "builds.log")
            print(write_sdist(Project(name, version, counter), root))
        case ["project", directory, name, version]:
            root = Path(directory).resolve()
            counter = BuildCounter(root.parent / "builds.log")
            print(write_project(Project(name, version, counter), root))
        case _:
            print(__doc__, file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except ssl.SSLError as exc:  # pragma: no cover - a client that gave up
        raise SystemExit(str(exc)) from None
