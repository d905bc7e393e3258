"""France Compétences' RNCP fiches: the kit and the export read, and the corpus versions tied to their fiche on
evidence (name, level, registration dates), never on the name alone."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date, timedelta

import pyoxigraph as ox
import pytest

from legalgraph import queries
from legalgraph.errors import LegalgraphError
from legalgraph.graph import francecompetences as fc
from legalgraph.graph.codes import data_dir
from legalgraph.graph.identity import ID, level_iri
from legalgraph.graph.namespaces import FRANCE_COMPETENCES_GRAPH, LG, XSD, sparql_prefixes
from legalgraph.store import OxigraphStore, build_paths
from tests.support.graphkit import CORPUS, corpus_graph, scratch_dir

ACT = ID + "act/arrete/"
CIP_2022 = ACT + "2022-11-21/tp-conseiller-en-insertion-professionnelle/version"
CC_2017 = ACT + "2017-12-12/tp-conseiller-commercial/version"
CC_2023 = ACT + "2023-07-05/tp-conseiller-commercial/version"
APH_2023 = ACT + "2023-06-07/tp-agent-de-proprete-et-d-hygiene/version"
BOIS_2016 = ACT + "2016-04-04/tp-constructeur-bois/version"
GORM_2025 = ACT + "2025-06-03/tp-gestionnaire-des-operations-de-transport-routier-de-marchandises/version"
RESTAURATION_2003 = ACT + "2003-07-31/tp-agent-de-restauration/version"
SAMPLE = data_dir("france-competences") / fc.EXPORT_SAMPLE


def fiche(number: str) -> fc.Fiche:
    return next(f for f in fc.reference_fiches() if f.number == number)


def links(store) -> dict[str, set[str]]:
    """Version → the numbers of the fiches it is linked to."""
    out: dict[str, set[str]] = {}
    q = "SELECT ?v ?n WHERE { ?v lg:rncpFiche ?f . ?f skos:notation ?n }"
    for v, n in store.select(sparql_prefixes() + q):
        out.setdefault(v.value, set()).add(n.value)
    return out


def value(store, subject: str, path: str) -> str | None:
    rows = store.select(sparql_prefixes() + f"SELECT ?x WHERE {{ <{subject}> {path} ?x }}")
    return rows.rows[0][0].value if rows.rows else None


def corpus_copy() -> OxigraphStore:
    """The corpus graph without its France Compétences graph, in a store of its own (the tests vary fiches)."""
    kg, _ = corpus_graph()
    store = OxigraphStore()
    store.add([q for q in kg.store.quads() if q.graph_name != FRANCE_COMPETENCES_GRAPH])
    return store


def with_fiches(*fiches: fc.Fiche) -> OxigraphStore:
    store = corpus_copy()
    fc.refresh_france_competences(store, fiches)
    return store


# ---- the readers ----------------------------------------------------------------------------------------------


def test_the_kit_gives_the_fiches_of_the_titres_professionnels():
    fiches = fc.reference_fiches()
    assert len(fiches) == 259 == len({f.number for f in fiches})  # 274 TP rows, several codes for one fiche
    assert all(f.is_titre_professionnel for f in fiches)
    cip = fiche("RNCP37274")
    assert cip.titles == ("CONSEILLER EN INSERTION PROFESSIONNELLE (TP)",)
    assert (cip.level, cip.end, cip.active, cip.abbreviation) == ("5", "2028-03-23", True, "TP")
    assert cip.keys == {"conseiller-en-insertion-professionnelle"}  # "(TP)" does not count
    assert cip.iri == ID + "rncp/RNCP37274"
    assert cip.url == "https://www.francecompetences.fr/recherche/rncp/37274/"
    # An old titre's code points at its successor's fiche: both intitulés, the fiche's own (first row) first.
    assert fiche("RNCP37396").titles == (
        "CHARGE D'ACCUEIL TOURISTIQUE ET DE LOISIRS (TP)",
        "AGENT(E) D'ACCUEIL TOURISTIQUE (TP)",
    )
    assert fiche("RNCP282").end is None  # 30/12/1899: no date
    assert fiche("RNCP34078").abbreviation == "MASTER"  # a titre marked only in its intitulé "(TP)"


def test_the_export_sample_is_read_with_iso_dates_and_its_codes():
    fiches = {f.number: f for f in fc.read_fiches(SAMPLE)}
    assert list(fiches) == [
        "RNCP509", "RNCP1197", "RNCP4049", "RNCP22094", "RNCP28155", "RNCP30271", "RS5000", "RNCP19468", "RS6117",
    ]  # fmt: skip
    cap = fiches["RNCP509"]
    assert cap.titles == ("Agent vérificateur d'appareils extincteurs",) and cap.abbreviation == "CAP"
    assert (cap.level, cap.end, cap.start, cap.active) == ("3", "2023-08-31", None, False)
    assert (cap.rome, cap.nsf) == (("I1203",), ("251",))
    assert fiches["RNCP4049"].rome == ("D1407", "D1406", "H1102") and fiches["RNCP4049"].nsf == ("221w",)
    assert fiches["RNCP19468"].level is None  # REPRISE: no level in the cadre national
    assert (fiches["RS6117"].end, fiches["RS6117"].active) == ("2025-09-29", True)
    assert fiches["RS6117"].url == "https://www.francecompetences.fr/recherche/rs/6117/"
    assert all(f.end and date.fromisoformat(f.end) for f in fiches.values())
    assert not any(f.is_titre_professionnel for f in fiches.values())  # none of our titres is in the sample
    assert len(fc.reference_fiches(SAMPLE)) == len(fc.reference_fiches())


def test_a_folder_that_is_no_export_is_a_clear_error(tmp_path):
    with pytest.raises(LegalgraphError, match="export_fiches_CSV_Standard"):
        fc.read_fiches(tmp_path)


def test_an_export_comes_first_and_the_kit_adds_intitules():
    export = fc.Fiche(
        "RNCP1", ("Conseiller de vente",), level="4", end="2028-01-25", start="2023-01-25", source="e"
    )
    kit = fc.Fiche("RNCP1", ("CONSEILLER DE VENTE (TP)", "VENDEUR CONSEIL EN MAGASIN (TP)"), level="3",
                   end="2028-01-24", active=True, abbreviation="TP", source="k")  # fmt: skip
    (merged,) = fc.merge([export], [kit])
    assert merged.titles == (
        "Conseiller de vente",
        "CONSEILLER DE VENTE (TP)",
        "VENDEUR CONSEIL EN MAGASIN (TP)",
    )
    assert (merged.level, merged.end, merged.start, merged.active, merged.abbreviation) == (
        "4", "2028-01-25", "2023-01-25", True, "TP",
    )  # fmt: skip


# ---- the corpus versions and their fiches ---------------------------------------------------------------------


def test_the_cross_checked_corpus_versions_link_to_their_fiche():
    kg, _ = corpus_graph()  # refresh_derived wrote the France Compétences graph
    found = links(kg.store)
    assert found[CIP_2022] == {"RNCP37274"}  # cinq ans à compter du 23 mars 2023, niveau 5: 23/03/2028
    assert found[CC_2017] == {"RNCP31005"}  # à compter du 31 juillet 2018, niveau IV: 31/07/2023
    assert all(len(fiches) == 1 for fiches in found.values())  # no version links to two fiches
    # Any other link is a second copy of one of these acts (an undated fragment of the 2022 arrêté).
    for version in set(found) - {CIP_2022, CC_2017}:
        assert value(kg.store, version, "owl:sameAs") in (CIP_2022, CC_2017), version
        assert found[version] == found[value(kg.store, version, "owl:sameAs")]


def test_a_version_whose_name_matches_but_whose_dates_do_not_is_not_linked():
    kg, _ = corpus_graph()
    found = links(kg.store)
    # RNCP31005 ends on 31/07/2023, the day the 2023 revision starts: the fiche of the 2017 version, not of this one.
    assert value(kg.store, CC_2023, "lg:registration/lg:startDate") == "2023-07-31" and CC_2023 not in found
    # Constructeur bois 2016 (to 2021-04-27): RNCP35507 is the fiche of the 2021 revision (to 26/04/2026).
    assert value(kg.store, BOIS_2016, "lg:registration/lg:endDate") == "2021-04-27" and BOIS_2016 not in found
    # The README's cross-check: RNCP34881 (échéance 24/08/2025) is the 2020 version's fiche, not the 2025 one's;
    # RNCP35650 a later version of agent de restauration than the 2003 one.
    assert GORM_2025 not in found and RESTAURATION_2003 not in found
    assert value(kg.store, ID + "rncp/RNCP34881", "lg:registrationEnd") == "2025-08-24"


def test_the_echeance_is_the_first_day_the_registration_no_longer_covers():
    """The convention, from the data: an échéance is the arrêté's start plus its duration (the same day N years
    on, as lg:endDate), and the day the next registration starts."""
    kg, _ = corpus_graph()
    for version, (number,) in links(kg.store).items():
        assert value(kg.store, version, "lg:registration/lg:endDate") == fiche(number).end, version
    assert value(kg.store, CC_2023, "lg:registration/lg:startDate") == fiche("RNCP31005").end == "2023-07-31"
    assert value(kg.store, APH_2023, "lg:registration/lg:startDate") == fiche("RNCP278").end == "2023-08-13"


def test_the_fiche_nodes():
    kg, _ = corpus_graph()
    cip = ID + "rncp/RNCP37274"
    q = f"SELECT ?p ?o WHERE {{ GRAPH ?g {{ <{cip}> ?p ?o }} }}"
    facts = {(p.value, o.value) for p, o in kg.store.select(q, {"g": FRANCE_COMPETENCES_GRAPH})}
    assert facts >= {
        (LG.levelCnc.value, level_iri("5")),
        (LG.registrationEnd.value, "2028-03-23"),
        (LG.active.value, "true"),
        (LG.franceCompetencesUrl.value, "https://www.francecompetences.fr/recherche/rncp/37274/"),
        ("http://www.w3.org/2004/02/skos/core#notation", "RNCP37274"),
        ("http://www.w3.org/2004/02/skos/core#prefLabel", "CONSEILLER EN INSERTION PROFESSIONNELLE (TP)"),
        ("http://www.w3.org/2000/01/rdf-schema#label", "CONSEILLER EN INSERTION PROFESSIONNELLE (TP)"),
    }
    n = kg.store.select(sparql_prefixes() + "SELECT (COUNT(?f) AS ?n) WHERE { ?f a lg:RncpFiche }").rows[0][0]
    assert int(n.value) == len(fc.reference_fiches())


# ---- evidence: a varied record --------------------------------------------------------------------------------


def test_another_level_is_another_fiche_whatever_the_dates():
    store = with_fiches(dataclasses.replace(fiche("RNCP37274"), level="4"))
    assert CIP_2022 not in links(store)


def test_an_end_a_year_apart_is_another_registration():
    store = with_fiches(dataclasses.replace(fiche("RNCP37274"), end="2027-03-23"))
    assert links(store) == {}


def test_an_end_one_day_apart_links_when_the_levels_agree_and_is_a_disagreement():
    varied = dataclasses.replace(fiche("RNCP37274"), end="2028-03-22")  # written as the last day included
    store = with_fiches(varied)
    assert links(store)[CIP_2022] == {"RNCP37274"}
    rows = queries.run(store, "registration-disagreements", days="1")
    (row,) = [dict(zip(rows.variables, (t.value if t else None for t in r), strict=True)) for r in rows.rows]
    assert row == {
        "name": "conseiller en insertion professionnelle",
        "start": "2023-03-23",
        "end": "2028-03-23",
        "echeance": "2028-03-22",
        "difference": "-1",
        "fiche": ID + "rncp/RNCP37274",
        "act": CIP_2022.removesuffix("/version"),
        "version": CIP_2022,
    }
    # Without a level on the fiche, a day apart is not enough.
    assert links(with_fiches(dataclasses.replace(varied, level=None))) == {}


def test_an_end_two_days_apart_is_not_linked():
    assert links(with_fiches(dataclasses.replace(fiche("RNCP31005"), end="2023-08-02"))) == {}


def test_the_same_start_links_and_shows_how_far_the_ends_are():
    """An export's Date_Effet: the same first day and level tie a version to a fiche France Compétences prorogued."""
    prorogued = dataclasses.replace(fiche("RNCP37274"), start="2023-03-23", end="2029-03-23")
    store = with_fiches(prorogued)
    assert links(store)[CIP_2022] == {"RNCP37274"}
    rows = queries.run(store, "registration-disagreements", days="1")
    assert [r[rows.variables.index("difference")].value for r in rows.rows] == ["365"]


