"""A SPARQL 1.1 server as a legalgraph store: ``oxigraph serve``, Virtuoso, ``legalgraph serve --allow-update``
or any server that speaks the SPARQL 1.1 Protocol (queries) and SPARQL 1.1 Update.

    store = RemoteStore.connect("http://127.0.0.1:7878")          # finds /query, /update, /store
    store = RemoteStore("http://host/sparql", update_url="http://host/sparql", graph_store_url=None)

Reads are SPARQL queries (results asked as SPARQL XML: the one format every server tested writes faithfully —
Virtuoso's JSON turns ``true`` into ``"1"``). Writes are ``INSERT DATA`` / ``DELETE DATA`` / ``DROP SILENT GRAPH``
updates, plus Graph Store Protocol ``POST``s for bulk loads where the server has a graph store endpoint.

What differs from the embedded store, and why:

* Atomicity: one update request is one transaction on Oxigraph and Virtuoso. A write larger than the server's
  update size (``max_update_quads``: Virtuoso's SPARQL parser gives up near 5,000 triples in one request) goes
  in several requests, in order; legalgraph's loader writes its registry quads last, so an interrupted write
  leaves an orphan graph that the next build removes.
* The dataset: legalgraph queries read the union of the named graphs as the default graph. Oxigraph does so
  when asked (``union-default-graph``, sent with every query); Virtuoso does it always, and also holds system
  graphs, so ``graph_names``, ``quads``, ``dump`` and ``len`` keep to the graphs under ``graph_prefix``.
* Truncation: Virtuoso cuts answers at its ``ResultSetMaxRows`` and says so in ``X-SPARQL-MaxRows``: that is
  an error here, since a build would silently miss data (raise ``ResultSetMaxRows`` in ``virtuoso.ini``).
* Blank nodes are scoped to one request (legalgraph writes none).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox
import requests
from pyoxigraph import NamedNode, Quad, QueryResultsFormat, RdfFormat

from legalgraph.errors import LegalgraphError
from legalgraph.graph.namespaces import BASE, PREFIXES
from legalgraph.store.base import Solutions, Term, insert_data, substitute

_RESULTS_XML = "application/sparql-results+xml"
_UPDATE = "application/sparql-update; charset=UTF-8"
_NTRIPLES = "application/n-triples"
# The most quads one update request carries; larger writes are split (see the module notes).
DEFAULT_MAX_UPDATE_QUADS = 50_000
VIRTUOSO_MAX_UPDATE_QUADS = 2_000


@dataclass
class Endpoints:
    """Where a server answers queries, updates and (optionally) Graph Store Protocol requests."""

    query: str
    update: str | None = None
    graph_store: str | None = None
    query_params: dict[str, str] = field(default_factory=dict)  # sent with every query
    max_update_quads: int = DEFAULT_MAX_UPDATE_QUADS
    server: str = ""  # the Server header seen, for messages


def _strip(url: str, suffixes: tuple[str, ...]) -> str:
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    for suffix in suffixes:
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def endpoints_for(url: str, server: str, *, authenticated: bool = False) -> Endpoints:
    """The endpoints of the server at ``url``, from the layout its kind uses (``server``: its Server header)."""
    kind = server.lower()
    path = urlsplit(url).path.rstrip("/")
    if kind.startswith("oxigraph"):
        base = _strip(url, ("/query", "/update", "/store"))
        return Endpoints(
            base + "/query",
            base + "/update",
            base + "/store",
            query_params={"union-default-graph": ""},
            server=server,
        )
    if kind.startswith("virtuoso"):
        base = _strip(url, ("/sparql-auth", "/sparql"))
        auth = authenticated or path.endswith("/sparql-auth")
        sparql = base + ("/sparql-auth" if auth else "/sparql")
        crud = base + ("/sparql-graph-crud-auth" if auth else "/sparql-graph-crud")
        return Endpoints(sparql, sparql, crud, max_update_quads=VIRTUOSO_MAX_UPDATE_QUADS, server=server)
    if kind.startswith("legalgraph"):
        sparql = url if path else url.rstrip("/") + "/sparql"
        return Endpoints(sparql, sparql, None, server=server)
    return Endpoints(url, url, None, server=server)


class RemoteStore:
    """The ``Store`` protocol over HTTP. ``headers`` are sent with every request (``Authorization: Bearer …``);
    ``auth`` is a requests auth object (``requests.auth.HTTPDigestAuth("dba", "…")`` for Virtuoso)."""

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        graph_store_url: str | None = None,
        *,
        endpoints: Endpoints | None = None,
        headers: Mapping[str, str] | None = None,
        auth: requests.auth.AuthBase | None = None,
        timeout: float = 300.0,
        graph_prefix: str = BASE,
    ):
        self.endpoints = endpoints or Endpoints(query_url, update_url, graph_store_url)
        self.url = self.endpoints.query
        self.timeout = timeout
        self.graph_prefix = graph_prefix
        self.session = requests.Session()
        self.session.headers.update({"User-Agent": "legalgraph", **(headers or {})})
        self.session.auth = auth

    @classmethod
    def connect(
        cls,
        url: str,
        *,
        token: str | None = None,
        user: str | None = None,
        password: str | None = None,
        timeout: float = 300.0,
    ) -> RemoteStore:
        """A store on the server at ``url``, its endpoints found from its Server header.

        Credentials, when not given: ``$LEGALGRAPH_SPARQL_TOKEN`` (sent as ``Authorization: Bearer``), or
        ``$LEGALGRAPH_SPARQL_USER`` / ``$LEGALGRAPH_SPARQL_PASSWORD`` (HTTP digest for Virtuoso, else basic).
        """
        token = token or os.environ.get("LEGALGRAPH_SPARQL_TOKEN")
        user = user or os.environ.get("LEGALGRAPH_SPARQL_USER")
        password = password or os.environ.get("LEGALGRAPH_SPARQL_PASSWORD")
        try:
            # Any answer will do (the root of Oxigraph is its HTML page): only the Server header is read.
            server = requests.get(url, timeout=min(timeout, 30)).headers.get("Server", "")
        except requests.RequestException as exc:
            raise LegalgraphError(f"cannot reach the SPARQL server: {_reason(exc)}", url) from exc
        endpoints = endpoints_for(url, server, authenticated=bool(user))
        auth = None
        if user:
            digest = server.lower().startswith("virtuoso")
            auth = (requests.auth.HTTPDigestAuth if digest else requests.auth.HTTPBasicAuth)(
                user, password or ""
            )
        headers = {"Authorization": f"Bearer {token}"} if token else None
        return cls(endpoints.query, endpoints=endpoints, headers=headers, auth=auth, timeout=timeout)

    # -- HTTP ------------------------------------------------------------------------------------------------

    def _post(self, url: str | None, what: str, **kw) -> requests.Response:
        if url is None:
            raise LegalgraphError(f"this SPARQL server has no {what} endpoint", self.url)
        try:
            response = self.session.post(url, timeout=self.timeout, **kw)
        except requests.RequestException as exc:
            raise LegalgraphError(f"SPARQL {what} failed: {_reason(exc)}", url) from exc
        if response.status_code >= 400:
            raise LegalgraphError(f"SPARQL {what} failed: HTTP {response.status_code} {_body(response)}", url)
        if "X-SPARQL-MaxRows" in response.headers:
            raise LegalgraphError(
                f"the server cut the answer at {response.headers['X-SPARQL-MaxRows']} rows "
                "(Virtuoso: raise ResultSetMaxRows in virtuoso.ini)",
                url,
            )
        return response

    def _query(self, query: str, accept: str = _RESULTS_XML) -> requests.Response:
        return self._post(
            self.endpoints.query,
            "query",
            params=self.endpoints.query_params or None,
            data={"query": query},
            headers={"Accept": accept},
        )

    def update(self, update: str) -> None:
        """Run a SPARQL 1.1 Update on the server."""
        self._post(
            self.endpoints.update,
            "update",
            data=update.encode("utf-8"),
            headers={"Content-Type": _UPDATE},
        )

    # -- queries -------------------------------------------------------------------------------------------

    def _results(self, query: str, bindings: Mapping[str, Term] | None):
        body = self._query(substitute(query, bindings)).content
        try:
            return ox.parse_query_results(body, QueryResultsFormat.XML)
        except SyntaxError as exc:
            raise LegalgraphError(f"unreadable SPARQL results: {exc}", self.url) from exc

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> Solutions:
        result = self._results(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise LegalgraphError("not a SELECT query")
        return Solutions.of(result)

    def ask(self, query: str, bindings: Mapping[str, Term] | None = None) -> bool:
        result = self._results(query, bindings)
        if isinstance(result, ox.QuerySolutions):
            # Virtuoso answers ASK with one row of one variable holding 1 or 0.
            rows = [s[0] for s in result]
            return bool(rows) and rows[0] is not None and rows[0].value not in ("0", "false")
        return bool(result)

    def construct(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[ox.Triple]:
        """The triples of a CONSTRUCT or DESCRIBE query."""
        body = self._query(substitute(query, bindings), accept=_NTRIPLES).content
        return [q.triple for q in ox.parse(body, RdfFormat.N_TRIPLES)]

    # -- writes ----------------------------------------------------------------------------------------------

    def _chunks(self, quads: Sequence[Quad]) -> Iterator[Sequence[Quad]]:
        size = self.endpoints.max_update_quads
        for start in range(0, len(quads), size):
            yield quads[start : start + size]

    def add(self, quads: Sequence[Quad]) -> None:
        for chunk in self._chunks(list(quads)):
            self.update(insert_data(chunk))

    def add_bulk(self, quads: Sequence[Quad]) -> None:
        """Graph Store Protocol ``POST`` of N-Triples per graph where the server has it; else ``add``."""
        if self.endpoints.graph_store is None:
            self.add(quads)
            return
        by_graph: dict[NamedNode, list[ox.Triple]] = {}
        for q in quads:
            by_graph.setdefault(q.graph_name, []).append(q.triple)
        size = max(self.endpoints.max_update_quads, DEFAULT_MAX_UPDATE_QUADS)
        for graph, triples in by_graph.items():
            for start in range(0, len(triples), size):
                self._post(
                    self.endpoints.graph_store,
                    "graph store",
                    params={"graph": graph.value},
                    data=ox.serialize(triples[start : start + size], format=RdfFormat.N_TRIPLES),
                    headers={"Content-Type": _NTRIPLES},
                )

    def replace_graph(self, graph: NamedNode, quads: Sequence[Quad]) -> None:
        chunks = list(self._chunks(list(quads))) or [[]]
        first = f"DROP SILENT GRAPH {graph}"
        # Drop and the first chunk in one request: a graph that fits one request is replaced atomically.
        self.update(first + (" ;\n" + insert_data(chunks[0]) if chunks[0] else ""))
        for chunk in chunks[1:]:
            self.update(insert_data(chunk))

    def remove_graph(self, graph: NamedNode) -> None:
        self.update(f"DROP SILENT GRAPH {graph}")

    def remove(self, quads: Sequence[Quad]) -> None:
        for chunk in self._chunks(list(quads)):
            # The same data block as INSERT DATA: one serialization of terms for both.
            self.update("DELETE DATA" + insert_data(chunk).removeprefix("INSERT DATA"))

    # -- reading the data back -----------------------------------------------------------------------------

    def _in_scope(self) -> str:
        return f'FILTER(STRSTARTS(STR(?g), "{_escape(self.graph_prefix)}"))'

    def graph_names(self) -> set[NamedNode]:
        rows = self.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._in_scope()} }}")
        return {g for (g,) in rows if isinstance(g, NamedNode)}

    def _graph_triples(self, graph: NamedNode) -> list[ox.Triple]:
        # CONSTRUCT answers in N-Triples on every server tested; Virtuoso's graph store GET is Turtle only.
        return self.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")

    def quads(self, graph: NamedNode | None = None) -> Iterator[Quad]:
        graphs = [graph] if graph is not None else sorted(self.graph_names(), key=lambda g: g.value)
        for g in graphs:
            for t in self._graph_triples(g):
                yield Quad(t.subject, t.predicate, t.object, g)

    def dump(self, output: IO[bytes], format: RdfFormat, graph: NamedNode | None = None) -> None:
        prefixes = dict(PREFIXES) if format in (RdfFormat.TURTLE, RdfFormat.TRIG) else None
        if format in (RdfFormat.N_QUADS, RdfFormat.TRIG, RdfFormat.JSON_LD):
            ox.serialize(self.quads(graph), output, format, prefixes=prefixes)
        else:
            triples = {q.triple for q in self.quads(graph)}
            ox.serialize(triples, output, format, prefixes=prefixes)

    def __len__(self) -> int:
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._in_scope()} }}")
        return int(rows.rows[0][0].value)

    def close(self) -> None:
        self.session.close()

    def __repr__(self) -> str:
        return f"<RemoteStore {self.url} ({self.endpoints.server or 'SPARQL 1.1'})>"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _reason(exc: Exception) -> str:
    text = str(exc)
    if isinstance(exc, requests.Timeout):
        return "no answer in time"
    if isinstance(exc, requests.ConnectionError):
        return "connection refused or lost" + (f" ({text[:200]})" if text else "")
    return text[:300]


def _body(response: requests.Response) -> str:
    """The first lines of an error answer: servers put the reason there (Virtuoso: the SPARQL error)."""
    text = response.text.strip()
    if response.headers.get("Content-Type", "").startswith("text/html"):
        text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(text.split())[:400]


def normalize_url(location: object) -> str:
    """``http:/host:port/x`` (a URL that went through ``pathlib.Path``) back to ``http://host:port/x``."""
    return re.sub(r"^(https?):/+", r"\1://", str(location))
