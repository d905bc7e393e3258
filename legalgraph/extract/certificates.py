"""Certificates of a titre (CCP, blocs de compétences, unités constitutives) and their minimum hours.

Where the templates (2003–2025) put them:

- the list: "Le titre professionnel de X est composé des trois unités constitutives suivantes :" / "… dont la liste
  suit :" / "est constitué des trois blocs de compétences suivants :" / "est constituée de six domaines de
  compétences … dénommés certificats de compétences professionnelles (CCP) et énumérés ci-après :", then one
  item per line ("1. …", "1° …", "– CCP « … » ;");
- the hours: the "périodes en entreprise" article, "d'une durée totale minimum de 385 heures" for the titre and
  "1° 70 heures pour le certificat de compétences professionnelles « Accueillir … » ;" for each certificate;
- the skills: the RNCP annex, "Capacités attestées et descriptif des composantes de la certification :" then
  "1. <bloc title>" and the skill lines.

CCS (certificats complémentaires de spécialisation, "peut être complété par les unités de spécialisation
suivantes") are not certificates of the titre.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from legalgraph.extract.grids import GridCell, document_grids
from legalgraph.frtext import (
    NUMBER,
    body,
    fold,
    line_starts,
    lines_with_offsets,
    parse_number,
    scan,
    similarity,
    squash,
    strip_page_links,
    tight,
)
from legalgraph.models import Certificate, Document, Span
from legalgraph.patterns import lazy

# Starts at the verb ("composé des trois …"); "est"/"sont" before it is checked apart (a literal-led pattern
# is scanned fast).
_IS = lazy(r"\b(?:est|sont)\s+$")
# The verbs are matched in lower case (a case-sensitive start lets the regex engine skip to their first letters).
_INTRO = lazy(
    r"(?P<verb>composée?s?|constituée?s?|structurée?s?|comporte|comprend|se\s+compose)"
    r"\s+(?:des|de|d['’]|les|en)\s*(?:(?P<n>(?i:" + NUMBER + r"))\s+)?"
    r"(?P<what>[^:.;]{0,220}?)(?:"
    r"(?:,?\s+(?i:suivante?s|ci-après|dont\s+la\s+liste\s+suit|qui\s+suivent))[^:.\n]{0,40}?\s*[:.]|\s*:)",
)
_WHAT = lazy(r"unités?|blocs?|certificats?|domaines?|CCP|modules?|activités?[\s-]+types?", re.I)
_NOT_OURS = lazy(r"spécialisation|complémentaires?|CCS\b", re.I)
# One item of the list: "1° …", "1. …", "2) …", "a) …", "II. …", "- …", or labelled "CCP 1 : …",
# "Bloc de compétences n° 2 : …", "Unité 3 - …", or a title in guillemets alone on its line ("« … » ;").
# ``_item_number`` reads its rank, ``_item_style`` its marker.
_ITEM = lazy(
    r"^(?:(?P<num>\d{1,2})\s*(?P<mark>°|\.|\)|-(?=\s))\s*|(?P<letter>[a-h])\s*(?P<lmark>\)|\.(?=\s))\s*"
    r"|(?P<roman>[IVX]{1,4})\s*(?P<rmark>\.|\)|[-–](?=\s))\s+"
    r"|(?P<label>CCP|[Bb]loc(?:\s+de\s+compétences)?|[Cc]ertificat\s+de\s+compétences\s+professionnelles|"
    r"[Uu]nité(?:\s+constitutive)?)\s*(?:n°\s*)?(?P<lnum>\d{1,2})\s*[:.\-–]\s*"
    r"|(?P<dash>[-–—•·])\s*|(?P<quote>(?=«)))"
    r"(?P<title>\S.*)$"
)
_ROMAN = {"I": 1, "V": 5, "X": 10}


def _roman(s: str) -> int:
    values = [_ROMAN[c] for c in s]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _item_number(m: re.Match) -> int | None:
    if m.group("num") or m.group("lnum"):
        return int(m.group("num") or m.group("lnum"))
    if m.group("letter"):
        return ord(m.group("letter")) - ord("a") + 1
    if m.group("roman"):
        return _roman(m.group("roman"))
    return None


def _item_style(m: re.Match) -> str:
    if m.group("label"):
        return "label"
    if m.group("roman"):
        return "roman" + m.group("rmark")
    if m.group("quote") is not None:
        return "quote"
    return m.group("mark") or m.group("dash") or "letter" + m.group("lmark")


_PREFIX = lazy(
    r"^(?:(?:CCP|certificat\s+de\s+compétences\s+professionnelles|bloc(?:\s+de\s+compétences)?|unité(?:\s+constitutive)?)"
    r"\s*(?:n°\s*)?\d*\s*[:.\-–]?\s*)",
    re.I,
)
_NUMBERED_PREFIX = lazy(r"(?i)(?:CCP|bloc(?:\s+de\s+compétences)?)\s*(?:n°\s*)?\d+\s*[:.\-–]")
# "RNCP37274BC01 - Accueillir …": the France compétences code of a bloc, not part of its title
_RNCP_CODE = lazy(r"^(?:RNCP\d+BC\d+|BC\s*\d+)\s*[-–:]\s*", re.I)
_QUOTED = lazy(r"^«\s*(?P<t>.+?)\s*»")
_INLINE_ITEM = lazy(r"«\s*(?P<t>[^«»\n]{3,400}?)\s*»")
_SUBJECT = lazy(
    r"titre\s+professionnel\s+(?:de\s+(?:l['’])?|d['’]\s*|du\s+)?(?P<name>[^.;\n«»]{2,200}?)\s*$|(?P<bare>titre\s+professionnel)\s*$",
    re.I,
)

_CAPACITES = lazy(r"Capacités\s+attestées\b[^\n]*")
_ANNEX_END = lazy(
    r"^(?:Secteurs?\s+d['’]\s*activit|Compétences\s+transversales|Certificats?\s+complémentaires|Codes?\s+ROME|"
    r"Types?\s+d['’]\s*emplois?|Réglementation|Modalités|Autorité|Bases\s+légales|Informations?\b)",
    re.I,
)
_BLOC = lazy(r"^(?P<num>\d{1,2})\s*[.)°-]\s*(?P<title>\S.*)$")

_CERT_WORDS = r"(?:certificats?\s+de\s+compétences\s+professionnelles|CCP|blocs?\s+de\s+compétences)"
_CCP_QUOTE = lazy(
    r"(?:" + _CERT_WORDS + r"|\bpour\s+(?:le\s+|la\s+)?)"
    r"\s*(?:\(CCP\)\s*)?(?:n°\s*\d+\s*)?(?:intitulée?|dénommée?)?\s*:?\s*«\s*(?P<title>[^»]{3,400}?)\s*»",
    re.I,
)
# "70 heures pour le certificat de compétences professionnelles Accueillir … ;": a title without guillemets, to
# the end of the line
_CCP_PLAIN = lazy(
    _CERT_WORDS + r"\s*(?:intitulée?|dénommée?)?\s*:?\s*(?P<title>[A-ZÀ-Ý][^«»;]{2,400}?)\s*[;.]?\s*$"
)
# "70 heures pour le CCP 1", "CCP n° 2 : 140 heures": a certificate named by its rank
_CCP_RANK = lazy(
    r"(?:\bCCP|certificat\s+de\s+compétences\s+professionnelles|bloc\s+de\s+compétences)\s*(?:n°\s*)?(?P<rank>\d{1,2})\b(?!\s*heures)",
    re.I,
)
# "385 heures", "1 050 heures", "70 h"
_HOURS = lazy(r"(?<!\d)(?<!\d )(?P<h>\d{1,2}\s\d{3}|\d{1,4})\s*(?:heures|h)\b", re.I)
# "70 h", "70h": led by the literal "h" (scanned fast), a digit checked behind it
_H_ABBR = lazy(r"h(?:(?<=\dh)|(?<=\d h))\b")
# "périodes en entreprise", "période de formation en entreprise", "périodes d'application en entreprise",
# "périodes en milieu professionnel", "stage"
_IN_FIRM = lazy(
    r"périodes?\s+(?:[\w'’]+\s+){0,3}?en\s+(?:entreprise|milieu\s+professionnel)|\bstages?\b"
    r"|\bpériodes?\s+de\s+formation\s+en\s+milieu",
    re.I,
)
# what links hours to the certificate named right after them: "105 heures pour le certificat « … »"
_HOURS_FOR = lazy(r"\s*(?:(?:minimum\s+)?(?:pour|au\s+titre\s+d[ue])\s*(?:le|la|l['’])?\s*)?")
# "d'une durée totale minimum de 210 heures, dont …": the total on a line that names certificates too
_TOTAL_HOURS = lazy(r"\btotale\b[^.;\d]{0,40}?(?P<h>\d{1,2}\s\d{3}|\d{1,4})\s*(?:heures|h)\b", re.I)
_TOTAL = lazy(r"\btotale\b|\bdu\s+titre\b|\baux\s+épreuves\s+du\s+titre\b", re.I)
_CERT_WORD = lazy(r"certificat|\bCCP\b|\bbloc", re.I)


@dataclass
class _List:
    """A list of certificates being read: where it opens, how many items it announces, and what it lists."""

    start: int
    expected: int | None
    subject: str | None
    items: list[Certificate] = field(default_factory=list)


def find_certificates(doc: Document) -> tuple[list[Certificate], int | None]:
    """(certificates in order, minimum total hours in entreprise for the titre)."""
    text = body(doc)
    grids = list(document_grids(doc, text))
    lists = [lst for lst in _lists(doc.text, text, grids) if lst.items]
    blocs = _annex_blocs(text, [c.title for lst in lists for c in lst.items])
    if lists:
        certs = _choose(doc, lists, blocs).items
    else:
        certs = [Certificate(rank=i + 1, title=t, span=s) for i, (t, s, _) in enumerate(blocs)]
    _attach_skills(certs, blocs)
    hours = _hours(text, grids)
    named = [h for h in hours.per_cert if h.title]
    if not certs and named:
        certs = [
            Certificate(rank=i + 1, title=h.title, span=h.span, min_hours=h.hours)
            for i, h in enumerate(named)
        ]
    else:
        _attach_hours(certs, hours.per_cert)
    return certs, hours.total


# ---- the list in the articles ----------------------------------------------------------------------------


def _lists(raw: str, text: str, grids: list[tuple[int, int, list[GridCell]]]) -> list[_List]:
    out = []
    for m in scan(_INTRO(), text, "compos", "constitu", "structur", "comporte", "comprend"):
        passive = m.group("verb").startswith(("compos", "constitu", "structur"))
        if passive and not _IS().search(text, max(0, m.start() - 12), m.start()):
            continue  # "est composé des …", not "… composé des …" inside another sentence
        what = m.group("what")
        if not _WHAT().search(what) or _NOT_OURS().search(what):
            continue
        before = text[max(0, m.start() - 300) : m.start()]
        before = re.split(r"[.;:»]\s|\n\s*\n", before)[-1]
        sm = _SUBJECT().search(before.rstrip())
        subject = squash(sm.group("name")) if sm and sm.group("name") else None
        lst = _List(m.start(), parse_number(m.group("n")), subject)
        # a table right after the sentence (nothing but spaces between them) holds the list
        table = next(
            (g for start, _, g in grids if start >= m.end() and not text[m.end() : start].strip()), None
        )
        lst.items = _table_items(table) if table else _items(raw, text, m.end(), lst.expected)
        out.append(lst)
    return out


# a header cell of a table of certificates: "N°", "Intitulé du certificat", "Blocs de compétences", "Code"
_LIST_HEADER = lazy(
    r"^(?:n°|numéro|rang|code|intitulés?\b.*|(?:certificats?|blocs?|CCP|unités?)\b.{0,80})$", re.I
)
_RANK_CELL = lazy(
    r"^(?:(?:CCP|BC|RNCP\d+BC|(?:bloc|unité|certificat)(?:\s+de\s+compétences(?:\s+professionnelles)?|\s+constitutive)?)"
    r"\s*(?:n°\s*)?)?\d{1,2}\s*[.)°]?$",
    re.I,
)


def _table_items(grid: list[GridCell]) -> list[Certificate]:
    """The certificates of a table right after the announcing sentence ("| N° | Intitulé |", "| 1 | Accueillir … |"):
    one per body row, its title the cell that is not a rank."""
    rows: dict[int, list[GridCell]] = {}
    for c in grid:
        rows.setdefault(c.row, []).append(c)
    out: list[Certificate] = []
    for r in sorted(rows):
        cells = sorted(rows[r], key=lambda c: c.col)
        if all(c.header for c in cells) or (not out and all(_LIST_HEADER().match(c.text) for c in cells)):
            continue
        titles = [c for c in cells if not _RANK_CELL().match(c.text)]
        if not titles:
            continue
        title = max(titles, key=lambda c: len(c.text))
        out.append(Certificate(rank=len(out) + 1, title=clean_title(title.text), span=title.span))
    return out


_BLANK_TO_END = lazy(r"\s*\Z")


def _items(raw: str, text: str, pos: int, expected: int | None) -> list[Certificate]:
    """The items that follow an announcing sentence: same marker, numbers in sequence, wrapped lines joined;
    or the titles in guillemets on the announcing line itself ("… suivants : « A » et « B ».")."""
    line_end = text.find("\n", pos)
    inline = list(_INLINE_ITEM().finditer(text, pos, len(text) if line_end < 0 else line_end))
    if inline:
        return [
            Certificate(rank=rank, title=clean_title(q.group("t")), span=q.span("t"))
            for rank, q in enumerate(inline, 1)
        ]
    items: list[tuple[int, int, str]] = []  # (start, end, title so far)
    style = None
    number = 0
    for start, end, line in lines_with_offsets(text, pos, min(len(text), pos + 8000)):
        m = _ITEM().match(line)
        if m:
            this_style = _item_style(m)
            num = _item_number(m)
            if style is None:
                if num not in (None, 1):
                    break
                style = this_style
            elif this_style != style:
                break
            if num is not None:
                if num != number + 1:
                    break
                number = num
            items.append((start + m.start("title"), end, m.group("title")))
            continue
        if items and line[0].islower():  # a wrapped item line
            s, _, t = items[-1]
            items[-1] = (s, end, f"{t} {line}")
            continue
        if not items and len(line) < 3:
            continue
        break
    out = []
    for rank, (start, end, title) in enumerate(items, 1):
        cleaned = clean_title(title)
        at_end = (
            _BLANK_TO_END().match(raw, end) is not None
        )  # not raw[end:].strip(), without copying the rest
        truncated = rank == len(items) and at_end and not re.search(r"[.;»)]\s*$", title)
        out.append(Certificate(rank=rank, title=cleaned, span=(start, end), truncated=truncated))
    return out


def clean_title(title: str) -> str:
    """A certificate's title as printed, without number, bullet, "CCP" prefix, guillemets or final ";"/"."."""
    t = squash(strip_page_links(title))
    if _PREFIX().match(t) and (re.search(r"«", t[:60]) or _NUMBERED_PREFIX().match(t)):
        t = _PREFIX().sub("", t)
    t = _RNCP_CODE().sub("", t)
    q = _QUOTED().match(t)
    if q and not t[q.end() :].strip(" ;.,"):
        t = q.group("t")
    t = re.sub(r"\s*[;.,]+$", "", t).strip()
    return t


