"""`segment`: the parts of an act, with exact spans, from page copies and from reader-given blocks.

Lines quoted from real texts come from corpus/texts (file named in the test); texts written for a test are
marked as such and are not real legal texts.
"""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import given as for_all
from hypothesis import strategies as hs

import legalgraph
from legalgraph.models import Block, BlockKind, Nature, Source, SourceFormat, SourceText
from legalgraph.segment import article_number, segment
from tests.conftest import CORPUS, corpus_files, gold_pairs


def read(text: str, name: str = "t.txt"):
    return legalgraph.read(text.encode("utf-8"), path=name)


def fold(s: str | None) -> str | None:
    if s is None:
        return None
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return " ".join(s.lower().replace("’", "'").split())


# ---- the corpus against its gold ------------------------------------------------------------------------------

GOLD_FIELDS = ("nature", "title", "date", "nor", "visas_count", "articles_count")


@pytest.mark.parametrize("path,gold", gold_pairs(), ids=lambda x: getattr(x, "name", ""))
def test_gold_fields(path, gold):
    doc = legalgraph.read(path)
    got = {
        "nature": str(doc.nature),
        "title": fold(doc.title),
        "date": doc.date,
        "nor": doc.nor,
        "visas_count": len(doc.visas),
        "articles_count": len(doc.articles),
    }
    want = {f: gold[f] for f in GOLD_FIELDS} | {"title": fold(gold["title"])}
    assert got == want


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_every_span_is_its_text(path):
    doc = legalgraph.read(path)
    parts = [*doc.visas, *doc.articles, *doc.annexes]
    for part in parts:
        assert doc.text[part.span[0] : part.span[1]] == part.text
        assert part.text == part.text.strip()
    for text, span in ((doc.title, doc.title_span), (doc.authority, doc.authority_span)):
        if text is not None:
            assert doc.text[span[0] : span[1]] == text == text.strip()
    spans = sorted(p.span for p in parts)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False)), "parts overlap"
    json.dumps(legalgraph.to_record(doc), ensure_ascii=False)


# ---- a full Légifrance copy -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cip():
    return legalgraph.read(CORPUS / "2022-11-21_conseiller-insertion-professionnelle__full-copy.txt")


def test_full_copy_articles_without_headings(cip):
    assert [a.number for a in cip.articles] == ["1", "2", "3", "4", "5", "6", "7"]
    assert cip.articles[0].text.endswith("dans le domaine d'activité 332t (code NSF).")
    assert cip.articles[4].text.endswith(
        "Mettre en œuvre une offre de services auprès des employeurs pour favoriser l'insertion professionnelle"
    )
    assert cip.articles[6].text.startswith("Le délégué général à l'emploi et à la formation professionnelle")


def test_full_copy_annex_and_signature(cip):
    (annex,) = cip.annexes
    assert annex.title == "ANNEXE"
    assert annex.text.startswith("INFORMATIONS REQUISES POUR L'INSCRIPTION DU TITRE PROFESSIONNEL")
    assert annex.text.endswith("pour l'obtention du titre professionnel du ministère chargé de l'emploi.")
    assert cip.title is None and cip.date == "2022-11-21" and cip.signature_date == "2022-11-21"
    (signatory,) = cip.signatories
    assert signatory.name == "R. Johais"
    assert signatory.role == "Le chef de la mission des politiques de certification professionnelle"
    signature = cip.text[cip.signature_span[0] : cip.signature_span[1]]
    assert signature.startswith("Fait le 21 novembre 2022.\nPour la ministre et par délégation :")
    assert signature.endswith("R. Johais")
    assert cip.authority.startswith("La ministre déléguée auprès du ministre du travail")
    assert (
        len(cip.visas) == 10
        and cip.visas[0].text == "Vu le code de l'éducation, notamment ses articles L. 335-5 et R. 338-1 ;"
    )


# ---- preamble: title, identifiers, authority, visas -----------------------------------------------------------


