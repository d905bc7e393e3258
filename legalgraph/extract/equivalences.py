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

from legalgraph.extract.grids import GridCell, document_grids
from legalgraph.frtext import DATE_RE, iso_date, lines_with_offsets, squash, strip_page_links
from legalgraph.models import Document, Equivalence, Span
from legalgraph.patterns import lazy

# The sentence that announces the table.
_INTRO = lazy(r"réputée?s?\s+(?:avoir\s+obtenu|titulaires)[^\n]{0,400}?\btableau")
_INTRO_TABLE = lazy(r"tableau\s+(?:des?\s+correspondances?|d['’]\s*équivalences?|des\s+équivalences)\b")
_PRESENT = lazy(r"\(?\s*(?:du\s+)?présent\s+arrêté", re.I)
_OLD_ACT = lazy(r"\barrêtés?\s+(?:du\s+)?", re.I)
# A cell that names no certificate: "Pas de correspondance (dans l'ancien titre)", "Aucun CCP correspondant",
# "Sans équivalence", "Néant", "(néant)", "Nouveau CCP" (a certificate of this version only), a dash, "* * *"
_NONE = lazy(
    r"^\(?(?:(?:pas|aucune?|sans)\s+(?:de\s+|d['’]\s*)?(?:correspondance|équivalence|équivalent|CCP|certificat|bloc)s?"
    r"(?:\s+(?:correspondante?s?|équivalente?s?))?(?:\s+(?:dans|avec|au|aux|à|en|pour)\b.*)?"
    r"|néant|aucune?|sans\s+objet|non\s+concernée?|nouveaux?\s+(?:CCP|certificats?|blocs?)|création"
    r"|option\s+supprimée\b.*|supprimée?)\W*\)?\W*$|^[\W_]*$",
    re.I,
)
_HEADER_WORDS = lazy(r"^\s*(?:TITRE\s+PROFESSIONNEL|\(?\s*arrêtés?\s+du|\(?\s*présent\s+arrêté)", re.I)
_HEADER_END = lazy(r"\(\s*(?:arrêtés?\s+du|présent\s+arrêté)|^\s*(?:arrêtés?\s+du|présent\s+arrêté)", re.I)
_NUMBERED = lazy(r"^(?:\d{1,2}\s*[.)°-]|CCP\s*\d+\s*[:.-]|[-–•])\s*")


@dataclass
class EquivalenceTable:
    """An equivalence table: its two column headers, the date of the old act, and its rows."""

    old_header: str | None
    new_header: str | None
    old_act_date: str | None
    rows: list[Equivalence] = field(default_factory=list)
    span: Span | None = None


def find_equivalences(doc: Document, tables: list[EquivalenceTable] | None = None) -> list[Equivalence]:
    """Every row (old certificate → new certificates) of the equivalence tables of ``doc``, in order.

    ``tables``: the tables ``equivalence_tables(doc)`` already returned (``extract`` reads them once)."""
    return [row for table in (equivalence_tables(doc) if tables is None else tables) for row in table.rows]


def equivalence_tables(doc: Document) -> list[EquivalenceTable]:
    """The equivalence tables of ``doc`` with their header wordings (the titre reads a renaming there)."""
    text = doc.text
    if "tableau" not in text and not doc.tables and "<table" not in text and "|" not in text:
        return []
    intros = _intro_positions(text)
    out: list[EquivalenceTable] = []
    covered: list[Span] = []
    for start, end, grid in document_grids(doc):
        if any(s < end and start < e for s, e in covered):
            continue  # the same table read twice (cells of a reader and its raw markup)
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


def _intro_positions(text: str) -> list[int]:
    """Where a sentence announcing an equivalence table starts ("… sont réputés avoir obtenu … selon le tableau")."""
    intros: list[int] = []
    if "tableau" not in text:
        return intros
    for pattern in (_INTRO(), _INTRO_TABLE()):
        for m in pattern.finditer(text):
            # one announcing sentence, however many of its words match: keep its first position
            if not any(abs(m.start() - p) < 500 for p in intros):
                intros.append(m.start())
    return sorted(intros)


