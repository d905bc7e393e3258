"""Markdown renderings of consolidated texts (the LEGI mirror ``etalab/lois-non-codifiees-et-reglements-francais``).

A mirror file is a ``# <title>`` line, the list of the text's parts as links (``- [Article 1](article-1.md)``,
a table of contents, not content), then one ``# Article N`` section per article. ``# Article Annexe``,
``# Article ANNEXE``, ``# Article `` (no number) and ``# Annexe…`` sections are annexes. Inside a section,
paragraphs are Markdown text or raw HTML (tables with rowspan/colspan, ``<br/>``, ``<p>``, ``<ul>``), and
``>`` blockquotes list the texts an article modified ("> - Arrêté du 10 octobre 2007").

The reader says what it knows as blocks: TITLE on the title line, ARTICLE (label = number, span = the
section's content without its heading), ANNEX (label = annex title, when there is one).
"""

from __future__ import annotations

import re

from legalgraph.errors import InputError
from legalgraph.models import Block, BlockKind, Source, SourceText
from legalgraph.patterns import lazy
from legalgraph.read.html import html_into
from legalgraph.read.normalize import TextBuilder

_HEADING = lazy(r"^(#{1,6})[ \t]*(.*?)[ \t#]*$")
_TOC_ENTRY = lazy(r"^\s*[-*+]\s*\[(?P<name>[^\]]*)\]\((?P<target>[^)]*)\)\s*$")
_ARTICLE = lazy(r"^Article\b\s*(?P<rest>.*)$", re.IGNORECASE)
_ANNEX = lazy(r"^(?:Article\s+)?(?P<title>Annexes?\b.*)$", re.IGNORECASE)
_HTML_START = lazy(r"^\s*(?:</?[A-Za-z][\w-]*(?:\s[^>]*)?/?>|<!--)")
_TAG = lazy(r"<!--.*?-->|<[^>]*>", re.DOTALL)
_HAS_MARKUP = lazy(r"<[A-Za-z/][^>]*>|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);")
_QUOTE = lazy(r"^(?:\s*>)+\s?")
_EMPHASIS = lazy(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_LINK = lazy(r"\[([^\]]*)\]\([^)]*\)")
_ESCAPE = lazy(r"\\([!-/:-@\[-`{-~])")


def read_markdown(text: str, source: Source) -> SourceText:
    reader = _MarkdownReader()
    reader.read(text.replace("\r\n", "\n").replace("\r", "\n"))
    source.kind = source.kind or "legi-markdown"
    b = reader.b
    meta = {"toc": reader.toc} if reader.toc else {}
    return SourceText(text=b.text(), source=source, meta=meta, blocks=b.blocks, tables=b.tables)


class _MarkdownReader:
    def __init__(self) -> None:
        self.b = TextBuilder()
        self.toc: list[str] = []
        self.annex_names: list[str] = []
        self.title_seen = False
        self.section: tuple[BlockKind, str | None] | None = None  # the open article or annex
        self.section_start = 0

    def read(self, text: str) -> None:
        paragraph: list[str] = []
        for raw in text.split("\n"):
            heading = _HEADING().match(raw) if raw.startswith("#") else None  # most lines: no regex at all
            if heading:
                self.paragraph(paragraph)
                paragraph = []
                self.heading(heading.group(2).strip())
            elif not raw.strip():
                paragraph.append("")  # a blank line: ends a Markdown paragraph, not an HTML block
            else:
                paragraph.append(raw)
        self.paragraph(paragraph)
        self.close_section()

    # -- headings: the title, then one per article or annex --

    def heading(self, text: str) -> None:
        art, annex = _ARTICLE().match(text), _ANNEX().match(text)
        if not self.title_seen and not art and not annex:
            self.title_seen = True
            span = self.b.line(_inline(text))
            if span:
                self.b.block(BlockKind.TITLE, *span)
            return
        self.close_section()
        if annex:
            self.open_section(BlockKind.ANNEX, annex.group("title"), heading=annex.group("title"))
        elif art and art.group("rest").strip():
            number = art.group("rest").strip()
            self.open_section(BlockKind.ARTICLE, number, heading=f"Article {number}")
        elif art:  # "# Article " without a number: the mirror's name for an annex
            self.open_section(
                BlockKind.ANNEX, self.annex_names[0] if self.annex_names else None, heading=None
            )
        else:  # another heading (a section title): a line of text, no block
            self.b.line(_inline(text))

    def open_section(self, kind: BlockKind, label: str | None, heading: str | None) -> None:
        if heading:
            self.b.line(heading)
        self.section = (kind, label)
        self.section_start = self.b.position + (1 if self.b.position else 0)

    def close_section(self) -> None:
        if self.section is not None:
            kind, label = self.section
            if self.b.position > self.section_start:
                self.b.block(kind, self.section_start, self.b.position, label)
            else:  # an empty section still counts as a part: a zero-width block where it stands
                self.b.blocks.append(Block(kind, self.b.position, self.b.position, label))
        self.section = None

    # -- paragraphs: table of contents, raw HTML, or Markdown text --

    def paragraph(self, lines: list[str]) -> None:
        """Lines up to the next heading: split into Markdown paragraphs and runs of raw HTML."""
        html: list[str] = []
        in_html = False
        for raw in lines:
            if not raw:
                if in_html:
                    html.append(raw)
                continue
            if "<" in raw and _HTML_START().match(raw):
                in_html = True
            elif in_html and not html[-1]:
                in_html = False  # a blank line then text: the HTML block ended
                self.html(html)
                html = []
            if in_html:
                html.append(raw)
            else:
                self.text_line(raw)
        if html:
            self.html(html)

    def html(self, lines: list[str]) -> None:
        markup = "\n".join(lines).strip()
        if not markup:
            return
        try:
            html_into(self.b, markup)
        except InputError:  # lxml finds no document in it (only closing tags or a comment): keep any words
            self.b.lines(_TAG().sub("", markup))

    def text_line(self, raw: str) -> None:
        toc = _TOC_ENTRY().match(raw) if "](" in raw else None
        if toc and self.section is None:
            self.toc.append(toc.group("name"))
            if toc.group("target").lower().startswith("annexe") or toc.group("name").lower().startswith(
                "annexe"
            ):
                self.annex_names.append(toc.group("name"))
            return
        text = _QUOTE().sub("", raw) if ">" in raw else raw
        if _HAS_MARKUP().search(text):
            html_into(self.b, f"<p>{_inline(text)}</p>")
        else:
            self.b.line(_inline(text))


def _inline(text: str) -> str:
    """Markdown inline syntax out: emphasis markers, link targets, backslash escapes."""
    if "*" in text or "_" in text:
        text = _EMPHASIS().sub(r"\2", text)
    if "](" in text:
        text = _LINK().sub(r"\1", text)
    if "\\" in text:
        text = _ESCAPE().sub(r"\1", text)
    return text
