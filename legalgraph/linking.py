"""Citations in a text you hold, with the official ids legalgraph knows, and the text with each one linked.

``legalgraph.citations(text)`` and ``legalgraph.annotate(text_or_html)`` (eyecite's ``get_citations`` and
``annotate_citations`` are the model). The text is read as given: its spans are offsets into *your* string
(not into the normalized text of ``legalgraph text``), so ``text[c.span[0]:c.span[1]] == c.text``. To find the
citations, the text is normalized the way every reader does it (NFC, one kind of space, no soft hyphens) while
each character keeps the position it came from; in HTML, tags are left out of the text (block elements end a
line), entities are decoded, and positions point into the markup.

An act is identified as the graph builder identifies it (``graph.build.identify_act``: the shipped catalogue
first, ``legalgraph/data/catalogue/``), so the ids and Légifrance page of a citation are those the store gives
that act. A bare mention that several acts fit ("le décret du 26 avril 2002") gets no id: nothing is guessed.
"""

from __future__ import annotations

import hashlib
import html as htmllib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from legalgraph.graph import identity as ids
from legalgraph.graph.acts import LEGIFRANCE, legifrance_url
from legalgraph.graph.build import identify_act
from legalgraph.graph.catalogue import CatalogueAct, seed_catalogue
from legalgraph.models import Citation, CitationKind, Document, Source, SourceFormat, SourceText
from legalgraph.read.html import BLOCK_TAGS
from legalgraph.read.normalize import _INVISIBLE, _SPACES

# ---- the text as the extractors read it, each character tied to where it came from --------------------------


