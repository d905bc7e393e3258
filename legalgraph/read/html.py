"""HTML (a saved page, or a fragment such as DILA's CONTENU) into lines of normalized text and tables.

Block elements and ``<br/>`` end a line; each table cell stands on its own line(s) and is recorded
as a ``Cell`` with its row, column, rowspan and colspan, so a table can still be read as a table.
The parser never fetches anything and never expands external entities.
"""

from __future__ import annotations

import lxml.html
from lxml import etree

from legalgraph.errors import InputError
from legalgraph.models import Table
from legalgraph.patterns import lazy
from legalgraph.read.normalize import TextBuilder, add_cell

_NEWLINES = lazy(r"[\r\n]+")

BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "blockquote",
        "pre",
        "section",
        "article",
        "header",
        "footer",
        "dt",
        "dd",
        "dl",
        "hr",
        "title",
        "main",
        "aside",
        "center",
    ]
)
# Never text: code, styling, and the chrome of a web page.
DROP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "head",
        "nav",
        "form",
        "button",
        "select",
        "iframe",
        "object",
    ]
)


def parse_html(markup: str, path: str | None = None):
    """A tolerant lxml parse that does no network access; returns the root element."""
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"unreadable HTML ({exc})", path) from None
    return root


def html_into(builder: TextBuilder, markup: str | etree._Element, path: str | None = None) -> None:
    """Append the text of an HTML fragment or page to ``builder``, recording its tables."""
    root = parse_html(markup, path) if isinstance(markup, str) else markup
    body = root.find("body") if root.tag == "html" else root
    _Walker(builder).walk(body if body is not None else root)


def html_to_text(markup: str, path: str | None = None) -> tuple[str, list[Table]]:
    builder = TextBuilder()
    html_into(builder, markup, path)
    return builder.text(), builder.tables


class _Walker:
    def __init__(self, builder: TextBuilder):
        self.b = builder
        self.pending: list[str] = []  # inline text of the current line

    def flush(self) -> tuple[int, int] | None:
        # In HTML a newline inside text is a space; only block elements and <br/> end a line.
        text = _NEWLINES().sub(" ", "".join(self.pending))
        self.pending = []
        return self.b.line(text)

    def walk(self, el) -> None:
        if not isinstance(el.tag, str):  # comments, processing instructions
            self._tail(el)
            return
        tag = el.tag.lower()
        if tag in DROP_TAGS:
            self._tail(el)
            return
        if tag == "table":
            self.flush()
            self._table(el)
            self._tail(el)
            return
        block = tag in BLOCK_TAGS
        if block:
            self.flush()
        if tag == "sup" and (el.text or "").strip() in ("er", "re", "e", "ème"):
            self.pending.append(el.text.strip())  # "1<sup>er</sup>" reads "1er"
        elif el.text:
            self.pending.append(el.text)
        for child in el:
            self.walk(child)
        if block:
            self.flush()
        self._tail(el)

    def _tail(self, el) -> None:
        if el.tail:
            self.pending.append(el.tail)

    def _table(self, table_el) -> None:
        start = self.b.position + (1 if self.b.position else 0)
        table = Table(span=(start, start))
        occupied: dict[tuple[int, int], bool] = {}
        rows = [tr for tr in table_el.iter("tr")]
        for r, tr in enumerate(rows):
            c = 0
            for cell_el in tr:
                if not isinstance(cell_el.tag, str) or cell_el.tag.lower() not in ("td", "th"):
                    continue
                while occupied.get((r, c)):
                    c += 1
                rowspan = _int_attr(cell_el, "rowspan")
                colspan = _int_attr(cell_el, "colspan")
                first = self.b.position
                inner = _Walker(self.b)
                if cell_el.text:
                    inner.pending.append(cell_el.text)
                for child in cell_el:
                    inner.walk(child)
                inner.flush()
                if self.b.position > first:
                    cell_start = first + (1 if first else 0)
                    add_cell(
                        table,
                        r,
                        c,
                        (cell_start, self.b.position),
                        rowspan=rowspan,
                        colspan=colspan,
                        header=cell_el.tag.lower() == "th",
                    )
                for dr in range(rowspan):
                    for dc in range(colspan):
                        occupied[(r + dr, c + dc)] = True
                c += colspan
        if table.cells:
            table.span = (table.cells[0].span[0], self.b.position)
            self.b.tables.append(table)


def _int_attr(el, name: str) -> int:
    value = (el.get(name) or "1").strip()
    return max(1, min(int(value), 1000)) if value.isdigit() else 1
