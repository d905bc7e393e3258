"""The IRIs legalgraph writes: vocabularies it reuses, its own ontology, and where its instances live.

Terms are pyoxigraph ``NamedNode`` objects (Rust-backed, cheap to hash and to write); every store converts at
its own boundary.
"""

from __future__ import annotations

from functools import lru_cache

from pyoxigraph import NamedNode

BASE = "https://w3id.org/legalgraph/"
ID = BASE + "id/"  # instances: acts, titres, versions, sources, concepts
GRAPH = BASE + "graph/"  # named graphs that are not a source document
LG_NS = BASE + "ontology#"

PREFIXES: dict[str, str] = {
    "lg": LG_NS,
    "lgid": ID,
    "eli": "http://data.europa.eu/eli/ontology#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


class Namespace:
    """``LG.Certificate`` → the NamedNode ``…ontology#Certificate``; cached, so building quads allocates little."""

    def __init__(self, base: str):
        self._base = base

    def __getattr__(self, name: str) -> NamedNode:
        return _node(self._base + name)

    def __getitem__(self, name: str) -> NamedNode:
        return _node(self._base + name)

    def __str__(self) -> str:
        return self._base


@lru_cache(maxsize=1 << 15)
def _node(iri: str) -> NamedNode:
    """A NamedNode, cached: vocabulary terms and shared acts recur in every document (bounded: a nightly job
    runs for years)."""
    return NamedNode(iri)


LG = Namespace(LG_NS)
ELI = Namespace(PREFIXES["eli"])
SKOS = Namespace(PREFIXES["skos"])
DCT = Namespace(PREFIXES["dcterms"])
PROV = Namespace(PREFIXES["prov"])
OA = Namespace(PREFIXES["oa"])
OWL = Namespace(PREFIXES["owl"])
RDF = Namespace(PREFIXES["rdf"])
RDFS = Namespace(PREFIXES["rdfs"])
XSD = Namespace(PREFIXES["xsd"])

A = RDF.type

# The graphs legalgraph maintains besides one graph per source document.
DERIVED_GRAPH = _node(GRAPH + "derived")  # lineage, act aliases, cross-version equivalences: recomputed
CODES_GRAPH = _node(GRAPH + "codes")  # ROME, NSF, levels, actions: SKOS schemes from legalgraph/data/codes
# RNCP fiches of titres professionnels (legalgraph/data/france-competences) and the versions linked to them:
# rewritten after each build, since the links depend on the documents.
FRANCE_COMPETENCES_GRAPH = _node(GRAPH + "france-competences")
# Every JORF text the nightly job scanned (ingested or not): ids, NOR, nature, date, title, for resolving
# citations of acts the store does not hold.
CATALOGUE_GRAPH = _node(GRAPH + "catalogue")
ONTOLOGY_GRAPH = _node(GRAPH + "ontology")  # ontologies/legalgraph.ttl, so labels of classes are queryable

FRENCH = _node("http://publications.europa.eu/resource/authority/language/FRA")


def sparql_prefixes() -> str:
    """The PREFIX lines every named query may rely on."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