def test_header_of_a_legifrance_copy():
    # 2022-09-28_employe-commercial.txt (first lines)
    doc = read(
        "Arrêté du 28 septembre 2022 relatif au titre professionnel d'employé commercial\n\n"
        "NOR : MTRD2226775A\nELI : https://www.legifrance.gouv.fr/eli/arrete/2022/9/28/MTRD2226775A/jo/texte\n"
        "JORF n°0238 du 13 octobre 2022\nTexte n° 11\n\nVersion initiale\n\n\n"
        "La ministre déléguée auprès du ministre du travail, du plein emploi et de l'insertion et du ministre de "
        "l'éducation nationale et de la jeunesse, chargée de l'enseignement et de la formation professionnels,\n"
        "Vu le code de l'éducation, notamment ses articles L. 335-5 et R. 338-1 ;\n"
    )
    assert doc.title == "Arrêté du 28 septembre 2022 relatif au titre professionnel d'employé commercial"
    assert doc.nature is Nature.ARRETE and doc.date == "2022-09-28"
    assert doc.nor == "MTRD2226775A"
    assert doc.eli == "https://www.legifrance.gouv.fr/eli/arrete/2022/9/28/MTRD2226775A/jo/texte"
    assert doc.meta["jorf"] == "JORF n°0238 du 13 octobre 2022" and doc.meta["date_publi"] == "2022-10-13"
    assert doc.authority.endswith("chargée de l'enseignement et de la formation professionnels,")
    assert len(doc.visas) == 1 and doc.articles == []


def test_publication_line_is_not_the_title():
    # 2023-07-05_conseiller-commercial.txt (first lines)
    doc = read(
        "JORF n°0158 du 9 juillet 2023\n\nArrêté du 5 juillet 2023\n\nLa ministre déléguée auprès du ministre du travail,\n\nVu le code de l'éducation, notamment son article R. 338-1 ;\n"
    )
    assert doc.title == "Arrêté du 5 juillet 2023" and doc.date == "2023-07-05"
    assert doc.authority == "La ministre déléguée auprès du ministre du travail,"


def test_nor_on_the_next_line_and_authority_on_the_first_visa_line():
    # 2025-06-03_gestionnaire-operations-transport-routier-marchandises.txt (securibase)
    doc = read(
        "Arrêté du 3 juin 2025 relatif au titre professionnel de gestionnaire des opérations de transport routier de marchandises\n"
        "NOR :\nTSSD2515384A\n"
        "La ministre du travail, de la santé, des solidarités et des familles, Vu le code de l’éducation, notamment son article R. 338-1 ;\n"
        "- Vu le code du travail, notamment ses articles L. 6113-1, L. 6113-3 et L. 6113-5 ;\n"
        "- Vu l’avis de la commission professionnelle consultative « Mobilité et logistique » en date du 9 avril 2025,\n"
        "Arrête :\n"
        "Art. 1er. – Le titre professionnel de gestionnaire des opérations de transport routier de marchandises est révisé.\n"
    )
    assert doc.nor == "TSSD2515384A"
    assert doc.authority == "La ministre du travail, de la santé, des solidarités et des familles,"
    assert [v.text for v in doc.visas] == [
        "Vu le code de l’éducation, notamment son article R. 338-1 ;",
        "Vu le code du travail, notamment ses articles L. 6113-1, L. 6113-3 et L. 6113-5 ;",
        "Vu l’avis de la commission professionnelle consultative « Mobilité et logistique » en date du 9 avril 2025,",
    ]
    (article,) = doc.articles
    assert article.number == "1" and article.text.startswith("Le titre professionnel de gestionnaire")


def test_visas_end_without_an_enacting_formula():
    # 2003-12-22_technicien-controle-non-destructif.txt: the page has no "Arrête :" line
    doc = read(
        "Arrêté du 22 décembre 2003\n\nLe ministre des affaires sociales, du travail et de la solidarité,\n\n"
        "Vu l'arrêté du 25 novembre 2002 relatif aux conditions de délivrance du titre professionnel du ministère chargé de l'emploi ;\n\n"
        "Vu l'avis de la commission professionnelle consultative métallurgie des 27 et 28 novembre 2003,\n\n"
        "Article 1\n\nLe titre professionnel de technicien (ne) de contrôle non destructif est créé.\n"
    )
    assert len(doc.visas) == 2 and doc.visas[-1].text.endswith("des 27 et 28 novembre 2003,")
    assert [(a.number, a.text) for a in doc.articles] == [
        ("1", "Le titre professionnel de technicien (ne) de contrôle non destructif est créé.")
    ]


