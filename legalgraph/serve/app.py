"""The SPARQL endpoint over the embedded store: SPARQL 1.1 Protocol, named queries, limits, CORS, the page.

Routes:

* ``/sparql``: the SPARQL 1.1 Protocol. Queries by GET (``?query=``) or POST (urlencoded ``query=``, or the
  query itself as ``application/sparql-query``), with ``default-graph-uri`` / ``named-graph-uri``; without them
  the default graph is the union of the named graphs, as everywhere in legalgraph. Updates by POST only
  (urlencoded ``update=`` or ``application/sparql-update``), when the server was started with
  ``--allow-update``, and with ``Authorization: Bearer <token>``. legalgraph's prefixes (``eli:``, ``lg:``…)
  are declared for every query and update.
* ``/queries``: the named queries (JSON); ``/queries/<name>?param=value``: one of them run, negotiated like
  ``/sparql``.
* ``/``: the HTML page.

Limits, and how they answer:

* ``timeout`` seconds of evaluation: past it the client gets 504 and the query is abandoned. Its worker stops
  at the next row; an aggregate or a sort cannot be interrupted inside the engine and keeps its worker until
  it returns.
* ``workers`` queries evaluate at once (pyoxigraph releases the GIL while it evaluates, so they use every
  core); a request that finds none free within ``timeout`` gets 503 with ``Retry-After``.
* ``max_rows`` rows (or triples for CONSTRUCT/DESCRIBE) per answer: past it the answer stops there, still 200,
  with the header ``X-SPARQL-MaxRows: <limit>`` — the header Virtuoso sends in the same case, so tools that
  know Virtuoso recognise it; the page says so above the table. A request with the update token is not cut
  (``SparqlService.authorized``).
"""

from __future__ import annotations

import hmac
import json
import sys
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pyoxigraph as ox

from legalgraph import __version__, queries
from legalgraph.errors import LegalgraphError
from legalgraph.graph.namespaces import PREFIXES
from legalgraph.serve import formats
from legalgraph.serve.settings import Settings
from legalgraph.store.base import Solutions, substitute


