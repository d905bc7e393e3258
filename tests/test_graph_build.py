"""document_graph: what one text says, in its own named graph, every fact tied to the words it was read from."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from legalgraph.frtext import add_years
from legalgraph.graph import document_graph
from legalgraph.graph.identity import document_act_iri, source_iri
from legalgraph.graph.namespaces import ELI, LG, OA, PROV, A
from tests.support.graphkit import corpus_docs

FULL_COPY = "2022-11-21_conseiller-insertion-professionnelle__full-copy.txt"


def by_predicate(quads, predicate):
    return [q for q in quads if q.predicate == predicate]


def objects(quads, subject, predicate):
    return [q.object for q in quads if q.subject == subject and q.predicate == predicate]


def span_text(doc, quads, target) -> str:
    (selector,) = objects(quads, target, OA.hasSelector)
    (start,) = objects(quads, selector, OA.start)
    (end,) = objects(quads, selector, OA.end)
    return doc.text[int(start.value) : int(end.value)]


@pytest.mark.parametrize("name", sorted(corpus_docs()))
def test_every_quad_lives_in_the_graph_of_its_source(name):
    doc = corpus_docs()[name]
    quads = document_graph(doc)
    assert quads, name
    assert {q.graph_name for q in quads} == {ox.NamedNode(source_iri(doc.source.sha256))}
    # Cross-document facts are derived elsewhere: a text never says which titre (work) it belongs to.
    assert not by_predicate(quads, LG.versionOf) and not by_predicate(quads, LG.lineageRank)


def test_building_twice_gives_the_same_quads():
    doc = corpus_docs()[FULL_COPY]
    assert document_graph(doc) == document_graph(doc)


@pytest.mark.parametrize("name", sorted(corpus_docs()))
def test_citations_point_back_to_their_words(name):
    doc = corpus_docs()[name]
    quads = document_graph(doc)
    citations = [q.subject for q in quads if q.predicate == A and q.object == LG.Citation]
    for citation in citations:
        (text,) = objects(quads, citation, LG.citedText)
        (target,) = objects(quads, citation, OA.hasTarget)
        assert span_text(doc, quads, target) == text.value
        assert objects(quads, target, OA.hasSource) == [ox.NamedNode(source_iri(doc.source.sha256))]


def test_certificates_and_titre_are_tied_to_their_words():
    doc = corpus_docs()[FULL_COPY]
    quads = document_graph(doc)
    certificates = [q.subject for q in quads if q.predicate == A and q.object == LG.Certificate]
    assert len(certificates) == len(doc.certificates) == 3
    for cert, model in zip(sorted(certificates, key=lambda c: c.value), doc.certificates, strict=True):
        (target,) = objects(quads, cert, PROV.wasDerivedFrom)
        words = " ".join(span_text(doc, quads, target).split())
        assert model.title in words


def test_susvise_repeats_name_the_act_of_their_antecedent():
    doc = corpus_docs()[FULL_COPY]
    quads = document_graph(doc)
    texts = [
        q.object.value
        for q in by_predicate(quads, LG.citedText)
        if any("/arrete/2015-12-22/" in o.value for o in objects(quads, q.subject, OA.hasBody))
    ]
    bodies = {
        o.value for q in by_predicate(quads, LG.citedText) for o in objects(quads, q.subject, OA.hasBody)
    }
    assert len([b for b in bodies if "/arrete/2015-12-22" in b]) == 1  # one act, however it is worded
    assert any("susvisé" in t for t in texts) and any(
        "relatif aux conditions de délivrance" in t for t in texts
    )


def test_the_act_a_text_is_and_what_it_cites():
    doc = corpus_docs()[FULL_COPY]
    quads = document_graph(doc)
    act = ox.NamedNode(document_act_iri(doc))
    assert act.value.endswith("/act/arrete/2022-11-21/tp-conseiller-en-insertion-professionnelle")
    cited = {o.value.split("/id/")[1] for o in objects(quads, act, ELI.cites)}
    assert {"act/decret/2019-14", "act/code/code-du-travail/L6113-1"} <= cited
    assert "act/arrete/2015-12-22/conditions-delivrance-titre-professionnel" in cited
    assert act.value not in {
        o.value for o in objects(quads, act, ELI.cites)
    }  # "le présent arrêté" is no citation


def test_an_act_with_a_nor_is_linked_to_its_legifrance_eli():
    doc = corpus_docs()["2012-01-16_modif_vendeur-conseil-en-magasin.txt"]
    assert doc.nor == "ETSD1131163A"
    quads = document_graph(doc)
    same = {q.object.value for q in quads if q.predicate.value.endswith("#sameAs")}
    assert "https://www.legifrance.gouv.fr/eli/arrete/2012/1/16/ETSD1131163A/jo/texte" in same


def test_registration_end_is_the_same_day_years_later():
    assert add_years("2023-03-23", 5) == "2028-03-23"
    assert add_years("2016-02-29", 5) == "2021-02-28"
