"""France Compétences' RNCP fiches of the titres professionnels, and the titre version each registers.

Sources (``legalgraph/data/france-competences``, see its README):

* the "Kit apprentissage et RNCP" v3.0: one row per diploma code (CFD) with its fiche number, intitulé, level,
  abrégé (``TP``), date d'échéance and ACTIVE/INACTIVE. Several codes may point at one fiche (the code of an
  old titre re-pointed at its successor's fiche), so a fiche carries the intitulés of all its rows;
* an export of the répertoire (the open-data zip ``export-fiches-csv-AAAA-MM-JJ.zip`` unpacked: its
  ``export_fiches_CSV_Standard|Rome|Nsf_AAAA_MM_JJ.csv``): every fiche, past ones too, with its ROME and NSF
  codes and the first day of its registration. A real sample ships to pin the format; ``read_fiches`` reads a
  full export folder the same way.

A titre version is tied to its fiche (``lg:rncpFiche``) on evidence, never on its name alone: the same
titre name (``titre_key``: case, accents, "(TP)" and gender marks do not count) and a level that does not
disagree, and the same end of registration — the arrêté's against the fiche's échéance — or, the level being the
same on both sides, an end one day apart (the other convention, below) or the same first day (an export's
Date_Effet). A name alone is no evidence: the kit points an old titre's code at its successor's fiche ("agent(e)
d'accueil touristique" → RNCP37396, "chargé d'accueil touristique et de loisirs"), and gives one fiche per code,
the latest, so the older versions of a titre match its name but not its dates.

**End dates: both sides give the first day the registration no longer covers.** The arrêté registers a titre
"pour une durée de cinq ans à compter du 23 mars 2023": legalgraph writes ``lg:endDate`` 2028-03-23, the same day
five years on (``frtext.add_years``; ``in-force-on`` asks ``?date < ?end``). France Compétences writes the same
day: RNCP37274 (conseiller en insertion professionnelle, from 23 March 2023) échéance 23/03/2028, RNCP31005
(conseiller commercial, from 31 July 2018) 31/07/2023. And its échéance is the day the next registration starts:
the arrêté of 5 July 2023 registers the conseiller commercial again "à compter du 31 juillet 2023" (RNCP31005:
31/07/2023), the arrêté of 7 June 2023 the agent de propreté et d'hygiène "à compter du 13 août 2023" (RNCP278:
13/08/2023); read as a last day included, each old and new registration would share a day. Some fiches give
the last day included instead (RNCP35507, constructeur bois, from 27 April 2021: 26/04/2026): one day apart,
linked when the levels agree, and listed by the named query ``registration-disagreements`` (-1 day).

The fiches and the links live in one graph, ``FRANCE_COMPETENCES_GRAPH``, rewritten whole by
``refresh_france_competences`` when its fingerprint (the fiches and the links) changes: it runs after each
build, with the derived graph, so that no link outlives the documents it was found in.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date as Date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from pyoxigraph import Literal, NamedNode, Quad

from legalgraph.errors import LegalgraphError
from legalgraph.graph.build import TRUE, date_lit
from legalgraph.graph.codes import data_dir, fr
from legalgraph.graph.identity import ID, level_iri, nsf_iri, parse_french_date, rome_iri, titre_key
from legalgraph.graph.namespaces import (
    DCT,
    FRANCE_COMPETENCES_GRAPH,
    LG,
    RDFS,
    SKOS,
    XSD,
    A,
    _node,
    sparql_prefixes,
)

if TYPE_CHECKING:  # the store package imports this module (load.refresh_derived)
    from legalgraph.store.base import Store

FRANCE_COMPETENCES_VERSION = "1"  # bump when the graph is built differently from the same fiches
KIT = "kit-apprentissage-et-rncp-v3.0.csv"
EXPORT_SAMPLE = "export-fiches-csv-2024-02-22.sample"

_NUMBER = re.compile(r"^(RNCP|RS)(\d+)$")
_NO_DATE = "1899-12-30"  # a spreadsheet's day zero: the kit's "no date" (old fiches, INACTIVE)
FALSE = Literal("false", datatype=XSD.boolean)


@dataclass(frozen=True)
class Fiche:
    """One fiche of the répertoire national (RNCP) or the répertoire spécifique (RS), as France Compétences gives it."""

    number: str  # "RNCP37274"
    titles: tuple[str, ...]  # the intitulés as written, the fiche's own first
    level: str | None = None  # on the cadre national: "5"
    end: str | None = None  # the date d'échéance (Date_Fin_Enregistrement), ISO
    start: str | None = None  # the export's Date_Effet: the first day registered, ISO
    active: bool | None = None
    abbreviation: str | None = None  # "TP" for a titre professionnel, "CAP", …
    rome: tuple[str, ...] = ()
    nsf: tuple[str, ...] = ()
    source: str = ""  # the file it was read from

    @property
    def iri(self) -> str:
        return f"{ID}rncp/{self.number}"

    @property
    def url(self) -> str:
        """The fiche's public page: ``https://www.francecompetences.fr/recherche/rncp/37274/``."""
        register, digits = _NUMBER.match(self.number).groups()
        return f"https://www.francecompetences.fr/recherche/{register.lower()}/{digits}/"

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(titre_key(t) for t in self.titles) - {""}

    @property
    def is_titre_professionnel(self) -> bool:
        # The kit marks a few titres only in the intitulé ("CHAUDRONNIER FORMEUR AERONAUTIQUE (TP)", abrégé MASTER).
        return self.abbreviation == "TP" or any(t.upper().endswith("(TP)") for t in self.titles)


