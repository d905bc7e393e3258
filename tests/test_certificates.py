"""find_certificates: lists of CCP / blocs / unités, hours in entreprise, skills from the annex."""

from __future__ import annotations

import pytest

import legalgraph
from legalgraph.extract.certificates import clean_title, find_certificates
from legalgraph.models import Document, Source, SourceFormat


@pytest.fixture(params=["segmented", "bare"])
def certs_of(request):
    def run(text: str):
        doc = legalgraph.read(text.encode("utf-8"), path="snippet.txt")
        if request.param == "bare":
            doc = Document(text=doc.text, source=Source(None, SourceFormat.TEXT, "0"))
        return find_certificates(doc)

    return run


CIP_BLOCS = (
    "Arrête :\n"
    "Le titre professionnel de conseiller en insertion professionnelle est constitué des trois blocs de "
    "compétences suivants :\n"
    "1° Accueillir pour analyser la demande des personnes et poser les bases d'un diagnostic partagé ;\n"
    "2° Accompagner les personnes dans leur parcours d'insertion sociale et professionnelle ;\n"
    "3° Mettre en œuvre une offre de services auprès des employeurs pour favoriser l'insertion professionnelle.\n"
    "Ils sont sanctionnés par des certificats de compétences professionnelles (CCP) dans les conditions prévues "
    "par l'arrêté du 22 décembre 2015 susvisé.Versions\n"
    "Le candidat qui se présente après un parcours de formation à une session d'examen du titre professionnel "
    "Conseiller en insertion professionnelle réalise le dossier à partir de périodes en entreprise, d'une durée "
    "totale minimum de 385 heures.\n"
    "Le candidat qui se présente après un parcours de formation à une session d'examen d'un certificat de "
    "compétences professionnelles réalise ce dossier à partir de périodes en entreprise d'une durée minimum de :\n"
    "1° 70 heures pour le certificat de compétences professionnelles « Accueillir pour analyser la demande des "
    "personnes et poser les bases d'un diagnostic partagé » ;\n"
    "2° 175 heures pour le certificat de compétences professionnelles « Accompagner les personnes dans leur "
    "parcours d'insertion sociale et professionnelle » ;\n"
    "3° 140 heures pour le certificat de compétences professionnelles « Mettre en œuvre une offre de services "
    "auprès des employeurs pour favoriser l'insertion professionnelle ».\n"
)


def test_modern_blocs_with_hours(certs_of):
    certs, total = certs_of(CIP_BLOCS)
    assert [c.rank for c in certs] == [1, 2, 3]
    assert (
        certs[0].title
        == "Accueillir pour analyser la demande des personnes et poser les bases d'un diagnostic partagé"
    )
    assert certs[2].title.endswith("pour favoriser l'insertion professionnelle")
    assert [c.min_hours for c in certs] == [70, 175, 140]
    assert total == 385
    assert not any(c.truncated for c in certs)


def test_old_unites_constitutives(certs_of):
    certs, total = certs_of(
        "Le titre professionnel de conseiller commercial est composé des trois unités consultatives dont la liste "
        "suit :\n"
        "    1. Vendre des produits et prestations de services sur catalogue, en face à face ;\n"
        "    2. Prospecter par les techniques de prospection téléphonique et physique sans rendez-vous ;\n"
        "    3. Prospecter des particuliers par la technique de la vente directe par réunion.\n"
        "    Elles peuvent être sanctionnées par des certificats de compétences professionnelles (CCP).\n"
        "  • Les titulaires des certificats d\n"
    )
    assert [c.title for c in certs] == [
        "Vendre des produits et prestations de services sur catalogue, en face à face",
        "Prospecter par les techniques de prospection téléphonique et physique sans rendez-vous",
        "Prospecter des particuliers par la technique de la vente directe par réunion",
    ]
    assert total is None


