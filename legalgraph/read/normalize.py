"""One way to normalize text for every reader, and a builder that tracks offsets while text is assembled."""

from __future__ import annotations

import re
import unicodedata

from legalgraph.models import Block, BlockKind, Cell, Table
from legalgraph.patterns import lazy

# Non-breaking and thin spaces (French typography puts them before : ; » and after «) become plain spaces,
# so that every pattern downstream can match one kind of space. Soft hyphens and zero-width marks vanish.
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]+")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
_ODD = lazy(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\u00ad\u200b-\u200d\u2060\ufeff]")  # either kind
_MULTI_SPACE = lazy(r" {2,}")


def clean_line(line: str) -> str:
    """NFC, one kind of space, no invisible characters, no leading/trailing/double spaces."""
    if line.isascii():  # most lines: nothing to compose, no odd space (but a tab), nothing invisible
        line = line.replace("\t", " ")
        return (_MULTI_SPACE().sub(" ", line) if "  " in line else line).strip()
    line = unicodedata.normalize("NFC", line)
    if _ODD().search(line):  # few lines have any: one scan instead of two
        line = _INVISIBLE.sub("", line)
        line = _SPACES.sub(" ", line)
    return (_MULTI_SPACE().sub(" ", line) if "  " in line else line).strip()


def clean_text(text: str) -> str:
    """Normalize a whole text: unified newlines, each line cleaned, runs of blank lines folded to one."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for raw in text.split("\n"):
        line = clean_line(raw)
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


class TextBuilder:
    """Assembles the normalized text line by line and records blocks and tables with their spans."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.blocks: list[Block] = []
        self.tables: list[Table] = []

    @property
    def position(self) -> int:
        return self._length

    def _write(self, s: str) -> None:
        self._parts.append(s)
        self._length += len(s)

    def line(self, text: str) -> tuple[int, int] | None:
        """Append one cleaned line (skipped when empty); return its span."""
        text = clean_line(text)
        if not text:
            return None
        if self._length:
            self._write("\n")
        start = self._length
        self._write(text)
        return start, self._length

    def lines(self, text: str) -> tuple[int, int] | None:
        """Append every non-empty line of ``text``; return the span from the first to the last."""
        first = last = None
        for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            span = self.line(raw)
            if span:
                first = span[0] if first is None else first
                last = span[1]
        return (first, last) if first is not None else None

    def block(self, kind: BlockKind, start: int, end: int | None = None, label: str | None = None) -> None:
        end = self._length if end is None else end
        if end > start:
            self.blocks.append(Block(kind, start, end, label))

    def text(self) -> str:
        return "".join(self._parts)


def add_cell(table: Table, row: int, col: int, span: tuple[int, int], **kw) -> Cell:
    cell = Cell(row=row, col=col, span=span, **kw)
    table.cells.append(cell)
    return cell