class HttpError(Exception):
    """An answer other than 200: a status, a message for the person who sent the query, extra headers."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


class _Abandoned(Exception):
    pass


@dataclass
class Answer:
    kind: str  # "solutions", "boolean" or "triples"
    solutions: Solutions | None = None
    boolean: bool = False
    triples: list = field(default_factory=list)
    truncated: bool = False


class SparqlService:
    """Runs queries on a pyoxigraph store within the limits, and updates when they are allowed."""

    def __init__(self, store: ox.Store, settings: Settings):
        self.store = store
        self.settings = settings
        self._slots = threading.BoundedSemaphore(settings.workers)
        # As many threads as slots: a query that has a slot never waits in the pool's queue.
        self._pool = ThreadPoolExecutor(settings.workers, thread_name_prefix="legalgraph-query")
        self._writing = threading.Lock()

    def query(
        self,
        text: str,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        *,
        whole: bool = False,
    ) -> Answer:
        """Evaluate within the time limit; at most ``max_rows`` rows unless ``whole`` (see ``authorized``)."""
        dataset = _dataset(default_graphs or [], named_graphs or [])
        timeout = self.settings.timeout
        if not self._slots.acquire(timeout=timeout):
            raise HttpError(
                503,
                f"the server is busy: {self.settings.workers} queries are running; try again",
                {"Retry-After": "5"},
            )
        cancel = threading.Event()
        try:
            limit = None if whole else self.settings.max_rows
            future = self._pool.submit(self._evaluate, text, dataset, cancel, limit)
        except BaseException:
            self._slots.release()
            raise
        future.add_done_callback(lambda _f: self._slots.release())  # also when abandoned: the slot frees late
        try:
            return future.result(timeout=timeout)
        except FutureTimeout:
            cancel.set()
            raise HttpError(
                504,
                f"query time-out: no answer within {timeout:g} s (the server's --timeout); "
                "narrow the patterns or add a LIMIT",
            ) from None
        except SyntaxError as exc:
            raise HttpError(400, f"SPARQL syntax error: {exc}") from None
        except OSError as exc:
            raise HttpError(500, f"the store failed: {exc}") from None

    def _evaluate(self, text: str, dataset: dict, cancel: threading.Event, limit: int | None) -> Answer:
        result = self.store.query(text, prefixes=PREFIXES, **dataset)
        if isinstance(result, ox.QueryBoolean):
            return Answer("boolean", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            n = len(variables)
            rows, truncated = _take(result, lambda s: tuple(s[i] for i in range(n)), cancel, limit)
            return Answer("solutions", solutions=Solutions(variables, rows), truncated=truncated)
        triples, truncated = _take(result, lambda t: t, cancel, limit)
        return Answer("triples", triples=triples, truncated=truncated)

    def named(self, name: str, params: dict[str, str]) -> Answer:
        """A named query with the analyst's parameters, rows in the query's order."""
        try:
            query = queries.get(name)
        except LegalgraphError as exc:
            raise HttpError(404, exc.reason) from None
        try:
            terms = queries.bindings(query, params)
        except LegalgraphError as exc:
            raise HttpError(400, exc.reason) from None
        answer = self.query(substitute(query.sparql, terms))
        if answer.solutions is not None:
            answer.solutions = queries.sort(answer.solutions, query.order)
        return answer

    def authorized(self, authorization: str | None) -> bool:
        """Whether a request carries the update token. Such a client (a build or the nightly job writing
        through the server) gets whole answers: it could erase the store, so a row limit protects nothing, and
        a cut answer would make its build miss data."""
        if not (self.settings.allow_update and self.settings.token and authorization):
            return False
        return hmac.compare_digest(authorization.encode(), f"Bearer {self.settings.token}".encode())

    def update(self, text: str, authorization: str | None) -> None:
        if not self.settings.allow_update:
            raise HttpError(
                403, "this endpoint is read-only: updates need a server started with --allow-update"
            )
        if not self.authorized(authorization):
            raise HttpError(
                401,
                "updates need the server's token: Authorization: Bearer <token>",
                {"WWW-Authenticate": 'Bearer realm="legalgraph"'},
            )
        with self._writing:  # one writer at a time: each update is one transaction
            try:
                self.store.update(text, prefixes=PREFIXES)
            except SyntaxError as exc:
                raise HttpError(400, f"SPARQL syntax error: {exc}") from None
            except OSError as exc:
                raise HttpError(500, f"the store failed: {exc}") from None

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        if self.settings.allow_update:
            self.store.flush()


def _take(results, convert, cancel: threading.Event, limit: int | None) -> tuple[list, bool]:
    """At most ``limit`` items, and whether there were more; stops when the query was abandoned."""
    out: list = []
    for item in results:
        if len(out) == limit:
            return out, True
        out.append(convert(item))
        if cancel.is_set():
            raise _Abandoned
    return out, False


def _dataset(default_graphs: list[str], named_graphs: list[str]) -> dict:
    """pyoxigraph's dataset arguments: the protocol's graphs when given, else the union default graph."""
    if not default_graphs and not named_graphs:
        return {"use_default_graph_as_union": True}
    try:
        return {
            "default_graph": [ox.NamedNode(g) for g in default_graphs],
            "named_graphs": [ox.NamedNode(g) for g in named_graphs],
        }
    except ValueError as exc:
        raise HttpError(400, f"not an IRI in default-graph-uri / named-graph-uri: {exc}") from None


def named_queries_json() -> bytes:
    """What the page needs to offer the named queries: names, descriptions, parameters, the SPARQL text."""
    return json.dumps(
        {
            "prefixes": PREFIXES,
            "queries": [
                {
                    "name": q.name,
                    "description": q.description,
                    "sparql": q.text,
                    "params": [{"name": p, "type": t, "help": h} for p, (t, h) in q.params.items()],
                }
                for q in queries.named_queries().values()
            ],
        },
        ensure_ascii=False,
    ).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: clients that send many queries reuse their connection
    server_version = f"legalgraph/{__version__}"  # RemoteStore.connect recognises the server by it

    def version_string(self) -> str:
        return self.server_version

    timeout = 120  # an idle kept-alive connection holds a thread: close it after this
    server: EndpointServer

    # -- routing ---------------------------------------------------------------------------------------------

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_OPTIONS(self) -> None:  # a CORS preflight
        self._send(
            204,
            headers={
                "Allow": "GET, POST, OPTIONS",
                "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                "Access-Control-Allow-Headers": "Accept, Authorization, Content-Type",
                "Access-Control-Max-Age": "86400",
            },
        )

    def _handle(self) -> None:
        url = urlsplit(self.path)
        self._consumed = self.command != "POST"  # whether the request body was read
        try:
            if url.path in ("/", "/index.html"):
                self._only("GET")
                self._send(200, self.server.page, "text/html; charset=utf-8")
            elif url.path == "/sparql":
                self._sparql(url.query)
            elif url.path == "/queries":
                self._only("GET")
                self._send(200, named_queries_json(), "application/json; charset=utf-8")
            elif url.path.startswith("/queries/"):
                self._only("GET")
                params = _params(url.query)
                format_values = params.pop("format", [])
                answer = self.server.service.named(
                    unquote(url.path[len("/queries/") :]), {k: v[-1] for k, v in params.items()}
                )
                self._answer(answer, format_values)
            else:
                raise HttpError(404, f"nothing at {url.path}: the SPARQL endpoint is /sparql, the page is /")
        except HttpError as exc:
            self._error(exc)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception as exc:  # noqa: BLE001 - a bug must still answer, and the server goes on
            traceback.print_exc(file=sys.stderr)
            self._error(HttpError(500, f"internal error: {type(exc).__name__}: {exc}"))

    def _only(self, method: str) -> None:
        if self.command != method:
            raise HttpError(405, f"{self.path} answers {method} only", {"Allow": method})

    # -- the SPARQL protocol -----------------------------------------------------------------------------------

    def _sparql(self, url_query: str) -> None:
        params = _params(url_query)
        if self.command == "POST":
            kind = self.headers.get_content_type()
            text = self._body()
            if kind == "application/x-www-form-urlencoded":
                for key, values in _params(text).items():
                    params.setdefault(key, []).extend(values)
            elif kind == "application/sparql-query":
                params["query"] = [text]
            elif kind == "application/sparql-update":
                params["update"] = [text]
            else:
                raise HttpError(
                    415,
                    f"a POST to /sparql is application/x-www-form-urlencoded, "
                    f"application/sparql-query or application/sparql-update, not {kind}",
                )
        query, update = params.get("query", []), params.get("update", [])
        if not query and not update and self.command == "GET":
            # A person who opens the endpoint in a browser gets the page.
            self._send(200, self.server.page, "text/html; charset=utf-8")
            return
        if len(query) + len(update) != 1:
            raise HttpError(400, "give exactly one query or one update")
        if update:
            if self.command != "POST":
                raise HttpError(405, "an update is sent with POST", {"Allow": "POST"})
            if params.get("using-graph-uri") or params.get("using-named-graph-uri"):
                raise HttpError(
                    400,
                    "using-graph-uri and using-named-graph-uri are not supported: "
                    "name the graphs in the update (USING, WITH, GRAPH)",
                )
            self.server.service.update(update[0], self.headers.get("Authorization"))
            self._send(204)
            return
        service = self.server.service
        answer = service.query(
            query[0],
            params.get("default-graph-uri"),
            params.get("named-graph-uri"),
            whole=service.authorized(self.headers.get("Authorization")),
        )
        self._answer(answer, params.get("format", []))

    def _answer(self, answer: Answer, format_values: list[str]) -> None:
        offers = formats.GRAPH_TYPES if answer.kind == "triples" else formats.SOLUTION_TYPES
        accept = self.headers.get("Accept")
        media = formats.from_format_parameter(format_values, offers) or formats.choose(accept, offers)
        if media is None:
            raise HttpError(
                406, f"this answer can be sent as {', '.join(offers)}; the request accepts {accept}"
            )
        if answer.kind == "solutions":
            body = formats.write_solutions(answer.solutions, media)
        elif answer.kind == "boolean":
            body = formats.write_boolean(answer.boolean, media)
        else:
            body = formats.write_triples(answer.triples, media)
        headers = {"Vary": "Accept"}
        if answer.truncated:
            headers["X-SPARQL-MaxRows"] = str(self.server.settings.max_rows)
        self._send(200, body, formats.content_type(media), headers)

    # -- reading and writing -----------------------------------------------------------------------------------

    def _body(self) -> str:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            raise HttpError(411, "send the body with a Content-Length (chunked bodies are not read)")
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            raise HttpError(411, "a POST needs a Content-Length") from None
        if length > self.server.settings.max_body:
            raise HttpError(413, f"the request body is over {self.server.settings.max_body} bytes")
        data = self.rfile.read(length)
        self._consumed = True
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise HttpError(400, "the request body is not UTF-8") from None

    def _send(
        self,
        status: int,
        body: bytes = b"",
        content_type: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        origin = self.server.settings.cors_origin
        if origin:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Access-Control-Expose-Headers", "X-SPARQL-MaxRows")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def _error(self, exc: HttpError) -> None:
        if not self._consumed:  # an unread body would be taken for the next request
            self.close_connection = True
        self._send(exc.status, (exc.message + "\n").encode(), "text/plain; charset=utf-8", exc.headers)

    def log_message(self, format: str, *args) -> None:
        if not self.server.settings.quiet:
            sys.stderr.write(
                f"{self.address_string()} [{time.strftime('%Y-%m-%d %H:%M:%S')}] {format % args}\n"
            )


def _params(text: str) -> dict[str, list[str]]:
    try:
        return parse_qs(text, keep_blank_values=True, strict_parsing=False, errors="strict")
    except (ValueError, UnicodeDecodeError) as exc:
        raise HttpError(400, f"unreadable parameters: {exc}") from None


class EndpointServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # many clients connecting at once must not overflow the listen backlog

    def __init__(self, address: tuple[str, int], service: SparqlService, settings: Settings):
        self.service = service
        self.settings = settings
        self.page = resources.files("legalgraph.serve").joinpath("static/index.html").read_bytes()
        super().__init__(address, Handler)


def open_for_serving(path: Path) -> ox.Store:
    """The on-disk store, opened read-write whatever the settings: the lock it takes makes a build or the
    nightly job on the same folder fail with a clear error, where a read-only opening would let them write
    under the server (undefined behaviour for RocksDB). Updates are refused by the endpoint, not the store."""
    if not (path / "CURRENT").exists():
        raise LegalgraphError("no legalgraph store here (run `legalgraph build` first)", str(path))
    try:
        return ox.Store(str(path))
    except OSError as exc:
        reason = (
            "the store is open in another process (a build, the nightly job, another server)"
            if "lock" in str(exc).lower()
            else str(exc)
        )
        raise LegalgraphError(f"cannot open the store: {reason}", str(path)) from exc


def make_server(store: ox.Store, host: str, port: int, settings: Settings) -> EndpointServer:
    service = SparqlService(store, settings)
    try:
        return EndpointServer((host, port), service, settings)
    except OSError as exc:
        service.close()
        raise LegalgraphError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
