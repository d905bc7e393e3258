"""find_changes: the changes a modifying act makes to other acts (kind, act, article, date).

The first part runs short fixture texts written for these tests (not real texts): each drafting pattern of the
Guide de légistique, with variations (1er / premier, "est remplacé" / "sont remplacées", "ainsi rédigé(e)(s)",
items I. / 1° / a) / -, quotes holding trigger words, several acts, dates). The second part checks every real text
of the corpus against what a reader finds in it by hand.
"""

from __future__ import annotations

from functools import cache

import pytest

import legalgraph
from legalgraph.extract.pipeline import to_spacy
from legalgraph.models import ChangeKind as C
from tests.conftest import CORPUS, corpus_files

# A modifying arrêté's head: the title names the act it modifies, the visas cite it and another one.
HEAD = (
    "Arrêté du 3 mars 2014 modifiant l'arrêté du 21 octobre 2003 relatif au titre professionnel de carreleur\n\n"
    "Vu l'arrêté du 21 octobre 2003 relatif au titre professionnel de carreleur ;\n"
    "Vu l'arrêté du 9 mars 2006 relatif aux conditions de délivrance du titre professionnel du ministère chargé de "
    "l'emploi ;\n\n"
    "Arrête :\n\n"
)


def parse(text: str):
    return legalgraph.parse(text.encode("utf-8"), path="snippet.txt")


def changes(text: str, head: str = HEAD) -> list[tuple]:
    """(kind, target key, article, date, date basis, years) of each change, in order."""
    doc = parse(head + text)
    return [
        (
            c.kind,
            doc.citations[c.target].key if c.target is not None else None,
            c.article,
            c.date,
            c.date_basis,
            c.years,
        )
        for c in doc.changes
    ]


A, B = "arrete:2003-10-21", "arrete:2006-03-09"


# ---- items under a chapeau -----------------------------------------------------------------------------------


def test_chapeau_items_take_its_act_and_quotes_are_not_read():
    got = changes(
        "Article 1\n"
        "L'arrêté du 21 octobre 2003 susvisé est ainsi modifié :\n"
        "I. - L'article 3 est remplacé par les dispositions suivantes :\n"
        "« Art. 3. - Le titre est composé de deux unités. L'arrêté du 2 mai 2001 est abrogé. »\n"
        "II. - Après l'article 4, il est inséré un article 4 bis ainsi rédigé :\n"
        "« Art. 4 bis. - Les mots « A » sont remplacés par les mots « B ». »\n"
        "III. - L'article 5 est abrogé.\n"
    )
    assert got == [
        (C.REPLACEMENT, A, "3", None, None, None),
        (C.INSERTION, A, "4 bis", None, None, None),
        (C.ABROGATION, A, "5", None, None, None),
    ]


def test_numbered_and_lettered_items_inherit_the_article_of_their_chapeau():
    got = changes(
        "Article 1\n"
        "L'article 2 de l'arrêté du 21 octobre 2003 susvisé est ainsi modifié :\n"
        "1° Au premier alinéa, les mots : « cinq ans » sont remplacés par les mots : « trois ans » ;\n"
        "2° Le dernier alinéa est supprimé ;\n"
        "3° Il est ajouté un alinéa ainsi rédigé : « Il est abrogé. »\n"
        "Article 2\n"
        "L'arrêté du 9 mars 2006 susvisé est modifié comme suit :\n"
        "a) L'article 4 est ainsi rédigé :\n"
        "« … »\n"
        "b) L'article 4 devient l'article 5.\n"
    )
    assert got == [
        (C.MODIFICATION, A, "2", None, None, None),
        (C.MODIFICATION, A, "2", None, None, None),
        (C.INSERTION, A, "2", None, None, None),
        (C.REPLACEMENT, B, "4", None, None, None),
        (C.MODIFICATION, B, "4", None, None, None),  # a renumbering
    ]


