"""Queries evaluated in worker processes, so that a time-out, a disconnect or a memory cap really stops them.

pyoxigraph cannot interrupt a query (a sort or an aggregate runs inside the engine until it returns), so a
query that overruns is stopped by killing its process: each of ``workers`` processes opens the store
read-only, evaluates one query at a time and writes the answer (the result formats are written there too, in
parallel, off the server's GIL); the server sends it the query and waits for the bytes. A worker whose client
gave up (time-out, disconnect) is killed with SIGKILL and a new one takes its place (a fork of a process that
has the modules loaded: tens of milliseconds). Each worker's address space is capped (``RLIMIT_AS``): a query
that needs more fails, its worker dies or answers an error, and is replaced.

Updates are written by the server (``store.StoreLock``); each one bumps ``WorkerPool.generation`` and a worker
opens the store again before its next query, so it sees every committed update.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import queue
import resource
import select
import signal
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from legalgraph.serve.errors import HttpError


@dataclass
class Job:
    text: str
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    limit: int | None = None  # rows at most (None: all)
    solution_media: str | None = None  # how to write SELECT/ASK answers (None: the client accepts none)
    graph_media: str | None = None  # how to write CONSTRUCT/DESCRIBE answers
    order: tuple[str, ...] = ()  # a named query's sort
    federated: bool = False  # it calls a SERVICE: errors then never show the remote answer
    generation: int = 0  # the store as of this many updates
    # GET /id/…: the IRI to describe instead of ``text`` (see ``resources``), in ``graph_media`` (or HTML);
    # the project's IRIs start with ``id_base``, and a page links to their pages through ``root``.
    resource: str | None = None
    id_base: str = ""
    root: str = ""
    service: object = None  # GET /sparql without a query: the ``service.ServiceInfo`` to describe


@dataclass
class Reply:
    status: int  # 200, or the error's status
    body: bytes = b""  # the answer, or the error message
    media: str | None = None
    truncated: bool = False
    kind: str = ""  # "solutions", "boolean", "triples" (for a 406) or "page"


_OPENED = "opened"  # what a worker sends once it has opened the store as of the job's generation
_RESTART = -1  # the status of a reply after which the worker is to be replaced (a MemoryError)


class _Gate:
    """Shared for workers opening the store, exclusive for a writer: a read-only opening must not race with
    a read-write one (see ``store``). Writers go first: a waiting writer holds back new openings."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False

    @contextlib.contextmanager
    def shared(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writer)
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writer)
            self._writer = True
            self._cond.wait_for(lambda: self._readers == 0)
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()


@dataclass(eq=False)
class _Worker:
    process: multiprocessing.Process
    conn: Connection
    generation: int = -1  # of the store it has open; -1: none yet


