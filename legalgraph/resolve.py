"""Stage 4, `resolve`: "susvisé" mentions to their antecedents, citation keys, previous versions of the titre.

- ``citation_key(c)`` / ``citation_keys(c)``: the keys of GOLD.md (``decret:2019-14``, ``arrete:2015-12-22``,
  ``code:code de l'education:L335-5``…), defined in ``legalgraph.norm`` (every stage shares them).
- ``act_key(c)``: an identifier for the cited act in the graph. A number identifies an act; a date does not
  (two arrêtés signed the same day on two titres), so an act without number is ``<kind>:<date>:<subject slug>``.
- ``resolve(doc)``: drops the mentions that name the document itself (its title, its Légifrance headers), ties
  every "susvisé"/"précité"/"dudit" mention to the full citation it repeats (``refers_to``, and the identity
  fields the repeat leaves out), and fills ``doc.previous_acts``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from legalgraph.extract.citations import SUSVISE, find_citations
from legalgraph.models import Citation, CitationKind, Document, Nature, Where
from legalgraph.norm import citation_key, citation_keys, code_key_name, fold_for_key
from legalgraph.patterns import lazy

K = CitationKind
AP = "['’]"

__all__ = [
    "act_key",
    "citation_key",
    "citation_keys",
    "document_keys",
    "previous_acts",
    "resolve",
    "same_act",
    "subject_slug",
]


# ---- keys ---------------------------------------------------------------------------------------------------


def document_keys(doc: Document) -> set[str]:
    """The ``citation_keys`` set of a resolved document."""
    return {k for c in doc.citations for k in citation_keys(c)}


# ---- act identity -------------------------------------------------------------------------------------------

# gender marks of titre names ("conseiller(ère)", "agent (e)", "technicien(ne)") vary between two mentions
# of the same act; they are dropped before comparing
_INFLECTION = lazy(r"\s?\((?:e|ne|se|ere|ère|ière|iere|trice|euse|rice|es|s|x|le|elle)\)", re.I)
_STOP_WORDS = (
    "a au aux d de des du en et l la le les ou par pour sur un une relatif relative relatifs relatives "
    "portant modifie modifiant"
)
_STOP = frozenset(_STOP_WORDS.split())


def _tokens(s: str) -> list[str]:
    s = _INFLECTION().sub("", s)
    return [t for t in re.findall(r"[a-z0-9]+", fold_for_key(s)) if t not in _STOP]


def subject_slug(subject: str | None) -> str | None:
    """A stable form of a subject: folded, gender marks and small words dropped, words joined by '-'."""
    if not subject:
        return None
    toks = _tokens(subject)
    return "-".join(toks) or None


def _stem(t: str) -> str:
    for suf in ("s", "x"):
        if len(t) > 3 and t.endswith(suf):
            t = t[: -len(suf)]
    if len(t) > 3 and t.endswith("e"):
        t = t[:-1]
    return t


def subjects_match(a: str | None, b: str | None) -> bool:
    """Two subjects name the same act: they share most of their words (gender marks, plurals and small words
    aside). "… du ministère chargé de l'emploi" and "… du ministre chargé de l'emploi" match; "titre
    professionnel de gestionnaire des opérations de transport routier" and "… d'exploitant en transport
    routier" do not."""
    if not a or not b:
        return False
    ta, tb = {_stem(t) for t in _tokens(a)}, {_stem(t) for t in _tokens(b)}
    if not ta or not tb:
        return False
    return len(ta & tb) / len(ta | tb) >= 0.7


def act_key(c: Citation, doc: Document | None = None) -> str | None:
    """Identifier of the cited act: ``code:<name>``, ``<kind>:<number>``, ``<kind>:<date>[:<subject slug>]``.

    With ``doc``, a repeat takes its antecedent's key, and a mention without subject ("(arrêté du 11/12/2017)")
    takes the subject of the one act of that kind and date the document names with a subject."""
    if doc is not None and c.refers_to is not None and 0 <= c.refers_to < len(doc.citations):
        c = doc.citations[c.refers_to]
    key = citation_key(c)
    if key is None or c.kind == K.CODE or c.number:
        return key
    subject = c.subject
    if subject is None and doc is not None:
        others = {
            subject_slug(o.subject)
            for o in doc.citations
            if o.kind == c.kind and o.date == c.date and o.subject and not o.number
        }
        subject = next(iter(others)) if len(others) == 1 else None
        slug = subject
    else:
        slug = subject_slug(subject)
    return f"{key}:{slug}" if slug else key


def same_act(a: Citation, b: Citation) -> bool:
    """Whether two citations (of one or two documents) designate the same act."""
    if a.kind != b.kind:
        return False
    if a.kind == K.CODE:
        return bool(a.code and b.code and code_key_name(a.code) == code_key_name(b.code))
    if a.number and b.number:
        return a.number == b.number
    if not (a.date and a.date == b.date):
        return False
    return not a.subject or not b.subject or subjects_match(a.subject, b.subject)


