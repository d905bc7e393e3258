"""rdflib's in-memory ``Dataset`` behind the same Store protocol: handy in notebooks, slow on big data.

Terms are converted to rdflib on the way in and back to pyoxigraph on the way out, so the rest of legalgraph
never sees which store it talks to.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import IO

import pyoxigraph as ox
import rdflib
from pyoxigraph import NamedNode, Quad, RdfFormat
from rdflib.term import BNode, URIRef
from rdflib.term import Literal as RLiteral

from legalgraph.graph.namespaces import PREFIXES
from legalgraph.store.base import Solutions, Term, substitute

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def to_rdflib(term: Term | ox.DefaultGraph):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return RLiteral(term.value, lang=term.language)
        dt = term.datatype.value
        return RLiteral(term.value, datatype=None if dt == _XSD_STRING else URIRef(dt))
    raise TypeError(f"not an RDF term: {term!r}")


def from_rdflib(term) -> Term | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, RLiteral):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) != _RDF_LANG:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


class MemoryStore:
    """An rdflib ``Dataset`` whose default graph is the union of its named graphs."""

    def __init__(self) -> None:
        self.dataset = rdflib.Dataset(default_union=True)
        for prefix, iri in PREFIXES.items():
            self.dataset.bind(prefix, iri)

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> Solutions:
        result = self.dataset.query(substitute(query, bindings))
        variables = [str(v) for v in result.vars or []]
        return Solutions(variables, [tuple(from_rdflib(row[v]) for v in variables) for row in result])

    def ask(self, query: str, bindings: Mapping[str, Term] | None = None) -> bool:
        return bool(self.dataset.query(substitute(query, bindings)).askAnswer)

    def construct(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[ox.Triple]:
        graph = self.dataset.query(substitute(query, bindings)).graph
        return [ox.Triple(*map(from_rdflib, t)) for t in graph or ()]

    def _context(self, graph: NamedNode):
        return self.dataset.graph(URIRef(graph.value))

    def add(self, quads: Sequence[Quad]) -> None:
        contexts: dict[str, rdflib.Graph] = {}
        batch = []
        for q in quads:
            g = q.graph_name.value
            if g not in contexts:
                contexts[g] = self._context(q.graph_name)
            batch.append((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), contexts[g]))
        self.dataset.addN(batch)

    add_bulk = add

    def replace_graph(self, graph: NamedNode, quads: Sequence[Quad]) -> None:
        self.remove_graph(graph)
        self.add(quads)

    def remove_graph(self, graph: NamedNode) -> None:
        self.dataset.remove_graph(URIRef(graph.value))

    def remove(self, quads: Sequence[Quad]) -> None:
        for q in quads:
            ctx = self._context(q.graph_name)
            ctx.remove((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))

    def graph_names(self) -> set[NamedNode]:
        return {
            NamedNode(str(g.identifier))
            for g in self.dataset.graphs()
            if isinstance(g.identifier, URIRef)
            and str(g.identifier) != str(rdflib.graph.DATASET_DEFAULT_GRAPH_ID)
            and len(g)
        }

    def quads(self, graph: NamedNode | None = None) -> Iterator[Quad]:
        ctx = URIRef(graph.value) if graph is not None else None
        for s, p, o, g in self.dataset.quads((None, None, None, ctx)):
            gid = g.identifier if isinstance(g, rdflib.Graph) else g
            if gid is None or str(gid) == str(rdflib.graph.DATASET_DEFAULT_GRAPH_ID):
                continue
            yield Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o), NamedNode(str(gid)))

    def dump(self, output: IO[bytes], format: RdfFormat, graph: NamedNode | None = None) -> None:
        prefixes = dict(PREFIXES) if format in (RdfFormat.TURTLE, RdfFormat.TRIG) else None
        if format in (RdfFormat.N_QUADS, RdfFormat.TRIG, RdfFormat.JSON_LD):
            ox.serialize(list(self.quads(graph)), output, format, prefixes=prefixes)
        else:
            triples = {ox.Triple(q.subject, q.predicate, q.object) for q in self.quads(graph)}
            ox.serialize(triples, output, format, prefixes=prefixes)

    def __len__(self) -> int:
        return sum(1 for _ in self.dataset.quads((None, None, None, None)))

    def close(self) -> None:
        pass