def test_dashed_ccp_in_guillemets_jo_print(certs_of):
    certs, _ = certs_of(
        "Art. 2. – La certification mentionnée à l’article 1er\n"
        "est constituée de six domaines de compétences transférables\n"
        "dénommés certificats de compétences professionnelles (CCP) et énumérés ci-après :\n"
        "– CCP « Encadrement et animation d’équipe » ;\n"
        "– CCP « Gestion et traitement de l’information » ;\n"
        "– CCP « Assistance dans la prise en charge de projet » ;\n"
        "– CCP « Mise en œuvre d’un service de médiation sociale » ;\n"
        "– CCP « Prospection et négociation commerciale » ;\n"
        "– CCP « Suivi de dossier social d’entreprise ».\n"
        "Chaque certificat de compétences professionnelles s’appuie sur un référentiel\n"
    )
    assert [c.title for c in certs] == [
        "Encadrement et animation d’équipe",
        "Gestion et traitement de l’information",
        "Assistance dans la prise en charge de projet",
        "Mise en œuvre d’un service de médiation sociale",
        "Prospection et négociation commerciale",
        "Suivi de dossier social d’entreprise",
    ]


def test_item_cut_by_the_fragment_is_truncated(certs_of):
    certs, _ = certs_of(
        "Le titre professionnel d'agent de restauration est composé de cinq unités constitutives dont la liste "
        "suit :\n    1. Préparer en assemblage des hors-d'oeuvre e"
    )
    assert len(certs) == 1 and certs[0].truncated
    assert certs[0].title == "Préparer en assemblage des hors-d'oeuvre e"


def test_announced_five_listed_four_is_not_a_cut(certs_of):
    certs, _ = certs_of(
        "Le titre professionnel d'agent (e) de restauration est composé des cinq unités constitutives suivantes :\n\n"
        "1. Préparer en assemblage des hors-d'œuvre et des desserts.\n\n"
        "2. Réaliser des grillades.\n\n"
        "3. Accueillir les clients.\n\n"
        "4. Réaliser le lavage de la batterie de cuisine.\n\n"
        "Elles peuvent être sanctionnées par des certificats de compétences professionnelles (CCP).\n"
    )
    assert len(certs) == 4 and not any(c.truncated for c in certs)


def test_ccs_are_not_certificates(certs_of):
    certs, _ = certs_of(
        "Le titre professionnel technicien de laboratoire est composé des trois unités constitutives dont la "
        "liste suit :\n1. Prélever un échantillon et le conditionner.\n2. Procéder à des essais en microbiologie.\n"
        "3. Procéder à des essais en chimie et biochimie.\n"
        "Elles peuvent être sanctionnées par des certificats de compétences professionnelles (CCP).\n"
        "Le titre professionnel de technicien(ne) de laboratoire peut être complété par les unités de "
        "spécialisation suivantes :\n1. Procéder à des essais spécialisés en chimie et biochimie ;\n"
        "2. Procéder à des essais spécialisés en biologie.\n"
        "Elles sont sanctionnées par des certificats complémentaires de spécialisation (CCS).\n"
    )
    assert [c.rank for c in certs] == [1, 2, 3]
    assert certs[0].title == "Prélever un échantillon et le conditionner"


@pytest.mark.parametrize(
    "intro, items",
    [
        (
            "Le titre professionnel est composé des 2 blocs de compétences suivants :",
            ["1) Prospecter un secteur de vente ;", "2) Accompagner le client ;"],
        ),
        (
            "Le titre professionnel est constitué de deux blocs de compétences :",
            ["a) Prospecter un secteur de vente ;", "b) Accompagner le client."],
        ),
        (
            "Il est composé des deux certificats de compétences professionnelles qui suivent :",
            ["- CCP 1 : Prospecter un secteur de vente ;", "- CCP 2 : Accompagner le client."],
        ),
        (
            "Le titre professionnel de vendeur comprend les deux blocs de compétences suivants :",
            [
                "1° RNCP37274BC01 - Prospecter un secteur de vente ;",
                "2° RNCP37274BC02 - Accompagner le client.",
            ],
        ),
        (
            "Le titre professionnel de vendeur est composé des deux unités constitutives suivantes.",
            ["1. Prospecter un secteur de", "vente ;", "2. Accompagner le client."],
        ),
    ],
)
def test_list_variations(certs_of, intro, items):
    certs, _ = certs_of(intro + "\n" + "\n".join(items) + "\nIls sont sanctionnés par des CCP.\n")
    assert [c.title for c in certs] == ["Prospecter un secteur de vente", "Accompagner le client"]