def _choose(doc: Document, lists: list[_List], blocs) -> _List:
    """Several lists (a consolidated text keeping an older article): the one about this titre, as the annex says."""
    if len(lists) == 1:
        return lists[0]
    name = None
    titre = doc.titre
    if titre is None:
        from legalgraph.extract.titre import find_titre

        titre = find_titre(doc)
    if titre is not None and titre.name:  # the name may be unknown (null)
        name = tight(titre.name)
    bloc_titles = [t for t, _, _ in blocs]

    def score(lst: _List) -> tuple:
        subject = 2 if name and lst.subject and tight(lst.subject) == name else 0
        annex = sum(1 for c in lst.items if any(similarity(c.title, b) >= 0.85 for b in bloc_titles))
        complete = 1 if lst.expected == len(lst.items) else 0
        return (subject + annex + complete, -lst.start)

    return max(lists, key=score)


# ---- the annex: "Capacités attestées" -----------------------------------------------------------------------


def _annex_blocs(text: str, known_titles: list[str]) -> list[tuple[str, Span, list[str]]]:
    """(bloc title, span, skills) from the RNCP annex; CCS blocs after their heading are left out."""
    m = next(line_starts(_CAPACITES(), text, "Capacités"), None)
    if not m:
        return []
    lines = list(lines_with_offsets(text, m.start(), min(len(text), m.start() + 30000)))
    i = 1
    # the heading may run over two or three lines ("… et descriptif" / "des composantes de la certification")
    for k in range(1, min(3, len(lines))):
        if re.search(r"composantes\s+de\s+la\s+certification", lines[k][2], re.I):
            i = k + 1
            break
        if not re.search(r"composantes|descriptif", lines[0][2], re.I) and lines[k][2][:1].islower():
            i = k + 1
    body_lines = []
    for start, end, line in lines[i:]:
        if _ANNEX_END().match(line):
            break
        body_lines.append((start, end, line))
    numbered = [x for x in body_lines if _BLOC().match(x[2])]
    blocs: list[tuple[str, Span, list[str]]] = []
    if numbered and int(_BLOC().match(numbered[0][2]).group("num")) == 1:
        expect = 1
        title_open = False
        for start, end, line in body_lines:
            bm = _BLOC().match(line)
            if bm and int(bm.group("num")) == expect:
                blocs.append((bm.group("title"), (start, end), []))
                expect += 1
                title_open = True
                continue
            if not blocs:
                continue
            title, span, skills = blocs[-1]
            if title_open and (line[0].islower() or title.rstrip().endswith(",")):
                blocs[-1] = (f"{title} {line}", (span[0], end), skills)
                continue
            title_open = False
            skills.append(_clean_skill(line))
    elif known_titles:
        # blocs without numbers: a line that reads as one of the listed certificates opens a bloc
        for start, end, line in body_lines:
            if any(similarity(line, t) >= 0.85 for t in known_titles):
                blocs.append((line, (start, end), []))
            elif blocs:
                blocs[-1][2].append(_clean_skill(line))
    return [(clean_title(t), s, [k for k in sk if k]) for t, s, sk in blocs]


