"""A standard-library HTTP server for the model's self-tests whose origin needs its own handler
(statuses, redirects, the headers a request carried)."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator


@contextmanager
def serving(handler: Callable[..., Any]) -> Iterator[str]:
    """``http://127.0.0.1:PORT`` of a server answering with ``handler``, in a thread; polled every
    10 ms, so that stopping it does not wait 0.5 s (the default interval)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
