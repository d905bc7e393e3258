"""Stage 2, `segment`: a SourceText into a Document — title, authority, visas, articles, annexes, signature.

French regulatory texts are written in a fixed order, and that order is what this module reads:

    page header  "JORF n°0158 du 9 juillet 2023", the title "Arrêté du 5 juillet 2023 relatif au …",
                 "NOR : MTRD2312771A", "ELI : https://…"
    authority    "La ministre du travail," (the line naming who enacts, before the visas)
    visas        "Vu le code de l'éducation … ;" one per "Vu" (then perhaps "Considérant …")
    enacting     "Arrête :" / "Décrète :" / "Décide :"
    articles     "Article 1er" / "Art. 1er. –" headings, or the boundaries a page copy marks without
                 printing headings (bullets, "Versions" links, paragraph breaks)
    signature    "Fait le 21 novembre 2022." "Pour la ministre et par délégation :" role, name
    annexes      "ANNEXE …" (after the signature in the JO, before it in Légifrance page copies)

A reader that knows a part says so with a block (TITLE, AUTHORITY, VISA, ENACTING, ARTICLE, ANNEX, SIGNATURE)
or with meta (nature, title, date, nor, eli from XML metadata): such parts are taken as given, and the rules
below only fill what is missing. Every part gets a ``(start, end)`` span with ``doc.text[start:end] == text``,
without surrounding whitespace.

Reading order of this module: ``segment`` (top), the ``_Plan`` of where each zone lies, then one function per
part, then the line patterns they use and small helpers (dates, spans) at the bottom.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from legalgraph.frtext import ANY_YEAR, DAY_WORD, MONTH, ORDINAL, ORDINAL_RE, iso_date, lines_with_offsets
from legalgraph.models import (
    Annex,
    Article,
    Block,
    BlockKind,
    Document,
    Nature,
    Signatory,
    SourceFormat,
    SourceText,
    Span,
    Visa,
)
from legalgraph.norm import fold_for_key
from legalgraph.patterns import lazy


def segment(st: SourceText) -> Document:
    """Cut the normalized text into the parts of an act, each with its span."""
    doc = Document(
        text=st.text, source=st.source, meta=dict(st.meta), tables=list(st.tables), warnings=list(st.warnings)
    )
    lines = _split_lines(doc.text)
    given = _Given(st.blocks, structured=st.source.format in _STRUCTURED_FORMATS)
    plan = _plan(lines, given)
    _set_title(doc, lines, plan, given)
    _set_identifiers(doc, lines, plan)
    _set_authority(doc, plan, given)
    _set_visas(doc, lines, plan, given)
    _set_articles(doc, lines, plan, given)
    _set_annexes(doc, lines, plan, given)
    _set_signature(doc, lines, plan, given)
    doc.nature = _nature(doc, lines, plan)
    doc.date = doc.meta.get("date") or _first_date(doc.title) or doc.signature_date
    return doc


# ---- lines and given blocks -----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Line:
    """One non-empty line: its offsets and its words."""

    start: int
    end: int
    text: str


class _Lines(list):
    """The non-empty lines of the text, with their start offsets for lookups by offset."""

    starts: list[int]


def _split_lines(text: str) -> _Lines:
    lines = _Lines(_Line(start, end, stripped) for start, end, stripped in lines_with_offsets(text))
    lines.starts = [ln.start for ln in lines]
    return lines


# Formats whose reader knows the structure (XML elements, JSON fields): their blocks are all there is, and no
# part is guessed from the text (a JO container or a section listing "Article 9" holds no article).
_STRUCTURED_FORMATS = (SourceFormat.DILA_XML, SourceFormat.PISTE_JSON)


class _Given:
    """The blocks the reader emitted, by kind, in text order; ``structured``: guess no part beyond them."""

    def __init__(self, blocks: list[Block], structured: bool = False):
        self.structured = structured
        self.by_kind: dict[BlockKind, list[Block]] = {}
        for block in sorted(blocks, key=lambda b: (b.start, b.end)):
            self.by_kind.setdefault(block.kind, []).append(block)

    def __call__(self, kind: BlockKind) -> list[Block]:
        return self.by_kind.get(kind, [])

    def first(self, kind: BlockKind) -> Block | None:
        blocks = self.by_kind.get(kind)
        return blocks[0] if blocks else None

    def breaks(self, labels: tuple[str, ...]) -> list[int]:
        return [b.start for b in self(BlockKind.BREAK) if b.label in labels]


def _line_at(lines: _Lines, offset: int) -> int:
    """Index of the line holding ``offset`` (or the next line when ``offset`` falls between lines)."""
    i = bisect.bisect_right(lines.starts, offset) - 1
    if i >= 0 and offset < lines[i].end:
        return i
    return i + 1


# ---- the plan: where each zone lies ---------------------------------------------------------------------------


@dataclass
class _Heading:
    """An article heading: its line, the article number, and where the article's words begin."""

    line: int
    number: str
    content: int  # offset where the article's own words begin (after "Article 1er" / "Art. 1er. –")
    rest: str = ""  # what follows the number on the heading line ("AUTONOME MODIFIE, … (Arrêté du …)")


