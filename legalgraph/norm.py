"""What every stage shares: the folded forms wordings are compared in, and the citation keys of GOLD.md.

A leaf module: it imports nothing from legalgraph, so that models, stages, graph, evaluation and the nightly job
all use the same forms without importing each other. One function per meaning:

- ``strip_accents``: accents off, nothing else (a pattern made accent-insensitive keeps its punctuation);
- ``fold_for_key``: lower case, no accents, straight apostrophe, ``œ``/``æ`` spelled out — what keys are made of
  and single words (nature words, code names) are compared in;
- ``fold_for_matching``: ``fold_for_key``, and runs of spaces, line breaks, guillemets and quotes as one space,
  no leading or trailing punctuation — how two wordings of a name or a title are compared;
- ``fold_ascii``: lower case, ASCII only, single spaces — what identifiers and IRIs are made of;
- ``level_to_cnc``: a level of the 1969 nomenclature ("III") or of the cadre national ("5") on the latter;
- ``citation_key`` / ``citation_keys``: the keys of GOLD.md (``decret:2019-14``, ``code:code du travail:L6113-1``).

    >>> fold_for_key("l’Arrêté")
    "l'arrete"
    >>> fold_for_matching(" « Conseiller  en\\ninsertion » ;")
    'conseiller en insertion'
    >>> fold_ascii("Œuvre  d’art — n°")
    "oeuvre d'art n"
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Protocol

# The Unicode blocks of combining diacritical marks (and their extensions): the accents of Latin letters once
# decomposed. Marks of other scripts are kept; French texts have none.
_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_LIGATURES = str.maketrans({"’": "'", "œ": "oe", "æ": "ae"})
_MATCHING_SPACES = re.compile(r"[\s«»\"“”]+")
_EDGE_PUNCTUATION = " .;,:"


def strip_accents(s: str) -> str:
    """``s`` without its accents ("Arrêté" → "Arrete"), case and punctuation kept."""
    if s.isascii():
        return s
    return _MARKS.sub("", unicodedata.normalize("NFD", s))


@lru_cache(maxsize=1 << 14)  # subjects, code names and nature words recur across the citations of a text
def fold_for_key(s: str) -> str:
    """Lower case, no accents, straight apostrophe, ``œ`` → ``oe``, ``æ`` → ``ae``; spacing kept."""
    return strip_accents(s).lower().translate(_LIGATURES)


@lru_cache(maxsize=1 << 14)
def fold_for_matching(s: str) -> str:
    """``fold_for_key``, runs of whitespace, guillemets and quotes as one space, edge punctuation off: two
    wordings that differ only in these compare equal."""
    return _MATCHING_SPACES.sub(" ", fold_for_key(s)).strip(_EDGE_PUNCTUATION)


@lru_cache(maxsize=1 << 16)
def fold_ascii(text: str) -> str:
    """Lower case, no accents, straight apostrophes, single spaces, and nothing outside ASCII (any other sign is
    dropped): the form identifiers and IRIs are built from."""
    text = text.replace("’", "'").replace("œ", "oe").replace("Œ", "oe")
    if not text.isascii():  # decompose, then drop the accents (and any other non-Latin sign)
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(text.lower().split())


# ---- levels -------------------------------------------------------------------------------------------------

# Décret n° 2019-14, annexe: the 1969 nomenclature's levels on the cadre national des certifications.
# Old level I covers both 7 and 8 of the cadre national; we choose 7 (the master's level, which is what
# the titres professionnels of level I were), the décret's table being ambiguous on this one.
OLD_LEVEL_TO_CNC = {"V": "3", "IV": "4", "III": "5", "II": "6", "I": "7"}


def level_to_cnc(level: str | None) -> str | None:
    """A level as written ("III", "5") on the cadre national des certifications ("5"); None if it is neither."""
    if level is None:
        return None
    return OLD_LEVEL_TO_CNC.get(level.upper(), level if level.isdigit() else None)


# ---- citation keys ------------------------------------------------------------------------------------------


class CitedAct(Protocol):
    """What a key is made of (``legalgraph.models.Citation`` has it)."""

    kind: str
    number: str | None
    date: str | None
    code: str | None
    articles: list[str]


# kinds that name no act of their own (a référentiel, an unnamed text): no key
_UNKEYED = frozenset({"referentiel", "other"})


def code_key_name(code: str) -> str:
    """The name of a code in its key: folded, one space between words, none after an apostrophe ("code de
    l’ Education", as a copy may print it, is "code de l'education")."""
    return re.sub(r"'\s+", "'", re.sub(r"\s+", " ", fold_for_key(code))).strip()


def citation_key(c: CitedAct) -> str | None:
    """The act-level key of GOLD.md: ``code:<name>``, ``<kind>:<number>``, ``<kind>:<date>``; None if unkeyed."""
    if c.kind == "code":
        return f"code:{code_key_name(c.code)}" if c.code else None
    if c.kind in _UNKEYED:
        return None
    if c.number:
        return f"{c.kind}:{c.number}"
    if c.date:
        return f"{c.kind}:{c.date}"
    return None


def citation_keys(c: CitedAct) -> list[str]:
    """The keys of GOLD.md ``citation_keys`` this mention gives: one per code article, else the act key."""
    key = citation_key(c)
    if key is None:
        return []
    if c.kind == "code" and c.articles:
        return [f"{key}:{a}" for a in c.articles]
    return [key]