def test_a_cut_last_visa_counts():
    # 2022-11-21_conseiller-insertion-professionnelle.txt, cut by the page store (variation: cut earlier)
    doc = read(
        "La ministre déléguée auprès du ministre du travail,\n"
        "Vu le code de l'éducation, notamment ses articles L. 335-5 et R. 338-1 ;\n"
        "Vu le décret n° 2019-14 du 8 janvier 2019 relatif au cadre national des certif"
    )
    assert [v.text[-13:] for v in doc.visas] == ["et R. 338-1 ;", "national des certif"[-13:]]
    assert doc.articles == []


def test_decree_preamble_and_countersignature():
    # a décret written for this test, in the form of the JO
    doc = read(
        "Décret n° 2099-1 du 2 janvier 2099 relatif à un exemple\n"
        "Le Premier ministre,\n"
        "Sur le rapport de la ministre du travail,\n"
        "Vu le code du travail ;\n"
        "Considérant que l'exemple doit être court ;\n"
        "Décrète :\n"
        "Article 1er\n"
        "Le présent décret sert d'exemple.\n"
        "Article 2\n"
        "La ministre du travail est chargée de l'exécution du présent décret.\n"
        "Fait le 2 janvier 2099.\n"
        "Jean Exemple\n"
        "Par le Premier ministre :\n"
        "La ministre du travail,\n"
        "Marie Modèle\n"
    )
    assert doc.nature is Nature.DECRET and doc.date == "2099-01-02"
    assert doc.authority == "Le Premier ministre,"
    assert [v.text for v in doc.visas] == ["Vu le code du travail ;"]  # a considérant is no visa
    assert [a.number for a in doc.articles] == ["1", "2"]
    assert doc.articles[1].text == "La ministre du travail est chargée de l'exécution du présent décret."
    assert [(s.name, s.role) for s in doc.signatories] == [
        ("Jean Exemple", "Le Premier ministre"),
        ("Marie Modèle", "La ministre du travail"),
    ]


# ---- articles -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw,number",
    [
        ("1er", "1"),
        ("1 er", "1"),
        ("premier", "1"),
        ("3 bis", "3 bis"),
        ("2.", "2"),
        ("12", "12"),
        ("unique", "unique"),
    ],
)
def test_article_number(raw, number):
    assert article_number(raw) == number


def test_jo_print_headings_and_quoted_articles():
    # other_2018-06-18 (heading split over two lines) and 2006-10-25 carreleur (a quoted "« Art. 3 bis. -")
    doc = read(
        "Arrête :\nArt. 1er\n. – Le présent arrêté procède à la création de la certification.\n"
        "III. - Après l'article 3 de l'arrêté du 21 octobre 2003 susvisé, il est inséré un article 3 bis ainsi rédigé :\n"
        "« Art. 3 bis. - Les titulaires des certificats de compétences professionnelles obtenus antérieurement sont réputés avoir obtenu les certificats.\n"
        "Art. 2. – La certification mentionnée à l’article 1er est constituée de six domaines.\n"
        "Art. 3 bis. – Le présent arrêté sera publié au Journal officiel de la République française.\n"
    )
    assert [a.number for a in doc.articles] == ["1", "2", "3 bis"]
    assert doc.articles[0].text.startswith("Le présent arrêté procède")
    assert "« Art. 3 bis. - Les titulaires" in doc.articles[0].text


def test_repeated_heading_counts_once_and_inline_heading():
    # 2023-07-05_conseiller-commercial__part-article-6.txt (juriblio repeats the heading), then variations
    doc = read(
        "JORF n°0158 du 9 juillet 2023\n\nArticle 6\n\nArticle 6\n\n"
        "Le candidat présente une preuve de cette période auprès du responsable de la session d'examen.\n"
        "Article 7 : Le présent arrêté sera publié au Journal officiel de la République française.\n"
        "Article 8 de l'arrêté du 22 décembre 2015 : une phrase qui cite un article n'est pas un titre.\n"
    )
    assert [a.number for a in doc.articles] == ["6", "7"]
    assert (
        doc.articles[0].text
        == "Le candidat présente une preuve de cette période auprès du responsable de la session d'examen."
    )
    assert doc.articles[1].text.startswith("Le présent arrêté sera publié")
    assert doc.articles[1].text.endswith("n'est pas un titre.")
    assert doc.nature is Nature.ARRETE  # no title: the text calls itself "présent arrêté"


