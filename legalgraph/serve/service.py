"""The SPARQL 1.1 Service Description of the endpoint, with the VoID statistics of its dataset.

``GET /sparql`` without a query answers it (Turtle by default, N-Triples, JSON-LD or RDF/XML by ``Accept`` or
``format``; a browser asking for HTML gets the page). It says what the endpoint offers (query languages, result
formats, the union default graph, federation when the operator allows it) and describes the dataset a query sees
by default: the union of the named graphs, each named graph listed with its statistics (``void:triples``,
``void:classes``, ``void:properties``, ``void:distinctSubjects``, ``void:distinctObjects``), and for the union the
same counts with one ``void:classPartition`` per class (its instances) and one ``void:propertyPartition`` per
property (its triples). Counted in a worker (the statistics are queries), once per state of the store.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
PREFIXES = {"sd": SD, "void": VOID, "formats": FORMATS}
_INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")

# What the endpoint writes (formats.SOLUTION_TYPES and GRAPH_TYPES), by their W3C format IRIs.
RESULT_FORMATS = [
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
]


@dataclass(frozen=True)
class ServiceInfo:
    endpoint: str  # the endpoint's absolute URL, as the client reached it
    update: bool = False  # updates allowed (with the token)
    federation: bool = False  # SERVICE calls allowed to some endpoints


def _sd(name: str) -> NamedNode:
    return NamedNode(SD + name)


def _void(name: str) -> NamedNode:
    return NamedNode(VOID + name)


def _count(n) -> Literal:
    return Literal(str(int(n.value) if n is not None else 0), datatype=_INTEGER)


_PER_GRAPH = """
SELECT ?g (COUNT(*) AS ?triples) (COUNT(DISTINCT ?p) AS ?properties)
       (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects)
WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"""
_CLASSES_PER_GRAPH = "SELECT ?g (COUNT(DISTINCT ?c) AS ?classes) WHERE { GRAPH ?g { ?s a ?c } } GROUP BY ?g"
# The union default graph: each triple once, however many graphs hold it.
_UNION = """
SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?p) AS ?properties)
       (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects)
WHERE { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }"""
_CLASS_PARTITIONS = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c"
_PROPERTY_PARTITIONS = """
SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } } GROUP BY ?p ORDER BY ?p"""


def description(store: ox.Store, info: ServiceInfo, limit: int | None) -> tuple[list[Triple], bool]:
    """The service description's triples, at most ``limit`` named graphs listed; and whether some were left
    out."""
    service, endpoint = NamedNode(info.endpoint), NamedNode(info.endpoint)
    out: list[Triple] = []

    def add(s, p, o) -> None:
        out.append(Triple(s, p, o))

    add(service, RDF_TYPE, _sd("Service"))
    add(service, _sd("endpoint"), endpoint)
    add(service, _sd("supportedLanguage"), _sd("SPARQL11Query"))
    if info.update:
        add(service, _sd("supportedLanguage"), _sd("SPARQL11Update"))
    for name in RESULT_FORMATS:
        add(service, _sd("resultFormat"), NamedNode(FORMATS + name))
    add(service, _sd("feature"), _sd("UnionDefaultGraph"))
    if info.federation:
        add(service, _sd("feature"), _sd("BasicFederatedQuery"))
    add(service, _sd("defaultEntailmentRegime"), NamedNode("http://www.w3.org/ns/entailment/Simple"))

    dataset, default = BlankNode("dataset"), BlankNode("default")
    add(service, _sd("defaultDataset"), dataset)
    add(dataset, RDF_TYPE, _sd("Dataset"))
    add(dataset, RDF_TYPE, _void("Dataset"))
    add(dataset, _void("sparqlEndpoint"), endpoint)
    add(dataset, _sd("defaultGraph"), default)
    add(default, RDF_TYPE, _sd("Graph"))

    def query(text: str, union: bool = False) -> list:
        return list(store.query(text, use_default_graph_as_union=union))

    def statistics(node, row, classes) -> None:
        add(node, _void("triples"), _count(row["triples"]))
        add(node, _void("classes"), _count(classes))
        add(node, _void("properties"), _count(row["properties"]))
        add(node, _void("distinctSubjects"), _count(row["subjects"]))
        add(node, _void("distinctObjects"), _count(row["objects"]))

    class_rows = query(_CLASS_PARTITIONS, union=True)
    statistics(default, query(_UNION, union=True)[0], Literal(str(len(class_rows))))
    for i, row in enumerate(class_rows):
        part = BlankNode(f"class{i}")
        add(default, _void("classPartition"), part)
        add(part, _void("class"), row["c"])
        add(part, _void("entities"), _count(row["n"]))
    for i, row in enumerate(query(_PROPERTY_PARTITIONS, union=True)):
        part = BlankNode(f"property{i}")
        add(default, _void("propertyPartition"), part)
        add(part, _void("property"), row["p"])
        add(part, _void("triples"), _count(row["n"]))

    classes = {row["g"]: row["classes"] for row in query(_CLASSES_PER_GRAPH)}
    graphs = query(_PER_GRAPH)
    cut = limit is not None and len(graphs) > limit
    for i, row in enumerate(graphs[:limit] if cut else graphs):
        named, graph = BlankNode(f"named{i}"), BlankNode(f"graph{i}")
        add(dataset, _sd("namedGraph"), named)
        add(named, RDF_TYPE, _sd("NamedGraph"))
        add(named, _sd("name"), row["g"])
        add(named, _sd("graph"), graph)
        add(graph, RDF_TYPE, _sd("Graph"))
        statistics(graph, row, classes.get(row["g"]))
    first: dict = {}  # each subject's triples together, so that Turtle writes each node once
    for t in out:
        first.setdefault(t.subject, len(first))
    return sorted(out, key=lambda t: first[t.subject]), cut
