"""The lineage of titres across documents: which version follows which, which versions make one titre, and
which certificate of an older version an equivalence row names.

These facts need several documents at once (the 2017 arrêté names the 2003 one; the 2003 one holds the old
certificates), so no document's graph states them. ``derived_graph`` recomputes them from what all documents
state (``LineageFacts``) into the derived graph after every build: replacing or removing a document can never
leave a stale link behind, and the cost is small (it reads versions, not texts).

How, step by step:

1. **One act, two names.** A version is an act's; an act cited under its old title ("relatif au titre
   professionnel d'attaché commercial") and its new one ("… de commercial") got two IRIs. Versions of one day
   whose names agree (the same words, or one name inside the other for versions the evidence already links)
   are one, and so is an undated copy naming the same earlier acts under the same name as a dated one: they
   are tied with ``owl:sameAs``, one stands for both.
2. **Who follows whom.** Each text lists the earlier arrêtés of its titre (``lg:priorAct``): oldest first,
   they form a chain ending with the text's own version. The equivalence table's older version, and a former
   name (renaming) borne by an earlier version, are links too. Dates orient the links (a consolidated copy
   names the later acts that modified it). Links implied by longer chains go (a 2023 text citing the 2003
   creation but not the 2013 modification does not make 2013 a side branch).
3. **Titres.** A titre (``lg:TitreProfessionnel``) is a run of versions each with one predecessor that has
   one successor. Never a name alone: the "conseiller commercial" created in 2007 (level V, from "agent force
   de vente") is not the one "commercial(e)" became in 2017. Where one titre becomes two (the 2005 technicien
   supérieur en transport logistique → gestionnaire des opérations… and organisateur de transports… in 2020)
   or two become one, new titres start, ``prov:wasDerivedFrom`` the ones they come from. A titre is named after
   its first version (``titre/<name key>/<date>``), so its IRI stays put through later renamings and revisions;
   ``lg:nameKey`` lists every name its versions bear, for lookup.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import networkx as nx
from pyoxigraph import Literal, NamedNode, Quad

from legalgraph.graph.identity import ID, NAME_STOPWORDS, titre_key
from legalgraph.graph.matching import match_certificate
from legalgraph.graph.namespaces import DCT, DERIVED_GRAPH, LG, OWL, PROV, RDFS, XSD, A, _node

# Two names of one day are one act when this share of their words agree (stems, without "de", "en"…).
SAME_NAME = 0.75
# …or, when the evidence already links the two versions, this share, or one name inside the other.
LINKED_SAME_NAME = 0.5


@dataclass
class Version:
    iri: str
    act: str
    date: str | None = None
    names: set[str] = field(default_factory=set)  # its own text's and those later texts cite it by
    own_names: set[str] = field(default_factory=set)  # its own text's only
    stated_by_own_text: bool = False  # its own arrêté is in the store, not only cited by later ones


@dataclass
class LineageFacts:
    """What the documents of a store state that lineage needs; see ``store.load.lineage_facts``."""

    versions: dict[str, Version] = field(default_factory=dict)
    priors: list[tuple[str, str]] = field(default_factory=list)  # (version, earlier version its text names)
    former_names: list[tuple[str, str]] = field(default_factory=list)  # (version, former name)
    certificates: dict[str, list[tuple[int, str, str]]] = field(
        default_factory=dict
    )  # version → (rank, title, iri)
    equivalences: list[tuple[str, str, str | None, str]] = field(
        default_factory=list
    )  # (row, version, from, old label)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@lru_cache(maxsize=1 << 16)
def stems(name: str) -> frozenset[str]:
    """The words of a titre name that tell it apart (key words, no stop words, plural s/x dropped)."""
    words = [w for w in titre_key(name).split("-") if w and w not in NAME_STOPWORDS]
    return frozenset(re.sub(r"(?<=\w{3})[sx]$", "", w) for w in words)


def name_agreement(a: set[str], b: set[str]) -> tuple[float, bool]:
    """The best word overlap (Jaccard) between a name of ``a`` and one of ``b``, and whether one lies inside the other."""
    best, inside = 0.0, False
    for x in map(stems, a):
        for y in map(stems, b):
            if x and y:
                best = max(best, len(x & y) / len(x | y))
                inside |= (x <= y or y <= x) and len(x ^ y) <= 1
    return best, inside


def _links(facts: LineageFacts) -> set[tuple[str, str]]:
    """(earlier, later) pairs the texts state: each text's chain of earlier acts, its table, its former name."""
    versions = facts.versions
    priors: dict[str, set[str]] = defaultdict(set)
    for v, p in facts.priors:
        if v in versions and p in versions and v != p:
            priors[v].add(p)
    links: set[tuple[str, str]] = set()
    for v, ps in priors.items():
        chain = sorted(ps, key=lambda p: (versions[p].date or "", p)) + [v]
        links |= set(zip(chain, chain[1:], strict=False))
    links |= {
        (src, v)
        for _, v, src, _ in facts.equivalences
        if src and src in versions and v in versions and src != v
    }
    by_key: dict[str, list[Version]] = defaultdict(list)
    for version in versions.values():
        for name in version.names:
            by_key[titre_key(name)].append(version)
    for iri, former in facts.former_names:
        v = versions.get(iri)
        earlier = [
            o for o in by_key.get(titre_key(former), []) if v and o.date and v.date and o.date < v.date
        ]
        if earlier:  # a renamed titre: its latest earlier version under the former name
            links.add((max(earlier, key=lambda o: (o.date, o.iri)).iri, iri))
    return links


