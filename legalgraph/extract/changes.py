"""Changes a modifying act makes to other acts: which act, how, which article, from when.

French modifying texts use the few formules of the Guide de légistique ("Rédaction des textes modificatifs"):

- a chapeau naming the act, then numbered items: "L'arrêté du 21 octobre 2003 susvisé est ainsi modifié : I. - …
  II. - … 1° … a) …". Each item is one change, of the chapeau's act and article unless it names its own;
- a replacement: "L'article 3 de l'arrêté du … est remplacé par les dispositions suivantes : « … »", "… est ainsi
  rédigé : « … »", "Elle annule et remplace l'annexe de l'arrêté du …";
- a change of wording: "les mots : « A » sont remplacés par les mots : « B »" (a renaming when A is the titre's name);
- an insertion: "Après l'article 3, il est inséré un article 3 bis ainsi rédigé", "… est complété par …";
- an abrogation: "L'arrêté du … est abrogé", "Sont abrogés …", "Le présent arrêté abroge l'arrêté du …";
- a prorogation: "… est prorogé pour une durée de cinq ans à compter du …";
- a renaming: "Le titre professionnel de A est renommé / devient B", "L'intitulé du titre … est remplacé par …";
- LEGI copies print "A modifié les dispositions suivantes : - Arrêté du … / Art. 2" in place of the hidden text.

The title ("modifiant l'arrêté du …", "portant reconduction de l'arrêté du …") says there is a change even when a
fragment lacks the articles: it gives one change of the whole act, unless an article-level change of that act was read.

Text inside « … » is the new wording of the act changed: it is blanked before reading, so a quoted "est abrogé" is not
a change of this act. When a change applies: the date its statement (or its chapeau) states ("à compter du 1er
septembre 2012"), else the act's entry into force ("à compter de la date d'entrée en vigueur du présent arrêté", or
any change when "Le présent arrêté entre en vigueur le …"), else publication ("à compter de sa publication": the
text alone gives no date).

``Change.target`` indexes the citations as ``resolve`` leaves them (it drops the mentions of the document itself),
i.e. ``legalgraph.parse(…).citations``; a "susvisé" repeat is followed to the full citation it repeats.
"""

from __future__ import annotations

import copy
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property

from legalgraph.extract.citations import _ART_LIST, _articles
from legalgraph.extract.titre import clean_name
from legalgraph.frtext import DATE, NUMBER, _blanked, body, iso_date, parse_number, squash, tight
from legalgraph.models import Change, ChangeKind, Citation, CitationKind, Document, Span, Where
from legalgraph.patterns import lazy

C = ChangeKind

# The cheap prefilter: a change verb is looked for only where one of these words is (the participles are lower
# case: "Sont abrogés", "Est inséré"); a text whose operative part and title have none is not read further.
_WORDS = (
    "modifi", "remplac", "insér", "abrog", "prorog", "reconduction", "reconduit", "renomm", "devien", "intitulé",
    "complét", "prolong", "ajouté", "introduit", "créé", "rédigé", "supprimé", "dénomm", " prend ", "révis",
    "renouvel",
)  # fmt: skip

# ---- quotes ----------------------------------------------------------------------------------------------------

_QUOTE_MARK = lazy(r"[«»“”]")


def _quotes(text: str, start: int, end: int) -> list[Span]:
    """The quoted spans of ``text[start:end]``, guillemets included. Inside a quote, a « opening a line continues
    it (each paragraph of a quoted article opens with «, only the last closes); a quote left open runs to ``end``
    (a fragment cut inside the new wording)."""
    spans: list[Span] = []
    depth, opened = 0, 0
    for m in _QUOTE_MARK().finditer(text, start, end):
        if m.group(0) in "«“":
            if depth and text[text.rfind("\n", 0, m.start()) + 1 : m.start()].strip(" \t>*") == "":
                continue
            if not depth:
                opened = m.start()
            depth += 1
        elif depth:
            depth -= 1
            if not depth:
                spans.append((opened, m.end()))
    if depth:
        spans.append((opened, end))
    return spans


