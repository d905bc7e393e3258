"""One act, one node: the corpus graph against what the sources and the catalogue say the acts are.

The expected acts are counted from hand-made annotations, never from the graph: the corpus texts' official
ids and titles (``legalgraph/data/catalogue/corpus_texts.csv``, made from ``corpus/SOURCES.md``) and the gold
citation keys of every text (``corpus/gold``), each key read through the catalogue.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest
from rdflib import Namespace
from rdflib.namespace import OWL, RDF, RDFS

import legalgraph
from legalgraph.graph.catalogue import seed_catalogue
from legalgraph.knowledge import KnowledgeGraph
from legalgraph.store import OxigraphStore, load_documents
from tests.conftest import DILA
from tests.support.graphkit import ONTOLOGY, corpus_graph, gold


def rows(kg, sparql: str) -> list[tuple]:
    result = kg.query(sparql)
    return list(result.itertuples(index=False, name=None))


def test_no_two_acts_share_an_official_id_or_a_nor():
    kg, _ = corpus_graph()
    ids = rows(
        kg,
        """SELECT DISTINCT ?act ?id WHERE { VALUES ?p { lg:nor lg:jorfId lg:legiId lg:legiArticleId }
           ?act a eli:LegalResource ; ?p ?id }""",
    )
    assert len(ids) >= 25
    shared = {i: n for i, n in Counter(i for _, i in ids).items() if n > 1}
    # a code's LEGITEXT is shared by its articles (each has its own LEGIARTI): that is a part, not a twin
    codes = {i for a, i in ids if "/act/code/" in a and str(i).startswith("LEGITEXT")}
    assert not set(shared) - codes, shared


def test_every_act_has_one_label():
    kg, _ = corpus_graph()
    counts = rows(
        kg,
        """SELECT ?act (COUNT(DISTINCT ?p) AS ?pref) (COUNT(DISTINCT ?l) AS ?labels) WHERE {
           ?act a eli:LegalResource OPTIONAL { ?act skos:prefLabel ?p } OPTIONAL { ?act rdfs:label ?l } }
           GROUP BY ?act""",
    )
    assert counts and all(pref == 1 and labels == 1 for _, pref, labels in counts), [
        c for c in counts if c[1] != 1 or c[2] != 1
    ]


def test_no_act_label_is_cut_or_carries_what_a_citing_text_adds():
    """A label is a title: it does not stop on the word that announced the next citation ("Arrêté du 26 mai
    2014 modifiant"), nor keep the "modifié" a citing text writes after the act's own date (official titles
    write it only after an act they name: "… modifiant l'arrêté du 19 février 2004 modifié relatif …")."""
    kg, _ = corpus_graph()
    labels = [
        label for (label,) in rows(kg, "SELECT ?l WHERE { ?act a eli:LegalResource ; skos:prefLabel ?l }")
    ]
    cut = re.compile(r"\b(?:modifiant|portant|relati(?:f|ve)s?|fixant|de|du|des|et|à|[dl]')\s*$", re.I)
    own_date_then_amended = re.compile(r"^\w+ (?:n° \S+ )?du \d+(?:er)? \w+ \d{4},? modifi[ée]e?s?\b", re.I)
    assert len(labels) > 100
    assert [label for label in labels if cut.search(label)] == []
    assert [label for label in labels if own_date_then_amended.match(label)] == []


def test_an_act_is_counted_once_whatever_the_number_of_graphs_stating_it():
    kg, _ = corpus_graph()
    ((n, distinct),) = rows(
        kg, "SELECT (COUNT(?a) AS ?n) (COUNT(DISTINCT ?a) AS ?d) WHERE { ?a a eli:LegalResource }"
    )
    assert n == distinct


def test_no_two_acts_share_nature_date_and_subject():
    kg, _ = corpus_graph()
    acts = [a for (a,) in rows(kg, "SELECT ?a WHERE { ?a a eli:LegalResource }") if "/unidentified/" not in a]
    # the IRI is nature/date/subject: two IRIs for one day and one titre would differ only in wording
    seen: dict[tuple[str, str], list[str]] = {}
    for a in acts:
        parts = a.split("/act/", 1)[1].split("/")
        if len(parts) == 3 and parts[2].startswith("tp-"):
            seen.setdefault((parts[0], parts[1]), []).append(parts[2])
    from legalgraph.graph.catalogue import topics_agree

    for (kind, day), topics in seen.items():
        for i, a in enumerate(topics):
            for b in topics[i + 1 :]:
                assert not topics_agree(a, b), (kind, day, a, b)


def expected_acts() -> tuple[set[str], int]:
    """The real acts of the corpus, counted from the annotations: each text's act (copies with one NOR, one
    JORFTEXT or one title are one act), and each gold citation key that names one act (through the
    catalogue); returns the acts and the number of texts that name no act of their own (undated fragments)."""
    text = (
        resources.files("legalgraph").joinpath("data/catalogue/corpus_texts.csv").read_text(encoding="utf-8")
    )
    own: set[str] = set()
    undated = 0
    for row in csv.DictReader(text.splitlines()):
        g = gold()[row["file"]]
        ident = (
            row["jorftext"]
            or row["nor"].split(";")[0]
            or (
                f"{g['nature']}:{g['date']}:{g['titre']['name'] if g['titre'] else g['title']}"
                if g["date"]
                else None
            )
        )
        if ident is None:
            undated += 1
        else:
            own.add(ident)
    catalogue = seed_catalogue()
    cited: set[str] = set()
    for g in gold().values():
        for key in g["citation_keys"]:
            entries = {catalogue.canonical(a).iri for a in catalogue.by_key.get(key, [])}
            if len(entries) == 1:
                cited.add(entries.pop())
    return own | cited, undated


def test_the_corpus_graph_holds_as_many_acts_as_the_annotations_count():
    kg, _ = corpus_graph()
    ((n,),) = rows(kg, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a eli:LegalResource }")
    acts, undated = expected_acts()
    # Own acts and uniquely-keyed cited acts overlap (a corpus text cited by another): the graph's count lies
    # between the larger of the two parts and their sum; undated fragments are acts of their own.
    assert 100 <= n <= len(acts) + undated + 60, (n, len(acts), undated)


def test_the_corpus_texts_are_as_many_acts_as_the_annotations_say_they_are_copies_of():
    """The acts that have a source in the store: exactly one per group of copies that the hand-made source
    list (one JORFTEXT or NOR, a page under another's address) and the gold (one nature, date and titre name)
    make; a fragment nothing ties to another text counts as an act of its own."""
    from tests.support.graphkit import copies

    groups = {frozenset(group) for group in copies().values()}
    kg, _ = corpus_graph()
    ((n,),) = rows(
        kg,
        """SELECT (COUNT(DISTINCT ?act) AS ?n) WHERE { ?s a lg:SourceDocument ; eli:embodies ?e .
                          ?e eli:realizes ?act }""",
    )
    assert n == len(groups)


def test_a_bare_mention_joins_the_one_act_of_its_date():
    kg, _ = corpus_graph()
    # "l'arrêté du 9 mars 2006 susvisé" and its full title: one node, cited by every text the gold says
    found = rows(
        kg, "SELECT DISTINCT ?a WHERE { ?a a eli:LegalResource ; lg:citationKey 'arrete:2006-03-09' }"
    )
    assert [a for (a,) in found] == [
        "https://w3id.org/legalgraph/id/act/arrete/2006-03-09/conditions-delivrance-titre-professionnel"
    ]
    assert not rows(
        kg, "SELECT ?a WHERE { ?a a eli:LegalResource FILTER(STRENDS(STR(?a), '/act/arrete/2006-03-09')) }"
    )


def test_a_mention_several_acts_fit_gets_candidates_not_a_made_up_act():
    kg, _ = corpus_graph()
    # "décret du 26 avril 2002" without its number: three décrets of that day (catalogue)
    cands = rows(
        kg,
        """SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE { ?c lg:citationKey 'decret:2002-04-26' ; lg:candidate ?x
           FILTER NOT EXISTS { ?c oa:hasBody ?b } } GROUP BY ?c""",
    )
    assert cands and all(n == 3 for _, n in cands)
    assert not rows(
        kg, "SELECT ?a WHERE { ?a a eli:LegalResource FILTER(STRENDS(STR(?a), '/decret/2002-04-26')) }"
    )


def test_two_copies_of_one_act_are_one_node_with_two_sources():
    kg, _ = corpus_graph()
    found = rows(
        kg,
        """SELECT ?act (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s eli:embodies ?e . ?e eli:realizes ?act .
           ?act lg:nor 'TSSD2515384A' } GROUP BY ?act""",
    )
    assert len(found) == 1 and found[0][1] == 2  # securibase and juriblio copies of the 3 June 2025 arrêté
    cited_by = kg.named("cited-by", act="decret:2019-14")
    assert cited_by.citing.is_unique


@pytest.mark.parametrize(
    "key,url",
    [
        ("arrete:2015-12-22", "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000031733810"),
        ("decret:2019-14", "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000037964754"),
        (
            "code:code de l'education:R338-1",
            "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000032890280",
        ),
        ("decret:2002-1029", "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000000227146"),
    ],
)
def test_acts_the_catalogue_identifies_carry_their_legifrance_link(key, url):
    kg, _ = corpus_graph()
    found = rows(kg, f'SELECT DISTINCT ?u WHERE {{ ?a lg:citationKey "{key}" ; lg:legifranceUrl ?u }}')
    assert [u for (u,) in found] == [url]


def test_every_cited_act_with_a_known_id_carries_it():
    kg, _ = corpus_graph()
    stats = legalgraph.knowledge.linkage(kg.store)
    assert stats["with_id_known"] == stats["with_id"] and stats["with_id"] >= 20
    assert stats["with_link"] >= stats["with_id"]


def test_dila_links_become_typed_edges_to_their_targets():
    doc = legalgraph.parse(DILA / "legi" / "LEGIARTI000019325262-annexe-tableaux.xml")
    store = OxigraphStore()
    load_documents(store, [doc])
    kg = KnowledgeGraph(store)
    amended_by = rows(kg, "SELECT DISTINCT ?s WHERE { ?s eli:amends ?o }")
    # "Décret n°2007-1574 du 6 novembre 2007 - art. 1" modified this text (MODIFICATION, sens source)
    assert ("https://w3id.org/legalgraph/id/act/decret/2007-1574",) in amended_by
    cited = rows(kg, "SELECT DISTINCT ?o WHERE { ?s eli:cites ?o }")
    assert ("https://w3id.org/legalgraph/id/act/decret/2002-423",) in cited
    ids = rows(kg, "SELECT ?id WHERE { <https://w3id.org/legalgraph/id/act/decret/2002-423> lg:jorfId ?id }")
    assert ids == [("JORFTEXT000000227447",)]


LG = Namespace("https://w3id.org/legalgraph/ontology#")


def test_every_predicate_and_class_the_graphs_use_is_declared():
    import rdflib

    ontology = rdflib.Graph().parse(ONTOLOGY)
    kg, _ = corpus_graph()
    dila = OxigraphStore()
    load_documents(dila, [legalgraph.parse(p) for p in sorted((DILA / "legi").glob("*.xml"))])
    used: set[str] = set()
    for store in (kg.store, dila):
        for q in store.quads():
            if "/graph/ontology" in q.graph_name.value:
                continue
            used.add(q.predicate.value)
            if q.predicate.value == str(RDF.type):
                used.add(q.object.value)
    undeclared = []
    for term in sorted(used):
        node = rdflib.URIRef(term)
        langs = {lbl.language for lbl in ontology.objects(node, RDFS.label)}
        if (
            not ({"fr", "en"} <= langs and any(ontology.objects(node, RDFS.comment)))
            or not term.startswith(str(LG))
            and not any(ontology.objects(node, RDFS.isDefinedBy))
        ):
            undeclared.append(term)
    assert not undeclared, undeclared
    assert (rdflib.URIRef("https://w3id.org/legalgraph/ontology"), RDF.type, OWL.Ontology) in ontology


def test_the_readme_sparql_of_one_act_one_node_runs_as_printed():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## One act, one node", 1)[1]
    sparql = section.split("```sparql\n", 1)[1].split("```", 1)[0]
    kg, _ = corpus_graph()
    answer = kg.query(sparql)
    assert len(answer) == 5 and answer.legifrance.str.startswith("https://www.legifrance.gouv.fr/").all()
