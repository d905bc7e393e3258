"""Identity: one IRI per act whatever the wording that names it, two IRIs for two acts of one day."""

from __future__ import annotations

import pytest

from legalgraph.graph import identity as ids
from legalgraph.models import Citation, CitationKind


def arrete(text: str, date: str, subject: str | None = None) -> Citation:
    return Citation(kind=CitationKind.ARRETE, text=text, span=(0, len(text)), date=date, subject=subject)


# Wordings of the arrêté du 22 décembre 2015 found in the corpus (visas, annexes, LEGI copies).
WORDINGS_2015 = [
    "arrêté du 22 décembre 2015 modifié relatif aux conditions de délivrance du titre professionnel du ministère "
    "chargé de l'emploi",
    "Arrêté du 22 décembre 2015 relatif aux conditions de délivrance du titre professionnel du ministère chargé "
    "de l’emploi",
    "arrêté du 22 décembre 2015 modifié relatif aux conditions de délivrance du titre professionnel du ministre "
    "chargé de l'emploi",
]


@pytest.mark.parametrize("text", WORDINGS_2015)
def test_every_wording_of_an_act_gives_one_iri(text):
    expected = f"{ids.ID}act/arrete/2015-12-22/conditions-delivrance-titre-professionnel"
    assert ids.citation_act_iri(arrete(text, "2015-12-22")) == expected
    assert ids.citation_act_iri(arrete(text, "2015-12-22", subject=ids.subject_of(text))) == expected


def test_two_arretes_of_one_day_are_two_acts():
    commercial = arrete(
        "arrêté du 31 juillet 2003 modifié relatif au titre professionnel de commercial(e)", "2003-07-31"
    )
    restauration = arrete(
        "Arrêté du 31 juillet 2003 relatif au titre professionnel d'agent de restauration", "2003-07-31"
    )
    a, b = ids.citation_act_iri(commercial), ids.citation_act_iri(restauration)
    assert a != b
    assert a.endswith("/2003-07-31/tp-commercial") and b.endswith("/2003-07-31/tp-agent-de-restauration")


def test_gender_marks_accents_and_apostrophes_do_not_make_another_titre():
    names = [
        "conseiller(ère) en insertion professionnelle",
        "Conseiller en insertion professionnelle",
        "conseiller en insertion professionnelle",
    ]
    assert {ids.titre_key(n) for n in names} == {"conseiller-en-insertion-professionnelle"}
    assert ids.titre_key("vendeur (se)-conseil en magasin") == ids.titre_key("vendeur(se)-conseil en magasin")
    assert ids.titre_key("assistant [e] import-export") == "assistant-import-export"
    assert ids.topic("relatif au titre professionnel d’exploitant en transport") == ids.topic(
        "relatif au titre professionnel d'exploitant en transport"
    )


def test_a_subject_names_the_titre_it_is_about_not_the_certification_system():
    assert (
        ids.titre_name_in(
            "relatif au titre professionnel de gouvernant(e) en hôtellerie portant modification de "
            "l'arrêté du 14 décembre 2004"
        )
        == "gouvernant(e) en hôtellerie"
    )
    assert (
        ids.titre_name_in(
            "modifiant l'arrêté du 31 juillet 2003 relatif au titre professionnel d'attaché(e) commercial(e)"
        )
        == "attaché(e) commercial(e)"
    )
    assert (
        ids.titre_name_in(
            "relatif au règlement général des sessions de validation conduisant au titre "
            "professionnel du ministère chargé de l'emploi"
        )
        is None
    )
    assert (
        ids.topic(
            "relatif au règlement général des sessions de validation conduisant au titre professionnel du "
            "ministère chargé de l'emploi"
        )
        == "reglement-general-sessions-validation"
    )


