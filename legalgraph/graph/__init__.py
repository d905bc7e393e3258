"""Stage 5, `graph`: Documents → RDF quads, stable identities, lineage across documents, a NetworkX view.

* ``document_graph(doc)``: the quads of one document's named graph (``build.py``);
* ``act_iri`` / ``citation_act_iri`` / ``document_act_iri``: who is who (``identity.py``);
* ``derived_graph(facts)``: lineage, aliases, cross-version equivalences (``lineage.py``);
* ``codes_graph()``: ROME, NSF, levels as SKOS schemes (``codes.py``);
* ``to_networkx(store)``: citation network and lineage DAG (``network.py``).
"""

from __future__ import annotations

from legalgraph.graph.build import document_graph
from legalgraph.graph.codes import codes_graph
from legalgraph.graph.identity import act_iri, citation_act_iri, document_act_iri, titre_key
from legalgraph.graph.lineage import LineageFacts, derived_graph
from legalgraph.graph.namespaces import CODES_GRAPH, DERIVED_GRAPH, PREFIXES

__all__ = [
    "document_graph",
    "codes_graph",
    "derived_graph",
    "LineageFacts",
    "act_iri",
    "citation_act_iri",
    "document_act_iri",
    "titre_key",
    "to_networkx",
    "PREFIXES",
    "CODES_GRAPH",
    "DERIVED_GRAPH",
]


def to_networkx(store, view: str = "all"):
    """See ``legalgraph.graph.network.to_networkx`` (imported lazily: networkx is slow to import)."""
    from legalgraph.graph.network import to_networkx as _to_networkx

    return _to_networkx(store, view)
