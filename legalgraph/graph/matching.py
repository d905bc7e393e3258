"""Tie the cell of an equivalence table ("CCP2 : Prospecter un secteur de vente") to a certificate of a version."""

from __future__ import annotations

import re
from collections.abc import Sequence

from legalgraph.norm import fold_ascii

# "CCP2 : …", "CCP 1 - …", "Bloc 3 : …", "1. …", "2° …": a rank the table prints before the title.
_RANK = re.compile(
    r"^\s*(?:ccp|ccs|bloc(?:\s+de\s+competences)?|bc|certificat)?\s*n?°?\s*(\d{1,2})\s*(?:[:.°)\-–]\s*|\s+)"
)
_NO_MATCH = re.compile(r"pas\s+de\s+correspondance|aucune?\s+correspondance|sans\s+objet|^\s*-+\s*$|neant")
_WORD = re.compile(r"[a-z0-9]+")
# Two titles are the same certificate when most of their words are: tables reword lightly ("et" / "ou",
# an article added), while two certificates of one titre share few words beyond the verb.
MIN_OVERLAP = 0.6


def no_correspondence(label: str) -> bool:
    """The cell says the old certificate has no counterpart ("Pas de correspondance")."""
    return bool(_NO_MATCH.search(fold_ascii(label)))


def split_label(label: str) -> tuple[int | None, str]:
    """ "CCP2 : Prospecter…" → (2, "prospecter…") in folded form; (None, folded label) without a rank."""
    text = fold_ascii(label)
    m = _RANK.match(text)
    if m:
        return int(m.group(1)), text[m.end() :].strip(" .;")
    return None, text.strip(" .;")


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text) if len(w) > 2}


def match_certificate(label: str, certificates: Sequence[tuple[int, str, str]]) -> str | None:
    """The IRI of the certificate ``label`` names among ``(rank, title, iri)``, or None when none fits."""
    if not certificates or no_correspondence(label):
        return None
    rank, text = split_label(label)
    titles = [(fold_ascii(title).strip(" .;"), iri) for _, title, iri in certificates]
    for title, iri in titles:
        if text and title == text:
            return iri
    for title, iri in titles:  # a cut cell, or a title with a trailing complement
        if (
            text
            and title
            and (title.startswith(text) or text.startswith(title))
            and min(len(text), len(title)) > 15
        ):
            return iri
    words = _words(text)
    best, best_score = None, 0.0
    for title, iri in titles:
        other = _words(title)
        if words and other:
            score = len(words & other) / len(words | other)
            if score > best_score:
                best, best_score = iri, score
    if best_score >= MIN_OVERLAP:
        return best
    if rank is not None and not text:  # "CCP 2" alone
        for r, _, iri in certificates:
            if r == rank:
                return iri
    return None
