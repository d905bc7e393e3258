"""Changes between acts in the graph: the `changes` named query on the modifying texts of the corpus."""

from __future__ import annotations

from tests.support.graphkit import corpus_docs, corpus_graph


def rows(answer) -> set[tuple]:
    return {(k, a if isinstance(a, str) else None) for k, a in zip(answer.kind, answer.article, strict=True)}


def test_what_the_2006_revision_changed_in_the_carreleur_arrete():
    kg, _ = corpus_graph()
    answer = kg.named("changes", act="arrete:2003-10-21")
    # 2006-10-25_revision_carreleur__article-1.txt: prorogé pour cinq ans (I), article 3 remplacé (II), 3 bis inséré (III)
    assert rows(answer) == {("prorogation", None), ("remplacement", "3"), ("insertion", "3 bis")}
    assert set(answer.changed) == {"https://w3id.org/legalgraph/id/act/arrete/2003-10-21/tp-carreleur"}
    assert int(answer[answer.kind == "prorogation"].years.iloc[0]) == 5
    # the page gives no date of effect: the publication line "JORF n°263 du 14 novembre 2006" does
    assert {str(d) for d in answer.date} == {"2006-11-14"} and set(answer.basis) == {"publication"}


def test_a_renaming_and_replaced_articles_come_in_date_order():
    kg, _ = corpus_graph()
    answer = kg.named("changes", act="arrete:2004-02-19")
    # 2012-01-16_modif_vendeur-conseil-en-magasin.txt: the titre renamed, articles 1 to 3 replaced
    assert rows(answer) == {
        ("changement d'intitulé", None),
        ("remplacement", "1"),
        ("remplacement", "2"),
        ("remplacement", "3"),
    }
    assert answer.by.nunique() == 1 and answer.by.iloc[0].endswith(
        "/arrete/2012-01-16/tp-vendeur-specialise-en-magasin"
    )


def test_changes_of_one_act_by_several_texts():
    kg, _ = corpus_graph()
    answer = kg.named("changes", act="https://w3id.org/legalgraph/id/act/arrete/2003-07-31/tp-commercial")
    # 2013-02-07_modif_attache-commercial.md modifies the annex of the arrêté du 31 juillet 2003 (attaché commercial)
    assert ("modification", "annexe") in rows(answer)
    every = kg.named("changes", act="arrete:2003-07-31")  # a date key names every arrêté of that day
    assert every.by.nunique() >= 6 and len(every) == len(every.drop_duplicates(["change"]))


def test_every_change_edge_has_its_act_level_link():
    kg, _ = corpus_graph()
    missing = kg.query(
        """SELECT ?ch WHERE { ?ch a lg:Change ; lg:changedBy ?by ; lg:changeOf ?t FILTER(?by != ?t)
           FILTER NOT EXISTS { ?by eli:amends|eli:repeals|eli:changes ?t } }"""
    )
    assert missing.empty


def test_a_consolidated_copy_does_not_change_its_own_act():
    """A consolidated copy prints the words of the later acts that changed it: the changes of its own act it
    shows are listed by `changes` without a changing act, never as the act changing itself. Expected from the
    texts: each change ``legalgraph.parse`` reads in a consolidated corpus copy with no other act as target."""
    from legalgraph.graph.identity import consolidation, document_act_iri

    kg, _ = corpus_graph()
    shown = {}
    for doc in corpus_docs().values():
        if consolidation(doc)[0]:
            for change in doc.changes:
                if change.target is None:
                    shown.setdefault(document_act_iri(doc), set()).add(str(change.kind))
    assert shown  # the corpus has such copies (the arrêté du 24 décembre 2003, assistant import-export)
    for act, kinds in shown.items():
        answer = kg.named("changes", act=act)
        own = answer[answer.changed == act]
        assert len(own) >= len(kinds) and own.by.isna().all(), act
    assert kg.query("SELECT ?c WHERE { ?c a lg:Change ; lg:changedBy ?a ; lg:changeOf ?a }").empty