def test_legi_article_page_names_its_text():
    # 2004-07-15_agent-controle-metrologie__article-1.txt
    doc = read(
        "Articles\n\n"
        "Article 1 AUTONOME MODIFIE, en vigueur du au (Arrêté du 15 juillet 2004 relatif au titre professionnel d'agent(e) de contrôle et de métrologie)\n\n"
        "Article 1 AUTONOME MODIFIE, en vigueur du au (Arrêté du 15 juillet 2004 relatif au titre professionnel d'agent(e) de contrôle et de métrologie)\n\n\n"
        "Le titre professionnel d'agent (e) de contrôle et de métrologie est créé.\n"
    )
    assert (
        doc.title
        == "Arrêté du 15 juillet 2004 relatif au titre professionnel d'agent(e) de contrôle et de métrologie"
    )
    assert doc.date == "2004-07-15"
    assert [(a.number, a.text) for a in doc.articles] == [
        ("1", "Le titre professionnel d'agent (e) de contrôle et de métrologie est créé.")
    ]


def test_paragraphs_after_the_enacting_formula_are_articles():
    # 2019-02-25_chef-de-cuisine-restauration-collective.txt: no heading, no bullet, one blank line or two
    doc = read(
        "La ministre du travail,\nVu le code de l'éducation, notamment ses articles L. 335-5 et R. 338-1 ;\nArrête :\n\n\n"
        "Le titre professionnel de responsable de cuisine en restauration collective est révisé.\n\n"
        "Le référentiel d'emploi, d'activités, et de compétences et le référentiel d'évaluation sont disponibles sur le site www.travail-emploi.gouv.fr.\n\n\n"
        "Le titre professionnel de chef de cuisine en restauration collective est c\n"
    )
    assert len(doc.articles) == 3


def test_a_paragraph_that_goes_on_a_list_is_not_a_new_article():
    # variation written for this test (the list of other_2015-12-22…article-8.txt after a blank line)
    doc = read(
        "Arrête :\n\n"
        "Le référentiel de certification définit les documents dont le jury doit disposer et détermine :\n\n\n"
        "-les objectifs d'évaluation ainsi que les critères d'appréciation des compétences requises ;\n\n"
        "-les objectifs de l'entretien final avec le jury.\n\n"
        "Le présent arrêté sera publié au Journal officiel de la République française.\n"
    )
    assert len(doc.articles) == 2
    assert doc.articles[0].text.endswith("-les objectifs de l'entretien final avec le jury.")


def test_fragment_without_heading_is_one_article():
    # undated_modif_arrete-9-decembre-2003__article.txt
    doc = read(
        "Le dernier alinéa de l'article 1er de l'arrêté du 9 décembre 2003 susvisé est remplacé par les dispositions suivantes :\n"
        "« Il sera réexaminé par la commission professionnelle consultative compétente dans un délai de cinq ans à compter de la publication du présent arrêté. »\n"
    )
    assert len(doc.articles) == 1 and doc.articles[0].number == "1"
    assert doc.title is None and doc.date is None and doc.nature is Nature.ARRETE


def test_empty_article_of_a_cut_page_counts():
    # 2025-06-03_gestionnaire-operations-transport-routier-marchandises__alt-juriblio.txt: the page ends
    # inside the AI summary, right after the heading
    doc = legalgraph.read(
        CORPUS / "2025-06-03_gestionnaire-operations-transport-routier-marchandises__alt-juriblio.txt"
    )
    assert [(a.number, a.text) for a in doc.articles] == [("1", "")]


# ---- nature, rectificatifs, annexes ---------------------------------------------------------------------------


def test_rectificatif_has_no_article():
    # other_2007-11-07_decret_rectificatif.txt
    doc = legalgraph.read(CORPUS / "other_2007-11-07_decret_rectificatif.txt")
    assert doc.nature is Nature.RECTIFICATIF
    assert doc.articles == [] and doc.title is None and doc.date is None


