"""legalgraph's ontology (``ontologies/legalgraph.ttl``) as a graph of the store.

Loaded beside the data, in its own graph, so that a query, the workbench or an ``/id/`` page can name each class
and property by its French or English label, and say where a reused term is defined. Like the codes graph, it
comes from no source document: it is reloaded when the file changes.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from legalgraph.graph.namespaces import BASE, ONTOLOGY_GRAPH

__all__ = ["ontology_file", "ontology_fingerprint", "ontology_graph"]

GENID = BASE + "genid/ontology/"


def ontology_file() -> Path | None:
    """The ontology of the source tree (``ontologies/legalgraph.ttl``); None when legalgraph was installed
    without it."""
    path = Path(__file__).resolve().parents[2] / "ontologies" / "legalgraph.ttl"
    return path if path.is_file() else None


@cache
def _read(path: Path) -> bytes:
    return path.read_bytes()


def ontology_fingerprint() -> str | None:
    path = ontology_file()
    return hashlib.sha256(_read(path)).hexdigest() if path else None


def ontology_graph() -> list[ox.Quad]:
    """The ontology's triples, in the ontology graph. Its blank nodes (the lists of ``owl:unionOf``) become IRIs
    numbered in the file's order (RDF 1.1 skolemization): the same file gives the same quads in every store,
    so that two stores, or an export and its reload, compare equal."""
    path = ontology_file()
    if path is None:
        return []
    names: dict[str, ox.NamedNode] = {}

    def skolem(term):
        if isinstance(term, ox.BlankNode):
            return names.setdefault(term.value, ox.NamedNode(f"{GENID}{len(names) + 1}"))
        return term

    return [
        ox.Quad(skolem(t.subject), t.predicate, skolem(t.object), ONTOLOGY_GRAPH)
        for t in ox.parse(_read(path), format=ox.RdfFormat.TURTLE)
    ]
