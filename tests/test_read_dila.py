"""DILA open-data XML and Légifrance API JSON: the real samples read into texts, blocks and metadata.

Expected values come from the files themselves: literals copied from the XML, and cross-checks against an
independent plain lxml reading of the same file.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from lxml import etree

import legalgraph
from legalgraph.cli import main
from legalgraph.errors import InputError
from legalgraph.models import BlockKind, SourceFormat
from legalgraph.read import read_source
from legalgraph.read.dila_xml import date_from_eli, nature_of
from legalgraph.read.piste_json import json_date
from tests.conftest import DILA

ARRETE = DILA / "jorfsimple" / "jorf_texte_arrete_JORFTEXT000054708438.xml"
NOMINATION = DILA / "jorfsimple" / "jorf_texte_nomination_JORFTEXT000054708776.xml"
SOMMAIRE = DILA / "jorfsimple" / "jorf_sommaire_JORFCONT000054706874.xml"
LEGI = DILA / "legi"
FIXTURES = DILA / "jorf-fixture-excerpts"
CONSULT_JORF = DILA / "piste-api" / "consult-jorf_response_JORFTEXT000042665307.json"
LAST_N_JO = DILA / "piste-api" / "consult-lastNJo_response_2020-12-05.json"

ALL_SAMPLES = (
    sorted(DILA.glob("jorfsimple/*.xml")) + sorted(LEGI.glob("*.xml")) + sorted(FIXTURES.glob("*.xml"))
)


def raw(path: Path):
    """The file read by plain lxml, independently of legalgraph."""
    return etree.parse(str(path)).getroot()


def words(s: str) -> str:
    return " ".join(s.split())


def blocks(st, kind: BlockKind) -> list[tuple[str | None, str]]:
    return [(b.label, st.text[b.start : b.end]) for b in st.blocks if b.kind == kind]


# ---- every sample ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [*ALL_SAMPLES, CONSULT_JORF], ids=lambda p: p.name)
def test_blocks_are_ordered_exact_and_trimmed(path):
    st = read_source(path)
    previous_end = 0
    for b in st.blocks:
        part = st.text[b.start : b.end]
        assert 0 <= b.start < b.end <= len(st.text)
        assert b.start >= previous_end, f"{b} overlaps the block before"
        assert part == part.strip() and part
        assert b.start == 0 or st.text[b.start - 1] == "\n", "a block starts at a line start"
        assert b.end == len(st.text) or st.text[b.end] == "\n", "a block ends at a line end"
        previous_end = b.end
    for table in st.tables:
        for cell in table.cells:
            assert table.span[0] <= cell.span[0] < cell.span[1] <= table.span[1]


@pytest.mark.parametrize("path", ALL_SAMPLES, ids=lambda p: p.name)
def test_read_gives_a_document_with_the_files_id(path):
    doc = legalgraph.read(path)
    root = raw(path)
    assert doc.source.format is SourceFormat.DILA_XML
    assert (
        doc.source.kind
        == {
            "TEXTE": "jorfsimple-texte",
            "TEXTE_VERSION": "texte_version",
            "ARTICLE": "article",
            "SECTION_TA": "section_ta",
            "TEXTELR": "textelr",
            "JO": "jo",
        }[root.tag]
    )
    assert doc.source.id == root.findtext(".//ID") == doc.meta["id"]
    dates = json.dumps({k: v for k, v in doc.meta.items() if k != "sentinels"})
    assert "2999-01-01" not in dates and "2222-02-22" not in dates, "sentinels never pass as dates"


# ---- JORFSIMPLE TEXTE ------------------------------------------------------------------------------------


def test_jorfsimple_arrete_metadata():
    st = read_source(ARRETE)
    m = st.meta
    root = raw(ARRETE)
    assert st.source.id == m["id"] == m["cid"] == "JORFTEXT000054708438"
    assert m["nature"] == "arrete" and m["nature_raw"] == "ARRETE"
    assert m["nor"] == root.findtext("NOR") == "ARMM2621619A"
    assert (
        m["eli"]
        == root.findtext("ID_ELI")
        == "https://www.legifrance.gouv.fr/eli/arrete/2026/8/11/ARMM2621619A/jo/texte"
    )
    assert m["date"] == root.findtext("DATE_TEXTE") == "2026-08-11"
    assert m["date_publi"] == "2026-08-19"
    assert m["title"] == root.findtext("TITREFULL")
    assert m["title"].startswith("Arrêté du 11 août 2026 portant délégation de signature")
    assert m["title_short"] == "Arrêté du 11 août 2026"
    assert m["num"] is None and m["num_parution"] == "0192" and m["num_sequence"] == "14"
    assert m["origine_publi"] == "JORF n°0192 du 19 août 2026"
    assert m["jorf_container"] == root.find("ORIGINE_PUBLI").get("id") == "JORFCONT000054706874"
    assert m["ministere"] == "Ministère des armées et des anciens combattants"
    assert m["autorite"] is None and m["etat"] is None and m["liens"] == []
    assert [a["id"] for a in m["articles"]] == [a.findtext("ID") for a in root.iter("ARTICLE")]
    assert m["articles"][0]["eli"].endswith("/jo/article_1")
    # JORF articles carry 2999-01-01 for both dates: unknown start, no end.
    assert m["articles"][0]["debut"] is None and m["articles"][0]["fin"] is None
    assert m["articles"][0]["open_ended"] is True


def test_jorfsimple_arrete_text_layout_and_blocks():
    st = read_source(ARRETE)
    lines = st.text.split("\n")
    assert lines[0] == st.meta["title"]
    assert blocks(st, BlockKind.TITLE) == [(None, st.meta["title"])]
    assert blocks(st, BlockKind.AUTHORITY) == [
        (None, "La ministre déléguée auprès de la ministre des armées et des anciens combattants,")
    ]
    visas = [text for _, text in blocks(st, BlockKind.VISA)]
    assert len(visas) == 4 == "".join(raw(ARRETE).find(".//VISAS/CONTENU").itertext()).count("Vu ")
    assert all(v.startswith("Vu ") for v in visas)
    assert visas[0].startswith("Vu le décret n° 2005-850 du 27 juillet 2005 modifié")
    assert visas[3].endswith("des armées et des anciens combattants,")
    assert blocks(st, BlockKind.ENACTING) == [(None, "Arrête :")]
    articles = blocks(st, BlockKind.ARTICLE)
    assert [label for label, _ in articles] == ["1", "2"]
    for (_, text), art in zip(articles, raw(ARRETE).iter("ARTICLE"), strict=True):
        assert text == words("".join(art.find("BLOC_TEXTUEL").itertext()))
    assert "article 1er du décret du 27 juillet 2005 susvisé." in articles[0][1]
    assert articles[1][1] == "Le présent arrêté sera publié au Journal officiel de la République française."
    # The heading line stands before the content and outside the span.
    assert "Article 1" in lines and "Article 2" in lines
    assert not any(text.startswith("Article") for _, text in articles)
    assert blocks(st, BlockKind.SIGNATURE) == [(None, "Fait le 11 août 2026.\nAlice RUFO")]
    assert blocks(st, BlockKind.ANNEX) == []
    assert st.warnings == []


def test_jorfsimple_decret_with_report_line_and_no_eli():
    st = read_source(NOMINATION)
    assert st.meta["nature"] == "decret" and st.meta["eli"] is None
    assert st.meta["nor"] == "CPTP2618404D" and st.meta["date"] == "2026-08-17"
    assert blocks(st, BlockKind.AUTHORITY) == [(None, "Le Président de la République,")]
    assert "Sur le rapport du Premier ministre," in st.text.split("\n")
    visas = blocks(st, BlockKind.VISA)
    assert len(visas) == 2 and visas[0][1].startswith("Vu le code des juridictions financières")
    assert blocks(st, BlockKind.ENACTING) == [(None, "Décrète :")]
    assert [label for label, _ in blocks(st, BlockKind.ARTICLE)] == ["1", "2"]
    # <br/> inside an article's paragraph ends a line; "1<sup>er</sup>" reads "1er".
    article_1 = blocks(st, BlockKind.ARTICLE)[0][1]
    assert (
        article_1.split("\n")[0]
        == "Sont nommés conseillers référendaires au titre des auditeurs sur emploi :"
    )
    assert "à compter du 1er septembre 2026 (rang 2)." in article_1
    signature = blocks(st, BlockKind.SIGNATURE)[0][1].split("\n")
    assert signature[0] == "Fait le 17 août 2026." and "Emmanuel MACRON" in signature
    assert signature[-1] == "Sébastien LECORNU"


def test_jo_sommaire():
    st = read_source(SOMMAIRE)
    root = raw(SOMMAIRE)
    m = st.meta
    assert st.source.kind == "jo" and m["id"] == "JORFCONT000054706874"
    assert m["title"] == "JORF n°0192 du 19 août 2026" and m["num"] == "0192"
    assert (
        m["date_publi"] == "2026-08-19" and m["eli"] == "https://www.legifrance.gouv.fr/eli/jo/2026/8/19/0192"
    )
    links = list(root.iter("LIEN_TXT"))
    assert len(m["texts"]) == len(links) == 83
    assert [t["id"] for t in m["texts"]] == [x.get("idtxt") for x in links]
    first = m["texts"][0]
    assert first["title"].startswith("LOI n° 2026-794 du 18 août 2026")
    assert first["rubrics"] == ['Journal officiel "Lois et Décrets"', "LOIS"]
    ours = next(t for t in m["texts"] if t["id"] == "JORFTEXT000054708438")
    assert ours["title"] == read_source(ARRETE).meta["title"]
    assert blocks(st, BlockKind.TITLE) == [(None, "JORF n°0192 du 19 août 2026")]
    assert ours["title"] in st.text.split("\n")


# ---- LEGI / JORF global files ----------------------------------------------------------------------------


def test_texte_version_with_sentinels():
    st = read_source(LEGI / "texte-version_LEGITEXT000006069565.xml")
    m = st.meta
    assert st.source.kind == "texte_version" and m["id"] == m["cid"] == "LEGITEXT000006069565"
    assert m["nature"] == "other" and m["nature_raw"] == "CODE"
    assert m["title"] == m["title_short"] == "Code de la consommation"
    assert m["etat"] == "VIGUEUR" and m["date_debut"] == "1993-07-27"
    assert m["date_fin"] is None and m["open_ended"] is True and m["deferred"] is False
    assert m["date"] is None and m["date_publi"] is None
    assert m["sentinels"] == {
        "date": "2999-01-01",
        "date_publi": "2999-01-01",
        "date_fin": "2999-01-01",
        "versions_a_venir": "2222-02-22",
    }
    assert m["derniere_modification"] == "2015-07-01"
    assert m["versions_a_venir"] == [
        "2015-10-01",
        "2015-12-01",
        "2015-12-17",
        "2016-03-18",
        "2016-07-01",
        "2017-07-01",
    ]
    assert st.text == "Code de la consommation"
    assert [b.kind for b in st.blocks] == [BlockKind.TITLE]


def test_legi_article_with_liens_and_section_path():
    path = LEGI / "LEGIARTI000006398122.xml"
    st = read_source(path)
    m = st.meta
    assert st.source.kind == "article" and st.source.id == m["id"] == "LEGIARTI000006398122"
    assert m["cid"] == "LEGITEXT000006070666" and m["nature_raw"] == "CODE" and m["nature"] == "other"
    assert m["title"] == "Code des instruments monétaires et des médailles"
    assert m["etat"] == "ABROGE" and m["date_debut"] == "1952-06-29" and m["date_fin"] == "2001-01-01"
    assert m["open_ended"] is False
    assert m["article"] == {
        "id": "LEGIARTI000006398122",
        "num": "1",
        "etat": "ABROGE",
        "type": "AUTONOME",
        "date_debut": "1952-06-29",
        "date_fin": "2001-01-01",
    }
    assert [s["title"] for s in m["section_path"]] == [
        "Chapitre I : Monnaies et médailles",
        "Section I : Fabrication des monnaies et médailles",
        "Paragraphe I : Frappe des monnaies métalliques.",
    ]
    assert len(m["liens"]) == len(raw(path).findall("LIENS/LIEN")) == 7
    first, loi = m["liens"][0], m["liens"][2]
    assert first["typelien"] == "CODIFICATION" and first["sens"] == "source" and first["cidtexte"] is None
    assert first["text"] == "Décret 52-751 1952-06-26"
    assert loi == {
        "typelien": "CODIFICATION",
        "sens": "source",
        "cidtexte": "JORFTEXT000000511672",
        "id": "JORFTEXT000000511672",
        "naturetexte": "LOI",
        "nortexte": None,
        "num": None,
        "numtexte": "58-346",
        "datesignatexte": "1958-04-03",
        "text": "Loi 58-346 1958-04-03 (validation)",
    }
    assert m["liens"][3]["datesignatexte"] is None  # 2999-01-01
    assert blocks(st, BlockKind.ARTICLE) == [
        (
            "1",
            "La fabrication des monnaies est exécutée par voie de régie administrative, sous l'autorité du "
            "ministre de l'économie et des finances.",
        )
    ]
    assert st.text.split("\n")[:2] == [m["title"], "Article 1"]


def test_legi_annex_article_with_tables():
    path = LEGI / "LEGIARTI000019325262-annexe-tableaux.xml"
    st = read_source(path)
    root = raw(path)
    assert blocks(st, BlockKind.ARTICLE) == []
    [(label, text)] = blocks(st, BlockKind.ANNEX)
    assert label == "Annexe 2-4" and "Annexe 2-4" in st.text.split("\n")
    assert text.startswith(
        "GUIDE-BARÈME POUR L'ÉVALUATION DES DÉFICIENCES ET INCAPACITÉS DES PERSONNES HANDICAPÉES"
    )
    assert words(text.replace("\n", " ")) == words(" ".join(root.find("BLOC_TEXTUEL/CONTENU").itertext()))
    assert len(st.tables) == len(root.findall(".//table")) > 0
    for table in st.tables:
        assert table.cells and all(st.text[c.span[0] : c.span[1]].strip() for c in table.cells)
    assert [v["id"] for v in st.meta["versions"]] == ["LEGIARTI000019325262", "LEGIARTI000027037614"]
    assert st.meta["versions"][1]["fin"] is None and st.meta["versions"][1]["open_ended"] is True
    assert st.meta["section_path"][0]["title"] == "Annexe"


def test_jorf_article_context_gives_the_parent_arrete():
    st = read_source(FIXTURES / "JORFARTI000030611298_arrete-2015-05-07.xml")
    m = st.meta
    assert m["id"] == "JORFARTI000030611298" and m["cid"] == "JORFTEXT000030611283"
    assert m["nature"] == "arrete" and m["nor"] == "AFSZ1511210A"
    assert m["date"] == "2015-05-07" and m["date_publi"] == "2015-05-19"
    assert m["eli"] == "http://www.legifrance.gouv.fr/eli/arrete/2015/5/7/AFSZ1511210A/jo/article_3"
    assert m["title"].startswith("Arrêté du 7 mai 2015 fixant la liste des établissements de santé")
    assert m["title_short"] == "ARRÊTÉ du 7 mai 2015"
    assert [t["id"] for t in m["text_titles"]] == ["LEGITEXT000030611763", "JORFTEXT000030611283"]
    assert m["date_debut"] is None and m["open_ended"] is True
    assert [(v["id"], v["origine"], v["debut"]) for v in m["versions"]] == [
        ("JORFARTI000030611298", "JORF", None),
        ("LEGIARTI000030611789", "LEGI", "2015-05-20"),
    ]
    assert blocks(st, BlockKind.ARTICLE) == [("3", "En application de l'article 4")]


def test_section_ta_structure_and_deferred_section():
    st = read_source(LEGI / "LEGISCTA000006088000.xml")
    m = st.meta
    assert st.source.kind == "section_ta" and m["id"] == "LEGISCTA000006088000"
    assert m["section_title"] == "Partie législative" and m["cid"] == "LEGITEXT000006070633"
    assert [i["type"] for i in m["structure"]].count("section") == 7
    article = next(i for i in m["structure"] if i["type"] == "article")
    assert article == {
        "type": "article",
        "id": "LEGIARTI000006391999",
        "num": "L3534-7",
        "etat": "MODIFIE",
        "origine": "LEGI",
        "debut": "2002-03-28",
        "fin": "2002-12-14",
        "open_ended": False,
        "deferred": False,
    }
    last = m["structure"][-1]
    assert last["id"] == "LEGISCTA000024405340" and last["etat"] == "VIGUEUR_DIFF"
    assert last["debut"] is None and last["deferred"] is True and last["open_ended"] is True
    assert st.text.split("\n")[:2] == ["Code général des collectivités territoriales", "Partie législative"]


def test_jorf_section_ta():
    st = read_source(FIXTURES / "JORFSCTA000030611457_arrete-2015-05-11.xml")
    m = st.meta
    assert m["nature"] == "arrete" and m["nor"] == "EING1505034A" and m["date"] == "2015-05-11"
    assert m["ministere"] == "Ministère de l'économie, de l'industrie et du numérique"
    assert [i["num"] for i in m["structure"] if i["type"] == "article"] == ["3", "4", "5", "6"]
    assert [i["title"] for i in m["structure"] if i["type"] == "section"] == [
        "Chapitre Ier : Concours de spécialité mathématiques",
        "Chapitre II : Concours de spécialité économie",
    ]


def test_textelr_versions_link_jorf_and_legi():
    st = read_source(FIXTURES / "texte-struct_JORFTEXT000030611441_decret-2015-543.xml")
    m = st.meta
    assert st.source.kind == "textelr" and m["id"] == m["cid"] == "JORFTEXT000030611441"
    assert m["nature"] == "decret" and m["num"] == "2015-543" and m["nor"] == "AGRS1501735D"
    assert m["date"] == "2015-05-18" and m["page_deb_publi"] == "8438" and m["page_fin_publi"] == "8439"
    assert m["eli_alias"] == ["http://www.legifrance.gouv.fr/eli/decret/2015/5/18/2015-543/jo/texte"]
    assert [(v["id"], v["etat"], v["debut"]) for v in m["versions"]] == [
        ("LEGITEXT000030611706", "VIGUEUR", "2015-05-20"),
        ("JORFTEXT000030611441", None, None),
    ]
    assert [(i["type"], i.get("num") or i.get("title")) for i in m["structure"]] == [
        ("article", "1"),
        ("article", "2"),
        ("section", "Annexe"),
    ]
    assert st.text.split("\n") == ["Article 1", "Article 2", "Annexe"]
    assert st.blocks == []


def test_legi_textelr():
    st = read_source(LEGI / "texte-struct_LEGITEXT000005627819.xml")
    m = st.meta
    assert m["nature_raw"] == "CODE" and m["derniere_modification"] == "2015-03-22"
    assert len(m["structure"]) == 7 and {i["type"] for i in m["structure"]} == {"section"}
    assert m["structure"][2]["fin"] == "2011-09-16" and m["structure"][2]["cid"] == m["structure"][3]["cid"]


def test_jo_container_with_meta():
    st = read_source(FIXTURES / "JORFCONT000000000001_JO-1993.xml")
    assert st.meta["title"] == "JOUE n°113 du 7 mai 1993" and st.meta["date_publi"] == "1993-05-07"
    assert [t["id"] for t in st.meta["texts"]] == ["JORFTEXT000000339622", "JORFTEXT000030611222"]
    assert st.meta["texts"][1]["rubrics"] == [
        'Journal officiel "Lois et Décrets"',
        "Présidence de la République",
    ]


# ---- Légifrance API JSON ---------------------------------------------------------------------------------


def test_consult_jorf_response():
    st = read_source(CONSULT_JORF)
    data = json.loads(CONSULT_JORF.read_text(encoding="utf-8"))
    m = st.meta
    assert st.source.format is SourceFormat.PISTE_JSON and st.source.kind == "consult-jorf"
    assert st.source.id == m["id"] == data["cid"] == "JORFTEXT000042665307"
    assert m["api_id"] == "JORFTEXT000042665307_01-01-2999"
    assert m["nature"] == "loi" and m["nor"] == "ECOX2023815L" and m["num"] == "2020-1576"
    assert m["title"] == data["title"]
    assert m["eli"] == "https://www.legifrance.gouv.fr/eli/loi/2020/12/14/ECOX2023815L/jo/texte"
    assert m["eli_alias"] == ["https://www.legifrance.gouv.fr/eli/loi/2020/12/14/2020-1576/jo/texte"]
    assert m["date"] == "2020-12-14"  # no dateTexte in this response: the ELI's date
    assert m["date_publi"] == "2020-12-15"  # dateParution 1607990400000
    assert m["origine_publi"] == "JORF n°0302 du 15 décembre 2020" and m["num_parution"] == "0302"
    assert m["date_debut"] is None and m["open_ended"] is True
    assert m["prep_work"].startswith("(1) Travaux préparatoires : loi n° 2020-1576.")

    articles = blocks(st, BlockKind.ARTICLE)
    assert [label for label, _ in articles] == [str(n) for n in range(1, 112)]
    assert [a["id"] for a in m["articles"]][:2] == ["JORFARTI000042665312", "JORFARTI000042665313"]
    assert articles[0][1].startswith("Au titre de l'exercice 2019, sont approuvés :")
    assert blocks(st, BlockKind.ENACTING) == [
        (None, "Le Président de la République promulgue la loi dont la teneur suit :")
    ]
    assert blocks(st, BlockKind.VISA) == []
    lines = st.text.split("\n")
    # Sections come in intOrdre order, their titles on lines of their own before their articles.
    first_part = lines.index("PREMIÈRE PARTIE : DISPOSITIONS RELATIVES À L'EXERCICE 2019")
    assert lines[first_part + 1] == "Article 1"
    assert lines.index("DEUXIÈME PARTIE : DISPOSITIONS RELATIVES À L'EXERCICE 2020") > first_part
    signature = blocks(st, BlockKind.SIGNATURE)[0][1].split("\n")
    assert signature[:2] == ["Fait à Paris, le 14 décembre 2020.", "Emmanuel Macron"]
    assert signature[-1] == "Adrien Taquet"
    assert len(st.tables) > 10


def test_other_api_responses_are_refused_with_what_they_are():
    with pytest.raises(
        InputError, match=r"/consult/lastNJo response \(a list of 5 Journal officiel issues\)"
    ):
        read_source(LAST_N_JO)


def test_json_dates_epoch_ms_and_iso():
    assert json_date(1607990400000) == "2020-12-15"  # midnight UTC
    assert json_date(1607986800000) == "2020-12-15"  # midnight in Paris (winter)
    assert json_date(1592604000000) == "2020-06-20"  # midnight in Paris (summer)
    assert json_date("2020-12-14") == "2020-12-14"
    assert json_date("2020-12-14T00:00:00.000+0000") == "2020-12-14"
    assert json_date("1607990400000") == "2020-12-15"
    assert json_date("2999-01-01") == "2999-01-01"  # the sentinel is kept for MetaDates to see
    assert json_date(10**30, []) is None and json_date("soon", []) is None and json_date(None) is None


def test_a_minimal_consult_jorf_text(tmp_path):
    data = {
        "id": "JORFTEXT000046663876_01-01-2999",
        "cid": "JORFTEXT000046663876",
        "title": "Arrêté du 21 novembre 2022 relatif au titre professionnel de conseiller en insertion professionnelle",
        "nature": "ARRETE",
        "nor": "MTRD2232567A",
        "dateTexte": "2022-11-21",
        "visa": "<p>Le ministre du travail,<br/>Vu le code du travail ;<br/>Vu l'arrêté du 22 décembre 2015 ;<br/>Arrête :</p>",
        "articles": [
            {"num": "2", "content": "<p>Deux.</p>", "intOrdre": 2},
            {"num": "1er", "content": "<p>Un.</p>", "intOrdre": 1},
        ],
        "sections": [
            {"title": "Annexe", "intOrdre": 3, "articles": [{"num": None, "content": "<p>Bloc 1</p>"}]}
        ],
        "signers": "<p>Fait le 21 novembre 2022.</p><p>Pour le ministre et par délégation :</p>",
        "liens": [
            {"typeLien": "CITATION", "sens": "source", "cidTexte": "JORFTEXT000031695593", "title": "x"}
        ],
    }
    path = tmp_path / "consult.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    st = read_source(path)
    assert st.meta["date"] == "2022-11-21" and st.meta["nature"] == "arrete"
    assert [(b.kind, b.label) for b in st.blocks] == [
        (BlockKind.TITLE, None),
        (BlockKind.AUTHORITY, None),
        (BlockKind.VISA, None),
        (BlockKind.VISA, None),
        (BlockKind.ENACTING, None),
        (BlockKind.ARTICLE, "1er"),
        (BlockKind.ARTICLE, "2"),
        (BlockKind.ANNEX, "Annexe"),
        (BlockKind.SIGNATURE, None),
    ]
    assert st.text.split("\n")[5:11] == ["Article 1er", "Un.", "Article 2", "Deux.", "Annexe", "Bloc 1"]
    assert st.meta["liens"][0]["cidtexte"] == "JORFTEXT000031695593"


# ---- helpers, detection, CLI -----------------------------------------------------------------------------


def test_nature_and_eli_helpers():
    assert [
        nature_of(n) for n in ("ARRETE", "Arrêté", "DECRET", "LOI", "ORDONNANCE", "DECISION", "CIRCULAIRE")
    ] == [
        "arrete",
        "arrete",
        "decret",
        "loi",
        "ordonnance",
        "decision",
        "circulaire",
    ]
    assert nature_of("CODE") == nature_of("JO") == nature_of(None) == "other"
    assert (
        date_from_eli("https://www.legifrance.gouv.fr/eli/arrete/2026/8/11/ARMM2621619A/jo/texte")
        == "2026-08-11"
    )
    assert date_from_eli("/eli/jo/2020/12/5/0294") is None


def test_visa_items_on_their_own_lines_join_the_visa(tmp_path):
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><TEXTE><ID>JORFTEXT900000000001</ID><NATURE>ARRETE</NATURE>'
        "<TITREFULL>Arrêté du 1er janvier 2020 relatif au titre professionnel de soudeur</TITREFULL>"
        "<VISAS><CONTENU><p>La ministre du travail,</p><p>Vu les avis de la commission du :</p><p>- 3 mars 2019 ;</p>"
        "<p>- 4 avril 2019 ;</p><p>Considérant que le titre doit être révisé,</p><p>Arrête :</p></CONTENU></VISAS>"
        "<STRUCT><ARTICLE><NUM>Annexe I</NUM><BLOC_TEXTUEL><CONTENU><TABLE><TR><TD>CCP 1</TD><TD>70 h</TD></TR>"
        "</TABLE></CONTENU></BLOC_TEXTUEL></ARTICLE><ARTICLE><NUM>3 bis</NUM><BLOC_TEXTUEL><CONTENU>Texte nu"
        "</CONTENU></BLOC_TEXTUEL></ARTICLE></STRUCT></TEXTE>"
    )
    path = tmp_path / "visas.xml"
    path.write_text(xml, encoding="utf-8")
    st = read_source(path)
    assert blocks(st, BlockKind.VISA) == [
        (None, "Vu les avis de la commission du :\n- 3 mars 2019 ;\n- 4 avril 2019 ;")
    ]
    assert "Considérant que le titre doit être révisé," in st.text.split("\n")
    assert blocks(st, BlockKind.ANNEX) == [("Annexe I", "CCP 1\n70 h")]
    assert [[st.text[c.span[0] : c.span[1]] for c in row] for row in st.tables[0].rows()] == [
        ["CCP 1", "70 h"]
    ]
    assert blocks(st, BlockKind.ARTICLE) == [("3 bis", "Texte nu")]
    assert "Article 3 bis" in st.text.split("\n")


def test_cli_json_record_of_the_arrete_validates(capsys, record_schema):
    assert main(["parse", str(ARRETE), "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    jsonschema.validate(record, record_schema)
    assert record["source"]["format"] == "dila-xml"
    assert record["source"]["id"] == "JORFTEXT000054708438"
    assert record["meta"]["nor"] == "ARMM2621619A"