def _inside(spans: list[Span], pos: int) -> bool:
    i = bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


# ---- statements ----------------------------------------------------------------------------------------------

# An item marker and its level: "I. -" 1, "1°" / "1." 2, "a)" 3, "-" 4.
_MARKER = lazy(
    r"[ \t>*]*(?:(?P<roman>[IVX]+\s?(?:\.\s?[-–—]?|[-–—]))|(?P<num>\d{1,2}\s?(?:°|\.(?=\s)))\s?[-–—]?"
    r"|(?P<letter>[a-z]\s?\))|(?P<dash>[-–—•]))[ \t]*"
)
_LEVEL = {"roman": 1, "num": 2, "letter": 3, "dash": 4}
# Where a statement ends: a full stop (not the dot of "Art. 3", "L. 335-5"), a semicolon, a colon, a line that opens
# with a capital, a quote or an item marker.
_BOUNDARY = lazy(
    r"[.;](?!\s*\d)(?=\s|$)|:(?=\s|$)"
    r"|\n(?=[ \t>*]*(?:[A-ZÀ-ÖØ-Þ«\-–—•]|\d{1,2}\s?(?:°|\.\s))|[ \t]*\n|[ \t]*[a-z]\s?\))"
)
# "les mots : « A » sont remplacés", "par l'intitulé : B": the colon introduces words, not the next statement
_QUOTED = (
    r"(?:mots?|termes?|expressions?|phrases?|références?|mentions?|chiffres?|nombres?|taux|montants?|"
    r"pourcentages?|sommes?|années?|dates?|signes?|lettres?)"
)
_WORDS_COLON = lazy(rf"\b(?:{_QUOTED}|intitulée?s?|dénominations?|appellations?)\s*$", re.I)


@dataclass
class _Statement:
    """One statement of the operative text: its span, its item level, whether it ends with a colon."""

    start: int
    end: int
    level: int  # 0 when no item marker opens it
    colon: bool  # ends with ":" (a chapeau announcing items, or the new wording)


_SPACES = lazy(r"\s*")


def _statements(masked: str, start: int, end: int):
    """The statements of ``masked[start:end]`` in order, each with the level of the item marker opening it."""
    pos = start
    while pos < end:
        pos = _SPACES().match(masked, pos, end).end()  # a blanked quote is a long run of spaces
        if pos >= end:
            return
        level = 0
        m = _MARKER().match(masked, pos, end)
        if m and m.end() < end:
            level = _LEVEL[next(k for k in _LEVEL if m.group(k))]
            pos = m.end()
        scan = pos
        while True:
            b = _BOUNDARY().search(masked, scan, end)
            if b is None:
                stop, colon = end, False
                break
            if b.group(0) == ":" and _WORDS_COLON().search(masked, max(pos, b.start() - 20), b.start()):
                scan = b.end()
                continue
            stop, colon = (b.end(), b.group(0) == ":") if b.group(0) != "\n" else (b.start(), False)
            break
        if stop > pos:
            yield _Statement(pos, stop, level, colon)
        pos = max(stop, pos + 1)


# ---- what a statement says -----------------------------------------------------------------------------------

