"""The SPARQL endpoint over the store: SPARQL 1.1 Protocol, named queries, limits, CORS, the page.

Routes:

* ``/sparql``: the SPARQL 1.1 Protocol. Queries by GET (``?query=``) or POST (urlencoded ``query=``, or the
  query itself as ``application/sparql-query``), with ``default-graph-uri`` / ``named-graph-uri``; without them
  the default graph is the union of the named graphs, as everywhere in legalgraph. Updates by POST only
  (urlencoded ``update=`` or ``application/sparql-update``), when the server was started with
  ``--allow-update``, and with ``Authorization: Bearer <token>``. legalgraph's prefixes (``eli:``, ``lg:``…)
  are declared for every query and update (through the engine: syntax errors are at the line and column of
  the text sent). A GET without a query answers the service description (``service``), a browser the page.
* ``/queries``: the named queries (JSON); ``/queries/<name>?param=value``: one of them run, negotiated like
  ``/sparql``.
* ``/id/<rest>``: the IRI ``<base_iri>id/<rest>`` described, as Turtle, JSON-LD, N-Triples, RDF/XML or an
  HTML page (``resources``).
* ``/feed``: the Atom feed of what the nightly job ingested, changed or deleted (``feed``).
* ``/``: the workbench (YASGUI, when ``make`` has built it) or the plain page, and ``/static/…`` the files it
  loads (``page``); ``/plain.html``: the plain page.

GET routes answer HEAD too (the same headers, no body).

Limits, and how they answer:

* ``timeout`` seconds of evaluation: past it the client gets 504 and the query's worker process is killed and
  replaced (``workers``); a client that closes its connection stops its query the same way.
* ``workers`` queries evaluate at once, each in its own process with its address space capped
  (``max_memory_mb``); a request that finds none free within ``timeout`` gets 503 with ``Retry-After``.
* ``max_rows`` rows (or triples for CONSTRUCT/DESCRIBE) per answer: past it the answer stops there, still 200,
  with the header ``X-SPARQL-MaxRows: <limit>`` — the header Virtuoso sends in the same case, so tools that
  know Virtuoso recognise it; the page says so above the table. A request with the update token is not cut
  (``SparqlService.authorized``).
* Bodies: exactly ``Content-Length`` bytes are read (a shorter body is 400 and nothing runs), at most
  ``max_body_bytes`` (``max_update_bytes`` with the update token), else 413 before reading; no chunked bodies.
* ``SERVICE`` and ``LOAD`` are refused before evaluation (``fetches``), except SERVICE calls to the
  endpoints of ``allow_service``.
* The ``Host`` header must name this server (loopback names, the bound address, ``allowed_hosts``), else 421:
  a page on another site cannot reach a local endpoint by pointing its own name at 127.0.0.1 (DNS
  rebinding). CORS is offered to queries only: a preflight asking for ``Authorization`` is refused, and update
  answers carry no CORS headers.
"""

from __future__ import annotations

import functools
import hmac
import io
import ipaddress
import json
import socket
import socketserver
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pyoxigraph as ox

from legalgraph import __version__, queries
from legalgraph.errors import LegalgraphError
from legalgraph.graph.namespaces import PREFIXES
from legalgraph.serve import feed, fetches, formats, resources, service
from legalgraph.serve.errors import HttpError
from legalgraph.serve.page import Asset, Pages
from legalgraph.serve.settings import MIB, Settings
from legalgraph.serve.store import StoreLock
from legalgraph.serve.workers import Connections, Job, Local, Reply, WorkerPool
from legalgraph.store.base import substitute

__all__ = ["Endpoint", "HttpError", "SparqlService", "make_server", "open_for_serving"]

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