def _aliases(facts: LineageFacts, links: set[tuple[str, str]]) -> _UnionFind:
    """Versions that are one act named twice (step 1)."""
    versions = facts.versions
    linked = _UnionFind()
    for a, b in links:
        linked.union(a, b)
    same = _UnionFind()
    by_date: dict[str, list[Version]] = defaultdict(list)
    for v in versions.values():
        if v.date:
            by_date[v.date].append(v)
    for day in by_date.values():
        for i, a in enumerate(day):
            for b in day[i + 1 :]:
                score, inside = name_agreement(a.names, b.names)
                connected = linked.find(a.iri) == linked.find(b.iri)
                if score >= SAME_NAME or (connected and (score >= LINKED_SAME_NAME or inside)):
                    same.union(a.iri, b.iri)
    # One text naming two earlier acts of one day names one act (a bare and a full mention).
    priors_by_day: dict[tuple[str, str], list[str]] = defaultdict(list)
    for earlier, later in links:
        if versions[earlier].date:
            priors_by_day[(later, versions[earlier].date)].append(earlier)
    for group in priors_by_day.values():
        for other in group[1:]:
            same.union(group[0], other)
    # An undated copy of an act (a fragment without its date) names the same earlier acts under the same name.
    preds: dict[str, frozenset[str]] = defaultdict(frozenset)
    for earlier, later in links:
        preds[later] |= {earlier}
    dated_by_preds: dict[frozenset[str], list[Version]] = defaultdict(list)
    for v in versions.values():
        if v.date and preds[v.iri]:
            dated_by_preds[preds[v.iri]].append(v)
    for u in versions.values():
        if u.date or not preds[u.iri]:
            continue
        for v in dated_by_preds.get(preds[u.iri], []):
            if name_agreement(u.names, v.names)[0] >= SAME_NAME:
                same.union(u.iri, v.iri)
    return same


def _representatives(facts: LineageFacts, same: _UnionFind) -> dict[str, str]:
    """Each version → the version that stands for its act: the one whose own text is in the store, if any."""
    groups: dict[str, list[Version]] = defaultdict(list)
    for v in facts.versions.values():
        groups[same.find(v.iri)].append(v)
    rep = {}
    for group in groups.values():
        chosen = min(group, key=lambda v: (not v.stated_by_own_text, v.iri))
        for v in group:
            rep[v.iri] = chosen.iri
    return rep


def _succession(facts: LineageFacts, links: set[tuple[str, str]], rep: dict[str, str]) -> nx.DiGraph:
    """The DAG of representatives, earlier → later, without the links longer chains imply (step 2)."""
    versions = facts.versions
    dag = nx.DiGraph()
    dag.add_nodes_from(set(rep.values()))
    for a, b in sorted(
        links, key=lambda e: (versions[e[0]].date or "9999", versions[e[1]].date or "9999", e)
    ):
        a, b = rep[a], rep[b]
        da, db = versions[a].date, versions[b].date
        if da and db and da > db:
            # A consolidated copy names the later acts that modified it: the link holds, time gives its way.
            a, b, da, db = b, a, db, da
        if a == b or (da and db and da == db):
            continue
        if dag.has_edge(a, b):
            continue
        dag.add_edge(a, b)
        # Dated links all point forward in time; only an undated version can close a cycle.
        if not (da and db) and nx.has_path(dag, b, a):
            dag.remove_edge(a, b)
    reduced = nx.transitive_reduction(dag)
    reduced.add_nodes_from(dag.nodes)
    return reduced


