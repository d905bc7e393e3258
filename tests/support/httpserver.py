"""A real HTTP server on loopback that serves a folder like DILA's open-data site, with injectable faults."""

from __future__ import annotations

import contextlib
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class Faults:
    """What the server does wrong: ``drop[name] = n`` cuts the first n downloads of ``name`` mid-body."""

    def __init__(self) -> None:
        self.drop: dict[str, int] = {}
        self.requests: list[str] = []


class _Handler(SimpleHTTPRequestHandler):
    faults: Faults

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        name = self.path.rsplit("/", 1)[-1]
        self.faults.requests.append(self.path)
        if self.faults.drop.get(name, 0) > 0:
            self.faults.drop[name] -= 1
            path = Path(self.translate_path(self.path))
            body = path.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])  # then the connection drops
            self.wfile.flush()
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(2)
            return
        super().do_GET()


@contextlib.contextmanager
def serve(folder: Path):
    """Serve ``folder`` on 127.0.0.1 (a free port); yields (base URL, Faults)."""
    faults = Faults()
    handler = type("Handler", (_Handler,), {"faults": faults})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", faults
    finally:
        server.shutdown()
        server.server_close()