# ---- readers ----------------------------------------------------------------------------------------------


def _date(value: str | None) -> str | None:
    """JJ/MM/AAAA → ISO; empty or the kit's 30/12/1899 → None."""
    iso = parse_french_date(value) if value and value.strip() else None
    return None if iso == _NO_DATE else iso


def _level(value: str | None) -> str | None:
    """ "niveau5" (kit), "NIV5" (export) → "5"; "REPRISE" (no level in the cadre national) → None."""
    m = re.search(r"(\d)\s*$", value or "")
    return m.group(1) if m and level_iri(m.group(1)) else None


def _active(value: str | None) -> bool | None:
    return {"ACTIVE": True, "INACTIVE": False}.get((value or "").strip().upper())


def read_kit(path: Path) -> list[Fiche]:
    """The fiches of the "Kit apprentissage et RNCP" (``;``-separated, one row per diploma code)."""
    rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f, delimiter=";"):
            number = (row.get("FicheRNCP") or "").strip()
            if _NUMBER.match(number):
                rows[number].append({k: (v or "").strip() for k, v in row.items() if k})
    fiches = []
    for number, group in rows.items():
        first = group[0]  # the rows of one fiche agree on its facts; they differ in code and intitulé
        fiches.append(
            Fiche(
                number=number,
                titles=tuple(
                    dict.fromkeys(r["Intitulé diplôme (DEPP)"] for r in group if r["Intitulé diplôme (DEPP)"])
                ),
                level=_level(first["Niveau fiche RNCP"]),
                end=_date(first["Date d'échéance de la fiche RNCP"]),
                active=_active(first["Fiche ACTIVE/INACTIVE"]),
                abbreviation=first["Abrégé de diplôme (RNCP)"] or None,
                source=path.name,
            )
        )
    return fiches


def _export_rows(folder: Path, facet: str) -> tuple[str, list[dict[str, str]]]:
    """(file name, rows) of one CSV of an export: ``;``, every field quoted, a BOM, ``''`` for an apostrophe."""
    paths = sorted(folder.glob(f"export_fiches_CSV_{facet}_*.csv"))
    if not paths:
        return "", []
    with paths[-1].open(encoding="utf-8-sig", newline="") as f:
        rows = [
            {k: (v or "").replace("''", "'").strip() for k, v in row.items() if k}
            for row in csv.DictReader(f, delimiter=";")
        ]
    return paths[-1].name, rows


def _codes(folder: Path, facet: str, column: str) -> dict[str, tuple[str, ...]]:
    """Fiche number → its codes of one facet (ROME, NSF), in the export's order."""
    out: dict[str, list[str]] = defaultdict(list)
    for row in _export_rows(folder, facet)[1]:
        if row.get(column) and row[column] not in out[row["Numero_Fiche"]]:
            out[row["Numero_Fiche"]].append(row[column])
    return {number: tuple(codes) for number, codes in out.items()}


