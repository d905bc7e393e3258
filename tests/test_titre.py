"""find_titre: real sentences of the corpus and variations (numbers in words, apostrophes, order, print layout).

Each case runs twice: on the Document that ``legalgraph.read`` segments, and on a bare Document (text only),
the way the extractors see a source that ``segment`` could not cut.
"""

from __future__ import annotations

import pytest

import legalgraph
from legalgraph.extract.titre import clean_name, find_titre
from legalgraph.models import Action, Document, Source, SourceFormat


def _docs(text: str) -> list[Document]:
    segmented = legalgraph.read(text.encode("utf-8"), path="snippet.txt")
    bare = Document(text=segmented.text, source=Source(None, SourceFormat.TEXT, "0"))
    return [segmented, bare]


@pytest.fixture(params=["segmented", "bare"])
def titre_of(request):
    def run(text: str):
        doc = _docs(text)[0 if request.param == "segmented" else 1]
        return find_titre(doc), doc

    return run


CIP_2022 = (
    "Arrête :\n"
    "Le titre professionnel de conseiller en insertion professionnelle est révisé. Il est enregistré dans le "
    "répertoire national des certifications professionnelles sous le même intitulé pour une durée de cinq ans à "
    "compter du 23 mars 2023. Il est classé au niveau 5 du cadre national des certifications professionnelles et "
    "dans le domaine d'activité 332t (code NSF).Versions\n"
)


def test_modern_revision(titre_of):
    t, _ = titre_of(CIP_2022)
    assert t.name == "conseiller en insertion professionnelle"
    assert t.action is Action.REVISION
    assert (t.level, t.nsf) == ("5", ["332t"])
    assert (t.registration_start, t.registration_years) == ("2023-03-23", 5)
    assert t.level_cnc == "5"


def test_old_creation_with_review_delay(titre_of):
    t, _ = titre_of(
        "Le titre professionnel d'agent de restauration est créé.\n"
        "Il est délivré dans les conditions prévues par l'arrêté du 25 novembre 2002 susvisé.\n"
        "Il est classé au niveau V de la nomenclature des niveaux de formation, telle que définie à l'article 2 du "
        "décret n° 2002-616 du 26 avril 2002 susvisé et dans le domaine d'activité 334 t (code NSF).\n"
        "Il sera réexaminé par la commission professionnelle consultative compétente dans un délai de cinq années.\n"
    )
    assert (t.name, t.action, t.level, t.nsf) == ("agent de restauration", Action.CREATION, "V", ["334t"])
    assert t.level_cnc == "3"
    # a review delay is not a registration
    assert (t.registration_start, t.registration_years) == (None, None)


def test_jo_print_typographic_apostrophes_and_six_years(titre_of):
    t, _ = titre_of(
        "Arrête :\n"
        "Art. 1er. – Le titre professionnel d’agent de propreté et d’hygiène est révisé. Il est enregistré dans le\n"
        "répertoire national des certifications professionnelles pour une durée de six ans à compter du 1er septembre\n"
        "2024. Il est classé au niveau 3 du cadre national des certifications professionnelles et dans le domaine\n"
        "d’activité 343 t (code NSF).\n"
    )
    assert t.name == "agent de propreté et d’hygiène"
    assert (t.registration_start, t.registration_years, t.level, t.nsf) == ("2024-09-01", 6, "3", ["343t"])


def test_date_before_duration_and_level_in_same_sentence(titre_of):
    t, _ = titre_of(
        "Le titre professionnel de conseiller commercial est enregistré au répertoire national des certifications "
        "professionnelles pour une durée de trois ans à compter du 31 juillet 2018, au niveau IV et dans le domaine "
        "d'activité 312t (code NSF).\n"
    )
    assert (t.action, t.level, t.registration_start, t.registration_years) == (
        Action.REVISION,
        "IV",
        "2018-07-31",
        3,
    )


def test_gender_marks_lose_inner_spaces(titre_of):
    t, _ = titre_of(
        "Le titre professionnel de technicien (ne) de contrôle non destructif est créé.\n"
        "Le titre professionnel de technicien (ne) de contrôle non destructif est enregistré au répertoire national "
        "des certifications professionnelles pour une durée de deux années à compter du 6 mars 2014.\n"
    )
    assert t.name == "technicien(ne) de contrôle non destructif"
    assert (t.action, t.registration_start, t.registration_years) == (Action.CREATION, "2014-03-06", 2)


