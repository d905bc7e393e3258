"""The ontology and the SHACL shapes: every graph legalgraph builds conforms."""

from __future__ import annotations

import pyshacl
import rdflib
from rdflib.namespace import OWL, RDF, RDFS

import legalgraph
from legalgraph.store import OxigraphStore, load_documents
from tests.conftest import DILA
from tests.support.graphkit import ONTOLOGY, SHAPES, corpus_docs, corpus_graph, union_graph


def validate(store) -> tuple[bool, str]:
    shapes = rdflib.Graph().parse(SHAPES)
    conforms, _, text = pyshacl.validate(union_graph(store), shacl_graph=shapes, inference="none")
    return conforms, text


def test_the_corpus_graph_conforms_to_the_shapes():
    kg, _ = corpus_graph()
    conforms, report = validate(kg.store)
    assert conforms, report[:3000]


def test_each_document_alone_conforms_too():
    """A store with one text (and its codes and derived graphs) is a graph legalgraph builds, too."""
    for name in ["2007-11-22_conseiller-commercial.txt", "other_2004-05-04_rectificatif.txt"]:
        store = OxigraphStore()
        load_documents(store, [corpus_docs()[name]])
        conforms, report = validate(store)
        assert conforms, (name, report[:3000])


def test_the_shapes_catch_a_broken_graph():
    kg, _ = corpus_graph()
    graph = union_graph(kg.store)
    lg = rdflib.Namespace("https://w3id.org/legalgraph/ontology#")
    cert = next(graph.subjects(RDF.type, lg.Certificate))
    graph.remove((cert, lg.rank, None))
    graph.add((cert, lg.minHours, rdflib.Literal(-3)))
    conforms, _, text = pyshacl.validate(graph, shacl_graph=rdflib.Graph().parse(SHAPES), inference="none")
    assert not conforms
    assert "MinCountConstraintComponent" in text and "MinInclusiveConstraintComponent" in text


def test_the_ontology_declares_every_term_the_graph_uses():
    ontology = rdflib.Graph().parse(ONTOLOGY)
    lg = "https://w3id.org/legalgraph/ontology#"
    declared = {
        str(s)
        for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in ontology.subjects(RDF.type, t)
    }
    kg, _ = corpus_graph()
    used = {str(q.predicate) for q in kg.store.quads() if str(q.predicate).startswith(lg)}
    used |= {
        str(q.object)
        for q in kg.store.quads()
        if str(q.predicate) == str(RDF.type) and str(q.object).startswith(lg)
    }
    assert used <= declared, used - declared
    # Each class it adds says what it reuses.
    for cls in ontology.subjects(RDF.type, OWL.Class):
        assert list(ontology.objects(cls, RDFS.subClassOf)), cls


def test_graphs_from_dila_and_api_sources_conform_too():
    """XML and JSON sources carry more (in-force dates, ELI, ids): their graphs pass the same shapes."""
    docs = []
    for path in sorted(DILA.rglob("*")):
        if path.suffix in (".xml", ".json"):
            try:
                docs.append(legalgraph.parse(path))
            except legalgraph.LegalgraphError:
                continue  # a fixture that is not a text (a listing): not a graph either
    assert len(docs) >= 10
    store = OxigraphStore()
    report = load_documents(store, docs)
    assert len(report.added) == len(docs) and not report.failed
    conforms, text = validate(store)
    assert conforms, text[:3000]