@dataclass
class _Plan:
    """Line indices of the zones of the act, in text order."""

    enacting: int | None = None
    headings: list[_Heading] = field(default_factory=list)
    first_visa: int | None = None
    visa_end: int = 0  # first line after the visas (exclusive)
    authority: tuple[int, Span] | None = None  # (first line, span)
    header_end: int = 0  # lines [0, header_end) are the page header (title, NOR, ELI, JORF…)
    body_start: int = 0  # first line of the articles
    body_end: int = 0  # first line after them (signature, first annex, or the end)
    signature: int | None = None
    annexes: list[int] = field(default_factory=list)
    annex_page: tuple[int, Span] | None = None  # a LEGI page of one annex: (heading line, act's title)


def _plan(lines: _Lines, given: _Given) -> _Plan:
    """Find the landmarks ("Arrête :", headings, the first "Vu", "Fait le", "ANNEXE") and the zones between
    them. Given blocks are landmarks too; a structured source gets no guessed heading, visa or annex."""
    n = len(lines)
    plan = _Plan(visa_end=n, body_end=n)
    enacting = given.first(BlockKind.ENACTING)
    plan.enacting = _line_at(lines, enacting.start) if enacting else _find_enacting(lines)
    given_article = given.first(BlockKind.ARTICLE)
    if not given_article and not given.structured:
        after = plan.enacting + 1 if plan.enacting is not None else 0
        plan.headings = _find_headings(lines, after)

    # Where the preamble (authority, visas) must stop: the first of the parts that follow it.
    landmarks = [
        plan.enacting,
        plan.headings[0].line if plan.headings else None,
        _line_at(lines, given_article.start) if given_article else None,
        *(_line_at(lines, b.start) for b in (given.first(k) for k in _AFTER_PREAMBLE) if b),
    ]
    limit = min((i for i in landmarks if i is not None), default=n)
    given_visa = given.first(BlockKind.VISA)
    if given_visa:  # the block may hold the authority line too (a DILA VISAS element does)
        first = _line_at(lines, given_visa.start)
        plan.first_visa = _find_first_visa(lines, limit, first)
        plan.first_visa = first if plan.first_visa is None else plan.first_visa
    elif not given.structured:
        plan.first_visa = _find_first_visa(lines, limit)
    if plan.first_visa is not None:
        plan.visa_end = limit if limit < n else _visa_end(lines, plan.first_visa, given)
    plan.authority = _find_authority(lines, plan.first_visa, plan.enacting)

    if given_article:
        plan.body_start = _line_at(lines, given_article.start)
    elif plan.enacting is not None:
        plan.body_start = plan.enacting + 1
    elif plan.headings:
        plan.body_start = plan.headings[0].line
    elif plan.first_visa is not None:
        plan.body_start = plan.visa_end
    else:
        plan.body_start = _leading_header_lines(lines)
    firsts = [plan.authority[0] if plan.authority else None, plan.first_visa, plan.enacting, plan.body_start]
    plan.header_end = min(i for i in firsts if i is not None)

    given_signature = given.first(BlockKind.SIGNATURE)
    plan.signature = (
        _line_at(lines, given_signature.start)
        if given_signature
        else _find_line(lines, _SIGNATURE_LINE(), plan.body_start)
    )
    if not given(BlockKind.ANNEX) and not given.structured:
        plan.annexes = _find_annexes(lines, plan.body_start)
        if not plan.headings and not given_article and plan.enacting is None:
            _plan_annex_page(lines, plan)
    ends = [plan.signature, plan.annexes[0] if plan.annexes else None, n]
    plan.body_end = min(i for i in ends if i is not None and i >= plan.body_start)
    plan.headings = [h for h in plan.headings if h.line < plan.body_end]
    return plan


_AFTER_PREAMBLE = (BlockKind.ANNEX, BlockKind.SIGNATURE)


