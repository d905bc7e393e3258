"""The catalogue of known acts: citation keys → official ids (JORFTEXT, LEGITEXT, NOR, ELI, LEGIARTI).

The seed (``legalgraph/data/catalogue/catalogue.csv``, built by hand from public sources, each id with its
source: see the README beside it) says which real acts a key may name. Identity uses it to join the
wordings of one act (a bare "arrêté du 9 mars 2006", its full title, a NOR) to one node, and the derived graph
gives each act the official ids and links it lists.

A key may name several acts (dozens of titres were created on 31 July 2003): the catalogue then holds one
entry per candidate, and only a mention whose subject agrees with one of them joins it.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pyoxigraph import Literal, NamedNode, Quad

from legalgraph.graph import identity as ids
from legalgraph.graph.lineage import name_agreement
from legalgraph.graph.namespaces import CATALOGUE_GRAPH, ELI, ID, LG, XSD, A

# Notes of the catalogue's authors after a title, in English ("(corpus text; …)", "(the act cited)") or as
# a description of an act whose title is unknown ("(arrêté prorogeant l'arrêté du …)", "(ex attaché(e) …)"):
# a trailing parenthesis of several words is never part of an official title of this corpus.
_TRAILING_NOTE = re.compile(r"\s*\((?:[^()]|\([^()]*\))*\s(?:[^()]|\([^()]*\))*\)\s*$")
_OFFICIAL_TITLE = re.compile(
    r"^(?:arrêté|décret|loi|ordonnance|circulaire|décision)\b.*?\d{4}\s*,?\s+"
    r"(?:relati|portant|modifiant|fixant|instituant|pris|créant)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CatalogueAct:
    """One row of the catalogue: a real act a key may name, with the ids its sources give."""

    key: str
    nature: str
    date: str | None
    number: str | None
    title: str | None  # without the catalogue's notes
    note: str | None  # what the catalogue says beside the title
    jorftext: str | None
    legitext: str | None
    nor: str | None
    eli: str | None
    legiarti: str | None
    status: str
    source: str

    @property
    def official_title(self) -> str | None:
        """The title as published, when the catalogue gives it (not only a date and a description)."""
        return self.title if self.title and _OFFICIAL_TITLE.match(self.title) else None

    @property
    def code(self) -> tuple[str, str | None] | None:
        """(code name, article) for a code or one of its articles."""
        if self.nature != "code":
            return None
        _, name, article = (self.key.split(":", 2) + [""])[:3]
        return name, article or None

    @property
    def topic(self) -> str | None:
        return ids.topic(ids.subject_of(self.title)) if self.title else None

    @property
    def iri(self) -> str | None:
        """The act's IRI, made from the same evidence as a mention's (``identity.act_iri``)."""
        if code := self.code:
            return ids.act_iri("code", code=code[0], article=code[1])
        return ids.act_iri(self.nature, number=self.number, date=self.date, topic_=self.topic)


def _clean(value: str) -> str | None:
    value = value.strip()
    return value or None


def _row(row: dict[str, str]) -> CatalogueAct:
    title, note = _clean(row["title"]), None
    while title and (m := _TRAILING_NOTE.search(title)):
        note = (title[m.start() :].strip(" ()") + ("; " + note if note else "")).strip()
        title = title[: m.start()].rstrip(" ,;") or None
    nature = row["nature"].strip()
    number = _clean(row["number"]) if nature != "code" else None
    if number and row["status"].strip() == "ambiguous":
        # A key that names an act by date only ("decret:2002-04-26") lists candidates with their numbers: the
        # row's text describes the candidate, it is not its title.
        title, note = None, title
    return CatalogueAct(
        key=row["key"].strip(),
        nature=nature,
        date=_clean(row["date"]),
        number=number,
        title=title,
        note=note,
        jorftext=_clean(row["jorftext"]),
        legitext=_clean(row["legitext"]),
        nor=_clean(row["nor"]),
        eli=_clean(row["eli"]),
        legiarti=_clean(row["legiarti"]),
        status=row["status"].strip(),
        source=row["source"].strip(),
    )


class Catalogue:
    """Known acts by key, NOR and JORFTEXT; ``candidates`` answers "which real acts may this mention name?"."""

    def __init__(self, acts: list[CatalogueAct]):
        self.acts = acts
        self.by_key: dict[str, list[CatalogueAct]] = defaultdict(list)
        self.by_nor: dict[str, CatalogueAct] = {}
        self.by_id: dict[str, CatalogueAct] = {}
        for act in acts:
            self.by_key[act.key].append(act)
            if act.nor:
                for nor in act.nor.split(";"):
                    self.by_nor.setdefault(nor.strip().upper(), act)
            for official in (act.jorftext, act.legitext if act.nature != "code" else None):
                if official:
                    self.by_id.setdefault(official, act)
        # Rows of one act under two keys ("decret:2002-08-02" and "decret:2002-1029") share their ids: each
        # stands for the one with the fullest identity (a number), so both keys lead to one IRI.
        self._canonical: dict[int, CatalogueAct] = {}
        for act in acts:
            twin = (self.by_nor.get(act.nor.split(";")[0].upper()) if act.nor else None) or (
                self.by_id.get(act.jorftext) if act.jorftext else None
            )
            numbered = sorted(
                (a for a in acts if a.number and twin and _same_ids(a, twin)),
                key=lambda a: a.key != f"{a.nature}:{a.number}",  # the row keyed by the number first
            )
            own_row = (
                next(iter(self.by_key.get(f"{act.nature}:{act.number}", [])), None) if act.number else None
            )
            self._canonical[id(act)] = numbered[0] if numbered else (twin or own_row or act)

    def extended(self, rows: list[CatalogueAct]) -> Catalogue:
        """This catalogue and ``rows`` (what the nightly job scanned): a row of an act this one already lists
        (same NOR or JORFTEXT) is left out, so one act never becomes two candidates of a key."""
        known = set(self.by_nor) | set(self.by_id)
        extra = [r for r in rows if not ({(r.nor or "").upper(), r.jorftext} & known)]
        return Catalogue(self.acts + extra) if extra else self

    def canonical(self, act: CatalogueAct) -> CatalogueAct:
        return self._canonical.get(id(act), act)

    def by_number(self, nature: str, number: str) -> CatalogueAct | None:
        for act in self.by_key.get(f"{nature}:{number}", []):
            return self.canonical(act)
        return None

    def find(
        self,
        kind: str,
        *,
        date: str | None = None,
        number: str | None = None,
        topic: str | None = None,
        nor: str | None = None,
        official_id: str | None = None,
    ) -> list[CatalogueAct]:
        """The catalogue acts a mention or a text may be, strongest evidence first: NOR, official id,
        number, then the key's candidates whose subject agrees with ``topic`` (all of them when the mention
        gives no subject). One result is an identification; several are candidates; none, unknown."""
        if nor and (act := self.by_nor.get(nor.strip().upper())):
            return [self.canonical(act)]
        if official_id and (act := self.by_id.get(official_id)):
            return [self.canonical(act)]
        if number and (act := self.by_number(kind, number)):
            return [act]
        if not date:
            return []
        rows = [self.canonical(a) for a in self.by_key.get(f"{kind}:{date}", [])]
        rows = list({id(a): a for a in rows}.values())
        if topic is None:
            return rows
        agreeing = [a for a in rows if a.topic and topics_agree(a.topic, topic)]
        if agreeing:
            return agreeing
        # A row without a subject of its own (only a date and a note) cannot be told apart from the mention.
        return [a for a in rows if not a.topic] if len(rows) == 1 else []


def _same_ids(a: CatalogueAct, b: CatalogueAct) -> bool:
    return bool((a.nor and a.nor == b.nor) or (a.jorftext and a.jorftext == b.jorftext))


def topics_agree(a: str, b: str) -> bool:
    """Two topics of act IRIs name the same subject: equal, or the same titre in two wordings."""
    if a == b:
        return True
    if a.startswith("tp-") and b.startswith("tp-"):
        score, inside = name_agreement({a[3:]}, {b[3:]})
        return score >= 0.75 or inside
    wa, wb = set(a.split("-")), set(b.split("-"))
    return len(wa & wb) / len(wa | wb) >= 0.5


@cache
def seed_catalogue() -> Catalogue:
    """The catalogue shipped with legalgraph (read once)."""
    text = resources.files("legalgraph").joinpath("data/catalogue/catalogue.csv").read_text(encoding="utf-8")
    return Catalogue([_row(r) for r in csv.DictReader(text.splitlines())])


# -- the catalogue graph: rows the nightly job scanned, in the store -------------------------------------------

_FIELDS = (  # CatalogueAct field → predicate; each row of one act under one key is the subject of its facts
    ("key", LG.citationKey),
    ("date", ELI.date_document),
    ("number", ELI.number),
    ("title", ELI.title),
    ("jorftext", LG.jorfId),
    ("legitext", LG.legiId),
    ("nor", LG.nor),
    ("eli", LG.eliPath),
    ("source", LG.idSource),
)
FIELD_PREDICATES = {name: predicate for name, predicate in _FIELDS}


def entry_iri(act: CatalogueAct) -> NamedNode:
    """One node per act and key: ``…/id/catalogue/JORFTEXT…/arrete:2026-08-11``."""
    return NamedNode(f"{ID}catalogue/{act.jorftext}/{act.key}")


def entry_quads(act: CatalogueAct) -> list[Quad]:
    """A scanned row as quads of the catalogue graph (only JORF texts: a row without its JORFTEXT is not kept)."""
    if not act.jorftext:
        return []
    s = entry_iri(act)
    quads = [
        Quad(s, A, LG.CatalogueEntry, CATALOGUE_GRAPH),
        Quad(s, ELI.type_document, NamedNode(ids.resource_type_iri(act.nature)), CATALOGUE_GRAPH),
    ]
    for name, predicate in _FIELDS:
        value = getattr(act, name)
        if value:
            literal = Literal(value, datatype=XSD.date) if name == "date" else Literal(value)
            quads.append(Quad(s, predicate, literal, CATALOGUE_GRAPH))
    return quads


def entry_from_values(values: dict[str, str]) -> CatalogueAct:
    """A row back from its stored facts (``values``: CatalogueAct field → value)."""
    return CatalogueAct(
        key=values["key"],
        nature=values["key"].split(":", 1)[0],
        date=values.get("date"),
        number=values.get("number"),
        title=values.get("title"),
        note=None,
        jorftext=values.get("jorftext"),
        legitext=values.get("legitext"),
        nor=values.get("nor"),
        eli=values.get("eli"),
        legiarti=None,
        status="found",
        source=values.get("source", ""),
    )