def _is_equivalence(grid: list[GridCell], text: str, start: int, intros: list[int]) -> bool:
    if not grid:
        return False
    announced = any(0 <= start - pos <= 2000 for pos in intros)
    head = " ".join(c.text for c in grid if c.row <= 1)
    return announced or bool(_PRESENT().search(head))


def _is_header_row(cells: list[GridCell]) -> bool:
    if all(c.header for c in cells):
        return True
    return any(_HEADER_WORDS().search(c.text) or _PRESENT().search(c.text) for c in cells)


def _read_grid(grid: list[GridCell], span: Span) -> EquivalenceTable | None:
    """The equivalences of a grid: header rows first, then one row per old certificate (GOLD.md)."""
    rows = _rows(grid)
    header_rows = _header_rows(rows)
    if not header_rows:
        return None
    sides = _sides(rows, header_rows)
    body = sorted((c for c in grid if c.row not in header_rows), key=lambda c: (c.row, c.col))
    old_by_row, new_by_row = _cells_by_row(body, sides)
    old_act_date = _old_date(sides.old_header)
    table = EquivalenceTable(sides.old_header, sides.new_header, old_act_date, span=span)
    table.rows = _grid_equivalences(old_by_row, new_by_row, old_act_date, span)
    return table if table.rows else None


def _rows(grid: list[GridCell]) -> dict[int, list[GridCell]]:
    rows: dict[int, list[GridCell]] = {}
    for c in grid:
        rows.setdefault(c.row, []).append(c)
    return rows


def _header_rows(rows: dict[int, list[GridCell]]) -> list[int]:
    """The header rows: the first rows, as long as each reads as a header."""
    order = sorted(rows)
    header_rows: list[int] = []
    for r in order:
        if _is_header_row(rows[r]) and len(header_rows) == r - order[0]:
            header_rows.append(r)
    return header_rows


@dataclass(slots=True)
class _Sides:
    """Which column holds the previous version's certificates and which this one's, and their header wordings."""

    old_col: int = 0
    new_col: int = 1
    old_header: str | None = None
    new_header: str | None = None


def _sides(rows: dict[int, list[GridCell]], header_rows: list[int]) -> _Sides:
    """The old side is the header cell that is not "(présent arrêté)"; when neither says it, the one header
    "(arrêté du …)" names, or of two dated headers the older one."""
    sides = _Sides()
    for r in header_rows:
        cells = sorted(rows[r], key=lambda c: c.col)
        present = [c for c in cells if _PRESENT().search(c.text)]
        others = [c for c in cells if not _PRESENT().search(c.text)]
        if not present and len(cells) == 2:
            present, others = _dated_sides(cells, present, others)
        if present and others:
            sides.new_col, sides.old_col = present[0].col, others[0].col
            sides.new_header, sides.old_header = present[0].text, others[0].text
    if sides.old_header is None:  # one spanning header only: keep what it says
        sides.old_header = " ".join(c.text for r in header_rows for c in rows[r])
    return sides


def _dated_sides(
    cells: list[GridCell], present: list[GridCell], others: list[GridCell]
) -> tuple[list[GridCell], list[GridCell]]:
    """Two headers without "(présent arrêté)": (new side, old side) from their "(arrêté du …)" dates."""
    dated = [c for c in cells if _OLD_ACT().search(c.text) and DATE_RE.search(c.text)]
    if len(dated) == 2 and None not in (dates := [_old_date(c.text) for c in dated]):
        if dates[0] != dates[1]:
            old_cell = dated[0] if dates[0] < dates[1] else dated[1]
            return [c for c in dated if c is not old_cell], [old_cell]
    elif len(dated) == 1:  # "(arrêté du …)" names the old side; the other one is this version even unmarked
        return [c for c in cells if c is not dated[0]], dated
    return present, others


