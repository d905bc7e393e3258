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

# Starts at the verb ("composé des trois …"); "est"/"sont" before it is checked apart (a literal-led pattern
# is scanned fast).
_IS = re.compile(r"\b(?:est|sont)\s+$")
# The verbs are matched in lower case (a case-sensitive start lets the regex engine skip to their first letters).
_INTRO = re.compile(
    r"(?P<verb>composée?s?|constituée?s?|structurée?s?|comporte|comprend|se\s+compose)"
    r"\s+(?:des|de|d['’]|les|en)\s*(?:(?P<n>(?i:" + NUMBER + r"))\s+)?"
    r"(?P<what>[^:.;]{0,220}?)(?:"
    r"(?:,?\s+(?i:suivante?s|ci-après|dont\s+la\s+liste\s+suit|qui\s+suivent))[^:.\n]{0,40}?\s*[:.]|\s*:)",
)
_WHAT = re.compile(r"unités?|blocs?|certificats?|domaines?|CCP|modules?|activités?[\s-]+types?", re.I)
_NOT_OURS = re.compile(r"spécialisation|complémentaires?|CCS\b", re.I)
# One item of the list: "1° …", "1. …", "2) …", "a) …", "II. …", "- …", or labelled "CCP 1 : …",
# "Bloc de compétences n° 2 : …", "Unité 3 - …". ``_item_number`` reads its rank, ``_item_style`` its marker.
_ITEM = re.compile(
    r"^(?:(?P<num>\d{1,2})\s*(?P<mark>°|\.|\)|-(?=\s))\s*|(?P<letter>[a-h])\s*(?P<lmark>\)|\.(?=\s))\s*"
    r"|(?P<roman>[IVX]{1,4})\s*(?P<rmark>\.|\)|[-–](?=\s))\s+"
    r"|(?P<label>CCP|[Bb]loc(?:\s+de\s+compétences)?|[Cc]ertificat\s+de\s+compétences\s+professionnelles|"
    r"[Uu]nité(?:\s+constitutive)?)\s*(?:n°\s*)?(?P<lnum>\d{1,2})\s*[:.\-–]\s*"
    r"|(?P<dash>[-–—•·])\s*)"
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
    return m.group("mark") or m.group("dash") or "letter" + m.group("lmark")


_PREFIX = re.compile(
    r"^(?:(?:CCP|certificat\s+de\s+compétences\s+professionnelles|bloc(?:\s+de\s+compétences)?|unité(?:\s+constitutive)?)"
    r"\s*(?:n°\s*)?\d*\s*[:.\-–]?\s*)",
    re.I,
)
_NUMBERED_PREFIX = re.compile(r"(?i)(?:CCP|bloc(?:\s+de\s+compétences)?)\s*(?:n°\s*)?\d+\s*[:.\-–]")
# "RNCP37274BC01 - Accueillir …": the France compétences code of a bloc, not part of its title
_RNCP_CODE = re.compile(r"^(?:RNCP\d+BC\d+|BC\s*\d+)\s*[-–:]\s*", re.I)
_QUOTED = re.compile(r"^«\s*(?P<t>.+?)\s*»")
_INLINE_ITEM = re.compile(r"«\s*(?P<t>[^«»\n]{3,400}?)\s*»")
_SUBJECT = re.compile(
    r"titre\s+professionnel\s+(?:de\s+(?:l['’])?|d['’]\s*|du\s+)?(?P<name>[^.;\n«»]{2,200}?)\s*$|(?P<bare>titre\s+professionnel)\s*$",
    re.I,
)

_CAPACITES = re.compile(r"Capacités\s+attestées\b[^\n]*")
_ANNEX_END = re.compile(
    r"^(?:Secteurs?\s+d['’]\s*activit|Compétences\s+transversales|Certificats?\s+complémentaires|Codes?\s+ROME|"
    r"Types?\s+d['’]\s*emplois?|Réglementation|Modalités|Autorité|Bases\s+légales|Informations?\b)",
    re.I,
)
_BLOC = re.compile(r"^(?P<num>\d{1,2})\s*[.)°-]\s*(?P<title>\S.*)$")

_CERT_WORDS = r"(?:certificats?\s+de\s+compétences\s+professionnelles|CCP|blocs?\s+de\s+compétences)"
_CCP_QUOTE = re.compile(
    r"(?:" + _CERT_WORDS + r"|\bpour\s+(?:le\s+|la\s+)?)"
    r"\s*(?:\(CCP\)\s*)?(?:n°\s*\d+\s*)?(?:intitulée?|dénommée?)?\s*:?\s*«\s*(?P<title>[^»]{3,400}?)\s*»",
    re.I,
)
# "70 heures pour le certificat de compétences professionnelles Accueillir … ;": a title without guillemets, to
# the end of the line
_CCP_PLAIN = re.compile(
    _CERT_WORDS + r"\s*(?:intitulée?|dénommée?)?\s*:?\s*(?P<title>[A-ZÀ-Ý][^«»;]{2,400}?)\s*[;.]?\s*$"
)
# "70 heures pour le CCP 1", "CCP n° 2 : 140 heures": a certificate named by its rank
_CCP_RANK = re.compile(
    r"(?:\bCCP|certificat\s+de\s+compétences\s+professionnelles|bloc\s+de\s+compétences)\s*(?:n°\s*)?(?P<rank>\d{1,2})\b(?!\s*heures)",
    re.I,
)
# "385 heures", "1 050 heures", "70 h"
_HOURS = re.compile(r"(?<!\d)(?<!\d )(?P<h>\d{1,2}\s\d{3}|\d{1,4})\s*(?:heures|h)\b", re.I)
# "70 h", "70h": led by the literal "h" (scanned fast), a digit checked behind it
_H_ABBR = re.compile(r"h(?:(?<=\dh)|(?<=\d h))\b")
# "périodes en entreprise", "période de formation en entreprise", "périodes d'application en entreprise",
# "périodes en milieu professionnel", "stage"
_IN_FIRM = re.compile(
    r"périodes?\s+(?:[\w'’]+\s+){0,3}?en\s+(?:entreprise|milieu\s+professionnel)|\bstages?\b"
    r"|\bpériodes?\s+de\s+formation\s+en\s+milieu",
    re.I,
)
# what links hours to the certificate named right after them: "105 heures pour le certificat « … »"
_HOURS_FOR = re.compile(r"\s*(?:(?:minimum\s+)?(?:pour|au\s+titre\s+d[ue])\s*(?:le|la|l['’])?\s*)?")
# "d'une durée totale minimum de 210 heures, dont …": the total on a line that names certificates too
_TOTAL_HOURS = re.compile(r"\btotale\b[^.;\d]{0,40}?(?P<h>\d{1,2}\s\d{3}|\d{1,4})\s*(?:heures|h)\b", re.I)
_TOTAL = re.compile(r"\btotale\b|\bdu\s+titre\b|\baux\s+épreuves\s+du\s+titre\b", re.I)


@dataclass
class _List:
    start: int
    expected: int | None
    subject: str | None
    items: list[Certificate] = field(default_factory=list)


def find_certificates(doc: Document) -> tuple[list[Certificate], int | None]:
    """(certificates in order, minimum total hours in entreprise for the titre)."""
    text = body(doc)
    lists = [lst for lst in _lists(doc.text, text) if lst.items]
    blocs = _annex_blocs(text, [c.title for lst in lists for c in lst.items])
    if lists:
        certs = _choose(doc, lists, blocs).items
    else:
        certs = [Certificate(rank=i + 1, title=t, span=s) for i, (t, s, _) in enumerate(blocs)]
    _attach_skills(certs, blocs)
    per_cert, total = _hours(text)
    named = [(t, s, h) for t, _, s, h in per_cert if t]
    if not certs and named:
        certs = [Certificate(rank=i + 1, title=t, span=s, min_hours=h) for i, (t, s, h) in enumerate(named)]
    else:
        _attach_hours(certs, per_cert)
    return certs, total


# ---- the list in the articles ----------------------------------------------------------------------------


def _lists(raw: str, text: str) -> list[_List]:
    out = []
    for m in scan(_INTRO, text, "compos", "constitu", "structur", "comporte", "comprend"):
        passive = m.group("verb").startswith(("compos", "constitu", "structur"))
        if passive and not _IS.search(text, max(0, m.start() - 12), m.start()):
            continue  # "est composé des …", not "… composé des …" inside another sentence
        what = m.group("what")
        if not _WHAT.search(what) or _NOT_OURS.search(what):
            continue
        before = text[max(0, m.start() - 300) : m.start()]
        before = re.split(r"[.;:»]\s|\n\s*\n", before)[-1]
        sm = _SUBJECT.search(before.rstrip())
        subject = squash(sm.group("name")) if sm and sm.group("name") else None
        lst = _List(m.start(), parse_number(m.group("n")), subject)
        lst.items = _items(raw, text, m.end(), lst.expected)
        out.append(lst)
    return out


_BLANK_TO_END = re.compile(r"\s*\Z")


def _items(raw: str, text: str, pos: int, expected: int | None) -> list[Certificate]:
    """The items that follow an announcing sentence: same marker, numbers in sequence, wrapped lines joined;
    or the titles in guillemets on the announcing line itself ("… suivants : « A » et « B ».")."""
    line_end = text.find("\n", pos)
    inline = list(_INLINE_ITEM.finditer(text, pos, len(text) if line_end < 0 else line_end))
    if inline:
        return [
            Certificate(rank=rank, title=clean_title(q.group("t")), span=q.span("t"))
            for rank, q in enumerate(inline, 1)
        ]
    items: list[tuple[int, int, str]] = []  # (start, end, title so far)
    style = None
    number = 0
    for start, end, line in lines_with_offsets(text, pos, min(len(text), pos + 8000)):
        m = _ITEM.match(line)
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
        at_end = _BLANK_TO_END.match(raw, end) is not None  # not raw[end:].strip(), without copying the rest
        truncated = rank == len(items) and at_end and not re.search(r"[.;»)]\s*$", title)
        out.append(Certificate(rank=rank, title=cleaned, span=(start, end), truncated=truncated))
    return out


def clean_title(title: str) -> str:
    """A certificate's title as printed, without number, bullet, "CCP" prefix, guillemets or final ";"/"."."""
    t = squash(strip_page_links(title))
    if _PREFIX.match(t) and (re.search(r"«", t[:60]) or _NUMBERED_PREFIX.match(t)):
        t = _PREFIX.sub("", t)
    t = _RNCP_CODE.sub("", t)
    q = _QUOTED.match(t)
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
    if titre is not None:
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
    m = next(line_starts(_CAPACITES, text, "Capacités"), None)
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
        if _ANNEX_END.match(line):
            break
        body_lines.append((start, end, line))
    numbered = [x for x in body_lines if _BLOC.match(x[2])]
    blocs: list[tuple[str, Span, list[str]]] = []
    if numbered and int(_BLOC.match(numbered[0][2]).group("num")) == 1:
        expect = 1
        title_open = False
        for start, end, line in body_lines:
            bm = _BLOC.match(line)
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


def _hours_value(s: str) -> int:
    return int(re.sub(r"\s", "", s))


def _hours(text: str) -> tuple[list[tuple[str | None, int | None, Span | None, int | None]], int | None]:
    """((title, rank, span, hours) for each certificate the hours article names, total hours for the titre).

    A certificate is named by its title in guillemets (``title``) or by its number ("CCP 2": ``rank``).
    """
    per_cert: list[tuple[str | None, int | None, Span | None, int | None]] = []
    total = None
    if "heure" not in text:  # a text giving hours as "70 h" names them "heures" somewhere too
        return per_cert, total
    lines = list(lines_with_offsets(text))
    abbreviated = _H_ABBR.search(text) is not None
    for idx, (start, end, line) in enumerate(lines):
        if "heure" not in line and not (abbreviated and _H_ABBR.search(line)):
            continue
        context = " ".join(x[2] for x in lines[max(0, idx - 3) : idx + 1])
        if not _IN_FIRM.search(context):
            continue
        hours = [(h.start() + start, h.end(), _hours_value(h.group("h"))) for h in _HOURS.finditer(line)]
        named = [
            (q.start(), q.end(), clean_title(q.group("title")), None, q.span("title"))
            for q in _CCP_QUOTE.finditer(line)
        ]
        if not named:
            named = [(r.start(), r.end(), None, int(r.group("rank")), None) for r in _CCP_RANK.finditer(line)]
        if not named and hours:
            plain = _CCP_PLAIN.search(line)
            if plain:
                named = [
                    (plain.start(), plain.end(), clean_title(plain.group("title")), None, plain.span("title"))
                ]
        if not named:
            if (
                hours
                and total is None
                and (_TOTAL.search(line) or not re.search(r"certificat|\bCCP\b|\bbloc", line, re.I))
            ):
                total = hours[0][2]
            continue
        if total is None:  # "d'une durée totale minimum de 210 heures, dont 105 heures pour le CCP « … » …"
            tm = _TOTAL_HOURS.search(line, 0, named[0][0])
            total = _hours_value(tm.group("h")) if tm else None
        bounds = [start] + [start + n[1] for n in named]
        for k, (q_start, q_end, title, rank, tspan) in enumerate(named):
            lo = bounds[k]
            hi = start + named[k + 1][0] if k + 1 < len(named) else end
            # "105 heures pour le certificat « … »": the hours just before the name, linked by "pour"; else the
            # nearest hours ("CCP « … » : 105 heures")
            near = [
                (q_start - e, h)
                for p, e, h in hours
                if lo <= p and e <= q_start and _HOURS_FOR.fullmatch(line, e, q_start)
            ]
            if not near:
                near = [
                    (min(abs(p - start - q_start), abs(p - start - q_end)), h)
                    for p, _, h in hours
                    if lo <= p < hi
                ]
            value = min(near)[1] if near else None
            span = (start + tspan[0], start + tspan[1]) if tspan else (start + q_start, start + q_end)
            per_cert.append((title, rank, span, value))
    return per_cert, total


def _attach_hours(certs: list[Certificate], per_cert) -> None:
    for title, rank, _, hours in per_cert:
        if hours is None:
            continue
        best = None
        if title is None:
            best = next((c for c in certs if c.rank == rank), None)
        else:
            best = next((c for c in certs if tight(c.title) == tight(title)), None)
            if best is None and certs:
                cand = max(certs, key=lambda c: similarity(c.title, title))
                if similarity(cand.title, title) >= 0.8:
                    best = cand
        if best is not None and best.min_hours is None:
            best.min_hours = hours


__all__ = ["find_certificates", "clean_title", "fold"]
