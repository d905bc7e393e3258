"""A loopback HTTP server that records every request it gets: the target an endpoint must not reach (SSRF),
or a federated SPARQL endpoint that answers, fails or never answers."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRET = b"secret-from-the-remote-server"
ANSWER = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"remote"}}]}}'


@dataclass
class Recorder:
    url: str  # http://127.0.0.1:PORT
    hits: list[str] = field(default_factory=list)  # "METHOD path" of each request
    mode: str = "fail"  # "fail": 500 with SECRET; "answer": one SPARQL JSON row; "hang": never answers
    release: threading.Event = field(default_factory=threading.Event)


@contextmanager
def recording() -> Iterator[Recorder]:
    """A recorder on 127.0.0.1 (a free port); always stopped (a hanging request is released first)."""
    recorder = Recorder("")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            self._answer()

        def do_POST(self) -> None:
            self._answer()

        def _answer(self) -> None:
            recorder.hits.append(f"{self.command} {self.path}")
            if recorder.mode == "hang":
                recorder.release.wait(30)
                return
            ok = recorder.mode == "answer"
            body = ANSWER if ok else SECRET
            self.send_response(200 if ok else 500)
            self.send_header("Content-Type", "application/sparql-results+json" if ok else "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    recorder.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield recorder
    finally:
        recorder.release.set()
        server.shutdown()
        server.server_close()