@pytest.mark.parametrize(
    "raw, name",
    [
        ("assistant (e) import-export", "assistant(e) import-export"),
        ("vendeur (se)-conseil en magasin", "vendeur(se)-conseil en magasin"),
        ("Commercial(e)", "commercial(e)"),
        ("technicien(ne) de laboratoire.", "technicien(ne) de laboratoire"),
        (
            "monteur [se] vendeur [se] en optique-lunetterie [niveau V]",
            "monteur(se) vendeur(se) en optique-lunetterie",
        ),
        ("conseiller(ère) en insertion professionnelle", "conseiller(ère) en insertion professionnelle"),
    ],
)
def test_clean_name(raw, name):
    assert clean_name(raw) == name


def test_renaming_keeps_the_former_name(titre_of):
    t, _ = titre_of(
        "Arrête :\n"
        "Le titre professionnel de responsable de cuisine en restauration collective est révisé. Il est enregistré "
        "dans le répertoire national des certifications professionnelles sous le nouvel intitulé de chef de cuisine "
        "en restauration collective pour une durée de cinq ans à compter du 25 mai 2019. Il est classé au niveau 4 "
        "du cadre national des certifications professionnelles et dans le domaine d'activité 221t (code NSF).\n"
    )
    assert t.name == "chef de cuisine en restauration collective"
    assert t.former_names == ["responsable de cuisine en restauration collective"]
    assert (t.action, t.level, t.registration_start) == (Action.REVISION, "4", "2019-05-25")


def test_renaming_cut_by_the_fragment_is_not_taken(titre_of):
    t, _ = titre_of(
        "Arrêté du 28 septembre 2022 relatif au titre professionnel d'employé commercial\n"
        "Arrête :\n"
        "Le titre professionnel d'employé commercial en magasin est révisé. Il est enregistré dans le répertoire "
        "national des certifications professionnelles sous l'intitulé d'employé "
    )
    assert t.name == "employé commercial"
    assert t.action is Action.REVISION


def test_words_replaced_in_a_modifying_arrete(titre_of):
    t, _ = titre_of(
        "Arrêté du 16 janvier 2012 modifiant l'arrêté du 19 février 2004 modifié relatif au titre professionnel de "
        "vendeur(se) spécialisé(e) en magasin\n"
        "Arrête :\n"
        "Dans toutes les dispositions de l'arrêté du 19 février 2004 modifié susvisé, les mots : « vendeur (se) "
        "spécialisé (e) en magasin » sont remplacés par les mots : « vendeur (se)-conseil en magasin ».\n"
    )
    assert t.name == "vendeur(se)-conseil en magasin"
    assert t.former_names == ["vendeur(se) spécialisé(e) en magasin"]
    assert t.action is Action.MODIFICATION


def test_title_decides_before_the_article(titre_of):
    t, _ = titre_of(
        "Arrêté du 4 décembre 2009 relatif au titre professionnel de gouvernant(e) en hôtellerie portant "
        "modification de l'arrêté du 14 décembre 2004 relatif au titre professionnel de gouvernant(e) en hôtellerie\n"
        "Arrête :\n"
        "Article 2\n"
        "L'arrêté du 14 décembre 2004 est prorogé pour une durée de cinq ans à compter de la date d'entrée en "
        "vigueur du présent arrêté.\n"
    )
    assert (t.name, t.action) == ("gouvernant(e) en hôtellerie", Action.MODIFICATION)
    assert (t.registration_start, t.registration_years) == (None, 5)


@pytest.mark.parametrize(
    "title, action",
    [
        (
            "Arrêté du 2 décembre 2010 portant reconduction de l'arrêté du 29 décembre 2005 modifié relatif au titre "
            "professionnel de gérant(e) en restauration collective",
            Action.PROROGATION,
        ),
        (
            "Arrêté du 1er juin 2011 portant modification de l'arrêté du 27 avril 2007 portant création du titre "
            "professionnel de superviseur(se) en relations clients à distance",
            Action.MODIFICATION,
        ),
        (
            "Arrêté du 22 novembre 2007 portant création du titre professionnel de conseiller commercial",
            Action.CREATION,
        ),
        (
            "Arrêté du 9 juillet 2020 portant prorogation du titre professionnel d'employé commercial en magasin",
            Action.PROROGATION,
        ),
        (
            "Arrêté du 3 mars 2021 portant abrogation de l'arrêté du 12 mai 2006 relatif au titre professionnel de "
            "monteur(se) vendeur(se) en optique-lunetterie",
            Action.ABROGATION,
        ),
    ],
)
def test_action_from_the_title(titre_of, title, action):
    t, _ = titre_of(
        title + "\nArrête :\nLe délégué général à l'emploi est chargé de l'exécution du présent arrêté.\n"
    )
    assert t is not None and t.action is action