def _clean_skill(line: str) -> str:
    line = re.sub(r"^[-–—•·]\s*", "", squash(line))
    return re.sub(r"\s*[;.]+$", "", line)


def _attach_skills(certs: list[Certificate], blocs) -> None:
    if not certs or not blocs:
        return
    if len(blocs) == len(certs):
        for cert, (_, _, skills) in zip(certs, blocs, strict=True):
            cert.skills = list(skills)
        return
    for cert in certs:
        best = max(blocs, key=lambda b: similarity(cert.title, b[0]))
        if similarity(cert.title, best[0]) >= 0.6:
            cert.skills = list(best[2])


# ---- hours in entreprise --------------------------------------------------------------------------------------
# GOLD.md records hours: a duration the text gives in weeks only ("une durée minimale de huit semaines") gives no
# hours; "8 semaines, soit 280 heures" and "280 heures (8 semaines)" give 280. A weekly rate ("35 heures par
# semaine") is not a duration.


@dataclass(slots=True)
class _CertHours:
    """The hours the hours article (or table) gives one certificate, named by its title or by its rank."""

    title: str | None
    rank: int | None
    span: Span | None
    hours: int | None


@dataclass(slots=True)
class _Hours:
    """What the hours article says: hours per certificate, and the minimum total for the titre."""

    per_cert: list[_CertHours] = field(default_factory=list)
    total: int | None = None
    tables: list[Span] = field(
        default_factory=list
    )  # the tables of hours read (their lines are not read again)