# ---- the document itself --------------------------------------------------------------------------------------

_NATURE_KIND = {
    Nature.ARRETE: K.ARRETE,
    Nature.DECRET: K.DECRET,
    Nature.LOI: K.LOI,
    Nature.ORDONNANCE: K.ORDONNANCE,
    Nature.DECISION: K.DECISION,
    Nature.CIRCULAIRE: K.CIRCULAIRE,
}


@dataclass
class _Own:
    """What names the document itself: its nature, date, number and subject."""

    kinds: set
    date: str | None
    number: str | None
    subject: str | None


def _own_identity(doc: Document) -> _Own:
    """The document's own identity, from its title ("Décret n° 2019-14 du 8 janvier 2019 relatif …"), nature
    and date."""
    own = _Own(set(), doc.date, None, None)
    if doc.title:
        first = find_citations(doc.title, 0, None, Where.ARTICLE)
        if first and first[0].span[0] < 8 and (first[0].date or first[0].number):
            own.kinds.add(first[0].kind)
            own.date = first[0].date or own.date
            own.number, own.subject = first[0].number, first[0].subject
    if doc.nature in _NATURE_KIND:
        own.kinds = {_NATURE_KIND[doc.nature]}
    if not own.kinds:
        own.kinds = {K.ARRETE, K.DECRET}
    return own


_LINE_LEAD = lazy(r"(?:<[^>\n]*>|[\s#*>\-•|])*")  # markup, bullets, table bars


def _heading_like(text: str, c: Citation) -> bool:
    """The mention opens its line with no determiner: a heading naming the text ("Arrêté du 4 avril 2016")."""
    s = c.span[0]
    lo = max(0, s - 40)
    nl = text.rfind("\n", lo, s)
    if nl < 0 and lo > 0:
        return False  # no line start close before it
    return _LINE_LEAD().fullmatch(text, nl + 1, s) is not None


def _is_self(c: Citation, doc: Document, own: _Own) -> bool:
    """The mention names the document itself: its title, a heading, a Légifrance label of its versions."""
    if c.susvise or c.kind not in own.kinds:
        return False
    if c.number or own.number:
        return bool(c.number and c.number == own.number)
    if not own.date or c.date != own.date:
        return False
    if not c.subject:
        return True
    return subjects_match(c.subject, own.subject) or _heading_like(doc.text, c)


# ---- susvisé -----------------------------------------------------------------------------------------------------


def _nearest_before(indices: list[int], i: int) -> int | None:
    k = bisect_left(indices, i)
    return indices[k - 1] if k else None


def _first_after(indices: list[int], i: int) -> int | None:
    k = bisect_right(indices, i)
    return indices[k] if k < len(indices) else None


class _Antecedents:
    """Where the full (not "susvisé") citations of each kind are, by number, date and code, so that each repeat
    finds its antecedent by a lookup rather than a scan of every citation before it (a long consolidated text
    has thousands of repeats)."""

    def __init__(self, cits: list[Citation]):
        self.cits = cits
        self.any: dict[CitationKind, list[int]] = defaultdict(list)  # every mention of the kind
        self.full: dict[CitationKind, list[int]] = defaultdict(list)
        self.by_number: dict[tuple, list[int]] = defaultdict(list)
        self.by_date: dict[tuple, list[int]] = defaultdict(list)
        self.by_code: dict[str, list[int]] = defaultdict(list)
        for j, c in enumerate(cits):
            self.any[c.kind].append(j)
            if c.susvise:
                continue
            self.full[c.kind].append(j)
            if c.number:
                self.by_number[c.kind, c.number].append(j)
            self.by_date[c.kind, c.date].append(j)
            if c.kind == K.CODE and c.code:
                self.by_code[code_key_name(c.code)].append(j)

    def _same_identity(self, c: Citation, i: int, before: bool) -> int | None:
        """The nearest full citation before ``i`` (else the first after it) naming the act ``c`` names by its
        number, else by its date (and subject, when ``c`` has one)."""
        if c.number:
            found = self.by_number.get((c.kind, c.number), [])
            return _nearest_before(found, i) if before else _first_after(found, i)
        same = self.by_date.get((c.kind, c.date), [])
        k = bisect_left(same, i)
        ordered = reversed(same[:k]) if before else iter(same[bisect_right(same, i) :])
        if c.subject:
            return next((j for j in ordered if subjects_match(self.cits[j].subject, c.subject)), None)
        return next(ordered, None)

    def of(self, i: int) -> int | None:
        """The index of the full citation that the repeat ``cits[i]`` names, or None."""
        c = self.cits[i]
        if c.kind == K.CODE:
            return _nearest_before(self.by_code.get(code_key_name(c.code), []), i) if c.code else None
        if c.number or c.date:
            found = self._same_identity(c, i, before=True)
            if found is None:
                # a consolidated copy lost its visas: the full mention may come later ("Bases légales" of the annex)
                found = self._same_identity(c, i, before=False)
            return found
        full = _nearest_before(self.full.get(c.kind, []), i)
        if full is not None:
            return full
        # "le décret susvisé" after "l'article 2 du décret du 26 avril 2002 susvisé": the nearest repeat's source
        j = _nearest_before(self.any.get(c.kind, []), i)
        return self.cits[j].refers_to if j is not None else None