def test_nested_chapeaus_and_a_date_on_the_chapeau():
    got = changes(
        "Article 1\n"
        "L'arrêté du 21 octobre 2003 susvisé est ainsi modifié à compter du 1er septembre 2014 :\n"
        "I. - L'article 2 est ainsi modifié :\n"
        "1° Le premier alinéa est ainsi rédigé : « … » ;\n"
        "2° Il est complété par un alinéa ainsi rédigé : « … ».\n"
        "II. - Les articles 6 et 7 sont abrogés.\n"
    )
    when = ("2014-09-01", "stated", None)
    assert got == [
        (C.REPLACEMENT, A, "2", *when),
        (C.INSERTION, A, "2", *when),
        (C.ABROGATION, A, "6", *when),
        (C.ABROGATION, A, "7", *when),
    ]


def test_a_chapeau_whose_items_are_missing_is_a_change_itself():
    got = changes("Article 1\nL'arrêté du 21 octobre 2003 susvisé est ainsi modifié :\n")
    assert got == [(C.MODIFICATION, A, None, None, None, None)]


# ---- replacements ----------------------------------------------------------------------------------------------

REPLACED = [
    ("L'article 1er de l'arrêté du 21 octobre 2003 susvisé est remplacé par :\n« … »", "1"),
    ("L'article premier de l'arrêté du 21 octobre 2003 susvisé est ainsi rédigé :\n« … »", "1"),
    (
        "Les dispositions de l'article 3 de l'arrêté du 21 octobre 2003 susvisé sont remplacées par les dispositions "
        "suivantes :\n« … »",
        "3",
    ),
    (
        "Le dernier alinéa de l'article 3 bis de l'arrêté du 21 octobre 2003 est remplacé par les dispositions "
        "suivantes :\n« … »",
        "3 bis",
    ),
    ("Les articles 2 et 3 de l'arrêté du 21 octobre 2003 susvisé sont ainsi rédigés :\n« … »", ["2", "3"]),
    (
        "L'annexe de l'arrêté du 21 octobre 2003 susvisé est remplacée par l'annexe du présent arrêté.",
        "annexe",
    ),
    ("L'annexe II de l'arrêté du 21 octobre 2003 est remplacée par l'annexe au présent arrêté.", "annexe II"),
    (
        "L'annexe au présent arrêté comporte les informations requises. Elle annule et remplace l'annexe de l'arrêté du "
        "21 octobre 2003 susvisé.",
        "annexe",
    ),
    ("Le présent arrêté remplace l'annexe à l'arrêté du 21 octobre 2003 susvisé.", "annexe"),
]


@pytest.mark.parametrize("sentence, article", REPLACED)
def test_replacement(sentence, article):
    articles = article if isinstance(article, list) else [article]
    assert changes("Article 1\n" + sentence + "\n") == [
        (C.REPLACEMENT, A, a, None, None, None) for a in articles
    ]


# ---- wording, renaming -----------------------------------------------------------------------------------------


def test_words_replaced_are_a_modification_of_wording():
    got = changes(
        "Article 1\nA l'article 2 de l'arrêté du 21 octobre 2003 susvisé, les mots : « cinq ans » sont remplacés "
        "par les mots : « trois ans ».\n"
    )
    assert got == [(C.MODIFICATION, A, "2", None, None, None)]


RENAMED = [
    # the words replaced are the titre's name
    "Dans toutes les dispositions de l'arrêté du 21 octobre 2003 susvisé, les mots : « carreleur » sont remplacés "
    "par les mots : « carreleur-mosaïste ».",
    "Le titre professionnel de carreleur est renommé « carreleur-mosaïste ».",
    "Le titre professionnel de carreleur devient le titre professionnel de carreleur-mosaïste.",
    "L'intitulé du titre professionnel de carreleur est remplacé par l'intitulé : carreleur-mosaïste.",
    "Le titre professionnel de carreleur est désormais dénommé carreleur-mosaïste.",
    "Le titre professionnel de carreleur prend l'intitulé de carreleur-mosaïste.",
]


