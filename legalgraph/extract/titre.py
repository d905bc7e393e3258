"""The titre professionnel an act is about: name, action, level, NSF, ROME, registration.

The ministry's templates (2003–2025) say the same things in a few ways:

- name: the title ("Arrêté du … relatif au titre professionnel de X"), the operative article ("Le titre
  professionnel de X est créé / révisé / enregistré …", "Il est créé un titre professionnel de X"), a renaming
  ("sous le nouvel intitulé de X", "sous l'intitulé « X »", "A devient B", "les mots « A » sont remplacés par les
  mots : « B »", "(ancien titre : A)"), the RNCP annex ("Intitulé : X"), the equivalence table's "(présent
  arrêté)" header, the référentiel visas;
- level: "Il est classé au niveau V de la nomenclature des niveaux de formation", "au niveau 5 du cadre national
  des certifications professionnelles", "au niveau IV et dans le domaine …", annex "Niveau : III.";
- NSF: the codes before "(code NSF)" / "(NSF)" or after "NSF :" ("dans le domaine d'activité 332t (code NSF)",
  annex "Code NSF : 254 n.");
- ROME: annex "Code ROME :" / "Codes ROME :" / "fiches ROME" followed by the codes, one or several a line, before
  or after their labels;
- registration: "enregistré au répertoire national … pour une durée de cinq ans à compter du 23 mars 2023",
  "prorogé pour une durée de cinq ans", "prorogé d'un an", "applicables pour une durée de cinq ans à compter du …"
  ("Il sera réexaminé … dans un délai de cinq ans" is a review delay, not a registration), "créée pour cinq ans",
  "pour 5 ans", months and weeks (whole years only are counted), a start relative to the publication (no date),
  a period given by its ends ("à compter du 1er avril 2021 et jusqu'au 31 mars 2026": five years);
  a duration an earlier act set, told in passing (", enregistré pour cinq ans par l'arrêté du …,"), is not it.

Which titre, if any: a décret, a loi, an ordonnance, or a title about titres in general (conditions de délivrance,
règlement des sessions, "du ministère chargé de l'emploi") has none; a part of an act about one titre that names
none of its facts (a page of one article, a modifying article naming only the arrêté) has one with a null name;
of two titres in one title, the first. Patterns are compiled on first use and match with or without accents.

Word lists (number words, verbs of prorogation, ways of naming a certificate) follow the language, not the corpus:
the tests' "variations" sections hold wordings the corpus does not show.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from dataclasses import dataclass, field
from enum import IntEnum
from functools import cache, lru_cache

from legalgraph.extract import codes
from legalgraph.frtext import (
    DATE,
    DATE_RE,
    NUMBER,
    add_years,
    at_line_start,
    body,
    day_before,
    fold,
    has,
    iso_date,
    parse_number,
    squash,
    tight,
)
from legalgraph.models import Action, Document, Nature, Span, Titre
from legalgraph.patterns import lazy

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:
    from legalgraph.extract.equivalences import EquivalenceTable

_PLAIN = str.maketrans("àâäéèêëîïôöùûüçÀÂÄÉÈÊËÎÏÔÖÙÛÜÇ", "aaaeeeeiioouuucAAAEEEEIIOOUUUC")


def accent_tolerant(source: str) -> str:
    r"""The pattern ``source`` where each accented letter outside a character class matches its plain letter too:
    copies drop accents, above all on capitals ("A compter du", "ARRETE", "Arrete", "cree").

    >>> accent_tolerant(r"créé\s+à")
    'cr[ée][ée]\\s+[àa]'
    >>> accent_tolerant(r"[^à]É")
    '[^à][ÉE]'
    """
    out: list[str] = []
    i, in_class = 0, False
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            out.append(source[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif (plain := ch.translate(_PLAIN)) != ch:
            ch = f"[{ch}{plain}]"
        out.append(ch)
        i += 1
    return "".join(out)


@cache  # trigger words are literals: each is stripped of its accents once
def plain(word: str) -> str:
    """``word`` without its accents ("dénommé" → "denomme"): the other spelling a trigger word may take."""
    return word.translate(_PLAIN)


def _has(text: str, *words: str) -> bool:
    """One of ``words`` is in ``text``, with or without its accents."""
    # a word without accents is its own plain form: looked for once (most trigger words; the text may be long)
    return has(text, *words) or has(text, *(p for w in words if (p := plain(w)) != w))


def _scan(pattern, text: str, *words: str):
    """``scan`` with trigger words found with or without their accents."""
    return pattern.finditer(text) if _has(text, *words) else iter(())


def _line_starts(pattern, text: str, *words: str):
    """``line_starts`` with trigger words found with or without their accents."""
    return (m for m in _scan(pattern, text, *words) if at_line_start(text, m.start()))


class _lazy:  # noqa: N801 (used like re.compile)
    """A pattern compiled on first use, so that importing the module compiles nothing (issue 13), accent-tolerant
    (``accent_tolerant``); it answers ``search``, ``finditer``, ``match``… as the compiled pattern does (each bound
    method kept after first use)."""

    def __init__(self, source: str, flags: int = 0) -> None:
        self.compiled = lazy(source, flags, prepare=accent_tolerant)

    def __getattr__(self, name: str):  # only called for what the instance does not hold yet
        if name.startswith("__"):
            raise AttributeError(name)
        value = getattr(self.compiled(), name)
        setattr(self, name, value)
        return value


_DE = r"(?:de\s+(?:l['’]\s*)?|d['’]\s*|du\s+|des\s+)?"
# The dot of inclusive writing inside a word ("conseiller.ère", "agent.e.s"), not a full stop; "·e", "/e", "(e)"
# need nothing: they are no sentence punctuation.
_INCLUSIVE_DOT = r"(?<=[a-zà-ÿ])\.(?=(?:e|ère|ne|se|le|euse|rice|trice|ienne)s?\b)"
# A name inside a sentence: no sentence punctuation; a line break only where the JO print wraps a line.
_NAME = r"(?P<name>(?!est\b|sont\b)(?:[^.;:«»\n]|" + _INCLUSIVE_DOT + r"|\n(?=[a-zà-ÿ(]))" + r"{2,200}?)"
_VERBS = (
    r"créée?|révisée?|enregistrée?|composée?|constituée?|classée?|délivrée?|prorogée?|reconduite?|"
    r"abrogée?|modifiée?|remplacée?|inscrite?"
)
_OPERATIVE = _lazy(
    r"titre\s+professionnel\s+(?:intitulé\s+)?"
    + _DE
    + r"(?:«\s*)?"
    + _NAME
    + r"(?:\s*»)?\s+(?:est|sont)\s+(?:ainsi\s+)?(?P<verb>"
    + _VERBS
    + r")\b"
)
# What may follow a new name in the same sentence.
_AFTER_NEW_NAME = (
    r"(?=\s*(?:,|\.|;|\bpour\s+une\s+durée\b|\bà\s+compter\b|\bau\s+niveau\b|\bet\s+(?:est|il)\b))"
)
# "sous le nouvel intitulé de X pour une durée …", "sous l'intitulé « X »", "sous la nouvelle dénomination de X" —
# not "sous le même intitulé", and never a name the text cuts.
_NEW_NAME = _lazy(
    r"sous\s+(?:le\s+nouvel\s+intitulé|l['’]\s*intitulé|la\s+(?:nouvelle\s+)?dénomination|"
    r"la\s+(?:nouvelle\s+)?appellation|l['’]\s*appellation)\s*:?\s*(?:«\s*)?"
    + _DE
    + _NAME
    + r"(?:\s*»)?"
    + _AFTER_NEW_NAME
)
# "Le titre professionnel de A devient le titre professionnel de B", "A est révisé et devient B", "… est renommé B",
# "… prend l'intitulé de B", "A, dénommé désormais « B », est …", "A est désormais intitulé B" (a plain "A, intitulé
# B" is no renaming: it says what A is called, so the apposition needs "désormais")
_RENAMING_VERB = (
    r"(?:devient|est\s+(?:renommée?|dénommée?)(?:\s+désormais)?|(?:est\s+)?désormais\s+(?:dénommée?|intitulée?|"
    r"appelée?|renommée?)|(?:dénommée?|intitulée?|appelée?|renommée?)\s+désormais|"
    r"prend\s+(?:le\s+nom|l['’]\s*intitulé|la\s+dénomination))"
)
_BECOMES = _lazy(
    r"titre\s+professionnel\s+" + _DE + r"(?:«\s*)?(?P<old>(?!est\b)[^.;:«»\n]{2,200}?)(?:\s*»)?\s*,?\s+"
    r"(?:est\s+(?:révisée?|modifiée?)\s+et\s+)?" + _RENAMING_VERB + r"\s*:?\s*"
    r"(?:«\s*)?(?:(?:le\s+)?titre\s+professionnel\s+)?(?:«\s*)?"
    + _DE
    + _NAME
    + r"(?:\s*»)?"
    + _AFTER_NEW_NAME
)
# The titre named in the sentence before, renamed by a pronoun: "Le titre professionnel de A est révisé. Il prend
# l'intitulé de B.", "Il devient le titre professionnel de B", "Il est désormais dénommé « B »" (a bare "Il devient"
# is no renaming: "Il devient applicable le …"; nor "Il est dénommé B", which names a titre just created)
_IT_BECOMES = _lazy(
    r"\bIl\s+(?:devient\s+(?=(?:le\s+)?titre\s+professionnel\b|«)|est\s+renommée?|(?:est\s+)?désormais\s+"
    r"(?:dénommée?|intitulée?|appelée?|renommée?)|prend\s+(?:le\s+nom|l['’]\s*intitulé|la\s+dénomination))"
    r"\s*:?\s*(?:«\s*)?(?:(?:le\s+)?titre\s+professionnel\s+)?(?:«\s*)?"
    + _DE
    + _NAME
    + r"(?:\s*»)?"
    + _AFTER_NEW_NAME
)
# "Il est créé un titre professionnel de X.", "Est créé le titre professionnel de X, classé au niveau …" (the
# pattern starts at "créé"; ``_IL_EST`` checks what precedes it)
_IL_EST = _lazy(r"(?:\b[Ii]l\s+est|\bEst)\s+$")
_CREATED_FIRST = _lazy(
    r"créé\s+(?:un|le)\s+titre\s+professionnel\s+(?:intitulé\s+)?(?:«\s*)?"
    + _DE
    + _NAME
    + r"(?:\s*»)?(?=\s*(?:[,.;]|$)|\s+(?:qui|dont|classé|enregistré|inscrit)\b)"
)
_RENAMED_TO = _lazy(
    r"intitulé\s+du\s+titre\s+professionnel\s+" + _DE + r"(?P<old>[^\n]{2,200}?)\s+est\s+remplacé\s+"
    r"par\s+l['’]\s*intitulé\s*:?\s*«?\s*(?P<name>[^«»;\n]{2,200}?)\s*»?\s*[.;](?:\s|$)"
)
# "les mots : « A » sont remplacés par les mots : « B »", "le mot « A » est remplacé par le mot « B »", "les termes …"
# (one pattern per first word, each led by a literal: scanned fast)
_WORDS_REPLACED = [
    (
        word,
        _lazy(
            word + r"s?\s*:?\s*«\s*(?P<old>[^»]{2,200}?)\s*»\s*(?:sont|est)\s+remplacée?s?\s+par\s+"
            r"(?:les|le)\s+(?:mots?|termes?)\s*:?\s*«\s*(?P<name>[^»]{2,200}?)\s*»"
        ),
    )
    for word in ("mot", "terme")
]
# "titre professionnel de X" wherever it is printed (X up to the end of the clause)
_TITRE_OF = _lazy(r"titre\s+professionnel\s+" + _DE + r"(?:«\s*)?(?P<name>[^,.;:«»\n]{2,200})")
_CALLED = _lazy(r"intitulée?\s*:?\s*«\s*(?P<name>certification\s[^»]{2,300}?)\s*»")
_FORMER = _lazy(r"\(\s*ancien\s+(?:titre|intitulé)\s*:\s*(?P<old>[^\n]+)\)")
_ANNEX_NAME = _lazy(
    r"(?m)(?:Intitulé\s*:\s*(?:Titre\s+professionnel\s*:\s*)?|Titre\s+professionnel\s*:\s*)"
    r"(?P<name>(?!Niveau\b|Codes?\b|Résumé\b)\S[^\n]*)$"
)
_REFERENTIEL = _lazy(
    r"(?m)Vu\s+le\s+référentiel\b[^\n;]*?\bdu\s+titre\s+professionnel\s+"
    + _DE
    + r"(?P<name>[^\n;]{2,200}?)\s*[;,.]?\s*$"
)
# "… du titre professionnel de X", "relatif au titre professionnel de X", "le titre de X" — not the everyday
# "au titre de l'article …" (``_EVERYDAY`` checks what precedes a "titre" without "professionnel")
_EVERYDAY = _lazy(r"(?:\b[Aa]u|\b[àÀ])\s+$")
_MENTION = _lazy(
    r"titre\s+(?P<pro>professionnel\s+)?(?:de\s+|d['’]\s*|du\s+)"
    r"(?P<name>(?!ministère|ministre|l['’]\s*(?:emploi|article|année|arrêté))(?:[^,.;:«»\n\d]|"
    + _INCLUSIVE_DOT
    + r"){2,120}?)"
    r"(?=\s*(?:[,.;:«»\n]|$)|\s+(?:est|sont|selon|obtenus?|créée?|à\s+défaut|suivante?s|dans|par|pour|qui|"
    r"mentionnée?s?|au\s+répertoire|comprend|comporte|se\s+compose|devient)\b)"
)

# The title: what the act is ("portant création du titre …", "modifiant l'arrêté du … relatif au titre …").
# A title line, not a LEGI history line ("Modifié par :" / "Arrêté du 4 décembre 2009 - art. 1 (V)")
_TITLE_LINE = _lazy(
    r"(?m)^[#\s(]*(?P<title>(?:Arrêté|ARRÊTÉ|Arrete|ARRETE|Décret|DÉCRET)\s+(?:n°\s*[\d-]+\s+)?du\s+"
    r"(?![^\n]*\s[-–]\s*art\.?\s*[\w-]+(?:\s+\w+)?\s*(?:\(\w+\)\s*)?$)[^\n]+)$"
)
_TITLE_PAREN = _lazy(r"\((?P<title>Arrêté\s+du\s+\d[^\n]+)\)\s*$", re.M)
_BODY_START = _lazy(
    r"(?m)^[ \t]*(?:[-–•][ \t]*)?(?:Vu\b|Arrête\s*:|Décrète\s*:|Le\s+titre\s+professionnel\b|Les\s+titulaires\b|Art\.\s*\d)"
)
# A title may name two titres ("portant création du titre professionnel de A et du titre professionnel de B",
# "relatif aux titres professionnels de A et de B"): the record's titre is the first (``_first_of_list``).
_OWN_TITLE = _lazy(
    r"\b(?:relatifs?\s+aux?|portant\s+(?:création|révision|modification|prorogation|prolongation|reconduction|"
    r"renouvellement|enregistrement|abrogation)\s+d(?:u|es)|"
    r"(?:créant|modifiant|révisant|prorogeant|prolongeant|reconduisant|renouvelant|abrogeant)\s+les?)"
    r"\s+titre(?P<plural>s)?\s+professionnels?\s+" + _DE + r"(?P<name>.+?)\s*"
    r"(?=\s(?:portant|modifiant|et\s+modifiant|et\s+portant)\b|,?\s+et\s+(?:du|au|le|l['’]|des|aux)\s*titres?\s+"
    r"professionnels?\b|\.?\s*$)",
    re.S,
)
_TITLE_SUBJECT = _lazy(
    r"\btitre\s+professionnel\s+"
    + _DE
    + r"(?P<name>.+?)\s*(?=\s(?:portant|modifiant|et\s+modifiant|et\s+portant)\b"
    r"|\.?\s*$)",
    re.S,
)
_LIST_SEPARATOR = _lazy(r"\s*,\s+(?:de\s+|d['’]\s*|du\s+)?|\s+et\s+(?:de\s+|d['’]\s*|du\s+)")
_OWN_CERTIFICATION = _lazy(
    r"\b(?:portant\s+création\s+de\s+la|relatif\s+à\s+la|relative\s+à\s+la)\s+(?P<name>certification\s.+?)\s*\.?\s*$",
    re.S,
)
_CITED_TITLE = _lazy(
    r"l['’]\s*arrêté\s+du\s+" + DATE + r"(?:\s+modifiée?)?\s+(?:relatif\s+au|portant\s+\w+\s+du)\s+titre\s+"
    r"professionnel\s+" + _DE + r"(?P<name>.+?)\s*"
    # "modifiant l'arrêté du A … de X et l'arrêté du B … de Y": X, the first
    r"(?=\s+et\s+(?:l['’]\s*arrêté|les?\s+arrêtés?|d[ue]s?\s+titres?|aux?\s+titres?)\b|\.?\s*$)",
    re.S | re.I,
)
_TITLE_ACTIONS = [
    (_lazy(r"\bmodifiant\b|\bportant\s+modification\b|\bcomplétant\b", re.I), Action.MODIFICATION),
    (
        _lazy(
            r"\bportant\s+(?:reconduction|prorogation|prolongation|renouvellement)\b"
            r"|\bprorogeant\b|\bprolongeant\b|\breconduisant\b|\brenouvelant\b",
            re.I,
        ),
        Action.PROROGATION,
    ),
    (_lazy(r"\bportant\s+abrogation\b|\babrogeant\b", re.I), Action.ABROGATION),
    (_lazy(r"\bportant\s+création\b|\bcréant\b", re.I), Action.CREATION),
    (_lazy(r"\bportant\s+révision\b|\brévisant\b", re.I), Action.REVISION),
    # an act that says what it does, none of the above: "portant suspension de la délivrance du titre …"
    (
        _lazy(
            r"\bportant\s+(?:suspension|retrait|transfert)\b|\bsuspendant\b|\bretirant\b|\btransférant\b",
            re.I,
        ),
        Action.OTHER,
    ),
]
# The operative article, strongest first: a new titre, a revised titre, an amended arrêté, a prorogation, a
# (re-)registration or an equivalence table (a new version replacing the old one), an abrogation. Each pattern
# starts with a literal word (the regex engine then scans for it fast), runs only where its guard word occurs,
# and may require what precedes it ("est prorogé", not "le titre prorogé par …").
_THE = _lazy(r"\b[Ll]e\s+$")
_IN_SENTENCE = r"(?:[^.;\n]|" + _INCLUSIVE_DOT + r")"  # a character of the same sentence
_VERSION_CREATED = (
    _IN_SENTENCE + r"{0,250}?\btitre\s+professionnel\b" + _IN_SENTENCE + r"{0,250}?\best\s+créée\b"
)
# "la deuxième version", "la nouvelle version" (what precedes "version")
_LATER = _lazy(r"\b(?:deuxième|troisième|quatrième|cinquième|sixième|nouvelle|\d+e)\s+$")

_IS = _lazy(r"\b(?:est|sont)\s+(?:ainsi\s+)?$")
_BODY_ACTIONS = [
    (
        "created",
        r"titre\s+professionnel\b" + _IN_SENTENCE + r"{0,250}?\b(?:est|sont)\s+créée?s?\b",
        "créé",
        _THE,
    ),
    ("created", r"certification\b" + _IN_SENTENCE + r"{0,250}?\b(?:est|sont)\s+créée?s?\b", "créé", None),
    # "La version 1 du titre professionnel de X est créée pour cinq ans …" (a first version: a creation; a later
    # one replaces the previous version of the titre: a revision, below)
    (
        "created",
        r"(?:\b[Ll]a\s+version\s+(?:n°\s*1\b|1\b|du\b)|\bpremière\s+version\b)" + _VERSION_CREATED,
        "version",
        None,
    ),
    ("created", r"procède\s+à\s+la\s+création\b", "procède", None),
    ("created", r"créée?\s+(?:un|une|le|la)\s+(?:titre|certification)\b", "créé", _IL_EST),
    ("revised", r"titre\s+professionnel\b" + _IN_SENTENCE + r"{0,250}?\best\s+révisé\b", "révisé", _THE),
    ("revised", r"version\s+(?:n°\s*)?(?:[2-9]|[1-9]\d)\b" + _VERSION_CREATED, "version", None),
    ("revised", r"version\b" + _VERSION_CREATED, "version", _LATER),
    (
        "amended",
        r"arrêté\s+du\s+[^.;\n]{0,100}?\b(?:est|sont)\s+(?:ainsi\s+)?(?:modifiée?s?|révisée?s?|complétée?s?)\b",
        "arrêté du",
        None,
    ),
    ("amended", r"arrêté\s+du\s+[^\n]{0,150}?\b(?:est|sont)\s+remplacée?s?\b", "remplacé", None),
    ("amended", r"toutes\s+les\s+dispositions\s+de\s+l['’]\s*arrêté\b", "toutes les", None),
    ("amended", r"inséré\s+un\s+article\b", "inséré", None),
    ("prorogued", r"prorogée?s?\b", "prorog", _IS),
    ("prorogued", r"reconduite?s?\b", "reconduit", _IS),
    ("prorogued", r"renouvelée?s?\b", "renouvel", _IS),
    ("prorogued", r"prolongée?s?\b", "prolong", _IS),
    # "enregistré au répertoire national", "enregistré pour cinq ans au répertoire", "inscrit au répertoire"
    ("registered", r"enregistrée?s?\b[^.;\n]{0,80}?\brépertoire\b", "enregistr", _IS),
    ("registered", r"inscrite?s?\b[^.;\n]{0,80}?\brépertoire\b", "inscrit", _IS),
    ("registered", r"réputée?s?\s+avoir\s+obtenu\b", "réputé", None),
    ("abrogated", r"abrogée?s?\b", "abrogé", _IS),
]
_BODY_ACTIONS = [(key, _lazy(p), word, before) for key, p, word, before in _BODY_ACTIONS]
_ACTION_OF = {
    "created": Action.CREATION,
    "revised": Action.REVISION,
    "amended": Action.MODIFICATION,
    "prorogued": Action.PROROGATION,
    "registered": Action.REVISION,
    "abrogated": Action.ABROGATION,
}


def _preceded(text: str, m: re.Match, before: re.Pattern | None) -> bool:
    return before is None or bool(before.search(text, max(0, m.start() - 20), m.start()))


_LEVEL = r"(?P<level>[1-8]|I{1,3}|IV|V)\b"
# "Il est classé au niveau 4", "classé niveau IV", "classé au niveau de qualification 6"
_LEVEL_CLASSED = _lazy(r"classée?s?\s+(?:au\s+)?niveau\s+(?:de\s+qualification\s+)?" + _LEVEL)
# "relève du niveau 4 du cadre national …", "au niveau IV de la nomenclature …"; and, only after "au"/"du"
# (``loose``), "…, au niveau IV et dans le domaine …"
_LEVEL_NAMED = _lazy(
    r"niveau\s+(?:de\s+qualification\s+)?"
    + _LEVEL
    + r"(?=\s+(?:de\s+la\s+nomenclature|du\s+cadre\s+national)"
    r"|(?P<loose>\s*(?:,|et\s+dans\s+l[ae]\s+(?:domaine|spécialité))))"
)
_AU_DU = _lazy(r"\b(?:au|du)\s+$")
# "Niveau : 5", "Niveau : III.", "Niveau de qualification : 4", "Niveau : niveau 4 (cadre national)"
# An annex's label: "Niveau : III.", "Niveau de qualification : 4", "Niveau du cadre national des certifications
# professionnelles : 4", "Nomenclature du niveau de qualification : Niveau 4" (the France Compétences fiche's)
_LEVEL_ANNEX = _lazy(
    r"(?:Nomenclature\s+du\s+niveau|Niveau)(?:\s+(?:de|du|des|d['’]|la|qualification|cadre|national|"
    r"certifications?|professionnelles?|européen|nomenclature)){0,8}\s*:\s*(?:[Nn]iveau\s+)?" + _LEVEL
)
# An NSF code: three digits and perhaps one letter ("332t", "232 p", "311 T").
_NSF_ONE = r"(?<![\w])\d{3}(?:\s?[a-zA-Z])?(?![\w])"
_NSF_LIST = _NSF_ONE + r"(?:\s*(?:[,;/–-]|et|ou)\s*" + _NSF_ONE + r")*"
_NSF_CODE = _lazy(r"\b(\d{3})(?:\s?([a-zA-Z]))?(?![\w])")
# The codes just before a parenthesis naming the nomenclature: "dans le domaine d'activité 332t (code NSF)",
# "dans les domaines d'activité 312 t et 312 w (codes NSF)", "dans la spécialité 311 t (NSF)"
_NSF_BEFORE = _lazy(r"(?P<codes>" + _NSF_LIST + r")\s*\(\s*(?:codes?\s+)?NSF\b")
# The codes after "NSF": annex "Code NSF : 254 n", "(code NSF) 332t", "(codes NSF : 311m et 312t)"
_NSF_AFTER = _lazy(r"NSF\s*\)?\s*:?\s*(?P<codes>" + _NSF_LIST + r")")
_ROME_LABEL = _lazy(r"[Cc]odes?(?:\s*\(s\))?\s+(?:du\s+|de\s+la\s+fiche\s+)?ROME\b\s*\)?\s*:?")
_ROME_LABEL_OTHER = _lazy(
    r"\b[Ff]iches?\s+(?:du\s+)?ROME\b\s*:?|"
    r"\brépertoire\s+opérationnel\s+des\s+métiers\s+et\s+des\s+emplois\s*(?:\(\s*ROME\s*\))?\s*:?"
)
_ROME_CODE = _lazy(r"(?<![\w])(?:ROME\s+)?([A-N])\s?(\d{4})(?![\w])|(?<![\w\-/.])(\d{5})(?![\w/])")
# A line of the list under the label: it starts with a code ("K1801 Conseil …", "- D 1401 ;") or ends with one
# ("Conseil en emploi et insertion socioprofessionnelle (K1801)", "Conseil en emploi – K1801.").
_ROME_LINE = _lazy(r"^(?:[-–•]\s*)?(?:ROME\s+)?(?:[A-N]\s?\d{4}|\d{5})(?![\w])")
_ROME_LINE_END = _lazy(r"(?<![\w])(?:[A-N]\s?\d{4}|\d{5})\s*\)?\s*[.;,]?$")

# "pour une durée de cinq ans", "pour une année", "pour 5 ans", "prorogé d'un an", "prolongé de deux ans", "prorogé
# de six mois", "pour une durée de vingt-six semaines". One pattern per first word, each led by a case-sensitive
# literal: the regex engine then skips to that word (×5 faster than one case-insensitive alternation);
# ``_durations`` merges their matches in text order.
_TENS = r"(?:vingt|trente|quarante|cinquante|soixante)"
_COUNT = r"(?:" + _TENS + r"-(?:et-)?(?:un|une|deux|trois|quatre|cinq|six|sept|huit|neuf)\b|" + NUMBER + r")"
_DURATION_TAIL = (
    r"\s+(?:une\s+(?:nouvelle\s+)?(?:durée|période)\s+(?:maximale\s+|supplémentaire\s+)?)?"
    r"(?:de\s+|d['’]\s*(?=une?\b))?"
    r"(?P<n>(?i:" + _COUNT + r"))\s+(?P<unit>ans|années|an|année|mois|semaines?)\b"
)
_DURATIONS = [
    (word, _lazy(word + ending + _DURATION_TAIL))
    for word, ending in (
        ("pour", ""),
        ("Pour", ""),
        ("prorog", r"ée?s?"),
        ("prolong", r"ée?s?"),
        ("reconduit", r"e?s?"),
        ("renouvel", r"ée?s?"),
    )
]


def _durations(text: str):
    """The duration matches of every pattern, in text order, read lazily (the first registration is enough)."""
    return heapq.merge(*(_scan(pattern, text, word) for word, pattern in _DURATIONS), key=lambda m: m.start())


_TEN_VALUES = {"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}


def _count(word: str) -> int | None:
    """ "cinq" → 5, "5" → 5, "vingt-six" → 26, "trente-et-un" → 31."""
    tens, _, units = word.lower().partition("-")
    if tens in _TEN_VALUES and units:
        unit = parse_number(units.removeprefix("et-"))
        return _TEN_VALUES[tens] + unit if unit else None
    return parse_number(word)


def _years(m: re.Match) -> int | None:
    """The duration in whole years: "24 mois" is 2 years; "six mois", "26 semaines" are none (the record counts
    years only)."""
    n = _count(m.group("n"))
    if n is None:
        return None
    unit = m.group("unit").lower()
    if unit.startswith(("an", "ann")):
        return n
    if unit == "mois" and n % 12 == 0:
        return n // 12
    return None


# A sentence that registers or prorogues: "enregistré", "prorogé", "créé pour cinq ans", "applicables pour …"
_REGISTRATION_WORDS = _lazy(
    r"enregistr|prorog|prolong|reconduit|reconduction|applicables?\b|inscrit|renouvel|\bcréée?s?\b", re.I
)
_REVIEW_WORDS = _lazy(r"réexamin|\bexaminée?\b|\bexamen\b", re.I)
_REGISTERED = _lazy(r"enregistr|prorog|prolong|reconduit|renouvel", re.I)
# What an earlier act did, told in passing: "…, enregistré pour une durée de cinq ans par l'arrêté du 2 mars 2019,
# est prorogé …", "initialement enregistré pour trois ans"
_BY_AN_EARLIER_ACT = _lazy(
    r"(?:\s+(?:au|dans\s+le)\s+répertoire\b[^,.;]{0,120}?)?\s+par\s+(?:l['’]\s*)?(?:arrêtés?|décision)\b"
)
_EARLIER = _lazy(r"\b(?:initialement|précédemment|antérieurement)\s+(?:\w+\s+){0,2}$")
_FROM = r"(?:à\s+compter|à\s+partir)\s+du\s+"  # "à compter du 1er septembre 2024", "à partir du …"
_FROM_THE = _lazy(r"\bà\s+(?:compter|partir)\s+de\s+la\b")  # "à compter de la date de …"
_FROM_DATE_ANYWHERE = _lazy(_FROM + DATE, re.I)
# A start the text gives without its date: "à compter de la publication du présent arrêté", "à compter de la date
# de publication", "à compter du lendemain de sa publication", "à compter de son entrée en vigueur"
_RELATIVE_START = _lazy(
    r"\s*,?\s*(?:à\s+compter|à\s+partir)\s+(?:du\s+lendemain|de\s+(?:la|sa|son|leur|l['’]))\b", re.I
)
_FROM_DATE = _lazy(r"\s*(?:,\s*)?" + _FROM + DATE, re.I)
# "à compter du 1er avril 2021 et jusqu'au 31 mars 2026": a registration given by its two ends, no duration
_UNTIL = _lazy(r"\s*,?\s*(?:et\s+)?jusqu['’]\s*au\s+" + DATE, re.I)


def find_titre(doc: Document, tables: list[EquivalenceTable] | None = None) -> Titre | None:
    """The titre (or similar certification) ``doc`` is about, or None when it is about none.

    ``tables``: the equivalence tables of ``doc`` (``extract`` reads them once for the titre and the
    equivalences); read here when None."""
    if doc.nature in _NOT_ONE_TITRE or not (_ABOUT.search(doc.text) or _ONE_TITRE_HINTS.search(doc.text)):
        return None
    text = body(doc)
    title = _title(doc)
    if title and _NOT_ONE_TITRE_TITLE.match(title):
        return None  # a copy the segmenter could not cut: its title says it is a décret
    if title and _GENERAL_SUBJECT.search(title) and _own_or_cited_name(title) is None:
        return None  # "relatif aux conditions de délivrance du titre professionnel du ministère chargé de l'emploi"
    if tables is None:
        from legalgraph.extract.equivalences import equivalence_tables

        tables = equivalence_tables(doc)
    reading = _name(doc, text, title, tables)
    action = _action(text, title)
    if reading.name is None and not _about_one_titre(text, action):
        return None
    titre = Titre(name=reading.name, action=action, name_span=reading.span, former_names=reading.former)
    titre.level = _level(text)
    titre.nsf = _nsf(doc, text)
    titre.rome = _rome(doc, text)
    titre.registration_start, titre.registration_years = _registration(text)
    return titre


# ---- the title -------------------------------------------------------------------------------------------


# A text about a titre says so somewhere (its title, a visa, an article, the equivalence table's header), or
# names the review clause of the 2002–2006 titre arrêtés ("Il sera réexaminé par la commission professionnelle
# consultative compétente …").
_ABOUT = _lazy(
    r"titres?\s+professionnels?|TITRES?\s+PROFESSIONNELS?|\bcertification\s+(?:relative|professionnelle)"
    r"|certificats?\s+de\s+compétences\s+professionnelles|certifications\s+professionnelles"
    r"|réexamin\w*\s+par\s+la\s+commission\s+professionnelle\s+consultative",
    re.I,
)
# A titre professionnel is created, revised, prorogued by an arrêté of the minister; a décret, a loi or an
# ordonnance sets the rules of all titres (décret n° 2016-954 "relatif au titre professionnel délivré par le
# ministre chargé de l'emploi"): none is about one titre.
_NOT_ONE_TITRE = frozenset({Nature.DECRET, Nature.LOI, Nature.ORDONNANCE})
_NOT_ONE_TITRE_TITLE = _lazy(r"(?:Décret|DÉCRET|Loi|LOI|Ordonnance|ORDONNANCE)\b")
# A title about titres in general (when it names none): "du titre professionnel du ministère chargé de l'emploi",
# "délivré par le ministre", "les titres professionnels", the rules of délivrance, examination and agrément.
_GENERAL_SUBJECT = _lazy(
    r"titres?\s+professionnels?\s+(?:du\s+ministère|du\s+ministre|délivrés?\s+par)\b"
    r"|\b(?:des|aux|les)\s+titres\s+professionnels\b(?!\s+(?:de|d['’]|du)\s)"
    r"|\brèglement\s+général\b|\bconditions\s+de\s+délivrance\b|\bsessions?\s+d['’]\s*examen\b|\bagrément\b",
    re.I,
)
# A part of an act about one titre that does not name it: its certificates named in guillemets, the examination
# "du titre" (this one), or the act modifies, prorogues or repeals an arrêté (the titre's own).
_ONE_TITRE_HINTS = _lazy(
    r"(?:certificats?\s+de\s+compétences\s+professionnelles|\bCCP|blocs?\s+de\s+compétences)\s*(?:\(CCP\)\s*)?«"
    r"|\b(?:épreuves|session\s+d['’]\s*examen|jury|référentiels?|candidats?|titulaires?)\s+du\s+titre\b"
    r"(?!\s*(?:professionnel|de\b|d['’]|du\b))"
)
_CHANGING = frozenset({Action.MODIFICATION, Action.PROROGATION, Action.ABROGATION})


def _own_or_cited_name(title: str) -> str | None:
    """The name the title gives, if it is a name (not "délivré par le ministre chargé de l'emploi")."""
    name = _title_name(title)[0]
    return None if name is None or _MINISTRY.match(clean_name(name)) else name


def _about_one_titre(text: str, action: Action | None) -> bool:
    """A text that names no titre is about one when it changes an act (the titre's arrêté) or speaks of the
    titre as one given titre; otherwise it is about titres in general, or about something else."""
    return action in _CHANGING or bool(_ONE_TITRE_HINTS.search(text))


def _title(doc: Document) -> str | None:
    """The act's title: ``doc.title``, or a title line before the body ("Arrêté du … relatif au …")."""
    if doc.title:
        return squash(doc.title)
    text = doc.text
    m = _BODY_START.search(text)
    head = text[: m.start()] if m else text[:3000]
    found = _TITLE_PAREN.search(head) or _TITLE_LINE.search(head)
    if not found:
        return None
    title = found.group("title")
    # a title the print layout wraps: the next line continues it in lower case
    rest = head[found.end() :].lstrip(" \t")
    if rest.startswith("\n"):
        nxt = rest[1:].split("\n", 1)[0].strip()
        if nxt and (nxt[0].islower() or nxt[0] in "«(") and not nxt.startswith("Vu "):
            title = f"{title} {nxt}"
    return squash(title).rstrip(")").strip()


_CITES_AN_ARRETE = _lazy(r"l['’]\s*arrêté\s+du\b", re.I)


def _title_name(title: str | None) -> tuple[str | None, bool]:
    """(name, own) from the title: ``own`` is False when the name is the one of an arrêté the title cites."""
    if not title:
        return None, False
    m = _OWN_TITLE.search(title)
    if m and not _CITES_AN_ARRETE.search(title, 0, m.start()):
        return (_first_of_list(m.group("name")) if m.group("plural") else m.group("name")), True
    m = _OWN_CERTIFICATION.search(title)
    if m and not _CITES_AN_ARRETE.search(title, 0, m.start()):
        return m.group("name"), True
    m = _CITED_TITLE.search(title)
    if m:
        return m.group("name"), False
    # any other subject ("portant suspension de la délivrance du titre professionnel de X"), not a cited arrêté's
    m = _TITLE_SUBJECT.search(title)
    if m and not _CITES_AN_ARRETE.search(title, 0, m.start()):
        return m.group("name"), True
    return None, False


def _first_of_list(names: str) -> str:
    """The first of "A, B et de C" / "A et de B": a name may hold "et d'" itself ("agent de propreté et d'hygiène
    et de laveur de vitres"), so a list of two is cut at its last "et de"."""
    cuts = list(_LIST_SEPARATOR.finditer(names))
    if not cuts:
        return names
    commas = [c for c in cuts if "," in c.group()]
    return names[: (commas[0] if commas else cuts[-1]).start()]


# ---- the name --------------------------------------------------------------------------------------------

_GENDER = _lazy(
    r"\s*[(\[]\s*(e|ne|se|le|es|nes|ses|ère|ères|ere|eres|euse|euses|rice|trice|trices|ice|eur|ée|ienne)\s*[)\]]",
    re.I,
)


_NAME_TAIL = _lazy(
    # an apposition: ", créé par l'arrêté du …", ", enregistré pour cinq ans …", ", initialement inscrit …"
    r"\s*,\s*(?:initialement\s+|précédemment\s+)?(?:créée?|révisée?|modifiée?|enregistrée?|prorogée?|reconduite?|"
    r"classée?|inscrite?|intitulée?|dénommée?|appelée?)\b.*$"
    r"|\s+(?:au|dans\s+le)\s+répertoire\s+national\b.*$",
    re.I | re.S,
)


@lru_cache(maxsize=4096)  # a name is printed again and again in one text (title, articles, annex, tables)
def clean_name(raw: str) -> str:
    """A titre's name as GOLD.md wants it: lower case as printed, "(e)"/"(ne)" without inner spaces."""
    name = squash(raw)
    name = re.sub(
        r"\s*\[\s*niveau\b[^\]]*\]?\)?\]?\s*$", "", name, flags=re.I
    )  # "(ancien intitulé : … [niveau V])"
    name = _GENDER.sub(lambda m: f"({m.group(1)})", name)
    name = name.strip(' «»"“”')
    name = re.sub(r"\s*\(\s*(?:code\s+NSF|niveau\s+[IV\d]+|rectificatif)\s*\)\s*$", "", name, flags=re.I)
    # "X, créé par l'arrêté du …, est prorogé", "X au répertoire national … est prorogé": not part of the name
    if "," in name or "répertoire" in name:
        name = _NAME_TAIL.sub("", name)
    name = name.rstrip(" .;,:").strip()
    return name.lower()


class Tier(IntEnum):
    """Where a name is read, strongest first: the first tier that gives a name decides."""

    RENAMING = 1  # an explicit naming or renaming in the operative text
    OWN_TITLE = 2  # the act's own title ("relatif au titre professionnel de X")
    OPERATIVE = 3  # "Le titre professionnel de X est créé / enregistré / composé …"
    ANNEX = 4  # the RNCP annex ("Intitulé : X")
    TABLE = (
        5  # the new side of the equivalence table (a modifying arrêté renaming the titre says it only there)
    )
    REVISED = 6  # the subject of "est révisé": the old name when the same sentence renames the titre
    CITED_TITLE = (
        7  # the arrêté the title cites ("modifiant l'arrêté du … relatif au titre professionnel de X")
    )
    REFERENTIEL = 8  # the référentiels in the visas
    MENTIONS = 9  # the titre the text mentions most


@dataclass(slots=True)
class _Candidate:
    """A name the titre may have: its tier (which wording gave it), its order in the text, and its span."""

    tier: Tier
    order: int
    name: str
    span: Span | None


@dataclass(slots=True)
class _Names:
    """What a text says of its titre's names: the candidates, tier by tier, and the former names it gives."""

    candidates: list[_Candidate] = field(default_factory=list)
    former: list[str] = field(default_factory=list)

    def add(self, tier: Tier, raw: str | None, span: Span | None = None) -> None:
        if raw:
            name = clean_name(raw)
            if len(name) >= 2 and not _MINISTRY.match(name):
                self.candidates.append(_Candidate(tier, len(self.candidates), name, span))

    def add_former(self, raw: str | None) -> None:
        if raw:
            self.former.append(clean_name(raw))

    def best(self) -> _Candidate | None:
        return min(self.candidates, key=lambda c: (c.tier, c.order), default=None)


@dataclass(slots=True)
class NameReading:
    """The titre's name, where it is printed, and the names it had before (a renaming)."""

    name: str | None
    span: Span | None = None
    former: list[str] = field(default_factory=list)


# Not a name: the ministry's ("titre professionnel du ministère chargé de l'emploi", "délivré par le ministre")
_MINISTRY = _lazy(r"(?:ministère|ministre|délivrée?s?\s+par)\b")


def _name(doc: Document, text: str, title: str | None, tables: list[EquivalenceTable]) -> NameReading:
    """The name, its span (when read from the body) and the former names the text gives."""
    names = _Names()
    title_name, own = _title_name(title)
    _read_renamings(names, text, title_name)
    if own:
        names.add(Tier.OWN_TITLE, title_name)
    _read_operative(names, text)
    _read_annex(names, text)
    table_former = _read_tables(names, tables)
    if not own:
        names.add(Tier.CITED_TITLE, title_name)
    for m in _scan(_REFERENTIEL, doc.text, "référentiel"):
        names.add(Tier.REFERENTIEL, m.group("name"), m.span("name"))
    if not names.candidates:
        _read_mentions(names, text)
    for m in _scan(_FORMER, text, "ancien"):
        names.add_former(m.group("old"))
    best = names.best()
    if best is None:
        return NameReading(None)
    same = [c.span for c in names.candidates if c.span and tight(c.name) == tight(best.name)]
    span = _locate(doc.text, best.name, best.span, same)
    return NameReading(best.name, span, _distinct_former(best.name, names.former + table_former))


def _read_renamings(names: _Names, text: str, title_name: str | None) -> None:
    """ "intitulée « certification … »", "sous le nouvel intitulé de X", "A devient B", "l'intitulé … est remplacé
    par …", "les mots « A » sont remplacés par les mots « B »" (only when A is the titre the title names)."""
    for m in _scan(_CALLED, text, "intitul"):
        names.add(Tier.RENAMING, m.group("name"), m.span("name"))
    for m in _scan(_NEW_NAME, text, "intitulé", "dénomination", "appellation"):
        names.add(Tier.RENAMING, m.group("name"), m.span("name"))
        ops = list(_operatives(text, max(0, m.start() - 400), m.start()))
        if ops and ops[-1].group("verb").startswith("révis"):
            names.add_former(ops[-1].group("name"))
    for m in _scan(_BECOMES, text, "devient", "renommé", "dénommé", "prend l", "désormais"):
        names.add(Tier.RENAMING, m.group("name"), m.span("name"))
        names.add_former(m.group("old"))
    for m in _scan(_IT_BECOMES, text, "Il "):
        ops = list(_operatives(text, max(0, m.start() - 400), m.start()))
        if ops:  # "Il" is the titre only when the sentence before names one
            names.add(Tier.RENAMING, m.group("name"), m.span("name"))
            names.add_former(ops[-1].group("name"))
    for m in _scan(_RENAMED_TO, text, "intitulé"):
        names.add(Tier.RENAMING, m.group("name"), m.span("name"))
        names.add_former(m.group("old"))
    for m in (m for word, pattern in _WORDS_REPLACED for m in _scan(pattern, text, word)):
        old = m.group("old")
        if _is_titre_name(old, title_name, text):
            names.add(Tier.RENAMING, m.group("name"), m.span("name"))
            names.add_former(old)


def _is_titre_name(words: str, title_name: str | None, text: str) -> bool:
    """ "les mots « A » sont remplacés …" renames the titre only when A is its name: the title's name, or, without
    one, a name the text prints after "titre professionnel" ("« cinq ans »" is no name)."""
    key = tight(clean_name(words))
    if title_name is not None:
        return key == tight(clean_name(title_name))
    return any(tight(clean_name(m.group("name"))).startswith(key) for m in _scan(_TITRE_OF, text, "titre"))


def _read_operative(names: _Names, text: str) -> None:
    """ "Le titre professionnel de X est créé / enregistré / composé …", "Il est créé un titre professionnel de X";
    the subject of "est révisé" ranks lower: it is the old name when the same sentence renames the titre."""
    for m in _operatives(text):
        tier = Tier.REVISED if m.group("verb").startswith("révis") else Tier.OPERATIVE
        names.add(tier, m.group("name"), m.span("name"))
    for m in _CREATED_FIRST.finditer(text):  # led by the literal "créé": scanned fast
        if _IL_EST.search(text, max(0, m.start() - 12), m.start()):
            names.add(Tier.OPERATIVE, m.group("name"), m.span("name"))


def _read_annex(names: _Names, text: str) -> None:
    """The RNCP annex: "Intitulé : X" (perhaps "(ancien titre : A)")."""
    for m in _line_starts(_ANNEX_NAME, text, "Intitulé", "Titre professionnel"):
        raw = m.group("name")
        fm = _FORMER.search(raw)
        if fm:
            names.add_former(fm.group("old"))
            raw = raw[: fm.start()]
        names.add(Tier.ANNEX, raw, m.span("name"))


def _read_tables(names: _Names, tables: list[EquivalenceTable]) -> list[str]:
    """The new side of each equivalence table; returns the old sides that name another titre (former names)."""
    former = []
    for table in tables:
        new = _header_name(table.new_header)
        names.add(Tier.TABLE, new)
        old = _header_name(table.old_header)
        if old and new and tight(clean_name(old)) != tight(clean_name(new)):
            former.append(clean_name(old))
    return former


def _read_mentions(names: _Names, text: str) -> None:
    """The titre mentioned most ("… du titre de X …"), when nothing else names one; ties go to the first."""
    counts: Counter[str] = Counter()
    first: dict[str, tuple[str, Span]] = {}
    for m in _scan(_MENTION, text, "titre"):
        before = text[max(0, m.start() - 4) : m.start()]
        if before[-1:].isalnum() or (not m.group("pro") and _EVERYDAY.search(before)):
            continue  # inside a word; or "au titre de l'article …", "à titre de …"
        name = clean_name(m.group("name"))
        if name.count("(") != name.count(")"):
            continue
        key = tight(name)
        counts[key] += 1
        first.setdefault(key, (name, m.span("name")))
    if counts:
        best = max(counts, key=lambda k: (counts[k], -first[k][1][0]))
        names.add(Tier.MENTIONS, *first[best])


def _distinct_former(name: str, former: list[str]) -> list[str]:
    """The former names in order, each once, without the name itself."""
    seen = {_same_name_key(name)}
    out = []
    for f in former:
        if f and _same_name_key(f) not in seen:
            seen.add(_same_name_key(f))
            out.append(f)
    return out


def _locate(text: str, name: str, span: Span | None, others: list[Span]) -> Span | None:
    """Where the name is printed: the span it was read from when it reads the same, else its first
    occurrence (title, visas or body), else any span it was read from."""
    for s in [span, *others]:
        if s and text[s[0] : s[1]].lower() == name:
            return s
    m = re.search(re.escape(name), text, re.I)
    if m:
        return m.span()
    loose = r"\s+".join(re.escape(w) for w in name.split()).replace(r"\(", r"\s*\(\s*")
    m = re.search(loose, text, re.I)
    if m:
        return m.span()
    return span or (others[0] if others else None)


def _operatives(text: str, start: int = 0, end: int | None = None):
    """ "Le titre professionnel de X est créé / enregistré / …" sentences (``_OPERATIVE`` starts at "titre")."""
    if "titre" not in text:
        return
    for m in _OPERATIVE.finditer(text, start, len(text) if end is None else end):
        if _THE.search(text, max(0, m.start() - 12), m.start()):
            yield m


def _same_name_key(name: str) -> str:
    """Two printings of one name ("technicien(ne) d'études, option …" / "technicien d'études option …")."""
    return re.sub(r"\([^)]*\)|[^\w]", "", fold(name))


def _header_name(header: str | None) -> str | None:
    """The titre's name in an equivalence table header ("TITRE PROFESSIONNEL / Commercial(e) / (présent arrêté)")."""
    if not header:
        return None
    h = re.sub(r"\(\s*(?:arrêtés?|présent)\b.*$", "", header, flags=re.I | re.S)
    h = re.sub(r"^\s*TITRE\s+PROFESSIONNEL\s*", "", h, flags=re.I)
    h = re.sub(r"^(?:de\s+(?:l['’])?|d['’]\s*|du\s+)", "", h.strip(), flags=re.I)
    h = squash(h)
    if len(h) < 3 or re.fullmatch(r"(?:arrêté|présent arrêté)\b.*", h, re.I):
        return None
    return h


# ---- the action ------------------------------------------------------------------------------------------


def _action(text: str, title: str | None) -> Action | None:
    """GOLD.md: the title's own words decide first, the operative article only when the title says nothing.

    When neither shows (a consolidated copy without its first article, a fragment cut before the operative
    article, an annex alone) the action is unknown: None, never a guess; OTHER is for a text that says what
    it does when that is none of the known actions.
    """
    if title:
        hits = [(m.start(), action) for pattern, action in _TITLE_ACTIONS if (m := pattern.search(title))]
        if hits:
            return min(hits, key=lambda h: h[0])[1]
    seen = set()
    for key, pattern, word, before in _BODY_ACTIONS:
        if key in seen or not _has(text, word):
            continue
        if any(_preceded(text, m, before) for m in pattern.finditer(text)):
            seen.add(key)
    for key in _ACTION_OF:  # in strength order
        if key in seen:
            return _ACTION_OF[key]
    return None


# ---- level, NSF, ROME ------------------------------------------------------------------------------------


def _level(text: str) -> str | None:
    if not _has(text, "niveau", "Niveau"):
        return None
    m = _LEVEL_CLASSED.search(text)
    if m:
        return m.group("level").upper()
    for m in _LEVEL_NAMED.finditer(text):
        if not m.group("loose") or _AU_DU.search(text, max(0, m.start() - 5), m.start()):
            return m.group("level").upper()
    m = next(_line_starts(_LEVEL_ANNEX, text, "Niveau", "Nomenclature"), None)
    return m.group("level").upper() if m else None


def _nsf(doc: Document, text: str) -> list[str]:
    out: list[str] = []
    if "NSF" not in text:
        return []
    found = []
    for nsf in re.finditer("NSF", text):  # a literal: fast; each pattern then reads only around it
        before = _NSF_BEFORE.search(text, max(0, nsf.start() - 120), nsf.end())
        after = _NSF_AFTER.match(text, nsf.start(), nsf.end() + 120)
        found += [(m.start(), m.group("codes")) for m in (before, after) if m]
    for _, chunk in sorted(found):
        for m in _NSF_CODE.finditer(chunk):
            code = m.group(1) + (m.group(2) or "").lower()
            if code not in out:
                out.append(code)
    for code in out:
        if not codes.check_nsf(code):
            _warn(doc, f"unknown NSF code {code}")
    return out


def _rome(doc: Document, text: str) -> list[str]:
    """Codes after "Code(s) ROME :" / "fiches ROME": on the label's line, then on each following line that
    starts or ends with one."""
    out: list[str] = []
    labels = list(_scan(_ROME_LABEL, text, "ROME")) + list(
        _scan(_ROME_LABEL_OTHER, text, "iche", "répertoire opérationnel")
    )
    for label in sorted(labels, key=lambda m: m.start()):
        pos = label.end()
        on_label_line = True
        while pos <= len(text):
            nl = text.find("\n", pos)
            nl = len(text) if nl < 0 else nl
            line = text[pos:nl].strip()
            pos = nl + 1
            if not line:
                if on_label_line:
                    on_label_line = False
                continue
            if not on_label_line and not (_ROME_LINE.match(line) or _ROME_LINE_END.search(line)):
                break
            for h in _ROME_CODE.finditer(line):
                code = (h.group(1) + h.group(2)) if h.group(1) else h.group(3)
                if code not in out:
                    out.append(code)
            on_label_line = False
    for code in out:
        if not codes.check_rome(code):
            _warn(doc, f"unknown ROME code {code}")
    return out


def _warn(doc: Document, message: str) -> None:
    if message not in doc.warnings:
        doc.warnings.append(message)


# ---- registration ----------------------------------------------------------------------------------------

_SENTENCE_END = _lazy(r"(?<!\b[A-Z])(?<!\bart)(?<!\bn°)[.;](?=\s|$)|\n\s*\n")


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(0, start - 600)
    s = left
    for m in _SENTENCE_END.finditer(text, left, start):
        s = m.end()
    m = _SENTENCE_END.search(text, end, min(len(text), end + 600))
    return s, (m.start() if m else min(len(text), end + 600))


def _registration(text: str) -> tuple[str | None, int | None]:
    """(start date, years) of the registration in the répertoire national, or of its prorogation: the first
    duration of a sentence that registers, prorogues or creates for a time, and that is not a review delay nor
    what an earlier act did. A start relative to the publication has no date in the text: None."""
    for m in _durations(text):
        s, e = _sentence(text, m.start(), m.end())
        sentence = text[s:e]
        if not _REGISTRATION_WORDS.search(sentence):
            continue
        if _REVIEW_WORDS.search(sentence) and not _REGISTERED.search(sentence):
            continue  # a review delay ("sera réexaminé … dans un délai de cinq ans"), unless it is registered too
        if _BY_AN_EARLIER_ACT.match(text, m.end()) or _EARLIER.search(
            text, max(0, m.start() - 40), m.start()
        ):
            continue
        return _start(text, m, s, e), _years(m)
    return _registration_by_its_ends(text)


def _registration_by_its_ends(text: str) -> tuple[str | None, int | None]:
    """(start, years) of a registration that runs "à compter du A jusqu'au B": years when B is the day before
    (or the day of) A's anniversary, a whole number of years on; else None (a length in months is no years)."""
    for m in _scan(_FROM_DATE_ANYWHERE, text, "compter", "partir"):
        until = _UNTIL.match(text, m.end())
        if until is None or not _REGISTERED.search(text, *_sentence(text, m.start(), m.end())):
            continue
        start, end = iso_date(m), iso_date(until)
        return start, _whole_years(start, end)
    return None, None


def _whole_years(start: str | None, end: str | None) -> int | None:
    if start is None or end is None or (years := int(end[:4]) - int(start[:4])) <= 0:
        return None
    anniversary = add_years(start, years)
    return years if anniversary and end in (anniversary, day_before(anniversary)) else None


def _start(text: str, m: re.Match, s: int, e: int) -> str | None:
    """The "à compter du …" date of the duration ``m`` in the sentence ``text[s:e]``."""
    if _RELATIVE_START.match(text, m.end()):
        return None
    d = _FROM_DATE.match(text, m.end())
    if d:
        return iso_date(d)
    # "pour cinq ans dans le répertoire national …, à compter du 1er janvier 2020": later in the sentence
    after = _FROM_DATE_ANYWHERE.search(text, m.end(), e)
    if after and not _FROM_THE.search(text, m.end(), after.start()):
        return iso_date(after)
    # "à compter du 28 décembre 2015 … pour une durée de cinq ans": the date before the duration
    before = list(_FROM_DATE_ANYWHERE.finditer(text, s, m.start()))
    return iso_date(before[-1]) if before else None


__all__ = ["find_titre", "clean_name", "DATE_RE", "fold"]