def undated_leaf(dag: nx.DiGraph, versions: dict[str, Version], v: str) -> bool:
    """An undated page that modifies a version and that nothing follows (an article page of a modification):
    it sits somewhere after its predecessor, and is no branch of the titre."""
    return not versions[v].date and dag.out_degree(v) == 0


def successors(dag: nx.DiGraph, versions: dict[str, Version], v: str) -> list[str]:
    """The successors of ``v`` that make a branch: undated leaves do not."""
    return [s for s in dag.successors(v) if not undated_leaf(dag, versions, s)]


def _titres(dag: nx.DiGraph, versions: dict[str, Version]) -> list[list[str]]:
    """Runs of versions with one predecessor that has one successor (step 3), each in order; an undated leaf
    joins the run of its predecessor, right after it."""

    def continues(v: str) -> bool:
        preds = list(dag.predecessors(v))
        if len(preds) != 1:
            return False
        return undated_leaf(dag, versions, v) or len(successors(dag, versions, preds[0])) == 1

    def order(v: str) -> tuple[str, str]:
        preds = list(dag.predecessors(v))
        day = versions[v].date or (versions[preds[0]].date if len(preds) == 1 else None)
        return (day or "9999", v)

    runs: list[list[str]] = []
    run_of: dict[str, int] = {}
    for v in nx.lexicographical_topological_sort(dag, key=order):
        if continues(v):
            run_of[v] = run_of[next(iter(dag.predecessors(v)))]
            runs[run_of[v]].append(v)
        else:
            run_of[v] = len(runs)
            runs.append([v])
    return runs


def titre_work_iri(run: list[Version]) -> str:
    """A titre is named after its first version: its first known name and its first date."""
    key = next((min(titre_key(n) for n in v.names) for v in run if any(titre_key(n) for n in v.names)), None)
    date = next((v.date for v in run if v.date), None)
    if key and date:
        return f"{ID}titre/{key}/{date}"
    if key:
        return f"{ID}titre/{key}"
    return f"{ID}titre/unnamed/{hashlib.sha1(run[0].iri.encode()).hexdigest()[:16]}"


def _names(version: str, facts: LineageFacts, members: dict[str, list[str]]) -> set[str]:
    return {n for m in members.get(version, [version]) for n in facts.versions[m].names}


def _own_names(version: str, facts: LineageFacts, members: dict[str, list[str]]) -> set[str]:
    """The names the version's own text gives, else those later texts cite it by. A later text may cite an
    act by the name of what it modified ("l'arrêté du 7 février 2013 modifiant l'arrêté relatif au titre
    professionnel d'attaché(e) commercial(e)"): that is the old name, not the version's."""
    own = {n for m in members.get(version, [version]) for n in facts.versions[m].own_names}
    return own or _names(version, facts, members)


def renamings(facts: LineageFacts, dag: nx.DiGraph, members: dict[str, list[str]]) -> list[Quad]:
    """A renaming is one event (``lg:Renaming``): the version that bears the new name, the old name and the new
    one, and the date. It is read from the lineage (a version whose names share no key with those of the one
    before) and from the texts that state a former name (``lg:formerName``) of a version the store does not
    hold; both ways give the same event, once."""
    g, versions = DERIVED_GRAPH, facts.versions
    stated: dict[str, set[str]] = defaultdict(set)
    for v, former in facts.former_names:
        stated[v].add(former)
    events: dict[str, tuple[str, str]] = {}  # renamed version → (old name, new name)

    def keys(names: set[str]) -> set[str]:
        return {titre_key(n) for n in names}

    for earlier, later in dag.edges:
        if len(successors(dag, versions, earlier)) > 1 or dag.in_degree(later) > 1:
            continue  # one titre split in two, or two merged: new titres (prov:wasDerivedFrom), not a new name
        old, new = _own_names(earlier, facts, members), _own_names(later, facts, members)
        if old and new and not keys(old) & keys(new):
            events[later] = (min(old), min(new))
    for r in dag.nodes:
        new = _own_names(r, facts, members)
        formers = {f for m in members.get(r, [r]) for f in stated.get(m, ()) if titre_key(f) not in keys(new)}
        if r not in events and formers and new:
            events[r] = (min(formers), min(new))
    quads = []
    for version, (old, new) in sorted(events.items()):
        event = _node(version + "/renaming")
        quads += [
            Quad(event, A, LG.Renaming, g),
            Quad(event, LG.renamedVersion, _node(version), g),
            Quad(event, LG.oldName, Literal(old), g),
            Quad(event, LG.newName, Literal(new), g),
        ]
        if versions[version].date:
            quads.append(Quad(event, DCT.date, Literal(versions[version].date, datatype=XSD.date), g))
    return quads