@pytest.mark.parametrize("sentence", RENAMED)
def test_renaming_of_the_titre(sentence):
    # a sentence naming no act: the act the title modifies
    assert changes("Article 1\n" + sentence + "\n") == [(C.RENAMING, A, None, None, None, None)]


def test_names_defined_by_a_creation_text_are_not_renamings():
    head = "Arrêté du 22 décembre 2015 relatif aux conditions de délivrance du titre professionnel\n\nArrête :\n\n"
    text = (
        "Article 8\nLes référentiels mentionnés à l'article R. 338-1 du code de l'éducation sont dénommés "
        "« référentiels d'emploi ».\nLes candidats deviennent titulaires du titre au titre de l'article 3.\n"
    )
    assert changes(text, head) == []


# ---- insertions ------------------------------------------------------------------------------------------------

INSERTED = [
    (
        "Après l'article 3 de l'arrêté du 21 octobre 2003 susvisé, il est inséré un article 3 bis ainsi rédigé :\n« … »",
        "3 bis",
    ),
    ("L'arrêté du 21 octobre 2003 susvisé est complété par un article 6 ainsi rédigé :\n« … »", "6"),
    ("Il est créé, dans l'arrêté du 21 octobre 2003 susvisé, un article 7 ainsi rédigé :\n« … »", "7"),
    (
        "L'article 2 de l'arrêté du 21 octobre 2003 susvisé est complété par un alinéa ainsi rédigé :\n« … »",
        "2",
    ),
    (
        "Après le deuxième alinéa de l'article 4 de l'arrêté du 21 octobre 2003, sont insérés deux alinéas ainsi "
        "rédigés :\n« … »",
        "4",
    ),
    ("Il est ajouté à l'arrêté du 21 octobre 2003 susvisé une annexe ainsi rédigée :\n« … »", "annexe"),
]


@pytest.mark.parametrize("sentence, article", INSERTED)
def test_insertion(sentence, article):
    assert changes("Article 1\n" + sentence + "\n") == [(C.INSERTION, A, article, None, None, None)]


# ---- abrogations -----------------------------------------------------------------------------------------------


def test_abrogations_of_whole_acts_and_of_articles():
    got = changes(
        "Article 1\nL'article 2 de l'arrêté du 21 octobre 2003 susvisé est abrogé.\n"
        "Article 2\nEst abrogé l'article 4 de l'arrêté du 9 mars 2006 susvisé.\n"
        "Article 3\nL'arrêté du 21 octobre 2003 susvisé est abrogé à compter du 1er janvier 2015.\n"
    )
    assert got == [
        (C.ABROGATION, A, "2", None, None, None),
        (C.ABROGATION, B, "4", None, None, None),
        (C.ABROGATION, A, None, "2015-01-01", "stated", None),
    ]


def test_several_acts_in_one_statement():
    got = changes(
        "Article 1\nL'article 2 de l'arrêté du 21 octobre 2003 susvisé et l'article 4 de l'arrêté du 9 mars 2006 "
        "susvisé sont abrogés.\n"
    )
    assert got == [(C.ABROGATION, A, "2", None, None, None), (C.ABROGATION, B, "4", None, None, None)]


def test_a_list_of_acts_abrogated_and_the_revision_that_abrogates_its_previous_version():
    head = (
        "Arrêté du 5 mai 2015 relatif au titre professionnel de carreleur\n\n"
        "Vu l'arrêté du 21 octobre 2003 relatif au titre professionnel de carreleur ;\n\nArrête :\n\n"
    )
    got = changes(
        "Article 1\nLe titre professionnel de carreleur est révisé.\n"
        "Article 7\nSont abrogés :\n"
        "- l'arrêté du 21 octobre 2003 susvisé ;\n"
        "- l'arrêté du 8 septembre 2003 relatif au titre professionnel de technicien de maintenance.\n"
        "Article 8\nLe présent arrêté abroge l'arrêté du 2 mai 2001 relatif au titre professionnel de carreleur.\n"
        "Article 9\nLe présent arrêté entre en vigueur le 1er juillet 2015.\n",
        head,
    )
    when = ("2015-07-01", "entry-into-force", None)
    assert got == [
        (C.ABROGATION, A, None, *when),
        (C.ABROGATION, "arrete:2003-09-08", None, *when),
        (C.ABROGATION, "arrete:2001-05-02", None, *when),
    ]


