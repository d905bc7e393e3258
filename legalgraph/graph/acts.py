"""Every act of the store described once: its type, one label, its official ids and Légifrance links; and the
bare mentions ("l'arrêté du 9 mars 2006") tied to the one act they can name, or to their candidates.

Each document graph says what *that* text says (its own act's date and NOR, the words of each citation). What
is known of an act across texts and the catalogue is written here, once per act, into the derived graph: an act
cited by hundreds of texts, or held in three copies, is one ``eli:LegalResource`` with one ``skos:prefLabel``,
and a ``COUNT`` over acts counts acts, not the graphs that mention them.

The label, by preference: the official title (the catalogue's, else the act's own text as published, else a
consolidated copy's), then the wording most citing texts use, then what the act is ("Arrêté du 21 novembre
2022 (titre professionnel de …)"). Every other wording is a ``skos:altLabel``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Quad

from legalgraph.graph import identity as ids
from legalgraph.graph.catalogue import Catalogue, CatalogueAct
from legalgraph.graph.namespaces import DERIVED_GRAPH, ELI, LG, OA, OWL, RDFS, SKOS, XSD, A, _node

LEGIFRANCE = "https://www.legifrance.gouv.fr"


@dataclass
class ActFacts:
    """What the document graphs say of acts and mentions (see ``store.load.act_facts``)."""

    acts: set[str] = field(default_factory=set)  # every act a text is, cites, links or names as earlier
    keys: dict[str, str] = field(default_factory=dict)  # act → citation key
    dates: dict[str, str] = field(default_factory=dict)  # act → date
    titles: dict[str, list[tuple[str, bool]]] = field(
        default_factory=lambda: defaultdict(list)
    )  # (title, consolidated)
    wordings: dict[str, Counter] = field(
        default_factory=lambda: defaultdict(Counter)
    )  # full mentions → count
    dated_by_text: set[str] = field(default_factory=set)  # acts whose own text gives their date
    fallback_labels: dict[str, str] = field(default_factory=dict)  # what an untitled copy says it is
    code_names: dict[str, str] = field(default_factory=dict)  # code act → its name as printed
    stated_ids: set[tuple[str, str, str]] = field(default_factory=set)  # (act, property local name, value)
    bare: list[tuple[str, str, str]] = field(default_factory=list)  # (citation, key, citer)


def legifrance_url(act: CatalogueAct | None, ids_: dict[str, str], eli: str | None) -> str | None:
    """The page of the act on Légifrance: by JORFTEXT, else by article or text id, else its ELI."""
    legiarti, legitext, jorf = ids_.get("legiArticleId"), ids_.get("legiId"), ids_.get("jorfId")
    if legiarti:
        return f"{LEGIFRANCE}/codes/article_lc/{legiarti}"
    if jorf:
        return f"{LEGIFRANCE}/jorf/id/{jorf}"
    if legitext and act is not None and act.nature == "code":
        # a code's page; an article of it whose own id is unknown gets no link rather than its code's
        return f"{LEGIFRANCE}/codes/texte_lc/{legitext}" if act.code and not act.code[1] else None
    if legitext:
        return f"{LEGIFRANCE}/loda/id/{legitext}"
    return eli


def _code_label(iri: str, name: str | None) -> str:
    """ "Code de l'éducation, article R338-1" (the catalogue's form), from the code's name as printed."""
    rest = iri.split("/act/code/", 1)[1]
    slug, _, article = rest.partition("/")
    name = name or slug.replace("-", " ")
    name = name[0].upper() + name[1:]
    return f"{name}, article {article}" if article else name


def _generated_label(iri: str, facts: ActFacts) -> str:
    kind = iri.split("/act/", 1)[1].split("/", 1)[0]
    return ids.generic_label(kind, facts.dates.get(iri))


def _labels(iri: str, entry: CatalogueAct | None, facts: ActFacts) -> tuple[str, list[str]]:
    """The act's one label and its other names."""
    if "/act/code/" in iri:
        pref = entry.title if entry and entry.title else _code_label(iri, facts.code_names.get(iri))
        return pref, []
    # A title that gives only the act's date ("Arrêté du 4 avril 2016", as some sites print it) says less than
    # a citation's wording or what the text is about.
    titles = [(t, consolidated) for t, consolidated in facts.titles.get(iri, []) if ids.subject_of(t)]
    originals = sorted(t for t, consolidated in titles if not consolidated)
    consolidated = sorted(t for t, consolidated in titles if consolidated)
    bare_titles = sorted(t for t, _ in facts.titles.get(iri, []) if not ids.subject_of(t))
    wordings = facts.wordings.get(iri, Counter())
    by_use = [w for w, _ in sorted(wordings.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))]
    described = f"{entry.title} ({entry.note})" if entry and entry.title and entry.note else None
    choices = [
        entry.official_title if entry else None,
        *originals,
        *consolidated,
        *(w[0].upper() + w[1:] for w in by_use),
        described,
        facts.fallback_labels.get(iri),
        *bare_titles,
        _generated_label(iri, facts),
    ]
    choices = [" ".join(c.split()) for c in choices if c]
    pref = choices[0]
    alts = sorted({c for c in choices[1:-1] if c.casefold() != pref.casefold()})
    return pref, alts