def test_nature_from_the_title_word():
    # variations written for this test
    cases = {
        "Décision n° 2099-3 du 4 mai 2099 relative à un exemple": Nature.DECISION,
        "Ordonnance n° 2099-4 du 4 mai 2099 relative à un exemple": Nature.ORDONNANCE,
        "Loi n° 2099-5 du 4 mai 2099 relative à un exemple": Nature.LOI,
        "Circulaire du 4 mai 2099 relative à un exemple": Nature.CIRCULAIRE,
        "Arrêté du 4 mai 2099 relatif à un exemple (rectificatif)": Nature.RECTIFICATIF,
    }
    for title, nature in cases.items():
        doc = read(title + "\nLe ministre du travail,\nVu le code du travail ;\n")
        assert (doc.title, doc.nature) == (title, nature)


def test_annex_after_the_signature():
    # the JO order, written for this test: articles, signature, then the annex
    doc = read(
        "Arrête :\nArticle 1er\nLe titre est créé.\nArticle 2\nLe présent arrêté sera publié au Journal officiel.\n"
        "Fait le 3 juin 2099.\nPour la ministre et par délégation :\nLe délégué général à l'emploi et à la formation professionnelle,\nB. Exemple\n"
        "ANNEXE\nINFORMATIONS REQUISES POUR L'INSCRIPTION\nNiveau : 5\n"
        "Annexe 2 : Tableau\nUne ligne.\n"
    )
    assert doc.articles[1].text == "Le présent arrêté sera publié au Journal officiel."
    assert [(a.title, a.text) for a in doc.annexes] == [
        ("ANNEXE", "INFORMATIONS REQUISES POUR L'INSCRIPTION\nNiveau : 5"),
        ("Annexe 2 : Tableau", "Une ligne."),
    ]
    assert [(s.name, s.role) for s in doc.signatories] == [
        ("B. Exemple", "Le délégué général à l'emploi et à la formation professionnelle")
    ]
    assert doc.date == "2099-06-03"  # no title: "Fait le"


# ---- blocks given by a reader ---------------------------------------------------------------------------------


def given(text: str, blocks: list[tuple[BlockKind, str, str | None]], fmt=SourceFormat.DILA_XML, meta=None):
    """A SourceText whose blocks are found by their exact text (the way a structured reader would emit them)."""
    out = []
    for kind, part, label in blocks:
        start = text.index(part)
        out.append(Block(kind, start, start + len(part), label))
    return SourceText(text=text, source=Source(None, fmt, ""), meta=meta or {}, blocks=out)


# jorf_texte_arrete_JORFTEXT000054708438.xml (tests/data/dila/jorfsimple), laid out as a DILA reader might
DILA_TEXT = (
    "Arrêté du 11 août 2026 portant délégation de signature\n"
    "La ministre déléguée auprès de la ministre des armées et des anciens combattants,\n"
    "Vu le décret n° 2005-850 du 27 juillet 2005 modifié relatif aux délégations de signature des membres du Gouvernement, notamment son article 2 ;\n"
    "Vu le décret du 10 octobre 2025 portant nomination du Premier ministre ;\n"
    "Arrête :\n"
    "Article 1\n"
    "Délégation permanente est donnée à M. Léo LESNE, chef de cabinet.\n"
    "Article 2\n"
    "Le présent arrêté sera publié au Journal officiel de la République française.\n"
    "Fait le 11 août 2026.\n"
    "Alice RUFO"
)


def test_given_blocks_are_used_as_given():
    visas = DILA_TEXT[DILA_TEXT.index("La ministre") : DILA_TEXT.index("Arrête :") + len("Arrête :")]
    st = given(
        DILA_TEXT,
        [
            (BlockKind.TITLE, "Arrêté du 11 août 2026 portant délégation de signature", None),
            (BlockKind.VISA, visas, None),  # one block for the whole VISAS element
            (BlockKind.ARTICLE, "Délégation permanente est donnée à M. Léo LESNE, chef de cabinet.", "1er"),
            (
                BlockKind.ARTICLE,
                "Le présent arrêté sera publié au Journal officiel de la République française.",
                "2",
            ),
            (BlockKind.SIGNATURE, "Fait le 11 août 2026.\nAlice RUFO", None),
        ],
        meta={"nature": "ARRETE", "date": "2026-08-11", "nor": "ARMM2621619A"},
    )
    doc = segment(st)
    assert doc.nature is Nature.ARRETE and doc.date == "2026-08-11" and doc.nor == "ARMM2621619A"
    assert doc.title == "Arrêté du 11 août 2026 portant délégation de signature"
    assert (
        doc.authority == "La ministre déléguée auprès de la ministre des armées et des anciens combattants,"
    )
    assert [v.text[:40] for v in doc.visas] == [
        "Vu le décret n° 2005-850 du 27 juillet 2",
        "Vu le décret du 10 octobre 2025 portant ",
    ]
    assert doc.visas[1].text.endswith("Premier ministre ;")  # "Arrête :" is not part of the last visa
    assert [a.number for a in doc.articles] == ["1", "2"]
    assert doc.signature_date == "2026-08-11"
    assert [(s.name, s.role) for s in doc.signatories] == [("Alice RUFO", None)]