def test_hours_by_certificate_number(certs_of):
    certs, total = certs_of(
        "Le titre professionnel est composé des deux blocs de compétences suivants :\n"
        "1. Prospecter un secteur de vente ;\n2. Accompagner le client.\n"
        "Le candidat réalise le dossier à partir de périodes en entreprise d'une durée totale minimum de 1 200 "
        "heures.\nPour un certificat, les périodes en entreprise ont une durée minimum de :\n"
        "- 70 heures pour le CCP 1 ;\n- 140 heures pour le CCP 2.\n"
    )
    assert [c.min_hours for c in certs] == [70, 140]
    assert total == 1200


def test_certificates_from_the_hours_article_alone(certs_of):
    certs, total = certs_of(
        "Article 6\n"
        "Le candidat qui se présente à une session d'examen du titre après un parcours de formation réalise les "
        "documents attendus à partir de l'activité réalisée lors d'une période en entreprise. Cette période en "
        "entreprise, d'une durée de 280 heures minimum est obligatoire pour se présenter aux épreuves du titre.\n"
        "Le candidat qui se présente à une session d'examen en vue de l'obtention d'un certificat de compétences "
        "professionnelles « Prospecter un secteur de vente » après un parcours de formation réalise les documents "
        "attendus à partir de l'activité réalisée lors d'une période en entreprise. Cette période en entreprise, "
        "d'une durée de 140 heures minimum est obligatoire pour se présenter aux épreuves du certificat.\n"
    )
    assert [(c.title, c.min_hours) for c in certs] == [("Prospecter un secteur de vente", 140)]
    assert total == 280


def test_hours_match_titles_with_small_differences(certs_of):
    certs, _ = certs_of(
        "Le titre professionnel est composé des deux blocs de compétences suivants :\n"
        "1. Prospecter un secteur de vente ;\n2. Vendre en face à face des produits et des services.\n"
        "Le candidat réalise le dossier à partir de périodes en entreprise d'une durée minimum de :\n"
        "1° 70 heures pour le CCP « Prospecter un secteur de vente » ;\n"
        "2° 105 heures pour le CCP « Vendre en face-à-face des produits et des services ».\n"
    )
    assert [c.min_hours for c in certs] == [70, 105]


ANNEX = (
    "Capacités attestées et descriptif\n\ndes composantes de la certification\n\n"
    "1. Préparer, isoler et caractériser des produits\n\ndans le domaine physico-chimique\n\n"
    "Exploiter les données de documents techniques.\n\nPlanifier les différentes phases.\n\n"
    "2. Préparer, réaliser et exploiter\n\ndes analyses physico-chimiques\n\n"
    "Préparer des réactifs.\n\n"
    "Secteurs d'activités et types d'emploi\n\naccessibles par le détenteur du titre\n\n"
    "L'emploi s'exerce principalement dans des laboratoires.\n"
)


def test_skills_and_wrapped_bloc_titles_from_the_annex(certs_of):
    certs, _ = certs_of(
        "Le titre professionnel de technicien(ne) supérieur(e) physicien(ne) chimiste est composé des deux unités "
        "constitutives dont la liste suit :\n"
        "1. Préparer, isoler et caractériser des produits dans le domaine physico-chimique ;\n"
        "2. Préparer, réaliser et exploiter des analyses physico-chimiques.\n"
        "Elles peuvent être sanctionnées par des certificats de compétences professionnelles (CCP).\n"
        "ANNEXE\n" + ANNEX
    )
    assert certs[0].skills == [
        "Exploiter les données de documents techniques",
        "Planifier les différentes phases",
    ]
    assert certs[1].skills == ["Préparer des réactifs"]


def test_certificates_from_the_annex_when_no_article_lists_them(certs_of):
    certs, _ = certs_of("ANNEXE\n" + ANNEX)
    assert [c.title for c in certs] == [
        "Préparer, isoler et caractériser des produits dans le domaine physico-chimique",
        "Préparer, réaliser et exploiter des analyses physico-chimiques",
    ]