@dataclass(slots=True)
class _Named:
    """A certificate named on a line: where its name stands (offsets in the line), its title or rank."""

    start: int
    end: int
    title: str | None
    rank: int | None
    span: Span  # of the title (or of the whole name) in the text


@dataclass(slots=True)
class _Amount:
    """A number of hours on a line: where it stands (offsets in the line) and its value."""

    start: int
    end: int
    value: int


_WEEKLY = lazy(r"\s*(?:par\s+semaine|/\s*semaine|hebdomadaires?)\b", re.I)
# "2 semaines pour le certificat « … »": a certificate given weeks, not hours
_WEEKS_FOR = lazy(
    r"(?<!\d)(?:\d{1,2}|"
    + NUMBER
    + r")\s+semaines?\s*(?:,\s*)?(?:minimum\s+)?(?:pour|au\s+titre\s+d[ue])\s*(?:le|la|l['’])?\s*$",
    re.I,
)
# a table of hours: a header or cell that says it counts hours, a cell that is only a number of hours
_HOURS_HEADER = lazy(r"\bheures?\b|\bdurée|\(h\)|\bnombre\s+d['’]\s*heures", re.I)
_IN_FIRM_HEADER = lazy(r"\ben\s+(?:entreprise|milieu\s+professionnel)\b|\bstages?\b", re.I)
_HOURS_CELL = lazy(r"^(?:(?P<h>\d{1,2}\s\d{3}|\d{1,4})\s*(?:heures|h)?)$", re.I)
_TOTAL_CELL = lazy(r"^(?:durée\s+)?total(?:e)?\b", re.I)


