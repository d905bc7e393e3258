"""Worker processes that answer the clients' requests themselves, and the supervisor that keeps them in bounds.

pyoxigraph cannot interrupt a query (a sort or an aggregate runs inside the engine until it returns), so a
query that overruns is stopped by killing its process. Each of ``workers`` processes opens the store read-only
and serves one request at a time: the server's process (the supervisor) accepts the connections, waits until
one holds a request, and hands the connection itself to a free worker (its descriptor, over the worker's
pipe); the worker reads the request, evaluates it, writes the answer straight to the client's socket (the
engine's serializers, off the supervisor's GIL, no copy of the answer between processes) and hands the
connection back. The supervisor keeps its own descriptor of the connection meanwhile, so that it can answer
when the worker cannot: past ``timeout`` the worker is killed with SIGKILL and the client gets 504; a worker
that dies (its address space is capped with ``RLIMIT_AS``: a query that needs more fails) gets its client a
500; a client that closes its connection has its query stopped the same way. A new worker, a fork of a process
that has the modules loaded (tens of milliseconds), takes the place of each one killed.

While there are no more connections than workers (so that no connection can wait for one), a worker that has
answered keeps the connection for the client's next request (``LINGER`` at most): a client that sends its
queries one after the other is answered without a hand-over per request. Through shared memory the worker
tells the supervisor when each request began (its time limit runs from then; nothing while it waits), and the
supervisor tells the workers how many connections are open and which state of the store is current. Requests
get workers in the order they asked (none starves), the most recently freed worker first (its caches are
warm).

Updates are written by the supervisor (``store.StoreLock``), asked by the worker that read them; each one bumps
``WorkerPool.generation`` and a worker opens the store again before its next request, so it sees every
committed update.
"""

from __future__ import annotations

import collections
import contextlib
import ctypes
import http
import multiprocessing
import os
import queue
import resource
import select
import signal
import socket
import struct
import threading
import time
import traceback
from collections.abc import Callable, Iterator
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


_OPENED = "opened"  # what a worker sends once it has opened the store as of the generation it was sent


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
    began: ctypes.c_double  # (shared) when its current request began, time.monotonic(); 0: between requests
    channel: socket.socket  # ``conn``'s socket, for the descriptors of the connections handed over
    generation: int = -1  # of the store it has open; -1: none yet


