"""Lineage on the real corpus: versions of one titre across texts, renames, splits, equivalence tables."""

from __future__ import annotations

from legalgraph.graph.lineage import LineageFacts, Version, derived_graph, name_agreement
from legalgraph.graph.namespaces import LG
from tests.support.graphkit import corpus_graph


def lineage(titre: str):
    kg, _ = corpus_graph()
    return kg.named("lineage", titre=titre)


def test_commercial_becomes_conseiller_commercial():
    """2003 "attaché(e) commercial(e)" → 2013 "commercial(e)" → 2017 and 2023 "conseiller commercial"."""
    df = lineage("commercial(e)")
    assert df.work.nunique() == 1
    assert [str(d) for d in df.date] == ["2003-07-31", "2013-02-07", "2017-12-12", "2023-07-05"]
    assert list(df["rank"]) == [1, 2, 3, 4]
    assert list(df.action[1:]) == ["modification", "revision", "revision"]
    assert df.name.iloc[-1] == "conseiller commercial"
    # Any name of any version finds the same titre.
    assert set(lineage("attaché commercial").work) == set(df.work)


def test_a_name_borne_by_two_titres_gives_two_titres():
    """The 2007 "conseiller commercial" (level V, from "agent force de vente") is not the one of 2017."""
    df = lineage("conseiller commercial")
    assert df.work.nunique() == 2
    by_work = df.groupby("work").date.apply(lambda s: sorted(str(d) for d in s)).to_dict()
    assert sorted(by_work.values()) == [
        ["2003-07-31", "2013-02-07", "2017-12-12", "2023-07-05"],
        ["2007-11-22"],
    ]


def test_conseiller_en_insertion_professionnelle_and_its_two_copies():
    df = lineage("Conseiller(ère) en insertion professionnelle")
    assert [str(d) for d in df.date] == ["2003-10-21", "2017-12-11", "2022-11-21"]
    assert df.action.iloc[-1] == "revision" and df.certificates.iloc[-1] == 3
    # The copy without its date (nor title) is attached to the act of the full copy: one act, two sources.
    kg, _ = corpus_graph()
    sources = kg.query(
        "SELECT DISTINCT ?path WHERE { ?s eli:embodies ?e ; lg:sourcePath ?path . ?e eli:realizes ?act }",
        act=kg.select(
            "SELECT ?a WHERE { ?v lg:lineageRank 3 ; lg:establishedBy ?a ; lg:versionOf ?w . "
            "?w lg:nameKey 'conseiller-en-insertion-professionnelle' }"
        ).rows[0][0],
    )
    assert {p.rsplit("/", 1)[-1] for p in sources.path} == {
        "2022-11-21_conseiller-insertion-professionnelle.txt",
        "2022-11-21_conseiller-insertion-professionnelle__full-copy.txt",
    }


def test_a_titre_split_in_two_keeps_its_ancestor_not_its_sibling():
    """2005 technicien supérieur en transport logistique → 2015 technicien supérieur du transport aérien et
    maritime de marchandises (its old option "transitaire aérien et maritime", which cites it as its earlier
    version) and 2020 gestionnaire… and organisateur… → 2025."""
    gestionnaire = lineage("gestionnaire des opérations de transport routier de marchandises")
    assert [str(d) for d in gestionnaire.date] == ["2005-08-12", "2020-07-16", "2025-06-03"]
    assert not gestionnaire.name.str.contains("organisateur").any()
    ancestor = lineage("technicien(ne) supérieur(e) en transport logistique")
    assert ancestor.work.nunique() == 4
    assert (
        ancestor.name.str.contains("organisateur").any()
        and ancestor.name.str.contains("gestionnaire").any()
        and ancestor.name.str.contains("aérien et maritime").any()
    )


def test_every_version_with_a_rank_follows_its_predecessor_in_time():
    kg, _ = corpus_graph()
    df = kg.query("""SELECT ?later ?earlier ?dl ?de WHERE { ?later prov:wasRevisionOf ?earlier .
        ?later dcterms:date ?dl . ?earlier dcterms:date ?de }""")
    assert len(df) > 20
    assert (df.dl > df.de).all()