def _plan_annex_page(lines: _Lines, plan: _Plan) -> None:
    """A LEGI page of one annex: an article heading without a number ("Article", "Article Annexe", "Article
    AUTONOME MODIFIE, en vigueur … (Arrêté du …)"), the act's title in parentheses on it or on the next line.
    The page is that annex (it holds no article); the parenthesized line gives the act's title and date."""
    for i in range(min(len(lines), plan.body_start + 3)):
        m = _ANNEX_PAGE_HEADING().match(lines[i].text)
        if m is None:
            continue
        for j in (i, i + 1):
            t = _TITLE_IN_PARENS().search(lines[j].text) if j < len(lines) else None
            if t:
                plan.annex_page = (i, (lines[j].start + t.start("title"), lines[j].start + t.end("title")))
                while j + 1 < len(lines) and lines[j + 1].text == lines[j].text:
                    j += 1  # the page repeats its heading
                later = [a for a in plan.annexes if a > j]
                # the page is the annex; an "ANNEXE" line just after its heading starts it
                plan.annexes = later if later and later[0] == j + 1 else [j, *later]
                plan.header_end = min(plan.header_end, i)
                plan.body_start = plan.annexes[0]  # no article
                return


def _find_enacting(lines: _Lines) -> int | None:
    return _find_line(lines, _ENACTING(), 0)


def _find_line(lines: _Lines, pattern: re.Pattern, start: int) -> int | None:
    for i in range(start, len(lines)):
        if pattern.match(lines[i].text):
            return i
    return None


def _find_headings(lines: _Lines, start: int) -> list[_Heading]:
    """The article headings from line ``start`` on; a heading the page repeats at once counts once."""
    headings: list[_Heading] = []
    for i in range(start, len(lines)):
        heading = _article_heading(lines[i])
        if heading is None:
            continue
        heading.line = i
        prev = headings[-1] if headings else None
        if prev and prev.line == i - 1 and prev.number == heading.number and prev.content >= lines[i].start:
            prev.content = heading.content  # "Article 1" / "Article 1" (juriblio, LEGI article pages)
            continue
        headings.append(heading)
    return _without_contents_table(headings, lines)


def _without_contents_table(headings: list[_Heading], lines: _Lines) -> list[_Heading]:
    """Headings on consecutive lines with nothing between them ("Article 1" / "Article 2" / …) list the
    articles: a table of contents, not articles."""
    listed = set()
    for a, b in zip(headings, headings[1:], strict=False):
        if b.line == a.line + 1 and a.number != b.number and a.content >= lines[b.line].start:
            listed.update((a.line, b.line))
    return [h for h in headings if h.line not in listed] if listed else headings


def _article_heading(line: _Line) -> _Heading | None:
    """ "Article 1er", "Article 3 bis", "Article 1er. – Le …", "Art. 2. – Le …", or None."""
    if not line.text.startswith(("Art", "ART")):  # what both patterns open with: most lines run neither
        return None
    m = _ART_HEADING().match(line.text)
    if m is None:
        m = _ARTICLE_HEADING().match(line.text)
        if m is None:
            return None
        inline = _heading_inline(m.group("rest"))
        if inline is None:
            return None
        content_at = m.start("rest") + inline
    else:
        content_at = m.start("rest")
    # With nothing after the heading on its line, the article's words start on the next line.
    content = line.end + 1 if content_at >= len(line.text) else line.start + content_at
    return _Heading(line=0, number=article_number(m.group("num")), content=content, rest=m.group("rest"))


def _heading_inline(rest: str) -> int | None:
    """Where the article's words start in what follows "Article N" on its line; None if not a heading."""
    if not rest.strip(" .:-–—−"):  # "Article 1er", "Article 1er. –": the words start on the next line
        return len(rest)
    m = _INLINE_DASH().match(rest) or _INLINE_COLON().match(rest)
    if m:
        return m.end()
    if _HEADING_NOTE().match(rest):  # "AUTONOME MODIFIE, en vigueur …", "(abrogé)": a note, not words
        return len(rest)
    return None


def _find_annexes(lines: _Lines, start: int) -> list[int]:
    """Annex heading lines; a heading the page repeats at once ("Annexe" / "ANNEXE") counts once."""
    found: list[int] = []
    for i in range(start, len(lines)):
        if _is_annex_heading(lines[i].text):
            if (
                found
                and found[-1] == i - 1
                and fold_for_key(lines[i].text) == fold_for_key(lines[i - 1].text)
            ):
                continue
            found.append(i)
    return found


def _find_first_visa(lines: _Lines, limit: int, start: int = 0) -> int | None:
    for i in range(start, min(limit, len(lines))):
        if _visa_start(lines[i].text):
            return i
    return None