# The verb of a change: a participle after "est / sont / sera / seront" ("Sont abrogés", "est ainsi rédigé"), an
# active verb with its object ("abroge l'arrêté …"), or LEGI's "A modifié les dispositions suivantes". The first verb
# of a statement decides; its subject then refines the kind. No re.I (×3 slower): participles are lower case.
_OBJ = r"(?=\s+(?:l['’]|les?\b|la\b|ses\b|son\b))"  # an active verb's object: "abroge l'arrêté …"
_VERB = lazy(
    r"\b(?:[Ee]st|[Ss]ont|[Ss]era|[Ss]eront)\s+(?:ainsi\s+|désormais\s+|respectivement\s+)?(?:"
    r"(?P<ins>(?:inséré|ajouté|introduit|complété)e?s?\b"
    r"|créée?s?(?=(?:\s*,[^,;.]{1,120},)?\s+(?:un|une|des|les)\s+(?:nouv\w+\s+)?(?:articles?|annexes?|alinéas?"
    r"|paragraphes?)\b))"  # "Il est créé, dans l'arrêté du …, un article 7"
    r"|(?P<ren>(?:renommé|dénommé)e?s?\b)"
    r"|(?P<pro>(?:prorogé|reconduit|prolongé)e?s?\b)"
    r"|(?P<rep>(?:(?:abrogé|supprimé)e?s?\s+et\s+)?(?:remplacé|rédigé)e?s?\b)"
    r"|(?P<abr>(?:abrogé|supprimé)e?s?\b)"
    r"|(?P<mod>(?:modifié|révisé)e?s?\b))"
    r"|\b(?P<ren_>devien(?:nen)?t\b|prend\s+(?:le\s+nom|l['’]\s*intitulé|la\s+dénomination|l['’]\s*appellation)\b)"
    rf"|\b(?P<pro_>proroge(?:nt)?){_OBJ}|\b(?P<rep_>(?:annulen?t?\s+et\s+)?remplacen?t?){_OBJ}"
    rf"|\b(?P<abr_>abrogen?t?){_OBJ}|\b(?P<mod_>modifien?t?){_OBJ}"
    r"|(?P<legi>\bA\s+(?P<legi_verb>modifié|abrogé|créé)\s+les\s+dispositions\s+suivantes)"
)
_KIND_OF_VERB = {
    "ins": C.INSERTION,
    "ren": C.RENAMING,
    "pro": C.PROROGATION,
    "rep": C.REPLACEMENT,
    "abr": C.ABROGATION,
    "mod": C.MODIFICATION,
}
_LEGI_KIND = {"modifié": C.MODIFICATION, "abrogé": C.ABROGATION, "créé": C.INSERTION}
# the subject of "est remplacé" / "est supprimé" when the change is one of wording, not of a whole part
_WORDING = lazy(rf"\b{_QUOTED}\s*:?\s*$", re.I)
_ALINEA = lazy(r"\balinéas?\b", re.I)
_NAMING = lazy(r"\b(?:intitulée?|dénomination|appellation)\b", re.I)
# a titre's name: not "au titre de l'article …", nor a code's "titre III du livre Ier"
_TITRE = lazy(
    r"(?<!\bau )(?<!\bà )\btitres?\s+(?:professionnels?\b|d['’]|de\s|du\s)|\bcertifications?\b", re.I
)
_PART = lazy(r"\b(?:articles?|annexes?)\b", re.I)
_CHAPEAU = lazy(
    r"\bainsi\s+(?:modifi|révis|complét)|\bcomme\s+suit\b|\bainsi\s+qu['’]\s*il\s+suit\b|\bde\s+la\s+manière\s+suivante\b",
    re.I,
)
# "modifié par l'arrêté …", "dans sa rédaction résultant de la loi …": an agent, not the act changed
_AGENT = lazy(r"(?:\bpar|\brésultant\s+de)\s+(?:l['’]\s*|le\s+|la\s+|les\s+)?$", re.I)

_ARTICLE = lazy(
    rf"\b[Aa]rt(?:icle)?s?\.?\s+(?P<list>{_ART_LIST})|\b(?P<annex>[Aa]nnexes?)\b(?:\s+(?P<n>[IVX]+|\d+)\b)?"
)
# what an insertion adds: "il est inséré un article 3 bis", "… complété par une annexe"
_NEW_PART = lazy(
    rf"\b(?:un|une|des|les)\s+(?:nouv\w+\s+)?(?:articles?\s+(?P<list>{_ART_LIST})|(?P<annex>annexes?)\b)"
)

