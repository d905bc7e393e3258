"""The readers of text-like sources: plain page copies, Markdown (LEGI mirror), HTML pages and fragments.

Lines quoted from real texts come from corpus/texts (file named in the test); variations written for a test
say so and are not presented as real legal texts.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import given as for_all
from hypothesis import strategies as hs

from legalgraph.cli import main as cli_main
from legalgraph.models import BlockKind, Source, SourceFormat
from legalgraph.read import read_source
from legalgraph.read.html_page import read_html_page
from legalgraph.read.markdown import read_markdown
from legalgraph.read.text import read_text
from tests.conftest import CORPUS, corpus_files


def text_of(raw: str):
    return read_text(raw, Source(path="t.txt", format=SourceFormat.TEXT, sha256=""))


def breaks(st, label: str) -> list[int]:
    return [b.start for b in st.blocks if b.kind is BlockKind.BREAK and b.label == label]


# ---- every corpus file ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_every_corpus_file_reads(path):
    st = read_source(path)
    assert st.text.strip()
    assert "\n\n" not in st.text  # one line per paragraph; paragraph breaks are BREAK blocks
    assert "simplification générée par une IA" not in st.text
    assert "Historique des versions" not in st.text
    assert not any(line.endswith(("Versions", "Liens relatifs")) for line in st.text.split("\n"))
    for block in st.blocks:
        assert 0 <= block.start <= block.end <= len(st.text)
    for table in st.tables:
        for cell in table.cells:
            assert st.text[cell.span[0] : cell.span[1]].strip()


def test_cli_text_prints_normalized_text(capsys):
    path = CORPUS / "2022-11-21_conseiller-insertion-professionnelle__full-copy.txt"
    assert cli_main(["text", str(path)]) == 0
    out = capsys.readouterr().out
    assert "dans le domaine d'activité 332t (code NSF).\nLe référentiel d'emploi" in out
    assert "Versions" not in out and "Liens relatifs" not in out
    assert out.rstrip().endswith("R. Johais")


def test_cli_text_drops_ai_summary(capsys):
    path = CORPUS / "2025-06-03_organisateur-transports-aeriens-maritimes-marchandises.txt"
    assert cli_main(["text", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Résumé" not in out and "Mots-clés" not in out and "Révision du titre" not in out
    assert "Arrête :\nArticle 1\nLe titre professionnel d'organisateur" in out


# ---- Légifrance page copies -----------------------------------------------------------------------------------

# 2022-11-21_conseiller-insertion-professionnelle__full-copy.txt
CIP_END_OF_ARTICLES = """\
Le délégué général à l'emploi et à la formation professionnelle est chargé de l'exécution du présent arrêté, qui sera publié au Journal officiel de la République française.Versions
ANNEXE
Arrêté du 21 juillet 2016 portant règlement général des sessions d'examen pour l'obtention du titre professionnel du ministère chargé de l'emploi.VersionsLiens relatifs
Fait le 21 novembre 2022.
"""


def test_link_words_removed_and_kept_as_article_ends():
    st = text_of(CIP_END_OF_ARTICLES)
    lines = st.text.split("\n")
    assert lines[0].endswith("Journal officiel de la République française.")
    assert lines[2].endswith("ministère chargé de l'emploi.")
    assert breaks(st, "link") == [len(lines[0]), len(lines[0]) + len(lines[1]) + len(lines[2]) + 2]
    assert st.source.kind == "legifrance"


def test_link_words_on_their_own_line():
    st = text_of(
        "Le référentiel d'évaluation sont disponibles sur le site www.travail-emploi.gouv.fr.\nVersions\nLiens relatifs\nANNEXE"
    )
    assert (
        st.text
        == "Le référentiel d'évaluation sont disponibles sur le site www.travail-emploi.gouv.fr.\nANNEXE"
    )
    assert breaks(st, "link") == [st.text.index("\nANNEXE")]


def test_the_word_versions_in_a_sentence_stays():
    # variation written for this test
    line = (
        "Les titulaires des deux versions du titre sont réputés avoir obtenu les mêmes certificats. Versions"
    )
    st = text_of(line)
    assert st.text == line  # preceded by a space: words of the text, not a glued page link


def test_bullets_mark_article_starts():
    # 2003-07-31_agent-de-restauration.txt
    raw = (
        "Arrête :\n\n\n"
        "  • Le titre professionnel d'agent de restauration est créé.\n"
        "    Il est délivré dans les conditions prévues par l'arrêté du 25 novembre 2002 susvisé.\n\n\n"
        "  • Le référentiel d'emploi, d'activités, compétences et le référentiel de certification du titre "
        "professionnel d'agent de restauration sont disponibles dans tout centre AFPA ou centre agréé.\n"
    )
    st = text_of(raw)
    lines = st.text.split("\n")
    assert lines[1] == "Le titre professionnel d'agent de restauration est créé."
    assert lines[3].startswith("Le référentiel d'emploi")
    assert breaks(st, "bullet") == [st.text.index(lines[1]), st.text.index(lines[3])]


def test_page_state_lines_go_to_meta():
    # 2007-11-22_conseiller-commercial.txt
    raw = (
        "Arrêté du 22 novembre 2007 portant création du titre professionnel de conseiller commercial\n\n"
        "Dernière mise à jour des données de ce texte : 08 décembre 2007\n\n"
        "NOR : ECED0771340A\n\nJORF n°0284 du 7 décembre 2007\n\nVersion en vigueur au 16 avril 2024\n"
    )
    st = text_of(raw)
    assert st.text.split("\n") == [
        "Arrêté du 22 novembre 2007 portant création du titre professionnel de conseiller commercial",
        "NOR : ECED0771340A",
        "JORF n°0284 du 7 décembre 2007",
    ]
    assert st.meta["version"] == "Version en vigueur au 16 avril 2024"
    assert st.meta["last_update"] == "08 décembre 2007"


def test_spaces_and_newlines_normalized():
    # variation written for this test: CRLF, tab, non-breaking and narrow spaces, soft hyphen
    st = text_of("NOR\u00a0: MTRD2312771A\r\nVu\tle code du tra\u00advail\u202f;\r\n")
    assert st.text == "NOR : MTRD2312771A\nVu le code du travail ;"


# ---- juriblio copies ------------------------------------------------------------------------------------------

# 2025-06-03_organisateur-transports-aeriens-maritimes-marchandises.txt
ORGANISATEUR = """\
Arrête :