def _visa_start(text: str) -> re.Match | None:
    """``_VISA_START`` in a line; a line without "Vu" or "VU" (most of them) runs no regex."""
    return _VISA_START().search(text) if "Vu" in text or "VU" in text else None


def _visa_end(lines: _Lines, first: int, given: _Given) -> int:
    """Without an enacting formula or a heading after them, the visas end where a line neither is a visa
    nor continues one (the last visa ends with "," by drafting convention), or at a page boundary."""
    boundaries = set(given.breaks(("bullet", "link")))
    i = first + 1
    while i < len(lines):
        line = lines[i]
        if line.start in boundaries:
            break
        is_visa = _visa_start(line.text) or _NOT_A_VISA().match(line.text)
        if not is_visa and lines[i - 1].text.endswith((",", ";", ".", ":")):
            break
        i += 1
    return i


def _find_authority(lines: _Lines, first_visa: int | None, enacting: int | None) -> tuple[int, Span] | None:
    """The line(s) naming who enacts ("La ministre du travail,"): before the first visa, perhaps on its line."""
    anchor = first_visa if first_visa is not None else enacting
    if anchor is None:
        return None
    if first_visa is not None:
        line = lines[first_visa]
        m = _VISA_START().search(line.text)
        before = line.text[: m.start()].strip() if m else ""
        if before:
            if _AUTHORITY().match(before):
                return first_visa, (line.start, line.start + len(before))
            return None
    i = anchor - 1
    while i >= 0 and _REPORT().match(lines[i].text):  # "Sur le rapport de …," stands between (décrets)
        i -= 1
    last = i
    if i >= 0 and _AUTHORITY_START().match(lines[i].text) and not lines[i].text.endswith(","):
        i -= 1  # right before the visas, the copy may have lost the comma: "La ministre du travail"
    while i >= 0 and _AUTHORITY().match(lines[i].text):
        i -= 1
    if i == last:
        return None
    return i + 1, (lines[i + 1].start, lines[last].end)


def _leading_header_lines(lines: _Lines) -> int:
    """For a fragment with no preamble and no heading: the page-header lines it starts with."""
    i = 0
    while i < len(lines) and _is_header_line(lines[i].text):
        i += 1
    return i


def _is_header_line(text: str) -> bool:
    return bool(_HEADER_LINE().match(text) or _TITLE_LINE().match(text)) or (
        text.isupper() and len(text) < 80
    )


# ---- title, identifiers, authority ----------------------------------------------------------------------------


def _set_title(doc: Document, lines: _Lines, plan: _Plan, given: _Given) -> None:
    block = given.first(BlockKind.TITLE)
    if block:
        doc.title_span = _strip(doc.text, block.start, block.end)
    elif doc.meta.get("title"):
        found = doc.text.find(doc.meta["title"])
        doc.title = doc.meta["title"]
        doc.title_span = (found, found + len(doc.title)) if found >= 0 else None
        return
    else:
        doc.title_span = _title_line(lines, plan) or _title_in_heading(lines, plan)
        doc.title_span = doc.title_span or (plan.annex_page[1] if plan.annex_page else None)
    if doc.title_span:
        doc.title = doc.text[doc.title_span[0] : doc.title_span[1]]


def _title_line(lines: _Lines, plan: _Plan) -> Span | None:
    """The last title line of the page header: pages print the title first, then the text repeats it."""
    for i in range(plan.header_end - 1, -1, -1):
        if _TITLE_LINE().match(lines[i].text):
            return lines[i].start, lines[i].end
    return None


def _title_in_heading(lines: _Lines, plan: _Plan) -> Span | None:
    """LEGI article pages name the text after the heading: "Article 1 … (Arrêté du 15 juillet 2004 relatif …)"."""
    if not plan.headings:
        return None
    heading = plan.headings[0]
    m = _TITLE_IN_PARENS().search(heading.rest)
    if m is None:
        return None
    line = lines[heading.line]
    start = line.end - len(heading.rest) + m.start("title")
    return start, start + len(m.group("title"))


def _set_identifiers(doc: Document, lines: _Lines, plan: _Plan) -> None:
    """NOR, ELI and the JO issue, from meta or from the page header."""
    header = doc.text[: lines[plan.header_end].start] if plan.header_end < len(lines) else doc.text
    doc.nor = doc.meta.get("nor") or _group(_NOR().search(header), "nor")
    doc.eli = doc.meta.get("eli") or _group(_ELI().search(header), "eli")
    jorf = _JORF().search(header)
    if jorf and "jorf" not in doc.meta:
        doc.meta["jorf"] = jorf.group(0)
        doc.meta.setdefault("date_publi", _first_date(jorf.group(0)))


