"""resolve: keys, "susvisé" repeats, the document's own name, previous versions of the titre; and the corpus
scored against the gold files (citation_keys and previous_acts)."""

from __future__ import annotations

import json

import pytest

import legalgraph
from legalgraph.extract.citations import find_citations
from legalgraph.models import (
    Action,
    Citation,
    CitationKind,
    Document,
    Nature,
    Source,
    SourceFormat,
    Titre,
    Where,
)
from legalgraph.resolve import (
    act_key,
    citation_key,
    citation_keys,
    document_keys,
    previous_acts,
    resolve,
    same_act,
    subject_slug,
)
from tests.conftest import CORPUS, GOLD

K = CitationKind


def make_doc(
    text: str, title: str | None = None, date: str | None = None, titre: str | None = None
) -> Document:
    """A document whose citations are read from its whole text (title line included)."""
    doc = Document(
        text=text, source=Source(path=None, format=SourceFormat.TEXT, sha256=""), nature=Nature.ARRETE
    )
    doc.title, doc.date = title, date
    if titre:
        doc.titre = Titre(name=titre, action=Action.REVISION)
    doc.citations = find_citations(text)
    return resolve(doc)


def cit(kind, **kw) -> Citation:
    return Citation(kind=kind, text="", span=(0, 0), **kw)


# ---- keys --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("c", "key", "keys"),
    [
        (cit(K.DECRET, number="2019-14", date="2019-01-08"), "decret:2019-14", ["decret:2019-14"]),
        (cit(K.ARRETE, date="2015-12-22"), "arrete:2015-12-22", ["arrete:2015-12-22"]),
        (cit(K.LOI_ORGANIQUE, number="2001-692"), "loi_organique:2001-692", ["loi_organique:2001-692"]),
        (cit(K.AVIS, date="2022-10-03"), "avis:2022-10-03", ["avis:2022-10-03"]),
        (cit(K.DIRECTIVE_UE, number="2005/36/CE"), "directive_ue:2005/36/CE", ["directive_ue:2005/36/CE"]),
        (
            cit(K.CODE, code="code de l’éducation", articles=["L335-5", "R338-1"]),
            "code:code de l'education",
            ["code:code de l'education:L335-5", "code:code de l'education:R338-1"],
        ),
        (
            cit(K.CODE, code="code de l'environnement"),
            "code:code de l'environnement",
            ["code:code de l'environnement"],
        ),
        (cit(K.CODE, code=None, articles=["R335-13"]), None, []),
        (cit(K.REFERENTIEL, subject="d'évaluation"), None, []),
        (cit(K.OTHER, date="2017-05-22"), None, []),
        (cit(K.DECRET, susvise=True), None, []),
    ],
)
def test_keys(c, key, keys):
    assert citation_key(c) == key
    assert citation_keys(c) == keys


# ---- susvisé ------------------------------------------------------------------------------------------------------

VISAS = (
    "Vu le décret n° 2002-615 du 26 avril 2002 relatif à la validation des acquis de l'expérience ;\n"
    "Vu le décret n° 2002-616 du 26 avril 2002 relatif au répertoire national des certifications professionnelles ;\n"
    "Vu l'arrêté du 25 novembre 2002 relatif aux conditions de délivrance du titre professionnel du ministère chargé de l'emploi ;\n"
    "Arrête :\n"
)


def test_susvise_refers_to_the_visa_with_the_same_date():
    doc = make_doc(
        VISAS + "Il est délivré dans les conditions prévues par l'arrêté du 25 novembre 2002 susvisé."
    )
    last = doc.citations[-1]
    assert last.susvise and last.refers_to == 2
    assert doc.citations[2].date == "2002-11-25" and not doc.citations[2].susvise


def test_susvise_with_number_refers_to_that_number():
    doc = make_doc(VISAS + "telle que définie à l'article 2 du décret n° 2002-616 du 26 avril 2002 susvisé.")
    assert doc.citations[-1].refers_to == 1
    assert doc.citations[-1].articles == ["2"]