Article 1

Ce texte est une simplification générée par une IA.
Il n'a pas de valeur légale et peut contenir des erreurs.

Révision du titre professionnel d'organisateur de transports

Résumé Le titre d’organisateur de transports aériens ou maritimes est mis à jour et sera valable cinq ans à partir du 24 août 2025.
Mots-clés : transport aérien transport maritime certification professionnelle

Le titre professionnel d'organisateur de transports aériens ou ma
"""


def test_ai_summary_dropped():
    st = text_of(ORGANISATEUR)
    assert st.text == "Arrête :\nArticle 1\nLe titre professionnel d'organisateur de transports aériens ou ma"
    assert st.meta["dropped"] == {"ai_summary": 1}
    assert st.source.kind == "juriblio"


def test_ai_summary_cut_by_the_page_end():
    # 2025-06-03_gestionnaire-operations-transport-routier-marchandises__alt-juriblio.txt ends with the summary
    raw = ORGANISATEUR.split("Mots-clés")[0]
    assert text_of(raw).text == "Arrête :\nArticle 1"


def test_version_history_dropped():
    # 2006-10-25_revision_carreleur__article-1.txt
    raw = (
        "Article 1\n\nArticle 1\n\n"
        "Après son réexamen par la commission professionnelle consultative, l'arrêté du 21 octobre 2003 est ainsi révisé :\n"
        "I. - L'arrêté du 21 octobre 2003 susvisé est prorogé pour une durée de cinq ans à compter de la date d'entrée en vigueur du présent arrêté.\n\n"
        "Historique des versions\n\nVersion 1\n\n"
        "Après son réexamen par la commission professionnelle consultative, l'arrêté du 21 octobre 2003 est ainsi révisé :\n"
    )
    st = text_of(raw)
    assert st.text.count("Après son réexamen") == 1
    assert st.text.endswith("du présent arrêté.")


def test_version_history_stops_at_the_next_article():
    # variation written for this test: a page that goes on with another article after the history
    raw = "Article 1\nLe titre est créé.\nHistorique des versions\nVersion 1\nLe titre est créé.\nArticle 2\nIl est classé au niveau 5."
    assert text_of(raw).text == "Article 1\nLe titre est créé.\nArticle 2\nIl est classé au niveau 5."


def test_juriblio_version_count_removed():
    # other_2004-05-04_rectificatif.txt
    raw = "Rectificatif au Journal officiel du 12 mai 2004, page 8411, 2e colonne, article 4, 3e alinéa : Au lieu de : « ... ministère chargé... », Lire : « ... ministre chargé... ».1 version"
    assert text_of(raw).text.endswith("Lire : « ... ministre chargé... ».")


# ---- JO print form and PDF copies ----------------------------------------------------------------------------

# other_2018-06-18_certification-competences-mandat-representant-personnel.txt
SLIDESHARE = """\
SlideShare uma empresa Scribd logo
Décrets, arrêtés, circulaires
TEXTES GÉNÉRAUX
MINISTÈRE DU TRAVAIL
Arrêté du 18 juin 2018 portant création de la certification relative aux compétences acquises
dans l’exercice d’un mandat de représentant du personnel ou d’un mandat syndical
NOR : MTRD1816141A
La ministre du travail,
Vu le code du travail, notamment son article L. 6112-4 ;
Vu l’avis du Conseil national de l’emploi, de la formation et de l’orientation professionnelles en date du
14 juin 2018,
Arrête :
Art. 1er
. – Le présent arrêté procède à la création de la certification prévue à l’article L. 6112-4 du code du
travail, intitulée « certification relative aux compétences acquises dans l’exercice d’un mandat de représentant du
personnel ou d’un mandat syndical » structurée en domaines de compétences transférables et enregistrée à
l’inventaire mentionné au dixième alinéa du II de l’article L. 335-6 du code de l’éducation pour une période de six
ans.
Art. 2. – La certification mentionnée à l’article 1er
est constituée de six domaines de compétences transférables
"""


def test_hard_wraps_joined():
    lines = text_of(SLIDESHARE).text.split("\n")
    assert (
        "Arrêté du 18 juin 2018 portant création de la certification relative aux compétences acquises "
        "dans l’exercice d’un mandat de représentant du personnel ou d’un mandat syndical"
    ) in lines
    assert (
        "Vu l’avis du Conseil national de l’emploi, de la formation et de l’orientation professionnelles "
        "en date du 14 juin 2018,"
    ) in lines
    assert any(
        line.startswith("Art. 1er. – Le présent arrêté") and line.endswith("pour une période de six ans.")
        for line in lines
    )
    assert (
        "Art. 2. – La certification mentionnée à l’article 1er est constituée de six domaines de compétences transférables"
        in lines
    )
    assert "MINISTÈRE DU TRAVAIL" in lines and "NOR : MTRD1816141A" in lines and "Arrête :" in lines


def test_lines_of_a_copy_without_wraps_stay_apart():
    # 2022-11-21_conseiller-insertion-professionnelle__full-copy.txt: table cells, one per line
    raw = (
        "TITRE PROFESSIONNEL\nConseiller en insertion professionnelle\n(arrêté du 11/12/2017)\n"
        "Code ROME :\nK1801 Conseil en emploi et insertion socioprofessionnelle.\n"
    )
    assert text_of(raw).text == raw.strip()


def test_a_wrapped_title_is_joined_even_in_a_copy_without_wraps():
    # variation written for this test
    raw = "Arrêté du 4 avril 2016 relatif au titre professionnel\nde constructeur bois\nNOR : MTRD0000000A\nLa ministre du travail,"
    assert (
        text_of(raw).text.split("\n")[0]
        == "Arrêté du 4 avril 2016 relatif au titre professionnel de constructeur bois"
    )


def test_paragraph_breaks_recorded():
    # 2019-02-25_chef-de-cuisine-restauration-collective.txt
    raw = "Arrête :\n\n\nLe titre professionnel de responsable de cuisine en restauration collective est révisé.\n\nLe référentiel d'emploi, d'activités, et de compétences et le référentiel d'évaluation sont disponibles sur le site www.travail-emploi.gouv.fr.\n"
    st = text_of(raw)
    second = st.text.index("Le titre")
    third = st.text.index("Le référentiel")
    assert breaks(st, "paragraph") == [second, third]


# ---- Markdown (LEGI mirror) -----------------------------------------------------------------------------------


def markdown_of(raw: str):
    return read_markdown(raw, Source(path="t.md", format=SourceFormat.MARKDOWN, sha256=""))


def blocks(st, kind):
    return [(st.text[b.start : b.end], b.label) for b in st.blocks if b.kind is kind]


# 2013-02-07_modif_attache-commercial.md (shortened: one table row)
ATTACHE = (
    """\