def test_cited_name_when_the_title_is_about_another_arrete(titre_of):
    t, _ = titre_of(
        "Arrêté du 11 février 2013 modifiant l'arrêté du 12 octobre 2007 portant création du titre professionnel de "
        "développeur(se) logiciel\n"
        "Arrête :\nArticle 5\nL'annexe à l'arrêté du 12 octobre 2007 susvisé est remplacée par l'annexe au présent "
        "arrêté modificatif.\n"
    )
    assert (t.name, t.action) == ("développeur(se) logiciel", Action.MODIFICATION)


@pytest.mark.parametrize(
    "body, action",
    [
        (
            "Après son réexamen par la commission professionnelle consultative, l'arrêté du 21 octobre 2003 est ainsi "
            "révisé :\nI. - L'arrêté du 21 octobre 2003 susvisé est prorogé pour une durée de cinq ans à compter de "
            "la date d'entrée en vigueur du présent arrêté.\nII. - « Le titre professionnel de carreleur(se) est "
            "composé des trois unités constitutives dont la liste suit :\n",
            Action.MODIFICATION,
        ),
        (
            "Le titre professionnel de technicien en systèmes de surveillance-intrusion et de vidéoprotection est "
            "enregistré au répertoire national des certifications professionnelles pour une durée de cinq ans à "
            "compter du 28 décembre 2015.\n",
            Action.REVISION,
        ),
        (
            "Le titre professionnel de conducteur de bus est prorogé pour une durée d'un an à compter du 1er janvier "
            "2021.\n",
            Action.PROROGATION,
        ),
    ],
)
def test_action_from_the_operative_article(titre_of, body, action):
    t, _ = titre_of(body)
    assert t.action is action


def test_name_in_guillemets(titre_of):
    t, _ = titre_of("Le titre professionnel « agent de sûreté et de sécurité privée » est créé.\n")
    assert (t.name, t.action) == ("agent de sûreté et de sécurité privée", Action.CREATION)


def test_prorogation_of_one_year(titre_of):
    t, _ = titre_of(
        "Le titre professionnel de conducteur de bus est prorogé pour une durée d'un an à compter du 1er janvier 2021.\n"
    )
    assert (t.name, t.registration_start, t.registration_years) == ("conducteur de bus", "2021-01-01", 1)


def test_registration_date_later_in_the_sentence(titre_of):
    t, _ = titre_of(
        "Le titre professionnel de cuisinier est enregistré pour cinq ans dans le répertoire national des "
        "certifications professionnelles, à compter du 1er janvier 2020.\n"
    )
    assert (t.registration_start, t.registration_years) == ("2020-01-01", 5)


def test_applicable_for_five_years_is_a_registration(titre_of):
    t, _ = titre_of(
        "Arrêté du 1er juin 2011 portant modification de l'arrêté du 27 avril 2007 portant création du titre "
        "professionnel de superviseur(se) en relations clients à distance\n"
        "Arrête :\nArticle 4\nLes dispositions du présent arrêté sont applicables pour une durée de cinq ans à "
        "compter du 12 mai 2012.\n"
    )
    assert (t.registration_start, t.registration_years) == ("2012-05-12", 5)


def test_annex_gives_level_nsf_rome_and_name(titre_of):
    t, doc = titre_of(
        "Arrêté du 2 décembre 2010 portant reconduction de l'arrêté du 29 décembre 2005 modifié relatif au titre "
        "professionnel de gérant(e) en restauration collective\n"
        "ANNEXE\nINFORMATIONS REQUISES POUR L'INSCRIPTION AU RÉPERTOIRE NATIONAL DES CERTIFICATIONS PROFESSIONNELLES\n"
        "Intitulé : gérant(e) en restauration collective.\nNiveau : III.\nCode NSF : 334 p.\n"
        "Code ROME :\nG1404 - Management d'établissement de restauration collective.\n"
        "Réglementation de l'activité :\nNéant.\n"
    )
    assert (t.name, t.level, t.nsf, t.rome) == (
        "gérant(e) en restauration collective",
        "III",
        ["334p"],
        ["G1404"],
    )
    assert doc.warnings == []