def test_susvise_with_date_only_takes_the_number_of_its_antecedent():
    doc = make_doc(
        "Vu le décret n° 2002-616 du 26 avril 2002 relatif au répertoire national ;\n"
        "telle que définie à l'article 2 du décret du 26 avril 2002 susvisé."
    )
    last = doc.citations[-1]
    assert last.refers_to == 0 and last.number == "2002-616"
    assert document_keys(doc) == {"decret:2002-616"}


def test_repeat_without_date_refers_to_the_nearest_act_of_its_kind():
    doc = make_doc(VISAS + "Le décret susvisé s'applique.")
    last = doc.citations[-1]
    assert last.kind is K.DECRET and last.refers_to == 1 and last.number == "2002-616"
    assert citation_key(last) == "decret:2002-616"


def test_susvise_without_antecedent_keeps_its_own_date():
    doc = make_doc("Il est délivré dans les conditions prévues par l'arrêté du 25 novembre 2002 susvisé.")
    assert doc.citations[0].refers_to is None
    assert document_keys(doc) == {"arrete:2002-11-25"}


def test_full_mentions_have_no_refers_to():
    doc = make_doc(VISAS)
    assert [c.refers_to for c in doc.citations] == [None, None, None]


# ---- the document itself -------------------------------------------------------------------------------------------


def test_title_and_heading_name_the_document_itself():
    text = (
        "Arrêté du 3 juin 2025 relatif au titre professionnel de gestionnaire des opérations de transport routier\n"
        "Vu l'arrêté du 16 juillet 2020 relatif au titre professionnel de gestionnaire des opérations de transport routier ;\n"
        "Vu l'arrêté du 3 juin 2025 relatif au titre professionnel d'exploitant en transport routier de marchandises ;\n"
    )
    doc = make_doc(
        text,
        title="Arrêté du 3 juin 2025 relatif au titre professionnel de gestionnaire des opérations de transport routier",
        date="2025-06-03",
    )
    # the heading goes; the other arrêté of the same day, on another titre, stays
    assert document_keys(doc) == {"arrete:2020-07-16", "arrete:2025-06-03"}
    assert len(doc.citations) == 2
    assert "exploitant" in doc.citations[1].subject


def test_short_heading_names_the_document_itself():
    doc = make_doc(
        "JORF n°0093 du 20 avril 2016\n\nArrêté du 4 avril 2016\n\nVu l'arrêté du 9 mars 2006 modifié relatif aux conditions ;",
        title="Arrêté du 4 avril 2016",
        date="2016-04-04",
    )
    assert document_keys(doc) == {"arrete:2006-03-09"}


def test_consolidated_copy_mentions_of_itself_are_dropped():
    text = (
        "# Arrêté du 24 décembre 2003 relatif au titre professionnel d'assistant (e) import-export\n"
        "(arrêté du 24 décembre 2003,<br/>\n<br/>prorogé par l'arrêté du 2 janvier 2008)\n"
        "Elle annule et remplace l'annexe à l'arrêté du 24 décembre 2003 modifié."
    )
    doc = make_doc(
        text,
        title="Arrêté du 24 décembre 2003 relatif au titre professionnel d'assistant (e) import-export",
        date="2003-12-24",
    )
    assert document_keys(doc) == {"arrete:2008-01-02"}


def test_repeats_are_never_the_document_itself():
    doc = make_doc("l'arrêté du 4 avril 2016 susvisé", title="Arrêté du 4 avril 2016", date="2016-04-04")
    assert len(doc.citations) == 1


# ---- previous acts -----------------------------------------------------------------------------------------------