def test_two_fiches_that_fit_alike_give_no_link():
    twin = dataclasses.replace(fiche("RNCP37274"), number="RNCP99999")
    assert links(with_fiches(fiche("RNCP37274"), twin)) == {}
    # The exact end wins over an end a day apart.
    near = dataclasses.replace(twin, end="2028-03-22")
    assert links(with_fiches(fiche("RNCP37274"), near))[CIP_2022] == {"RNCP37274"}


# ---- the named queries ------------------------------------------------------------------------------------------


def test_on_the_corpus_every_linked_version_agrees_with_its_fiche():
    kg, _ = corpus_graph()
    assert len(queries.run(kg.store, "registration-disagreements", days="1")) == 0
    rows = queries.run(kg.store, "registration-disagreements", days="0")
    got = [
        (r[rows.variables.index("version")].value, r[rows.variables.index("difference")]) for r in rows.rows
    ]
    zero = ox.Literal("0", datatype=XSD.integer)
    assert got == [(CC_2017, zero), (CIP_2022, zero)]  # one row per version: the undated copy is an alias


def test_the_day_count_is_right_across_leap_years_and_centuries():
    """The query counts days from year, month and day; checked against Python on varied pairs of dates."""
    g = ox.NamedNode(ID + "test")
    pairs = [
        ("2028-03-23", "2028-03-23"), ("2028-02-28", "2028-03-01"), ("2100-02-28", "2100-03-01"),
        ("2000-02-28", "2000-03-01"), ("1999-12-31", "2000-01-01"), ("2023-07-31", "2018-07-31"),
        ("2024-02-29", "2029-02-28"), ("2019-01-01", "2020-12-31"),
    ]  # fmt: skip
    start = date(1990, 1, 1)
    pairs += [
        ((start + timedelta(days=37 * i)).isoformat(), (start + timedelta(days=53 * i)).isoformat())
        for i in range(60)
    ]
    quads, want = [], {}
    for i, (end, echeance) in enumerate(pairs):
        v, r, f = (ox.NamedNode(f"{ID}test/{kind}/{i}") for kind in ("version", "registration", "fiche"))
        quads += [
            ox.Quad(v, LG.rncpFiche, f, g), ox.Quad(v, LG.registration, r, g),
            ox.Quad(v, LG.establishedBy, ox.NamedNode(f"{ID}test/act/{i}"), g),
            ox.Quad(v, LG.lineageRank, ox.Literal("1", datatype=XSD.integer), g),
            ox.Quad(r, LG.endDate, ox.Literal(end, datatype=XSD.date), g),
            ox.Quad(f, LG.registrationEnd, ox.Literal(echeance, datatype=XSD.date), g),
        ]  # fmt: skip
        want[v.value] = (date.fromisoformat(echeance) - date.fromisoformat(end)).days
    store = OxigraphStore()
    store.add(quads)
    rows = queries.run(store, "registration-disagreements", days="0")
    i, j = rows.variables.index("version"), rows.variables.index("difference")
    assert {r[i].value: int(r[j].value) for r in rows.rows} == want