def _set_authority(doc: Document, plan: _Plan, given: _Given) -> None:
    block = given.first(BlockKind.AUTHORITY)
    span = _strip(doc.text, block.start, block.end) if block else plan.authority and plan.authority[1]
    if span:
        doc.authority_span = span
        doc.authority = doc.text[span[0] : span[1]]


# ---- visas ----------------------------------------------------------------------------------------------------


def _set_visas(doc: Document, lines: _Lines, plan: _Plan, given: _Given) -> None:
    blocks = given(BlockKind.VISA)
    if blocks:  # one block per visa, or one for all of them: split on "Vu" inside each
        for block in blocks:
            found = _visas_in(doc.text, lines, block.start, block.end)
            doc.visas += found or [_visa(doc.text, block.start, block.end)]
    elif plan.first_visa is not None:
        end = lines[plan.visa_end - 1].end
        doc.visas = _visas_in(doc.text, lines, lines[plan.first_visa].start, end)


def _visas_in(text: str, lines: _Lines, start: int, end: int) -> list[Visa]:
    """One visa per "Vu": from its "Vu" to the next one, or to a line that is no visa ("Considérant …")."""
    marks: list[tuple[int, int]] = []  # (where the visa's words start, where the previous part stops)
    for i in range(_line_at(lines, start), len(lines)):
        line = lines[i]
        if line.start >= end:
            break
        found = False
        for m in _VISA_START().finditer(line.text):
            vu = line.start + m.start("vu")
            if start <= vu < end:
                marks.append(
                    (vu, line.start if not line.text[: m.start()].strip() else line.start + m.start())
                )
                found = True
        if not found and (_NOT_A_VISA().match(line.text) or _ENACTING().match(line.text)):
            marks.append((-1, line.start))
    marks.append((-1, end))
    return [
        _visa(text, vu, min(stop, end))
        for (vu, _), (_, stop) in zip(marks, marks[1:], strict=False)
        if vu >= 0
    ]


def _visa(text: str, start: int, end: int) -> Visa:
    span = _strip(text, start, end)
    return Visa(text=text[span[0] : span[1]], span=span)


# ---- articles -------------------------------------------------------------------------------------------------


def _set_articles(doc: Document, lines: _Lines, plan: _Plan, given: _Given) -> None:
    blocks = given(BlockKind.ARTICLE)
    if blocks:
        doc.articles = [
            _article(doc.text, article_number(b.label) if b.label else str(rank), b.start, b.end)
            for rank, b in enumerate(blocks, 1)
        ]
    elif plan.headings:
        doc.articles = _articles_by_heading(doc.text, lines, plan)
    elif given.structured or plan.body_start >= plan.body_end or _is_correction(lines[plan.body_start].text):
        return
    else:
        doc.articles = _articles_by_break(doc.text, lines, plan, given)


def _articles_by_heading(text: str, lines: _Lines, plan: _Plan) -> list[Article]:
    body_end = lines[plan.body_end].start if plan.body_end < len(lines) else len(text)
    articles = []
    for k, heading in enumerate(plan.headings):
        nxt = plan.headings[k + 1] if k + 1 < len(plan.headings) else None
        end = lines[nxt.line].start if nxt else body_end
        articles.append(_article(text, heading.number, min(heading.content, end), end))
    return articles


def _articles_by_break(text: str, lines: _Lines, plan: _Plan, given: _Given) -> list[Article]:
    """A copy without headings: the page's own marks (bullets, link words) cut the articles; without them,
    after "Arrête :", each paragraph that ends a sentence and is followed by a capital starts a new article;
    a fragment with neither is one article."""
    start = lines[plan.body_start].start
    end = lines[plan.body_end].start if plan.body_end < len(lines) else len(text)
    cuts = [p for p in given.breaks(("bullet", "link")) if start < p < end]
    if not cuts and plan.enacting is not None:
        cuts = [p for p in given.breaks(("paragraph",)) if start < p < end and _ends_article(lines, p)]
    bounds = [start, *sorted(set(cuts)), end]
    articles = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        span = _strip(text, a, b)
        if span[1] > span[0]:
            articles.append(Article(number=str(len(articles) + 1), text=text[span[0] : span[1]], span=span))
    return articles


