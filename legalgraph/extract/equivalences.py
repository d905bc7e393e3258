"""The equivalence table from the previous version's certificates to this one's.

Revision and modification arrêtés say "Les titulaires des certificats de compétences professionnelles obtenus
antérieurement … sont réputés avoir obtenu les … selon le tableau … ci-dessous" and give a two-column table:
the previous version (header "… (arrêté du 11/12/2017)") on one side, "(présent arrêté)" on the other.

Tables come from three places, best first:

1. ``doc.tables`` (HTML and DILA readers: real cells with rowspan/colspan);
2. raw ``<table>`` markup still in the text (a Markdown copy read before its reader turns tables into cells);
3. a Légifrance page copied as text, where the table is flattened into lines: two header groups
   ("TITRE PROFESSIONNEL" / name / "(arrêté du …)" and … / "(présent arrêté)") then old and new cells
   alternating, one per line.

One ``Equivalence`` is one old certificate (GOLD.md: a cell spanning several rows counts once; an old cell
listing two certificates counts twice; "Pas de correspondance" rows count too, with an empty side).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from legalgraph.frtext import DATE_RE, iso_date, lines_with_offsets, squash, strip_page_links
from legalgraph.models import Cell, Document, Equivalence, Span, Table

# The sentence that announces the table.
_INTRO = re.compile(r"réputée?s?\s+(?:avoir\s+obtenu|titulaires)[^\n]{0,400}?\btableau")
_INTRO_TABLE = re.compile(r"tableau\s+(?:des?\s+correspondances?|d['’]\s*équivalences?|des\s+équivalences)\b")
_PRESENT = re.compile(r"\(?\s*(?:du\s+)?présent\s+arrêté", re.I)
_OLD_ACT = re.compile(r"\barrêtés?\s+(?:du\s+)?", re.I)
_NONE = re.compile(
    r"^(?:(?:pas|aucune?|sans)\s+(?:de\s+|d['’]\s*)?(?:correspondance|équivalence|équivalent)s?|néant|aucune?|"
    r"sans\s+objet|non\s+concernée?|[-–—/]"
    r"|option\s+supprimée\b.*|supprimée?)\W*$",
    re.I,
)
_HEADER_WORDS = re.compile(r"^\s*(?:TITRE\s+PROFESSIONNEL|\(?\s*arrêtés?\s+du|\(?\s*présent\s+arrêté)", re.I)
_HEADER_END = re.compile(
    r"\(\s*(?:arrêtés?\s+du|présent\s+arrêté)|^\s*(?:arrêtés?\s+du|présent\s+arrêté)", re.I
)
_NUMBERED = re.compile(r"^(?:\d{1,2}\s*[.)°-]|CCP\s*\d+\s*[:.-]|[-–•])\s*")


@dataclass
class EquivalenceTable:
    old_header: str | None
    new_header: str | None
    old_act_date: str | None
    rows: list[Equivalence] = field(default_factory=list)
    span: Span | None = None


def find_equivalences(doc: Document) -> list[Equivalence]:
    """Every row (old certificate → new certificates) of the equivalence tables of ``doc``, in order."""
    return [row for table in equivalence_tables(doc) for row in table.rows]


_last: tuple = ()  # (signature, text, tables) of the last Document read: titre and equivalences both ask


def equivalence_tables(doc: Document) -> list[EquivalenceTable]:
    """The equivalence tables of ``doc`` with their header wordings (the titre reads a renaming there)."""
    global _last
    signature = (id(doc), id(doc.text), len(doc.tables))
    last = _last  # one read: another thread may replace it meanwhile
    if last and last[0] == signature and last[1] is doc.text:
        return last[2]
    tables = _equivalence_tables(doc)
    _last = (signature, doc.text, tables)
    return tables


def _equivalence_tables(doc: Document) -> list[EquivalenceTable]:
    text = doc.text
    if "tableau" not in text and not doc.tables and "<table" not in text:
        return []
    intros = []
    if "tableau" in text:
        for pattern in (_INTRO, _INTRO_TABLE):
            for m in pattern.finditer(text):
                # one announcing sentence, however many of its words match: keep its first position
                if not any(abs(m.start() - p) < 500 for p in intros):
                    intros.append(m.start())
        intros.sort()
    out: list[EquivalenceTable] = []
    covered: list[Span] = []
    for table in doc.tables:
        grid = _grid_from_table(text, table)
        if _is_equivalence(grid, text, table.span[0], intros):
            parsed = _read_grid(grid, table.span)
            if parsed:
                out.append(parsed)
            covered.append(table.span)
    if not doc.tables and "<table" in text:
        for start, end, grid in _grids_from_markup(text):
            if _is_equivalence(grid, text, start, intros):
                parsed = _read_grid(grid, (start, end))
                if parsed:
                    out.append(parsed)
                covered.append((start, end))
    for pos in intros:
        if any(s - 2000 <= pos <= e for s, e in covered):
            continue
        # the table ends with its article when segment knows the articles
        limit = next((a.span[1] for a in doc.articles if a.span[0] <= pos < a.span[1]), len(text))
        parsed = _read_flat(text, pos, limit)
        if parsed:
            out.append(parsed)
            covered.append(parsed.span)
    out.sort(key=lambda t: t.span[0] if t.span else 0)
    return out


# ---- a table as a grid of cell texts ------------------------------------------------------------------


@dataclass
class _GridCell:
    lines: list[str]
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    span: Span | None = None  # into doc.text (None for cells read from raw markup)

    @property
    def text(self) -> str:
        return squash(" ".join(self.lines))


def _cell_lines(text: str, span: Span) -> list[str]:
    return [strip_page_links(line) for _, _, line in lines_with_offsets(text, *span)]


def _grid_from_table(text: str, table: Table) -> list[_GridCell]:
    return [_from_cell(text, c) for c in table.cells]


def _from_cell(text: str, c: Cell, in_doc: bool = True) -> _GridCell:
    lines = _cell_lines(text, c.span)
    return _GridCell(lines, c.row, c.col, c.rowspan, c.colspan, c.header, c.span if in_doc else None)


def _grids_from_markup(text: str):
    """Tables still written as HTML in the text: (start, end, grid) with spans of the raw markup."""
    from legalgraph.read.html import html_to_text

    for m in re.finditer(r"<table\b.*?</table\s*>", text, re.S | re.I):
        try:
            flat, tables = html_to_text(m.group(0))
        except Exception:  # noqa: BLE001 - a broken table is skipped, not fatal
            continue
        for t in tables[:1]:
            yield m.start(), m.end(), [_from_cell(flat, c, in_doc=False) for c in t.cells]


def _is_equivalence(grid: list[_GridCell], text: str, start: int, intros: list[int]) -> bool:
    if not grid:
        return False
    announced = any(0 <= start - pos <= 2000 for pos in intros)
    head = " ".join(c.text for c in grid if c.row <= 1)
    return announced or bool(_PRESENT.search(head))


def _is_header_row(cells: list[_GridCell]) -> bool:
    if all(c.header for c in cells):
        return True
    return any(_HEADER_WORDS.search(c.text) or _PRESENT.search(c.text) for c in cells)


def _read_grid(grid: list[_GridCell], span: Span) -> EquivalenceTable | None:
    rows: dict[int, list[_GridCell]] = {}
    for c in grid:
        rows.setdefault(c.row, []).append(c)
    order = sorted(rows)
    header_rows = []
    for r in order:
        if _is_header_row(rows[r]) and len(header_rows) == r - order[0]:
            header_rows.append(r)
    if not header_rows:
        return None
    # Which column is the old version: the header cell that is not "(présent arrêté)".
    old_col, new_col = 0, 1
    old_header = new_header = None
    for r in header_rows:
        cells = sorted(rows[r], key=lambda c: c.col)
        present = [c for c in cells if _PRESENT.search(c.text)]
        others = [c for c in cells if not _PRESENT.search(c.text)]
        if not present and len(cells) == 2:
            # "(arrêté du …)" names the old side; the other one is this version even unmarked; when both are
            # dated, the older one is the old side
            dated = [c for c in cells if _OLD_ACT.search(c.text) and DATE_RE.search(c.text)]
            if len(dated) == 2 and None not in (dates := [_old_date(c.text) for c in dated]):
                if dates[0] != dates[1]:
                    old_cell = dated[0] if dates[0] < dates[1] else dated[1]
                    others, present = [old_cell], [c for c in dated if c is not old_cell]
            elif len(dated) == 1:
                others, present = dated, [c for c in cells if c is not dated[0]]
        if present and others:
            new_col, old_col = present[0].col, others[0].col
            new_header, old_header = present[0].text, others[0].text
    if old_header is None:  # one spanning header only: keep what it says
        old_header = " ".join(c.text for r in header_rows for c in rows[r])
    body_cells = [c for c in grid if c.row not in header_rows]
    body_cells.sort(key=lambda c: (c.row, c.col))
    # A cell covers its rowspan: index old/new cells by every row they cover.
    cols = sorted({c.col for c in body_cells})
    if len(cols) >= 2 and old_col not in cols:
        old_col = cols[0]
    if len(cols) >= 2 and new_col not in cols:
        new_col = [c for c in cols if c != old_col][0]
    old_by_row: dict[int, _GridCell] = {}
    new_by_row: dict[int, _GridCell] = {}
    for c in body_cells:
        target = old_by_row if c.col == old_col else new_by_row if c.col == new_col else None
        if target is None:
            continue
        for r in range(c.row, c.row + c.rowspan):
            target.setdefault(r, c)
    old_act_date = _old_date(old_header)
    table = EquivalenceTable(old_header, new_header, old_act_date, span=span)
    seen_old: dict[int, Equivalence] = {}
    for r in sorted(set(old_by_row) | set(new_by_row)):
        old_cell = old_by_row.get(r)
        new_cell = new_by_row.get(r)
        new_titles = _titles(new_cell.lines) if new_cell else []
        if old_cell is not None and id(old_cell) in seen_old:
            # an old cell spanning several rows: one certificate mapped to several new ones
            for t in new_titles:
                if t not in seen_old[id(old_cell)].new:
                    seen_old[id(old_cell)].new.append(t)
            continue
        old_titles = _titles(old_cell.lines) if old_cell else []
        if old_cell is None and not new_titles:
            continue
        row_span = _row_span(old_cell, new_cell) or span
        for i, title in enumerate(old_titles or [None]):
            eq = Equivalence(old_act_date, [title] if title else [], list(new_titles), span=row_span)
            table.rows.append(eq)
            if old_cell is not None and i == 0:
                seen_old[id(old_cell)] = eq
    return table if table.rows else None


def _row_span(old: _GridCell | None, new: _GridCell | None) -> Span | None:
    spans = [c.span for c in (old, new) if c is not None and c.span]
    return (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None


def _old_date(header: str | None) -> str | None:
    if not header:
        return None
    m = _OLD_ACT.search(header)
    if not m:
        return None
    d = DATE_RE.search(header, m.end())
    return iso_date(d) if d and d.start() - m.end() <= 3 else None


def _titles(lines: list[str]) -> list[str]:
    """The certificate titles of one cell: one per line, a line continuing the previous one joined to it."""
    out: list[str] = []
    joining = False
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        starts_new = bool(_NUMBERED.match(line)) or line[0].isupper() or line[0].isdigit()
        if out and (joining or not starts_new):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        joining = out[-1].endswith(":")
    titles = []
    for t in out:
        t = _NUMBERED.sub("", t).strip()
        t = re.sub(r"\s+", " ", t).strip(" .;")
        t = t.replace(" ", " ")
        if _NONE.match(t):
            continue
        if t:
            titles.append(t)
    return titles


# ---- a table flattened into lines (Légifrance page copied as text) -------------------------------------


def _read_flat(text: str, intro_pos: int, limit: int) -> EquivalenceTable | None:
    """Read the lines after the announcing sentence: two header groups, then old/new cells alternating."""
    line_end = text.find("\n", intro_pos, limit)
    if line_end < 0:
        return None
    lines = list(lines_with_offsets(text, line_end + 1, min(limit, line_end + 20000)))
    # two header groups of a few short lines, each closed by "(arrêté du …)" or "(présent arrêté)"
    headers: list[tuple[str, int]] = []
    i = 0
    while len(headers) < 2:
        group_end = None
        for k in range(i, min(i + 6, len(lines))):
            line = lines[k][2]
            if len(line) > 250 or (
                k == i and not headers and re.search(r"[a-z]\.$", line) and len(line) > 80
            ):
                return None  # prose, not a header
            if _HEADER_END.search(line):
                group_end = k
                break
        if group_end is None:
            return None
        headers.append((squash(" ".join(x[2] for x in lines[i : group_end + 1])), lines[i][0]))
        i = group_end + 1
    (h1, _), (h2, _) = headers
    if _PRESENT.search(h1) or _PRESENT.search(h2):
        old_header, new_header = (h2, h1) if _PRESENT.search(h1) and not _PRESENT.search(h2) else (h1, h2)
    else:  # both columns dated ("(arrêté du 12 décembre 2017)" / "(arrêté du 5 juillet 2023)"): the older is old
        d1, d2 = _old_date(h1), _old_date(h2)
        if not (d1 and d2 and d1 != d2):
            return None
        old_header, new_header = (h1, h2) if d1 < d2 else (h2, h1)
    old_first = old_header == h1
    cells: list[tuple[str, Span]] = []
    first_start = lines[i][0] if i < len(lines) else None
    last_end = None
    while i < len(lines):
        start, end, raw = lines[i]
        line = strip_page_links(raw)
        glued = line != raw
        if _ends_table(line):
            break
        cells.append((line, (start, start + len(line))))
        last_end = end
        i += 1
        if glued:  # the page's "Versions" link closes the article, and the table with it
            break
    if not cells or first_start is None:
        return None
    old_act_date = _old_date(old_header)
    table = EquivalenceTable(old_header, new_header, old_act_date, span=(first_start, last_end))
    for k in range(0, len(cells), 2):
        pair = [c for c, _ in cells[k : k + 2]]
        row_span = (cells[k][1][0], cells[min(k + 1, len(cells) - 1)][1][1])
        old, new = (pair + [""])[:2] if old_first else (pair[1:] + pair[:1] + [""])[:2]
        old_t, new_t = _titles([old]), _titles([new]) if new else []
        table.rows.append(Equivalence(old_act_date, old_t, new_t, span=row_span))
    return table


# The first words of the article that follows a table printed without headings, whoever holds the office.
_PROSE_START = re.compile(
    r"^(?:Article|Art\.?)\s*\d|^(?:L['’]annexe|L['’]arrêté\s+du|Les\s+dispositions|Fait\s+(?:le|à))\b"
    r"|^(?:Le|La)\s+(?:délégué|déléguée|directeur|directrice|ministre|présent\s+arrêté|secrétaire)\b"
)
# What a certificate title (an infinitive phrase) never says: an article's own verbs.
_PROSE_VERB = re.compile(
    r"\b(?:est|sont)\s+(?:abrogée?s?|chargée?s?\s+de\s+l['’]\s*exécution|applicables?)\b|\bentre(?:nt)?\s+en\s+vigueur\b"
)


def _ends_table(line: str) -> bool:
    """A line that is prose again (a new article), not a cell."""
    if _PROSE_START.match(line) or _PROSE_VERB.search(line):
        return True
    return bool(re.search(r"\bprésent arrêté\b.*\.$", line)) and len(line) > 80