class WorkerPool:
    """``size`` worker processes over the store at ``path``."""

    def __init__(self, path: Path, size: int, memory_bytes: int | None):
        self.path = path
        self.size = size
        self.memory_bytes = memory_bytes
        self.generation = 0
        self.gate = _Gate()
        self._context = multiprocessing.get_context("forkserver")
        # The fork server loads these once; each worker is a fork of it (a clean, single-threaded process).
        self._context.set_forkserver_preload(
            [
                "pyoxigraph",
                "legalgraph.queries",
                "legalgraph.serve.formats",
                "legalgraph.serve.resources",
                "legalgraph.serve.service",
                "legalgraph.serve.workers",
            ]
        )
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()  # idle and busy
        self._busy = 0
        self._changed = threading.Condition()
        self._closing = False
        for _ in range(size):
            self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(
            target=_main,
            args=(theirs, str(self.path), self.memory_bytes),
            name="legalgraph-query",
            daemon=True,
        )
        process.start()
        theirs.close()
        worker = _Worker(process, ours)
        self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and put a new one in its place, in the background (the client is answered now)."""

        def run() -> None:
            try:
                _kill(worker)
                self._all.discard(worker)
                if not self._closing:
                    self._idle.put(self._spawn())
            finally:
                self._done()

        threading.Thread(target=run, name="legalgraph-respawn", daemon=True).start()

    def _done(self) -> None:
        with self._changed:
            self._busy -= 1
            self._changed.notify_all()

    def run(self, job: Job, timeout: float, client: socket.socket | None = None) -> Reply:
        """The worker's answer to ``job`` within ``timeout`` seconds of evaluation (504 past it; its worker is
        killed); 503 when no worker frees up within ``timeout``. The query is cancelled, and its worker killed,
        when ``client`` closes its connection."""
        if self._closing:
            raise HttpError(503, "the server is shutting down", {"Retry-After": "5"})
        with self._changed:
            self._busy += 1
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            self._done()
            raise HttpError(
                503, f"the server is busy: {self.size} queries are running; try again", {"Retry-After": "5"}
            ) from None
        deadline = time.monotonic() + timeout
        job.generation = self.generation
        try:
            if worker.generation != job.generation:
                with self.gate.shared():  # no update writes while the worker opens the store
                    _send(worker, job)
                    opened = _receive(worker, deadline, None)
                if opened != _OPENED:
                    reply = opened  # it could not open the store, and says why
                else:
                    worker.generation = job.generation
                    reply = _receive(worker, deadline, client)
            else:
                _send(worker, job)
                reply = _receive(worker, deadline, client)
        except _WorkerLost as lost:
            self._replace(worker)
            if self._closing:
                raise HttpError(503, "the server is shutting down", {"Retry-After": "5"}) from None
            raise lost.answer(timeout) from None
        except BaseException:
            self._replace(worker)
            raise
        if not isinstance(reply, Reply):
            self._replace(worker)
            raise HttpError(500, f"internal error: a worker answered {reply!r}")
        if reply.status == _RESTART:  # it answered, and asks to be replaced (after a MemoryError)
            self._replace(worker)
            reply.status = 500
        else:
            self._idle.put(worker)
            self._done()
        return reply

    def close(self, drain: float = 0.0) -> None:
        """Take no more queries, let running ones finish for up to ``drain`` seconds, then kill every worker."""
        self._closing = True
        with self._changed:
            self._changed.wait_for(lambda: self._busy == 0, timeout=drain)
        for worker in list(self._all):  # idle ones, and queries still running past the drain
            _kill(worker)
        self._all.clear()


class _WorkerLost(Exception):
    """The worker did not answer: the time ran out, the client left, or the worker died."""

    def __init__(self, why: object):
        super().__init__(why)
        self.why = why

    def answer(self, timeout: float) -> HttpError:
        if self.why == "timeout":
            return HttpError(
                504,
                f"query time-out: no answer within {timeout:g} s (the server's --timeout); "
                "narrow the patterns or add a LIMIT",
            )
        if self.why == "gone":
            return HttpError(499, "the client closed the connection; the query was stopped")
        return HttpError(
            500,
            "the query stopped its worker: it went over the memory cap (the server's --max-memory) or the "
            "engine failed; narrow the patterns or add a LIMIT",
        )


def _receive(worker: _Worker, deadline: float, client: socket.socket | None) -> object:
    """The worker's next message; raises ``_WorkerLost`` past the deadline, when the client has gone, or when
    the worker died."""
    # One poll object over the two descriptors (``multiprocessing.connection.wait`` builds a selector per call).
    poller = select.poll()
    pipe = worker.conn.fileno()
    poller.register(pipe, select.POLLIN)
    if client is not None:
        poller.register(client.fileno(), select.POLLIN)
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise _WorkerLost("timeout")
        ready = {fd for fd, _ in poller.poll(left * 1000)}
        if pipe in ready:
            try:
                return worker.conn.recv()
            except (EOFError, OSError):
                raise _WorkerLost("died") from None
        if client is not None and ready:
            if _closed(client):
                raise _WorkerLost("gone")
            poller.unregister(client.fileno())  # it sent more (a pipelined request): stop watching it
            client = None


def _send(worker: _Worker, job: Job) -> None:
    try:
        worker.conn.send(job)
    except OSError:  # it died while idle (the kernel's OOM killer, say)
        raise _WorkerLost("died") from None


def _closed(sock: socket.socket) -> bool:
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def _kill(worker: _Worker) -> None:
    with contextlib.suppress(OSError, ValueError):
        worker.process.kill()
    worker.process.join(5)
    worker.conn.close()


# -- in the worker process ------------------------------------------------------------------------------------


def _main(conn: Connection, path: str, memory_bytes: int | None) -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl+C in the terminal stops the server, which stops us
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    # Imported here, not at module level: the server process needs none of it.
    import pyoxigraph as ox

    store = None
    generation = -1
    while True:
        try:
            job: Job = conn.recv()
        except (EOFError, OSError):
            return
        if job.generation != generation:
            store = None  # close the old opening first
            try:
                store = ox.Store.read_only(path)
            except OSError as exc:
                conn.send(Reply(500, f"the store failed: {exc}".encode()))
                continue
            generation = job.generation
            conn.send(_OPENED)
        try:
            reply = _evaluate(store, job)
        except MemoryError:
            reply = Reply(_RESTART, b"the query went over the memory cap (the server's --max-memory)")
        conn.send(reply)
        if reply.status == _RESTART:
            return


def _evaluate(store, job: Job) -> Reply:
    import pyoxigraph as ox

    from legalgraph import queries
    from legalgraph.graph.namespaces import PREFIXES
    from legalgraph.serve import formats
    from legalgraph.store.base import Solutions, syntax_error

    if job.resource is not None:
        from legalgraph.serve import resources

        try:
            return resources.describe(store, job)
        except MemoryError:
            raise  # the worker answers, then is replaced (``_main``)
        except Exception as exc:  # noqa: BLE001 - the store failed, or a bug: a 500, and the worker goes on
            return Reply(500, f"describing {job.resource} failed: {type(exc).__name__}: {exc}".encode())
    if job.service is not None:
        from legalgraph.serve import service
        from legalgraph.store.results import triples_bytes

        triples, cut = service.description(store, job.service, job.limit)
        fmt = formats.RDF_FORMATS[job.graph_media]
        body = triples_bytes(triples, fmt, {**PREFIXES, **service.PREFIXES})
        return Reply(200, body, job.graph_media, cut, "triples")
    if job.default_graphs or job.named_graphs:
        dataset = {
            "default_graph": [ox.NamedNode(g) for g in job.default_graphs],
            "named_graphs": [ox.NamedNode(g) for g in job.named_graphs],
        }
    else:
        dataset = {"use_default_graph_as_union": True}
    try:
        result = store.query(job.text, prefixes=PREFIXES, **dataset)
        if isinstance(result, ox.QueryBoolean):
            kind, media = "boolean", job.solution_media
            if media is None:
                return Reply(406, kind=kind)
            body, truncated = result.serialize(format=formats.RESULT_FORMATS[media]), False
        elif isinstance(result, ox.QuerySolutions):
            kind, media = "solutions", job.solution_media
            if media is None:
                return Reply(406, kind=kind)
            if job.order:  # a named query's rows, sorted here (``queries.sort``)
                variables = [v.value for v in result.variables]
                n = len(variables)
                rows, truncated = take(result, lambda s: tuple(s[i] for i in range(n)), job.limit)
                body = formats.write_solutions(queries.sort(Solutions(variables, rows), job.order), media)
            else:
                body, truncated = formats.engine_solutions(result, media, job.limit)
        else:
            kind, media = "triples", job.graph_media
            if media is None:
                return Reply(406, kind=kind)
            body, truncated = formats.engine_triples(result, media, job.limit)
    except SyntaxError as exc:
        return Reply(400, str(syntax_error(exc, job.text)).encode())
    except (OSError, RuntimeError) as exc:
        if job.federated:  # the message may hold the remote server's answer: never pass it on
            return Reply(502, b"a SERVICE call failed (the remote answer is not shown)")
        status = 500 if isinstance(exc, OSError) else 400
        what = "the store failed" if status == 500 else "the query cannot be evaluated"
        return Reply(status, f"{what}: {exc}".encode())
    return Reply(200, body, media, truncated, kind)


def take(results, convert, limit: int | None) -> tuple[list, bool]:
    """At most ``limit`` items, and whether there were more."""
    out: list = []
    for item in results:
        if len(out) == limit:
            return out, True
        out.append(convert(item))
    return out, False


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent (the fork server, which exits with the server) dies, so
    that a query still running when the server is killed does not run on."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() == 1:
        os._exit(0)