def _ends_article(lines: _Lines, offset: int) -> bool:
    i = _line_at(lines, offset)
    if i <= 0 or i >= len(lines):
        return False
    before, after = lines[i - 1].text, lines[i].text
    return before.endswith((".", "»", ")", "”", "!", "?")) and after[:1].isupper()


def _article(text: str, number: str, start: int, end: int) -> Article:
    span = _strip(text, start, end)
    return Article(number=number, text=text[span[0] : span[1]], span=span)


def article_number(raw: str) -> str:
    """The number as published, "1er"/"premier" → "1": "3 bis" stays "3 bis"."""
    number = " ".join(raw.split()).strip(" .:")
    if number.lower() == "premier":
        return "1"
    return _ORDINAL().sub(r"\1", number)


# ---- annexes --------------------------------------------------------------------------------------------------


def _set_annexes(doc: Document, lines: _Lines, plan: _Plan, given: _Given) -> None:
    blocks = given(BlockKind.ANNEX)
    if blocks:
        doc.annexes = [_annex(doc.text, b.label, b.start, b.end) for b in blocks]
        return
    text = doc.text
    for k, i in enumerate(plan.annexes):
        stops = [plan.annexes[k + 1] if k + 1 < len(plan.annexes) else len(lines)]
        if plan.signature is not None and plan.signature > i:
            stops.append(plan.signature)
        stop = min(stops)
        end = lines[stop].start if stop < len(lines) else len(text)
        start = min(lines[i].end + 1, end)
        doc.annexes.append(_annex(text, lines[i].text, start, end))


def _annex(text: str, title: str | None, start: int, end: int) -> Annex:
    span = _strip(text, start, end)
    return Annex(title=title, text=text[span[0] : span[1]], span=span)


def _is_annex_heading(text: str) -> bool:
    return bool(_ANNEX_CAPS().match(text) and len(text) < 200) or bool(_ANNEX_TITLE().match(text))


# ---- signature ------------------------------------------------------------------------------------------------


def _set_signature(doc: Document, lines: _Lines, plan: _Plan, given: _Given) -> None:
    block = given.first(BlockKind.SIGNATURE)
    if block:
        first, stop = _line_at(lines, block.start), _line_at(lines, block.end - 1) + 1
        if first < len(lines) and _SIGNATURE_LINE().match(lines[first].text):
            first += 1
        doc.signatories, _ = _signatories(lines, first, stop)
        doc.signature_span = _strip(doc.text, block.start, block.end)
    elif plan.signature is not None:
        stop = next((i for i in plan.annexes if i > plan.signature), len(lines))
        doc.signatories, last = _signatories(lines, plan.signature + 1, stop)
        doc.signature_span = (lines[plan.signature].start, lines[last].end)
    if doc.signature_span:
        signature = doc.text[doc.signature_span[0] : doc.signature_span[1]]
        made = _MADE_ON().search(signature)
        doc.signature_date = _first_date(made.group(0)) if made else None


def _signatories(lines: _Lines, first: int, stop: int) -> tuple[list[Signatory], int]:
    """Delegation lines ("Pour la ministre et par délégation :"), roles ("Le chef de …,"), names ("R. Johais").

    A line going on in lower case continues the one before (a role wrapped in print). A name needs a role
    before it, except the first one (a décret opens with the President's or Prime Minister's name): what
    follows the last signatory without a role is no longer the signature (page footer, next text).
    Returns the signatories and the index of the last line of the signature block."""
    signatories: list[Signatory] = []
    role: str | None = None
    began: int | None = None  # where the current signatory's lines begin
    last = first - 1
    i = first
    while i < stop:
        j = i + 1  # lines[i:j] make one logical line
        while j < stop and lines[j].text[:1].islower():
            j += 1
        text = " ".join(ln.text for ln in lines[i:j])
        start = lines[i].start
        if _DELEGATION().match(text):
            countersign = _COUNTERSIGN().match(text)
            if countersign and signatories and signatories[-1].role is None and role is None:
                signatories[-1].role = countersign.group("who")[:1].upper() + countersign.group("who")[1:]
            began = start if began is None else began
        elif _ROLE().match(text):
            role = text.rstrip(" ,")
            began = start if began is None else began
        elif _NAME().match(text) and len(text.split()) <= 6 and (role is not None or not signatories):
            signatories.append(
                Signatory(name=text, role=role, span=(start if began is None else began, lines[j - 1].end))
            )
            role, began = None, None
        else:
            break
        last = j - 1
        i = j
    if role is not None:  # a role whose name the copy cuts off
        signatories.append(Signatory(name=None, role=role, span=(began, lines[last].end)))
    return signatories, max(last, first - 1)