# when: a stated date, the act's entry into force, its publication
_FROM_DATE = lazy(
    rf"(?:[àa]\s+(?:compter|partir)\s+du|avec\s+effet\s+(?:au|du)|à\s+la\s+date\s+du|dès\s+le)\s+{DATE}", re.I
)
_FROM_ENTRY = lazy(
    r"(?:à\s+(?:compter|partir)\s+de|dès|à)\s+(?:la\s+date\s+d['’]\s*)?(?:l['’]\s*)?entrée\s+en\s+vigueur\s+"
    r"du\s+présent\s+(?:arrêté|décret|texte)",
    re.I,
)
_FROM_PUBLICATION = lazy(
    r"(?:(?:à\s+(?:compter|partir)\s+de|dès)\s+(?:la\s+date\s+de\s+)?(?:sa|la)\s+publication"
    r"|(?:à\s+compter\s+du|le)\s+lendemain\s+(?:du\s+jour\s+)?de\s+(?:sa|la)\s+publication)",
    re.I,
)
_ENTRY = lazy(
    r"(?:[Ll]e\s+présent\s+(?:arrêté|décret)|[Ll]es\s+dispositions\s+du\s+présent\s+(?:arrêté|décret))\s+"
    r"(?:entre(?:nt)?\s+en\s+vigueur|(?:est|sont)\s+applicables?|prend(?:nent)?\s+effet)\b[^.;]{0,80}?"
    rf"(?:(?P<pub>lendemain\s+de\s+sa\s+publication|(?:compter|partir)\s+de\s+sa\s+publication)"
    rf"|(?:\ble|à\s+compter\s+du|à\s+partir\s+du|à\s+la\s+date\s+du|au)\s+{DATE})"
)
_YEARS = lazy(
    r"(?:pour\s+une\s+(?:nouvelle\s+)?(?:durée|période)\s+(?:maximale\s+|supplémentaire\s+)?(?:de\s+|d['’]\s*)"
    rf"|pour\s+|\bd['’]\s*|\bde\s+)(?P<n>{NUMBER})\s+(?:ans|années|an|année)\b",
    re.I,
)
_TITRE_OF = lazy(r"titre\s+professionnel\s+(?:de\s+l['’]\s*|d['’]\s*|de\s+|du\s+|des\s+)(?P<name>.+)", re.I)

# the title: "modifiant l'arrêté du …", "portant reconduction de l'arrêté du …"
_TITLE_VERB = lazy(
    r"\b(?:(?P<mod>modifiant|complétant|révisant|portant\s+(?:modification|révision)\s+(?:de|des|du))"
    r"|(?P<pro>prorogeant|reconduisant|prolongeant|renouvelant|portant\s+(?:reconduction|prorogation|prolongation|"
    r"renouvellement)\s+(?:de|des|du))|(?P<abr>abrogeant|portant\s+abrogation\s+(?:de|des|du)))"
    r"\s*(?:l['’]\s*|les\s+|le\s+|la\s+)?",
    re.I,
)
_TITLE_LIST = lazy(
    r"\s*(?:,|\bet\b)\s*(?:de\s+l['’]\s*|de\s+la\s+|du\s+|des\s+|l['’]\s*|les\s+|le\s+|la\s+|celui\s+)?", re.I
)

_NOT_TARGETS = (CitationKind.AVIS,)


@dataclass
class _When:
    """When a change takes effect: the date, and what it is counted from."""

    date: str | None = None
    basis: str | None = None


@dataclass
class _Chapeau:
    """An "… est ainsi modifié :" statement: what its items inherit, and whether any of them changed something."""

    statement: _Statement
    level: int
    targets: list[int]
    articles: list[str]
    when: _When | None  # the date its statement (or an outer chapeau) gives
    kind: ChangeKind
    listing: bool = False  # "Sont abrogés :": the items name the acts, without a verb of their own
    used: bool = False