def _tie_repeats(cits: list[Citation]) -> None:
    antecedents = _Antecedents(cits)  # the full citations are not changed below: only the repeats are
    for i, c in enumerate(cits):
        c.refers_to = None
        if not c.susvise:
            continue
        j = antecedents.of(i)
        if j is None:
            continue
        c.refers_to = j
        a = cits[j]
        # the repeat names the same act: it takes the identity its wording leaves out, so that its key is the
        # antecedent's; ``subject`` stays what the mention itself says (``act_key(c, doc)`` follows refers_to)
        c.number = c.number or a.number
        c.date = c.date or a.date
        c.code = c.code or a.code


# ---- previous acts ---------------------------------------------------------------------------------------------

# arrêtés for every titre of the ministry (conditions de délivrance, règlement général des sessions…)
_GENERAL = lazy(
    r"conditions de delivrance|reglement general|sessions? (?:d'examen|de validation)|"
    r"titres? professionnels? du ministere|du ministere charge de l'emploi\s*$"
)
_TITRE_NAME = lazy(
    rf"(?i:titres?\s+professionnels?|titres?|certifications?)\s+(?:de\s+la\s+|de\s+l{AP}|d{AP}|de\s+|du\s+|des\s+)"
    rf"(?P<name>[^;:.]+)"
)
_TEXT_TITRE = lazy(
    rf"(?i:le\s+titre\s+professionnel\s+(?:de\s+la\s+|de\s+l{AP}|d{AP}|de\s+|du\s+|des\s+)?)"
    r"(?P<name>[^;:.\n]{3,120}?)\s+(?:est|sont)\s+(?:créé|révisé|enregistré|prorogé|classé|composé|reconduit)"
)
# words every titre name may share: they do not tell two titres apart
_GENERIC_WORDS = frozenset(
    _stem(w)
    for w in re.findall(
        r"\S+",
        "technicien technicienne superieur superieure agent agente conseiller conseillere assistant assistante "
        "responsable operateur operatrice employe employee superviseur superviseuse charge chargee gestionnaire "
        "monteur monteuse animateur animatrice secretaire manager ouvrier ouvriere preparateur preparatrice "
        "installateur installatrice formateur formatrice chef titre professionnel professionnelle option "
        "specialite niveau qualifie qualifiee polyvalent polyvalente ministere emploi travail",
    )
)
_MODIFYING_BEFORE = lazy(
    rf"(?i:modifiant|portant\s+modification\s+(?:de|d{AP}|des)|portant\s+(?:reconduction|prorogation|révision|"
    rf"abrogation)\s+(?:de|d{AP}|des)|prorogeant|reconduisant|révisant|abrogeant|complétant|"
    rf"remplace\s+l{AP}annexe\s+(?:à|de)|a\s+modifié\s+les\s+dispositions\s+suivantes\s*:)"
    rf"[\s>\-–]*(?i:l{AP}|les\s+|la\s+|le\s+)?\s*$"
)
_MODIFIED_AFTER = lazy(
    rf"^(?:\s*,?\s*(?i:modifiée?s?|{SUSVISE}))*\s*,?\s*"
    rf"(?:(?i:est|sont)\s+(?i:ainsi\s+)?(?i:modifi|révis|prorog|remplac|complét|abrog|reconduit|rectifi)"
    rf"|,?\s*(?i:il\s+est\s+(?:inséré|ajouté|créé)|les\s+mots))"
)
_LABEL_OPEN = lazy(r"\(\s*(?:<[^>]*>\s*)*(?i:arr[êe]t[ée]s?)\b")
_PRESENT = lazy(r"(?i:pr[ée]sent\s+arr[êe]t[ée])")


def _titre_names(doc: Document) -> list[str]:
    names: list[str] = []
    if doc.titre is not None:
        names += [n for n in (doc.titre.name, *doc.titre.former_names) if n]  # the name may be unknown (null)
    if not names and doc.title:
        m = _TITRE_NAME().search(doc.title)
        if m:
            names.append(m.group("name"))
    if not names:
        m = _TEXT_TITRE().search(doc.text)
        if m:
            names.append(m.group("name"))
    return [n for n in names if n]


