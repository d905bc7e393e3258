"""Real SPARQL servers on loopback for the tests: ``oxigraph serve``, Virtuoso and ``legalgraph serve``.

Each is a context manager that starts the server on a free port of 127.0.0.1 in a temporary folder, waits
until it answers a query, yields where it listens, and always stops it (SIGTERM, then SIGKILL).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tool(name: str) -> str:
    """A command from the venv (oxigraph, legalgraph) or the system (virtuoso-t)."""
    local = VENV_BIN / name
    found = str(local) if local.exists() else shutil.which(name)
    if not found:
        raise RuntimeError(f"{name} is not installed: `make test` installs it")
    return found


def wait_until_ready(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60.0, **kw) -> None:
    """Poll ``url`` with an ASK query until it answers 200; fail with the server's log if it dies or is slow."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"server exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}"
            )
        try:
            if requests.get(url, params={"query": "ASK {}"}, timeout=2, **kw).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server not ready after {timeout} s:\n{log.read_text(errors='replace')[-3000:]}")


def stop(proc: subprocess.Popen, grace: float = 15.0) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def _running(
    cmd: list[str], ready_url: str, folder: Path, env: dict | None = None, **kw
) -> Iterator[subprocess.Popen]:
    log = folder / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=folder, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    try:
        wait_until_ready(ready_url, proc, log, **kw)
        yield proc
    finally:
        stop(proc)


@contextmanager
def oxigraph_server() -> Iterator[str]:
    """``oxigraph serve`` on an on-disk store; yields its base URL (``/query``, ``/update``, ``/store``)."""
    folder = Path(tempfile.mkdtemp(prefix="legalgraph-oxigraph-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [_tool("oxigraph"), "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"]
    try:
        with _running(cmd, base + "/query", folder):
            yield base
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Virtuoso:
    url: str  # the authenticated endpoint, /sparql-auth
    public_url: str  # /sparql, read-only for anonymous users
    user: str
    password: str
    isql_port: int


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = ., {d}
ServerThreads = 10
CheckpointInterval = 0

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 10
MaxClientConnections = 10

[SPARQL]
; legalgraph reads whole answers: a cut answer would make a build miss data.
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 120
"""


@contextmanager
def virtuoso_server(max_rows: int = 1_000_000) -> Iterator[Virtuoso]:
    """Virtuoso 7 with a fresh database; updates through ``/sparql-auth`` as ``dba`` (HTTP digest)."""
    folder = Path(tempfile.mkdtemp(prefix="legalgraph-virtuoso-"))
    sql, http = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(VIRTUOSO_INI.format(d=folder, sql=sql, http=http, max_rows=max_rows))
    base = f"http://127.0.0.1:{http}"
    # +foreground: stay a child of the test (a daemon would outlive it).
    cmd = [_tool("virtuoso-t"), "-c", str(folder / "virtuoso.ini"), "+foreground"]
    try:
        with _running(cmd, base + "/sparql", folder, timeout=120):
            yield Virtuoso(base + "/sparql-auth", base + "/sparql", "dba", "dba", sql)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def legalgraph_server_process(
    store: Path, *args: str, env: dict[str, str] | None = None
) -> Iterator[tuple[str, subprocess.Popen]]:
    """``legalgraph serve --store STORE ARGS``; yields its base URL (the endpoint is ``/sparql``) and process."""
    folder = Path(tempfile.mkdtemp(prefix="legalgraph-serve-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [_tool("legalgraph"), "serve", "--store", str(store), "--port", str(port), "--quiet", *args]
    try:
        with _running(cmd, base + "/sparql", folder, env={**os.environ, **(env or {})}) as proc:
            yield base, proc
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def legalgraph_server(store: Path, *args: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """``legalgraph serve --store STORE ARGS``; yields its base URL."""
    with legalgraph_server_process(store, *args, env=env) as (base, _proc):
        yield base


def corpus_store_on_disk(path: Path) -> Path:
    """The corpus built into a closed on-disk store at ``path`` (for a server process to open)."""
    from legalgraph.cli import iter_sources
    from legalgraph.store import OxigraphStore, build_paths
    from tests.support.graphkit import CORPUS, corpus_docs

    docs = corpus_docs()
    store = OxigraphStore(path)
    try:
        build_paths(store, list(iter_sources([str(CORPUS)])), parse=lambda p: docs[p.name])
    finally:
        store.close()
    return path


def empty_store_on_disk(path: Path) -> Path:
    """An empty on-disk store (what `legalgraph serve --allow-update` needs to start on)."""
    import pyoxigraph as ox

    store = ox.Store(str(path))
    store.flush()
    del store
    return path