class _Mapped:
    """Normalized text built piece by piece; ``start[i]``/``end[i]``: where character i came from in the
    original; ``run[i]``: which text run of the markup it belongs to (None: a line break a tag stands for)."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.start: list[int] = []
        self.end: list[int] = []
        self.run: list[int | None] = []
        self.linked: list[bool] = []  # inside an existing <a>: never linked again

    def add(self, text: str, start: int, end: int, run: int | None, linked: bool = False) -> None:
        for ch in text:
            if _INVISIBLE.match(ch):
                continue
            if unicodedata.combining(ch) and self.chars:
                composed = unicodedata.normalize("NFC", self.chars[-1] + ch)
                if len(composed) == 1:  # "e" + U+0301 → "é", one character from both places
                    self.chars[-1], self.end[-1] = composed, end
                    continue
            self.chars.append(" " if _SPACES.match(ch) else ch)
            self.start.append(start)
            self.end.append(end)
            self.run.append(run)
            self.linked.append(linked)

    def text(self) -> str:
        return "".join(self.chars)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        return self.start[start], self.end[end - 1]


def _map_text(text: str) -> _Mapped:
    m = _Mapped()
    i = 0
    while i < len(text):
        if text.startswith("\r\n", i):  # one line break, two characters
            m.add("\n", i, i + 2, 0)
            i += 2
            continue
        m.add("\n" if text[i] == "\r" else text[i], i, i + 1, 0)
        i += 1
    return m


# A tag, with attribute values that may hold ">" when quoted; comments, doctypes, CDATA, processing instructions.
_MARKUP = re.compile(
    r"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|<[!?][^>]*>?"
    r"|<(?P<close>/)?(?P<name>[A-Za-z][\w:.-]*)(?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*\s*/?>",
    re.S,
)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
# Elements whose content is not text to read: scripts, styles, and the like (their text is never linked).
_RAW = frozenset(["script", "style", "textarea", "title", "template", "noscript", "svg", "head", "select"])
_HTML_HINT = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>|&(?:#\d+|#x[0-9a-f]+|[a-z]+);", re.I)


def looks_like_html(text: str) -> bool:
    """Markup: a tag (``<p>``, ``</b>``, ``<br/>``) or an entity (``&eacute;``)."""
    return bool(_HTML_HINT.search(text))


def _map_html(markup: str) -> _Mapped:
    m = _Mapped()
    pos, run, raw, links = 0, 0, None, 0
    for tag in _MARKUP.finditer(markup):
        name = (tag.group("name") or "").lower()
        if raw is None and tag.start() > pos:
            _add_markup_text(m, markup, pos, tag.start(), run, links > 0)
        pos = tag.end()
        run += 1  # a tag between two characters: they cannot be wrapped by one element
        if raw is not None:
            if tag.group("close") and name == raw:
                raw = None
            continue
        if name in _RAW and not tag.group("close") and not tag.group(0).endswith("/>"):
            raw = name
        elif name == "a":
            links = max(0, links - 1) if tag.group("close") else links + 1
        if name in BLOCK_TAGS:
            m.add("\n", tag.start(), tag.start(), None)
    if raw is None and pos < len(markup):
        _add_markup_text(m, markup, pos, len(markup), run, links > 0)
    return m


def _add_markup_text(m: _Mapped, markup: str, start: int, end: int, run: int, linked: bool) -> None:
    i = start
    for e in _ENTITY.finditer(markup, start, end):
        for j in range(i, e.start()):
            m.add(" " if markup[j] in "\r\n\t" else markup[j], j, j + 1, run, linked)
        m.add(htmllib.unescape(e.group(0)), e.start(), e.end(), run, linked)
        i = e.end()
    for j in range(i, end):
        m.add(" " if markup[j] in "\r\n\t" else markup[j], j, j + 1, run, linked)


# ---- citations with their official ids -------------------------------------------------------------------


@dataclass(frozen=True)
class FoundCitation:
    """One citation of a text: where it is, what it names, and the official ids legalgraph knows for it.

    ``span`` is ``(start, end)`` into the string given to ``legalgraph.citations`` (or the markup given to
    ``annotate``). ``key`` is the GOLD.md key of the act (``decret:2019-14``), ``keys`` one per code article
    (``code:code du travail:L6113-1``). ``act`` is the act's IRI in a legalgraph store; ``title``, ``nor``,
    ``jorftext``, ``legitext``, ``legiarti``, ``eli`` and ``url`` (its Légifrance page) are None where
    unknown. ``refers_to`` is the index of the full citation a « susvisé » repeats.
    """

    text: str
    span: tuple[int, int]
    kind: str
    key: str | None
    keys: tuple[str, ...] = ()
    where: str = "article"
    date: str | None = None
    number: str | None = None
    code: str | None = None
    articles: tuple[str, ...] = ()
    subject: str | None = None
    susvise: bool = False
    refers_to: int | None = None
    act: str | None = None
    title: str | None = None
    nor: str | None = None
    jorftext: str | None = None
    legitext: str | None = None
    legiarti: str | None = None
    eli: str | None = None
    url: str | None = None
    article_urls: dict[str, str] = field(default_factory=dict)  # code article → its Légifrance page


@cache
def _entries() -> dict[str, CatalogueAct]:
    """The catalogue's acts by the IRI legalgraph gives them."""
    catalogue = seed_catalogue()
    out: dict[str, CatalogueAct] = {}
    for entry in catalogue.acts:
        canonical = catalogue.canonical(entry)
        if canonical.iri:
            out.setdefault(canonical.iri, canonical)
    return out


def _official(iri: str | None, article: bool = False) -> dict[str, str | None]:
    """What the catalogue says of an act: its title, ids, ELI and Légifrance page (as the store writes them)."""
    entry = _entries().get(iri) if iri else None
    if entry is None:
        return {}
    found = {
        "jorfId": entry.jorftext,
        "legiId": None if article else entry.legitext,  # an article's LEGITEXT is its code's
        "nor": entry.nor.split(";")[0].strip().upper() if entry.nor else None,
        "legiArticleId": entry.legiarti,
    }
    found = {k: v for k, v in found.items() if v}
    eli = LEGIFRANCE + entry.eli if entry.eli and entry.eli.startswith("/eli/") else None
    eli = eli or ids.legifrance_eli(entry.nature, entry.date, found.get("nor"))
    return {
        "title": entry.title,
        "nor": found.get("nor"),
        "jorftext": found.get("jorfId"),
        "legitext": found.get("legiId"),
        "legiarti": found.get("legiArticleId"),
        "eli": eli,
        "url": legifrance_url(entry, found, eli),
    }