@pytest.mark.parametrize(
    "annex, rome",
    [
        (
            "Codes ROME :\n\nD 1401 ; M 1101.\n\nAutorité responsable de la certification :\n",
            ["D1401", "M1101"],
        ),
        ("Codes ROME : F1104-Dessin BTP ; F1106-Ingénierie et études du BTP.\n", ["F1104", "F1106"]),
        ("Code ROME :\n52322-maintenicien-maintenicienne en matériel bureautique.\n", ["52322"]),
        (
            "Codes ROME :\nROME N1202 (gestion des opérations de circulation internationale des marchandises).\n"
            "ROME N1201 (affrètement transport).\nRéglementation de l'activité :\n",
            ["N1202", "N1201"],
        ),
        ("Code(s) ROME :\n- K1801 Conseil en emploi et insertion socioprofessionnelle\n", ["K1801"]),
    ],
)
def test_rome_codes(titre_of, annex, rome):
    t, _ = titre_of(
        "ANNEXE\nINFORMATIONS REQUISES POUR L'INSCRIPTION DU TITRE PROFESSIONNEL AU RÉPERTOIRE NATIONAL DES "
        "CERTIFICATIONS PROFESSIONNELLES\nIntitulé : conseiller en insertion professionnelle.\nNiveau : 5\n"
        + annex
    )
    assert t.rome == rome


def test_unknown_codes_are_kept_and_flagged(titre_of):
    t, doc = titre_of(
        "Le titre professionnel de testeur est créé. Il est classé au niveau 4 du cadre national des certifications "
        "professionnelles et dans le domaine d'activité 999 t (code NSF).\nCode ROME :\nN9999-Inconnu.\n"
    )
    assert t.nsf == ["999t"] and t.rome == ["N9999"]
    assert "unknown NSF code 999t" in doc.warnings
    assert "unknown ROME code N9999" in doc.warnings


@pytest.mark.parametrize(
    "sentence, nsf",
    [
        ("et dans les domaines d'activité 312 t et 312 w (codes NSF).", ["312t", "312w"]),
        ("et dans le domaine d'activité 232 p (code NSF).", ["232p"]),
        ("et dans le domaine d'activité (code NSF) 311n.", ["311n"]),
    ],
)
def test_nsf_wordings(titre_of, sentence, nsf):
    t, _ = titre_of(
        "Le titre professionnel de technicien est créé. Il est classé au niveau IV " + sentence + "\n"
    )
    assert t.nsf == nsf


def test_level_inside_a_certificate_title_is_not_the_level(titre_of):
    t, _ = titre_of(
        "« Le titre professionnel de technicien(ne) de maintenance en chauffage et climatisation est composé des "
        "quatre unités constitutives dont la liste suit :\n"
        "4. Assurer la maintenance de niveau III et l'amélioration des installations climatiques.\n"
        "Maintenir au niveau IV des équipements de cuisson.\n"
    )
    assert t.level is None


def test_ai_summary_is_not_read(titre_of):
    t, _ = titre_of(
        "Vu le référentiel d'emploi, d'activités et de compétences du titre professionnel de gestionnaire des "
        "opérations de transport routier de marchandises ;\n"
        "Arrête :\nArticle 1\n"
        "Ce texte est une simplification générée par une IA.\n"
        "Il n'a pas de valeur légale et peut contenir des erreurs.\n\n"
        "Titre professionnel révisé\n\n"
        "Résumé Le titre de gestionnaire est révisé et enregistré pour cinq ans à partir du 24 août 2025, classé "
        "niveau 5 et domaine 311n.\n"
    )
    assert t.name == "gestionnaire des opérations de transport routier de marchandises"
    # nothing the act itself says is visible: the action is unknown (None), not a guess
    assert (t.action, t.level, t.nsf, t.registration_years) == (None, None, [], None)


def test_similar_certification(titre_of):
    t, _ = titre_of(
        "Arrêté du 18 juin 2018 portant création de la certification relative aux compétences acquises\n"
        "dans l’exercice d’un mandat de représentant du personnel ou d’un mandat syndical\n"
        "Arrête :\nArt. 1er\n. – Le présent arrêté procède à la création de la certification prévue à l’article "
        "L. 6112-4 du code du travail, intitulée « certification relative aux compétences acquises dans l’exercice "
        "d’un mandat de représentant du\npersonnel ou d’un mandat syndical » structurée en domaines de compétences "
        "transférables et enregistrée à\nl’inventaire mentionné au dixième alinéa du II de l’article L. 335-6 du code "
        "de l’éducation pour une période de six\nans.\n"
    )
    assert t.name == (
        "certification relative aux compétences acquises dans l’exercice d’un mandat de représentant du personnel "
        "ou d’un mandat syndical"
    )
    assert (t.action, t.registration_years, t.registration_start) == (Action.CREATION, 6, None)