@dataclass
class _Reader:
    """What reading one text's changes needs: the operative text, its quotes, and the changes found."""

    doc: Document
    masked: str  # the operative text (``frtext.body``), quotes blanked
    quotes: list[Span]
    # the one act the title changes: the target of a statement that names none, outside any chapeau
    fallback: list[int] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    @cached_property
    def citations(self) -> list[Citation]:
        """``doc.citations`` as ``resolve`` leaves them (self-mentions dropped, repeats tied), read from copies:
        ``extract`` runs before ``resolve``, and the targets index what ``legalgraph.parse`` returns. Made only
        for a text where a change verb was found."""
        from legalgraph.resolve import resolve  # resolve imports the extractors' helpers: imported late

        probe = copy.copy(self.doc)
        probe.citations = [copy.copy(c) for c in self.doc.citations]
        return resolve(probe).citations

    @cached_property
    def entry(self) -> _When:
        """The act's own entry into force: "Le présent arrêté entre en vigueur le 1er septembre 2012" (or "… le
        lendemain de sa publication"); no date nor basis when the text does not say."""
        m = _ENTRY().search(self.masked) if "présent" in self.masked else None
        if not m:
            return _When()
        return _When(None, "publication") if m.group("pub") else _When(iso_date(m), "entry-into-force")

    @cached_property
    def starts(self) -> list[int]:
        return [c.span[0] for c in self.citations]

    def change(
        self, kind: ChangeKind, span: Span, target: int | None, article: str | None, when: _When, years=None
    ) -> None:
        self.changes.append(Change(kind, span, target, article, when.date, when.basis, years))


def find_changes(doc: Document) -> list[Change]:
    """The changes ``doc`` makes to other acts, in text order."""
    text = body(doc)  # the title and the visas blanked: "Vu l'arrêté du … modifié" changes nothing
    title = doc.text[doc.title_span[0] : doc.title_span[1]] if doc.title_span else ""
    stems = _stems(text)  # the prefilter: where a verb may be
    title_verb = _TITLE_VERB().search(title)
    if not (stems or title_verb):
        return []
    regions = sorted([a.span for a in doc.articles] + [a.span for a in doc.annexes]) or [(0, len(text))]
    quotes = [q for start, end in regions for q in _quotes(text, start, end)]
    masked = _blanked(text, quotes)  # a stem inside a quote now stands before spaces: no verb matches there
    reader = _Reader(doc, masked, quotes)
    titled = _title_targets(reader) if title_verb else []
    reader.fallback = [t for t, _ in titled] if len(titled) == 1 else []
    for start, end in regions:
        if _verb(masked, stems, start, end):
            _read_region(reader, start, end, stems)
    changes = reader.changes
    if not changes and not titled:
        return []
    # the title's acts that no article-level change names: one change of the whole act each
    citations = reader.citations
    changed = {_identity(citations, c.target) for c in changes if c.target is not None}
    for target, kind in titled:
        if _identity(citations, target) not in changed:
            changes.append(Change(kind, doc.title_span, target, None, reader.entry.date, reader.entry.basis))
    return _unique(sorted(changes, key=lambda c: c.span), citations, doc.text)


def _identity(citations: list[Citation], i: int | None) -> str | int | None:
    """What tells two targets apart: the act's key, else the citation's index."""
    if i is None:
        return None
    return citations[i].key or i


def _unique(changes: list[Change], citations: list[Citation], text: str) -> list[Change]:
    """Each statement once: a page may print the modifying text twice (a consolidated copy's "Version 1")."""
    seen: set = set()
    out = []
    for c in changes:
        key = (c.kind, _identity(citations, c.target), c.article, c.date, squash(text[c.span[0] : c.span[1]]))
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


# ---- the title ---------------------------------------------------------------------------------------------------


def _title_targets(reader: _Reader) -> list[tuple[int, ChangeKind]]:
    """(target, kind) for each act the title says the document modifies, prorogues or abrogates."""
    doc, citations = reader.doc, reader.citations
    start, end = doc.title_span
    in_title = [(i, c) for i, c in enumerate(citations) if c.where is Where.TITLE]
    out: list[tuple[int, ChangeKind]] = []
    for m in _TITLE_VERB().finditer(doc.text, start, end):
        kind = C.PROROGATION if m.group("pro") else C.ABROGATION if m.group("abr") else C.MODIFICATION
        pos = m.end()
        for i, c in in_title:  # the citation right after the verb, then the ones listed after it
            if c.span[0] < pos:
                continue
            if c.span[0] - pos > 2:
                break
            if c.kind not in _NOT_TARGETS:
                out.append((_full(citations, i), kind))
            sep = _TITLE_LIST().match(doc.text, c.span[1], end)
            if not sep:
                break
            pos = sep.end()
    return out