# Arrêté du 7 février 2013 modifiant l'arrêté du 31 juillet 2003 relatif au titre professionnel d'attaché(e) commercial(e)

- [Article 5](article-5.md)
- [Article 6](article-6.md)
- [Article 7](article-7.md)
- [Annexe](annexe)

# Article 5

<div>
<br/>Les titulaires des certificats de compétences professionnelles obtenus antérieurement à la publication du présent arrêté modificatif sont réputés avoir obtenu les nouveaux certificats de compétences professionnelles selon le tableau figurant ci-dessous.<br/>
<div align="center">

<table>
<tr>
<th>
<br/>TITRE PROFESSIONNEL<br/>Attaché(e) commercial(e)<br/>(arrêté du 31 juillet 2003)</th>
<th>
<br/>TITRE PROFESSIONNEL<br/>Commercial(e)<br/>(présent arrêté)</th>
</tr>
<tr>
<td align="center">
<br/>CCP2 : Prospecter, gérer et animer un secteur de vente géographique et/ou un marché spécifique </td>
<td align="center">
<br/>CCP1 : Prospecter un secteur de vente et organiser son activité commerciale</td>
</tr>
</table>

</div>
<br/>
</div>

# Article 7

La déléguée générale à l'emploi et à la formation professionnelle est chargée de l'exécution du présent arrêté, qui sera publié au Journal officiel de la République française.

