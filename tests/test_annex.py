"""find_jobs / find_sectors: the "Secteurs d'activités et types d'emploi accessibles" part of the RNCP annex."""

from __future__ import annotations

import pytest

import legalgraph
from legalgraph.extract.annex import find_jobs, find_sectors
from tests.conftest import CORPUS


def _doc(text: str):
    return legalgraph.read(text.encode("utf-8"), path="snippet.txt")


def test_two_announced_lists():
    doc = _doc(
        "ANNEXE\nSecteurs d'activités ou types d'emploi\naccessibles par le détenteur du titre\n"
        "Les différents secteurs d'activités concernés sont principalement :\n"
        "― restauration collective autogérée ;\n― sociétés de restauration collective.\n"
        "Les types d'emplois accessibles sont les suivants :\n― gérant ;\n― gérant-économe ;\n"
        "― directeur de la restauration.\nCode ROME :\nG1404 - Management d'établissement de restauration collective.\n"
    )
    assert find_sectors(doc) == ["restauration collective autogérée", "sociétés de restauration collective"]
    assert find_jobs(doc) == ["gérant", "gérant-économe", "directeur de la restauration"]


def test_prose_sectors_then_dashed_jobs_in_the_seed():
    doc = legalgraph.read(CORPUS / "2022-11-21_conseiller-insertion-professionnelle__full-copy.txt")
    jobs, sectors = find_jobs(doc), find_sectors(doc)
    assert jobs[0] == "conseiller en insertion professionnelle"
    assert jobs[-1] == "accompagnateur socioprofessionnel" and len(jobs) == 9
    assert len(sectors) == 4 and sectors[0].startswith("Le secteur public")


def test_dashed_places_after_an_introducing_line():
    doc = _doc(
        "Secteurs d'activités ou types d'emploi accessibles par le détenteur du titre\n"
        "Le technicien est susceptible d'être employé par des entreprises de nature différente :\n"
        "-les entreprises du froid ;\n-les constructeurs d'équipement de froid.\n"
        "Codes ROME :\nI1306-Installation et maintenance en froid, conditionnement d'air.\n"
    )
    assert find_sectors(doc) == ["les entreprises du froid", "les constructeurs d'équipement de froid"]
    assert find_jobs(doc) == []


def test_plain_lines_mixing_places_and_jobs():
    doc = _doc(
        "Secteurs d'activités et types d'emploi accessibles par le détenteur du titre\n"
        "Magasin d'optique avec ou sans atelier intégré.\nMonteur vendeur lunetier.\n"
        "Technicien de production, technicien d'atelier, technicien de ligne, régleur.\n"
        "4322A-Travaux d'installation d'eau et de gaz en tous locaux.\nCode ROME :\nJ1405-Optique-lunetterie.\n"
    )
    assert find_sectors(doc) == [
        "Magasin d'optique avec ou sans atelier intégré",
        "4322A-Travaux d'installation d'eau et de gaz en tous locaux",
    ]
    assert find_jobs(doc) == [
        "Monteur vendeur lunetier",
        "Technicien de production",
        "technicien d'atelier",
        "technicien de ligne",
        "régleur",
    ]


def test_no_annex_no_lists():
    doc = _doc("Le titre professionnel de cuisinier est créé.\n")
    assert (find_jobs(doc), find_sectors(doc)) == ([], [])


# ---- a page that is only an annex (issue 13) ---------------------------------------------------------------------
# A LEGI page of an annex prints an article heading without a number and the act's title in parentheses; the
# title and date come from that line, the page holds no article, and its content is one annex. The heading
# wordings below vary the real article pages of the corpus ("Article 1 AUTONOME MODIFIE, en vigueur du au (Arrêté du
# 15 juillet 2004 relatif au titre professionnel d'agent(e) de contrôle et de métrologie)"); none is a real page.

_ACT = "Arrêté du 1er juin 2004 relatif au titre professionnel de technicien(ne) de laboratoire"
_ANNEX_BODY = (
    "INFORMATIONS REQUISES POUR L'INSCRIPTION AU RÉPERTOIRE NATIONAL DES CERTIFICATIONS PROFESSIONNELLES\n"
    "Intitulé : technicien(ne) de laboratoire.\nNiveau : IV.\nCode NSF : 222 r.\n"
)


@pytest.mark.parametrize(
    "heading",
    [
        f"Article  AUTONOME MODIFIE, en vigueur du au ({_ACT})\n\nArticle  AUTONOME MODIFIE, en vigueur du au ({_ACT})",
        f"Article\n({_ACT})",
        f"Article Annexe ({_ACT})",
        f"Articles\n\nARTICLE ANNEXE ({_ACT})",
    ],
)
@pytest.mark.parametrize("annex_line", ["", "ANNEXE\n", "Annexe\n"])
def test_a_page_that_is_only_an_annex(heading, annex_line):
    doc = legalgraph.parse((heading + "\n\n" + annex_line + _ANNEX_BODY).encode("utf-8"), path="page.txt")
    assert (doc.title, doc.date) == (_ACT, "2004-06-01")
    assert doc.articles == []
    assert len(doc.annexes) == 1 and doc.annexes[0].text.endswith("Code NSF : 222 r.")
    assert (doc.titre.name, doc.titre.level, doc.titre.nsf) == (
        "technicien(ne) de laboratoire",
        "IV",
        ["222r"],
    )
    assert doc.titre.action is None  # an annex does not say what the act does
    assert doc.previous_acts == []  # the act named in parentheses is this one


def test_an_article_page_with_a_number_stays_an_article():
    # the real page of Article 1 (corpus): a numbered heading is an article, not an annex
    doc = legalgraph.read(CORPUS / "2004-07-15_agent-controle-metrologie__article-1.txt")
    assert [a.number for a in doc.articles] == ["1"] and doc.annexes == []
    assert doc.title.startswith("Arrêté du 15 juillet 2004 relatif au titre professionnel")
