"""Jobs and sectors from the RNCP annex ("Secteurs d'activités et types d'emploi accessibles par le détenteur du titre").

The annex says it in three ways: two announced lists ("Les différents secteurs d'activités concernés sont
principalement :" / "Les types d'emplois accessibles sont les suivants :"), prose about the sectors followed by
a dashed list of jobs ("- conseiller en insertion professionnelle ;"), or plain lines mixing both ("Magasin
d'optique avec ou sans atelier intégré." / "Monteur vendeur lunetier."). Items are kept as printed, without
their dash and final ";"/".".
"""

from __future__ import annotations

import re

from legalgraph.frtext import body, line_starts, lines_with_offsets, squash
from legalgraph.models import Document
from legalgraph.patterns import lazy

_SECTION = lazy(r"Secteurs?\s+d['’]\s*activités?\b[^\n]*")
_END = lazy(
    r"^(?:Codes?\s+ROME|Réglementation|Autorité|Bases\s+légales|Compétences\s+transversales|Capacités\s+attestées|"
    r"Modalités|Informations?\b)",
    re.I,
)
_JOBS_HEAD = lazy(
    r"\b(?:types?\s+d['’]\s*emplois?|emplois?\s+(?:accessibles|visés)|métiers?\s+(?:accessibles|visés)|"
    r"appellations?)\b[^\n]*:\s*$",
    re.I,
)
_SECTORS_HEAD = lazy(r"\bsecteurs?\s+d['’]\s*activités?\b[^\n]*:\s*$", re.I)
_BULLET = lazy(r"^[-–—―•·*]\s*")
_PLACE_WORDS = lazy(
    r"\b(?:entreprises?|secteurs?|industries?|industriel(?:le)?s?|magasins?|ateliers?|cabinets?|bureaux?|bureau|"
    r"sociétés?|structures?|collectivités?|établissements?|laboratoires?|services?|filières?|conventions?|"
    r"domaines?|branches?|organismes?|centres?|administrations?|associations?|restauration|commerce|distribution|"
    r"transports?|évolution|PME|TPE)\b",
    re.I,
)
# A line that starts with a person's job ("Dessinateur en structure métallique", "Technicien d'études").
_PERSON = lazy(
    r"^(?:\w+(?:eur|euse|rice|ier|ière|ien|ienne|iste|ant|ante)|chef|responsable|agent|employée?|ouvri(?:er|ère)|"
    r"assistante?|gestionnaire|commis|cadre|manager)\b(?!\s*:)",
    re.I,
)
_NAF = lazy(r"^\d{2}\.?\d{2}[A-Z]\b")


def find_jobs(doc: Document) -> list[str]:
    """The types of employment the annex says the titre leads to, in order."""
    return _read(doc)[0]


def find_sectors(doc: Document) -> list[str]:
    """The sectors of activity the annex names, in order."""
    return _read(doc)[1]


def find_jobs_and_sectors(doc: Document) -> tuple[list[str], list[str]]:
    return _read(doc)


def _clean(item: str) -> str:
    item = _BULLET().sub("", squash(item))
    return re.sub(r"\s*[;.,]+$", "", item).strip()


def _read(doc: Document) -> tuple[list[str], list[str]]:
    text = body(doc)
    jobs: list[str] = []
    sectors: list[str] = []
    m = next(line_starts(_SECTION(), text, "Secteur"), None)
    if not m:
        return jobs, sectors
    lines = list(lines_with_offsets(text, m.end(), min(len(text), m.end() + 20000)))
    mode = None  # "jobs" / "sectors" once a heading announces a list
    bullets_to = None  # where the dashed items after an introducing line go
    for k, (_, _, line) in enumerate(lines):
        if _END().match(line):
            break
        if k == 0 and line[0].islower():  # the heading's second line: "accessibles par le détenteur du titre"
            continue
        if _JOBS_HEAD().search(line):
            mode, bullets_to = "jobs", "jobs"
            continue
        if _SECTORS_HEAD().search(line):
            mode, bullets_to = "sectors", "sectors"
            continue
        if _BULLET().match(line):
            target = bullets_to or mode or "jobs"
            (jobs if target == "jobs" else sectors).append(_clean(line))
            continue
        if line.rstrip().endswith(":"):
            # "… est susceptible d'être employé par des entreprises … :" introduces a list of places
            bullets_to = "sectors" if _PLACE_WORDS().search(line) else "jobs"
            continue
        if mode == "jobs":
            jobs.extend(_split_jobs(line))
        elif mode == "sectors":
            sectors.append(_clean(line))
        else:
            kind, items = _classify(line)
            (jobs if kind == "jobs" else sectors).extend(items)
    return [j for j in jobs if j], [s for s in sectors if s]


def _split_jobs(line: str) -> list[str]:
    parts = [p for p in re.split(r"\s*[,;]\s+", _clean(line)) if p]
    if len(parts) >= 3 and all(len(p.split()) <= 6 for p in parts):
        return [_clean(p) for p in parts]
    return [_clean(line)]


def _classify(line: str) -> tuple[str, list[str]]:
    """A plain line of the section: a place (sector) or an employment (job)."""
    cleaned = _clean(line)
    if _NAF().match(cleaned) or " : " in cleaned:
        return "sectors", [cleaned]
    if _PERSON().match(cleaned) and len(cleaned.split()) <= 12:
        return "jobs", _split_jobs(cleaned)
    parts = [p for p in re.split(r"\s*,\s+", cleaned) if p]
    if len(parts) >= 3 and all(len(p.split()) <= 5 for p in parts) and not _PLACE_WORDS().search(parts[0]):
        return "jobs", [_clean(p) for p in parts]
    words = cleaned.split()
    if len(words) <= 8 and not _PLACE_WORDS().search(cleaned) and ":" not in cleaned:
        return "jobs", [cleaned]
    return "sectors", [cleaned]
