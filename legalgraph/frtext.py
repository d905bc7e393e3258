"""Small helpers for reading French regulatory prose: numbers in words, dates, folding, the parts to read.

Shared by ``segment`` (dates) and the extractors (citations, titre, certificates, equivalences, annex).
Everything works on the Document's normalized text and returns offsets into it, so spans stay valid whatever
the helper did.
"""

from __future__ import annotations

import re

from legalgraph.models import Document
from legalgraph.norm import fold_for_matching, strip_accents
from legalgraph.patterns import lazy

# ---- numbers ---------------------------------------------------------------------------------------

NUMBER_WORDS = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
    "dix-sept": 17,
    "dix-huit": 18,
    "dix-neuf": 19,
    "vingt": 20,
}
# A count as printed: digits or a French number word ("cinq", "Six", "dix-huit").
NUMBER = r"(?:\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"


def parse_number(word: str | None) -> int | None:
    if not word:
        return None
    word = word.strip().lower()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


# ---- dates -------------------------------------------------------------------------------------------
# The one place French dates are read. Each stage composes its own date pattern from these pieces (segment
# reads title and signature lines, citations reads dates inside running text, the extractors read
# "à compter du …"); the day grammars differ on purpose, the months and the conversion to ISO do not.

# Month names as written, January first; MONTHS reads them with and without their accents, lower case.
MONTH_NAMES = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
MONTHS = {
    name: number
    for number, written in enumerate(MONTH_NAMES, start=1)
    for name in (written, strip_accents(written))
}
# A month name in any case, with or without its accents: "février", "FEVRIER", "Août"
MONTH = r"(?i:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre)"
# The day of a title or a signature line, before its ordinal mark: "1", "01", "premier" (case: the pattern's)
DAY_WORD = r"(?:\d{1,2}|premier)"
# After DAY_WORD: "1er", "1ᵉʳ", "1 er" (a PDF copy); ORDINAL_RE also takes "1re" (segment's title lines)
ORDINAL = r"\s?(?:er|ᵉʳ)?"
ORDINAL_RE = r"\s?(?:er|re|ᵉʳ)?"
# The day of a date in running text: only the first of the month takes a mark ("1er", "1 ER", "1ᵉʳ", "premier")
DAY = r"(?:1\s?(?i:er)|1ᵉʳ|(?i:premier)|[0-3]?\d)"
# "11/12/2017", "11.12.2017", "11 / 12 / 2017": one pattern, without groups
NUMERIC_DATE = r"[0-3]?\d\s?[/.]\s?[01]?\d\s?[/.]\s?\d{4}"

ANY_YEAR = (0, 9999)


def month_number(name: str) -> int:
    """1 to 12 for a month name MONTH matched ("Février", "AOUT"); KeyError for anything else."""
    number = MONTHS.get(name.lower())
    if number is None:  # a capital with a dot or an accent of its own ("JANVİER"): fold it away
        number = MONTHS[strip_accents(name).lower()]
    return number


def day_number(day: str) -> int:
    """The day of the month of a written day: "12" → 12, "1er" / "1 er" / "1ᵉʳ" / "premier" → 1."""
    digits = re.match(r"\d+", day)
    return int(digits.group(0)) if digits else 1


def iso(year: int, month: int, day: int, years: tuple[int, int] = (1900, 2100)) -> str | None:
    """ "YYYY-MM-DD", or None when the day, the month or the year (``years``, bounds included) is off — a day
    the month does not have ("31 février", a misprint) too: it would make an invalid xsd:date."""
    if not (1 <= day <= 31 and 1 <= month <= 12 and years[0] <= year <= years[1]):
        return None
    if day > 28 and day > _days_in_month(year, month):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year: int, month: int) -> int:
    """``calendar.monthrange(year, month)[1]`` (Gregorian leap years), without importing calendar (start-up)."""
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 29 if month == 2 and leap else _MONTH_DAYS[month - 1]


def add_years(start: str, years: int) -> str | None:
    """The same day ``years`` on (the end of a registration "pour N ans à compter du <start>"); 28 February for
    a 29 February start whose year is not leap; None for a date that is none."""
    from datetime import date  # not at import: the parse path needs it only here (start-up)

    try:
        d = date.fromisoformat(start)
    except ValueError:
        return None
    try:
        return d.replace(year=d.year + years).isoformat()
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28).isoformat()


def day_before(day: str) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(day) - timedelta(days=1)).isoformat()


def iso_date(m: re.Match, years: tuple[int, int] = (1900, 2100)) -> str | None:
    """The ISO date of a match with groups d, m, y (written month) or d2, m2, y2 (numeric), or None.

    ``DATE_RE`` has them; so does any pattern built with them ("1er juin 2004", "11/12/2017")."""
    if m.group("y"):
        return iso(int(m.group("y")), month_number(m.group("m")), day_number(m.group("d")), years)
    return iso(int(m.group("y2")), int(m.group("m2")), int(m.group("d2")), years)


# "1er juin 2004", "1ᵉʳ juin 2004", "1 er juin 2004" (a PDF copy), "premier juin 2004", "11/12/2017"
DATE = (
    rf"(?:(?P<d>{DAY_WORD}){ORDINAL}\s+(?P<m>{MONTH})\s+(?P<y>\d{{4}})"
    r"|(?P<d2>\d{1,2})/(?P<m2>\d{1,2})/(?P<y2>\d{4}))"
)
DATE_RE = re.compile(DATE, re.I)  # public (titre re-exports it): compiled at import


def first_date(text: str) -> str | None:
    for m in DATE_RE.finditer(text):
        found = iso_date(m)
        if found:
            return found
    return None


# ---- comparing wordings --------------------------------------------------------------------------


