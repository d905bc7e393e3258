"""Stable IRIs: one node per act, titre, version, certificate and code, whatever text mentions it.

An act is named by what identifies it in French law, never by the text that mentions it:

* a numbered act by kind and number: ``act/decret/2019-14``, ``act/loi/2018-771``;
* a code by its name, an article of it below: ``act/code/code-du-travail/L6113-1``;
* an act without number by kind, date and *topic*: ``act/arrete/2015-12-22/conditions-delivrance-titre-professionnel``.
  Several arrêtés share a date (dozens of titres were created on 31 July 2003), so the date alone is no
  identity. The topic is read from the subject ("relatif au titre professionnel de commercial(e)" →
  ``tp-commercial``; other subjects → their first content words), folded so that the wordings of different
  texts agree: accents, case, "(e)"/"(ne)" gender marks, apostrophes, "modifié", "susvisé" do not count.
* a mention without any subject ("l'arrêté du 31 juillet 2003") that cannot be tied to an antecedent keeps a
  date-only IRI: it says no more than the text does.

Where a NOR is known the Légifrance ELI is linked to the act with ``owl:sameAs`` (see ``legifrance_eli``).
"""

from __future__ import annotations

import re
from datetime import date as Date
from functools import lru_cache
from urllib.parse import quote

from legalgraph.frtext import MONTH_NAMES, first_date
from legalgraph.graph.namespaces import ID
from legalgraph.models import Citation, CitationKind, Document
from legalgraph.norm import code_key_name, fold_ascii