def test_previous_acts_of_a_revision():
    text = (
        "Vu l'arrêté du 14 décembre 2004 modifié relatif au titre professionnel d'employé(e) commercial(e) en magasin ;\n"
        "Vu l'arrêté du 22 décembre 2015 modifié relatif aux conditions de délivrance du titre professionnel du ministère chargé de l'emploi ;\n"
        "Vu l'arrêté du 26 mai 2014 modifiant l'arrêté du 14 décembre 2004 modifié relatif au titre professionnel d'employé(e) commercial(e) en magasin ;\n"
        "Vu l'arrêté du 9 juillet 2020 portant prorogation du titre professionnel d'employé commercial en magasin ;\n"
        "Vu l'arrêté du 21 juillet 2016 portant règlement général des sessions d'examen pour l'obtention du titre professionnel du ministère chargé de l'emploi ;\n"
    )
    doc = make_doc(
        text,
        title="Arrêté du 28 septembre 2022 relatif au titre professionnel d'employé commercial",
        date="2022-09-28",
    )
    assert doc.previous_acts == ["2004-12-14", "2014-05-26", "2020-07-09"]


def test_an_arrete_on_another_titre_is_not_a_previous_act():
    text = (
        "Vu l'arrêté du 9 mars 2006 relatif aux conditions de délivrance du titre professionnel du ministère chargé de l'emploi ;\n"
        "Vu l'arrêté du 31 juillet 2003 relatif au titre professionnel de responsable de projets en systèmes d'information ;\n"
    )
    doc = make_doc(
        text,
        title="Arrêté du 22 novembre 2007 portant création du titre professionnel de conseiller commercial",
        date="2007-11-22",
    )
    assert doc.previous_acts == []


@pytest.mark.parametrize(
    ("cited", "titre"),
    [
        (
            "relatif au titre professionnel de responsable de cuisine en restauration collective",
            "chef de cuisine en restauration collective",
        ),
        ("portant création du titre professionnel de monteur en construction bois", "constructeur bois"),
        ("modifié relatif au titre professionnel de commercial(e)", "conseiller commercial"),
        (
            "relatif au titre professionnel de technicien en installation de surveillance-intrusion",
            "technicien en systèmes de surveillance-intrusion et de vidéoprotection",
        ),
    ],
)
def test_a_renamed_titre_is_the_same_titre(cited, titre):
    doc = make_doc(f"Vu l'arrêté du 5 avril 2011 {cited} ;", date="2016-04-04", titre=titre)
    assert doc.previous_acts == ["2011-04-05"]


def test_a_sibling_titre_sharing_only_a_generic_word_is_not_the_same():
    doc = make_doc(
        "Vu l'arrêté du 5 avril 2011 relatif au titre professionnel de technicien de maintenance industrielle ;",
        date="2016-04-04",
        titre="technicien d'études du bâtiment",
    )
    assert doc.previous_acts == []


def test_a_same_day_arrete_is_not_a_previous_act():
    doc = make_doc(
        "Vu l'arrêté du 3 juin 2025 relatif au titre professionnel d'exploitant en transport routier de marchandises ;",
        title="Arrêté du 3 juin 2025 relatif au titre professionnel de gestionnaire des opérations de transport routier de marchandises",
        date="2025-06-03",
    )
    assert doc.previous_acts == []