class _Idle:
    """The idle workers. A request that finds none waits its turn: workers are handed out in the order the
    requests asked (a connection whose next request comes at once does not take the worker again while others
    wait), the most recently freed one first (its caches are warm)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._free: list[_Worker] = []
        self._turns: collections.deque[_Turn] = collections.deque()

    def get(self, timeout: float) -> _Worker:
        """A worker, within ``timeout`` seconds; raises ``queue.Empty`` when none freed up for this request."""
        with self._lock:
            if self._free:
                return self._free.pop()
            turn = _Turn()
            self._turns.append(turn)
        if timeout > 0 and turn.given.wait(timeout):
            return turn.worker
        with self._lock:
            if turn.worker is not None:  # given as the time ran out
                return turn.worker
            self._turns.remove(turn)
        raise queue.Empty

    def put(self, worker: _Worker) -> None:
        with self._lock:
            if not self._turns:
                self._free.append(worker)
                return
            turn = self._turns.popleft()
            turn.worker = worker  # under the lock: a turn that timed out meanwhile takes it all the same
        turn.given.set()


@dataclass(eq=False)
class _Turn:
    given: threading.Event = field(default_factory=threading.Event)
    worker: _Worker | None = None


LINGER = 0.05  # seconds a worker waits for a connection's next request before handing the connection back
_LINGER_STEP = 0.005  # seconds between its looks at the open connections and the state of the store


# What a worker does with a connection: ``serve(local, sock)`` answers the requests it holds and says whether the
# connection is to be closed (``app.serve_connection``; a module-level function, so that it reaches the worker).
Serve = Callable[["Local", socket.socket], bool]


class WorkerPool:
    """``size`` worker processes over the store at ``path``, answering connections with ``serve``; updates the
    workers read are written by ``write`` (in this process)."""

    def __init__(
        self,
        path: Path,
        size: int,
        memory_bytes: int | None,
        serve: Serve,
        write: Callable[[str], None],
        server_version: str = "",
    ):
        self.path = path
        self.size = size
        self.memory_bytes = memory_bytes
        self.serve = serve
        self.write = write
        self.server_version = server_version
        self.gate = _Gate()
        self._context = multiprocessing.get_context("forkserver")
        # Shared with the workers: the open connections, and the store's current state.
        self._connections = self._context.RawValue(ctypes.c_int, 0)
        self._generation = self._context.RawValue(ctypes.c_long, 0)
        # The fork server loads these once; each worker is a fork of it (a clean, single-threaded process).
        self._context.set_forkserver_preload(
            [
                "pyoxigraph",
                "legalgraph.queries",
                "legalgraph.serve.app",
                "legalgraph.serve.formats",
                "legalgraph.serve.resources",
                "legalgraph.serve.service",
                "legalgraph.serve.workers",
            ]
        )
        self._idle = _Idle()
        self._all: set[_Worker] = set()  # idle and busy
        self._busy = 0
        self._changed = threading.Condition()
        self._closing = False
        for _ in range(size):
            self._idle.put(self._spawn())

    @property
    def generation(self) -> int:
        """The state of the store: each update makes a new one, which workers open before their next request."""
        return self._generation.value

    @generation.setter
    def generation(self, value: int) -> None:
        self._generation.value = value

    def _spawn(self) -> _Worker:
        ours, theirs = self._context.Pipe()
        began = self._context.RawValue(ctypes.c_double, 0.0)
        shared = Shared(began, self._connections, self._generation, self.size)
        process = self._context.Process(
            target=_main,
            args=(theirs, str(self.path), self.memory_bytes, self.serve, shared),
            name="legalgraph-query",
            daemon=True,
        )
        process.start()
        theirs.close()
        channel = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM, fileno=os.dup(ours.fileno()))
        worker = _Worker(process, ours, began, channel)
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

    def count_connections(self, change: int) -> None:
        """Clients' connections opened (+1) or closed (-1): workers keep a connection for its next request only
        while there are no more than workers."""
        with self._changed:
            self._connections.value += change

    def run(self, client: socket.socket, timeout: float, waited: float = 0.0) -> bool:
        """Have a worker answer the request(s) waiting on ``client``, within ``timeout`` seconds (504 past it;
        the worker is killed); 503 when no worker frees up within ``timeout`` (of which the request already
        ``waited``); 500 when the worker dies. The query is cancelled, and its worker killed, when ``client``
        closes its connection. Returns whether the connection stays open for the next request."""
        if self._closing:
            return self._fail(client, HttpError(503, "the server is shutting down", {"Retry-After": "5"}))
        with self._changed:
            self._busy += 1
        try:
            worker = self._idle.get(timeout=max(0.0, timeout - waited))
        except queue.Empty:
            self._done()
            busy = f"the server is busy: {self.size} queries are running; try again"
            return self._fail(client, HttpError(503, busy, {"Retry-After": "5"}))
        worker.began.value = time.monotonic()
        generation = self.generation
        try:
            if worker.generation != generation:
                with self.gate.shared():  # no update writes while the worker opens the store
                    _send(worker, client, generation)
                    opened = _receive(worker, timeout, None)
                if opened != _OPENED:
                    raise _WorkerLost("died")
                worker.generation = generation
            else:
                _send(worker, client, generation)
            while True:
                message = _receive(worker, timeout, client)
                if not (isinstance(message, tuple) and message[0] == "update"):
                    break
                worker.conn.send(self._update(message[1]))
                worker.began.value = time.monotonic()  # the update had no time limit; what is left of it has
        except _WorkerLost as lost:
            self._replace(worker)
            if lost.why == "died" and not worker.began.value:  # between requests: no one waits for an answer
                return False
            return self._fail(client, _WorkerLost("closing" if self._closing else lost.why).answer(timeout))
        except BaseException:
            self._replace(worker)
            raise
        if not (isinstance(message, tuple) and message[0] == "done"):
            self._replace(worker)
            return self._fail(client, HttpError(500, f"internal error: a worker answered {message!r}"))
        _, close, restart = message
        if restart:  # it answered, and asks to be replaced (after a MemoryError)
            self._replace(worker)
        else:
            self._idle.put(worker)
            self._done()
        return not close

    def _update(self, text: str) -> tuple[int, str, dict[str, str]]:
        """A worker's update, written here: (0, "", {}) or the error's status, message and headers."""
        try:
            self.write(text)
        except HttpError as exc:
            return exc.status, exc.message, exc.headers
        return 0, "", {}

    def _fail(self, client: socket.socket, error: HttpError | None) -> bool:
        """Answer ``error`` on ``client`` (nothing when it has gone), and close the connection: what the
        request left unread is unknown."""
        if error is not None:
            with contextlib.suppress(OSError):
                client.sendall(plain_answer(error, self.server_version))
        return False

    def close(self, drain: float = 0.0) -> None:
        """Take no more queries, let running ones finish for up to ``drain`` seconds, then kill every worker."""
        self._closing = True
        with self._changed:
            self._changed.wait_for(lambda: self._busy == 0, timeout=drain)
        for worker in list(self._all):  # idle ones, and queries still running past the drain
            _kill(worker)
        self._all.clear()


class Connections:
    """The clients' connections between their requests. One thread watches them all (epoll); a connection
    whose next request has come joins the queue of ready ones, which as many dispatching threads as there are
    workers take in order, each having a worker answer it (``WorkerPool.run``): connections are served in the
    order their requests came. (With a thread per connection, the one that has just been answered would take
    the freed worker again and again while the others' threads wait for their turn to run.) A connection
    silent for ``idle_timeout`` seconds is closed."""

    def __init__(self, pool: WorkerPool, timeout: float, idle_timeout: float):
        self.pool, self.timeout, self.idle_timeout = pool, timeout, idle_timeout
        self._lock = threading.Lock()
        self._watched: dict[int, tuple[socket.socket, float]] = {}  # descriptor → (connection, idle since)
        self._epoll = select.epoll()
        self._ready: queue.Queue[tuple[socket.socket, float] | None] = queue.Queue()
        self._closing = False
        self._threads = [threading.Thread(target=self._watch, name="legalgraph-connections", daemon=True)]
        self._threads += [
            threading.Thread(target=self._dispatch, name="legalgraph-dispatch", daemon=True)
            for _ in range(pool.size)
        ]
        for thread in self._threads:
            thread.start()

    def add(self, sock: socket.socket) -> None:
        """A new client's connection (from the accept loop)."""
        # Headers and body are two writes: without this, Nagle holds the body until the client's delayed ACK
        # of the headers, 40 ms per request for a client that sends one request at a time.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.settimeout(5)  # the supervisor's own answers (503, 504…) never wait long on a client
        self.pool.count_connections(+1)
        self._watch_again(sock)

    def _watch_again(self, sock: socket.socket) -> None:
        with self._lock:
            if not self._closing:
                self._watched[sock.fileno()] = (sock, time.monotonic())
                self._epoll.register(sock.fileno(), select.EPOLLIN | select.EPOLLRDHUP)
                return
        self._close(sock)

    def _close(self, sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_WR)  # what is written reaches the client before the close
        sock.close()
        self.pool.count_connections(-1)

    def _watch(self) -> None:
        swept = time.monotonic()
        while not self._closing:
            try:
                events = self._epoll.poll(1.0)
            except (OSError, ValueError):  # closed
                return
            now = time.monotonic()
            for fd, flags in events:
                with self._lock:
                    entry = self._watched.pop(fd, None)
                    if entry is not None:
                        self._epoll.unregister(fd)
                if entry is None:
                    continue
                if flags & _CLOSED and client_closed(entry[0]):
                    self._close(entry[0])
                else:
                    self._ready.put((entry[0], now))
            if now - swept >= 1.0:  # connections silent too long (each holds a descriptor)
                swept = now
                with self._lock:
                    silent = [
                        fd for fd, (_, since) in self._watched.items() if now - since > self.idle_timeout
                    ]
                    gone = [self._watched.pop(fd)[0] for fd in silent]
                    for fd in silent:
                        self._epoll.unregister(fd)
                for sock in gone:
                    self._close(sock)

    def _dispatch(self) -> None:
        while (item := self._ready.get()) is not None:
            sock, since = item
            keep = False
            try:
                keep = self.pool.run(sock, self.timeout, time.monotonic() - since)
            except Exception:  # noqa: BLE001 - a bug: the connection closes, the server goes on
                traceback.print_exc()
            if keep:
                self._watch_again(sock)
            else:
                self._close(sock)

    def close(self) -> None:
        """Close the connections between requests and stop watching; requests being answered finish."""
        with self._lock:
            self._closing = True
            idle = [sock for sock, _ in self._watched.values()]
            self._watched.clear()
        for sock in idle:
            self._close(sock)
        for _ in self._threads[1:]:
            self._ready.put(None)
        self._threads[0].join(2)
        self._epoll.close()


def plain_answer(error: HttpError, server_version: str = "") -> bytes:
    """An error as a whole HTTP/1.1 answer that closes the connection (what the supervisor writes itself)."""
    body = (error.message + "\n").encode()
    reason = http.HTTPStatus(error.status).phrase if error.status in _STATUSES else "Error"
    head = [f"HTTP/1.1 {error.status} {reason}"]
    if server_version:
        head.append(f"Server: {server_version}")
    head += [
        "Content-Type: text/plain; charset=utf-8",
        f"Content-Length: {len(body)}",
        "X-Content-Type-Options: nosniff",
        *(f"{k}: {v}" for k, v in error.headers.items()),
        "Connection: close",
    ]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


_STATUSES = {s.value for s in http.HTTPStatus}


class _WorkerLost(Exception):
    """The worker did not answer: the time ran out, the client left, the worker died or the server closes."""

    def __init__(self, why: str):
        super().__init__(why)
        self.why = why

    def answer(self, timeout: float) -> HttpError | None:
        """What the client is told (None: it has gone)."""
        if self.why == "gone":
            return None
        if self.why == "closing":
            return HttpError(503, "the server is shutting down", {"Retry-After": "5"})
        if self.why == "timeout":
            return HttpError(
                504,
                f"query time-out: no answer within {timeout:g} s (the server's --timeout); "
                "narrow the patterns or add a LIMIT",
            )
        return HttpError(
            500,
            "the query stopped its worker: it went over the memory cap (the server's --max-memory) or the "
            "engine failed; narrow the patterns or add a LIMIT",
        )


_CLIENT_CHECK = 0.1  # seconds between looks at whether the client of a running query has gone


def _receive(worker: _Worker, timeout: float, client: socket.socket | None) -> object:
    """The worker's next message; raises ``_WorkerLost`` when its request has run ``timeout`` seconds, when the
    client has gone during a request, or when the worker died. Between requests (a worker waiting for the
    connection's next one) neither applies: the worker itself sees the client leave, and waits ``LINGER`` at
    most. The client is looked at between waits (not polled: until the worker has read the request, the
    socket is readable with it)."""
    while True:
        began = worker.began.value
        wait = _CLIENT_CHECK
        if began:
            left = began + timeout - time.monotonic()
            if left <= 0:
                raise _WorkerLost("timeout")
            wait = min(left, _CLIENT_CHECK)
        if worker.conn.poll(wait):
            try:
                return worker.conn.recv()
            except (EOFError, OSError):
                raise _WorkerLost("died") from None
        if began and client is not None and client_closed(client):
            raise _WorkerLost("gone")


_CLOSED = select.EPOLLRDHUP | select.EPOLLHUP | select.EPOLLERR  # what a client that closed makes epoll say
_HANDOVER = struct.Struct("q")  # the store's state, sent with the connection's descriptor


def _send(worker: _Worker, client: socket.socket, generation: int) -> None:
    """The connection (its descriptor) and the store's state, in one message on the worker's pipe (a Unix
    socket; the pipe's framed messages go before and after it)."""
    try:
        socket.send_fds(worker.channel, [_HANDOVER.pack(generation)], [client.fileno()])
    except OSError:  # it died while idle (the kernel's OOM killer, say)
        raise _WorkerLost("died") from None


def _handed(channel: socket.socket) -> tuple[int, int]:
    """In the worker: the store's state and the descriptor of the connection ``_send`` sent."""
    data, fds, _, _ = socket.recv_fds(channel, _HANDOVER.size, 1)
    if len(data) != _HANDOVER.size or len(fds) != 1:
        raise EOFError  # the supervisor has gone
    return _HANDOVER.unpack(data)[0], fds[0]


def client_closed(sock: socket.socket) -> bool:
    """Whether the client has closed its side of the connection (what it sent before is not consumed)."""
    readable = select.poll()
    readable.register(sock, select.POLLIN)
    if not readable.poll(0):  # (and no recv: on a socket with a time-out, it would wait for data)
        return False
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except (BlockingIOError, TimeoutError):
        return False
    except OSError:
        return True


def _kill(worker: _Worker) -> None:
    with contextlib.suppress(OSError, ValueError):
        worker.process.kill()
    worker.process.join(5)
    worker.conn.close()
    worker.channel.close()


# -- in the worker process ------------------------------------------------------------------------------------


@dataclass
class Shared:
    """What a worker and the supervisor share (memory, no messages): when the worker's request began, how many
    connections are open, the store's current state; and how many workers there are."""

    began: ctypes.c_double
    connections: ctypes.c_int
    generation: ctypes.c_long
    workers: int


class Local:
    """What the request handler of a worker process reaches: the store as of ``generation``, evaluation, and
    the supervisor (which writes updates)."""

    def __init__(self, conn: Connection, path: str, shared: Shared | None = None):
        self.conn = conn
        self.path = path
        self.shared = shared
        self.store = None
        self.generation = -1
        self.restart = False  # set after a MemoryError: the worker is replaced once it has answered

    def open(self, generation: int) -> None:
        import pyoxigraph as ox

        self.store = None  # close the old opening first
        try:
            self.store = ox.Store.read_only(self.path)
        finally:
            self.generation = generation

    def run(self, job: Job) -> Reply:
        if self.store is None:
            return Reply(500, b"the store failed: it could not be opened")
        try:
            return _evaluate(self.store, job)
        except MemoryError:
            self.restart = True
            return Reply(500, b"the query went over the memory cap (the server's --max-memory)")

    def answered(self) -> None:
        """The request is answered: its time limit no longer runs."""
        if self.shared is not None:
            self.shared.began.value = 0.0

    def begin(self) -> None:
        """A request (the connection's next one) begins: its time limit runs from now."""
        if self.shared is not None:
            self.shared.began.value = time.monotonic()

    def next_request(self, sock: socket.socket) -> bool:
        """Whether the client's next request arrived on ``sock`` within ``LINGER`` seconds, while there are no
        more connections than workers (none waits for this one) and the store did not change. (With more,
        the connection is handed back even when its next request is there: it waits its turn behind those
        that asked before; answering a few in a row saves hand-overs but leaves the others a long wait.)"""
        shared = self.shared
        if shared is None:
            return False
        waiting = select.poll()
        waiting.register(sock, select.POLLIN)
        until = time.monotonic() + LINGER
        while shared.connections.value <= shared.workers and shared.generation.value == self.generation:
            if waiting.poll(_LINGER_STEP * 1000):
                return not client_closed(sock)
            if time.monotonic() >= until:
                break
        return False

    def update(self, text: str) -> None:
        """Have the supervisor write ``text``; raises its ``HttpError``."""
        self.conn.send(("update", text))
        status, message, headers = self.conn.recv()
        if status:
            raise HttpError(status, message, headers)


def _main(conn: Connection, path: str, memory_bytes: int | None, serve: Serve, shared: Shared) -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl+C in the terminal stops the server, which stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    local = Local(conn, path, shared)
    channel = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM, fileno=os.dup(conn.fileno()))
    while True:
        try:
            generation, fd = _handed(channel)
        except (EOFError, OSError):
            return
        if generation != local.generation:
            with contextlib.suppress(OSError):  # a store that fails to open answers 500 (``Local.run``)
                local.open(generation)
            conn.send(_OPENED)
        sock = socket.socket(fileno=fd)
        try:
            close = serve(local, sock)
        except OSError:  # the client went away while its answer was written
            close = True
        finally:
            local.answered()
            sock.close()  # ours only: the supervisor holds the connection
        conn.send(("done", close, local.restart))
        if local.restart:
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
            raise  # the worker answers, then is replaced (``Local.run``)
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
