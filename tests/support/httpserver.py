"""A real HTTP server on loopback that serves a folder like DILA's open-data site, with injectable faults."""

from __future__ import annotations

import contextlib
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class Faults:
    """What the server does wrong, by file name (the last part of the request path):

    * ``drop[name] = n``: the first n downloads of ``name`` are cut mid-body;
    * ``drip[name] = seconds``: one byte every ``seconds``, for ever (a server that never quite stalls);
    * ``stall[name] = seconds``: half the body, then nothing for ``seconds``;
    * ``endless``: names whose body never ends (an index page that grows for ever);
    * ``redirect[name] = url``: a 302 to ``url``.
    """

    def __init__(self) -> None:
        self.drop: dict[str, int] = {}
        self.drip: dict[str, float] = {}
        self.stall: dict[str, float] = {}
        self.endless: set[str] = set()
        self.redirect: dict[str, str] = {}
        self.requests: list[str] = []
        self.stopped = threading.Event()  # set when the server stops: slow answers end with it


class _Handler(SimpleHTTPRequestHandler):
    faults: Faults

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        name = self.path.split("?", 1)[0].rsplit("/", 1)[-1]
        f = self.faults
        f.requests.append(self.path)
        try:
            if name in f.redirect:
                self.send_response(302)
                self.send_header("Location", f.redirect[name])
                self.end_headers()
            elif name in f.endless:
                self._headers(None)
                while not f.stopped.is_set():
                    self.wfile.write(b"<a href='x'>x</a>" * 4096)
            elif name in f.drip:
                body = self._body()
                self._headers(len(body))
                for byte in body:
                    if f.stopped.wait(f.drip[name]):
                        break
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
            elif name in f.stall:
                body = self._body()
                self._headers(len(body))
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                f.stopped.wait(f.stall[name])
            elif f.drop.get(name, 0) > 0:
                f.drop[name] -= 1
                body = self._body()
                self._headers(len(body))
                self.wfile.write(body[: len(body) // 2])  # then the connection drops
                self.wfile.flush()
            else:
                super().do_GET()
                return
        except OSError:  # the client went away: what a slow server sees
            pass
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(2)

    def _body(self) -> bytes:
        return Path(self.translate_path(self.path)).read_bytes()

    def _headers(self, length: int | None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/gzip")
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.end_headers()


@contextlib.contextmanager
def serve(folder: Path):
    """Serve ``folder`` on 127.0.0.1 (a free port); yields (base URL, Faults). Slow answers end with it."""
    faults = Faults()
    handler = type("Handler", (_Handler,), {"faults": faults})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", faults
    finally:
        faults.stopped.set()
        server.shutdown()
        server.server_close()
        time.sleep(0.05)  # let slow handlers see the stop before the folder goes