def test_the_list_about_this_titre_wins(certs_of):
    certs, _ = certs_of(
        "Arrêté du 31 juillet 2003 relatif au titre professionnel de technicien de maintenance\n"
        "Article 1\nLe titre professionnel de technicien de maintenance est créé.\n"
        "Le titre professionnel de technicien de maintenance est composé des deux unités constitutives dont la "
        "liste suit :\n1. Installer et maintenir des équipements frigorifiques.\n"
        "2. Installer et maintenir des équipements de cuisson.\n"
        "Article 3\nLe titre professionnel de technicien(ne) d'intervention est composé des deux unités "
        "constitutives dont la liste suit :\n1. Installer des équipements frigorifiques ;\n"
        "2. Installer des équipements de cuisson.\n"
        "Elles peuvent être sanctionnées par des certificats de compétences professionnelles (CCP).\n"
    )
    assert [c.title for c in certs] == [
        "Installer et maintenir des équipements frigorifiques",
        "Installer et maintenir des équipements de cuisson",
    ]


@pytest.mark.parametrize(
    "raw, title",
    [
        ("CCP « Encadrement et animation d’équipe » ;", "Encadrement et animation d’équipe"),
        ("CCP1 : Prospecter un secteur de vente", "Prospecter un secteur de vente"),
        ("Bloc de compétences n° 2 : Vendre en face à face.", "Vendre en face à face"),
        ("Monter une structure bois.", "Monter une structure bois"),
        ("Construire l'offre « overseas ».", "Construire l'offre « overseas »"),
    ],
)
def test_clean_title(raw, title):
    assert clean_title(raw) == title


# variations: list intros, item markers and hours articles as other arrêtés write them ------------------------------
# Every text below was written for these tests; each varies a real sentence of the corpus quoted in a comment above.

TWO = ["Prospecter un secteur de vente", "Accompagner le client"]


# real (2022-11-21_conseiller-insertion-professionnelle): "Le titre professionnel de conseiller en insertion
# professionnelle est constitué des trois blocs de compétences suivants :" then "1° …", "2° …", "3° …"
@pytest.mark.parametrize(
    "intro, items",
    [
        # variation: "se compose de", items labelled "CCP 1 :" without a dash
        (
            "Le titre professionnel de vendeur se compose de deux certificats de compétences professionnelles :",
            ["CCP 1 : Prospecter un secteur de vente", "CCP 2 : Accompagner le client"],
        ),
        # variation: items labelled "Bloc de compétences n° 1 :"
        (
            "Le titre professionnel de vendeur est constitué des deux blocs de compétences suivants :",
            [
                "Bloc de compétences n° 1 : Prospecter un secteur de vente ;",
                "Bloc de compétences n° 2 : Accompagner le client.",
            ],
        ),
        # variation: roman numerals
        (
            "Le titre professionnel de vendeur est composé des deux certificats de compétences professionnelles suivants :",
            ["I. Prospecter un secteur de vente ;", "II. Accompagner le client."],
        ),
        # variation: "1° Certificat de compétences professionnelles « … »" spelled out before each title
        (
            "Le titre professionnel de vendeur est composé des deux certificats de compétences professionnelles (CCP) "
            "suivants :",
            [
                "1° Certificat de compétences professionnelles « Prospecter un secteur de vente » ;",
                "2° Certificat de compétences professionnelles « Accompagner le client ».",
            ],
        ),
        # variation: "est structuré en"
        (
            "Le titre professionnel de vendeur est structuré en deux blocs de compétences :",
            ["1. Prospecter un secteur de vente ;", "2. Accompagner le client."],
        ),
        # variation: each title in guillemets alone on its line, no number or dash before it
        (
            "Le titre professionnel de vendeur est composé de deux certificats de compétences professionnelles :",
            ["« Prospecter un secteur de vente » ;", "« Accompagner le client »."],
        ),
    ],
)
def test_variation_list_intros_and_markers(certs_of, intro, items):
    certs, _ = certs_of(
        "Arrête :\n" + intro + "\n" + "\n".join(items) + "\nIls sont sanctionnés par des CCP.\n"
    )
    assert [c.title for c in certs] == TWO


def test_variation_inline_list_in_guillemets(certs_of):
    # variation of the real intro: the items follow the colon on the same line, in guillemets
    certs, _ = certs_of(
        "Arrête :\nLe titre professionnel de vendeur est composé des deux certificats de compétences "
        "professionnelles suivants : « Prospecter un secteur de vente » et « Accompagner le client ».\n"
    )
    assert [c.title for c in certs] == TWO