MODIFIED = [
    ("L'arrêté du 14 décembre 2004 est prorogé pour une durée de cinq ans.", "2004-12-14"),
    ("Après son réexamen, l'arrêté du 21 octobre 2003 est ainsi révisé :", "2003-10-21"),
    (
        "L'annexe à l'arrêté du 31 juillet 2003 modifié susvisé est remplacée par l'annexe au présent arrêté.",
        "2003-07-31",
    ),
    (
        "Le dernier alinéa de l'article 1er de l'arrêté du 9 décembre 2003 susvisé est remplacé par les dispositions suivantes :",
        "2003-12-09",
    ),
    (
        "Après l'article 3 de l'arrêté du 21 octobre 2003 susvisé, il est inséré un article 3 bis ainsi rédigé :",
        "2003-10-21",
    ),
    (
        "Dans toutes les dispositions de l'arrêté du 19 février 2004 modifié susvisé, les mots : « a » sont remplacés",
        "2004-02-19",
    ),
    ("Elle annule et remplace l'annexe à l'arrêté du 27 avril 2007.", "2007-04-27"),
    (
        "I. - A modifié les dispositions suivantes :\n\n> - Arrêté du 10 octobre 2007\n> > Art. 2",
        "2007-10-10",
    ),
    (
        "L'arrêté du 12 octobre 2007 portant création du titre professionnel de développeur logiciel est abrogé.",
        "2007-10-12",
    ),
    (
        "portant reconduction de l'arrêté du 29 décembre 2005 modifié relatif au titre professionnel de gérant(e)",
        "2005-12-29",
    ),
    ("modifiant l'arrêté du 31 juillet 2003 relatif au titre professionnel de technicien", "2003-07-31"),
    (
        "portant modification de l'arrêté du 27 avril 2007 portant création du titre professionnel",
        "2007-04-27",
    ),
]


@pytest.mark.parametrize(("text", "date"), MODIFIED, ids=[t[:50] for t, _ in MODIFIED])
def test_an_arrete_the_text_modifies_is_a_previous_act(text, date):
    # no titre known: the fragment only says which arrêté it changes
    assert make_doc(text).previous_acts == [date]


def test_an_arrete_merely_applied_is_not_a_previous_act():
    text = (
        "Il est délivré dans les conditions prévues par l'arrêté du 25 novembre 2002 susvisé.\n"
        "Couvrent les unités du titre de monteur(se) de structures d'aéronefs, créé par arrêté du 18 janvier 2007 susvisé."
    )
    assert make_doc(text).previous_acts == []


@pytest.mark.parametrize(
    ("label", "dates"),
    [
        (
            "TITRE PROFESSIONNEL<br/>Attaché(e) commercial(e)<br/>(arrêté du 31 juillet 2003)</th>",
            ["2003-07-31"],
        ),
        ("en optique-lunetterie<br/>(arrêté du 12 mai 2006 modifié)</p>", ["2006-05-12"]),
        ("(arrêtés du 12 février 2004 et du 2 mars 2010)", ["2004-02-12", "2010-03-02"]),
        (
            "(arrêté du 13 mai 2004 modifié\n<br/>\npar arrêté du 27 avril 2010)</th>",
            ["2004-05-13", "2010-04-27"],
        ),
        ("Conseiller en insertion professionnelle\n(arrêté du 11/12/2017)", ["2017-12-11"]),
        ("<th>\n<br/>Arrêté du 14 décembre 2004</th>\n<th>\n<br/>Présent arrêté</th>", ["2004-12-14"]),
    ],
)
def test_the_old_version_of_an_equivalence_table_is_a_previous_act(label, dates):
    doc = make_doc(label + "\n(présent arrêté)", date="2015-03-02")
    assert doc.previous_acts == dates


def test_general_arretes_are_never_previous_acts():
    text = (
        "L'arrêté du 22 décembre 2015 relatif aux conditions de délivrance du titre professionnel du ministère chargé "
        "de l'emploi est modifié ainsi :\n"
        "Vu l'arrêté du 8 décembre 2008 relatif au règlement général des sessions de validation conduisant au titre professionnel du ministère chargé de l'emploi ;"
    )
    assert make_doc(text, date="2019-01-01").previous_acts == []


def test_previous_acts_are_unique_and_oldest_first():
    doc = make_doc(
        "Vu l'arrêté du 11 décembre 2017 relatif au titre professionnel d'agent de propreté et d'hygiène ;\n"
        "Vu l'arrêté du 31 juillet 2003 modifié relatif au titre professionnel d'agent de propreté et d'hygiène ;\n"
        "révisé par l'arrêté du 11 décembre 2017 susvisé",
        date="2023-06-07",
        titre="agent de propreté et d'hygiène",
    )
    assert doc.previous_acts == ["2003-07-31", "2017-12-11"]
    assert previous_acts(doc) == doc.previous_acts