def _full(citations: list[Citation], i: int) -> int:
    """The full citation a "susvisé" repeat repeats, else the citation itself."""
    ref = citations[i].refers_to
    return ref if ref is not None else i


# ---- the body ----------------------------------------------------------------------------------------------------


def _when(reader: _Reader, start: int, end: int) -> _When | None:
    """The date a statement gives for its change, or None when it gives none."""
    m = _FROM_DATE().search(reader.masked, start, end)
    if m:
        return _When(iso_date(m), "stated")
    if _FROM_ENTRY().search(reader.masked, start, end):
        # "à compter de la date d'entrée en vigueur du présent arrêté": the date the act states for it, if any
        return reader.entry if reader.entry.basis else _When(None, "entry-into-force")
    if _FROM_PUBLICATION().search(reader.masked, start, end):
        return _When(None, "publication")
    return None


def _targets(reader: _Reader, start: int, end: int) -> list[tuple[int, list[str]]]:
    """The acts named in ``masked[start:end]`` (outside quotes, not as an agent "… par l'arrêté du …"): the full
    citation of each, with the articles the mention names."""
    out: list[tuple[int, list[str]]] = []
    raw = reader.doc.citations  # the same spans before resolve: tells cheaply that there is none to resolve
    j = bisect_left(raw, start, key=lambda c: c.span[0])
    if j == len(raw) or raw[j].span[0] >= end:
        return out
    i = bisect_right(reader.starts, start - 1)
    while i < len(reader.citations) and reader.citations[i].span[0] < end:
        c = reader.citations[i]
        s = c.span[0]
        if (
            c.kind not in _NOT_TARGETS
            and not _inside(reader.quotes, s)
            and not _AGENT().search(reader.doc.text, max(0, s - 20), s)
        ):
            out.append((_full(reader.citations, i), c.articles))
        i += 1
    return out


def _parts(m: re.Match | None) -> list[str]:
    """The articles ("3", "3 bis", "1er" → "1") or the annex ("annexe", "annexe II") a part mention names."""
    if not m:
        return []
    if m.group("annex"):
        n = m.groupdict().get("n")
        return [f"annexe {n}" if n else "annexe"]
    return _articles(m.group("list"))


def _stems(masked: str) -> list[int]:
    """Where the words of ``_WORDS`` occur, in order (``str.find`` runs far faster than a regular expression
    scanning the whole text for the verbs)."""
    out = []
    for w in _WORDS:
        p = masked.find(w)
        while p >= 0:
            out.append(p)
            p = masked.find(w, p + 1)
    return sorted(out)


# What stands before a participle ("sont ainsi ", "est "), or LEGI's "A " before "modifié les dispositions …"
_BEFORE_STEM = lazy(
    r"(?:\b(?:[Ee]st|[Ss]ont|[Ss]era|[Ss]eront)\s+(?:ainsi\s+|désormais\s+|respectivement\s+)?|\bA\s+)$"
)


def _verb(masked: str, stems: list[int], start: int, end: int) -> re.Match | None:
    """The first change verb of ``masked[start:end]``: ``_VERB`` matched where a stem is (an active verb starts
    there) or where its auxiliary starts — anchored matches, not a scan."""
    i = bisect_left(stems, start)
    while i < len(stems) and stems[i] < end:
        p = stems[i] + (masked[stems[i]] == " ")  # " prend "
        before = _BEFORE_STEM().search(masked, max(start, p - 30), p)
        m = _VERB().match(masked, before.start() if before else p, end)
        if m:
            return m
        i += 1
    return None