def test_an_agent_named_in_the_statement_is_not_its_target():
    got = changes(
        "Article 1\nL'arrêté du 21 octobre 2003 susvisé, modifié par l'arrêté du 9 mars 2006, est abrogé.\n"
    )
    assert got == [(C.ABROGATION, A, None, None, None, None)]


# ---- prorogations ----------------------------------------------------------------------------------------------

PROROGUED = [
    (
        "L'arrêté du 21 octobre 2003 susvisé est prorogé pour une durée de cinq ans à compter du 1er janvier 2011.",
        5,
        "2011-01-01",
        "stated",
    ),
    (
        "L'arrêté du 21 octobre 2003 susvisé est prorogé pour une durée de 2 ans à compter du premier septembre 2012.",
        2,
        "2012-09-01",
        "stated",
    ),
    ("La validité de l'arrêté du 21 octobre 2003 susvisé est prolongée d'un an.", 1, None, None),
    (
        "L'arrêté du 21 octobre 2003 est reconduit pour trois ans à compter de sa publication.",
        3,
        None,
        "publication",
    ),
    (
        "L'arrêté du 21 octobre 2003 susvisé est prorogé pour une durée de cinq ans à compter de la date d'entrée en "
        "vigueur du présent arrêté.",
        5,
        None,
        "entry-into-force",
    ),
]


@pytest.mark.parametrize("sentence, years, date, basis", PROROGUED)
def test_prorogation(sentence, years, date, basis):
    assert changes("Article 1\n" + sentence + "\n") == [(C.PROROGATION, A, None, date, basis, years)]


def test_entry_into_force_resolved_to_the_date_the_act_states():
    got = changes(
        "Article 1\nL'arrêté du 21 octobre 2003 susvisé est prorogé pour une durée de cinq ans à compter de la date "
        "d'entrée en vigueur du présent arrêté.\n"
        "Article 2\nL'annexe de l'arrêté du 21 octobre 2003 susvisé est remplacée par l'annexe du présent arrêté.\n"
        "Article 3\nLe présent arrêté entre en vigueur le 1er septembre 2012.\n"
    )
    assert got == [
        (C.PROROGATION, A, None, "2012-09-01", "entry-into-force", 5),
        (C.REPLACEMENT, A, "annexe", "2012-09-01", "entry-into-force", None),
    ]


def test_publication_and_a_quoted_entry_into_force():
    got = changes(
        "Article 1\nL'article 2 de l'arrêté du 21 octobre 2003 susvisé est ainsi rédigé :\n"
        "« Le présent arrêté entre en vigueur le 1er janvier 2099. »\n"
        "Article 2\nLe présent arrêté entre en vigueur le lendemain de sa publication.\n"
    )
    assert got == [(C.REPLACEMENT, A, "2", None, "publication", None)]


def test_title_reconduction_and_a_titre_prorogued():
    head = (
        "Arrêté du 2 décembre 2010 portant reconduction de l'arrêté du 21 octobre 2003 relatif au titre "
        "professionnel de carreleur\n\nArrête :\n\n"
    )
    got = changes(
        "Article 1\nLe titre professionnel de carreleur est prorogé pour une durée d'un an à compter du 1er janvier "
        "2011.\n",
        head,
    )
    assert got == [(C.PROROGATION, A, None, "2011-01-01", "stated", 1)]


# ---- the title -------------------------------------------------------------------------------------------------