def _hours_value(s: str) -> int:
    return int(re.sub(r"\s", "", s))


def _hours(text: str, grids: list[tuple[int, int, list[GridCell]]] | None = None) -> _Hours:
    """The hours in entreprise: from tables of hours first, then from the lines of the hours article."""
    found = _table_hours(text, grids or [])
    if "heure" not in text:  # a text giving hours as "70 h" names them "heures" somewhere too
        return found
    lines = list(lines_with_offsets(text))
    abbreviated = _H_ABBR().search(text) is not None
    for idx, (start, end, line) in enumerate(lines):
        if "heure" not in line and not (abbreviated and _H_ABBR().search(line)):
            continue
        if any(s <= start < e for s, e in found.tables) or not _in_firm_context(lines, idx):
            continue
        amounts = _amounts(line, start)
        named = _names(line, start, bool(amounts))
        if not named:
            if amounts and found.total is None and (_TOTAL().search(line) or not _CERT_WORD().search(line)):
                found.total = amounts[0].value
            continue
        if (
            found.total is None
        ):  # "d'une durée totale minimum de 210 heures, dont 105 heures pour le CCP « … » …"
            tm = _TOTAL_HOURS().search(line, 0, named[0].start)
            found.total = _hours_value(tm.group("h")) if tm else None
        found.per_cert += _hours_of_names(line, start, end, named, amounts)
    return found