# ---- act identity ------------------------------------------------------------------------------------------------


def test_act_key_tells_two_arretes_of_one_day_apart():
    a, b = find_citations(
        "Vu l'arrêté du 3 juin 2025 relatif au titre professionnel d'exploitant en transport routier de marchandises ;\n"
        "Vu l'arrêté du 3 juin 2025 relatif au titre professionnel de gestionnaire des opérations de transport routier de marchandises ;"
    )
    assert citation_key(a) == citation_key(b) == "arrete:2025-06-03"
    assert act_key(a) != act_key(b)
    assert not same_act(a, b)


def test_same_act_across_wordings():
    a = cit(
        K.ARRETE,
        date="2006-03-09",
        subject="relatif aux conditions de délivrance du titre professionnel du ministère chargé de l'emploi",
    )
    b = cit(
        K.ARRETE,
        date="2006-03-09",
        subject="relatif aux conditions de délivrance du titre professionnel du ministre chargé de l'emploi",
    )
    c = cit(K.ARRETE, date="2006-03-09")
    assert same_act(a, b) and same_act(a, c)
    assert act_key(
        cit(
            K.ARRETE,
            date="2003-10-21",
            subject="relatif au titre professionnel de conseiller(ère) en insertion professionnelle",
        )
    ) == act_key(
        cit(
            K.ARRETE,
            date="2003-10-21",
            subject="relatif au titre professionnel de conseiller en insertion professionnelle",
        )
    )
    assert same_act(cit(K.DECRET, number="2019-14"), cit(K.DECRET, number="2019-14", date="2019-01-08"))
    assert same_act(cit(K.CODE, code="code de l’éducation"), cit(K.CODE, code="Code de l'education"))


def test_subject_slug():
    assert (
        subject_slug("relatif au titre professionnel d'agent(e) de restauration")
        == "titre-professionnel-agent-restauration"
    )
    assert subject_slug(None) is None


# ---- the corpus ------------------------------------------------------------------------------------------------