def _read_region(reader: _Reader, start: int, end: int, stems: list[int]) -> None:
    """The changes of one article (or annex): each statement in order, items under their chapeau."""
    stack: list[_Chapeau] = []
    skip_to = start
    for st in _statements(reader.masked, start, end):
        if st.start < skip_to:
            continue
        if st.level:
            _pop(reader, stack, lambda c, level=st.level: c.level >= level)
        m = _verb(reader.masked, stems, st.start, st.end)
        if m and m.group("legi"):
            skip_to = _read_legi(reader, st, m, stack)
        elif m:
            _read_statement(reader, st, m, stack)
        elif stack and stack[-1].listing and st.level:
            # "Sont abrogés : - l'arrêté du … ; - l'arrêté du …": each item names an act the chapeau's verb changes
            top = stack[-1]
            for target, articles in _targets(reader, st.start, st.end):
                top.used = True
                for article in articles or [None]:
                    reader.change(top.kind, (st.start, st.end), target, article, top.when or reader.entry)
    _pop(reader, stack, lambda c: True)


def _read_statement(reader: _Reader, st: _Statement, m: re.Match, stack: list[_Chapeau]) -> None:
    masked = reader.masked
    found = m.groupdict()
    verb = next(k for k in _KIND_OF_VERB if found[k] or found.get(k + "_"))  # passive or active
    subject, obj = (st.start, m.start()), (m.end(), st.end)
    # the act changed is the verb's subject ("L'article 2 de l'arrêté du … est abrogé"), else its object
    # ("Est abrogé l'arrêté du …", "Elle annule et remplace l'annexe de l'arrêté du …")
    by_subject = _targets(reader, *subject)
    named = by_subject or _targets(reader, *obj)
    own = list(dict.fromkeys(t for t, _ in named))
    kind = _refine(reader, _KIND_OF_VERB[verb], verb, m, subject, own)
    if kind is None:
        return
    # the part changed: a new article inserted ("il est inséré un article 3 bis"), else the one named
    articles = _parts(_NEW_PART().search(masked, *obj)) if kind is C.INSERTION else []
    articles = articles or _parts(_ARTICLE().search(masked, *subject))
    if not articles and not by_subject:
        articles = _parts(_ARTICLE().search(masked, *obj))
    top = stack[-1] if stack else None
    own_when = _when(reader, st.start, st.end) or (top.when if top else None)
    targets = own or (top.targets if top else reader.fallback)
    if not own and not articles and top:
        articles = top.articles
    listing = st.colon and not own and not articles and kind in (C.ABROGATION, C.PROROGATION)
    if not (listing or own or articles or top or kind is C.RENAMING or _TITRE().search(masked, *subject)):
        return  # nothing tells what is changed ("Il est modifié.", "Le tableau est ainsi modifié :")
    if verb == "mod" and "révis" in m.group(0) and not own:
        return  # "Le titre professionnel de X est révisé": a new version, not a change of another act
    if st.colon and (listing or _CHAPEAU().search(masked, st.start, st.end)):
        # "… est ainsi modifié :", "Sont abrogés :": the items that follow say what changes; the chapeau counts
        # only if none does
        _pop(reader, stack, lambda c, level=st.level: c.level >= level)
        stack.append(_Chapeau(st, st.level, targets, articles, own_when, kind, listing))
        return
    for c in stack:
        c.used = True
    years = None
    if kind is C.PROROGATION:
        y = _YEARS().search(masked, st.start, st.end)
        years = parse_number(y.group("n")) if y else None
    span, when = (st.start, st.end), own_when or reader.entry
    if len(named) > 1:  # "L'article 2 de l'arrêté du … et l'article 5 de l'arrêté du … sont abrogés"
        for target, mentioned in named:
            for article in mentioned or [None]:
                reader.change(kind, span, target, article, when, years)
        return
    for target in targets or [None]:
        for article in articles or [None]:
            reader.change(kind, span, target, article, when, years)