TITLES = [
    (
        "Arrêté du 3 mars 2014 modifiant l'arrêté du 21 octobre 2003 relatif au titre professionnel de carreleur",
        C.MODIFICATION,
    ),
    (
        "Arrêté du 3 mars 2014 portant modification de l'arrêté du 21 octobre 2003 relatif au titre professionnel de "
        "carreleur",
        C.MODIFICATION,
    ),
    (
        "Arrêté du 3 mars 2014 portant reconduction de l'arrêté du 21 octobre 2003 modifié relatif au titre "
        "professionnel de carreleur",
        C.PROROGATION,
    ),
    (
        "Arrêté du 3 mars 2014 prorogeant l'arrêté du 21 octobre 2003 relatif au titre professionnel de carreleur",
        C.PROROGATION,
    ),
    (
        "Arrêté du 3 mars 2014 portant abrogation de l'arrêté du 21 octobre 2003 relatif au titre professionnel de "
        "carreleur",
        C.ABROGATION,
    ),
]


@pytest.mark.parametrize("title, kind", TITLES)
def test_the_title_alone_says_there_is_a_change(title, kind):
    # a fragment: the title and an article that changes nothing
    doc = parse(
        title + "\n\nArrête :\n\nArticle 4\nLe délégué général est chargé de l'exécution du présent arrêté.\n"
    )
    assert [(c.kind, doc.citations[c.target].key, c.article, c.span) for c in doc.changes] == [
        (kind, A, None, doc.title_span)
    ]


def test_a_title_naming_two_acts():
    doc = parse(
        "Arrêté du 3 mars 2014 modifiant l'arrêté du 21 octobre 2003 relatif au titre professionnel de carreleur et "
        "l'arrêté du 9 mars 2006 relatif aux conditions de délivrance\n\nArrête :\n\n"
        "Article 1\nL'article 2 de l'arrêté du 21 octobre 2003 susvisé est abrogé.\n"
    )
    # the act an article changes is not repeated at the title's level; the other one is
    assert [(c.kind, doc.citations[c.target].key, c.article) for c in doc.changes] == [
        (C.MODIFICATION, B, None),
        (C.ABROGATION, A, "2"),
    ]


# ---- what is not a change --------------------------------------------------------------------------------------


NOT_CHANGES = [
    "Le titre professionnel de carreleur est créé.",
    "Le titre professionnel de carreleur est révisé. Il est enregistré pour cinq ans à compter du 1er janvier 2015.",
    "Les titulaires des certificats obtenus dans les conditions de l'arrêté du 9 mars 2006 modifié sont réputés "
    "avoir obtenu les certificats du présent arrêté.",
    "TITRE PROFESSIONNEL (arrêté du 31 juillet 2003 prorogé par l'arrêté du 31 janvier 2008)",
    "Le titre professionnel peut être complété par les unités de spécialisation suivantes :",
    "Il est modifié.",
    "« L'arrêté du 21 octobre 2003 est abrogé. »",
]


@pytest.mark.parametrize("sentence", NOT_CHANGES)
def test_not_a_change(sentence):
    head = (
        "Arrêté du 5 mai 2015 relatif au titre professionnel de carreleur\n\n"
        "Vu l'arrêté du 9 mars 2006 modifié relatif aux conditions de délivrance du titre professionnel ;\n\n"
        "Arrête :\n\n"
    )
    assert changes("Article 1\n" + sentence + "\n", head) == []


def test_a_text_printed_twice_gives_each_change_once():
    article = "L'article 2 de l'arrêté du 21 octobre 2003 susvisé est abrogé.\n"
    assert changes("Article 1\n" + article + "Historique des versions\nVersion 1\n" + article) == [
        (C.ABROGATION, A, "2", None, None, None)
    ]


def test_a_quote_left_open_by_a_fragment_hides_the_rest():
    got = changes(
        "Article 1\nL'article 2 de l'arrêté du 21 octobre 2003 susvisé est ainsi rédigé :\n"
        "« Art. 2. - Les titulaires …\n« L'article 3 est abrogé.\n"
    )
    assert got == [(C.REPLACEMENT, A, "2", None, None, None)]