class SparqlService:
    """Runs queries within the limits, in a worker process (``workers.Local``), and has the supervisor write
    updates (one writer) when allowed."""

    def __init__(self, local: Local, settings: Settings):
        self.local = local
        self.settings = settings
        self._descriptions: dict[tuple, Reply] = {}  # service descriptions of the current store state

    def query(
        self,
        text: str,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        *,
        whole: bool = False,
        media: tuple[str | None, str | None] = (formats.JSON, formats.TURTLE),
        order: tuple[str, ...] = (),
    ) -> Reply:
        """Evaluate; at most ``max_rows`` rows unless ``whole`` (see ``authorized``). ``media``: how to write a
        SELECT/ASK answer and a CONSTRUCT/DESCRIBE one (None: not acceptable). The time limit is the
        supervisor's (``workers``)."""
        default_graphs, named_graphs = default_graphs or [], named_graphs or []
        for name, graphs in (("default-graph-uri", default_graphs), ("named-graph-uri", named_graphs)):
            for graph in graphs:
                _iri(graph, name)
        calls = fetches.check(text, update=False, allow=self.settings.allow_service)
        job = Job(
            text,
            default_graphs,
            named_graphs,
            limit=None if whole else self.settings.max_rows,
            solution_media=media[0],
            graph_media=media[1],
            order=order,
            federated=bool(calls),
        )
        return self.local.run(job)

    def named(self, name: str, params: dict[str, str], **kw) -> Reply:
        """A named query with the analyst's parameters, rows in the query's order."""
        try:
            query = queries.get(name)
        except LegalgraphError as exc:
            raise HttpError(404, exc.reason) from None
        try:
            terms = queries.bindings(query, params)
        except LegalgraphError as exc:
            raise HttpError(400, exc.reason) from None
        except ValueError as exc:  # pyoxigraph refused the IRI a parameter makes
            raise HttpError(400, f"not a valid IRI in a parameter: {exc}") from None
        return self.query(substitute(query.sparql, terms), order=query.order, **kw)

    def describe(self, iri: str, media: str, root: str) -> Reply:
        """The description of ``iri`` in ``media`` (``resources``), bounded like a query: at most ``max_rows``
        triples (rows of each list of a page)."""
        job = Job(
            "",
            limit=self.settings.max_rows,
            graph_media=media,
            resource=iri,
            id_base=self.settings.id_base,
            root=root,
        )
        return self.local.run(job)

    def description(self, endpoint: str, media: str) -> Reply:
        """The service description (``service``) of the endpoint reached at ``endpoint``, in ``media``: counted
        once per state of the store (each update makes a new one), then answered from memory."""
        key = (self.local.generation, endpoint, media)
        reply = self._descriptions.get(key)
        if reply is None:
            info = service.ServiceInfo(
                endpoint, self.settings.allow_update, bool(self.settings.allow_service)
            )
            job = Job("", limit=self.settings.max_rows, graph_media=media, service=info)
            reply = self.local.run(job)
            if reply.status == 200:
                if len(self._descriptions) > 32 or any(k[0] != key[0] for k in self._descriptions):
                    self._descriptions.clear()
                self._descriptions[key] = reply
        return reply

    def authorized(self, authorization: str | None) -> bool:
        """Whether a request carries the update token. Such a client (a build or the nightly job writing
        through the server) gets whole answers: it could erase the store, so a row limit protects nothing, and
        a cut answer would make its build miss data."""
        return authorized(self.settings, authorization)

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
        fetches.check(text, update=True)
        self.local.update(text)  # written by the supervisor (``Endpoint.write``)


def authorized(settings: Settings, authorization: str | None) -> bool:
    """Whether ``authorization`` is the update token's header (``SparqlService.authorized``)."""
    if not (settings.allow_update and settings.token and authorization):
        return False
    return hmac.compare_digest(authorization.encode(), f"Bearer {settings.token}".encode())


class Endpoint:
    """The supervisor's side: the store's lock, the worker processes, and updates (one writer)."""

    def __init__(self, lock: StoreLock, settings: Settings, setup: WorkerSetup):
        self.lock = lock
        self.settings = settings
        memory = settings.max_memory_mb * MIB if settings.max_memory_mb > 0 else None
        self._writing = threading.Lock()
        self.pool = WorkerPool(
            lock.path,
            settings.workers,
            memory,
            functools.partial(serve_connection, setup),
            self.write,
            Handler.server_version,
        )

    def write(self, text: str) -> None:
        """One update, asked by a worker that checked it (``SparqlService.update``)."""
        # One writer at a time (each update is one transaction), and no worker opening the store meanwhile.
        with self._writing, self.pool.gate.exclusive():
            try:
                self.lock.update(text, PREFIXES)
            except SyntaxError as exc:
                raise HttpError(400, f"SPARQL syntax error: {exc}") from None
            except OSError as exc:
                raise HttpError(500, f"the store failed: {exc}") from None
            finally:
                self.pool.generation += 1  # workers open the store again before their next query

    def close(self, drain: float = 0.0) -> None:
        """Let running queries finish for up to ``drain`` seconds, stop the workers, release the store."""
        self.pool.close(drain)
        self.lock.close()