def test_structured_source_gets_no_guessed_parts():
    # a JO container or a section: the text lists articles, it holds none
    st = given("Section 1\nArticle 9\nArticle 10\nANNEXE", [], meta={"nature": "other"})
    doc = segment(st)
    assert doc.articles == [] and doc.annexes == [] and doc.visas == []


def test_given_articles_win_over_headings_in_a_page_copy():
    text = "Article 1\nLe titre est créé.\nArticle 2\nIl est classé au niveau 5."
    st = given(
        text,
        [(BlockKind.ARTICLE, "Le titre est créé.\nArticle 2\nIl est classé au niveau 5.", "1")],
        fmt=SourceFormat.MARKDOWN,
    )
    assert [a.number for a in segment(st).articles] == ["1"]


# ---- print and page variants (texts written for these tests) --------------------------------------------------


def test_signature_role_wrapped_and_page_footer_after_it():
    doc = read(
        "Arrête :\nArticle 1er\nLe titre est révisé.\n"
        "Fait le 3 juin 2099.\nPour la ministre et par délégation :\nLe délégué général à l’emploi\n"
        "et à la formation professionnelle,\nB. Exemple\nMentions légales\nPlan du site\n"
    )
    assert [(s.name, s.role) for s in doc.signatories] == [
        ("B. Exemple", "Le délégué général à l’emploi et à la formation professionnelle")
    ]
    assert doc.text[doc.signature_span[0] : doc.signature_span[1]].endswith("B. Exemple")


def test_minus_sign_as_the_heading_dash():
    doc = read("Arrête :\nArt. 1er. − Le titre est créé.\nArt. 2. − Le présent arrêté sera publié.\n")
    assert [(a.number, a.text) for a in doc.articles] == [
        ("1", "Le titre est créé."),
        ("2", "Le présent arrêté sera publié."),
    ]


def test_table_of_contents_is_not_articles():
    doc = read(
        "Arrêté du 4 mai 2099 relatif à un exemple\nSommaire\nArticle 1\nArticle 2\n"
        "Le ministre du travail,\nVu le code du travail ;\n"
        "Article 1\nLe titre est créé.\nArticle 2\nLe présent arrêté sera publié.\n"
    )
    assert [v.text for v in doc.visas] == ["Vu le code du travail ;"]
    assert [(a.number, a.text) for a in doc.articles] == [
        ("1", "Le titre est créé."),
        ("2", "Le présent arrêté sera publié."),
    ]


def test_repeated_annex_heading_counts_once():
    doc = read("Arrête :\nArticle 1\nLe titre est créé.\nAnnexe\nANNEXE\nINFORMATIONS REQUISES\n")
    assert [(a.title, a.text) for a in doc.annexes] == [("Annexe", "ANNEXE\nINFORMATIONS REQUISES")]


def test_authority_without_its_comma():
    doc = read("La ministre du travail\nVu le code du travail ;\nArrête :\nArticle 1\nLe titre est créé.\n")
    assert doc.authority == "La ministre du travail"


# ---- any text: no error, exact spans ---------------------------------------------------------------------------