def _in_firm_context(lines: list[tuple[int, int, str]], idx: int) -> bool:
    """The line, or the lines of its sentence or list before it (up to three), speak of periods in entreprise."""
    context = [lines[idx][2]]
    for k in range(idx - 1, max(-1, idx - 4), -1):
        if lines[k][2].endswith("."):
            break  # a sentence ended there: what it said is not about these hours
        context.append(lines[k][2])
    return bool(_IN_FIRM().search(" ".join(reversed(context))))


def _amounts(line: str, start: int) -> list[_Amount]:
    """The numbers of hours on a line, without weekly rates ("35 heures par semaine")."""
    return [
        _Amount(h.start(), h.end(), _hours_value(h.group("h")))
        for h in _HOURS().finditer(line)
        if not _WEEKLY().match(line, h.end())
    ]


def _names(line: str, start: int, has_hours: bool) -> list[_Named]:
    """The certificates a line names: titles in guillemets, else ranks ("CCP 2"), else one plain title."""
    named = [
        _Named(q.start(), q.end(), clean_title(q.group("title")), None, _shift(q.span("title"), start))
        for q in _CCP_QUOTE().finditer(line)
    ]
    if not named:
        named = [
            _Named(r.start(), r.end(), None, int(r.group("rank")), _shift(r.span(), start))
            for r in _CCP_RANK().finditer(line)
        ]
    if not named and has_hours and (plain := _CCP_PLAIN().search(line)):
        named = [
            _Named(
                plain.start(),
                plain.end(),
                clean_title(plain.group("title")),
                None,
                _shift(plain.span("title"), start),
            )
        ]
    return named


def _shift(span: tuple[int, int], by: int) -> Span:
    return (span[0] + by, span[1] + by)