@pytest.mark.parametrize(
    "text",
    [
        "Arrêté du 22 décembre 2015 relatif aux conditions de délivrance du titre professionnel du ministère chargé "
        "de l'emploi\nArticle 8\nLes documents de référence sont dénommés « référentiels ».\n",
        "Rectificatif au Journal officiel du 12 mai 2004, page 8411 : Au lieu de : « ... ministère chargé... », "
        "Lire : « ... ministre chargé... ».\n",
    ],
)
def test_not_about_a_titre(titre_of, text):
    t, _ = titre_of(text)
    assert t is None


@pytest.mark.parametrize(
    "text",
    [
        "Au titre de l'article L. 321-1 du code de la sécurité sociale, le montant est fixé à 10 euros.\n",
        "Est autorisée au titre de l'année 2026 l'ouverture d'un examen professionnel.\n",
        "Article 2\nLe titre de chef de service est attribué à M. Dupont.\n",
    ],
)
def test_everyday_titre_de_is_not_a_titre_professionnel(titre_of, text):
    t, _ = titre_of(text)
    assert t is None


def test_most_mentioned_titre_when_nothing_else_names_it(titre_of):
    t, _ = titre_of(
        "L'arrêté du 28 février 2006 susvisé est ainsi modifié :\n"
        "« Art. 3 bis. - Les unités constitutives du titre de technicien(ne) aérostructure suivantes :\n"
        "Couvrent la totalité des compétences du titre de monteur(se) de structures d'aéronefs, créé par arrêté.\n"
        "Lors d'une session de délivrance du titre de technicien(ne) aérostructure, le jury peut décider de délivrer "
        "le titre professionnel de monteur(se) de structures d'aéronefs, à défaut.\n"
        "Les titulaires sont réputés titulaires du titre professionnel de technicien(ne) aérostructure.\n"
    )
    assert (t.name, t.action) == ("technicien(ne) aérostructure", Action.MODIFICATION)


# variations: how arrêtés on titres professionnels word the operative article, renamings and registrations ----------
# Every sentence below was written for these tests: each varies a real sentence of the corpus, quoted in a comment
# above it. They check that the rules hold for texts the corpus does not hold (other titres, other years, other
# copies), not only for the 59 files they were first written on.


# real (2022-11-21_conseiller-insertion-professionnelle, 2023-06-07_agent-proprete-hygiene): "Il est enregistré dans
# le répertoire national des certifications professionnelles pour une durée de cinq ans à compter du 23 mars 2023."
# / "… à compter du 1er septembre\n2024."
@pytest.mark.parametrize(
    "sentence, start, years",
    [
        # variation: "1ᵉʳ" in superscript letters
        ("pour une durée de cinq ans à compter du 1ᵉʳ septembre 2024.", "2024-09-01", 5),
        # variation: "premier" spelled out
        ("pour une durée de cinq ans à compter du premier septembre 2024.", "2024-09-01", 5),
        # variation: "1 er" split by a PDF copy
        ("pour une durée de cinq ans à compter du 1 er septembre 2024.", "2024-09-01", 5),
        # variation: "à partir du"
        ("pour une durée de cinq ans à partir du 1er septembre 2024.", "2024-09-01", 5),
        # variation: a digit and a numeric date
        ("pour une durée de 5 ans à compter du 01/09/2024.", "2024-09-01", 5),
        # variation: ten years, a number word the corpus never shows for a duration
        ("pour une durée de dix ans à compter du 1er août 2026.", "2026-08-01", 10),
        # variation: the start before the duration
        ("à compter du 1er septembre 2024 et pour une durée de quatre ans.", "2024-09-01", 4),
    ],
)
def test_variation_registration_dates_and_durations(titre_of, sentence, start, years):
    t, _ = titre_of(
        "Arrête :\nLe titre professionnel de monteur dépanneur en climatisation est révisé. Il est enregistré dans "
        "le répertoire national des certifications professionnelles " + sentence + "\n"
    )
    assert (t.registration_start, t.registration_years) == (start, years)