def read_export(folder: Path) -> list[Fiche]:
    """The fiches of an export folder: its Standard CSV, with the codes of its Rome and Nsf CSVs."""
    name, standard = _export_rows(folder, "Standard")
    if not name:
        raise LegalgraphError(
            f"{folder}: no export_fiches_CSV_Standard_….csv (an unpacked France Compétences export)"
        )
    rome, nsf = _codes(folder, "Rome", "Codes_Rome_Code"), _codes(folder, "Nsf", "Nsf_Code")
    fiches = []
    for row in standard:
        number = row.get("Numero_Fiche", "")
        if not _NUMBER.match(number):
            continue
        title = re.sub(
            r"^TP\s+-\s+", "", row.get("Intitule", "")
        )  # "TP - Gestionnaire de paie", as the pages print it
        fiches.append(
            Fiche(
                number=number,
                titles=(title,) if title else (),
                level=_level(row.get("Nomenclature_Europe_Niveau")),
                end=_date(row.get("Date_Fin_Enregistrement")),
                start=_date(row.get("Date_Effet")),
                active=_active(row.get("Actif")),
                abbreviation=row.get("Abrege_Libelle") or None,
                rome=rome.get(number, ()),
                nsf=nsf.get(number, ()),
                source=name,
            )
        )
    return fiches


def read_fiches(path: Path) -> list[Fiche]:
    """The fiches of a kit CSV, or of an export folder."""
    return read_export(path) if path.is_dir() else read_kit(path)


def merge(*sources: Iterable[Fiche]) -> list[Fiche]:
    """One fiche per number: the first source that gives a fact wins (an export before the kit); intitulés add up."""
    merged: dict[str, Fiche] = {}
    for source in sources:
        for f in source:
            old = merged.get(f.number)
            if old is None:
                merged[f.number] = f
                continue
            merged[f.number] = Fiche(
                number=f.number,
                titles=tuple(dict.fromkeys(old.titles + f.titles)),
                level=old.level or f.level,
                end=old.end or f.end,
                start=old.start or f.start,
                active=f.active if old.active is None else old.active,
                abbreviation=old.abbreviation or f.abbreviation,
                rome=old.rome or f.rome,
                nsf=old.nsf or f.nsf,
                source=old.source,
            )
    return list(merged.values())


@cache
def reference_fiches(export: Path | None = None) -> tuple[Fiche, ...]:
    """The fiches of titres professionnels legalgraph links to: those of an export folder when one is given,
    then the shipped kit's."""
    sources = [read_export(export)] if export else []
    sources.append(read_kit(data_dir("france-competences") / KIT))
    return tuple(f for f in merge(*sources) if f.is_titre_professionnel)


# ---- which version a fiche registers ----------------------------------------------------------------------


@dataclass
class VersionFacts:
    """What the document graphs say of a titre version that has a registration."""

    iri: str
    names: set[str] = field(default_factory=set)
    levels: set[str] = field(default_factory=set)  # level IRIs on the cadre national
    starts: set[str] = field(default_factory=set)
    ends: set[str] = field(default_factory=set)

    @property
    def keys(self) -> set[str]:
        return {titre_key(n) for n in self.names} - {""}


def _days(a: str, b: str) -> int:
    return (Date.fromisoformat(b) - Date.fromisoformat(a)).days


def evidence(version: VersionFacts, fiche: Fiche) -> int | None:
    """How strongly the facts make ``fiche`` the fiche of ``version``: 0 the same end, 1 ends one day apart (the
    other convention) and the same level, 2 the same first day and the same level; None: not its fiche."""
    if not version.keys & fiche.keys:
        return None
    level = level_iri(fiche.level) if fiche.level else None
    if level and version.levels and level not in version.levels:
        return None  # another level is another fiche, whatever the dates
    same_level = level is not None and level in version.levels
    gaps = {abs(_days(end, fiche.end)) for end in version.ends} if fiche.end else set()
    if 0 in gaps:
        return 0
    if same_level and 1 in gaps:
        return 1
    if same_level and fiche.start and fiche.start in version.starts:
        return 2
    return None


def rncp_links(versions: Iterable[VersionFacts], fiches: Sequence[Fiche]) -> dict[str, str]:
    """Version IRI → the number of its fiche, for the versions the evidence ties to exactly one fiche."""
    by_key: dict[str, list[Fiche]] = defaultdict(list)
    for f in fiches:
        for key in f.keys:
            by_key[key].append(f)
    links = {}
    for v in versions:
        scores: dict[str, int] = {}
        for key in v.keys:
            for f in by_key.get(key, ()):
                if (score := evidence(v, f)) is not None:
                    scores[f.number] = min(score, scores.get(f.number, score))
        if scores:
            best = min(scores.values())
            found = [number for number, score in scores.items() if score == best]
            if len(found) == 1:  # two fiches that fit alike: no link rather than a guess
                links[v.iri] = found[0]
    return links


