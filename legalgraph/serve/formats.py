"""Content negotiation and the result formats of the SPARQL endpoint.

SELECT and ASK answers: SPARQL 1.1 Query Results JSON (the default), XML, CSV and TSV. CONSTRUCT and DESCRIBE
answers: Turtle (the default), N-Triples, JSON-LD and RDF/XML (what SPARQLWrapper and rdflib ask for by
default). A ``format`` parameter (``json``, ``xml``, ``csv``, ``tsv``, ``ttl``, ``nt``, ``jsonld``, ``rdfxml`` or a media
type) overrides the ``Accept`` header, for a browser's address bar and for curl. SPARQLWrapper sends it (several
times, with values that do not all fit the answer): the first value that fits wins, and when none does the
``Accept`` header decides.

Answers are written by the engine's serializers, stopped at the row limit (``engine_solutions``,
``engine_triples``); only a named query's rows, sorted in Python (``queries.sort``), are written here.
"""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from pyoxigraph import BlankNode, NamedNode, RdfFormat

from legalgraph.graph.namespaces import PREFIXES
from legalgraph.store.base import Solutions, Term
from legalgraph.store.results import to_csv, triples_bytes

JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
NTRIPLES = "application/n-triples"
JSONLD = "application/ld+json"
RDFXML = "application/rdf+xml"
HTML = "text/html"

# Offers in order of preference (the first is what "*/*" or no Accept header gets); aliases map to them.
SOLUTION_TYPES = [JSON, XML, CSV, TSV]
GRAPH_TYPES = [TURTLE, NTRIPLES, JSONLD, RDFXML]
ALIASES = {
    "application/json": JSON,
    "application/xml": XML,
    "text/xml": XML,
    "application/turtle": TURTLE,
    "application/x-turtle": TURTLE,
    "text/plain": NTRIPLES,
    "application/x-json+ld": JSONLD,
}
SHORT_NAMES = {
    "json": JSON,
    "xml": XML,
    "csv": CSV,
    "tsv": TSV,
    "ttl": TURTLE,
    "turtle": TURTLE,
    "nt": NTRIPLES,
    "ntriples": NTRIPLES,
    "n-triples": NTRIPLES,
    "jsonld": JSONLD,
    "json-ld": JSONLD,
    "rdfxml": RDFXML,
    "rdf+xml": RDFXML,
}
# For a graph, "xml" and "json" mean its XML and JSON forms (what SPARQLWrapper means by them).
GRAPH_SHORT_NAMES = {**SHORT_NAMES, "xml": RDFXML, "json": JSONLD}
RDF_FORMATS = {
    TURTLE: RdfFormat.TURTLE,
    NTRIPLES: RdfFormat.N_TRIPLES,
    JSONLD: RdfFormat.JSON_LD,
    RDFXML: RdfFormat.RDF_XML,
}


def _ranges(accept: str) -> list[tuple[str, float]]:
    """The media ranges of an Accept header with their q-values (aliases mapped to what we write)."""
    out = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            name, _, value = f.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        out.append((ALIASES.get(media, media), q))
    return out