def _hours_of_names(
    line: str, start: int, end: int, named: list[_Named], amounts: list[_Amount]
) -> list[_CertHours]:
    """The hours of each named certificate: "105 heures pour le certificat « … »" (the hours just before the
    name, linked by "pour"), else the nearest hours between this name and the next ("CCP « … » : 105 heures")
    that no other name took; "2 semaines pour le certificat « … »" gives that certificate no hours."""
    linked: dict[int, _Amount] = {}
    for k, n in enumerate(named):
        lo = named[k - 1].end if k else 0
        before = [
            a
            for a in amounts
            if lo <= a.start and a.end <= n.start and _HOURS_FOR().fullmatch(line, a.end, n.start)
        ]
        if before:
            linked[k] = max(before, key=lambda a: a.end)
    taken = {id(a) for a in linked.values()}
    out = []
    for k, n in enumerate(named):
        amount = linked.get(k)
        lo = named[k - 1].end if k else 0
        if amount is None and not _WEEKS_FOR().search(line, lo, n.start):
            hi = named[k + 1].start if k + 1 < len(named) else len(line)
            near = [a for a in amounts if lo <= a.start < hi and id(a) not in taken]
            amount = min(near, key=lambda a: min(abs(a.start - n.start), abs(a.start - n.end)), default=None)
        out.append(_CertHours(n.title, n.rank, n.span, amount.value if amount else None))
    return out


def _table_hours(text: str, grids: list[tuple[int, int, list[GridCell]]]) -> _Hours:
    """Tables of hours in entreprise ("| Certificat | Durée minimale en entreprise |", "| CCP 1 | 70 |", a
    "Total" row), announced by the words before them in their article or by their own header."""
    found = _Hours()
    for start, end, grid in grids:
        rows: dict[int, list[GridCell]] = {}
        for c in grid:
            rows.setdefault(c.row, []).append(c)
        first = min(rows)
        header_rows = {c.row for c in grid if c.header} or {first}
        head_text = " ".join(c.text for c in grid if c.row in header_rows)
        # the words before the table, back to its article's heading at most
        before = re.split(r"(?m)^\W*(?:Article|Art\.)\s", text[max(0, start - 400) : start])[-1]
        if not (_IN_FIRM_HEADER().search(head_text) or _IN_FIRM().search(before)):
            continue
        hours_cols = {c.col for c in grid if c.row in header_rows and _HOURS_HEADER().search(c.text)}
        read = False
        for r in sorted(set(rows) - header_rows):
            row = _hours_row(sorted(rows[r], key=lambda c: c.col), hours_cols)
            if row is None:
                continue
            read = True
            label, value = row
            if _TOTAL_CELL().match(label.text):
                found.total = value if found.total is None else found.total
            elif rank := _CCP_RANK().fullmatch(label.text):
                found.per_cert.append(_CertHours(None, int(rank.group("rank")), label.span, value))
            else:
                found.per_cert.append(_CertHours(clean_title(label.text), None, label.span, value))
        if read:
            found.tables.append((start, end))
    return found


def _hours_row(cells: list[GridCell], hours_cols: set[int]) -> tuple[GridCell, int] | None:
    """(the cell naming the certificate, its hours) of one row of a table of hours; None if the row has not both.
    A bare number is hours only in a column whose header says so; "70 heures", "70 h" are hours anywhere."""
    value = None
    for c in cells:
        m = _HOURS_CELL().match(c.text)
        if m and (c.col in hours_cols or not m.group(0).isdigit()):
            value = _hours_value(m.group("h"))
            break
    label = next(
        (c for c in cells if not _HOURS_CELL().match(c.text) and re.search(r"[^\W\d_]", c.text)), None
    )
    return (label, value) if label is not None and value is not None else None


def _attach_hours(certs: list[Certificate], per_cert: list[_CertHours]) -> None:
    for named in per_cert:
        if named.hours is None:
            continue
        best = None
        if named.title is None:
            best = next((c for c in certs if c.rank == named.rank), None)
        else:
            best = next((c for c in certs if tight(c.title) == tight(named.title)), None)
            if best is None and certs:
                cand = max(certs, key=lambda c: similarity(c.title, named.title))
                if similarity(cand.title, named.title) >= 0.8:
                    best = cand
        if best is not None and best.min_hours is None:
            best.min_hours = named.hours


__all__ = ["find_certificates", "clean_title", "fold"]