# real (2009-12-04_modif_gouvernant-hotellerie): "L'arrêté du 14 décembre 2004 est prorogé pour une durée de cinq ans à
# compter de la date d'entrée en vigueur du présent arrêté."
@pytest.mark.parametrize(
    "sentence, action, start, years",
    [
        # variation: the registration itself prorogued, "d'un an" without "pour une durée"
        (
            "L'enregistrement du titre professionnel de conducteur de bus dans le répertoire national des "
            "certifications professionnelles est prorogé d'un an à compter du 1er janvier 2025.",
            Action.PROROGATION,
            "2025-01-01",
            1,
        ),
        # variation: "prolongé de deux ans"
        (
            "L'enregistrement du titre professionnel de conducteur de bus est prolongé de deux ans à compter du 1er "
            "janvier 2025.",
            Action.PROROGATION,
            "2025-01-01",
            2,
        ),
        # variation: the feminine "La durée d'enregistrement … est prolongée"
        (
            "La durée d'enregistrement du titre professionnel de conducteur de bus au répertoire national des "
            "certifications professionnelles est prolongée pour une durée d'un an à compter du 1er janvier 2025.",
            Action.PROROGATION,
            "2025-01-01",
            1,
        ),
        # variation: prorogued until a date: no start, no duration is printed
        (
            "L'enregistrement du titre professionnel de conducteur de bus au répertoire national des certifications "
            "professionnelles est prorogé jusqu'au 31 décembre 2025.",
            Action.PROROGATION,
            None,
            None,
        ),
        # variation: "enregistré pour cinq ans au répertoire" (the duration between the verb and the répertoire)
        (
            "Le titre professionnel de conducteur de bus est enregistré pour cinq ans au répertoire national des "
            "certifications professionnelles, à compter du 1er août 2026.",
            Action.REVISION,
            "2026-08-01",
            5,
        ),
        # variation: "inscrit au répertoire"
        (
            "Le titre professionnel de conducteur de bus est inscrit au répertoire national des certifications "
            "professionnelles pour une durée de cinq ans à compter du 1er août 2026.",
            Action.REVISION,
            "2026-08-01",
            5,
        ),
    ],
)
def test_variation_prorogations_and_registrations(titre_of, sentence, action, start, years):
    t, _ = titre_of("Arrête :\n" + sentence + "\n")
    assert t.name == "conducteur de bus"
    assert (t.action, t.registration_start, t.registration_years) == (action, start, years)


# real (2019-02-25_chef-de-cuisine-restauration-collective): "Le titre professionnel de responsable de cuisine en
# restauration collective est révisé. Il est enregistré dans le répertoire national des certifications
# professionnelles sous le nouvel intitulé de chef de cuisine en restauration collective pour une durée de cinq ans …"
@pytest.mark.parametrize(
    "body",
    [
        # variation: the new name in guillemets after "sous l'intitulé"
        "Le titre professionnel de cuisinier est révisé. Il est enregistré dans le répertoire national des "
        "certifications professionnelles sous l'intitulé « cuisinier en restauration collective » pour une durée de "
        "cinq ans à compter du 1er mars 2025.",
        # variation: "devient"
        "Le titre professionnel de cuisinier devient le titre professionnel de cuisinier en restauration collective.",
        # variation: "sous la nouvelle dénomination de"
        "Le titre professionnel de cuisinier est révisé. Il est enregistré dans le répertoire national des "
        "certifications professionnelles sous la nouvelle dénomination de cuisinier en restauration collective pour "
        "une durée de cinq ans à compter du 1er mars 2025.",
    ],
)
def test_variation_renamings(titre_of, body):
    t, _ = titre_of("Arrête :\n" + body + "\n")
    assert t.name == "cuisinier en restauration collective"
    assert t.former_names == ["cuisinier"]


@pytest.mark.parametrize(
    "body, name, action",
    [
        # real: "Le titre professionnel d'agent de restauration est créé." — variation: inverted, "Il est créé un"
        (
            "Il est créé un titre professionnel de soudeur assembleur industriel.",
            "soudeur assembleur industriel",
            Action.CREATION,
        ),
        # variation: "Est créé le titre professionnel …, classé au niveau 3 …"
        (
            "Art. 1er. – Est créé le titre professionnel d’agent de maintenance des bâtiments, classé au niveau 3 du "
            "cadre national des certifications professionnelles.",
            "agent de maintenance des bâtiments",
            Action.CREATION,
        ),
        # variation: an incidental clause between the name and the verb
        (
            "Le titre professionnel de technicien de maintenance industrielle, créé par l'arrêté du 12 mars 2018, "
            "est prorogé pour une durée d'un an à compter du 1er janvier 2024.",
            "technicien de maintenance industrielle",
            Action.PROROGATION,
        ),
        # variation: "intitulé" before the name in guillemets
        (
            "Le titre professionnel intitulé « agent de sûreté et de sécurité privée » est créé.",
            "agent de sûreté et de sécurité privée",
            Action.CREATION,
        ),
        # variation: a name with two gender marks "(ne)" / "(e)"
        (
            "Le titre professionnel de technicien(ne) supérieur(e) en méthodes et exploitation logistique est "
            "révisé.",
            "technicien(ne) supérieur(e) en méthodes et exploitation logistique",
            Action.REVISION,
        ),
    ],
)
def test_variation_operative_article(titre_of, body, name, action):
    t, _ = titre_of("Arrête :\n" + body + "\n")
    assert (t.name, t.action) == (name, action)