"""
    + "# Article \n"  # the mirror's heading of an annex: "Article" and a space, no number
    + """
A modifié les dispositions suivantes :

> -Arrêté du 31 juillet 2003
> > Annexe
"""
)


def test_markdown_title_articles_annex():
    st = markdown_of(ATTACHE)
    assert blocks(st, BlockKind.TITLE) == [
        (
            "Arrêté du 7 février 2013 modifiant l'arrêté du 31 juillet 2003 relatif au titre professionnel "
            "d'attaché(e) commercial(e)",
            None,
        )
    ]
    articles = blocks(st, BlockKind.ARTICLE)
    assert [label for _, label in articles] == ["5", "7"]
    assert articles[0][0].startswith("Les titulaires des certificats")
    assert articles[0][0].endswith(
        "CCP1 : Prospecter un secteur de vente et organiser son activité commerciale"
    )
    assert blocks(st, BlockKind.ANNEX) == [
        ("A modifié les dispositions suivantes :\n-Arrêté du 31 juillet 2003\nAnnexe", "Annexe")
    ]
    assert st.meta["toc"] == ["Article 5", "Article 6", "Article 7", "Annexe"]
    assert "[Article" not in st.text and "#" not in st.text and ">" not in st.text


def test_markdown_tables_recorded():
    st = markdown_of(ATTACHE)
    (table,) = st.tables
    rows = [[st.text[c.span[0] : c.span[1]] for c in row] for row in table.rows()]
    assert rows == [
        [
            "TITRE PROFESSIONNEL\nAttaché(e) commercial(e)\n(arrêté du 31 juillet 2003)",
            "TITRE PROFESSIONNEL\nCommercial(e)\n(présent arrêté)",
        ],
        [
            "CCP2 : Prospecter, gérer et animer un secteur de vente géographique et/ou un marché spécifique",
            "CCP1 : Prospecter un secteur de vente et organiser son activité commerciale",
        ],
    ]
    assert [c.header for c in table.cells] == [True, True, False, False]


def test_markdown_rowspan_and_article_annexe():
    # 2015-03-02_technicien-superieur-etudes-construction-metallique.md, then an "# Article Annexe" section
    # (2004-06-01_agent-maintenance-equipements-bureautiques__consolidated-2009.md) with bold Markdown
    raw = """# Arrêté du 2 mars 2015 relatif au titre professionnel de technicien supérieur d'études en construction métallique