def _corpus_documents():
    for g in sorted(GOLD.glob("*.gold.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        doc = legalgraph.read(CORPUS / gold["file"])
        regions = doc.regions() or [(Where.ARTICLE, (0, len(doc.text)))]
        doc.citations = [c for where, (s, e) in regions for c in find_citations(doc.text, s, e, where)]
        yield gold, resolve(doc)


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def test_corpus_citation_keys_and_previous_acts():
    """Precision/recall/F1 of the citation keys and the previous acts over every gold file."""
    tp = fp = fn = ptp = pfp = pfn = 0
    misses: list[str] = []
    for gold, doc in _corpus_documents():
        got, want = document_keys(doc), set(gold["citation_keys"])
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
        if got != want:
            misses.append(f"{gold['file']}: extra {sorted(got - want)} missing {sorted(want - got)}")
        pg, pw = set(doc.previous_acts), set(gold["previous_acts"])
        ptp, pfp, pfn = ptp + len(pg & pw), pfp + len(pg - pw), pfn + len(pw - pg)
        if doc.previous_acts != gold["previous_acts"]:
            misses.append(f"{gold['file']}: previous_acts {doc.previous_acts} != {gold['previous_acts']}")
    p, r, f1 = _f1(tp, fp, fn)
    pp, pr, pf1 = _f1(ptp, pfp, pfn)
    report = (
        f"citations P={p:.3f} R={r:.3f} F1={f1:.3f}; previous_acts P={pp:.3f} R={pr:.3f} F1={pf1:.3f}\n"
        + "\n".join(misses)
    )
    assert f1 >= 0.97, report
    assert pf1 >= 0.95, report


def test_corpus_spans_are_exact_ordered_and_inside_their_region():
    for _gold, doc in _corpus_documents():
        regions = doc.regions() or [(Where.ARTICLE, (0, len(doc.text)))]
        for c in doc.citations:
            assert doc.text[c.span[0] : c.span[1]] == c.text
            assert any(s <= c.span[0] and c.span[1] <= e and w == c.where for w, (s, e) in regions)
        for a, b in zip(doc.citations, doc.citations[1:], strict=False):
            assert a.span[1] <= b.span[0]
        for c in doc.citations:
            if c.refers_to is not None:
                ante = doc.citations[c.refers_to]
                assert c.susvise and not ante.susvise and ante.kind == c.kind


def test_a_consolidated_copy_ties_a_repeat_to_the_full_mention_of_its_annex():
    doc = make_doc(
        "Elles peuvent être sanctionnées dans les conditions prévues par l'arrêté du 9 mars 2006 susvisé.\n"
        "Bases légales et réglementaires :\n"
        "Arrêté du 9 mars 2006 relatif aux conditions de délivrance du titre professionnel du ministère chargé de l'emploi."
    )
    assert doc.citations[0].refers_to == 1
    assert doc.citations[0].subject is None  # what the mention says; its act is the antecedent's
    assert act_key(doc.citations[0], doc) == act_key(doc.citations[1], doc)


def test_act_key_with_the_document_borrows_the_only_subject_of_that_date():
    doc = make_doc(
        "Vu l'arrêté du 11 décembre 2017 relatif au titre professionnel de conseiller en insertion professionnelle ;\n"
        "TITRE PROFESSIONNEL\n(arrêté du 11/12/2017)\n(présent arrêté)"
    )
    label = doc.citations[-1]
    assert label.subject is None and label.refers_to is None
    assert act_key(label) == "arrete:2017-12-11"
    assert (
        act_key(label, doc)
        == act_key(doc.citations[0])
        == ("arrete:2017-12-11:titre-professionnel-conseiller-insertion-professionnelle")
    )


def test_a_decree_repeating_its_own_heading_is_not_its_own_citation():
    text = (
        "Décret n° 2019-14 du 8 janvier 2019 relatif au cadre national des certifications professionnelles\n"
        "NOR : MTRD1830390D\n"
        "Décret n° 2019-14 du 8 janvier 2019 relatif au cadre national des certifications professionnelles\n"
        "Vu le code du travail, notamment son article L. 6113-1 ;\n"
        "Vu le décret n° 2018-1172 du 18 décembre 2018 relatif aux conditions d'enregistrement ;"
    )
    doc = Document(
        text=text, source=Source(path=None, format=SourceFormat.TEXT, sha256=""), nature=Nature.DECRET
    )
    doc.title = text.split("\n")[0]
    doc.citations = find_citations(text)
    resolve(doc)
    assert document_keys(doc) == {"code:code du travail:L6113-1", "decret:2018-1172"}


# ---- variations: sibling and renamed titres whose job words the corpus does not show --------------------------------
# Written for these tests; each varies test_a_sibling_titre_sharing_only_a_generic_word_is_not_the_same (a visa of
# the corpus shape "Vu l'arrêté du … relatif au titre professionnel de …").


@pytest.mark.parametrize(
    "cited, titre, dates",
    [
        # sibling titres sharing only their job word, a word no list of job words foresaw
        ("vendeur en produits frais", "vendeur conseil en magasin", []),
        ("mécanicien automobile", "mécanicien de maintenance aéronautique", []),
        # the same titre renamed: a distinctive word in common
        ("vendeur en produits frais", "vendeur-conseil en produits frais", ["2011-04-05"]),
        # the same job only: the older name has nothing else ("cuisinier" → "cuisinier en restauration collective")
        ("cuisinier", "cuisinier en restauration collective", ["2011-04-05"]),
    ],
)
def test_variation_same_titre_by_distinctive_words(cited, titre, dates):
    doc = make_doc(
        f"Vu l'arrêté du 5 avril 2011 relatif au titre professionnel de {cited} ;",
        date="2016-04-04",
        titre=titre,
    )
    assert doc.previous_acts == dates