# ---- nature ---------------------------------------------------------------------------------------------------


def _nature(doc: Document, lines: _Lines, plan: _Plan) -> Nature:
    """From the metadata, the title, the text's own first words, the enacting verb, how the text names itself,
    and, last, its subject: a titre professionnel is created by arrêté (code de l'éducation, art. R. 338-1)."""
    meta = doc.meta.get("nature")
    if meta:
        return _NATURE_WORDS.get(fold_for_key(str(meta)), Nature.OTHER)
    if (doc.title and "rectificatif" in doc.title.lower()) or (
        plan.body_start < len(lines) and _is_correction(lines[plan.body_start].text)
    ):
        return Nature.RECTIFICATIF
    if doc.title:
        m = _TITLE_LINE().match(doc.title)
        if m:
            return _NATURE_WORDS.get(fold_for_key(m.group("kind")), Nature.OTHER)
    enacting = _ENACTING().match(lines[plan.enacting].text) if plan.enacting is not None else None
    if enacting:
        return _ENACTING_NATURE.get(fold_for_key(enacting.group("verb"))[:6], Nature.OTHER)
    counts: dict[Nature, int] = {}
    for m in _SELF_REFERENCE().finditer(doc.text):
        nature = _NATURE_WORDS.get(fold_for_key(m.group(1)))
        if nature:
            counts[nature] = counts.get(nature, 0) + 1
    if counts:
        return max(counts, key=counts.get)
    if _TITRE_SUBJECT().search(doc.text):
        return Nature.ARRETE
    return Nature.OTHER


def _is_correction(text: str) -> bool:
    return text.startswith(("Rectificatif", "RECTIFICATIF"))


# ---- patterns -------------------------------------------------------------------------------------------------

# "1er juin 2004", "1ᵉʳ juin 2004", "premier juin 2004"
_DATE = lazy(rf"\b(?P<d>{DAY_WORD}){ORDINAL_RE}\s+(?P<m>{MONTH})\s+(?P<y>\d{{4}})\b", re.IGNORECASE)
_KIND = (
    r"(?P<kind>arr[êe]t[ée]|d[ée]cret|loi|ordonnance|d[ée]cision|d[ée]lib[ée]ration|circulaire|instruction)"
)
# A title line names its kind and, soon after, its number or date: "Arrêté du 22 décembre 2003",
# "Décret n° 2019-14 du 8 janvier 2019 …". The JO rubric "Décrets, arrêtés, circulaires" is no title.
_TITLE_LINE = lazy(
    rf"^{_KIND}(?![\w])[^,;]{{0,60}}?\b(?:du\s+{DAY_WORD}{ORDINAL_RE}\s+[a-zéû]+\s+\d{{4}}|n[°o]\s*[\w-]*\d)",
    re.IGNORECASE,
)
_TITLE_IN_PARENS = lazy(
    r"\((?P<title>(?:Arrêté|Décret|Loi|Ordonnance|Décision|Circulaire)\b.*)\)\s*$", re.IGNORECASE
)
_NOR = lazy(r"\bNOR\s*:?\s*(?P<nor>[A-Z]{4}\d{7}[A-Z])\b")
_ELI = lazy(r"\bELI\s*:?\s*(?P<eli>https?://\S+)")
_JORF = lazy(r"^JORF\s+n\s*°\s*\d+\s+du\s+[^\n]*?\d{4}(?:\s+page\s+\d+)?", re.MULTILINE)
_HEADER_LINE = lazy(r"^(?:NOR\b|ELI\b|JORF\b|Texte n\s*°|Articles?$|Sommaire$)", re.IGNORECASE)

_AUTHORITY = lazy(r"^(?:Le|La|Les|L['’])\s?\S.*,$")
_AUTHORITY_START = lazy(r"^(?:Le|La|Les|L['’])\s?\S")
_REPORT = lazy(r"^Sur (?:le|la|les) (?:rapport|proposition)\b")
# "Vu" at the start of a line (after a dash or bullet the copy may add), or after the authority's comma.
_VISA_START = lazy(r"(?:^|(?<=[,;]) )(?:[-–—−•]\s*)?(?P<vu>Vu|VU)\b")
_NOT_A_VISA = lazy(
    r"^(?:Considérant|Sur (?:le|la|les) (?:rapport|proposition)|Après avis|Après (?:en )?avoir délibéré|"
    r"Le Conseil d['’][ÉE]tat\b|Les? Conseils? .{0,60}\bentendus?)"
)
_ENACTING = lazy(
    r"^(?P<verb>Arr[êe]tent|Arr[êe]te|D[ée]cr[èe]tent|D[ée]cr[èe]te|D[ée]cident|D[ée]cide|Ordonnent|Ordonne|"
    r"Le Président de la République promulgue la loi dont la teneur suit)\s*:?$",
    re.IGNORECASE,
)
_ENACTING_NATURE = {
    "arrete": Nature.ARRETE,
    "decret": Nature.DECRET,
    "decide": Nature.DECISION,
    "ordonn": Nature.ORDONNANCE,
    "le pre": Nature.LOI,
}