@lru_cache(maxsize=1024)
def _name_words(name: str) -> tuple[frozenset[str], frozenset[str]]:
    """(the words of a titre's name, its first word). The first word is the job ("vendeur", "mécanicien"):
    sibling titres share it, whatever the job, so it tells no titre apart; ``_GENERIC_WORDS`` adds the common
    jobs and qualifiers found elsewhere in a name ("technicien supérieur", "agent qualifié")."""
    words = [_stem(t) for t in _tokens(name) if len(t) > 2]
    return frozenset(words), frozenset(words[:1])


def _same_titre(subject: str, names: list[str]) -> bool:
    """The subject names a titre sharing a distinctive word with the document's titre (titres get renamed:
    "responsable de cuisine" → "chef de cuisine"; a sibling titre cited for shared CCPs shares none)."""
    found = list(_TITRE_NAME().finditer(subject))
    if not found:
        return False
    cited, cited_head = _name_words(found[-1].group("name"))
    if not names:
        return True
    for name in names:
        own, own_head = _name_words(name)
        shared = cited & own
        generic = _GENERIC_WORDS | cited_head | own_head
        # a distinctive word in common, or a common word when one name has nothing else ("commercial(e)")
        if shared - generic or (shared and not (cited - generic and own - generic)):
            return True
    return False


def _modified_here(text: str, c: Citation) -> bool:
    """The text modifies, prorogues, revises or replaces a part of the cited act."""
    s, e = c.span
    return bool(
        _MODIFYING_BEFORE().search(text, max(0, s - 80), s) or _MODIFIED_AFTER().match(text[e : e + 120])
    )


def _version_label(text: str, c: Citation) -> bool:
    """The mention labels the old version in an equivalence table: "(arrêté du 11/12/2017)", "(arrêtés du 12
    février 2004 et du 2 mars 2010)", or a header cell "Arrêté du 14 décembre 2004" next to "Présent arrêté"."""
    s = c.span[0]
    lo = max(0, s - 300)
    opened = text.rfind("(", lo, s)
    if opened >= 0 and ")" not in text[opened:s] and _LABEL_OPEN().match(text, opened):
        return True
    if _heading_like(text, c):
        line_end = text.find("\n", c.span[1])
        rest = text[c.span[1] : line_end if line_end >= 0 else len(text)]
        if _LINE_LEAD().fullmatch(rest) and _PRESENT().search(text, c.span[1], c.span[1] + 300):
            return True
    return False


def previous_acts(doc: Document, own: _Own | None = None) -> list[str]:
    """ISO dates of the earlier arrêtés about the document's titre that it cites, oldest first: the arrêtés it
    modifies or prorogues, the old versions its equivalence tables name, and the arrêtés cited as "relatif au
    titre professionnel de …" / "portant création du titre professionnel …" of the same titre, dated before it.
    The ministry's general arrêtés (conditions de délivrance, règlement des sessions) are not versions.
    ``own``: the document's identity, when the caller has read it already."""
    own_date = (own or _own_identity(doc)).date
    names = _titre_names(doc)
    cits = doc.citations
    subjects: dict[str, str] = {}
    for c in cits:
        if c.kind == K.ARRETE and c.date and c.subject and not c.susvise:
            subjects.setdefault(c.date, c.subject)
    dates: set[str] = set()
    for c in cits:
        if c.kind != K.ARRETE or not c.date or c.number:
            continue
        subject = c.subject or subjects.get(c.date)
        if subject and _GENERAL().search(fold_for_key(subject)):
            continue
        if own_date and c.date == own_date and not c.subject:
            continue
        version_event = _modified_here(doc.text, c) or _version_label(doc.text, c)
        about_titre = (
            subject
            and (own_date is None or c.date < own_date)
            and _TITRE_NAME().search(subject)
            and _same_titre(subject, names)
        )
        if version_event or about_titre:
            dates.add(c.date)
    cited = {c.date for c in cits if c.kind == K.ARRETE and c.date}
    for e in doc.equivalences:
        if e.old_act_date and e.old_act_date in cited and e.old_act_date != own_date:
            subject = subjects.get(e.old_act_date)
            if not (subject and _GENERAL().search(fold_for_key(subject))):
                dates.add(e.old_act_date)
    return sorted(dates)


# ---- the stage -----------------------------------------------------------------------------------------------


def resolve(doc: Document) -> Document:
    """Drop self-mentions, tie repeats to their antecedents, fill ``previous_acts``."""
    own = _own_identity(doc)
    doc.citations = [c for c in doc.citations if not _is_self(c, doc, own)]
    _tie_repeats(doc.citations)
    doc.previous_acts = previous_acts(doc, own)
    return doc