def test_variation_eleven_items_announced_in_words(certs_of):
    # variation: a count beyond the corpus ("onze"), every item read and none cut
    items = [f"{i}. Activité {i} ;" for i in range(1, 12)]
    certs, _ = certs_of(
        "Le titre professionnel de vendeur est composé des onze certificats de compétences professionnelles "
        "suivants :\n" + "\n".join(items) + "\nIls sont sanctionnés par des CCP.\n"
    )
    assert len(certs) == 11 and certs[10].title == "Activité 11"


# real: "réalise le dossier à partir de périodes en entreprise, d'une durée totale minimum de 385 heures." /
# "1° 70 heures pour le certificat de compétences professionnelles « Accueillir … » ;"
@pytest.mark.parametrize(
    "hours_article, total, hours",
    [
        # variation: "périodes de formation en entreprise", "intitulé « … »"
        (
            "Le candidat réalise le dossier à partir de périodes de formation en entreprise d'une durée totale minimum "
            "de 210 heures.\nLe candidat qui se présente à un certificat réalise ce dossier à partir de périodes de "
            "formation en entreprise d'une durée minimum de :\n"
            "1° 105 heures pour le certificat de compétences professionnelles intitulé « Prospecter un secteur de "
            "vente » ;\n2° 105 heures pour le certificat de compétences professionnelles intitulé « Accompagner le "
            "client ».",
            210,
            [105, 105],
        ),
        # variation: "périodes d'application en entreprise", hours as "h" after "CCP n :"
        (
            "Le candidat réalise le dossier à partir de périodes d'application en entreprise d'une durée totale "
            "minimale de 280 heures.\nPour un CCP, les périodes d'application en entreprise durent au minimum :\n"
            "- CCP 1 : 70 h ;\n- CCP 2 : 105 h.",
            280,
            [70, 105],
        ),
        # variation: "périodes en milieu professionnel", titles without guillemets
        (
            "Le candidat réalise le dossier à partir de périodes en milieu professionnel d'une durée totale minimum de "
            "1 050 heures.\nLe candidat qui se présente à un certificat réalise ce dossier à partir de périodes en "
            "milieu professionnel d'une durée minimum de :\n"
            "1° 70 heures pour le certificat de compétences professionnelles Prospecter un secteur de vente ;\n"
            "2° 140 heures pour le certificat de compétences professionnelles Accompagner le client.",
            1050,
            [70, 140],
        ),
    ],
)
def test_variation_hours_articles(certs_of, hours_article, total, hours):
    certs, got_total = certs_of(
        "Arrête :\nArticle 1\nLe titre professionnel de vendeur est composé des deux certificats de compétences "
        "professionnelles suivants :\n1. Prospecter un secteur de vente ;\n2. Accompagner le client.\n"
        "Article 2\n" + hours_article + "\n"
    )
    assert [c.title for c in certs] == TWO
    assert [c.min_hours for c in certs] == hours
    assert got_total == total


def test_variation_activites_types(certs_of):
    # variation of the real intros: the list announced as "activités types" (each sanctioned by a CCP)
    certs, _ = certs_of(
        "Arrête :\nLe titre professionnel de vendeur est composé des deux activités types suivantes :\n"
        "1. Prospecter un secteur de vente ;\n2. Accompagner le client.\n"
        "Chaque activité type est sanctionnée par un certificat de compétences professionnelles.\n"
    )
    assert [c.title for c in certs] == TWO


def test_variation_total_and_certificates_in_one_sentence(certs_of):
    # variation of the real hours article: the total and each certificate's hours in one sentence ("dont …")
    certs, total = certs_of(
        "Arrête :\nArticle 1\nLe titre professionnel de vendeur est composé des deux certificats de compétences "
        "professionnelles suivants :\n1. Prospecter un secteur de vente ;\n2. Accompagner le client.\nArticle 2\n"
        "Le candidat réalise le dossier à partir de périodes en entreprise d'une durée totale minimum de 210 heures, "
        "dont 105 heures pour le certificat de compétences professionnelles « Prospecter un secteur de vente » et 70 "
        "heures pour le certificat de compétences professionnelles « Accompagner le client ».\n"
    )
    assert [c.min_hours for c in certs] == [105, 70]
    assert total == 210


