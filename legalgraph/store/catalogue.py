"""The catalogue graph in a store: rows the nightly job scanned (``watch.catalogue``), written with the
archive that gave them, and read back by the derived step for the acts its documents name.

A row's facts are replaced property by property: a JO's table of contents gives a text's id and title, the
text itself its NOR and ELI too; reading the table again never takes the NOR away, a corrected title
replaces the old one.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

from pyoxigraph import Literal, NamedNode, Quad

from legalgraph.graph.catalogue import FIELD_PREDICATES, CatalogueAct, entry_from_values, entry_quads
from legalgraph.graph.namespaces import CATALOGUE_GRAPH, LG, sparql_prefixes
from legalgraph.store.base import Store

_CHUNK = 500  # subjects or keys per VALUES query
_FIELD_OF = {p.value: name for name, p in FIELD_PREDICATES.items()}


def _chunks(items: list, size: int = _CHUNK) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _values(terms: Iterable[str]) -> str:
    return " ".join(terms)


def catalogue_writes(store: Store, rows: list[CatalogueAct]) -> tuple[list[Quad], list[Quad]]:
    """(quads to add, quads to remove) that make the catalogue graph hold ``rows``; the graph's generation is
    renewed when anything changes, so that the derived graph built on the old catalogue is seen as stale."""
    new: dict[NamedNode, list[Quad]] = defaultdict(list)
    for row in rows:
        for q in entry_quads(row):
            new[q.subject].append(q)
    # what the store holds of these texts, under any key: a key a text no longer has (its date was corrected)
    # leaves with the row
    old: dict[NamedNode, set[Quad]] = defaultdict(set)
    texts = sorted({r.jorftext for r in rows if r.jorftext})
    for chunk in _chunks(texts):
        query = (
            sparql_prefixes()
            + f"SELECT ?s ?p ?o WHERE {{ VALUES ?id {{ {_values(str(Literal(t)) for t in chunk)} }} "
            + "GRAPH ?g { ?s lg:jorfId ?id ; ?p ?o } }"
        )
        for s, p, o in store.select(query, {"g": CATALOGUE_GRAPH}):
            old[s].add(Quad(s, p, o, CATALOGUE_GRAPH))
    add, remove = [], []
    for s, quads in new.items():
        wanted = set(quads)
        given = {q.predicate for q in quads}
        add += [q for q in dict.fromkeys(quads) if q not in old[s]]
        remove += [q for q in old[s] if q.predicate in given and q not in wanted]
    remove += [q for s, quads in old.items() if s not in new for q in quads]
    if add or remove:
        renewed, old_generations = renewed_generation(store, [*add, *remove])
        add += renewed
        remove += old_generations
    return add, remove


def renewed_generation(store: Store, change: list[Quad]) -> tuple[list[Quad], list[Quad]]:
    """(quad to add, quads to remove) that give the catalogue graph a new generation: a hash of the one before
    and of the change, so that the same writes give the same store whatever runs were cut short between."""
    old = [Quad(CATALOGUE_GRAPH, LG.generation, g, CATALOGUE_GRAPH) for g in _generations(store)]
    digest = hashlib.sha256("\n".join([*(q.object.value for q in old), *sorted(map(str, change))]).encode())
    return [Quad(CATALOGUE_GRAPH, LG.generation, Literal(digest.hexdigest()), CATALOGUE_GRAPH)], old


def _generations(store: Store) -> list[Literal]:
    rows = store.select(
        sparql_prefixes() + "SELECT ?v WHERE { GRAPH ?g { ?g lg:generation ?v } }", {"g": CATALOGUE_GRAPH}
    )
    return [v for (v,) in rows]


def catalogue_generation(store: Store) -> str | None:
    """What changes with every write of the catalogue graph (None: the store has none)."""
    return min((v.value for v in _generations(store)), default=None)


def catalogue_removal(store: Store, jorftext: str) -> list[Quad]:
    """The quads of a text's rows (a text DILA deleted from the JO base)."""
    query = sparql_prefixes() + "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s lg:jorfId ?id ; ?p ?o } }"
    return [
        Quad(s, p, o, CATALOGUE_GRAPH)
        for s, p, o in store.select(query, {"g": CATALOGUE_GRAPH, "id": Literal(jorftext)})
    ]


def stored_rows(store: Store, keys: Iterable[str], official: Iterable[str]) -> list[CatalogueAct]:
    """The rows of the catalogue graph under these citation keys, or with these NOR / JORFTEXT / LEGITEXT:
    the acts the documents of a store may name, read without loading the whole catalogue."""
    subjects: set[NamedNode] = set()
    for chunk in _chunks(sorted(set(keys))):
        query = (
            sparql_prefixes()
            + "SELECT DISTINCT ?s WHERE { VALUES ?k { "
            + _values(str(Literal(k)) for k in chunk)
            + " } GRAPH ?g { ?s lg:citationKey ?k } }"
        )
        subjects |= {s for (s,) in store.select(query, {"g": CATALOGUE_GRAPH})}
    for chunk in _chunks(sorted(set(official))):
        query = (
            sparql_prefixes()
            + "SELECT DISTINCT ?s WHERE { VALUES ?v { "
            + _values(str(Literal(v)) for v in chunk)
            + " } GRAPH ?g { ?s lg:nor|lg:jorfId|lg:legiId ?v } }"
        )
        subjects |= {s for (s,) in store.select(query, {"g": CATALOGUE_GRAPH})}
    values: dict[NamedNode, dict[str, str]] = defaultdict(dict)
    for chunk in _chunks(sorted(subjects, key=str)):
        query = (
            sparql_prefixes()
            + f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {_values(map(str, chunk))} }} "
            + "GRAPH ?g { ?s ?p ?o } }"
        )
        for s, p, o in store.select(query, {"g": CATALOGUE_GRAPH}):
            if (name := _FIELD_OF.get(p.value)) is not None:
                values[s][name] = o.value
    return [entry_from_values(v) for _, v in sorted(values.items(), key=lambda kv: str(kv[0])) if "key" in v]
