"""ROME, NSF, levels, actions and resource types as SKOS concept schemes, built from the official lists.

Sources (``legalgraph/data/codes``, see its README): ROME v3 fiches with their 2021 labels and arborescence
(grand domaine → domaine → fiche, appellations as alternative labels); the NSF of article D311-4 of the code de
l'éducation (domains, 93 groups, letter codes, and the group×letter sub-groups the arrêtés use: "332t"); the
cadre national des certifications (décret n° 2019-14: levels 1–8) and the 1969 nomenclature (I–V) mapped onto
it. These facts come from no source document, so they live in their own graph, reloaded when the lists change.
"""

from __future__ import annotations

import csv
import hashlib
import re
from functools import cache
from importlib import resources
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad

from legalgraph.extract.codes import OLD_LEVEL_TO_CNC
from legalgraph.graph.identity import (
    ID,
    action_iri,
    change_kind_iri,
    level_iri,
    nsf_iri,
    resource_type_iri,
    rome_iri,
)
from legalgraph.graph.namespaces import CODES_GRAPH, DCT, ELI, LG, SKOS, A, _node
from legalgraph.models import Action, ChangeKind, CitationKind, Nature

CODES_VERSION = "3"  # bump when the way the schemes are built changes, so stores reload them

ROME_SCHEME = _node(ID + "scheme/rome")
NSF_SCHEME = _node(ID + "scheme/nsf")
CNC_SCHEME = _node(ID + "scheme/level-cnc")
OLD_LEVEL_SCHEME = _node(ID + "scheme/level-1969")
ACTION_SCHEME = _node(ID + "scheme/action")
RESOURCE_TYPE_SCHEME = _node(ID + "scheme/resource-type")
# How each kind of act is called in French (the concept's skos:prefLabel; its notation stays the key's word).
RESOURCE_TYPE_LABELS = {
    "arrete": "arrêté",
    "article": "article de code",
    "avis": "avis",
    "circulaire": "circulaire",
    "code": "code",
    "decision": "décision",
    "decret": "décret",
    "directive_ue": "directive de l'Union européenne",
    "loi": "loi",
    "loi_organique": "loi organique",
    "ordonnance": "ordonnance",
    "other": "autre texte",
    "rectificatif": "rectificatif",
    "referentiel": "référentiel",
    "reglement_ue": "règlement de l'Union européenne",
}

_NSF_LETTERS_DISCIPLINARY = "abcdefg"
_NSF_LETTERS_FUNCTIONS = "mnprstuvw"

CHANGE_SCHEME = _node(ID + "scheme/change-kind")
CHANGE_LABELS = {
    ChangeKind.MODIFICATION: "modification",
    ChangeKind.REPLACEMENT: "remplacement",
    ChangeKind.INSERTION: "insertion",
    ChangeKind.ABROGATION: "abrogation",
    ChangeKind.PROROGATION: "prorogation",
    ChangeKind.RENAMING: "changement d'intitulé",
}
ACTION_LABELS = {
    Action.CREATION: "création",
    Action.REVISION: "révision",
    Action.MODIFICATION: "modification",
    Action.PROROGATION: "prorogation",
    Action.ABROGATION: "abrogation",
    Action.OTHER: "autre",
}


def data_dir(name: str = "codes") -> Path:
    """A folder of the lists shipped in ``legalgraph/data`` (``codes``, ``france-competences``)."""
    return Path(str(resources.files("legalgraph") / "data" / name))


def fr(text: str) -> Literal:
    """A French label."""
    return Literal(text, language="fr")


@cache
def rome_fiches() -> dict[str, str]:
    """ROME v3 code → label (532 fiches)."""
    path = data_dir() / "rome" / "rome_labels_v3_2021.csv"
    with path.open(encoding="utf-8") as f:
        return {row["rome_id"].strip(): row["rome_label"].strip() for row in csv.DictReader(f, delimiter="|")}


@cache
def known_rome() -> frozenset[str]:
    return frozenset(rome_fiches())


def _rome_tree() -> tuple[dict[str, str], dict[str, list[str]]]:
    """Grand domaines and domaines (code → label), and the appellations of each fiche."""
    headings: dict[str, str] = {}
    appellations: dict[str, list[str]] = {}
    path = data_dir() / "rome" / "arbo_rome_ogr_202107.csv"
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter=";"):
            r1, r2, r3 = (
                (row["Rome1"] or "").strip(),
                (row["Rome2"] or "").strip(),
                (row["Rome3"] or "").strip(),
            )
            label, ogr = (row["Intitule"] or "").strip(), (row["OGR"] or "").strip()
            if not r2:
                headings[r1] = label
            elif not r3:
                headings[r1 + r2] = label
            elif ogr:
                appellations.setdefault(r1 + r2 + r3, []).append(label)
    return headings, appellations


