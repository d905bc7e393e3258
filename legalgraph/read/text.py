"""Plain copies of published pages (Légifrance, juriblio, JO print or PDF, other sites) into a SourceText.

A copy of a web page carries, besides the act, the furniture of the page:

- link words glued to the last word of each article ("…(code NSF).Versions", "VersionsLiens relatifs",
  juriblio's "1 version");
- bullets standing where the page shows an article without its heading ("  • Le titre professionnel…");
- juriblio's AI summaries ("Ce texte est une simplification générée par une IA. …") and version histories
  ("Historique des versions" / "Version 1" and the text again), which are not law;
- page-state lines: "Version initiale", "Version en vigueur au …", "Dernière mise à jour des données …";
- hard line wraps inside sentences when the copy comes from a PDF (JO print form), and the JO heading
  "Art. 1er" split from its ". –";
- tables as a browser copies them, a line per row with tabs between the cells: they become ``Table``s, a cell
  per line, as the HTML and Markdown readers write theirs.

This module removes the furniture and keeps what it told: where the page marked the end or the start of an
article becomes a zero-width ``Block(BlockKind.BREAK, offset, offset, label)`` with label ``"link"`` (link words
after an article), ``"bullet"`` (a bullet before one) or ``"paragraph"`` (a blank line before a line). The
normalized text has one line per paragraph and no blank lines.

The line-level work is shared with ``html_page``: a saved HTML page is flattened into lines first, then goes
through the same ``shape_lines``; its lines keep their offsets so that table cells can be moved along.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from legalgraph.models import Block, BlockKind, Cell, Source, SourceText, Table
from legalgraph.patterns import lazy
from legalgraph.read.normalize import clean_line

# ---- one line of a page ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class Line:
    """One non-empty cleaned line of the source and what the page said around it."""

    text: str
    src: int = -1  # offset of ``text`` in the flattened source (HTML reader); -1 when not tracked
    gap: bool = False  # a blank line stood before it (a paragraph break)
    bullet: bool = False  # the page put a bullet before it: an article starts here
    link_after: bool = False  # the page's link words followed it: an article ends here
    row: bool = False  # a row of a table copied from a page: ``text`` holds its cells joined by tabs


def split_lines(text: str) -> list[Line]:
    """The non-empty lines of a raw text, cleaned (one kind of space, NFC), with blank lines kept as ``gap``.

    A browser copies a table of the page as one line per row, its cells separated by tabs: two or more such
    lines in a row are table rows (``Line.row``), their cells kept apart; any other tab is a space."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    tabbed = "\t" in text  # else the whole text is cleaned at once (one pass, most copies)
    raws = text.split("\n") if tabbed else clean_line(text).split("\n")
    rows = _table_rows(raws) if tabbed else set()
    lines: list[Line] = []
    gap = False
    for i, raw in enumerate(raws):
        if i in rows:
            lines.append(Line("\t".join(clean_line(cell) for cell in raw.split("\t")), gap=gap, row=True))
            gap = False
            continue
        stripped = clean_line(raw) if tabbed else raw.strip()
        if stripped:
            lines.append(Line(stripped, gap=gap))
            gap = False
        else:
            gap = True
    return lines


def _table_rows(raws: list[str]) -> set[int]:
    """The indexes of the raw lines that are rows of a copied table: a run of lines holding tabs of which at
    least two, and at least half, have two non-empty cells (lines that a tab only indents are no columns; a row
    whose first cell is empty starts with its tab)."""
    rows: set[int] = set()
    i = 0
    while i < len(raws):
        j = i
        while j < len(raws) and "\t" in raws[j] and raws[j].strip():
            j += 1
        full = sum(1 for raw in raws[i:j] if sum(1 for cell in raw.split("\t") if cell.strip()) >= 2)
        if full >= 2 and 2 * full >= j - i:
            rows.update(range(i, j))
        i = max(j, i + 1)
    return rows