# Case, accents, apostrophes, guillemets and spacing folded away: for comparing two wordings (legalgraph.norm).
fold = fold_for_matching
_TIGHT = lazy(r"[\s\-]+")


def tight(s: str) -> str:
    """``fold`` without any space: "technicien (ne)" and "technicien(ne)" compare equal."""
    return _TIGHT().sub("", fold(s))


def similarity(a: str, b: str) -> float:
    """How alike two certificate titles are (0..1): word overlap, tolerant to small rewordings."""
    wa, wb = set(re.findall(r"\w+", fold(a))), set(re.findall(r"\w+", fold(b)))
    if not wa or not wb:
        return 0.0
    return 2 * len(wa & wb) / (len(wa) + len(wb))


def squash(s: str) -> str:
    """One line: runs of whitespace (line breaks of a JO print copy included) become one space."""
    return " ".join(s.split())  # str.split() splits on what \s matches: ×3 faster than a regex sub


# Légifrance copies glue the page's "Versions" / "Liens relatifs" link text to the last word of an article.
_PAGE_LINKS = lazy(r"(?:Versions)?(?:Liens relatifs)?\s*$")


def strip_page_links(s: str) -> str:
    if s.endswith(("Versions", "Liens relatifs")):
        return _PAGE_LINKS().sub("", s).rstrip()
    return s


# ---- scanning fast --------------------------------------------------------------------------------------
# A pattern that starts with \b or a class cannot use the regex engine's literal-prefix scan and costs ~3 ms
# per 200 kB; a substring test costs ~0.05 ms. Each pattern is run only where one of its words occurs.


def has(text: str, *words: str) -> bool:
    return any(w in text for w in words)


def scan(pattern: re.Pattern, text: str, *words: str):
    """``pattern.finditer(text)``, or nothing at once when none of ``words`` is in ``text``."""
    return pattern.finditer(text) if not words or has(text, *words) else iter(())


def search(pattern: re.Pattern, text: str, *words: str) -> re.Match | None:
    return pattern.search(text) if not words or has(text, *words) else None


def at_line_start(text: str, pos: int) -> bool:
    """Nothing but spaces (or Markdown "*") between the start of the line and ``pos``."""
    line_start = text.rfind("\n", 0, pos) + 1
    return not text[line_start:pos].strip(" \t*")


def line_starts(pattern: re.Pattern, text: str, *words: str):
    """``scan``, keeping only the matches that start a line (a heading, a label of the annex)."""
    return (m for m in scan(pattern, text, *words) if at_line_start(text, m.start()))


# ---- what to read ---------------------------------------------------------------------------------

# juriblio.fr inserts an AI summary before some articles; it is not part of the text (GOLD.md).
_AI_START = lazy(r"Ce texte est une simplification générée par une IA\.?")
_VISA_LINE = lazy(r"(?m)^[ \t]*(?:[-–•][ \t]*)?Vu\b[^\n]*")


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with every span's characters (line breaks kept) turned into spaces."""
    out = []
    pos = 0
    for start, end in sorted(spans):
        start = max(start, pos)
        if end <= start:
            continue
        out.append(text[pos:start])
        # each line of the span as that many spaces (one str per line, not one regex replacement per character)
        out.append("\n".join(" " * len(line) for line in text[start:end].split("\n")))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def ai_summary_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the juriblio AI summaries: the notice, its heading, "Résumé …" and "Mots-clés : …" lines."""
    spans = []
    for m in _AI_START().finditer(text):
        pos = m.end()
        end = pos
        seen = 0
        saw_resume = False
        while pos < len(text) and seen < 6:
            nl = text.find("\n", pos)
            nl = len(text) if nl < 0 else nl
            line = text[pos:nl].strip()
            pos = nl + 1
            if not line:
                continue
            seen += 1
            if saw_resume and not line.startswith("Mots-clés"):
                break
            end = nl
            if line.startswith("Résumé"):
                saw_resume = True
            elif line.startswith("Mots-clés") or seen >= 3 and not saw_resume:
                break
        spans.append((m.start(), end))
    return spans


_last_body: tuple = ()  # (signature, body) of the last Document read: extract() asks three times in a row


def body(doc: Document) -> str:
    """``doc.text`` with everything that is not the act's own operative words blanked (same length).

    Blanked: the title, the visas and the juriblio AI summaries. When ``segment`` gave articles or annexes,
    only they are kept; otherwise visa lines are recognised by their "Vu" and everything else is kept.
    """
    global _last_body
    text = doc.text
    signature = (id(doc), id(text), len(doc.articles), len(doc.annexes), len(doc.visas), doc.title_span)
    last = _last_body  # one read: another thread may replace it meanwhile
    if last and last[0] == signature and last[1] is text:
        return last[2]
    blank: list[tuple[int, int]] = []
    if doc.articles or doc.annexes:
        pos = 0
        for start, end in sorted([a.span for a in doc.articles] + [a.span for a in doc.annexes]):
            if start > pos:
                blank.append((pos, start))
            pos = max(pos, end)
        blank.append((pos, len(text)))
    else:
        if doc.title_span:
            blank.append(doc.title_span)
        blank += [v.span for v in doc.visas]
        blank += [m.span() for m in _VISA_LINE().finditer(text)]
    if "simplification générée" in text:
        blank += ai_summary_spans(text)
    result = _blanked(text, blank)
    _last_body = (signature, text, result)
    return result


def lines_with_offsets(text: str, start: int = 0, end: int | None = None):
    """(line start, line end, stripped line) for each non-blank line of ``text[start:end]``."""
    pos = start
    for raw in (text[start:end] if start or end is not None else text).split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            yield pos + lead, pos + lead + len(stripped), stripped
        pos += len(raw) + 1
