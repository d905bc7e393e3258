"""Tables as grids of cell texts, whatever wrote them: a reader's cells (HTML, DILA XML), raw ``<table>`` markup
left in the text, Markdown pipe tables ("| … | … |"). The equivalence table and the certificates' hours tables read
these grids.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from legalgraph.frtext import lines_with_offsets, squash, strip_page_links
from legalgraph.models import Cell, Document, Span, Table
from legalgraph.patterns import lazy


@dataclass
class GridCell:
    """One cell: its lines, its place (row, col, spans), whether it is a header cell, its span in the text."""

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


def cell_lines(text: str, span: Span) -> list[str]:
    return [strip_page_links(line) for _, _, line in lines_with_offsets(text, *span)]


def grid_from_table(text: str, table: Table) -> list[GridCell]:
    return [_from_cell(text, c) for c in table.cells]


def _from_cell(text: str, c: Cell, in_doc: bool = True) -> GridCell:
    lines = cell_lines(text, c.span)
    return GridCell(lines, c.row, c.col, c.rowspan, c.colspan, c.header, c.span if in_doc else None)


def grids_from_markup(text: str):
    """Tables still written as HTML in the text: (start, end, grid) with spans of the raw markup."""
    from legalgraph.read.html import html_to_text

    for m in re.finditer(r"<table\b.*?</table\s*>", text, re.S | re.I):
        try:
            flat, tables = html_to_text(m.group(0))
        except Exception:  # noqa: BLE001 - a broken table is skipped, not fatal
            continue
        for t in tables[:1]:
            yield m.start(), m.end(), [_from_cell(flat, c, in_doc=False) for c in t.cells]


# A Markdown pipe table: "| a | b |" rows, a "|---|:---:|" line under the header rows. A cell's "<br>" became a
# line break when the reader cleaned the text, so one row may run over several lines until one ends with "|".
_PIPE_RULE = lazy(r"^\s*:?-{3,}:?\s*$")


def grids_from_pipes(text: str) -> Iterator[tuple[int, int, list[GridCell]]]:
    """Markdown pipe tables of the text: (start, end, grid), cell spans into ``text``; empty cells give no cell,
    as an empty ``<td>`` gives none."""
    lines = list(lines_with_offsets(text)) if "\n|" in text or text.lstrip().startswith("|") else []
    i = 0
    while i < len(lines):
        if not lines[i][2].startswith("|"):
            i += 1
            continue
        rows: list[Span] = []  # each row's span, from its first "|" to its last
        while i < len(lines) and lines[i][2].startswith("|"):
            start, end, _ = lines[i]
            while (
                not text[start:end].endswith("|")
                and i + 1 < len(lines)
                and not lines[i + 1][2].startswith("|")
            ):
                i += 1
                end = lines[i][1]
            rows.append((start, end))
            i += 1
        grid = _pipe_grid(text, rows)
        if grid and len(rows) >= 2:
            yield rows[0][0], rows[-1][1], grid


def _pipe_grid(text: str, rows: list[Span]) -> list[GridCell]:
    cells_of_rows = [_pipe_cells(text, start, end) for start, end in rows]
    rule = next(
        (
            r
            for r, cells in enumerate(cells_of_rows)
            if cells and all(_PIPE_RULE().match(text[a:b]) for a, b in cells)
        ),
        None,
    )
    grid: list[GridCell] = []
    row = 0
    for r, cells in enumerate(cells_of_rows):
        if r == rule:
            continue
        for col, span in enumerate(cells):
            lines = cell_lines(text, span)
            if lines:
                grid.append(GridCell(lines, row, col, header=rule is not None and r < rule, span=span))
        row += 1
    return grid


def _pipe_cells(text: str, start: int, end: int) -> list[Span]:
    """The cell spans of one pipe row ("| a | b |"), each trimmed; "\\|" is a pipe inside a cell."""
    bars = [m.start() for m in re.finditer(r"(?<!\\)\|", text[start:end])]
    spans = []
    for a, b in zip(bars, bars[1:], strict=False):
        s, e = start + a + 1, start + b
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        spans.append((s, e))
    return spans


def document_grids(doc: Document, text: str | None = None) -> Iterator[tuple[int, int, list[GridCell]]]:
    """Every table of ``doc`` as (start, end, grid): the reader's cells, raw ``<table>`` markup left in the text
    (read only when the reader found no table), Markdown pipe tables. ``text``: a same-length copy of
    ``doc.text`` to read the cells from (``frtext.body``, with the visas blanked)."""
    text = doc.text if text is None else text
    for table in doc.tables:
        yield table.span[0], table.span[1], grid_from_table(text, table)
    if not doc.tables and "<table" in text:
        yield from grids_from_markup(text)
    if "|" in text:
        yield from grids_from_pipes(text)
