"""find_equivalences: HTML tables (rowspan), Markdown with raw HTML, flattened Légifrance copies."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import legalgraph
from legalgraph.extract.equivalences import equivalence_tables, find_equivalences
from legalgraph.models import Document, Source, SourceFormat

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

INTRO = (
    "Les titulaires des certificats de compétences professionnelles obtenus antérieurement à la date d'entrée en "
    "vigueur du présent arrêté sont réputés avoir obtenu les certificats de compétences professionnelles "
    "mentionnés au précédent article selon le tableau figurant ci-dessous :"
)


def _html(rows: str, header: str | None = None) -> Document:
    header = header or (
        "<tr><th>TITRE PROFESSIONNEL<br/>de technicien supérieur d'études<br/>en construction métallique"
        "<br/>(arrêtés du 13 mai 2004 modifiés)</th>"
        "<th>TITRE PROFESSIONNEL<br/>de technicien supérieur d'études<br/>en construction métallique"
        "<br/>(présent arrêté)</th></tr>"
    )
    page = f"<html><body><p>Article 4</p><p>{INTRO}</p><table>{header}{rows}</table></body></html>"
    return legalgraph.read(page.encode("utf-8"), path="snippet.html")


def test_old_cell_spanning_two_rows_counts_once():
    doc = _html(
        "<tr><td>Elaborer en avant-projet des conceptions techniques.</td><td>Concevoir des solutions techniques."
        "</td></tr>"
        '<tr><td rowspan="2">Exploiter une note de calcul et produire le dossier d\'exécution.</td>'
        "<td>Concevoir des plans de détails.</td></tr>"
        "<tr><td>Réaliser des dossiers d'exécution.</td></tr>"
    )
    eqs = find_equivalences(doc)
    assert len(eqs) == 2
    assert eqs[1].old == ["Exploiter une note de calcul et produire le dossier d'exécution"]
    assert eqs[1].new == ["Concevoir des plans de détails", "Réaliser des dossiers d'exécution"]
    assert {e.old_act_date for e in eqs} == {"2004-05-13"}
    assert all(doc.text[e.span[0] : e.span[1]] for e in eqs)


def test_new_cell_spanning_two_rows_maps_two_old_certificates():
    doc = _html(
        "<tr><td>Effectuer la maintenance corrective</td>"
        '<td rowspan="2">Assurer la maintenance préventive et corrective</td></tr>'
        "<tr><td>Effectuer la maintenance préventive</td></tr>"
    )
    eqs = find_equivalences(doc)
    assert [(e.old, e.new) for e in eqs] == [
        (["Effectuer la maintenance corrective"], ["Assurer la maintenance préventive et corrective"]),
        (["Effectuer la maintenance préventive"], ["Assurer la maintenance préventive et corrective"]),
    ]


def test_no_correspondence_rows_count():
    doc = _html(
        "<tr><td>Elaborer une offre globale</td><td>Pas de correspondance</td></tr>"
        "<tr><td>Pas de correspondance</td><td>Construire l'offre commerciale</td></tr>"
        "<tr><td>Pour l'option transport terrestre :<br/>Organiser les opérations</td><td>Néant</td></tr>"
    )
    eqs = find_equivalences(doc)
    assert [(e.old, e.new) for e in eqs] == [
        (["Elaborer une offre globale"], []),
        ([], ["Construire l'offre commerciale"]),
        (["Pour l'option transport terrestre : Organiser les opérations"], []),
    ]


def test_two_old_certificates_in_one_cell_count_twice():
    doc = _html(
        "<tr><td>2. Assurer l'administration des ventes<br/>4. Organiser la prestation transport</td>"
        "<td>Assurer l'administration et la logistique des ventes</td></tr>"
    )
    eqs = find_equivalences(doc)
    assert [e.old for e in eqs] == [
        ["Assurer l'administration des ventes"],
        ["Organiser la prestation transport"],
    ]


def test_unmarked_new_side_and_header_dates():
    header = (
        "<tr><th>TITRE PROFESSIONNEL<br/>superviseur(se)<br/>en relations clients à distance<br/>"
        "(arrêté du 27 avril 2007)</th><th>TITRE PROFESSIONNEL<br/>superviseur(se)<br/>relation client à distance"
        "</th></tr>"
    )
    doc = _html("<tr><td>Gérer un plateau d'appels</td><td>Gérer une équipe</td></tr>", header=header)
    (table,) = equivalence_tables(doc)
    assert table.old_act_date == "2007-04-27"
    assert "relation client à distance" in table.new_header
    assert [(e.old, e.new) for e in table.rows] == [(["Gérer un plateau d'appels"], ["Gérer une équipe"])]


def test_header_row_over_two_lines_with_colspan():
    header = (
        '<tr><th colspan="5">TITRE PROFESSIONNEL DE GOUVERNANT(E) EN HÔTELLERIE</th></tr>'
        '<tr><th>Arrêté du 14 décembre 2004</th><th colspan="4">Présent arrêté</th></tr>'
    )
    doc = _html("<tr><td>Animer une équipe.</td><td>Organiser le travail.</td></tr>", header=header)
    eqs = find_equivalences(doc)
    assert [(e.old_act_date, e.old, e.new) for e in eqs] == [
        ("2004-12-14", ["Animer une équipe"], ["Organiser le travail"])
    ]


FLAT = (
    "Les titulaires des certificats de compétences professionnelles du titre professionnel de conseiller en "
    "insertion professionnelle révisé par l'arrêté du 11 décembre 2017 susvisé sont réputés avoir obtenu les "
    "certificats de compétences professionnelles mentionnés au précédent article selon le tableau figurant "
    "ci-dessous :\n"
    "TITRE PROFESSIONNEL\nConseiller en insertion professionnelle\n(arrêté du 11/12/2017)\n"
    "TITRE PROFESSIONNEL\nConseiller en insertion professionnelle\n(présent arrêté)\n"
    "Accueillir pour analyser la demande\nAccueillir pour analyser la demande\n"
    "Accompagner les personnes\nAccompagner les personnes\n"
    "Mettre en œuvre une offre de services\nMettre en œuvre une offre de servicesVersions\n"
    "L'annexe au présent arrêté comporte les informations requises pour l'enregistrement du titre "
    "professionnel.Versions\n"
)


def test_flattened_legifrance_copy():
    for doc in (
        legalgraph.read(FLAT.encode("utf-8"), path="snippet.txt"),
        Document(text=FLAT, source=Source(None, SourceFormat.TEXT, "0")),
    ):
        eqs = find_equivalences(doc)
        assert [(e.old, e.new) for e in eqs] == [
            (["Accueillir pour analyser la demande"], ["Accueillir pour analyser la demande"]),
            (["Accompagner les personnes"], ["Accompagner les personnes"]),
            (["Mettre en œuvre une offre de services"], ["Mettre en œuvre une offre de services"]),
        ]
        assert {e.old_act_date for e in eqs} == {"2017-12-11"}


def test_table_cut_by_the_fragment_gives_nothing():
    text = (
        "Les titulaires des certificats de compétences professionnelles obtenus antérieurement sont réputés avoir "
        "obtenu les nouveaux certificats selon le tableau de correspondance figurant ci-dessous :\n"
        "|TITRE PROFESSIONNEL\ncommercial\n(arrêté du 7 février 2013 modifiant l'arrêté du 31 juillet 2003\n"
        "relatif au titre professionnel d'attaché commercial| TITRE PROFES"
    )
    assert find_equivalences(Document(text=text, source=Source(None, SourceFormat.TEXT, "0"))) == []


MARKDOWN = (
    "# Arrêté du 4 avril 2014 relatif au titre professionnel de technicien(ne) de production industrielle\n\n"
    "# Article 4\n\n"
    + INTRO
    + "\n\n<table>\n<tbody>\n<tr>\n<td>\n<p> TECHNICIEN(NE)<br/>de production industrielle"
    "<br/>(arrêté du 15 juillet 2004 modifié)</p>\n</td>\n<td>\n<p> TECHNICIEN(NE)<br/>de production industrielle"
    "<br/>(présent arrêté)</p>\n</td>\n</tr>\n<tr>\n<td>Piloter une fabrication de produits<br/>Remédier à un aléa"
    "<br/>\n</td>\n<td>\n<br/>Piloter une ligne de production<br/>\n</td>\n</tr>\n<tr>\n<td>Optimiser une "
    "fabrication</td>\n<td>Contribuer à l'optimisation</td>\n</tr>\n</tbody>\n</table>\n"
)


def test_markdown_table_read_or_raw():
    read = legalgraph.read(MARKDOWN.encode("utf-8"), path="snippet.md")
    raw = Document(text=MARKDOWN, source=Source(None, SourceFormat.MARKDOWN, "0"))  # HTML still in the text
    for doc in (read, raw):
        eqs = find_equivalences(doc)
        assert [(e.old, e.new) for e in eqs] == [
            (["Piloter une fabrication de produits"], ["Piloter une ligne de production"]),
            (["Remédier à un aléa"], ["Piloter une ligne de production"]),
            (["Optimiser une fabrication"], ["Contribuer à l'optimisation"]),
        ]
        assert {e.old_act_date for e in eqs} == {"2004-07-15"}


def test_other_tables_are_not_equivalences():
    page = (
        "<html><body><p>Les certificats de qualification professionnelle ci-dessous énumérés sont enregistrés.</p>"
        "<table><tr><th>INTITULÉ DE LA CERTIFICATION</th><th>CODE NSF</th><th>DURÉE</th></tr>"
        "<tr><td>Croupier de casinos</td><td>334</td><td>5 ans</td></tr></table></body></html>"
    )
    assert find_equivalences(legalgraph.read(page.encode("utf-8"), path="snippet.html")) == []


def test_flattened_one_line_headers_end_with_the_article():
    text = (
        "Article 5\n" + INTRO + "\n"
        "TECHNICIEN(NE) de production industrielle (arrêté du 15 juillet 2004 modifié)\n"
        "TECHNICIEN(NE) de production industrielle (présent arrêté)\n"
        "Piloter une fabrication\nPiloter une ligne de production\n"
        "Optimiser une fabrication\nContribuer à l'optimisation\n"
        "Article 6\nL'annexe au présent arrêté comporte les informations requises.\n"
    )
    eqs = find_equivalences(legalgraph.read(text.encode("utf-8"), path="snippet.txt"))
    assert [(e.old_act_date, e.old, e.new) for e in eqs] == [
        ("2004-07-15", ["Piloter une fabrication"], ["Piloter une ligne de production"]),
        ("2004-07-15", ["Optimiser une fabrication"], ["Contribuer à l'optimisation"]),
    ]


# variations: equivalence tables as other arrêtés print them ---------------------------------------------------------
# Written for these tests: each varies FLAT above (the real 2022-11-21_conseiller-insertion-professionnelle copy).

FLAT_HEAD = (
    "TITRE PROFESSIONNEL\nConseiller commercial\n(arrêté du 12 décembre 2017)\n"
    "TITRE PROFESSIONNEL\nConseiller commercial\n(présent arrêté)\n"
)


def _flat_rows(text: str) -> list[tuple[list[str], list[str]]]:
    out = []
    for doc in (
        legalgraph.read(text.encode("utf-8"), path="snippet.txt"),
        Document(text=text, source=Source(None, SourceFormat.TEXT, "0")),
    ):
        out.append([(e.old, e.new) for e in find_equivalences(doc)])
    assert out[0] == out[1]
    return out[0]


def test_variation_no_equivalent_cell_and_short_prose_after_the_table():
    # variation: "Pas d'équivalent" in the new column; the next article, printed without heading, is short prose
    text = (
        "Article 3\n" + INTRO + "\n" + FLAT_HEAD + "Prospecter un secteur\nProspecter un secteur de vente\n"
        "Accompagner le client\nPas d'équivalent\n"
        "L'arrêté du 12 décembre 2017 susvisé est abrogé.\n"
    )
    assert _flat_rows(text) == [
        (["Prospecter un secteur"], ["Prospecter un secteur de vente"]),
        (["Accompagner le client"], []),
    ]


def test_variation_feminine_executing_authority_ends_the_table():
    # variation: "La déléguée générale …" (a woman in office) right after the last cell
    text = (
        "Article 3\n" + INTRO + "\n" + FLAT_HEAD + "Prospecter un secteur\nProspecter un secteur de vente\n"
        "La déléguée générale est chargée de l'exécution du présent arrêté.\n"
    )
    assert _flat_rows(text) == [(["Prospecter un secteur"], ["Prospecter un secteur de vente"])]


def test_variation_table_des_correspondances_without_reputes():
    # variation: the announcing sentence says "tableau des correspondances" and not "réputés avoir obtenu"
    text = (
        "Article 3\nLes certificats de compétences professionnelles obtenus avant l'entrée en vigueur du présent "
        "arrêté correspondent à ceux du présent arrêté selon le tableau des correspondances suivant :\n"
        + FLAT_HEAD
        + "Prospecter un secteur\nProspecter un secteur de vente\n"
    )
    assert _flat_rows(text) == [(["Prospecter un secteur"], ["Prospecter un secteur de vente"])]


def test_variation_both_columns_dated():
    # variation: the new column is labelled with its own date instead of "(présent arrêté)"
    text = (
        "Article 3\n" + INTRO + "\n"
        "TITRE PROFESSIONNEL\nConseiller commercial\n(arrêté du 12 décembre 2017)\n"
        "TITRE PROFESSIONNEL\nConseiller commercial\n(arrêté du 5 juillet 2023)\n"
        "Prospecter un secteur\nProspecter un secteur de vente\n"
    )
    assert _flat_rows(text) == [(["Prospecter un secteur"], ["Prospecter un secteur de vente"])]
    doc = Document(text=text, source=Source(None, SourceFormat.TEXT, "0"))
    assert [t.old_act_date for t in equivalence_tables(doc)] == ["2017-12-12"]


def test_variation_both_columns_dated_in_an_html_table():
    # variation of the HTML header above: "(arrêté du …)" on both sides, the new one first
    header = (
        "<tr><th>TITRE PROFESSIONNEL<br/>Conseiller commercial<br/>(arrêté du 5 juillet 2023)</th>"
        "<th>TITRE PROFESSIONNEL<br/>Conseiller commercial<br/>(arrêté du 12 décembre 2017)</th></tr>"
    )
    doc = _html(
        "<tr><td>Prospecter un secteur de vente.</td><td>Prospecter un secteur.</td></tr>", header=header
    )
    eqs = find_equivalences(doc)
    assert [(e.old_act_date, e.old, e.new) for e in eqs] == [
        ("2017-12-12", ["Prospecter un secteur"], ["Prospecter un secteur de vente"])
    ]


# ---- issue 13: empty old cells, pipe tables ----------------------------------------------------------------------
# Written for these tests. A certificate of the new version that no old one leads to is a row whose old side is
# empty: the row counts (GOLD.md equivalences_count), it is not dropped. Markdown mirrors may write the table with
# pipes ("| … | … |"), a "|---|---|" rule under the header, "<br>" inside a cell.

OLD_HEAD = "TITRE PROFESSIONNEL d'agent de restauration (arrêté du 31 juillet 2003)"
NEW_HEAD = "TITRE PROFESSIONNEL d'agent de restauration (présent arrêté)"


def _pipes(rows: list[str], *, rule: bool = True, head: tuple[str, str] = (OLD_HEAD, NEW_HEAD)) -> str:
    lines = [f"| {head[0]} | {head[1]} |"] + (["|---|:---:|"] if rule else []) + rows
    return "\n".join(lines)


def _markdown(table: str) -> Document:
    page = f"# Arrêté du 2 mars 2020\n\n# Article 4\n\n{INTRO}\n\n{table}\n\n# Article 5\n\nLe présent arrêté sera publié.\n"
    return legalgraph.read(page.encode("utf-8"), path="snippet.md")


def _plain(table: str) -> Document:
    page = f"Arrêté du 2 mars 2020\n\nArticle 4\n\n{INTRO}\n\n{table}\n\nArticle 5\n\nLe présent arrêté sera publié.\n"
    return legalgraph.read(page.encode("utf-8"), path="snippet.txt")


@pytest.mark.parametrize("reader", [_markdown, _plain], ids=["markdown", "text"])
@pytest.mark.parametrize("rule", [True, False], ids=["rule", "no-rule"])
@pytest.mark.parametrize("empty", ["|  |", "||", "| |"], ids=["spaces", "none", "one-space"])
def test_pipe_table_with_an_empty_old_cell(reader, rule, empty):
    doc = reader(
        _pipes(
            [
                "| Préparer les hors-d'œuvre | Préparer en cuisine |",
                f"{empty} Assurer le service au comptoir |",
                "| Pas de correspondance | Réaliser le lavage de la vaisselle |",
            ],
            rule=rule,
        )
    )
    eqs = find_equivalences(doc)
    assert [(e.old, e.new) for e in eqs] == [
        (["Préparer les hors-d'œuvre"], ["Préparer en cuisine"]),
        ([], ["Assurer le service au comptoir"]),
        ([], ["Réaliser le lavage de la vaisselle"]),
    ]
    assert {e.old_act_date for e in eqs} == {"2003-07-31"}
    for e in eqs:  # every row points at its own characters
        assert e.new[0] in doc.text[e.span[0] : e.span[1]]


def test_pipe_table_new_side_first_and_br_inside_a_cell():
    table = _pipes(
        [
            "| Accueillir les clients | Accueillir le client<br>et l'orienter |",
            "| Encaisser | Encaisser les ventes<br/>Tenir la caisse |",
        ],
        head=(NEW_HEAD, OLD_HEAD),
    )
    eqs = find_equivalences(_markdown(table))
    # a line starting in lower case continues the title above it; one starting in upper case is another certificate
    assert [(e.old, e.new) for e in eqs] == [
        (["Accueillir le client et l'orienter"], ["Accueillir les clients"]),
        (["Encaisser les ventes"], ["Encaisser"]),
        (["Tenir la caisse"], ["Encaisser"]),
    ]


def test_pipe_table_that_is_no_equivalence_is_not_read():
    table = "| Intitulé | Code NSF |\n|---|---|\n| Croupier de casinos | 334 |"
    page = f"# Arrêté du 2 mars 2020\n\n# Article 1\n\nLes certifications suivantes sont enregistrées :\n\n{table}\n"
    assert find_equivalences(legalgraph.read(page.encode("utf-8"), path="snippet.md")) == []


@pytest.mark.parametrize(
    "empty_cell", ["<td></td>", "<td> </td>", "<td><br/></td>"], ids=["empty", "space", "br"]
)
def test_html_table_with_an_empty_old_cell(empty_cell):
    doc = _html(
        "<tr><td>Elaborer en avant-projet des conceptions techniques.</td><td>Concevoir des solutions techniques.</td></tr>"
        f"<tr>{empty_cell}<td>Réaliser des dossiers d'exécution.</td></tr>"
    )
    assert [(e.old, e.new) for e in find_equivalences(doc)] == [
        (["Elaborer en avant-projet des conceptions techniques"], ["Concevoir des solutions techniques"]),
        ([], ["Réaliser des dossiers d'exécution"]),
    ]


def test_tables_passed_in_are_the_ones_read():
    doc = _markdown(_pipes(["| Vendre | Vendre en magasin |"]))
    tables = equivalence_tables(doc)
    assert find_equivalences(doc, tables) == find_equivalences(doc)
    assert find_equivalences(doc, []) == []


def test_real_table_rows_without_an_old_certificate_count():
    """A real LEGI Markdown copy: the rows whose old cell reads "Pas de correspondance" stay, with an empty old side."""
    name = "2015-02-16_technicien-superieur-transport-aerien-maritime-marchandises.md"
    path = CORPUS / "texts" / name
    gold = json.loads((CORPUS / "gold" / f"{name}.gold.json").read_text("utf-8"))
    raw = path.read_text("utf-8")
    # the first cell of each body row of the raw table, as printed
    first_cells = [
        re.sub(r"<[^>]+>|\s+", " ", m.group(1)).strip()
        for m in re.finditer(r"<tr>\s*<td[^>]*>(.*?)</td>", raw[raw.index("<tbody>") :], re.S)
    ][1:]  # the first row is the header
    without_old = [c for c in first_cells if c.lower().startswith("pas de correspondance")]
    eqs = find_equivalences(legalgraph.read(path))
    assert len(eqs) == gold["equivalences_count"]
    assert sum(1 for e in eqs if not e.old) == len(without_old) > 0
    assert all(e.new for e in eqs if not e.old)


@pytest.mark.parametrize(
    "cell",
    [
        "&nbsp;",
        "<p></p>",
        "-",
        "—",
        "/",
        "* * *",
        "Néant",
        "(néant)",
        "Aucun",
        "Sans objet",
        "Sans équivalence",
        "Pas d'équivalence",
        "Aucune correspondance",
        "Pas de correspondance dans l'ancien titre",
        "Pas de CCP correspondant",
        "Aucun certificat équivalent",
        "Nouveau CCP",
        "Non concerné",
    ],
)
def test_old_cell_that_names_no_certificate(cell):
    doc = _html(
        "<tr><td>Elaborer en avant-projet des conceptions techniques.</td><td>Concevoir des solutions techniques.</td></tr>"
        f"<tr><td>{cell}</td><td>Réaliser des dossiers d'exécution.</td></tr>"
    )
    assert [(e.old, e.new) for e in find_equivalences(doc)][1:] == [
        ([], ["Réaliser des dossiers d'exécution"])
    ]