# ---- page furniture -------------------------------------------------------------------------------------------

# Légifrance puts "Versions" (and "Liens relatifs" after the last part) right after each article's last word;
# juriblio ends a page with "1 version". Glued to a word or standing alone, never preceded by a space.
_LINK_WORDS = lazy(r"(?:(?<=\S)|^)(?:Versions|Liens relatifs|\d+ versions?)+$")
_LINK_ENDINGS = ("Versions", "Liens relatifs", "version", "versions")
_BULLET = lazy(r"^[•●▪]\s*")

_AI_DISCLAIMER = lazy(r"^Ce texte est une simplification générée par une (?:IA|intelligence artificielle)")
_AI_NO_VALUE = lazy(r"^Il n['’]a pas de valeur légale")
_AI_SUMMARY = lazy(r"^Résumé\b")
_AI_KEYWORDS = lazy(r"^Mots-clés\s*:")
_HISTORY = lazy(r"^Historique des versions$")
_ARTICLE_HEADING_LINE = lazy(r"^(?:Article|ARTICLE)\s+\S+")
_PAGE_VERSION = lazy(
    r"^Version (?:initiale|\d+|(?:en vigueur|consolidée|abrogée|modifiée)\b.{0,60})$", re.IGNORECASE
)
_LAST_UPDATE = lazy(r"^Dernière mise à jour des données de ce texte\s*:\s*(?P<date>.*)$")


def mark_page_links(lines: list[Line], dropped: dict[str, int]) -> list[Line]:
    """Strip the page's link words; the line they followed gets ``link_after`` (the end of an article)."""
    out: list[Line] = []
    for line in lines:
        m = _LINK_WORDS().search(line.text) if line.text.endswith(_LINK_ENDINGS) else None
        if m:
            kind = "version_count" if m.group(0)[0].isdigit() else "link_words"
            dropped[kind] = dropped.get(kind, 0) + 1
            kept = line.text[: m.start()].rstrip()
            if not kept:  # the link words stood alone on their line
                if out:
                    out[-1].link_after = True
                continue
            line.text = kept
            line.link_after = True
        out.append(line)
    return out


def mark_bullets(lines: list[Line]) -> None:
    """A bullet at the start of a line stands for an article heading the page does not print."""
    for line in lines:
        m = _BULLET().match(line.text)
        if m and len(line.text) > m.end():
            line.text = line.text[m.end() :]
            if line.src >= 0:
                line.src += m.end()
            line.bullet = True


def drop_page_noise(lines: list[Line], meta: dict, dropped: dict[str, int]) -> list[Line]:
    """Drop AI summaries, version histories and page-state lines; count in ``dropped`` what was dropped."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        text = lines[i].text
        end = i + 1  # lines[i:end] are dropped when ``kind`` is set
        kind = None
        if _AI_DISCLAIMER().match(text):
            kind, end = "ai_summary", _ai_summary_end(lines, i)
        elif _HISTORY().match(text):
            kind = "version_history"
            while end < len(lines) and not _ARTICLE_HEADING_LINE().match(lines[end].text):
                end += 1
        elif _PAGE_VERSION().match(text):
            kind = "page_version"
            meta.setdefault("version", text)
        elif m := _LAST_UPDATE().match(text):
            kind = "page_version"
            meta.setdefault("last_update", m.group("date"))
        if kind is None:
            out.append(lines[i])
            i += 1
            continue
        dropped[kind] = dropped.get(kind, 0) + 1
        _carry_marks(lines[i:end], out, lines[end] if end < len(lines) else None)
        i = end
    return out


def _ai_summary_end(lines: list[Line], i: int) -> int:
    """juriblio's block: disclaimer, "Il n'a pas de valeur légale…", a heading, "Résumé …", "Mots-clés : …"."""
    end = i + 1
    if end < len(lines) and _AI_NO_VALUE().match(lines[end].text):
        end += 1
    for j in range(end, min(end + 3, len(lines))):  # the summary's heading, then "Résumé"
        if _AI_SUMMARY().match(lines[j].text):
            end = j + 1
            break
    if end < len(lines) and _AI_KEYWORDS().match(lines[end].text):
        end += 1
    return end