def test_titres_by_level_gives_the_fiche():
    kg, _ = corpus_graph()
    df = kg.named("titres-by-level", level="5")
    assert df.set_index("version").fiche[CIP_2022] == ID + "rncp/RNCP37274"
    assert (
        kg.named("titres-by-level", level="IV").set_index("version").fiche[CC_2017] == ID + "rncp/RNCP31005"
    )


def test_a_whole_number_parameter():
    kg, _ = corpus_graph()
    with pytest.raises(LegalgraphError, match="not a whole number"):
        queries.run(kg.store, "registration-disagreements", days="un")


# ---- the graph follows the documents ----------------------------------------------------------------------------


def test_rebuilding_never_leaves_a_stale_link():
    folder = scratch_dir() / "texts"
    folder.mkdir()
    name = "2017-12-12_conseiller-commercial.txt"
    shutil.copy(CORPUS / name, folder / name)
    store = OxigraphStore(scratch_dir() / "store")
    build_paths(store, [folder / name])
    assert links(store) == {CC_2017: {"RNCP31005"}}
    assert fc.refresh_france_competences(store) is False  # same fiches, same links: nothing written
    # The text now says 2019: its registration ends on 31 July 2024, which is not RNCP31005's échéance.
    text = (folder / name).read_text(encoding="utf-8")
    assert "à compter du 31 juillet 2018" in text
    (folder / name).write_text(
        text.replace("à compter du 31 juillet 2018", "à compter du 31 juillet 2019"), encoding="utf-8"
    )
    report = build_paths(store, [folder / name])
    assert report.replaced
    assert value(store, CC_2017, "lg:registration/lg:endDate") == "2024-07-31"
    assert links(store) == {}
    assert value(store, ID + "rncp/RNCP31005", "skos:notation") == "RNCP31005"  # the fiche stays