def derived_graph(facts: LineageFacts) -> list[Quad]:
    """The derived graph: versions known only from later texts (their act, date, name as cited), titres
    (``lg:TitreProfessionnel``, ``lg:versionOf``, ``lg:nameKey``, ``prov:wasDerivedFrom``),
    the order of versions (``lg:lineageRank`` within a titre, ``prov:wasRevisionOf``), acts named twice
    (``owl:sameAs``) and the certificates of older versions that equivalence rows name (``lg:oldCertificate``)."""
    g, versions = DERIVED_GRAPH, facts.versions
    quads: list[Quad] = []

    def add(s: str, p: NamedNode, o) -> None:
        quads.append(Quad(_node(s), p, o, g))

    links = _links(facts)
    rep = _representatives(facts, _aliases(facts, links))
    members: dict[str, list[str]] = defaultdict(list)
    for v, r in rep.items():
        members[r].append(v)
    for r, group in members.items():
        for alias in group:
            if alias == r:
                continue
            for a, b in ((alias, r), (versions[alias].act, versions[r].act)):
                if a != b:
                    add(a, OWL.sameAs, _node(b))
                    add(b, OWL.sameAs, _node(a))

    for v in versions.values():
        if not v.stated_by_own_text:  # known from later texts only: described here, once
            add(v.iri, A, LG.TitreVersion)
            add(v.iri, LG.establishedBy, _node(v.act))
            if v.date:
                add(v.iri, DCT.date, Literal(v.date, datatype=XSD.date))
            if v.names:
                add(v.iri, LG.titreName, Literal(min(v.names)))

    dag = _succession(facts, links, rep)
    for earlier, later in dag.edges:
        add(later, PROV.wasRevisionOf, _node(earlier))
    work_of: dict[str, str] = {}
    for run in _titres(dag, versions):
        run_versions = [versions[v] for v in run]
        names = [n for r in run for m in members[r] for n in versions[m].names]
        work = titre_work_iri([versions[m] for r in run for m in sorted(members[r], key=lambda m: m != r)])
        add(work, A, LG.TitreProfessionnel)
        latest = next((v for v in reversed(run_versions) if v.names), None)
        if latest:
            add(work, RDFS.label, Literal(min(latest.names)))
        for key in sorted({titre_key(n) for n in names} - {""}):
            add(work, LG.nameKey, Literal(key))
        for rank, r in enumerate(run, start=1):
            work_of[r] = work
            add(r, LG.lineageRank, Literal(str(rank), datatype=XSD.integer))
            for m in members[r]:
                add(m, LG.versionOf, _node(work))
    for earlier, later in dag.edges:
        if work_of[earlier] != work_of[later]:
            add(work_of[later], PROV.wasDerivedFrom, _node(work_of[earlier]))
    quads += renamings(facts, dag, members)

    certificates: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for version, certs in facts.certificates.items():
        certificates[rep.get(version, version)] += certs
    for row, version, source, label in facts.equivalences:
        if source:
            old = rep.get(source, source)
        else:
            preds = (
                list(dag.predecessors(rep.get(version, version))) if rep.get(version, version) in dag else []
            )
            old = preds[0] if len(preds) == 1 else None
        if old == rep.get(version, version):
            continue  # a table naming its own version: no older certificates to find
        match = match_certificate(label, certificates.get(old, [])) if old else None
        if match:
            add(row, LG.oldCertificate, _node(match))
    return quads