def test_legi_block_of_a_consolidated_copy():
    got = changes(
        "Article 2\nI. - A modifié les dispositions suivantes :\n- Arrêté du 21 octobre 2003\nArt. 2\nArt. 3\n"
        "II. - Les titulaires des certificats sont réputés avoir obtenu les certificats du présent arrêté.\n",
        "Arrêté du 3 mars 2014 portant modification de l'arrêté du 21 octobre 2003\n\nArrête :\n\n",
    )
    assert got == [(C.MODIFICATION, A, "2", None, None, None), (C.MODIFICATION, A, "3", None, None, None)]


# ---- the real modifying texts of the corpus --------------------------------------------------------------------

# Read by hand: (kind, target key, article, date, date basis, years). A text absent from this table changes
# nothing; "entry-into-force" with no date: the text says "à compter de la date d'entrée en vigueur du présent
# arrêté" but the fragment does not show that date.
T = "title"
CORPUS_CHANGES = {
    "2003-12-24_assistant-import-export__consolidated-2011.md": [
        # a consolidated copy of the 2003 act carrying its 2011 amendment: the act changed is the text itself
        (C.RENAMING, None, None, "2011-01-06", "entry-into-force", None),
        (C.REPLACEMENT, None, "annexe", "2011-01-06", "entry-into-force", None),
    ],
    "2006-10-25_revision_carreleur__article-1.txt": [
        (C.PROROGATION, "arrete:2003-10-21", None, None, "entry-into-force", 5),
        (C.REPLACEMENT, "arrete:2003-10-21", "3", None, None, None),
        (C.INSERTION, "arrete:2003-10-21", "3 bis", None, None, None),
    ],
    "2007-07-04_modif_technicien-aerostructure.txt": [
        (C.REPLACEMENT, "arrete:2006-02-28", "4", None, None, None),
        (C.INSERTION, "arrete:2006-02-28", "3 bis", None, None, None),
        (C.INSERTION, "arrete:2006-02-28", "4 bis", None, None, None),
    ],
    "2009-12-04_modif_gouvernant-hotellerie.md": [
        (C.PROROGATION, "arrete:2004-12-14", None, None, "entry-into-force", 5),
    ],
    "2010-12-02_reconduction_gerant-restauration-collective.md": [
        (C.PROROGATION, "arrete:2005-12-29", None, None, None, None, T),
    ],
    "2011-01-17_modif_monteur-depanneur-climatisation.md": [
        (C.MODIFICATION, "arrete:2007-10-10", "2", None, None, None),
        (C.REPLACEMENT, "arrete:2007-10-10", "annexe", None, None, None),
    ],
    "2011-06-01_modif_superviseur-relation-client-a-distance.md": [
        # "Les dispositions du présent arrêté sont applicables … à compter du 12 mai 2012"
        (C.REPLACEMENT, "arrete:2007-04-27", "annexe", "2012-05-12", "entry-into-force", None),
    ],
    "2012-01-16_modif_vendeur-conseil-en-magasin.txt": [
        (C.RENAMING, "arrete:2004-02-19", None, None, None, None),
        (C.REPLACEMENT, "arrete:2004-02-19", "1", None, None, None),
        (C.REPLACEMENT, "arrete:2004-02-19", "2", None, None, None),
        (C.REPLACEMENT, "arrete:2004-02-19", "3", None, None, None),
    ],
    "2012-12-03_modif_technicien-systemes-securite-incendie.md": [
        (C.MODIFICATION, "arrete:2003-07-31", None, None, None, None, T),
    ],
    "2013-01-10_modif_agent-accueil-touristique.md": [
        (C.MODIFICATION, "arrete:2003-07-31", None, None, None, None, T),
    ],
    "2013-02-07_modif_attache-commercial.md": [
        (C.MODIFICATION, "arrete:2003-07-31", "annexe", None, None, None),
    ],
    "2013-02-11_modif_developpeur-logiciel.md": [
        (C.REPLACEMENT, "arrete:2007-10-12", "annexe", None, None, None),
    ],
    "2013-04-04_modif_monteur-depanneur-frigoriste.md": [
        (C.REPLACEMENT, "arrete:2003-07-31", "annexe", None, None, None),
    ],
    "2013-04-04_modif_technicien-intervention-froid-commercial-climatisation.md": [
        (C.MODIFICATION, "arrete:2003-07-31", None, None, None, None, T),
    ],
    "2015-02-17_modif_cariste-entrepot.md": [
        (C.REPLACEMENT, "arrete:2003-07-31", "annexe", None, None, None),
    ],
    "2015-02-17_modif_technicien-superieur-methodes-exploitation-logistique.md": [
        (C.MODIFICATION, "arrete:2004-03-09", None, None, None, None, T),
        # "Le référentiel de certification du titre professionnel de … est modifié": a référentiel has no key
        (C.MODIFICATION, None, None, None, None, None),
    ],
    "undated_modif_arrete-9-decembre-2003__article.txt": [
        (C.REPLACEMENT, "arrete:2003-12-09", "1", None, None, None),
    ],
    "undated_revision_technicien-maintenance-chauffage-climatisation__article.txt": [
        (C.PROROGATION, "arrete:2003-09-08", None, None, "entry-into-force", 3),
        (C.REPLACEMENT, "arrete:2003-09-08", "3", None, None, None),
        (C.INSERTION, "arrete:2003-09-08", "3 bis", None, None, None),
    ],
}