def test_numbered_acts_are_named_by_number_not_wording():
    a = Citation(
        kind=CitationKind.DECRET,
        text="décret n° 2019-14 du 8 janvier 2019 relatif au cadre national",
        span=(0, 10),
        number="2019-14",
        date="2019-01-08",
    )
    b = Citation(kind=CitationKind.DECRET, text="décret n°2019-14", span=(0, 10), number="2019-14")
    assert ids.citation_act_iri(a) == ids.citation_act_iri(b) == f"{ids.ID}act/decret/2019-14"
    assert ids.citation_key("decret", number="2019-14", date="2019-01-08", code=None) == "decret:2019-14"


def test_code_articles_are_parts_of_their_code():
    assert ids.act_iri("code", code="code de l'éducation") == f"{ids.ID}act/code/code-de-l-education"
    assert ids.act_iri("code", code="Code de l'éducation", article="L335-5") == (
        f"{ids.ID}act/code/code-de-l-education/L335-5"
    )
    assert (
        ids.citation_key("code", number=None, date=None, code="code de l'éducation")
        == "code:code de l'education"
    )


def test_a_mention_without_subject_says_no_more_than_the_text():
    assert (
        ids.citation_act_iri(arrete("arrêté du 31 juillet 2003", "2003-07-31"))
        == f"{ids.ID}act/arrete/2003-07-31"
    )


def test_legifrance_eli_from_nor():
    assert ids.legifrance_eli("arrete", "2012-01-16", "ETSD1131163A") == (
        "https://www.legifrance.gouv.fr/eli/arrete/2012/1/16/ETSD1131163A/jo/texte"
    )
    assert ids.legifrance_eli("arrete", "2012-01-16", None) is None
    assert ids.legifrance_eli("arrete", None, "ETSD1131163A") is None


def test_levels_old_and_new():
    assert ids.level_iri("III") == f"{ids.ID}level/1969/III"
    assert ids.level_iri("5") == f"{ids.ID}level/cnc/5"
    assert ids.level_iri("niveau V") == f"{ids.ID}level/1969/V"
    assert ids.level_iri("9") is None


def test_french_dates():
    assert ids.parse_french_date("22 décembre 2015") == "2015-12-22"
    assert ids.parse_french_date("1er août 2005") == "2005-08-01"
    assert ids.parse_french_date("11/12/2017") == "2017-12-11"
    assert ids.parse_french_date("31 février 2015") is None
    assert ids.french_date("2022-11-01") == "1er novembre 2022"


@pytest.mark.parametrize(
    ("wording", "subject", "title"),
    [
        # the words stop where the next citation begins; the extractor's subject goes on
        (
            "arrêté du 26 mai 2014 modifiant",
            "modifiant l'arrêté du 14 décembre 2004 modifié relatif au titre professionnel de X",
            "arrêté du 26 mai 2014 modifiant l'arrêté du 14 décembre 2004 modifié relatif au titre professionnel de X",
        ),
        # "modifié" after the act's own date is the citing text's, not the title's
        (
            "arrêté du 31 juillet 2003 modifié relatif au titre de X",
            None,
            "arrêté du 31 juillet 2003 relatif au titre de X",
        ),
        ("arrêté du 1er mars 2010 modifiée, relative à Y", None, "arrêté du 1er mars 2010 relative à Y"),
        (
            "décret n° 2019-14 du 8 janvier 2019 susvisé relatif au cadre",
            None,
            "décret n° 2019-14 du 8 janvier 2019 relatif au cadre",
        ),
        ("loi n° 2018-771", None, "loi n° 2018-771"),  # no date: as written
    ],
)
def test_a_citation_wording_as_a_title(wording, subject, title):
    assert ids.as_title(wording, subject) == title


@pytest.mark.parametrize(
    ("subject", "names"),
    [
        ("relatif au titre professionnel de vendeur", True),
        ("portant création du titre professionnel d'agent de propreté", True),
        ("modifiant", False),
        ("portant création du titre professionnel de", False),
        ("fixant la liste des", False),
        ("relatif à l'", False),
        ("relative aux", False),
        (None, False),
    ],
)
def test_a_cut_subject_does_not_name_its_act(subject, names):
    assert ids.names_act(subject) is names
