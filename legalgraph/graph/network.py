"""A NetworkX view of a store: the citation network between acts and the lineage DAG of titres.

Nodes are IRIs with a ``type`` (act, titre, version, certificate) and the columns of their tidy table
(``legalgraph.tables``) as attributes: an act has its ``kind`` (arrêté, décret, code, article de code, avis…),
``label`` (its official title where known), ``date``, ``key`` and official ids (``nor``, ``jorftext``,
``legitext``, ``legiarti``, ``legifrance``); a version its ``label`` (name), ``date``, ``action``, ``rank``,
``level_cnc``…; a certificate its ``label`` (title), ``rank``, ``min_hours``. Edges are typed by the relation they
stand for (``cites``, ``amends``, ``repeals``, ``changes``, ``sameAs``, ``versionOf``, ``establishedBy``,
``wasRevisionOf``, ``hasCertificate``, ``equivalentTo``: the ``type`` attribute and the edge key) and carry a
``weight``: how many mentions a ``cites`` edge stands for, how many changes an ``amends`` edge, 1 otherwise. A
``cites`` edge also says from when (``since``: the earliest date of a citing version — a consolidated copy cites
at its own date, not at its act's) and whether a consolidated copy makes it (``consolidated``).

Every attribute is a string or a number (dates as ISO strings); an unknown value is left out, never ``None``,
so ``nx.write_graphml`` writes a file Gephi reads. An act named twice (an undated fragment the lineage ties to
its dated copy) stays two nodes joined by a ``sameAs`` edge, the fragment carrying ``same_as``: the citing acts
of an act are those of ``cited-by``; ``nx.contracted_nodes`` merges them. Provenance (spans, source documents)
stays in the store: a graph algorithm has no use for it, an analyst finds it with SPARQL.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx
import pandas as pd

from legalgraph import tables
from legalgraph.store.base import Store

VIEWS = ("all", "citations", "lineage")
_CHANGES = {"amends": "eli:amends", "repeals": "eli:repeals", "changes": "eli:changes"}


def _attributes(row: pd.Series, drop: tuple[str, ...] = ()) -> dict:
    """A table row as GraphML-safe attributes: strings, ints, floats, booleans; NA left out."""
    out = {}
    for column, value in row.items():
        if column in drop or column == "iri" or pd.isna(value):
            continue
        if isinstance(value, pd.Timestamp):
            value = value.date().isoformat()
        elif hasattr(value, "item"):  # numpy / pandas scalars → Python numbers
            value = value.item()
        out[column] = value
    return out


def _add(
    g: nx.MultiDiGraph, iri: str, kind: str, row: pd.Series, labels: tuple[str, ...], fallback: str
) -> None:
    """A node of type ``kind`` from a table row: its label the first of ``labels`` the row has, else ``fallback``
    (every node has one); those columns are not repeated as attributes."""
    label = next((row[c] for c in labels if pd.notna(row[c])), fallback)
    g.add_node(iri, type=kind, label=label, **_attributes(row, drop=labels))


def _citations(g: nx.MultiDiGraph, store: Store, acts: pd.DataFrame) -> None:
    """Acts as nodes, whatever their names; cites / amends / repeals / changes / sameAs between them."""
    by_iri = acts.set_index("iri")
    alias = tables.act_aliases(store)
    for iri in sorted(set(by_iri.index) | set(alias.rep)):
        row = by_iri.loc[alias(iri)]
        _add(g, iri, "act", row, ("title",), "acte")
        if alias(iri) != iri:
            g.nodes[iri]["same_as"] = alias(iri)
            g.add_edge(iri, alias(iri), key="sameAs", type="sameAs", weight=1)
    weights: Counter = Counter()
    parts: dict[tuple, set] = defaultdict(set)
    dates: dict[tuple, set] = defaultdict(set)
    consolidated: set[tuple] = set()
    for row in tables.citation_rows(store, tables.Aliases.none()):
        if row["cited_iri"] and row["citing_iri"] in g and row["cited_iri"] in g:
            edge = (row["citing_iri"], row["cited_iri"])
            weights[edge] += row["mentions"]
            parts[edge].add(row["where"])
            if row["citing_date"]:
                dates[edge].add(str(row["citing_date"]))
            if row["consolidated"]:
                consolidated.add(edge)
    for (citing, cited), weight in sorted(weights.items()):
        # The date of the citing version, not of the citing act: a consolidated copy of 2011 of an arrêté of
        # 2003 cites at 2011 (``since`` left out when no citing version gives its date).
        when = {"since": min(dates[(citing, cited)])} if dates[(citing, cited)] else {}
        g.add_edge(
            citing,
            cited,
            key="cites",
            type="cites",
            weight=weight,
            parts=" ".join(sorted(parts[(citing, cited)])),
            consolidated=(citing, cited) in consolidated,
            **when,
        )
    counted = Counter(tables.pairs(store, "?c lg:changedBy ?a ; lg:changeOf ?b"))
    for relation, predicate in _CHANGES.items():
        for s, o in sorted(tables.pairs(store, f"?a {predicate} ?b")):
            if s in g and o in g:
                g.add_edge(s, o, key=relation, type=relation, weight=max(1, counted.get((s, o), 0)))


def _lineage(g: nx.MultiDiGraph, store: Store, acts: pd.DataFrame) -> None:
    """Titres, their versions, the acts that establish them, their certificates, and the equivalences."""
    versions = tables.versions(store)
    by_act = acts.set_index("iri")
    for _, row in tables.titres(store).iterrows():
        _add(g, row["iri"], "titre", row, ("name",), "titre sans intitulé")
    for _, row in versions.iterrows():
        _add(
            g, row["iri"], "version", row.drop(["act_iri", "titre_iri"]), ("name", "titre", "act"), "version"
        )
        if row["act_iri"] not in g and row["act_iri"] in by_act.index:
            _add(g, row["act_iri"], "act", by_act.loc[row["act_iri"]], ("title",), "acte")
        for relation, target in (("versionOf", row["titre_iri"]), ("establishedBy", row["act_iri"])):
            if pd.notna(target) and target in g:
                g.add_edge(row["iri"], target, key=relation, type=relation, weight=1)
    for later, earlier in sorted(tables.pairs(store, "?a prov:wasRevisionOf ?b")):
        if later in g and earlier in g:
            g.add_edge(later, earlier, key="wasRevisionOf", type="wasRevisionOf", weight=1)
    for _, row in tables.certificates(store).iterrows():
        certificate = row.drop(["titre", "act", "version_iri", "titre_iri"])
        _add(g, row["iri"], "certificate", certificate, ("title",), "certificat")
        if row["version_iri"] in g:
            g.add_edge(row["version_iri"], row["iri"], key="hasCertificate", type="hasCertificate", weight=1)
    for _, row in tables.equivalences(store).iterrows():
        old, new = row["old_certificate_iri"], row["new_certificate_iri"]
        if pd.notna(old) and pd.notna(new) and old in g and new in g:
            g.add_edge(old, new, key="equivalentTo", type="equivalentTo", weight=1)


def to_networkx(store: Store, view: str = "all") -> nx.MultiDiGraph:
    """The ``view`` ("all", "citations" or "lineage") of ``store`` as a typed ``MultiDiGraph``."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}: {', '.join(VIEWS)}")
    g = nx.MultiDiGraph(view=view)
    acts = tables.acts(store)
    if view in ("all", "citations"):
        _citations(g, store, acts)
    if view in ("all", "lineage"):
        _lineage(g, store, acts)
    return g