# ---- issue 13: hours in weeks, tables of hours and of certificates ------------------------------------------------
# Written for these tests. GOLD.md records hours: a duration given in weeks only gives none; weeks with their hours
# ("8 semaines, soit 280 heures", "280 heures (8 semaines)") give the hours; a weekly rate is not a duration.

VENDEUR = (
    "Arrête :\nArticle 1\nLe titre professionnel de vendeur est composé des deux certificats de compétences "
    "professionnelles suivants :\n1. Prospecter un secteur de vente ;\n2. Accompagner le client.\nArticle 2\n"
)
CCP_A = "le certificat de compétences professionnelles « Prospecter un secteur de vente »"
CCP_B = "le certificat de compétences professionnelles « Accompagner le client »"
PER_CCP = "Le candidat à un certificat réalise ce dossier à partir de périodes en entreprise d'une durée minimum de :\n"


@pytest.mark.parametrize(
    "hours_article, total, hours",
    [
        (
            "Le candidat réalise le dossier à partir de périodes en entreprise d'une durée totale de huit semaines.",
            None,
            [None, None],
        ),
        (
            "Les périodes en entreprise ont une durée totale minimale de 8 semaines, soit 280 heures.",
            280,
            [None, None],
        ),
        (
            "Les périodes en entreprise ont une durée totale minimale de 280 heures (8 semaines).",
            280,
            [None, None],
        ),
        (
            "Les périodes en entreprise ont une durée totale minimale de 8 semaines (280 heures).",
            280,
            [None, None],
        ),
        (f"{PER_CCP}1° 2 semaines pour {CCP_A} ;\n2° 3 semaines pour {CCP_B}.", None, [None, None]),
        (
            f"{PER_CCP}1° 2 semaines, soit 70 heures, pour {CCP_A} ;\n2° 105 heures (3 semaines) pour {CCP_B}.",
            None,
            [70, 105],
        ),
        (f"{PER_CCP}2 semaines pour {CCP_A} et 105 heures pour {CCP_B}.", None, [None, 105]),
        (
            "Le candidat accomplit une période en entreprise de 35 heures par semaine pendant 8 semaines.",
            None,
            [None, None],
        ),
        (
            "Les périodes en entreprise, à raison de 35 heures hebdomadaires, ont une durée totale minimum de 280 heures.",
            280,
            [None, None],
        ),
        (
            "Les périodes en entreprise durent huit semaines.\nLa formation dure au total 1 200 heures.",
            None,
            [None, None],
        ),
    ],
    ids=[
        "weeks-only",
        "weeks-soit-hours",
        "hours-(weeks)",
        "weeks-(hours)",
        "weeks-per-ccp",
        "both-per-ccp",
        "weeks-and-hours-one-line",
        "weekly-rate",
        "weekly-rate-and-total",
        "weeks-then-other-hours",
    ],
)
def test_hours_in_weeks(certs_of, hours_article, total, hours):
    certs, got_total = certs_of(VENDEUR + hours_article + "\nArticle 3\nLe présent arrêté sera publié.\n")
    assert [c.title for c in certs] == TWO
    assert [c.min_hours for c in certs] == hours
    assert got_total == total


def _page(body: str, fmt: str):
    """One arrêté in the format a reader takes: Markdown (pipe tables), HTML (cells), plain text (pipe lines)."""
    title = "Arrêté du 2 mars 2020 relatif au titre professionnel de vendeur"
    if fmt == "html":
        return legalgraph.read(f"<html><body><p>{title}</p>{body}</body></html>".encode(), path="s.html")
    heading = "# " if fmt == "md" else ""
    text = f"{heading}{title}\n\n{body}".replace("\n§ ", f"\n\n{heading}")
    return legalgraph.read(text.encode("utf-8"), path=f"s.{'md' if fmt == 'md' else 'txt'}")


def _pipes(rows: list[list[str]]) -> str:
    lines = [f"| {' | '.join(rows[0])} |", "|" + "---|" * len(rows[0])] + [
        f"| {' | '.join(r)} |" for r in rows[1:]
    ]
    return "\n".join(lines)