# real (2023-06-07_agent-proprete-hygiene): "Il est classé au niveau 3 du cadre national des certifications
# professionnelles et dans le domaine d’activité 343 t (code NSF)."
@pytest.mark.parametrize(
    "sentence, level, nsf",
    [
        # variation: three domains, a comma list
        (
            "Il est classé au niveau 3 du cadre national des certifications professionnelles et dans les domaines "
            "d'activité 311t, 311m et 312t (codes NSF).",
            "3",
            ["311t", "311m", "312t"],
        ),
        # variation: "relève du niveau … et du domaine …"
        (
            "Il relève du niveau 4 du cadre national des certifications professionnelles et du domaine d'activité "
            "311t (code NSF).",
            "4",
            ["311t"],
        ),
        # variation: "niveau de qualification"
        (
            "Il est classé au niveau de qualification 6 du cadre national des certifications professionnelles et dans "
            "le domaine d'activité 310 m (code NSF).",
            "6",
            ["310m"],
        ),
        # variation: "dans la spécialité … (code NSF)"
        ("Il est classé au niveau 4 et dans la spécialité 311 t (code NSF).", "4", ["311t"]),
        # variation: "(NSF)" without "code", capital letter
        (
            "Il est classé au niveau 4 du cadre national des certifications professionnelles et dans le domaine "
            "d'activité 311 T (NSF).",
            "4",
            ["311t"],
        ),
        # variation: "(code NSF : 311t)" inside the parenthesis
        (
            "Il est classé au niveau 5 du cadre national des certifications professionnelles (domaine d'activité, code "
            "NSF : 311t).",
            "5",
            ["311t"],
        ),
        # variation: the old nomenclature, "interministérielle"
        (
            "Il est classé au niveau IV de la nomenclature interministérielle des niveaux de formation et dans le "
            "domaine d’activité 230 n (code NSF).",
            "IV",
            ["230n"],
        ),
    ],
)
def test_variation_level_and_nsf(titre_of, sentence, level, nsf):
    t, _ = titre_of("Le titre professionnel de vendeur est créé. " + sentence + "\n")
    assert (t.level, t.nsf) == (level, nsf)


# real (2022-11-21 annex): "Code ROME :\nK1801 Conseil en emploi et insertion socioprofessionnelle."
@pytest.mark.parametrize(
    "annex, rome",
    [
        # variation: the label after each code, in parentheses, one per line
        (
            "Code(s) ROME :\nConseil en emploi et insertion socioprofessionnelle (K1801)\n"
            "Intervention socioéducative (K1207)\nRéglementation de l'activité :\n",
            ["K1801", "K1207"],
        ),
        # variation: several "code - label" on the label line
        ("Codes ROME : D1106 - Vente en alimentation, D1214 - Vente en habillement\n", ["D1106", "D1214"]),
        # variation: "fiches ROME" without a colon, in prose
        ("Il conduit aux emplois des fiches ROME K1801 et K1207.\n", ["K1801", "K1207"]),
        # variation: dashed codes, one per line, each ending with ";" or "."
        (
            "Codes ROME :\n- K1801 ;\n- K1207.\nAutorité responsable de la certification :\n",
            ["K1801", "K1207"],
        ),
    ],
)
def test_variation_rome_layouts(titre_of, annex, rome):
    t, _ = titre_of(
        "ANNEXE\nINFORMATIONS REQUISES POUR L'INSCRIPTION DU TITRE PROFESSIONNEL AU RÉPERTOIRE NATIONAL DES "
        "CERTIFICATIONS PROFESSIONNELLES\nIntitulé : conseiller en insertion professionnelle.\nNiveau : 5\n"
        + annex
    )
    assert t.rome == rome


# real: "Niveau : 5" / "Niveau : III." (annexes) — variations: "Niveau de qualification : 4", "Niveau : niveau 4 …"
@pytest.mark.parametrize(
    "line, level", [("Niveau de qualification : 4", "4"), ("Niveau : niveau 4 (cadre national)", "4")]
)
def test_variation_annex_level(titre_of, line, level):
    t, _ = titre_of(
        "ANNEXE\nIntitulé :\nTitre professionnel : Conseiller en insertion professionnelle\n" + line + "\n"
        "Code NSF : 332t\n"
    )
    assert (t.name, t.level, t.nsf) == ("conseiller en insertion professionnelle", level, ["332t"])


