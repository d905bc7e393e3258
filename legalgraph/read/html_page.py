"""A saved HTML page or an HTML fragment into a SourceText.

The markup is flattened by ``html.py`` (block elements and ``<br/>`` end lines, tables become one line per cell
and are recorded as ``Table``/``Cell``), then the lines go through the same page-furniture rules as a plain
copy (``text.shape_lines``: link words, AI summaries, version lines). Hard-wrap joining is not applied: in HTML a
line break is markup, not a printing accident. Table cell spans are moved along with the lines they sit in.
"""

from __future__ import annotations

import bisect

from legalgraph.models import Cell, Source, SourceText, Table
from legalgraph.read.html import html_into, parse_html
from legalgraph.read.normalize import TextBuilder, clean_line
from legalgraph.read.text import Line, page_kind, shape_lines


def read_html_page(text: str, source: Source) -> SourceText:
    root = parse_html(text, source.path)
    meta: dict = {}
    page_title = root.findtext(".//title") if root.tag == "html" else None
    if page_title and page_title.strip():
        meta["page_title"] = clean_line(page_title)
    builder = TextBuilder()
    html_into(builder, root, source.path)
    flat = builder.text()
    shaped = shape_lines(_flat_lines(flat), meta, join_wraps=False)
    tables = [t for t in (_move_table(t, shaped.moves) for t in builder.tables) if t is not None]
    source.kind = source.kind or page_kind(shaped, meta)
    return SourceText(text=shaped.text, source=source, meta=meta, blocks=shaped.blocks, tables=tables)


def _flat_lines(flat: str) -> list[Line]:
    """The lines of the flattened page with their offsets (they are already clean and non-empty)."""
    lines, pos = [], 0
    for raw in flat.split("\n"):
        if raw:
            lines.append(Line(raw, src=pos))
        pos += len(raw) + 1
    return lines


class _Mover:
    """Maps an offset of the flattened page to the normalized text, through the kept stretches."""

    def __init__(self, moves: list[tuple[int, int, int]]):
        self.moves = moves
        self.starts = [m[0] for m in moves]

    def start(self, offset: int) -> int | None:
        """Where a span starting at ``offset`` starts now (the next kept character if it was dropped)."""
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and offset < self.moves[i][0] + self.moves[i][2]:
            src, dst, _ = self.moves[i]
            return dst + offset - src
        return self.moves[i + 1][1] if i + 1 < len(self.moves) else None

    def end(self, offset: int) -> int | None:
        """Where a span ending at ``offset`` (exclusive) ends now (the last kept character before it)."""
        i = bisect.bisect_left(self.starts, offset) - 1
        if i < 0:
            return None
        src, dst, length = self.moves[i]
        return dst + min(offset - src, length)


def _move_table(table: Table, moves: list[tuple[int, int, int]]) -> Table | None:
    mover = _Mover(moves)
    cells = []
    for cell in table.cells:
        start, end = mover.start(cell.span[0]), mover.end(cell.span[1])
        if start is None or end is None or end <= start:
            continue
        cells.append(Cell(cell.row, cell.col, (start, end), cell.rowspan, cell.colspan, header=cell.header))
    if not cells:
        return None
    return Table(span=(cells[0].span[0], max(c.span[1] for c in cells)), cells=cells)
