"""Attach a source its own words leave unidentified — a page of one article, a fragment without its title
block — to the one act of the store that everything it says agrees with: the titre it names, the acts it names
as earlier versions, the Journal officiel it was published in, the day its registration starts, what it does
to the titre. Never a guess between two: with no candidate or several, the source stays an act of its own,
and ``build`` lists it.

A name alone is not enough (two different titres were called "conseiller commercial"): it takes the name and
a dated fact, or the JO issue itself (the page's "JORF n°0158 du 9 juillet 2023" line) matched exactly.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from legalgraph.graph import identity as ids
from legalgraph.graph.lineage import name_agreement, stems
from legalgraph.models import Document

NAME_AGREEMENT = 0.75  # word overlap of two wordings of one titre name ("conseiller(ère) en insertion …")


@dataclass
class ActEvidence:
    """What the document graphs of a store say of one identified act."""

    iri: str
    nature: str
    date: str | None = None
    published: set[str] = field(default_factory=set)  # eli:date_publication of its copies
    names: set[str] = field(default_factory=set)  # titre names its text gives
    priors: set[str] = field(default_factory=set)  # dates of the earlier versions its text names
    actions: set[str] = field(default_factory=set)


class ActIndex:
    """The acts of a store by nature and by the words of their titre names: a source is compared with the acts
    that can agree with it (same nature; a titre name sharing a word with its own), not with every act — 500
    sources against 2,000 acts at 50 copies of the corpus took half a minute."""

    def __init__(self, acts: Iterable[ActEvidence]):
        self.by_nature: dict[str, list[ActEvidence]] = defaultdict(list)
        self.by_word: dict[tuple[str, str], list[ActEvidence]] = defaultdict(list)
        for act in acts:
            self.by_nature[act.nature].append(act)
            for word in {w for name in act.names for w in stems(name)}:
                self.by_word[(act.nature, word)].append(act)

    def candidates(self, doc: Document) -> list[ActEvidence]:
        said = Said.of(doc)
        nature, name = said.nature, said.name
        if not name:
            return self.by_nature.get(nature, [])
        # An act that agrees shares, with the source's titre name, one of any k of its words: a word overlap
        # (Jaccard) ≥ t misses at most n − ⌈t·n⌉ of its n words, a name inside the other at most one. The k
        # rarest words are looked up, not the ones every name has.
        words = sorted(stems(name), key=lambda w: (len(self.by_word.get((nature, w), [])), w))
        k = max(2, len(words) - math.ceil(NAME_AGREEMENT * len(words) - 1e-9) + 1)
        found = {id(a): a for w in words[:k] for a in self.by_word.get((nature, w), [])}
        return list(found.values())


@dataclass(frozen=True)
class Said:
    """What a source says that an act must agree with, read once from its Document (``of``) and then compared
    with each act: a page without a titre name meets every act of its nature, thousands at scale."""

    nature: str
    name: str | None = None
    published: str | None = None
    priors: frozenset[str] = frozenset()
    registered: str | None = None
    action: str | None = None

    @classmethod
    def of(cls, doc: Document) -> Said:
        titre = doc.titre
        published = doc.meta.get("date_publi")
        return cls(
            nature=_nature(doc),
            name=titre.name if titre and titre.name else None,
            published=published if isinstance(published, str) and published else None,
            priors=frozenset(doc.previous_acts),
            registered=titre.registration_start if titre and titre.registration_start else None,
            action=str(titre.action) if titre and titre.action else None,
        )


def _nature(doc: Document) -> str:
    return ids.resource_type_iri(str(doc.nature)).rsplit("/", 1)[-1]


def _same_titre(name: str, names: set[str]) -> bool:
    score, inside = name_agreement({ids.titre_key(name)}, {ids.titre_key(n) for n in names})
    return score >= NAME_AGREEMENT or inside


def _agreement(said: Said) -> Callable[[ActEvidence], bool]:
    """Whether an act agrees with all a source says."""
    nature, name, published, priors = said.nature, said.name, said.published, said.priors
    registered, action = said.registered, said.action

    def agrees(act: ActEvidence) -> bool:
        if act.nature != nature:
            return False
        if published and (
            act.published and published not in act.published or act.date and act.date > published
        ):
            return False
        if priors and (
            not priors <= act.priors if act.priors else any(act.date and p >= act.date for p in priors)
        ):
            return False
        if registered and act.date and registered < act.date:
            return False
        if action and act.actions and action not in act.actions:
            return False
        return not name or bool(act.names and _same_titre(name, act.names))  # the costliest test, last

    return agrees


def evidence(doc: Document, act: ActEvidence) -> list[str]:
    """The facts of ``doc`` that identify ``act`` (what a source says of it, beyond agreeing)."""
    titre = doc.titre
    said = []
    if titre and titre.name:
        said.append(f"titre « {titre.name} »")
    if doc.meta.get("date_publi") in act.published:
        said.append(f"JO du {doc.meta['date_publi']}")
    if doc.previous_acts:
        said.append("versions antérieures " + ", ".join(sorted(doc.previous_acts)))
    if titre and titre.registration_start:
        said.append(f"enregistrement au {titre.registration_start}")
    return said


def attachment(doc: Document, acts: Iterable[ActEvidence]) -> tuple[str, str, str | None] | None:
    """(act IRI, the evidence in words, the act's date) for the one act of ``acts`` (every act, or an
    ``ActIndex``'s candidates for ``doc``) that ``doc`` is a copy of, or None."""
    fitting = list(filter(_agreement(Said.of(doc)), acts))
    published = doc.meta.get("date_publi")
    same_issue = [a for a in fitting if published in a.published]
    if same_issue:  # the JO issue names the act best: one act of the store published in it, or no answer
        chosen = same_issue if len(same_issue) == 1 else []
    else:  # else the titre's name, with a dated fact
        chosen = fitting if len(fitting) == 1 and doc.titre and doc.titre.name else []
    said = evidence(doc, chosen[0]) if chosen else []
    if not chosen or (not same_issue and len(said) < 2):
        return None
    return chosen[0].iri, "; ".join(said), chosen[0].date