def choose(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offer the client prefers: highest q, then the most specific range, then our order; None if the
    client accepts none of them (a 406)."""
    if not accept or not accept.strip():
        return offers[0]
    ranges = _ranges(accept)
    best, best_key = None, (0.0, -1, 0)
    for rank, offer in enumerate(offers):
        kind = offer.split("/")[0]
        # The most specific range that matches this offer decides its q.
        matches = [
            (3 if m == offer else 2 if m == f"{kind}/*" else 1, q)
            for m, q in ranges
            if m in (offer, f"{kind}/*", "*/*")
        ]
        if not matches:
            continue
        specificity, q = max(matches)
        key = (q, specificity, -rank)
        if q > 0 and key > best_key:
            best, best_key = offer, key
    return best


def from_format_parameter(values: Sequence[str], offers: Sequence[str]) -> str | None:
    """The first ``format`` value that names one of ``offers``; None when no value does."""
    names = GRAPH_SHORT_NAMES if offers[0] in RDF_FORMATS else SHORT_NAMES
    for value in values:
        value = value.strip().lower()
        media = names.get(value) or ALIASES.get(value, value)
        if media in offers:
            return media
    return None


# -- SELECT and ASK ---------------------------------------------------------------------------------------

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _json_term(term: Term) -> dict:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if term.language:
        return {"type": "literal", "value": term.value, "xml:lang": term.language}
    if term.datatype.value == _XSD_STRING:
        return {"type": "literal", "value": term.value}
    return {"type": "literal", "value": term.value, "datatype": term.datatype.value}


def solutions_json(solutions: Solutions) -> str:
    variables = solutions.variables
    bindings = [
        {v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
        for row in solutions.rows
    ]
    return json.dumps(
        {"head": {"vars": variables}, "results": {"bindings": bindings}},
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _xml_term(term: Term) -> str:
    if isinstance(term, NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    dt = term.datatype.value
    if dt == _XSD_STRING:
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal datatype={quoteattr(dt)}>{escape(term.value)}</literal>"


_XML_HEAD = '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'


def solutions_xml(solutions: Solutions) -> str:
    out = [_XML_HEAD, "<head>"]
    out += [f"<variable name={quoteattr(v)}/>" for v in solutions.variables]
    out.append("</head>\n<results>\n")
    for row in solutions.rows:
        out.append("<result>")
        out += [
            f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
            for v, t in zip(solutions.variables, row, strict=True)
            if t is not None
        ]
        out.append("</result>\n")
    out.append("</results>\n</sparql>\n")
    return "".join(out)


def _tsv_term(term: Term | None) -> str:
    # N-Triples syntax; a tab inside a literal is written as its escape, since tabs separate the values.
    return "" if term is None else str(term).replace("\t", "\\t")


def solutions_tsv(solutions: Solutions) -> str:
    lines = ["\t".join("?" + v for v in solutions.variables)]
    lines += ["\t".join(map(_tsv_term, row)) for row in solutions.rows]
    return "\n".join(lines) + "\n"


def write_solutions(solutions: Solutions, media: str) -> bytes:
    if media == JSON:
        return solutions_json(solutions).encode()
    if media == XML:
        return solutions_xml(solutions).encode()
    if media == CSV:
        return to_csv(solutions).encode()
    return solutions_tsv(solutions).encode()


RESULT_FORMATS = {
    JSON: ox.QueryResultsFormat.JSON,
    XML: ox.QueryResultsFormat.XML,
    CSV: ox.QueryResultsFormat.CSV,
    TSV: ox.QueryResultsFormat.TSV,
}


class _Lines(io.RawIOBase):
    """A sink that keeps what the engine writes until it holds more than ``limit`` lines, then stops it."""

    def __init__(self, limit: int):
        self.limit, self.lines, self.parts = limit, 0, []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # the engine writes in blocks of ~8 KiB: few calls
        self.parts.append(bytes(data))
        self.lines += data.count(b"\n")
        if self.lines > self.limit:
            raise _Enough
        return len(data)

    def first_lines(self) -> tuple[bytes, bool]:
        """The first ``limit`` lines, and whether there were more."""
        data = b"".join(self.parts)
        if self.lines <= self.limit:
            return data, False
        end = -1
        for _ in range(self.limit):
            end = data.index(b"\n", end + 1)
        return data[: end + 1], True


class _Enough(Exception):
    """Raised into the engine's serializer to stop it at the row limit."""


def _lines(write, limit: int) -> tuple[bytes, bool]:
    sink = _Lines(limit)
    try:
        write(sink)
    except _Enough:
        pass
    except OSError as exc:  # pyoxigraph passes the sink's exception on as the cause of an OSError
        if not isinstance(exc.__cause__, _Enough) and "_Enough" not in str(exc):
            raise
    return sink.first_lines()


def engine_solutions(result: ox.QuerySolutions, media: str, limit: int | None) -> tuple[bytes, bool]:
    """A SELECT answer written by the engine, at most ``limit`` rows, and whether it was cut. The engine
    writes TSV (one line per row) into a sink that stops it past the limit; that TSV is read back by the
    engine and written in ``media``: no Python code per row or term."""
    fmt = RESULT_FORMATS[media]
    if limit is None:
        return result.serialize(format=fmt), False
    tsv, cut = _lines(lambda sink: result.serialize(sink, ox.QueryResultsFormat.TSV), limit + 1)  # + header
    if media == TSV:
        return tsv, cut
    return ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV).serialize(format=fmt), cut


def engine_triples(result: ox.QueryTriples, media: str, limit: int | None) -> tuple[bytes, bool]:
    """A CONSTRUCT or DESCRIBE answer written by the engine, at most ``limit`` triples, and whether it was
    cut: the engine's writer takes the first ``limit`` triples (``islice``: no Python code per triple), and one
    more asked tells whether there were more."""
    if limit is None:
        return write_triples(result, media), False
    body = write_triples(itertools.islice(result, limit), media)
    return body, next(result, None) is not None


def write_boolean(value: bool, media: str) -> bytes:
    word = "true" if value else "false"
    if media == JSON:
        return f'{{"head": {{}}, "boolean": {word}}}'.encode()
    if media == XML:
        return f"{_XML_HEAD}<head/>\n<boolean>{word}</boolean>\n</sparql>\n".encode()
    return f"{word}\n".encode()  # CSV and TSV define no boolean form: the word, as Oxigraph writes it


# -- CONSTRUCT and DESCRIBE ---------------------------------------------------------------------------------


def write_triples(triples: Sequence[ox.Triple], media: str) -> bytes:
    return triples_bytes(triples, RDF_FORMATS[media], PREFIXES)


def content_type(media: str) -> str:
    return f"{media}; charset=utf-8"
