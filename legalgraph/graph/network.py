"""A NetworkX view of a store: the citation network between acts and the lineage DAG of titres.

Nodes are IRIs with a ``type`` (act, titre, version, certificate) and readable attributes (``label``, ``date``,
``key``, ``action``…); edges are typed by the relation they stand for (``cites``, ``amends``, ``wasRevisionOf``,
``equivalentTo``…, also the edge key), so ``nx.subgraph_view`` can keep one kind. Provenance (spans, source
documents) stays in the store: a graph algorithm has no use for it, an analyst finds it with SPARQL.
"""

from __future__ import annotations

import networkx as nx

from legalgraph.graph.namespaces import ID, sparql_prefixes
from legalgraph.store.base import Store
from legalgraph.store.results import to_python

# relation → (query of ?s ?o pairs, type of ?s, type of ?o)
_CITATION_EDGES = {
    "cites": ("?s eli:cites ?o", "act", "act"),
    "amends": ("?s eli:amends ?o", "act", "act"),
    "repeals": ("?s eli:repeals ?o", "act", "act"),
    "changes": ("?s eli:changes ?o", "act", "act"),
}
_LINEAGE_EDGES = {
    "versionOf": ("?s lg:versionOf ?o", "version", "titre"),
    "establishedBy": ("?s lg:establishedBy ?o", "version", "act"),
    "wasRevisionOf": ("?s prov:wasRevisionOf ?o", "version", "version"),
    "hasCertificate": ("?s lg:hasCertificate ?o", "version", "certificate"),
    "equivalentTo": ("?e lg:oldCertificate ?s ; lg:newCertificate ?o", "certificate", "certificate"),
}
# node type → attribute → (predicate, how several values are reduced). One simple query per attribute: a
# node's type is stated by every text that cites it, and joining on it would multiply the rows.
_NODE_ATTRIBUTES = {
    "act": {
        "label": ("rdfs:label", "MAX"),
        "date": ("eli:date_document", "MIN"),
        "key": ("lg:citationKey", "MIN"),
    },
    "version": {
        "label": ("lg:titreName", "MIN"),
        "date": ("dcterms:date", "MIN"),
        "action": ("lg:action", "MIN"),
        "rank": ("lg:lineageRank", "MIN"),
    },
    "titre": {"label": ("rdfs:label", "MIN"), "key": ("lg:nameKey", "MIN")},
    "certificate": {
        "label": ("dcterms:title", "MIN"),
        "rank": ("lg:rank", "MIN"),
        "minHours": ("lg:minHours", "MIN"),
    },
}
VIEWS = {
    "all": {**_CITATION_EDGES, **_LINEAGE_EDGES},
    "citations": _CITATION_EDGES,
    "lineage": _LINEAGE_EDGES,
}


def to_networkx(store: Store, view: str = "all") -> nx.MultiDiGraph:
    """The ``view`` ("all", "citations" or "lineage") of ``store`` as a typed ``MultiDiGraph``."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}: {', '.join(VIEWS)}")
    g = nx.MultiDiGraph(view=view)
    types = set()
    for relation, (pattern, s_type, o_type) in VIEWS[view].items():
        types |= {s_type, o_type}
        for s, o in store.select(f"{sparql_prefixes()}SELECT DISTINCT ?s ?o WHERE {{ {pattern} }}"):
            for node, kind in ((s.value, s_type), (o.value, o_type)):
                if node not in g:
                    g.add_node(node, type=kind)
            g.add_edge(s.value, o.value, key=relation, type=relation)
    wanted = {(attr, p, agg) for kind in types for attr, (p, agg) in _NODE_ATTRIBUTES[kind].items()}
    for attr, predicate, agg in sorted(wanted):
        rows = store.select(
            f"{sparql_prefixes()}SELECT ?n ({agg}(?v) AS ?x) WHERE {{ ?n {predicate} ?v }} GROUP BY ?n"
        )
        for node, value in rows:
            if node.value in g and value is not None:
                v = to_python(value)
                if isinstance(v, str) and v.startswith(ID):  # a code: its notation is the end of its IRI
                    v = v.rsplit("/", 1)[1]
                g.nodes[node.value][attr] = v.isoformat() if hasattr(v, "isoformat") else v
    return g