def _cells_by_row(body: list[GridCell], sides: _Sides) -> tuple[dict[int, GridCell], dict[int, GridCell]]:
    """The old and new cells of each body row; a cell covers every row of its rowspan."""
    cols = sorted({c.col for c in body})
    if len(cols) >= 2 and sides.old_col not in cols:
        sides.old_col = cols[0]
    if len(cols) >= 2 and sides.new_col not in cols:
        sides.new_col = [c for c in cols if c != sides.old_col][0]
    old_by_row: dict[int, GridCell] = {}
    new_by_row: dict[int, GridCell] = {}
    for c in body:
        target = old_by_row if c.col == sides.old_col else new_by_row if c.col == sides.new_col else None
        if target is None:
            continue
        for r in range(c.row, c.row + c.rowspan):
            target.setdefault(r, c)
    return old_by_row, new_by_row


def _grid_equivalences(
    old_by_row: dict[int, GridCell], new_by_row: dict[int, GridCell], old_act_date: str | None, span: Span
) -> list[Equivalence]:
    """One equivalence per old certificate. An old cell spanning rows maps to every new cell beside it; an old
    cell listing two certificates gives two rows; an empty old cell beside a new certificate is a row whose old
    side is empty (a certificate of this version no old one leads to), never a dropped row."""
    out: list[Equivalence] = []
    seen_old: dict[int, Equivalence] = {}  # id of an old cell → the row it opened
    for r in sorted(set(old_by_row) | set(new_by_row)):
        old_cell = old_by_row.get(r)
        new_cell = new_by_row.get(r)
        new_titles = _titles(new_cell.lines) if new_cell else []
        if old_cell is not None and id(old_cell) in seen_old:
            opened = seen_old[id(old_cell)]
            opened.new.extend(t for t in new_titles if t not in opened.new)
            continue
        if old_cell is None and not new_titles:
            continue
        old_titles = _titles(old_cell.lines) if old_cell else []
        row_span = _row_span(old_cell, new_cell) or span
        for i, title in enumerate(old_titles or [None]):
            eq = Equivalence(old_act_date, [title] if title else [], list(new_titles), span=row_span)
            out.append(eq)
            if old_cell is not None and i == 0:
                seen_old[id(old_cell)] = eq
    return out


def _row_span(old: GridCell | None, new: GridCell | None) -> Span | None:
    spans = [c.span for c in (old, new) if c is not None and c.span]
    return (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None


def _old_date(header: str | None) -> str | None:
    if not header:
        return None
    m = _OLD_ACT().search(header)
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
        starts_new = bool(_NUMBERED().match(line)) or line[0].isupper() or line[0].isdigit()
        if out and (joining or not starts_new):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        joining = out[-1].endswith(":")
    titles = []
    for t in out:
        t = _NUMBERED().sub("", t).strip()
        t = re.sub(r"\s+", " ", t).strip(" .;")
        t = t.replace(" ", " ")
        if _NONE().match(t):
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
            if _HEADER_END().search(line):
                group_end = k
                break
        if group_end is None:
            return None
        headers.append((squash(" ".join(x[2] for x in lines[i : group_end + 1])), lines[i][0]))
        i = group_end + 1
    (h1, _), (h2, _) = headers
    if _PRESENT().search(h1) or _PRESENT().search(h2):
        old_header, new_header = (h2, h1) if _PRESENT().search(h1) and not _PRESENT().search(h2) else (h1, h2)
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
_PROSE_START = lazy(
    r"^(?:Article|Art\.?)\s*\d|^(?:L['’]annexe|L['’]arrêté\s+du|Les\s+dispositions|Fait\s+(?:le|à))\b"
    r"|^(?:Le|La)\s+(?:délégué|déléguée|directeur|directrice|ministre|présent\s+arrêté|secrétaire)\b"
)
# What a certificate title (an infinitive phrase) never says: an article's own verbs.
_PROSE_VERB = lazy(
    r"\b(?:est|sont)\s+(?:abrogée?s?|chargée?s?\s+de\s+l['’]\s*exécution|applicables?)\b|\bentre(?:nt)?\s+en\s+vigueur\b"
)


def _ends_table(line: str) -> bool:
    """A line that is prose again (a new article), not a cell."""
    if _PROSE_START().match(line) or _PROSE_VERB().search(line):
        return True
    return bool(re.search(r"\bprésent arrêté\b.*\.$", line)) and len(line) > 80