def _html_table(rows: list[list[str]]) -> str:
    head = "".join(f"<th>{c}</th>" for c in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows[1:])
    return f"<table><tr>{head}</tr>{body}</table>"


LIST_INTRO = "Le titre professionnel de vendeur est composé des deux certificats de compétences professionnelles suivants :"
HOURS_INTRO = "Les périodes en entreprise ont les durées minimales suivantes :"

HOURS_TABLES = {
    "titles-heures": (
        [
            ["Certificat de compétences professionnelles", "Durée minimale"],
            [TWO[0], "70 heures"],
            [TWO[1], "105 h"],
        ],
        None,
    ),
    "ranks-column": ([["CCP", "Durée (heures)"], ["CCP 1", "70"], ["CCP 2", "105"], ["Total", "175"]], 175),
    "prefixed-titles": (
        [
            ["Certificat", "Nombre d'heures"],
            [f"CCP 1 - {TWO[0]}", "70"],
            [f"CCP 2 - {TWO[1]}", "105"],
            ["Durée totale", "175 heures"],
        ],
        175,
    ),
}


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
@pytest.mark.parametrize("table", list(HOURS_TABLES), ids=list(HOURS_TABLES))
def test_hours_table(fmt, table):
    rows, total = HOURS_TABLES[table]
    grid = _html_table(rows) if fmt == "html" else _pipes(rows)
    if fmt == "html":
        body = (
            f"<p>Article 1</p><p>{LIST_INTRO}</p><p>1. {TWO[0]} ;</p><p>2. {TWO[1]}.</p>"
            f"<p>Article 2</p><p>{HOURS_INTRO}</p>{grid}<p>Article 3</p><p>Le présent arrêté sera publié.</p>"
        )
    else:
        body = (
            f"§ Article 1\n\n{LIST_INTRO}\n\n1. {TWO[0]} ;\n2. {TWO[1]}.\n§ Article 2\n\n{HOURS_INTRO}\n\n{grid}\n"
            "§ Article 3\n\nLe présent arrêté sera publié.\n"
        )
    certs, got_total = find_certificates(_page(body, fmt))
    assert [(c.title, c.min_hours) for c in certs] == [(TWO[0], 70), (TWO[1], 105)]
    assert got_total == total


def test_numbers_of_a_table_without_hours_are_not_hours():
    rows = [["Certificat", "Rang"], [TWO[0], "1"], [TWO[1], "2"]]
    body = (
        f"§ Article 1\n\n{LIST_INTRO}\n\n1. {TWO[0]} ;\n2. {TWO[1]}.\n§ Article 2\n\n{HOURS_INTRO}\n\n"
        f"{_pipes(rows)}\n§ Article 3\n\nLe présent arrêté sera publié.\n"
    )
    certs, total = find_certificates(_page(body, "md"))
    assert [c.min_hours for c in certs] == [None, None] and total is None


LIST_TABLES = {
    "number-title": [
        ["N°", "Intitulé du certificat de compétences professionnelles"],
        ["1", TWO[0]],
        ["2", TWO[1]],
    ],
    "title-only": [["Certificats de compétences professionnelles"], [TWO[0]], [TWO[1]]],
    "labelled-ranks": [
        ["Bloc", "Intitulé"],
        ["Bloc de compétences n° 1", TWO[0]],
        ["Bloc de compétences n° 2", TWO[1]],
    ],
}


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
@pytest.mark.parametrize("table", list(LIST_TABLES), ids=list(LIST_TABLES))
def test_certificates_listed_in_a_table(fmt, table):
    rows = LIST_TABLES[table]
    if fmt == "html":
        body = f"<p>Article 1</p><p>{LIST_INTRO}</p>{_html_table(rows)}<p>Article 2</p><p>Le présent arrêté sera publié.</p>"
    else:
        body = (
            f"§ Article 1\n\n{LIST_INTRO}\n\n{_pipes(rows)}\n§ Article 2\n\nLe présent arrêté sera publié.\n"
        )
    doc = _page(body, fmt)
    certs, _ = find_certificates(doc)
    assert [(c.rank, c.title) for c in certs] == [(1, TWO[0]), (2, TWO[1])]
    assert all(doc.text[c.span[0] : c.span[1]] == c.title for c in certs)