def test_equivalence_rows_point_at_certificates_of_both_versions():
    kg, _ = corpus_graph()
    df = kg.named("equivalences", titre="conseiller en insertion professionnelle")
    assert len(df) == 3
    assert {str(d) for d in df.fromDate} == {"2017-12-11"}
    titles = kg.query("SELECT ?c ?t WHERE { ?c a lg:Certificate ; dcterms:title ?t }").set_index("c").t
    for _, row in df.iterrows():
        assert titles[row.newCertificate] == row.new


def test_old_certificates_are_matched_across_documents():
    """Where the older version's own text is in the store, its certificates are the rows' old certificates."""
    kg, _ = corpus_graph()
    df = kg.query("""SELECT ?row ?old ?label ?oldVersion ?newVersion WHERE {
        ?row lg:oldCertificate ?old ; lg:oldCertificateLabel ?label ; dcterms:isPartOf ?newVersion .
        ?old dcterms:isPartOf ?oldVersion }""")
    assert len(df) >= 1
    assert (df.oldVersion != df.newVersion).all()


def test_names_agree_across_wordings():
    score, _ = name_agreement(
        {"superviseur(se) relation client à distance"}, {"superviseur en relations clients à distance"}
    )
    assert score == 1.0
    score, inside = name_agreement({"attaché(e) commercial(e)"}, {"commercial"})
    assert inside and score == 0.5
    score, _ = name_agreement(
        {"gestionnaire des opérations de transport routier de marchandises"},
        {"organisateur de transports aériens ou maritimes de marchandises"},
    )
    assert score < 0.5


def test_derived_graph_is_a_function_of_the_facts():
    kg, _ = corpus_graph()
    from legalgraph.store.load import lineage_facts

    facts = lineage_facts(kg.store)
    assert derived_graph(facts) == derived_graph(facts)
    assert derived_graph(LineageFacts()) == []
    act = "https://w3id.org/legalgraph/id/act/arrete/2003-10-21/tp-carreleur"
    lone = LineageFacts(
        versions={act + "/version": Version(act + "/version", act, "2003-10-21", {"carreleur(se)"})}
    )
    quads = derived_graph(lone)
    assert {q.subject.value for q in quads if q.predicate == LG.versionOf} == {act + "/version"}
    assert {q.object.value for q in quads if q.predicate == LG.versionOf} == {
        "https://w3id.org/legalgraph/id/titre/carreleur/2003-10-21"
    }


def test_a_shared_name_alone_joins_nothing_and_is_listed_as_a_candidate():
    kg, _ = corpus_graph()
    pairs = kg.named("lineage-candidates")
    # the "conseiller commercial" created in 2007 (from agent force de vente) is not the one commercial(e) became
    row = pairs[pairs.name == "conseiller-commercial"]
    assert len(row) == 1
    assert {row.first.iloc[0].split("/titre/")[1], row.second.iloc[0].split("/titre/")[1]} == {
        "attache-commercial/2003-07-31",
        "conseiller-commercial/2007-11-22",
    }


def test_an_undated_modification_page_does_not_split_its_titre():
    kg, _ = corpus_graph()
    versions = kg.named(
        "lineage", titre="technicien en systèmes de surveillance-intrusion et de vidéoprotection"
    )
    assert versions.work.nunique() == 1  # 2003 creation, the undated modification page, the 2015 revision
    assert {str(d)[:4] for d in versions.date.dropna()} == {"2003", "2015"}
    renamed = kg.query(
        "SELECT ?old ?new WHERE { ?r a lg:Renaming ; lg:oldName ?old ; lg:newName ?new ; dcterms:date '2015-10-22'^^xsd:date }"
    )
    assert list(renamed.itertuples(index=False, name=None)) == [
        (
            "technicien en installation de surveillance-intrusion",
            "technicien en systèmes de surveillance-intrusion et de vidéoprotection",
        )
    ]


def test_the_graph_lineage_agrees_with_the_gold_previous_acts():
    """Every earlier version the derived lineage links a text's titre version to (prov:wasRevisionOf+), against
    the previous acts the gold reads in that text. The misses known today: a fragment without date nor title
    (not attached to its act), a gold date later than its act, a gold that is not transitive (see NOTES.md)."""
    from legalgraph.evaluate import score_lineage
    from legalgraph.store.records import ancestor_dates
    from tests.support.graphkit import gold

    kg, _ = corpus_graph()
    scores = score_lineage(ancestor_dates(kg.store), list(gold().values()))
    assert scores["precision"] >= 0.98 and scores["recall"] >= 0.94, scores["misses"]