def _carry_marks(dropped: list[Line], out: list[Line], following: Line | None) -> None:
    """What the dropped lines told about boundaries stays with their neighbours."""
    if out and any(line.link_after for line in dropped):
        out[-1].link_after = True
    if following is not None and any(line.gap for line in dropped):
        following.gap = True


# ---- hard line wraps ------------------------------------------------------------------------------------------

_TERMINAL = (".", ";", ":", "!", "?")
_LIST_ITEM = lazy(r"^(?:\d+(?:°|[.)]\s)|[IVX]+\.\s|[a-z]\)\s)")
_FUNCTION_WORD = lazy(
    r"(?:^|\s)(?:de|du|des|la|le|les|à|au|aux|et|ou|en|par|pour|sur|dans|avec|sous|un|une|son|sa|ses|leur|"
    r"leurs|ce|cette|ces|qui|que|dont|notamment|selon|entre|sans|n°)$",
    re.IGNORECASE,
)
_ELISION = lazy(r"(?:^|[\s(])(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)['’]$", re.IGNORECASE)
_STRUCTURAL = lazy(
    r"^(?:[-–—−•]\s*)?(?:Vu\b|VU\b|Art\.|Art\s+\d|Article\b|ARTICLE\b|ANNEXE|Annexe\b|Fait (?:à|le)\b|Arr[êe]te\b)"
)
_TITLE_START = lazy(
    r"^(?:arr[êe]t[ée]|d[ée]cret|loi|ordonnance|d[ée]cision|circulaire)\b.{0,40}?"
    r"\b(?:du\s+(?:1er|1ᵉʳ|premier|\d{1,2})\s|n[°o]\s*\d)",
    re.IGNORECASE,
)


def looks_hard_wrapped(lines: list[Line]) -> bool:
    """A PDF-derived copy: many long lines stop mid-sentence and the next one goes on in lower case (short
    lines do too in lists: "Secteurs d'activités :" / "hôtellerie" / "restauration" are not wraps). Counted
    among the long lines only, so that a long annex of short lines (skills, jobs) does not hide the wraps."""
    long_lines = wraps = 0
    for a, b in zip(lines, lines[1:], strict=False):
        if len(a.text) >= 40:
            long_lines += 1
            wraps += not b.gap and not a.text.endswith(_TERMINAL) and b.text[:1].islower()
    return wraps >= 3 and wraps * 5 >= long_lines


def join_wrapped_lines(lines: list[Line], wrapped: bool) -> list[Line]:
    """Join the lines that continue the previous one; ``wrapped`` says the whole copy has hard wraps."""
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        sep = _join_separator(prev, line, wrapped) if prev is not None else None
        if sep is None:
            out.append(line)
            continue
        prev.text = prev.text + sep + line.text
        prev.src = -1  # a joined line is not one stretch of the source any more
        prev.link_after = line.link_after
    return out


def _join_separator(a: Line, b: Line, wrapped: bool) -> str | None:
    """ "" or " " when ``b`` continues ``a``; None when ``b`` starts a line of its own."""
    if b.gap or b.bullet or a.link_after or a.row or b.row:
        return None
    first = b.text[0]
    if first in ".,;:)" and not a.text.endswith(_TERMINAL):
        return ""  # "Art. 1er" / ". – Le présent arrêté…": a line never starts with a comma or a full stop
    if a.text.endswith(_TERMINAL) or _STRUCTURAL().match(b.text):
        return None
    if not (wrapped or _TITLE_START().match(a.text)):
        return None
    if _ELISION().search(a.text):
        return ""
    if first.islower() or _FUNCTION_WORD().search(a.text):
        return " "
    if first.isdigit() and not _LIST_ITEM().match(b.text):
        return " "  # "en date du" / "14 juin 2018,"
    return None