@cache
def nsf_entries() -> dict[str, tuple[str, str | None]]:
    """NSF code → (label, broader code): domains "1"/"33", groups "332", letters, and sub-groups "332t"."""
    text = (
        data_dir() / "nsf" / "code-education-article-D311-4_nomenclature-specialites-formation.md"
    ).read_text(encoding="utf-8")
    out: dict[str, tuple[str, str | None]] = {}
    letters: dict[str, str] = {}
    for row in re.findall(r"<tr>(.*?)</tr>", text, re.S):
        cells = [
            " ".join(re.sub(r"<[^>]+>", "", c).split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        if len(cells) == 1:
            m = re.match(r"^(\d)\.\s+(.+)$", cells[0]) or re.match(r"^(\d{2})\s+(.+)$", cells[0])
            if m:
                code = m.group(1)
                out[code] = (m.group(2), code[0] if len(code) == 2 else None)
            elif m := re.search(r"d[ée]veloppement personnel\s*:\s*([a-z])$", cells[0]):
                letters[m.group(1)] = "Développement personnel"
        elif len(cells) == 2:
            code, label = cells[0].rstrip(")"), cells[1].rstrip(".")
            if re.fullmatch(r"\d{3}", code):
                out[code] = (label, code[:2])
            elif re.fullmatch(r"[a-z]", code):
                letters[code] = label
    for group in [c for c in out if len(c) == 3]:
        allowed = {"1": _NSF_LETTERS_DISCIPLINARY, "4": "z"}.get(group[0], _NSF_LETTERS_FUNCTIONS)
        for letter in allowed:
            if letter in letters:
                out[group + letter] = (f"{out[group][0]} — {letters[letter]}", group)
    return out


@cache
def known_nsf() -> frozenset[str]:
    return frozenset(nsf_entries())


def codes_fingerprint() -> str:
    """Changes when a list or the way it is read changes: the store reloads the codes graph then."""
    h = hashlib.sha256(CODES_VERSION.encode())
    for path in sorted(data_dir().rglob("*")):
        if path.is_file():
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def codes_graph() -> list[Quad]:
    """The quads of the codes graph."""
    quads: list[Quad] = []
    g = CODES_GRAPH

    def add(s: NamedNode, p: NamedNode, o) -> None:
        quads.append(Quad(s, p, o, g))

    def concept(
        iri: str, scheme: NamedNode, notation: str, label: str, broader: str | None = None
    ) -> NamedNode:
        c = _node(iri)
        add(c, A, SKOS.Concept)
        add(c, SKOS.inScheme, scheme)
        add(c, SKOS.notation, Literal(notation))
        add(c, SKOS.prefLabel, fr(label))
        if broader:
            add(c, SKOS.broader, _node(broader))
        else:
            add(c, SKOS.topConceptOf, scheme)
        return c

    def scheme(node: NamedNode, label: str, source: str) -> None:
        add(node, A, SKOS.ConceptScheme)
        add(node, SKOS.prefLabel, fr(label))
        add(node, DCT.source, Literal(source))

    scheme(
        ROME_SCHEME,
        "Répertoire opérationnel des métiers et des emplois (ROME v3)",
        "rome_labels_v3_2021.csv, arbo_rome_ogr_202107.csv",
    )
    headings, appellations = _rome_tree()
    for code, label in headings.items():
        broader = rome_iri(code[0]) if len(code) == 3 else None
        concept(rome_iri(code), ROME_SCHEME, code, label, broader)
    for code, label in rome_fiches().items():
        c = concept(
            rome_iri(code), ROME_SCHEME, code, label, rome_iri(code[:3]) if code[:3] in headings else None
        )
        for appellation in appellations.get(code, []):
            add(c, SKOS.altLabel, fr(appellation))

    # Codes the texts use but the lists lack (old 5-digit ROME codes): the documents state them in these schemes.
    scheme(
        _node(ID + "scheme/rome-unlisted"), "Codes ROME absents de la liste v3 (anciens codes)", "legalgraph"
    )
    scheme(_node(ID + "scheme/nsf-unlisted"), "Codes NSF absents de l'article D311-4", "legalgraph")

    scheme(
        NSF_SCHEME, "Nomenclature des spécialités de formation (NSF)", "code de l'éducation, article D311-4"
    )
    for code, (label, broader) in nsf_entries().items():
        concept(nsf_iri(code), NSF_SCHEME, code, label, nsf_iri(broader) if broader else None)

    scheme(
        CNC_SCHEME,
        "Cadre national des certifications professionnelles",
        "décret n° 2019-14 du 8 janvier 2019",
    )
    for n in range(1, 9):
        concept(level_iri(str(n)), CNC_SCHEME, str(n), f"niveau {n}")
    scheme(
        OLD_LEVEL_SCHEME,
        "Nomenclature des niveaux de formation de 1969",
        "décret n° 2019-14, annexe (correspondance)",
    )
    for old, new in OLD_LEVEL_TO_CNC.items():
        c = concept(level_iri(old), OLD_LEVEL_SCHEME, old, f"niveau {old} (nomenclature de 1969)")
        add(c, SKOS.exactMatch, _node(level_iri(new)))
        add(_node(level_iri(new)), SKOS.exactMatch, c)

    scheme(ACTION_SCHEME, "Ce qu'un arrêté fait d'un titre professionnel", "legalgraph")
    for action, label in ACTION_LABELS.items():
        concept(action_iri(str(action)), ACTION_SCHEME, str(action), label)

    scheme(CHANGE_SCHEME, "Ce qu'un acte change d'un autre (formules de modification)", "legalgraph")
    for kind, label in CHANGE_LABELS.items():
        concept(change_kind_iri(str(kind)), CHANGE_SCHEME, str(kind), label)

    scheme(RESOURCE_TYPE_SCHEME, "Types d'actes", "legalgraph (CitationKind, Nature)")
    for kind in sorted({*map(str, CitationKind), *map(str, Nature), "article"}):
        c = concept(resource_type_iri(kind), RESOURCE_TYPE_SCHEME, kind, RESOURCE_TYPE_LABELS.get(kind, kind))
        add(c, A, ELI.ResourceType)
    add(g, LG.codesFingerprint, Literal(codes_fingerprint()))  # last: a graph without it gets rewritten
    return quads