@cache
def _parsed(name: str):
    return legalgraph.parse(CORPUS / name)


def _row(doc, c) -> tuple:
    row = (
        c.kind,
        doc.citations[c.target].key if c.target is not None else None,
        c.article,
        c.date,
        c.date_basis,
        c.years,
    )
    return (*row, T) if c.span == doc.title_span else row


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_corpus_text(path):
    doc = _parsed(path.name)
    assert [_row(doc, c) for c in doc.changes] == CORPUS_CHANGES.get(path.name, [])


def test_corpus_targets_are_the_acts_the_statements_name():
    """A target is a full citation (not a "susvisé" repeat with an antecedent), of the act the statement names."""
    for name in CORPUS_CHANGES:
        doc = _parsed(name)
        for c in doc.changes:
            if c.target is None:
                continue
            target = doc.citations[c.target]
            assert target.refers_to is None
            named = [i for i, m in enumerate(doc.citations) if c.span[0] <= m.span[0] < c.span[1]]
            assert not named or any(c.target in (i, doc.citations[i].refers_to) for i in named), name


# ---- the spaCy component ---------------------------------------------------------------------------------------


def test_spacy_component_writes_spans():
    nlp = legalgraph.nlp()
    doc = nlp("L'article 2 de l'arrêté du 21 octobre 2003 est abrogé à compter du 1er septembre 2012.")
    spans = doc.spans["legalgraph_changes"]
    assert [(s.label_, s._.entity.article, s._.entity.date) for s in spans] == [
        ("abrogation", "2", "2012-09-01")
    ]
    document = doc._.legalgraph
    assert document.citations[spans[0]._.entity.target].key == "arrete:2003-10-21"


def test_spacy_doc_over_a_parsed_document_has_the_batch_changes():
    document = legalgraph.parse(CORPUS / "2012-01-16_modif_vendeur-conseil-en-magasin.txt")
    batch = [(c.kind, c.span, document.citations[c.target].key) for c in document.changes]
    doc = to_spacy(document)
    spans = doc.spans["legalgraph_changes"]
    assert len(spans) == len(batch) == 4
    assert [
        (s._.entity.kind, s._.entity.span, document.citations[s._.entity.target].key) for s in spans
    ] == batch
    assert spans[1].text.startswith("L'article 1er de l'arrêté du 19 février 2004")