def _code_page(code: str) -> dict[str, str | None]:
    """A code the catalogue knows by its articles only: its LEGITEXT (and page) is the one its articles give."""
    name = ids.code_name(code)
    legitext = next(
        (e.legitext for e in _entries().values() if e.code and e.code[0] == name and e.legitext), None
    )
    return {"legitext": legitext, "url": f"{LEGIFRANCE}/codes/texte_lc/{legitext}"} if legitext else {}


def _act_iri(c: Citation, earlier: list[str | None]) -> str | None:
    if c.refers_to is not None and 0 <= c.refers_to < len(earlier) and earlier[c.refers_to]:
        return earlier[c.refers_to]
    if c.kind == CitationKind.CODE:
        return ids.citation_act_iri(c)
    if c.kind in (CitationKind.REFERENTIEL, CitationKind.OTHER):
        return None
    return identify_act(c.kind, date=c.date, number=c.number, topic=ids.topic(ids.citation_subject(c)))


def _document(text: str) -> Document:
    """The text as a document (parts found where it has them), its citations found and resolved."""
    from legalgraph.extract.citations import find_document_citations
    from legalgraph.resolve import resolve
    from legalgraph.segment import segment

    source = Source(path=None, format=SourceFormat.TEXT, sha256=hashlib.sha256(text.encode()).hexdigest())
    doc = segment(SourceText(text=text, source=source))
    doc.citations = find_document_citations(doc, whole_text_if_unsegmented=True)
    return resolve(doc)


def _found(mapped: _Mapped, original: str) -> list[tuple[FoundCitation, tuple[int, int]]]:
    """Each citation with its span into ``original`` and its span into the mapped text."""
    doc = _document(mapped.text())
    out, iris = [], []
    for c in doc.citations:
        iri = _act_iri(c, iris)
        iris.append(iri)
        start, end = mapped.source_span(*c.span)
        article_iris = {a: ids.act_iri("code", code=c.code, article=a) for a in c.articles} if c.code else {}
        article_urls = {a: u for a, i in article_iris.items() if (u := _official(i, article=True).get("url"))}
        official = _official(iri) or (_code_page(c.code) if c.kind == CitationKind.CODE and c.code else {})
        if c.kind == CitationKind.CODE and len(article_urls) == 1:  # one article named: its page
            official = {**official, "url": next(iter(article_urls.values()))}
        found = FoundCitation(
            text=original[start:end],
            span=(start, end),
            kind=str(c.kind),
            key=c.key,
            keys=tuple(_keys(c)),
            where=str(c.where),
            date=c.date,
            number=c.number,
            code=c.code,
            articles=tuple(c.articles),
            subject=c.subject,
            susvise=c.susvise,
            refers_to=c.refers_to,
            act=iri,
            article_urls=article_urls,
            **official,
        )
        out.append((found, c.span))
    return out


def _keys(c: Citation) -> list[str]:
    from legalgraph.resolve import citation_keys

    return citation_keys(c)


def citations(text: str) -> list[FoundCitation]:
    """Every citation of ``text`` (a whole arrêté or one sentence), in order, with spans into ``text``, its
    key and the official ids and Légifrance page legalgraph knows for the act it names.

    >>> [c.key for c in citations("Vu le décret n° 2019-14 du 8 janvier 2019 ;")]
    ['decret:2019-14']
    """
    if not isinstance(text, str):
        raise TypeError(f"legalgraph.citations takes the text as a str, not {type(text).__name__}")
    return [f for f, _ in _found(_map_text(text), text)]


# ---- the text with every citation linked ----------------------------------------------------------------

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _checked(url: str, citation: FoundCitation) -> str:
    """A link target: http(s) or relative; never ``javascript:`` or another scheme a browser would run."""
    if _SCHEME.match(url.strip()) and not url.strip().lower().startswith(("http://", "https://")):
        raise ValueError(f"not an http(s) or relative URL for {citation.text!r}: {url!r}")
    return url


