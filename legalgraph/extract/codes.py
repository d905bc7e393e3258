"""Official code lists: ROME, NSF, levels (old nomenclature and cadre national).

The lists are read once, lazily, from ``legalgraph/data/codes`` and cached; the accessors return plain dicts
(fresh copies: a caller may change them) so that the graph stage can build SKOS concept schemes from them:

- ``rome_labels()``: ROME v3 fiche code → label (2021 labels, ``rome/rome_labels_v3_2021.csv``);
  ``rome_domains()``: grand domaine ("K") and domaine ("K18") → label (``rome/arbo_rome_ogr_202107.csv``);
- ``nsf_groups()``: 3-digit NSF group ("332") → label, and ``nsf_domains()`` for the 1- and 2-digit
  domains; ``nsf_letters()``: letter code ("t") → label (article D311-4 of the code de l'éducation);
- ``levels()``: level code → label, for the cadre national (décret n° 2019-14: "1"…"8") and the 1969
  nomenclature ("V"…"I"); ``level_to_cnc`` maps the old levels onto the cadre national.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

from legalgraph.norm import OLD_LEVEL_TO_CNC, level_to_cnc  # noqa: F401 - shared by every stage, re-exported
from legalgraph.patterns import lazy

_ROME_V3 = lazy(r"^[A-N]\d{4}$")
_ROME_V2 = lazy(r"^\d{5}$")  # ROME v2 fiche codes ("52322"), before 2009: kept as printed
_NSF = lazy(r"^(\d{3})([a-z])?$")


# the package's own data folder (a plain directory: legalgraph is never imported from a zip); not
# importlib.resources, whose import alone (tempfile, shutil, lzma…) cost a one-page parse ~10 ms
_DATA = Path(__file__).resolve().parent.parent / "data" / "codes"


def _data(*parts: str) -> Path:
    return _DATA.joinpath(*parts)


def rome_labels() -> dict[str, str]:
    """ROME v3 fiche code → label (``{"K1801": "Conseil en emploi et insertion socioprofessionnelle"}``)."""
    return dict(_rome_labels())


@cache
def _rome_labels() -> dict[str, str]:
    out: dict[str, str] = {}
    with _data("rome", "rome_labels_v3_2021.csv").open(encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="|"):
            if len(row) >= 2 and _ROME_V3().match(row[0].strip()):
                out[row[0].strip()] = row[1].strip()
    return out


def rome_domains() -> dict[str, str]:
    """ROME grand domaine ("K") and domaine ("K18") → label, from the 2021 arborescence."""
    return dict(_rome_domains())


@cache
def _rome_domains() -> dict[str, str]:
    out: dict[str, str] = {}
    with _data("rome", "arbo_rome_ogr_202107.csv").open(encoding="utf-8") as f:
        reader = csv.reader(f, delimiter=";")
        next(reader, None)
        for row in reader:
            if len(row) < 4:
                continue
            r1, r2, r3, label = (c.strip() for c in row[:4])
            if r1 and not r2 and not r3:
                out[r1] = label
            elif r1 and r2 and not r3:
                out[r1 + r2] = label
    return out


def _cell_text(cell: str) -> str:
    cell = re.sub(r"<[^>]+>", " ", cell)
    return re.sub(r"\s+", " ", cell).strip()


@cache
def _nsf() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(groups, domains, letters) parsed from the D311-4 table: two-cell rows are codes, one-cell rows
    are the domain headings ("33 Services aux personnes")."""
    text = _data("nsf", "code-education-article-D311-4_nomenclature-specialites-formation.md").read_text(
        encoding="utf-8"
    )
    groups: dict[str, str] = {}
    domains: dict[str, str] = {}
    letters: dict[str, str] = {}
    for row in re.findall(r"<tr>(.*?)</tr>", text, re.S):
        cells = [_cell_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        if len(cells) == 2:
            code, label = cells
            label = label.rstrip(".").strip()
            if re.fullmatch(r"\d{3}", code):
                groups[code] = label
            elif m := re.fullmatch(r"([a-z])\)", code):
                letters[m.group(1)] = label
        elif len(cells) == 1:
            if m := re.fullmatch(r"(\d{1,2})\.?\s+(.+)", cells[0]):
                domains[m.group(1)] = m.group(2).strip()
            elif m := re.search(r"Code du développement personnel\s*:\s*([a-z])\b", cells[0]):
                letters[m.group(1)] = "Développement personnel"
    return groups, domains, letters


def nsf_groups() -> dict[str, str]:
    """NSF group (3 digits) → label (``{"332": "Travail social"}``)."""
    return dict(_nsf()[0])


def nsf_domains() -> dict[str, str]:
    """NSF domains (1 digit: 4 domains, 2 digits: 17 domains) → label."""
    return dict(_nsf()[1])


def nsf_letters() -> dict[str, str]:
    """NSF letter code → label: a–g fields of application, m–w functions, z (``{"t": "Réalisation du service"}``)."""
    return dict(_nsf()[2])


_CNC_LABELS = {
    "1": "Niveau 1 du cadre national des certifications professionnelles",
    "2": "Niveau 2 du cadre national des certifications professionnelles",
    "3": "Niveau 3 du cadre national des certifications professionnelles",
    "4": "Niveau 4 du cadre national des certifications professionnelles",
    "5": "Niveau 5 du cadre national des certifications professionnelles",
    "6": "Niveau 6 du cadre national des certifications professionnelles",
    "7": "Niveau 7 du cadre national des certifications professionnelles",
    "8": "Niveau 8 du cadre national des certifications professionnelles",
}


def levels() -> dict[str, str]:
    """Level code → label: "1"…"8" (cadre national, décret n° 2019-14) and "V"…"I" (nomenclature of 1969)."""
    out = dict(_CNC_LABELS)
    for old, new in OLD_LEVEL_TO_CNC.items():
        out[old] = f"Niveau {old} de la nomenclature des niveaux de formation de 1969 (niveau {new})"
    return out


def normalize_nsf(code: str) -> str:
    """ "232 p" → "232p", "312 P" → "312p"."""
    return re.sub(r"\s+", "", code).lower()


def normalize_rome(code: str) -> str:
    """ "D 1401" → "D1401"; a 5-digit ROME v2 code stays as printed."""
    return re.sub(r"\s+", "", code).upper()


def check_rome(code: str) -> bool:
    """True for a ROME v3 code of the official list, or a well-formed ROME v2 code (no v2 list to check)."""
    code = normalize_rome(code)
    if _ROME_V2().match(code):
        return True
    return code in _rome_labels()


def check_nsf(code: str) -> bool:
    """True for an NSF group of D311-4, optionally with one of its letter codes ("332t")."""
    m = _NSF().match(normalize_nsf(code))
    if not m:
        return False
    group, letter = m.groups()
    if group not in _nsf()[0]:
        return False
    return letter is None or letter in _nsf()[2]


def check_level(level: str) -> bool:
    return level.upper() in levels()