# Line shapes of the corpus, mixed in any order with arbitrary lines.
SHAPES = [
    "Arrêté du 21 novembre 2022 relatif au titre professionnel",
    "NOR : MTRD2312771A",
    "JORF n°0158 du 9 juillet 2023",
    "La ministre du travail,",
    "Vu le code du travail ;",
    "- Vu le décret n° 2019-14 du 8 janvier 2019,",
    "Considérant que l'exemple est court ;",
    "Arrête :",
    "Article 1",
    "Article 1er : Le titre est créé.",
    "Art. 2. – Le titre est classé.",
    "  • Le titre professionnel est révisé.(code NSF).Versions",
    "VersionsLiens relatifs",
    "ANNEXE",
    "Annexe 2 : Tableau",
    "Fait le 21 novembre 2022.",
    "Pour la ministre et par délégation :",
    "Le chef de la mission,",
    "R. Johais",
    "Ce texte est une simplification générée par une IA.",
    "Résumé Un résumé.",
    "Historique des versions",
    "Rectificatif au Journal officiel du 12 mai 2004",
    "",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@for_all(hs.lists(hs.one_of(hs.sampled_from(SHAPES), hs.text(max_size=40)), max_size=30))
def test_any_text_segments_with_exact_spans(lines):
    try:
        doc = read("\n".join(lines))
    except legalgraph.InputError:
        return  # empty or only page furniture: refused with a reason, as read_source does
    parts = [*doc.visas, *doc.articles, *doc.annexes]
    for part in parts:
        assert doc.text[part.span[0] : part.span[1]] == part.text
    for text, span in ((doc.title, doc.title_span), (doc.authority, doc.authority_span)):
        if text is not None:
            assert doc.text[span[0] : span[1]] == text
    spans = sorted(p.span for p in parts)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))


# ---- variations: headings and dates as other copies print them ------------------------------------------------
# Written for these tests; each varies a real heading of the corpus ("Article 1er", "Art. 1er. – Le …",
# "Fait le 21 novembre 2022.").


@pytest.mark.parametrize(
    "first, second",
    [
        ("ARTICLE PREMIER", "ARTICLE 2"),  # capitals, the number spelled out
        ("ARTICLE 1ER", "ARTICLE 2"),  # capitals, "1ER"
        ("Article 1er. -", "Article 2. -"),  # the dash on the heading line, the words on the next one
        ("Article 1er –", "Article 2 –"),
        ("Art 1er. –", "Art 2. –"),  # "Art" without its dot
    ],
)
def test_variation_article_headings_on_their_own_line(first, second):
    doc = read(
        "Arrêté du 3 avril 2025 relatif au titre professionnel de soudeur\nArrête :\n"
        f"{first}\nLe titre professionnel de soudeur est créé.\n{second}\nLe candidat réalise un dossier.\n"
    )
    assert [(a.number, a.text) for a in doc.articles] == [
        ("1", "Le titre professionnel de soudeur est créé."),
        ("2", "Le candidat réalise un dossier."),
    ]


@pytest.mark.parametrize(
    "title, signature, date",
    [
        # "1ᵉʳ" in superscript letters, in the title and in "Fait le"
        (
            "Arrêté du 1ᵉʳ juin 2004 relatif au titre professionnel de soudeur",
            "Fait le 1ᵉʳ juin 2004.",
            "2004-06-01",
        ),
        # "Fait à Paris, le …" with no date in a short heading
        ("Arrêté relatif au titre professionnel de soudeur", "Fait à Paris, le 1er mars 2024.", "2024-03-01"),
        ("Arrêté relatif au titre professionnel de soudeur", "Fait le 1ᵉʳ mars 2024.", "2024-03-01"),
        # a day its month does not have (a misprint): no date, never an invalid one; the signature's instead
        (
            "Arrêté du 31 février 2015 relatif au titre professionnel de soudeur",
            "Fait le 2 mars 2015.",
            "2015-03-02",
        ),
        (
            "Arrêté du 29 février 2024 relatif au titre professionnel de soudeur",
            "Fait le 2 mars 2024.",
            "2024-02-29",
        ),
    ],
)
def test_variation_dates_of_the_act(title, signature, date):
    doc = read(
        f"{title}\nLe ministre du travail,\nVu le code de l'éducation ;\nArrête :\nArticle 1er\n"
        f"Le titre professionnel de soudeur est créé.\n{signature}\nPour le ministre et par délégation :\n"
        "Le chef de la mission,\nB. Exemple\n"
    )
    assert doc.date == date