def _open_tag(citation: FoundCitation, url: str, attributes: dict[str, str]) -> str:
    attrs = {
        "href": url,
        "class": "legalgraph-citation",
        **({"title": citation.title} if citation.title else {}),
    }
    attrs.update(attributes)
    if citation.key:
        attrs.setdefault("data-key", citation.key)
    return "<a " + " ".join(f'{k}="{htmllib.escape(str(v), quote=True)}"' for k, v in attrs.items()) + ">"


def annotate(
    text_or_html: str,
    url: Callable[[FoundCitation], str | None] | None = None,
    *,
    html: bool | None = None,
    unbalanced: str = "wrap",
    attributes: dict[str, str] | None = None,
) -> str:
    """``text_or_html`` with each citation wrapped in a link: ``<a href="…" class="legalgraph-citation"
    title="<official title>" data-key="decret:2019-14">…</a>``.

    * ``url(citation)`` gives the link of a ``FoundCitation`` (None: left as it is); by default its Légifrance
      page where legalgraph knows one (``citation.url``), so a citation without a known page stays plain text.
      A URL must be http(s) or relative (``ValueError`` otherwise: no ``javascript:`` link).
    * HTML (``html=True``, or by default any text with a tag or an entity) comes back byte for byte, the links
      inserted: markup, attributes, comments and entities are kept; nothing inside ``<script>``, ``<style>``…
      or inside an existing ``<a>`` is linked. A citation that crosses a tag (« décret <b>n° 2019-14</b> »):
      ``unbalanced="wrap"`` (default) links each piece of text in it, ``"skip"`` leaves it unlinked.
    * Plain text comes back as an HTML fragment: the text escaped (``&``, ``<``), the links inserted.
    * ``attributes``: more attributes of every link, e.g. ``{"target": "_blank"}``.
    """
    if not isinstance(text_or_html, str):
        raise TypeError(f"legalgraph.annotate takes a str, not {type(text_or_html).__name__}")
    if unbalanced not in ("wrap", "skip"):
        raise ValueError(f"unbalanced must be 'wrap' or 'skip', not {unbalanced!r}")
    markup = looks_like_html(text_or_html) if html is None else html
    mapped = _map_html(text_or_html) if markup else _map_text(text_or_html)
    link = url or (lambda c: c.url)
    inserts: list[tuple[int, int, str]] = []  # (position, 0 closing / 1 opening, markup)
    for citation, (start, end) in _found(mapped, text_or_html):
        target = link(citation)
        if not target or any(mapped.linked[start:end]):
            continue
        pieces = _pieces(mapped, start, end)
        if len(pieces) > 1 and unbalanced == "skip":
            continue
        tag = _open_tag(citation, _checked(target, citation), attributes or {})
        for a, b in pieces:
            inserts += [(a, 1, tag), (b, 0, "</a>")]
    inserts.sort(key=lambda x: (x[0], x[1]))
    out, pos = [], 0
    for at, _, piece in inserts:
        chunk = text_or_html[pos:at]
        out += [chunk if markup else htmllib.escape(chunk, quote=False), piece]
        pos = at
    rest = text_or_html[pos:]
    out.append(rest if markup else htmllib.escape(rest, quote=False))
    return "".join(out)


def _pieces(mapped: _Mapped, start: int, end: int) -> list[tuple[int, int]]:
    """The source spans of the text runs a mapped span covers (one when no tag crosses it); a run of spaces
    alone between two tags is not worth a link."""
    groups: list[list[int]] = []
    previous = None
    for i in range(start, end):
        run = mapped.run[i]
        if run is not None and run != previous:
            groups.append([])
        if run is not None:
            groups[-1].append(i)
        previous = run
    return [
        (mapped.start[g[0]], mapped.end[g[-1]])
        for g in groups
        if any(not mapped.chars[i].isspace() for i in g)
    ]