# Subjects that name the titre an arrêté is about. "titre professionnel du ministère chargé de l'emploi" is the
# generic name of the certification system, not a titre: the negative look-ahead keeps it out.
_TITRE_IN_SUBJECT = re.compile(
    r"titre\s+professionnel\s+(?:de\s+l['’]|d['’]|de\s+|du\s+)(?!minist)(?P<name>.+)", re.IGNORECASE
)
# Where a titre name ends inside a longer subject ("… de gouvernant(e) en hôtellerie portant modification de …").
_NAME_END = re.compile(
    r"\s+(?:portant|modifiant|modifié|modifie|susvisé|pris\s+en|et\s+abrogeant)\b|[;,:«»\"]|\s*\(arr",
    re.IGNORECASE,
)
# "(e)", "(ne)", "(ère)", "[e]", " (se)": gender marks, and other short parenthesised letters.
_GENDER = re.compile(r"\s?[\(\[][a-z]{1,5}[\)\]]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Small words of French names and subjects; act subjects also drop the drafting words around them.
NAME_STOPWORDS = frozenset(
    {
        "a",
        "au",
        "aux",
        "d",
        "de",
        "des",
        "du",
        "en",
        "et",
        "l",
        "la",
        "le",
        "les",
        "ou",
        "par",
        "pour",
        "sur",
        "un",
        "une",
    }
)
_STOPWORDS = NAME_STOPWORDS | {
    "dans", "relatif", "relative", "relatifs", "relatives", "portant", "fixant",
    "modifie", "modifiee", "modifies", "modifiees", "susvise", "susvisee", "susvises", "susvisees",
}  # fmt: skip
# A subject keeps this many content words: enough to tell two acts of one day apart, few enough that the
# variants of one title ("…du ministère chargé de l'emploi" / "…du ministre chargé de l'emploi") agree.
TOPIC_WORDS = 4
# The head of a title or citation: "Arrêté du 21 novembre 2022", "Décret n° 2019-14 du 8 janvier 2019".
_HEAD = re.compile(
    r"^.*?\b(?:du\s+)?(?:\d{1,2}(?:er)?\s+[a-zéû]+\s+\d{4}|\d{1,2}/\d{1,2}/\d{4})\s*",
    re.IGNORECASE | re.DOTALL,
)
_LEADING_NOISE = re.compile(
    r"^(?:[,\s]|modifi[ée]e?s?\b|susvis[ée]e?s?\b|pr[ée]cit[ée]e?s?\b)+", re.IGNORECASE
)


@lru_cache(maxsize=1 << 16)
def slug(text: str) -> str:
    """A readable IRI segment: folded, gender marks dropped, runs of other characters as one hyphen."""
    return _NON_ALNUM.sub("-", _GENDER.sub("", fold_ascii(text))).strip("-")


@lru_cache(maxsize=1 << 16)
def titre_key(name: str) -> str:
    """The key of a titre name: "Conseiller(ère) en insertion professionnelle" → ``conseiller-en-insertion-professionnelle``."""
    key = slug(name)
    return re.sub(r"^(?:(?:le|la|les|l|d|de|du|des)-)+", "", key)


@lru_cache(maxsize=1 << 16)
def titre_name_in(subject: str | None) -> str | None:
    """The titre a subject or title is about, as printed ("relatif au titre professionnel de X" → X)."""
    if not subject:
        return None
    m = _TITRE_IN_SUBJECT.search(subject)
    if not m:
        return None
    name = m.group("name")
    end = _NAME_END.search(name)
    name = (name[: end.start()] if end else name).strip(" .;,")
    while name.endswith(")") and name.count(")") > name.count("("):  # "(… de métrologie)" in a table cell
        name = name[:-1].rstrip(" .;,")
    return name or None


@lru_cache(maxsize=1 << 16)
def subject_of(text: str | None) -> str | None:
    """What a title or citation says after its date or number: "Arrêté du 9 mars 2006 relatif à X" → "relatif à X"."""
    if not text:
        return None
    m = _HEAD.match(text)
    rest = text[m.end() :] if m else ""
    rest = _LEADING_NOISE.sub("", rest).strip(" .;,")
    return rest or None


# A subject cut where the next citation begins ("l'arrêté du 26 mai 2014 modifiant | l'arrêté du 14 décembre
# 2004 …"): it ends on a word that announces what follows.
_DANGLING = re.compile(
    r"(?:\b(?:modifiant|abrogeant|compl[ée]tant|prorogeant|portant|fixant|relati(?:f|ve|fs|ves)|pris|"
    r"de|du|des|la|le|les|à|au|aux|et|ou|pour|par|sur|en)|\b[dl]['’])\s*$",
    re.IGNORECASE,
)


def names_act(subject: str | None) -> bool:
    """Whether a subject says what the act is (its title after the date), not only where a cut left it."""
    return bool(subject and topic(subject) and not _DANGLING.search(subject))


def as_title(wording: str, subject: str | None = None) -> str:
    """A citation's wording as a title: its date or number, then its subject — the extractor's, which goes on
    where the words stop at the next citation ("l'arrêté du 26 mai 2014 modifiant | l'arrêté du 14 décembre
    2004 …"), else the words' own — without what the citing text adds after the date ("l'arrêté du 31 juillet
    2003 modifié relatif à …" → "arrêté du 31 juillet 2003 relatif à …")."""
    m = _HEAD.match(wording)
    subject = (_LEADING_NOISE.sub("", subject).strip(" .;,") or None) if subject else subject_of(wording)
    return f"{m.group(0).strip()} {subject}" if m and subject else wording


@lru_cache(maxsize=1 << 16)
def topic(subject: str | None) -> str | None:
    """The topic segment of an act IRI: ``tp-<titre key>`` for an act about a titre, else the first content words."""
    if not subject:
        return None
    name = titre_name_in(subject)
    if name and titre_key(name):
        return "tp-" + titre_key(name)
    words = [w for w in slug(subject).split("-") if w and w not in _STOPWORDS and not w.isdigit()]
    return "-".join(words[:TOPIC_WORDS]) or None


def _kind_segment(kind: str) -> str:
    return str(kind).replace("_", "-")


def act_iri(
    kind: str,
    *,
    number: str | None = None,
    date: str | None = None,
    topic_: str | None = None,
    code: str | None = None,
    article: str | None = None,
) -> str | None:
    """The IRI of an act from what identifies it; None when nothing does (no number, no date, no code)."""
    if str(kind) == CitationKind.CODE:
        if not code:
            return None
        base = f"{ID}act/code/{slug(code)}"
        return f"{base}/{quote(article, safe='')}" if article else base
    if number:
        return f"{ID}act/{_kind_segment(kind)}/{slug(number)}"
    if date:
        base = f"{ID}act/{_kind_segment(kind)}/{date}"
        return f"{base}/{topic_}" if topic_ else base
    return None


def citation_subject(c: Citation) -> str | None:
    """The subject of a citation: the extractor's, or what its words say after the date."""
    return c.subject or subject_of(c.text)


def citation_act_iri(c: Citation, default_topic: str | None = None) -> str | None:
    """The act a citation names; ``default_topic`` stands in when the mention gives no subject of its own."""
    return act_iri(
        c.kind,
        number=c.number,
        date=c.date,
        topic_=topic(citation_subject(c)) or default_topic,
        code=c.code,
    )


def citation_key(kind: str, *, number: str | None, date: str | None, code: str | None) -> str | None:
    """The GOLD.md key of an act (``decret:2019-14``, ``arrete:2015-12-22``, ``code:code du travail``)."""
    if str(kind) == CitationKind.CODE:
        return f"code:{code_name(code)}" if code else None
    if str(kind) in (CitationKind.REFERENTIEL, CitationKind.OTHER):
        return None
    if number:
        return f"{kind}:{number}"
    if date:
        return f"{kind}:{date}"
    return None


def code_name(code: str) -> str:
    """A code name as GOLD.md keys it: lower case, no accents, straight apostrophe (``norm.code_key_name``)."""
    return code_key_name(fold_ascii(code))


def document_number(doc: Document) -> str | None:
    """The official number of a décret or loi, from the source metadata or the title ("n° 2019-14")."""
    if doc.meta.get("number"):
        return str(doc.meta["number"])
    if doc.title and doc.nature in ("decret", "loi", "ordonnance"):
        m = re.search(r"n[°o]\s*(\d{2,4}-\d+)", doc.title)
        if m:
            return m.group(1)
    return None


def document_date(doc: Document) -> str | None:
    """The act's date as the text gives it, else as the act it was attached to does (graph.attach)."""
    return doc.date or doc.signature_date or doc.meta.get("attached_date")


def document_topic(doc: Document) -> str | None:
    """The topic of the act a document is: its title's subject, else its titre, else its NOR."""
    t = topic(subject_of(doc.title))
    if t:
        return t
    if doc.titre and doc.titre.name and titre_key(doc.titre.name):
        return "tp-" + titre_key(doc.titre.name)
    if doc.nor:
        return "nor-" + slug(doc.nor)
    return None


def document_official_id(doc: Document) -> str | None:
    """The JORFTEXT / LEGITEXT id of the text a source is a copy of (DILA metadata, the API, a page's URL)."""
    for value in (doc.meta.get("cid"), doc.meta.get("jorftext"), doc.meta.get("legitext"), doc.source.id):
        if value and str(value).startswith(("JORFTEXT", "LEGITEXT")):
            return str(value)
    return None


def document_act_iri(doc: Document) -> str:
    """The act a source document is a copy of. Copies of one act (full text, fragment, LEGI mirror, DILA file)
    share it: the catalogue's act when the NOR, the official id, the number or the date and subject name one of
    its entries, else the act the text's own words identify."""
    from legalgraph.graph.catalogue import seed_catalogue  # the catalogue builds its IRIs with this module

    if attached := doc.meta.get(
        "attached_to"
    ):  # by the build, from what the other sources say (graph.attach)
        return attached
    kind, subject = str(doc.nature), topic(subject_of(doc.title))
    if subject is None and doc.titre and doc.titre.name and titre_key(doc.titre.name):
        subject = "tp-" + titre_key(doc.titre.name)
    found = seed_catalogue().find(
        kind,
        date=document_date(doc),
        number=document_number(doc),
        topic=subject,
        nor=doc.nor,
        official_id=document_official_id(doc),
    )
    if len(found) == 1 and (found[0].nor or found[0].jorftext or subject or found[0].number) and found[0].iri:
        return found[0].iri
    iri = act_iri(kind, number=document_number(doc), date=document_date(doc), topic_=document_topic(doc))
    if iri and (document_number(doc) or document_topic(doc)):
        return iri
    # Undated or unidentifiable: an act of its own, named after the bytes it was read from, rather than a
    # guess that could merge two different acts.
    return f"{ID}act/{_kind_segment(kind)}/unidentified/{doc.source.sha256[:16]}"


def legifrance_eli(nature: str, date: str | None, nor: str | None) -> str | None:
    """The Légifrance ELI of a JO text: ``https://www.legifrance.gouv.fr/eli/arrete/2012/1/16/ETSD1131163A/jo/texte``."""
    if not (nor and date and nature in ("arrete", "decret", "loi", "ordonnance", "decision", "circulaire")):
        return None
    try:
        d = Date.fromisoformat(date)
    except ValueError:
        return None
    return f"https://www.legifrance.gouv.fr/eli/{nature}/{d.year}/{d.month}/{d.day}/{nor.strip().upper()}/jo/texte"


def parse_french_date(text: str) -> str | None:
    """ "22 décembre 2015" / "1er mars 2006" / "11/12/2017" → ISO date, else None: the parser's own reader
    (``frtext.first_date``), so that a catalogue or a fiche reads dates as the texts are read."""
    return first_date(text)


# How a kind of act is named in a label ("Arrêté du 21 novembre 2022").
NATURE_LABELS = {
    "arrete": "Arrêté",
    "decret": "Décret",
    "loi": "Loi",
    "ordonnance": "Ordonnance",
    "decision": "Décision",
    "circulaire": "Circulaire",
    "rectificatif": "Rectificatif",
    "avis": "Avis",
}


UNDATED = "non daté"


def generic_label(kind: str, day: str | None) -> str:
    """What an act is when no title says it: "Arrêté du 21 novembre 2022", "Décret non daté"."""
    return f"{NATURE_LABELS.get(kind, 'Texte')} {'du ' + french_date(day) if day else UNDATED}"


def french_date(iso: str) -> str:
    """ "2022-11-21" → "21 novembre 2022" ("1er" for the first of a month)."""
    d = Date.fromisoformat(iso)
    month = MONTH_NAMES[d.month - 1]
    return f"{'1er' if d.day == 1 else d.day} {month} {d.year}"


# ---- other nodes ----------------------------------------------------------------------------------------


def source_iri(sha256: str) -> str:
    """A source document (the bytes read), which is also the name of the graph of its facts."""
    return f"{ID}source/{sha256}"


def expression_iri(act: str) -> str:
    """The act's text as published (its French expression)."""
    return act + "/fr"


def consolidated_expression_iri(act: str, version: str) -> str:
    """A consolidated version of the act's text: ``version`` is its date, or the source's hash when unknown."""
    return f"{act}/fr/consolidated/{version}"


def consolidation(doc: Document) -> tuple[bool, str | None]:
    """Whether a source is a consolidated version of its act (a LEGI record or its Markdown mirror: the text as
    later acts modified it, not as published), and the date of that version when the source gives it."""
    if doc.source.kind == "legi-markdown" or str(doc.source.id or "").startswith("LEGI"):
        start = doc.meta.get("date_debut")
        return True, start if isinstance(start, str) else None
    return False, None


def version_iri(act: str) -> str:
    """The state of a titre an act establishes: one per act."""
    return act + "/version"


def certificate_iri(version: str, rank: int) -> str:
    return f"{version}/certificate/{rank}"


def rome_iri(code: str) -> str:
    return f"{ID}rome/{code.strip().upper()}"


def nsf_iri(code: str) -> str:
    return f"{ID}nsf/{code.replace(' ', '').lower()}"


OLD_LEVELS = ("I", "II", "III", "IV", "V")


def level_iri(level: str) -> str | None:
    """``level/cnc/5`` for the cadre national (1–8), ``level/1969/III`` for the 1969 nomenclature (I–V)."""
    lv = level.strip().upper().removeprefix("NIVEAU").strip()
    if lv in OLD_LEVELS:
        return f"{ID}level/1969/{lv}"
    if lv.isdigit() and 1 <= int(lv) <= 8:
        return f"{ID}level/cnc/{int(lv)}"
    return None


def action_iri(action: str) -> str:
    return f"{ID}action/{action}"


def change_kind_iri(kind: str) -> str:
    return f"{ID}change-kind/{kind}"


def resource_type_iri(kind: str) -> str:
    return f"{ID}resource-type/{_kind_segment(kind)}"