def acts_graph(facts: ActFacts, catalogue: Catalogue) -> list[Quad]:
    """The derived description of every act of ``facts``, and the bare mentions resolved or with candidates."""
    g = DERIVED_GRAPH
    quads: list[Quad] = []

    def add(s: str, p: NamedNode, o) -> None:
        if o is not None:
            quads.append(Quad(_node(s), p, o, g))

    entries: dict[str, CatalogueAct] = {}
    by_key: dict[str, set[str]] = defaultdict(set)
    for entry in catalogue.acts:
        canonical = catalogue.canonical(entry)
        if canonical.iri:
            entries.setdefault(canonical.iri, canonical)
            by_key[entry.key].add(canonical.iri)
    for act, key in facts.keys.items():
        by_key[key].add(act)
    # The catalogue gives a code's LEGITEXT on each of its articles: the code itself has it too.
    for entry in catalogue.acts:
        if entry.code and entry.code[1] and entry.legitext:
            head = ids.act_iri("code", code=entry.code[0])
            if head and head not in entries:
                entries[head] = CatalogueAct(
                    key=f"code:{entry.code[0]}",
                    nature="code",
                    date=None,
                    number=None,
                    title=None,
                    note=None,
                    jorftext=None,
                    legitext=entry.legitext,
                    nor=None,
                    eli=None,
                    legiarti=None,
                    status="found",
                    source=entry.source.split(" ; ")[0],
                )

    # Bare mentions: the one act of that key the store and the catalogue know, else every candidate.
    described = set(facts.acts)
    for citation, key, citer in facts.bare:
        candidates = sorted(by_key.get(key, set()))
        if len(candidates) == 1:
            add(citation, OA.hasBody, _node(candidates[0]))
            add(citer, ELI.cites, _node(candidates[0]))
            described.add(candidates[0])
        else:
            for candidate in candidates:
                add(citation, LG.candidate, _node(candidate))
    candidates_only = {str(q.object.value) for q in quads if q.predicate == LG.candidate} - described

    for iri in sorted(described | candidates_only):
        entry = entries.get(iri)
        if iri in described:
            add(iri, A, ELI.LegalResource)
        article = "/act/code/" in iri and _is_article(iri)
        if article and iri in described:
            add(iri, A, ELI.LegalResourceSubdivision)
            add(iri, ELI.is_part_of, _node(iri.rsplit("/", 1)[0]))
        pref, alts = _labels(iri, entry, facts)
        add(iri, SKOS.prefLabel, Literal(pref, language="fr"))
        add(iri, RDFS.label, Literal(pref))
        for alt in alts:
            add(iri, SKOS.altLabel, Literal(alt, language="fr"))
        key = (entry.key if entry else None) or facts.keys.get(iri)  # the catalogue's: a number over a date
        add(iri, LG.citationKey, Literal(key) if key else None)
        kind = iri.split("/act/", 1)[1].split("/", 1)[0]
        add(iri, ELI.type_document, _node(ids.resource_type_iri("article" if article else kind)))
        # its own text's date, else the catalogue's (read from the act), else what most citations say (one
        # text's typo must not date an act that seven others date right)
        own = facts.dates.get(iri) if iri in facts.dated_by_text else None
        date = own or (entry.date if entry else None) or facts.dates.get(iri)
        if iri not in facts.titles:  # an act with a text states its date and number itself
            add(iri, ELI.date_document, Literal(date, datatype=XSD.date) if date else None)
            number = (entry.number if entry else None) or _key_number(key)
            add(iri, ELI.number, Literal(number) if number and not article else None)
        official: dict[str, str] = {p: v for a, p, v in facts.stated_ids if a == iri}
        if entry:
            for prop, value in (
                ("jorfId", entry.jorftext),
                ("legiId", None if article else entry.legitext),  # an article's LEGITEXT is its code's
                ("nor", entry.nor.split(";")[0].strip().upper() if entry.nor else None),
                ("legiArticleId", entry.legiarti),
            ):
                if value and prop not in official:
                    official[prop] = value
                    add(iri, LG[prop], Literal(value))
            add(iri, LG.idSource, Literal(entry.source) if entry.source and _has_id(entry) else None)
        eli = (LEGIFRANCE + entry.eli) if entry and entry.eli and entry.eli.startswith("/eli/") else None
        eli = eli or ids.legifrance_eli(kind, date, official.get("nor"))
        if eli:
            add(iri, OWL.sameAs, _node(eli))
        url = legifrance_url(entry, official, eli)
        add(iri, LG.legifranceUrl, _node(url) if url else None)
    return quads


def _key_number(key: str | None) -> str | None:
    """The number a citation key gives ("decret:2019-14" → "2019-14"; a date key gives none)."""
    value = key.split(":", 1)[1] if key and ":" in key and not key.startswith("code:") else None
    return value if value and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None


def _has_id(entry: CatalogueAct) -> bool:
    return bool(entry.jorftext or entry.legitext or entry.nor or entry.legiarti)


def _is_article(iri: str) -> bool:
    return iri.split("/act/code/", 1)[1].count("/") == 1
