"""What the nightly job learns of every JORF text it scans, ingested or not: its id, NOR, nature, date,
number, title and ELI, as catalogue rows (the shipped catalogue's ``CatalogueAct``).

A daily JORF archive holds a few hundred texts, of which the job ingests the few about titres professionnels;
the others are cited by those few ("Vu l'arrêté du 11 août 2026 portant …"), and their ids are in the archive.
Read from the raw bytes of a member's metadata (the head of the file, before the visas): no tree is built for
a text the job does not keep.
"""

from __future__ import annotations

import html
import re

from legalgraph.graph import identity as ids
from legalgraph.graph.catalogue import CatalogueAct
from legalgraph.read.dila_xml import date_value, nature_of

# The metadata of a JORFSIMPLE text or a JORF/LEGI text version ends where its content starts.
_HEAD_END = re.compile(rb"<(?:VISAS|NOTICE|STRUCT|CONTENU|TEXTE_VERSION_CONTENU|SIGNATAIRES)\b")
_HEAD_MAX = 32_768
_LEAF = re.compile(rb"<(ID|CID|NATURE|NOR|NUM|DATE_TEXTE|TITREFULL|TITRE|ID_ELI)>([^<]*)</\1>")
_SOMMAIRE_LINK = re.compile(rb'<LIEN_TXT\b[^>]*?\bidtxt="(JORFTEXT\d{12})"[^>]*?\btitretxt="([^"]*)"')
_LEGIFRANCE = "https://www.legifrance.gouv.fr"
_NUMBER = re.compile(r"^\d{2,4}-\d{1,5}$")  # the numbers of décrets, lois and ordonnances (2019-14)
# "Arrêté du 11 août 2026 portant …", "Décret n° 2019-14 du 8 janvier 2019 relatif …": the act a title names.
_TITLE_HEAD = re.compile(
    r"^\s*(?P<nature>[A-ZÉ][\wéèêëàâîïôûç]+)\s+(?:n°\s*(?P<number>[\w./-]+)(?:\s+[A-Z]{1,4}){0,3}\s+)?du\s+"
    r"(?P<date>(?:1er|\d{1,2})\s+\S+\s+\d{4})"
)


def _fields(data: bytes) -> dict[str, str]:
    end = _HEAD_END.search(data, 0, _HEAD_MAX)
    head = data[: end.start() if end else _HEAD_MAX]
    out: dict[str, str] = {}
    for tag, value in _LEAF.findall(head):
        text = " ".join(html.unescape(value.decode("utf-8", "replace")).split())
        out.setdefault(tag.decode(), text)  # the text's own values come first, its articles' after
    return out


def _row(
    *,
    nature: str,
    date: str | None,
    number: str | None,
    title: str | None,
    jorftext: str | None,
    legitext: str | None,
    nor: str | None,
    eli: str | None,
    source: str,
) -> list[CatalogueAct]:
    """The rows of one act: under its number and under its date (a mention may give either)."""
    number = number if number and _NUMBER.match(number) else None
    keys = [
        k
        for k in (
            ids.citation_key(nature, number=number, date=None, code=None) if number else None,
            ids.citation_key(nature, number=None, date=date, code=None),
        )
        if k
    ]
    return [
        CatalogueAct(
            key=key,
            nature=nature,
            date=date,
            number=number,
            title=title,
            note=None,
            jorftext=jorftext,
            legitext=legitext,
            nor=nor,
            eli=eli,
            legiarti=None,
            status="found",
            source=source,
        )
        for key in keys
    ]


def scan_text(data: bytes, source: str) -> list[CatalogueAct]:
    """The catalogue rows of a text member (JORFSIMPLE text, JORF/LEGI text version); [] if it names no
    JORF text or no nature and date."""
    f = _fields(data)
    text_id, cid = f.get("ID", ""), f.get("CID", "")
    jorftext = next((i for i in (text_id, cid) if i.startswith("JORFTEXT")), None)
    nature = nature_of(f.get("NATURE"))
    date = date_value(f.get("DATE_TEXTE"))  # None for DILA's sentinels (2999-01-01)
    if not jorftext or nature == "other" or not date:
        return []
    eli = f.get("ID_ELI", "")
    return _row(
        nature=nature,
        date=date,
        number=f.get("NUM"),
        title=f.get("TITREFULL") or f.get("TITRE"),
        jorftext=jorftext,
        legitext=text_id if text_id.startswith("LEGITEXT") else None,
        nor=(f.get("NOR") or "").upper() or None,
        eli=eli.removeprefix(_LEGIFRANCE) if eli.startswith(_LEGIFRANCE + "/eli/") else None,
        source=source,
    )


def scan_sommaire(data: bytes, source: str) -> list[CatalogueAct]:
    """The catalogue rows of a JO's table of contents: each text's id and title, its nature, number and date
    read from the title ("Arrêté du 11 août 2026 portant …")."""
    rows: list[CatalogueAct] = []
    for jorftext, raw in _SOMMAIRE_LINK.findall(data):
        title = " ".join(html.unescape(raw.decode("utf-8", "replace")).split())
        m = _TITLE_HEAD.match(title)
        nature = nature_of(m.group("nature")) if m else "other"
        date = ids.parse_french_date(m.group("date")) if m else None
        if nature == "other" or not date:
            continue
        rows += _row(
            nature=nature,
            date=date,
            number=m.group("number"),
            title=title,
            jorftext=jorftext.decode(),
            legitext=None,
            nor=None,
            eli=None,
            source=source,
        )
    return rows