def _refine(
    reader: _Reader, kind: ChangeKind, verb: str, m: re.Match, subject: Span, own: list[int]
) -> ChangeKind | None:
    """The kind once the subject is known: words replaced, an intitulé renamed, a part renumbered; None when the
    verb's subject is not something a text changes."""
    masked = reader.masked
    subj = masked[subject[0] : subject[1]]
    if verb == "ren":
        if _NAMING().search(subj) or _TITRE().search(subj):
            return C.RENAMING
        if m.group(0).startswith("devien") and _PART().search(subj):
            return C.MODIFICATION  # "L'article 3 devient l'article 4": a renumbering
        return None
    if verb in ("rep", "mod") and _NAMING().search(subj) and _TITRE().search(subj):
        return C.RENAMING  # "L'intitulé du titre professionnel de A est remplacé par l'intitulé B"
    if verb == "rep" and _WORDING().search(subj):
        # "les mots « A » sont remplacés par les mots « B »": a renaming when A is the titre's name
        return C.RENAMING if _renames(reader, subject, own) else C.MODIFICATION
    if verb == "abr" and "supprim" in m.group(0) and (_WORDING().search(subj) or _ALINEA().search(subj)):
        return C.MODIFICATION  # words or a paragraph struck out: the article stays, modified
    return kind


def _renames(reader: _Reader, subject: Span, own: list[int]) -> bool:
    """ "les mots « A » sont remplacés par les mots « B »" where A is the name of the titre."""
    old = next((q for q in reader.quotes if subject[0] <= q[0] < subject[1]), None)
    if old is None:
        return False
    names = []
    for i in own or reader.fallback:
        tm = _TITRE_OF().search(reader.citations[i].subject or "")
        if tm:
            names.append(tm.group("name"))
    titre = reader.doc.titre
    if titre is not None:
        names += [n for n in (titre.name, *titre.former_names) if n]  # the name may be unknown (null)
    wording = tight(clean_name(reader.doc.text[old[0] + 1 : old[1] - 1]))
    return any(tight(clean_name(n)) == wording for n in names)


def _pop(reader: _Reader, stack: list[_Chapeau], closes) -> None:
    """Close the chapeaus ``closes`` selects (innermost first); one whose items changed nothing is a change itself."""
    while stack and closes(stack[-1]):
        c = stack.pop()
        if not c.used:
            span = (c.statement.start, c.statement.end)
            for target in c.targets or [None]:
                reader.change(
                    c.kind, span, target, c.articles[0] if c.articles else None, c.when or reader.entry
                )
            for outer in stack:
                outer.used = True


# "A modifié les dispositions suivantes :" then a list: "- Arrêté du 10 octobre 2007", "Art. 2", "Annexe"
_LEGI_LINE = lazy(r"[ \t>*]*(?:[-–•][ \t]*)?(?P<item>[^\n]*)")
_LEGI_PART = lazy(
    rf"(?:[Aa]rt(?:icle)?s?\.?\s+(?P<list>{_ART_LIST})|(?P<annex>[Aa]nnexes?)(?:\s+(?P<n>[IVX]+|\d+))?)\s*$"
)


def _read_legi(reader: _Reader, st: _Statement, m: re.Match, stack: list[_Chapeau]) -> int:
    """The LEGI block of a consolidated copy: one change per article listed, of the act listed before it."""
    kind = _LEGI_KIND[m.group("legi_verb")]
    text, end = reader.masked, len(reader.masked)
    pos = st.end
    target = None
    found = False
    when = _when(reader, st.start, st.end) or reader.entry
    while pos < end:
        nl = text.find("\n", pos)
        line_end = end if nl < 0 else nl
        lm = _LEGI_LINE().match(text, pos, line_end)
        item_start = lm.start("item")
        if not text[pos:line_end].strip():
            pos = line_end + 1
            continue
        part = _LEGI_PART().match(text, item_start, line_end)
        acts = _targets(reader, item_start, item_start + 3)
        if acts:
            target = acts[0][0]
        elif part:
            for article in _parts(part):
                reader.change(kind, (st.start, line_end), target, article, when)
            found = True
        else:
            break
        pos = line_end + 1
    if not found:
        reader.change(kind, (st.start, st.end), target, None, when)
    for c in stack:
        c.used = True
    return pos