# Simple DISTINCT patterns joined in Python (as load.lineage_facts does): only versions with a registration can
# be tied to a fiche.
_VERSION_QUERIES = {
    "names": "SELECT DISTINCT ?v ?x WHERE { ?v lg:registration ?r ; lg:titreName ?x }",
    "levels": "SELECT DISTINCT ?v ?x WHERE { ?v lg:registration ?r ; lg:levelCnc ?x }",
    "starts": "SELECT DISTINCT ?v ?x WHERE { ?v lg:registration ?r . ?r lg:startDate ?x }",
    "ends": "SELECT DISTINCT ?v ?x WHERE { ?v lg:registration ?r . ?r lg:endDate ?x }",
}


def version_facts(store: Store) -> list[VersionFacts]:
    """The titre versions of ``store`` that have a registration, with their names, levels and dates."""
    versions: dict[str, VersionFacts] = {}
    for attribute, query in _VERSION_QUERIES.items():
        for v, x in store.select(sparql_prefixes() + query):
            getattr(versions.setdefault(v.value, VersionFacts(v.value)), attribute).add(x.value)
    return list(versions.values())


# ---- the graph ----------------------------------------------------------------------------------------------


def fingerprint(fiches: Sequence[Fiche], links: Mapping[str, str]) -> str:
    """Changes when a fiche, a link or the way the graph is built changes: the graph is rewritten then."""
    h = hashlib.sha256(FRANCE_COMPETENCES_VERSION.encode())
    h.update(repr(sorted(fiches, key=lambda f: f.number)).encode())
    h.update(repr(sorted(links.items())).encode())
    return h.hexdigest()


def france_competences_graph(fiches: Sequence[Fiche], links: Mapping[str, str]) -> list[Quad]:
    """The quads of the France Compétences graph: the fiches, and ``version lg:rncpFiche fiche`` for each link."""
    g = FRANCE_COMPETENCES_GRAPH
    quads: list[Quad] = []

    def add(s: NamedNode, p: NamedNode, o) -> None:
        if o is not None:
            quads.append(Quad(s, p, o, g))

    iris = {}
    for f in sorted(fiches, key=lambda f: f.number):
        s = iris[f.number] = _node(f.iri)
        add(s, A, LG.RncpFiche)
        add(s, SKOS.notation, Literal(f.number))
        if f.titles:  # the fiche's own intitulé first; the kit's other codes' intitulés after it
            add(s, SKOS.prefLabel, fr(f.titles[0]))
            add(s, RDFS.label, fr(f.titles[0]))
            for title in f.titles[1:]:
                add(s, SKOS.altLabel, fr(title))
        if f.level:
            add(s, LG.levelCnc, _node(level_iri(f.level)))
        add(s, LG.registrationStart, date_lit(f.start))
        add(s, LG.registrationEnd, date_lit(f.end))
        if f.active is not None:
            add(s, LG.active, TRUE if f.active else FALSE)
        add(s, LG.franceCompetencesUrl, _node(f.url))
        for code in f.rome:
            add(s, LG.rome, _node(rome_iri(code)))
        for code in f.nsf:
            add(s, LG.nsf, _node(nsf_iri(code)))
        add(s, DCT.source, Literal(f.source))
    for version, number in sorted(links.items()):
        add(_node(version), LG.rncpFiche, iris[number])
    add(
        g, LG.codesFingerprint, Literal(fingerprint(fiches, links))
    )  # last: a graph without it gets rewritten
    return quads


def refresh_france_competences(store: Store, fiches: Sequence[Fiche] | None = None) -> bool:
    """(Re)write the France Compétences graph when the fiches or the versions linked to them changed; returns
    whether it was written. Called after each build with the derived graph (``load.refresh_derived``): the
    links depend on the documents. ``fiches``: the shipped ones (``reference_fiches()``) unless given."""
    fiches = reference_fiches() if fiches is None else tuple(fiches)
    links = rncp_links(version_facts(store), fiches)
    if store.ask(
        sparql_prefixes() + "ASK { GRAPH ?g { ?g lg:codesFingerprint ?f } }",
        {"g": FRANCE_COMPETENCES_GRAPH, "f": Literal(fingerprint(fiches, links))},
    ):
        return False
    store.remove_graph(FRANCE_COMPETENCES_GRAPH)  # small reference data: rewritten whole
    store.add(france_competences_graph(fiches, links))
    return True
