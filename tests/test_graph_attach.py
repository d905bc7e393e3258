"""A source that does not identify its act itself — a fragment without its title block, a page of one
article — is attached to the one act of the store all it says agrees with, whatever the order of the builds;
never to one of two, never on a titre's name alone."""

from __future__ import annotations

import shutil

import pyoxigraph as ox

from legalgraph.cli import main
from legalgraph.graph.attach import ActEvidence, ActIndex, attachment
from legalgraph.graph.identity import document_act_iri
from legalgraph.graph.namespaces import sparql_prefixes
from legalgraph.store import OxigraphStore, build_paths
from tests.support.graphkit import CORPUS, corpus_docs, corpus_graph, dump_sorted, scratch_dir

FRAGMENT = "2022-11-21_conseiller-insertion-professionnelle.txt"  # starts at the minister: no title, no date
FULL = "2022-11-21_conseiller-insertion-professionnelle__full-copy.txt"
ARTICLE_6 = "2023-07-05_conseiller-commercial__part-article-6.txt"  # only its JO line identifies it
ARTICLE_6_ACT = "2023-07-05_conseiller-commercial.txt"
NAME_ONLY = "undated_agent-entretien-batiment__article-1.txt"  # a titre's name and "créé", nothing dated


def act_of(store, file_name: str) -> str:
    rows = store.select(
        sparql_prefixes()
        + "SELECT DISTINCT ?act WHERE { ?s lg:sourcePath ?p ; eli:embodies ?e . ?e eli:realizes ?act "
        'FILTER (?p = ?name || STRENDS(?p, CONCAT("/", ?name))) }',
        {"name": ox.Literal(file_name)},
    )
    (act,) = [a.value for (a,) in rows]
    return act


def test_the_fragments_of_the_corpus_join_the_act_of_their_fuller_copy():
    kg, _ = corpus_graph()
    docs = corpus_docs()
    assert "/unidentified/" in document_act_iri(docs[FRAGMENT])  # its own words do not say which act
    assert act_of(kg.store, FRAGMENT) == act_of(kg.store, FULL) == document_act_iri(docs[FULL])
    assert act_of(kg.store, ARTICLE_6) == document_act_iri(docs[ARTICLE_6_ACT])
    why = kg.query(
        "SELECT ?why WHERE { ?s lg:sourcePath ?n ; lg:attachedBy ?why }", n=ox.Literal(ARTICLE_6)
    ).why
    assert list(why) == [f"JO du {docs[ARTICLE_6].meta['date_publi']}"]
    # what only the article page says (the hours in entreprise) is now said of the version of its act
    hours = kg.query(
        """SELECT DISTINCT ?total WHERE { ?v lg:establishedBy ?act ; lg:minHoursTotal ?total }""",
        act=ox.NamedNode(document_act_iri(docs[ARTICLE_6_ACT])),
    )
    assert list(hours.total) == [docs[ARTICLE_6].min_hours_total]
    assert "/unidentified/" in act_of(kg.store, NAME_ONLY)


def test_the_index_of_acts_finds_what_comparing_with_every_act_finds():
    """``ActIndex`` only skips acts that cannot agree: every corpus text is attached alike either way."""
    from legalgraph.store.load import act_evidence

    kg, _ = corpus_graph()
    acts = act_evidence(kg.store)
    index = ActIndex(acts)
    found = {name: attachment(doc, acts) for name, doc in corpus_docs().items()}
    assert {name: attachment(doc, index.candidates(doc)) for name, doc in corpus_docs().items()} == found
    assert found[ARTICLE_6] is not None and found[FRAGMENT] is not None


def test_built_before_its_fuller_copy_a_fragment_is_attached_by_the_build_that_brings_it():
    folder = scratch_dir() / "texts"
    folder.mkdir()
    shutil.copy(CORPUS / FRAGMENT, folder / FRAGMENT)
    store_path = scratch_dir() / "store"
    assert main(["build", str(folder), "--store", str(store_path), "--quiet"]) == 0
    store = OxigraphStore(store_path)
    assert "/unidentified/" in act_of(store, FRAGMENT)
    store.close()
    shutil.copy(CORPUS / FULL, folder / FULL)
    assert main(["build", str(folder), "--store", str(store_path), "--quiet"]) == 0
    store = OxigraphStore(store_path)
    incremental = dump_sorted(store)
    assert act_of(store, FRAGMENT) == act_of(store, FULL)
    store.close()
    clean = OxigraphStore(scratch_dir() / "clean")
    build_paths(clean, [folder])
    assert dump_sorted(clean) == incremental  # the same store whatever the order of the builds
    clean.close()


def evidence_of(file_name: str, **changes) -> ActEvidence:
    """The evidence of a corpus text's act as the store would hold it, with ``changes``."""
    doc = corpus_docs()[file_name]
    act = ActEvidence(
        document_act_iri(doc),
        "arrete",
        doc.date,
        {doc.meta["date_publi"]} if doc.meta.get("date_publi") else set(),
        {doc.titre.name} if doc.titre and doc.titre.name else set(),
        set(doc.previous_acts),
        {str(doc.titre.action)} if doc.titre and doc.titre.action else set(),
    )
    for name, value in changes.items():
        setattr(act, name, value)
    return act


def test_two_acts_that_fit_give_no_attachment():
    page = corpus_docs()[ARTICLE_6]
    one = evidence_of(ARTICLE_6_ACT)
    assert attachment(page, [one])[0] == one.iri
    other = evidence_of(ARTICLE_6_ACT, iri=one.iri + "-other")  # another act of the same JO issue
    assert attachment(page, [one, other]) is None


def test_a_titre_name_alone_or_a_disagreeing_fact_attaches_nothing():
    docs = corpus_docs()
    name_only = docs[NAME_ONLY]
    candidate = ActEvidence(
        "https://example.org/act", "arrete", "2003-07-31", set(), {name_only.titre.name}, set(), {"creation"}
    )
    assert attachment(name_only, [candidate]) is None  # "agent d'entretien du bâtiment" + "créé": not enough
    full = evidence_of(FULL)
    assert attachment(docs[FRAGMENT], [full])[0] == full.iri
    for change in (
        {"priors": {"2003-10-21"}},
        {"names": {"conseiller commercial"}},
        {"date": "2023-06-01"},
        {"actions": {"creation"}},
    ):
        assert attachment(docs[FRAGMENT], [evidence_of(FULL, **change)]) is None, change
