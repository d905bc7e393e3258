"""`legalgraph serve` run in the test process (its worker processes beside it) on a loopback port."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from legalgraph.serve.app import EndpointServer, Settings, make_server


@contextmanager
def serving(store: Path, **settings) -> Iterator[EndpointServer]:
    """The endpoint over the on-disk store at ``store``, with ``settings``; always stopped."""
    server = make_server(store, "127.0.0.1", 0, Settings(quiet=True, **settings))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        server.service.close()
        thread.join(10)


@contextmanager
def running(store: Path, **settings) -> Iterator[str]:
    """Like ``serving``; yields the base URL (the endpoint is ``/sparql``)."""
    with serving(store, **settings) as server:
        yield f"http://127.0.0.1:{server.server_address[1]}"