@pytest.mark.parametrize(
    "title, action",
    [
        # real: "portant reconduction de l'arrêté du …" — variations: other verbs of the same families
        (
            "Arrêté du 9 juillet 2020 portant prolongation du titre professionnel d'employé commercial en magasin",
            Action.PROROGATION,
        ),
        (
            "Arrêté du 9 juillet 2020 prorogeant le titre professionnel d'employé commercial en magasin",
            Action.PROROGATION,
        ),
        (
            "Arrêté du 9 juillet 2020 portant renouvellement du titre professionnel d'employé commercial en magasin",
            Action.PROROGATION,
        ),
    ],
)
def test_variation_action_from_the_title(titre_of, title, action):
    t, _ = titre_of(
        title + "\nArrête :\nLe délégué général à l'emploi est chargé de l'exécution du présent arrêté.\n"
    )
    assert t is not None and t.action is action
    assert t.name == "employé commercial en magasin"


def test_variation_name_stops_before_the_repertoire(titre_of):
    # real (2022-11-21 annex): "… pour l'enregistrement du titre professionnel dans le répertoire national …";
    # variation: the only naming of the titre is followed by "au répertoire national" and "comprend"
    t, _ = titre_of(
        "Arrête :\nL'enregistrement du titre professionnel de conducteur de bus au répertoire national des "
        "certifications professionnelles est prorogé jusqu'au 31 décembre 2025.\n"
    )
    assert t.name == "conducteur de bus"
    t, _ = titre_of(
        "Arrête :\nLe titre professionnel de maçon comprend les quatre blocs de compétences suivants :\n"
        "a) Construire des ouvrages en maçonnerie ;\nb) Réaliser des enduits.\n"
    )
    assert t.name == "maçon"


def test_variation_one_word_replaced(titre_of):
    # real (2012-01-16_modif_vendeur-conseil-en-magasin): "les mots : « vendeur (se) spécialisé (e) en magasin » sont
    # remplacés par les mots : « vendeur (se)-conseil en magasin »" — variation: singular "le mot … est remplacé"
    t, _ = titre_of(
        "Arrêté du 16 janvier 2012 modifiant l'arrêté du 19 février 2004 relatif au titre professionnel de "
        "vendeur spécialisé en magasin\nArrête :\nDans l'article 1er de l'arrêté du 19 février 2004 susvisé, le mot : "
        "« vendeur spécialisé en magasin » est remplacé par le mot : « vendeur-conseil en magasin ».\n"
    )
    assert (t.name, t.former_names, t.action) == (
        "vendeur-conseil en magasin",
        ["vendeur spécialisé en magasin"],
        Action.MODIFICATION,
    )


def test_variation_cited_title_portant_revision(titre_of):
    # real: "Arrêté du 11 février 2013 modifiant l'arrêté du 12 octobre 2007 portant création du titre professionnel
    # de développeur(se) logiciel" — variation: the cited arrêté is one "portant révision du titre"
    t, _ = titre_of(
        "Arrêté du 11 février 2013 modifiant l'arrêté du 12 octobre 2007 portant révision du titre professionnel de "
        "développeur logiciel\nArrête :\nArticle 5\nL'annexe à l'arrêté du 12 octobre 2007 susvisé est remplacée par "
        "l'annexe au présent arrêté modificatif.\n"
    )
    assert (t.name, t.action) == ("développeur logiciel", Action.MODIFICATION)


def test_variation_registration_sentence_mentioning_the_examination(titre_of):
    # variation of the real "Il est enregistré dans le répertoire national … pour une durée de cinq ans à compter du
    # 23 mars 2023.": the same sentence goes on about the examination; it is still a registration
    t, _ = titre_of(
        "Arrête :\nLe titre professionnel de cuisinier est révisé. Il est enregistré dans le répertoire national des "
        "certifications professionnelles pour une durée de cinq ans à compter du 1er janvier 2025, date de la première "
        "session d'examen.\n"
    )
    assert (t.registration_start, t.registration_years) == ("2025-01-01", 5)


def test_variation_abrogation_without_title(titre_of):
    # varies a title written for test_action_from_the_title above ("… portant abrogation de l'arrêté du 12 mai 2006
    # relatif au titre professionnel de …"), itself not from the corpus: a fragment holding only the operative
    # article, the titre named in the cited arrêté's subject ("relatif au titre professionnel de …")
    t, _ = titre_of(
        "Arrête :\nArticle 1er\nL'arrêté du 12 mai 2006 relatif au titre professionnel de monteur vendeur en "
        "optique-lunetterie est abrogé à compter du 1er janvier 2022.\n"
    )
    assert (t.name, t.action) == ("monteur vendeur en optique-lunetterie", Action.ABROGATION)