# "1er", "1ᵉʳ", "1ER" (headings in capitals), "premier", "PREMIER", "3 bis", "unique"
_NUM = (
    r"(?P<num>(?:\d+(?:\s?(?i:er|re|ère)|ᵉʳ)?(?:[-.]\d+)*|(?i:premier|unique))"
    r"(?:\s+(?i:bis|ter|quater|quinquies|sexies|septies|octies|nonies|decies))?)"
)
_ARTICLE_HEADING = lazy(rf"^(?:Article|ARTICLE)\s+{_NUM}(?![\w-])(?P<rest>.*)$")
# "Art. 1er. –", and "Art 1er. –" (a copy that lost the abbreviation's dot)
_ART_HEADING = lazy(rf"^Art\.?\s*{_NUM}(?![\w-])\s*\.?\s*(?:[-–—−]\s*|$)(?P<rest>.*)$")
_INLINE_DASH = lazy(r"^\s*[.:]?\s*[-–—−]\s*(?=\S)")
_INLINE_COLON = lazy(r"^\s*[.:]\s+(?=[A-ZÀ-Ý«])")
_HEADING_NOTE = lazy(r"^\s+(?:\(|[A-Z][A-Z_]{2,}\b)")
_ORDINAL = lazy(r"^(\d+)\s?(?:er|re|ère|ᵉʳ)(?!\w)", re.IGNORECASE)

_ANNEX_CAPS = lazy(r"^ANNEXES?\b")
# "Article", "Article Annexe", "Article  AUTONOME MODIFIE, … (Arrêté du …)": a heading with no number
_ANNEX_PAGE_HEADING = lazy(r"^(?:Article|ARTICLE)(?:\s+(?:Annexes?|ANNEXES?))?(?:\s+(?:\(|[A-Z]{3,}\b).*)?$")
_ANNEX_TITLE = lazy(r"^Annexes?(?:\s+(?:[IVXLC]+|\d+|unique))?\s*(?:$|[:.–—−-]\s*\S)")

_SIGNATURE_LINE = lazy(r"^Fait\s+(?:à|le)\b")
_MADE_ON = lazy(rf"Fait\b[^\n]{{0,80}}?\ble\s+{DAY_WORD}{ORDINAL}\s+\S+\s+\d{{4}}")
_DELEGATION = lazy(r"^(?:Pour|Par)\b.*(?::|,)$|^Par délégation\b|^Par empêchement\b")
_COUNTERSIGN = lazy(r"^Par (?P<who>l[ea] .+?)\s*:$")
_ROLE = lazy(r"^\S.{2,200},$")
_NAME = lazy(r"^(?!(?:Le|La|Les|L['’])[\s'’])[A-ZÀ-Ý][\w.'’ -]*[\w.]$")

_SELF_REFERENCE = lazy(r"\bprésente?s? (arrêté|décret|ordonnance|loi|décision|circulaire)\b")
_TITRE_SUBJECT = lazy(r"\btitres? professionnels?\b|\bcertificats? de compétences professionnelles\b")
_NATURE_WORDS = {
    "arrete": Nature.ARRETE,
    "decret": Nature.DECRET,
    "loi": Nature.LOI,
    "ordonnance": Nature.ORDONNANCE,
    "decision": Nature.DECISION,
    "deliberation": Nature.DECISION,
    "circulaire": Nature.CIRCULAIRE,
    "instruction": Nature.CIRCULAIRE,
    "rectificatif": Nature.RECTIFICATIF,
}


# ---- helpers --------------------------------------------------------------------------------------------------


def _first_date(text: str | None) -> str | None:
    """The first French date of ``text`` as ISO 8601 ("1er juin 2004" → "2004-06-01")."""
    m = _DATE().search(text) if text else None
    return iso_date(m, years=ANY_YEAR) if m else None


def _group(m: re.Match | None, name: str) -> str | None:
    return m.group(name) if m else None


def _strip(text: str, start: int, end: int) -> Span:
    """The span without the whitespace around it."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