# Article 4

<table>
<tr>
<td align="justify" rowspan="2">
<br/>Exploiter une note de calcul de construction métallique et produire le dossier d'exécution.</td>
<td align="justify">
<br/>Concevoir des plans de détails de la construction métallique.</td>
</tr>
<tr>
<td align="justify">
<br/>Réaliser des dossiers d'exécution de construction métallique.</td>
</tr>
</table>

# Article Annexe

**INFORMATIONS REQUISES POUR L'INSCRIPTION AU RÉPERTOIRE NATIONAL DES CERTIFICATIONS PROFESSIONNELLES**
"""
    st = markdown_of(raw)
    cells = [(c.row, c.col, c.rowspan) for c in st.tables[0].cells]
    assert cells == [(0, 0, 2), (0, 1, 1), (1, 1, 1)]
    assert blocks(st, BlockKind.ANNEX) == [
        (
            "INFORMATIONS REQUISES POUR L'INSCRIPTION AU RÉPERTOIRE NATIONAL DES CERTIFICATIONS PROFESSIONNELLES",
            "Annexe",
        )
    ]


# ---- HTML pages and fragments ---------------------------------------------------------------------------------

# A saved page written for this test, around real lines of 2022-11-21_conseiller-insertion-professionnelle__full-copy.txt
HTML_PAGE = """<!DOCTYPE html>
<html><head><title>Arrêté du 21 novembre 2022 - Légifrance</title><script>var x = "<p>no</p>";</script></head>
<body><nav><a href="/">Accueil</a></nav>
<div class="article"><p>Le titre professionnel de conseiller en insertion professionnelle est r&eacute;vis&eacute;.</p>
<a href="#v">Versions</a></div>
<div class="article"><p>Les titulaires des certificats de comp&#233;tences professionnelles sont réputés avoir obtenu
les certificats de compétences professionnelles mentionnés au précédent article selon le tableau figurant ci-dessous :</p>
<table><tr><th>TITRE PROFESSIONNEL<br/>Conseiller en insertion professionnelle<br/>(arrêté du 11/12/2017)</th>
<th>TITRE PROFESSIONNEL<br/>Conseiller en insertion professionnelle<br/>(présent arrêté)</th></tr>
<tr><td>Accueillir pour analyser la demande des personnes et poser les bases d'un diagnostic partagé</td>
<td>Accueillir pour analyser la demande des per&shy;sonnes et poser les bases d'un diagnostic partagé</td></tr></table>
<a href="#v">Versions</a></div>
<p>Ce texte est une simplification générée par une IA.</p><p>Il n'a pas de valeur légale et peut contenir des erreurs.</p>
<h4>Un titre</h4><p>Résumé Un résumé.</p>
<p>Fait le 21 novembre 2022.</p></body></html>"""


def test_html_page_flattened_with_page_rules():
    st = read_html_page(HTML_PAGE, Source(path="p.html", format=SourceFormat.HTML, sha256=""))
    lines = st.text.split("\n")
    assert lines[0] == "Le titre professionnel de conseiller en insertion professionnelle est révisé."
    assert "Versions" not in st.text and "Accueil" not in lines and "no" not in lines
    assert "simplification" not in st.text and "Résumé" not in st.text
    assert lines[-1] == "Fait le 21 novembre 2022."
    assert (
        "Les titulaires des certificats de compétences professionnelles sont réputés avoir obtenu les certificats"
        in lines[1]
    )
    assert len(breaks(st, "link")) == 2
    assert st.meta["page_title"] == "Arrêté du 21 novembre 2022 - Légifrance"


def test_html_page_tables_follow_the_text():
    st = read_html_page(HTML_PAGE, Source(path="p.html", format=SourceFormat.HTML, sha256=""))
    (table,) = st.tables
    rows = [[st.text[c.span[0] : c.span[1]] for c in row] for row in table.rows()]
    assert rows[1] == [
        "Accueillir pour analyser la demande des personnes et poser les bases d'un diagnostic partagé",
        "Accueillir pour analyser la demande des personnes et poser les bases d'un diagnostic partagé",
    ]
    assert (
        rows[0][0] == "TITRE PROFESSIONNEL\nConseiller en insertion professionnelle\n(arrêté du 11/12/2017)"
    )
    assert st.text[table.span[0] : table.span[1]].startswith("TITRE PROFESSIONNEL")


def test_html_fragment_read_through_read_source():
    # 2009-12-04_modif_gouvernant-hotellerie.md, its HTML part alone
    fragment = (
        "<div>\n<br/>Les titulaires des certificats de compétences professionnelles (CCP) obtenus antérieurement "
        "à la publication du présent arrêté modificatif sont réputés avoir obtenu les certificats de compétences "
        "professionnelles de gouvernant(e) en hôtellerie selon le tableau de correspondances figurant ci-dessous.<br/>\n"
        '<table>\n<tr>\n<th colspan="5">\n<br/>TITRE PROFESSIONNEL DE GOUVERNANT(E) EN HÔTELLERIE</th>\n</tr>\n</table>\n</div>'
    )
    st = read_source(fragment.encode(), path="f.html")
    assert st.source.format is SourceFormat.HTML
    assert st.text.split("\n")[1] == "TITRE PROFESSIONNEL DE GOUVERNANT(E) EN HÔTELLERIE"
    assert st.tables[0].cells[0].colspan == 5


def test_short_list_lines_are_not_hard_wraps():
    # variation written for this test: an annex list in lower case, one item a line
    raw = "Secteurs d'activités :\nhôtellerie\nrestauration collective\nrestauration commerciale\ncollectivités\nsanté"
    st = text_of(raw)
    assert st.text == raw and "hard_wrapped" not in st.meta


def test_markdown_html_without_text_and_bare_characters():
    # variation written for this test: a comment, a stray closing tag, "&" and "<" in plain Markdown text
    raw = "# Arrêté du 2 mars 2099 relatif à un exemple\n\n# Article 1\n\n<!-- note -->\n\n</div>\n\nLe titre &amp; la puissance < 70 kW.\n"
    st = markdown_of(raw)
    assert blocks(st, BlockKind.ARTICLE) == [("Le titre & la puissance < 70 kW.", "1")]


MD_SHAPES = [
    "# Arrêté du 2 mars 2015 relatif au titre professionnel",
    "- [Article 1](article-1.md)",
    "# Article 1",
    "# Article ",
    "# Article Annexe",
    "<table>",
    "<tr>",
    '<td rowspan="2">',
    "<br/>Un texte.</td>",
    "</tr>",
    "</table>",
    "<div>",
    "</div>",
    "> - Arrêté du 10 octobre 2007",
    "**INFORMATIONS REQUISES**",
    "",
]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@for_all(hs.lists(hs.one_of(hs.sampled_from(MD_SHAPES), hs.text(max_size=30)), max_size=25))
def test_any_markdown_reads_with_blocks_inside_the_text(lines):
    st = markdown_of("\n".join(lines))
    for block in st.blocks:
        assert 0 <= block.start <= block.end <= len(st.text)
    for table in st.tables:
        for cell in table.cells:
            assert 0 <= cell.span[0] < cell.span[1] <= len(st.text)


# ---- variations: PDF copies longer than the corpus shows --------------------------------------------------------
# Written for these tests; they vary SLIDESHARE above (the real JO print of 2018-06-18, hard-wrapped).


def test_variation_hard_wraps_found_despite_a_long_annex_of_short_lines():
    # the wrapped articles of SLIDESHARE, then an annex listing 200 short skill lines (no wraps there)
    annex = "ANNEXE\n" + "\n".join(f"Compétence {i} ;" for i in range(200))
    st = text_of(SLIDESHARE + annex)
    assert st.meta.get("hard_wrapped") is True
    assert any(
        line.startswith("Art. 2. – La certification mentionnée à l’article 1er est constituée")
        for line in st.text.split("\n")
    )


def test_variation_wrapped_title_with_superscript_first_day():
    raw = "Arrêté du 1ᵉʳ juin 2004 relatif au titre professionnel\nde technicien de laboratoire\nLa ministre du travail,"
    assert text_of(raw).text.split("\n")[0] == (
        "Arrêté du 1ᵉʳ juin 2004 relatif au titre professionnel de technicien de laboratoire"
    )


# ---- tables copied from a browser (one line per row, cells separated by tabs) ----------------------------------

_TABLED = [  # tables whose body cells are one line each (a cell of several lines breaks a browser's row)
    "2011-01-17_modif_monteur-depanneur-climatisation.md",
    "2013-02-07_modif_attache-commercial.md",
    "2013-04-04_modif_technicien-intervention-froid-commercial-climatisation.md",
]


def _as_browser_copy(doc) -> str:
    """The document's text with its table as a browser copies it: a line per row, cells joined by tabs, an empty
    cell where the table has none."""
    table = doc.tables[0]
    rows = []
    for cells in table.rows():
        by_col = {c.col: " ".join(doc.text[c.span[0] : c.span[1]].split()) for c in cells}
        rows.append("\t".join(by_col.get(col, "") for col in range(max(by_col) + 1)))
    start, end = table.span
    return doc.text[:start] + "\n".join(rows) + doc.text[end:]


@pytest.mark.parametrize("name", _TABLED)
def test_a_table_copied_with_tabs_reads_as_the_marked_up_table(name):
    """Real equivalence tables (read from the Markdown copies' markup) rewritten as a browser's copy of the page
    (tabs between cells): the plain-text reader finds the same table, and the same equivalence rows come out."""
    import legalgraph
    from legalgraph import to_record

    marked = legalgraph.parse(CORPUS / name)
    body = [c for c in marked.tables[0].cells if c.row > 0]
    assert all(c.rowspan == c.colspan == 1 and "\n" not in marked.text[c.span[0] : c.span[1]] for c in body)
    copied = legalgraph.parse_text(_as_browser_copy(marked))
    assert len(copied.tables) == 1
    assert [len(r) for r in copied.tables[0].rows()] == [len(r) for r in marked.tables[0].rows()]
    assert to_record(copied)["equivalences"] == to_record(marked)["equivalences"] != []


def test_variation_tab_rows_with_an_empty_cell_and_tabs_that_are_no_table():
    lines = read_text(
        "Article 3\n\tindented by a tab\nTableau :\nAncien\tNouveau\nCCP A\tCCP B\n\tCCP C\nFin\nUne\tligne\n",
        Source(path="t.txt", format=SourceFormat.TEXT, sha256=""),
    )
    (table,) = lines.tables
    cells = [(c.row, c.col, lines.text[c.span[0] : c.span[1]]) for c in table.cells]
    assert cells == [(0, 0, "Ancien"), (0, 1, "Nouveau"), (1, 0, "CCP A"), (1, 1, "CCP B"), (2, 1, "CCP C")]
    assert "\nindented by a tab\n" in lines.text and lines.text.endswith("\nFin\nUne ligne")