# ---- writing --------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Shaped:
    """The normalized text, its BREAK blocks, and where each kept source stretch went (for table cells)."""

    text: str
    blocks: list[Block]
    moves: list[tuple[int, int, int]]  # (source offset, text offset, length), in order
    tables: list[
        Table
    ]  # the tables of table rows (``Line.row``), cells one per line as other readers write them


def write_lines(lines: list[Line]) -> Shaped:
    parts: list[str] = []
    blocks: list[Block] = []
    moves: list[tuple[int, int, int]] = []
    tables: list[Table] = []
    pos = 0
    for index, line in enumerate(lines):
        if line.row:
            pos = _write_row(line, index > 0 and lines[index - 1].row, parts, tables, pos)
            continue
        if parts:
            parts.append("\n")
            pos += 1
            if line.bullet:
                blocks.append(Block(BlockKind.BREAK, pos, pos, "bullet"))
            elif line.gap:
                blocks.append(Block(BlockKind.BREAK, pos, pos, "paragraph"))
        elif line.bullet:
            blocks.append(Block(BlockKind.BREAK, 0, 0, "bullet"))
        if line.src >= 0:
            moves.append((line.src, pos, len(line.text)))
        parts.append(line.text)
        pos += len(line.text)
        if line.link_after:
            blocks.append(Block(BlockKind.BREAK, pos, pos, "link"))
    return Shaped("".join(parts), blocks, moves, tables)


def _write_row(line: Line, continues: bool, parts: list[str], tables: list[Table], pos: int) -> int:
    """Write one table row, a line per non-empty cell (an empty cell keeps its column, as an empty ``<td>``);
    return the new position."""
    if not continues:
        tables.append(Table((pos + (1 if parts else 0), pos)))
    table = tables[-1]
    row = 1 + max((c.row for c in table.cells), default=-1)
    for col, cell in enumerate(line.text.split("\t")):
        if not cell:
            continue
        if parts:
            parts.append("\n")
            pos += 1
        table.cells.append(Cell(row, col, (pos, pos + len(cell))))
        parts.append(cell)
        pos += len(cell)
    table.span = (table.span[0], pos)
    return pos


def shape_lines(lines: list[Line], meta: dict, join_wraps: bool = True) -> Shaped:
    """Page furniture out, boundaries kept as BREAK blocks, hard wraps joined (plain text only)."""
    dropped: dict[str, int] = {}
    lines = mark_page_links(lines, dropped)
    mark_bullets(lines)
    lines = drop_page_noise(lines, meta, dropped)
    if dropped:
        meta["dropped"] = dropped
    if join_wraps:
        wrapped = looks_hard_wrapped(lines)
        if wrapped:
            meta["hard_wrapped"] = True
        lines = join_wrapped_lines(lines, wrapped)
    return write_lines(lines)


def page_kind(shaped: Shaped, meta: dict) -> str:
    """A finer tag for ``Source.kind``, told by the furniture found."""
    labels = {b.label for b in shaped.blocks}
    dropped = meta.get("dropped", {})
    if {"ai_summary", "version_history", "version_count"} & dropped.keys():
        return "juriblio"
    if "link" in labels or "bullet" in labels:
        return "legifrance"
    if re.search(r"^Art\.\s*1(?:er)?\s*\.?\s*[-–—]", shaped.text, re.MULTILINE):
        return "jo-print"
    return "text"


def read_text(text: str, source: Source) -> SourceText:
    """A plain copy of a published page: normalized text, BREAK blocks, page metadata."""
    meta: dict = {}
    shaped = shape_lines(split_lines(text), meta)
    source.kind = source.kind or page_kind(shaped, meta)
    return SourceText(text=shaped.text, source=source, meta=meta, blocks=shaped.blocks, tables=shaped.tables)
