"""The nightly job keeps a catalogue of every JORF text it scans, ingested or not, so that a citation of any
act of the Journal officiel resolves to its official id. On real DILA files: the JO of 19 August 2026 (its
table of contents, an arrêté, a décret) and corpus texts in the JORFSIMPLE envelope."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from legalgraph.graph.namespaces import CATALOGUE_GRAPH, sparql_prefixes
from legalgraph.store import open_store
from legalgraph.watch.job import TextFilter, run_watch
from tests.support.dila_fixtures import (
    REAL_ARRETE,
    REAL_NOMINATION,
    REAL_SOMMAIRE,
    write_archive,
    write_index,
)
from tests.test_watch import EVENING, NIGHT, deletion_members, night_members, store_quads

CITED = "l'arrêté du 11 août 2026 portant cessation de fonctions et nomination au cabinet"


def sommaire_links() -> dict[str, str]:
    """id → title of each text in the JO's table of contents (read with lxml, not with the job's scanner)."""
    root = etree.parse(str(REAL_SOMMAIRE)).getroot()
    return {el.get("idtxt"): el.get("titretxt") for el in root.iter("LIEN_TXT")}


def meta(path: Path, tag: str) -> str:
    return etree.parse(str(path)).getroot().findtext(tag)


def rows(store_path: Path, query: str, **bindings) -> list[tuple]:
    store = open_store(store_path)
    try:
        return [
            tuple(t.value if t is not None else None for t in row)
            for row in store.select(sparql_prefixes() + query, {"g": CATALOGUE_GRAPH, **bindings})
        ]
    finally:
        store.close()


def mirror_of(tmp_path: Path, *archives: tuple[str, dict[str, bytes]]) -> Path:
    folder = tmp_path / "OPENDATA" / "JORFSIMPLE"
    folder.mkdir(parents=True)
    for stamp, members in archives:
        write_archive(folder, f"JORFSIMPLE_{stamp}.tar.gz", members)
    write_index(folder)
    return folder


def test_every_scanned_text_is_catalogued_with_its_ids_whether_ingested_or_not(tmp_path):
    report = run_watch(str(mirror_of(tmp_path, (NIGHT, night_members()))), tmp_path / "store")
    assert report.archives[0].error is None
    ids = {
        i for (i,) in rows(tmp_path / "store", "SELECT DISTINCT ?id WHERE { GRAPH ?g { ?e lg:jorfId ?id } }")
    }
    # the table of contents lists the texts of the JO with their titles; a title naming no dated act (an
    # "Avis de vacance…") gives nothing to resolve a citation with
    dated = {i for i, title in sommaire_links().items() if " du " in title and not title.startswith("Avis")}
    assert dated <= ids
    for text in (REAL_ARRETE, REAL_NOMINATION):  # skipped by the filter, catalogued with their NOR and title
        got = rows(
            tmp_path / "store",
            "SELECT ?nor ?title WHERE { GRAPH ?g { ?e lg:jorfId ?id ; lg:nor ?nor ; eli:title ?title } }",
            id=_lit(meta(text, "ID")),
        )
        assert set(got) == {(meta(text, "NOR"), meta(text, "TITREFULL"))}
    eli = rows(
        tmp_path / "store",
        "SELECT DISTINCT ?eli WHERE { GRAPH ?g { ?e lg:jorfId ?id ; lg:eliPath ?eli } }",
        id=_lit(meta(REAL_ARRETE, "ID")),
    )
    assert eli == [(meta(REAL_ARRETE, "ID_ELI").removeprefix("https://www.legifrance.gouv.fr"),)]


def test_a_citation_of_a_text_the_store_does_not_hold_gets_its_official_id_from_the_catalogue(tmp_path):
    # the délégation de signature ingested this time: it cites an arrêté of the same JO it does not contain
    members = night_members()
    run_watch(
        str(mirror_of(tmp_path, (NIGHT, members))),
        tmp_path / "store",
        text_filter=TextFilter(title="délégation de signature"),
    )
    expected = next(i for i, t in sommaire_links().items() if t.lower().startswith(CITED.removeprefix("l'")))
    got = rows(
        tmp_path / "store",
        """SELECT DISTINCT ?id ?url WHERE { ?c oa:hasBody ?act ; lg:citedText ?text .
        ?act lg:jorfId ?id ; lg:legifranceUrl ?url FILTER (CONTAINS(?text, "cessation de fonctions")) }""",
    )
    assert got == [(expected, f"https://www.legifrance.gouv.fr/jorf/id/{expected}")]


def test_a_second_run_over_the_same_archive_changes_nothing(tmp_path):
    mirror = mirror_of(tmp_path, (NIGHT, night_members()))
    run_watch(str(mirror), tmp_path / "store")
    before = store_quads(tmp_path / "store")
    again = run_watch(str(mirror), tmp_path / "store", retry=[f"JORFSIMPLE_{NIGHT}.tar.gz"])
    assert again.archives and again.archives[0].error is None
    assert store_quads(tmp_path / "store") == before


def test_a_text_deleted_by_dila_leaves_the_catalogue(tmp_path):
    arrete = meta(REAL_ARRETE, "ID")
    mirror = mirror_of(tmp_path, (NIGHT, night_members()), (EVENING, deletion_members(EVENING, arrete)))
    run_watch(str(mirror), tmp_path / "store")
    query = "SELECT ?e WHERE { GRAPH ?g { ?e lg:jorfId ?id } }"
    assert rows(tmp_path / "store", query, id=_lit(arrete)) == []
    assert rows(tmp_path / "store", query, id=_lit(meta(REAL_NOMINATION, "ID")))  # the others stay


def _lit(value: str):
    from pyoxigraph import Literal

    return Literal(value)