def _iri(value: str, where: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(value)
    except ValueError as exc:
        raise HttpError(400, f"not an IRI in {where}: {value!r} ({exc})") from None


def named_queries_json(id_base: str = "") -> bytes:
    """What the page needs to offer the named queries: names, descriptions, parameters, the SPARQL text; and
    where the IRIs that have a page at /id/ begin."""
    return json.dumps(
        {
            "prefixes": PREFIXES,
            "id_base": id_base,
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
    server: WorkerServer

    def version_string(self) -> str:
        return self.server_version

    def setup(self) -> None:
        # A connection silent this long (mid-body, or idle between requests) is closed: it holds a worker.
        self.timeout = self.server.settings.read_timeout
        super().setup()
        self.reader = _Reader(self.connection)
        self.rfile = io.BufferedReader(self.reader)

    # -- routing ---------------------------------------------------------------------------------------------

    def do_GET(self) -> None:
        self._handle()

    def do_HEAD(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_OPTIONS(self) -> None:  # a CORS preflight
        self._cors = True
        self._consumed = True
        try:
            self._check_host()
            asked = {
                h.strip().lower()
                for h in self.headers.get("Access-Control-Request-Headers", "").split(",")
                if h.strip()
            }
            if asked - {"accept", "content-type"}:
                # Authorization is what updates and whole answers need: no other site's page may send it.
                self._cors = False
                raise HttpError(
                    403,
                    "CORS: other sites' pages may send queries with Accept and Content-Type only "
                    f"(not {', '.join(sorted(asked - {'accept', 'content-type'}))}); updates are not offered",
                )
            self._send(
                204,
                headers={
                    "Allow": "GET, HEAD, POST, OPTIONS",
                    "Access-Control-Allow-Methods": "GET, POST",
                    "Access-Control-Allow-Headers": "Accept, Content-Type",
                    "Access-Control-Max-Age": "86400",
                },
            )
        except HttpError as exc:
            self._error(exc)

    def _handle(self) -> None:
        url = urlsplit(self.path)
        self._consumed = self.command != "POST"  # whether the request body was read
        self._cors = "Authorization" not in self.headers  # a token holder's answers are for no other site
        try:
            self._check_host()
            if asset := self.server.pages.get(url.path):
                self._only("GET")
                self._asset(asset)
            elif url.path == "/sparql":
                self._sparql(url.query)
            elif url.path == "/queries":
                self._only("GET")
                self._send(
                    200, named_queries_json(self.server.settings.id_base), "application/json; charset=utf-8"
                )
            elif url.path.startswith("/queries/"):
                self._only("GET")
                params = _params(url.query)
                format_values = params.pop("format", [])
                bom = _bom(params.pop("bom", []))
                reply = self.server.service.named(
                    unquote(url.path[len("/queries/") :]),
                    {k: v[-1] for k, v in params.items()},
                    media=self._media(format_values),
                )
                self._answer(reply, bom)
            elif url.path.startswith("/id/"):
                self._resource(url.path, url.query)
            elif url.path == "/feed":  # the Atom feed of the nightly job's changes (``feed``)
                self._only("GET")
                status, body, headers = feed.answer(self.server.service, _params(url.query), self.headers)
                self._send(status, body, feed.CONTENT_TYPE if body else None, headers)
            else:
                raise HttpError(
                    404, f"nothing at {url.path[:200]}: the SPARQL endpoint is /sparql, the page is /"
                )
        except HttpError as exc:
            self._error(exc)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception as exc:  # noqa: BLE001 - a bug must still answer, and the server goes on
            traceback.print_exc(file=sys.stderr)
            self._error(HttpError(500, f"internal error: {type(exc).__name__}: {exc}"))

    def _only(self, method: str) -> None:
        allowed = ("GET", "HEAD") if method == "GET" else (method,)
        if self.command not in allowed:
            allow = ", ".join(allowed)
            raise HttpError(405, f"{self.path[:200]} answers {allow} only", {"Allow": allow})

    def _check_host(self) -> None:
        """421 unless the Host header names this server (against DNS rebinding)."""
        host = self.headers.get("Host")
        allowed = self.server.allowed_hosts
        if host is None or "*" in allowed or _host_name(host) in allowed:
            return
        raise HttpError(
            421,
            f"this server answers for {', '.join(sorted(allowed))}, not for Host: {host[:200]} "
            "(the operator adds names with --allowed-host)",
        )

    # -- the SPARQL protocol -----------------------------------------------------------------------------------

    def _sparql(self, url_query: str) -> None:
        params = _params(url_query)
        if self.command == "POST":
            kind = self.headers.get_content_type()
            if kind == "application/sparql-update":
                self._cors = False
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
        if not query and not update and self.command in ("GET", "HEAD"):
            self._service_description(params.get("format", []))
            return
        if len(query) + len(update) != 1:
            raise HttpError(400, "give exactly one query or one update")
        if update:
            self._cors = False  # no other site's page may read what an update did
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
        reply = service.query(
            query[0],
            params.get("default-graph-uri"),
            params.get("named-graph-uri"),
            whole=service.authorized(self.headers.get("Authorization")),
            media=self._media(params.get("format", [])),
        )
        self._answer(reply, _bom(params.get("bom", [])))

    def _service_description(self, format_values: list[str]) -> None:
        """GET /sparql without a query: the service description (Turtle unless asked otherwise); a browser,
        which asks for HTML first, gets the page."""
        offers = [*formats.GRAPH_TYPES, formats.HTML]
        media = formats.from_format_parameter(format_values, formats.GRAPH_TYPES) or formats.choose(
            self.headers.get("Accept"), offers
        )
        if media == formats.HTML:  # a person who opens the endpoint in a browser gets the page
            self._asset(self.server.pages.page, {"Vary": "Accept"})
            return
        if media is None:
            raise HttpError(406, f"the service description is sent as {', '.join(offers)}")
        host = self.headers.get("Host") or f"{self.server.server_address[0]}:{self.server.server_address[1]}"
        endpoint = f"http://{host}/sparql"
        try:
            ox.NamedNode(endpoint)
        except ValueError:
            raise HttpError(400, f"the Host header makes no IRI: {host[:200]!r}") from None
        reply = self.server.service.description(endpoint, media)
        self._answer(reply)

    def _media(self, format_values: list[str]) -> tuple[str | None, str | None]:
        """How to write a SELECT/ASK answer and a CONSTRUCT/DESCRIBE answer for this request."""
        accept = self.headers.get("Accept")
        return tuple(  # type: ignore[return-value]
            formats.from_format_parameter(format_values, offers) or formats.choose(accept, offers)
            for offers in (formats.SOLUTION_TYPES, formats.GRAPH_TYPES)
        )

    def _answer(self, reply: Reply, bom: bool = False) -> None:
        """The worker's reply sent; ``bom``: a CSV or TSV answer starts with a byte order mark (what Excel
        needs to read UTF-8)."""
        if reply.status == 406:
            offers = formats.GRAPH_TYPES if reply.kind == "triples" else formats.SOLUTION_TYPES
            raise HttpError(
                406,
                f"this answer can be sent as {', '.join(offers)}; the request accepts {self.headers.get('Accept')}",
            )
        if reply.status != 200:
            raise HttpError(reply.status, reply.body.decode("utf-8", "replace"))
        headers = {"Vary": "Accept"}
        if reply.truncated:
            headers["X-SPARQL-MaxRows"] = str(self.server.settings.max_rows)
        body = reply.body
        if bom and reply.media in (formats.CSV, formats.TSV):
            body = b"\xef\xbb\xbf" + body
        self._send(200, body, formats.content_type(reply.media), headers)

    def _asset(self, asset: Asset, extra: dict[str, str] | None = None) -> None:
        """The page or one of its files; a page with its Content-Security-Policy."""
        headers = {"Cache-Control": "no-cache", **(extra or {})}  # a new package version is seen at once
        if asset.policy:
            headers["Content-Security-Policy"] = asset.policy
        self._send(200, asset.body, asset.content_type, headers)

    # -- the graph's IRIs ------------------------------------------------------------------------------------

    def _resource(self, path: str, url_query: str) -> None:
        """GET /id/<rest>: the IRI <base_iri>id/<rest> described in the negotiated format (see ``resources``)."""
        self._only("GET")
        id_base = self.server.settings.id_base
        iri = resources.iri_for(path[len("/id/") :], id_base)
        media = resources.choose(self.headers.get("Accept"), _params(url_query).get("format", []))
        root = resources.root_of(path)
        headers = {"Vary": "Accept", "Link": resources.alternates()}
        if media == resources.HTML:
            headers["Content-Security-Policy"] = resources.PAGE_POLICY
        reply = self.server.service.describe(iri, media, root)
        if reply.status == 404:
            body, content_type = resources.not_found(iri, media, root)
            self._send(404, body, content_type, headers)
            return
        if reply.status != 200:
            raise HttpError(reply.status, reply.body.decode("utf-8", "replace"))
        if reply.truncated:
            headers["X-SPARQL-MaxRows"] = str(self.server.settings.max_rows)
        self._send(200, reply.body, formats.content_type(media), headers)

    # -- reading and writing -----------------------------------------------------------------------------------

    def _body(self) -> str:
        """Exactly the body ``Content-Length`` announces, or an error before anything runs."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            raise HttpError(411, "send the body with a Content-Length (chunked bodies are not read)")
        try:
            length = int(self.headers.get("Content-Length", ""))
            if length < 0:
                raise ValueError
        except ValueError:
            raise HttpError(411, "a POST needs a Content-Length") from None
        settings = self.server.settings
        # The update token is checked before reading: an anonymous client cannot make the server read more.
        token = self.server.service.authorized(self.headers.get("Authorization"))
        limit = settings.max_update_bytes if token else settings.max_body_bytes
        if length > limit:
            raise HttpError(
                413,
                f"the request body is over {limit} bytes (the server's "
                f"{'--max-update-bytes' if token else '--max-body-bytes'})",
            )
        try:
            data = self.rfile.read(length)
        except OSError:  # the socket's time-out (read_timeout) or a reset
            data = b""
            self.close_connection = True
        if len(data) != length:
            self.close_connection = True
            raise HttpError(
                400, f"the request body was cut: {len(data)} of {length} bytes arrived; nothing was run"
            )
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
        if status != 304:  # a 304 has no body; a Content-Length there would have to be the 200's (RFC 9110)
            self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        origin = self.server.settings.cors_origin
        if origin and self._cors:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Access-Control-Expose-Headers", "X-SPARQL-MaxRows")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self._headers_buffer.append(b"\r\n")
        if self.command != "HEAD":
            # Headers and body in one write: one system call, and one packet for a small answer.
            self._headers_buffer.append(body)
        self.flush_headers()

    def _error(self, exc: HttpError) -> None:
        if not self._consumed:  # an unread body would be taken for the next request
            self.close_connection = True
        try:
            self._send(exc.status, (exc.message + "\n").encode(), "text/plain; charset=utf-8", exc.headers)
        except OSError:  # the client has gone (a cut body, a disconnect)
            self.close_connection = True

    def log_message(self, format: str, *args) -> None:
        if not self.server.settings.quiet:
            sys.stderr.write(
                f"{self.address_string()} [{time.strftime('%Y-%m-%d %H:%M:%S')}] {format % args}\n"
            )


def _params(text: str) -> dict[str, list[str]]:
    """``parse_qs(text, keep_blank_values=True, errors="strict")``, with the percent-decoding done in C."""
    out: dict[str, list[str]] = {}
    try:
        for field in text.split("&"):
            if not field:
                continue
            name, _, value = field.partition("=")
            out.setdefault(_unquote(name.replace("+", " ")), []).append(_unquote(value.replace("+", " ")))
    except (ValueError, UnicodeDecodeError) as exc:
        raise HttpError(400, f"unreadable parameters: {exc}") from None
    return out


def _unquote(value: str) -> str:
    """``unquote(value, errors="strict")``. The standard library decodes escape by escape in Python, a third of
    the server's time for a query with its PREFIX lines; here ``%XX`` becomes ``\\xXX`` for the C decoder.
    What it refuses (a ``%`` without two hex digits, a character beyond Latin-1) goes the standard way."""
    if "%" not in value:
        return value
    try:
        escaped = value.replace("\\", "\\\\").replace("%", "\\x").encode("latin-1")
        return escaped.decode("unicode_escape").encode("latin-1").decode("utf-8")
    except UnicodeError:
        return unquote(value, errors="strict")


def _bom(values: list[str]) -> bool:
    """``bom=1`` (or true, yes): CSV and TSV answers for Excel, which reads UTF-8 only after a BOM."""
    if not values:
        return False
    value = values[-1].strip().lower()
    if value in ("1", "true", "yes"):
        return True
    if value in ("", "0", "false", "no"):
        return False
    raise HttpError(400, f"bom is 1 or 0, not {values[-1][:50]!r}")


def _host_name(host: str) -> str:
    """The name of a Host header, without its port: ``[::1]:8000`` → ``::1``, ``Example.org.`` → ``example.org``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].partition("]")[0]
    name, _, port = host.rpartition(":")
    return (name if name and port.isdigit() else host).rstrip(".")


def allowed_host_names(bound: str, extra: tuple[str, ...]) -> frozenset[str]:
    """Loopback names, the address the server is bound to (unless every interface), and the operator's."""
    names = {*LOOPBACK_NAMES, *(_host_name(h) if h != "*" else h for h in extra)}
    try:
        if not ipaddress.ip_address(bound).is_unspecified:
            names.add(bound.lower())
    except ValueError:
        names.add(bound.lower())
    return frozenset(names)


@dataclass(frozen=True)
class WorkerSetup:
    """What a worker process needs to answer requests as this server (sent to it once, when it starts)."""

    settings: Settings
    allowed_hosts: frozenset[str]
    address: tuple  # the address the server is bound to


class WorkerServer:
    """What ``Handler`` reads as its ``server``, in a worker process."""

    def __init__(self, setup: WorkerSetup, local: Local):
        self.settings = setup.settings
        self.allowed_hosts = setup.allowed_hosts
        self.server_address = setup.address
        self.pages = Pages()
        self.service = SparqlService(local, setup.settings)


_worker_server: WorkerServer | None = None  # a worker process's, made at its first request


def serve_connection(setup: WorkerSetup, local: Local, sock: socket.socket) -> bool:
    """In a worker: answer the request waiting on ``sock``, any that follow it already sent (pipelined), and
    those that come while the worker may wait for them (``Local.next_request``); returns whether the
    connection is to be closed."""
    global _worker_server
    if _worker_server is None:
        _worker_server = WorkerServer(setup, local)
    handler = Handler.__new__(Handler)  # not its constructor, which would serve the connection to its end
    handler.request, handler.server = sock, _worker_server
    try:
        handler.client_address = sock.getpeername()
    except OSError:
        handler.client_address = ("-", 0)
    handler.setup()
    try:
        handler.close_connection = True
        handler.handle_one_request()
        local.answered()
        while not (handler.close_connection or local.restart) and (
            _sent_more(handler) or local.next_request(sock)
        ):
            local.begin()
            handler.handle_one_request()
            local.answered()
    finally:
        handler.finish()
    return handler.close_connection


class _Reader(io.RawIOBase):
    """The socket's bytes for the request handler's buffered reader; while ``holding``, none (so that what the
    buffer already holds can be seen without taking more from the socket)."""

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.holding = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int | None:
        return None if self.holding else self.sock.recv_into(buffer)


def _sent_more(handler: Handler) -> bool:
    """Whether the next request is already in the handler's buffer (pipelined: read with the last one). One
    still on the socket is left there: the supervisor queues the connection behind those that asked before."""
    handler.reader.holding = True
    try:
        return bool(handler.rfile.peek(0))
    finally:
        handler.reader.holding = False


class EndpointServer(socketserver.TCPServer):
    """The supervisor's listening socket: each accepted connection joins ``connections`` (``workers``)."""

    allow_reuse_address = True
    request_queue_size = 128  # many clients connecting at once must not overflow the listen backlog
    service: Endpoint
    connections: Connections

    def __init__(self, address: tuple[str, int], settings: Settings):
        self.settings = settings
        self.allowed_hosts = allowed_host_names(address[0], settings.allowed_hosts)
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, socketserver.BaseRequestHandler)

    def process_request(self, request, client_address) -> None:
        self.connections.add(request)  # answered by a worker, in the order requests come (``Connections``)

    def server_close(self) -> None:
        super().server_close()
        if hasattr(self, "connections"):
            self.connections.close()


def open_for_serving(path: Path) -> StoreLock:
    """The store folder, locked for the server's lifetime (see ``store``): a build or the nightly job on the
    same folder fails with a clear error, and so does this when one of them holds it."""
    return StoreLock(path)


def make_server(lock: StoreLock | Path, host: str, port: int, settings: Settings) -> EndpointServer:
    """The endpoint over the store (a folder, or its ``open_for_serving`` lock), listening on host:port."""
    if not isinstance(lock, StoreLock):
        lock = open_for_serving(Path(lock))
    try:
        server = EndpointServer((host, port), settings)
    except OSError as exc:
        lock.close()
        raise LegalgraphError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    try:
        setup = WorkerSetup(settings, server.allowed_hosts, server.server_address)
        server.service = Endpoint(lock, settings, setup)
        server.connections = Connections(server.service.pool, settings.timeout, settings.read_timeout)
    except BaseException:
        server.server_close()
        lock.close()
        raise
    return server
