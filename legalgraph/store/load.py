"""Fill a store with documents: one named graph per source, replaced when its source changes, then the
derived graph recomputed.

Which source a graph holds is recorded in the graph itself (``lg:sourceKey``: the source id, else the absolute
path): building the same input again finds every key with the same sha256 and the same builder and writes
nothing; a changed file gets a new graph (its name is its new sha256) and its old graph goes; a file that fails
to parse or to convert is reported and nothing of it is written.

Writes: a batch of new graphs goes in with the store's fastest path (``add_bulk``), then their registry quads
in one transaction (``add``). The registry quads are the commit: a graph left without them by a crash is an
orphan that the next build removes (``remove_orphans``) before doing anything else.
"""

from __future__ import annotations

import gc
import hashlib
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad

from legalgraph import __version__
from legalgraph.graph.acts import ActFacts, acts_graph
from legalgraph.graph.build import document_graph
from legalgraph.graph.catalogue import seed_catalogue
from legalgraph.graph.codes import codes_fingerprint, codes_graph
from legalgraph.graph.francecompetences import refresh_france_competences
from legalgraph.graph.identity import ID, source_iri, version_iri
from legalgraph.graph.lineage import LineageFacts, Version, derived_graph
from legalgraph.graph.namespaces import CODES_GRAPH, DERIVED_GRAPH, LG, sparql_prefixes
from legalgraph.models import Document
from legalgraph.store.base import Store

# Bump when document_graph writes different quads for the same Document: graphs built by another builder are
# rebuilt even when their source did not change.
GRAPH_VERSION = "1"
BUILDER = f"legalgraph {__version__} graph/{GRAPH_VERSION}"
SOURCE_PREFIX = ID + "source/"
# Below this many quads a batch is written in one transaction; above, through the bulk loader + commit.
BULK_THRESHOLD = 20_000
# One bulk batch (≈ 300 MB of quads in memory) for a million-quad build: the bulk loader then writes files that
# do not overlap, and reads are as fast as after a compaction. A build of several batches compacts at the end.
BATCH_QUADS = 2_000_000


@dataclass
class BuildReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    quads_written: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # seconds spent: graph, write, derived, optimize

    def _timed(self, phase: str, start: float) -> None:
        self.timings[phase] = self.timings.get(phase, 0.0) + time.perf_counter() - start

    @property
    def changed(self) -> bool:
        return bool(self.added or self.replaced or self.removed)

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.replaced)} replaced, {len(self.unchanged)} unchanged, "
            f"{len(self.removed)} removed, {len(self.failed)} failed; {self.quads_written} quads written "
            f"in {self.seconds:.1f} s"
        )


def source_key(doc: Document) -> str:
    """What identifies a source across builds: its DILA/Légifrance id (with the kind of record: a text's
    structure and its version are two sources), else its absolute path, else its bytes."""
    if doc.source.id:
        return f"{doc.source.kind or doc.source.format}:{doc.source.id}"
    if doc.source.path:
        return str(Path(doc.source.path).resolve())
    return "sha256:" + doc.source.sha256


def registry(store: Store) -> dict[str, dict[str, str | None]]:
    """source key → {graph IRI: builder}; a key maps to two graphs only after an interrupted replacement."""
    rows = store.select(
        sparql_prefixes()
        + "SELECT ?g ?key ?built WHERE { GRAPH ?g { ?g lg:sourceKey ?key OPTIONAL { ?g lg:builtWith ?built } } }"
    )
    out: dict[str, dict[str, str | None]] = {}
    for g, key, built in rows:
        out.setdefault(key.value, {})[g.value] = built.value if built is not None else None
    return out


def remove_orphans(store: Store) -> list[str]:
    """Drop source graphs without a registry record (a batch interrupted between its data and its commit)."""
    rows = store.select(
        sparql_prefixes() + "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a lg:SourceDocument } "
        "FILTER NOT EXISTS { GRAPH ?g { ?g lg:sourceKey ?k } } }"
    )
    for (g,) in rows:
        store.remove_graph(g)
    return [g.value for (g,) in rows]


def _registry_quads(graph: NamedNode, key: str, path: str | None) -> list[Quad]:
    quads = [
        Quad(graph, LG.sourceKey, Literal(key), graph),
        Quad(graph, LG.builtWith, Literal(BUILDER), graph),
    ]
    if path:
        quads.append(Quad(graph, LG.sourcePath, Literal(path), graph))
    return quads


class Loader:
    """Adds documents to a store in batches; ``finish`` recomputes the shared graphs. Use as a context manager."""

    def __init__(self, store: Store, report: BuildReport | None = None):
        # A million quads are a million tracked objects: the cyclic collector would rescan them (and every
        # Document held by the caller) again and again. None of them forms a cycle; collection resumes at finish.
        self._gc_was_enabled = gc.isenabled()
        gc.disable()
        self.store = store
        self.report = report or BuildReport()
        self._t0 = time.perf_counter()
        remove_orphans(store)
        self.registry = registry(store)
        self.graphs_built = {g: b for graphs in self.registry.values() for g, b in graphs.items()}
        self._data: list[Quad] = []
        self._commit: list[Quad] = []
        self._drop: list[tuple[str, str]] = []  # (graph, key) to retire once the batch is committed
        self._pending: set[str] = set()
        self._bulk_batches = 0

    def __enter__(self) -> Loader:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.finish()
        elif self._gc_was_enabled:
            gc.enable()

    def unchanged(self, key: str, sha256: str) -> bool:
        """The source ``key`` already holds exactly these bytes, built by this builder."""
        graphs = self.registry.get(key, {})
        return list(graphs) == [source_iri(sha256)] and graphs[source_iri(sha256)] == BUILDER

    def add(self, doc: Document, key: str | None = None) -> str:
        """Queue ``doc``; returns "added", "replaced" or "unchanged". Raises if it cannot be converted."""
        key = key or source_key(doc)
        label = doc.source.path or key
        if self.unchanged(key, doc.source.sha256):
            self.report.unchanged.append(label)
            return "unchanged"
        graph_iri = source_iri(doc.source.sha256)
        graph = NamedNode(graph_iri)
        registry_quads = _registry_quads(
            graph, key, str(Path(doc.source.path).resolve()) if doc.source.path else None
        )
        if graph_iri in self._pending or self.graphs_built.get(graph_iri) == BUILDER:
            self._commit += registry_quads  # the same bytes under another key: one graph, two records
        elif graph_iri in self.graphs_built:
            # Built by an older builder: rewrite it whole, keeping the keys it already serves.
            data = document_graph(doc)
            keep = [
                q
                for k, graphs in self.registry.items()
                if graph_iri in graphs and k != key
                for q in _registry_quads(graph, k, None)
            ]
            self.store.replace_graph(graph, [*data, *keep, *registry_quads])
            self.graphs_built[graph_iri] = BUILDER
            self.report.quads_written += len(data)
        else:
            t = time.perf_counter()
            data = document_graph(doc)  # may raise: then nothing of this document is queued
            self.report._timed("graph", t)
            self._data += data
            self._commit += registry_quads
            self._pending.add(graph_iri)
        old = [g for g in self.registry.get(key, {}) if g != graph_iri]
        self._drop += [(g, key) for g in old]
        self.registry.setdefault(key, {})[graph_iri] = BUILDER
        status = "replaced" if old else "added"
        (self.report.replaced if old else self.report.added).append(label)
        if len(self._data) >= BATCH_QUADS:
            self.flush()
        return status

    def flush(self) -> None:
        """Write the queued graphs, commit their registry records, retire the graphs they replace."""
        t = time.perf_counter()
        if self._data:
            if len(self._data) >= BULK_THRESHOLD:
                self.store.add_bulk(self._data)
                self._bulk_batches += 1
            else:
                self._commit = self._data + self._commit
        if self._commit:
            self.store.add(self._commit)
        self.report.quads_written += len(self._data)
        for graph_iri, key in self._drop:
            self._retire(graph_iri, key)
        self._data, self._commit, self._drop, self._pending = [], [], [], set()
        self.report._timed("write", t)

    def _retire(self, graph_iri: str, key: str) -> None:
        """``key`` no longer reads ``graph_iri``: drop the graph unless another source still has these bytes."""
        graph = NamedNode(graph_iri)
        others = [k for k, graphs in self.registry.items() if graph_iri in graphs and k != key]
        if others:
            self.store.remove(
                [q for q in self.store.quads(graph) if q.subject == graph and q.object == Literal(key)]
            )
        else:
            self.store.remove_graph(graph)
            self.graphs_built.pop(graph_iri, None)
        self.registry.get(key, {}).pop(graph_iri, None)

    def remove(self, key: str) -> bool:
        """Forget a source (deleted from the JO, removed from the corpus); True if it was there."""
        graphs = list(self.registry.get(key, {}))
        for g in graphs:
            self._retire(g, key)
        self.registry.pop(key, None)
        if graphs:
            self.report.removed.append(key)
        return bool(graphs)

    def finish(self) -> BuildReport:
        """Flush, reload the code lists if they changed, and recompute the derived graph if anything changed."""
        self.flush()
        t = time.perf_counter()
        refresh_codes(self.store)
        if self.report.changed or DERIVED_GRAPH not in self.store.graph_names():
            refresh_derived(self.store)
        self.report._timed("derived", t)
        t = time.perf_counter()
        if self._bulk_batches > 1 and hasattr(self.store, "optimize"):
            self.store.optimize()  # overlapping bulk files: compacted, reads get 1.5–3× faster
            self.report._timed("optimize", t)
        elif hasattr(self.store, "flush"):
            self.store.flush()
        self.report.seconds = time.perf_counter() - self._t0
        if self._gc_was_enabled:
            gc.enable()
        return self.report


def refresh_codes(store: Store) -> bool:
    """(Re)load the codes graph when the official lists changed since it was written."""
    fingerprint = codes_fingerprint()
    if store.ask(
        sparql_prefixes() + "ASK { GRAPH ?g { ?g lg:codesFingerprint ?f } }",
        {"g": CODES_GRAPH, "f": Literal(fingerprint)},
    ):
        return False
    store.remove_graph(CODES_GRAPH)  # reference data: rewritten whole; a build that stops here redoes it
    quads = codes_graph()
    (store.add_bulk if len(quads) >= BULK_THRESHOLD else store.add)(quads)
    return True


# Simple DISTINCT patterns, joined in Python: a version is stated by each text that names it, and joining
# those repeats inside one query multiplies them (a million-triple store: 0.1 s per pattern against seconds).
_FACT_QUERIES = {
    # A version whose own text is in the store has an action (only documents state one): these patterns read
    # the documents, never the derived graph that describes the versions known from citations only.
    "versions": "SELECT DISTINCT ?v ?act WHERE { ?v lg:action ?action ; lg:establishedBy ?act }",
    "dates": "SELECT DISTINCT ?v ?date WHERE { ?v lg:action ?action ; dcterms:date ?date }",
    "names": "SELECT DISTINCT ?v ?name WHERE { ?v lg:action ?action ; lg:titreName ?name }",
    "priors": "SELECT DISTINCT ?v ?act WHERE { ?v lg:priorAct ?act }",
    # What the citations of earlier acts say of them: their date, the titre they name.
    "cited_dates": "SELECT DISTINCT ?act ?date WHERE { ?v lg:priorAct ?act . ?c oa:hasBody ?act ; lg:citedActDate ?date }",
    "cited_names": """SELECT DISTINCT ?act ?name WHERE { ?c lg:citedTitreName ?name ; oa:hasBody ?act .
        FILTER EXISTS { ?v lg:priorAct ?act } }""",
    "formers": "SELECT DISTINCT ?v ?name WHERE { ?v lg:formerName ?name }",
    "certificates": """SELECT DISTINCT ?v ?rank ?title ?c WHERE {
        ?v lg:hasCertificate ?c . ?c lg:rank ?rank ; dcterms:title ?title }""",
    "equivalences": """SELECT DISTINCT ?row ?v ?label WHERE {
        ?v lg:hasEquivalence ?row . ?row lg:oldCertificateLabel ?label }""",
    "sources": "SELECT DISTINCT ?row ?from WHERE { ?row lg:fromVersion ?from }",
}


def lineage_facts(store: Store) -> LineageFacts:
    """What the document graphs of ``store`` state about titre versions (the input of ``derived_graph``); the
    derived graph, the previous answer, is not read."""
    q = {name: store.select(sparql_prefixes() + text) for name, text in _FACT_QUERIES.items()}
    facts = LineageFacts()
    for v, act in q["versions"]:  # versions whose own text is in the store
        facts.versions.setdefault(v.value, Version(v.value, act.value, stated_by_own_text=True))
    for v, date in q["dates"]:
        version = facts.versions[v.value]
        version.date = min(filter(None, [version.date, date.value]))
    for v, name in q["names"]:
        if v.value in facts.versions:
            facts.versions[v.value].names.add(name.value)
    for v, act in q["priors"]:  # earlier versions, known at least from the texts that name them
        prior = version_iri(act.value)
        facts.versions.setdefault(prior, Version(prior, act.value))
        facts.priors.append((v.value, prior))
    for act, date in q["cited_dates"]:
        version = facts.versions[version_iri(act.value)]
        if not version.stated_by_own_text:
            version.date = min(filter(None, [version.date, date.value]))
    for act, name in q["cited_names"]:
        facts.versions[version_iri(act.value)].names.add(name.value)
    facts.former_names = [(v.value, name.value) for v, name in q["formers"]]
    for v, rank, title, c in q["certificates"]:
        facts.certificates.setdefault(v.value, []).append((int(rank.value), title.value, c.value))
    sources = {row.value: src.value for row, src in q["sources"]}
    facts.equivalences = [
        (row.value, v.value, sources.get(row.value), label.value) for row, v, label in q["equivalences"]
    ]
    return facts


# What the document graphs say of acts, in simple DISTINCT patterns (one row per act and value, never per
# mention): an act cited by hundreds of texts costs one row, and no pattern joins the repeats.
_ACT_QUERIES = {
    "acts": """SELECT DISTINCT ?act WHERE {
        { ?e eli:realizes ?act } UNION { ?c oa:hasBody ?act } UNION { ?v lg:priorAct ?act }
        UNION { ?x eli:cites|eli:amends|eli:repeals|eli:corrects|eli:transposes ?act }
        UNION { ?act eli:amends|eli:repeals|eli:corrects|eli:transposes|eli:cites ?y . FILTER NOT EXISTS { ?act a eli:LegalExpression } } }""",
    "own_keys": "SELECT DISTINCT ?act ?key WHERE { ?act eli:is_realized_by ?e ; lg:citationKey ?key }",
    "cited_keys": "SELECT ?act (MIN(?key) AS ?k) WHERE { ?c oa:hasBody ?act ; lg:citationKey ?key } GROUP BY ?act",
    "own_dates": "SELECT DISTINCT ?act ?date WHERE { ?act eli:is_realized_by ?e ; eli:date_document ?date }",
    "cited_dates": "SELECT ?act (MIN(?date) AS ?d) WHERE { ?c oa:hasBody ?act ; lg:citedActDate ?date } GROUP BY ?act",
    "titles": """SELECT DISTINCT ?act ?title ?consolidated WHERE { ?e eli:realizes ?act ; eli:title ?title
        OPTIONAL { ?e lg:consolidated ?consolidated } }""",
    "wordings": """SELECT ?act ?text (COUNT(?c) AS ?n) WHERE {
        ?c lg:namesInFull true ; oa:hasBody ?act ; lg:citedText ?text } GROUP BY ?act ?text""",
    "fallbacks": "SELECT ?act (MIN(?l) AS ?label) WHERE { ?s eli:embodies ?e ; rdfs:label ?l . ?e eli:realizes ?act } GROUP BY ?act",
    "code_names": "SELECT ?act (MIN(?n) AS ?name) WHERE { ?c oa:hasBody ?act ; lg:citedCodeName ?n } GROUP BY ?act",
    "ids": """SELECT DISTINCT ?act ?p ?id WHERE { VALUES ?p { lg:nor lg:jorfId lg:legiId lg:legiArticleId }
        ?act ?p ?id }""",
    "bare": """SELECT ?c ?key ?citer WHERE { ?c a lg:Citation ; lg:citationKey ?key ; lg:citingAct ?act ;
        lg:citingExpression ?e . FILTER NOT EXISTS { ?c oa:hasBody ?b }
        OPTIONAL { ?e lg:consolidated ?consolidated } BIND(IF(BOUND(?consolidated), ?e, ?act) AS ?citer) }""",
}


def act_facts(store: Store) -> ActFacts:
    """What the document graphs of ``store`` say of acts (the input of ``acts_graph``)."""
    q = {name: store.select(sparql_prefixes() + text) for name, text in _ACT_QUERIES.items()}
    facts = ActFacts()
    facts.acts = {act.value for (act,) in q["acts"] if act is not None}
    for act, key in [*q["cited_keys"], *q["own_keys"]]:  # an act's own text says its key last, and wins
        facts.keys[act.value] = key.value
    for act, date in [*q["cited_dates"], *q["own_dates"]]:
        if date is not None:
            facts.dates[act.value] = date.value
    for act, title, consolidated in q["titles"]:
        facts.titles[act.value].append((title.value, consolidated is not None))
    for act, text, n in q["wordings"]:
        facts.wordings[act.value][" ".join(text.value.split())] += int(n.value)
    facts.fallback_labels = {act.value: label.value for act, label in q["fallbacks"]}
    facts.code_names = {act.value: name.value for act, name in q["code_names"]}
    facts.stated_ids = {(act.value, p.value.rsplit("#", 1)[1], v.value) for act, p, v in q["ids"]}
    facts.bare = [(c.value, key.value, citer.value) for c, key, citer in q["bare"]]
    return facts


def refresh_derived(store: Store) -> int:
    """Recompute the derived graph (lineage, cited acts) from the document graphs; returns its size.

    Only the difference is written: a nightly build that adds a few texts changes a few derived quads, and
    rewriting a hundred thousand would cost seconds. Not one transaction with the document writes: the derived
    graph is a function of them, recomputed by every build."""
    quads = list(dict.fromkeys(derived_graph(lineage_facts(store)) + acts_graph(act_facts(store), seed_catalogue())))
    old = set(store.quads(DERIVED_GRAPH))
    if old:
        new = set(quads)
        if stale := old - new:
            store.remove(list(stale))
        quads = [q for q in quads if q not in old]
    (store.add_bulk if len(quads) >= BULK_THRESHOLD else store.add)(quads)
    refresh_france_competences(store)  # the versions' RNCP fiches: the links depend on the documents too
    return len(quads) + len(old)


def load_documents(store: Store, docs: Iterable[Document]) -> BuildReport:
    """Add already parsed documents (the API a notebook or the nightly job uses)."""
    with Loader(store) as loader:
        for doc in docs:
            loader.add(doc)
    return loader.report


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def build_paths(
    store: Store,
    paths: Iterable[Path],
    *,
    parse: Callable[[Path], Document] | None = None,
    progress: bool = False,
    on_error: Callable[[Path, Exception], None] | None = None,
) -> BuildReport:
    """Parse and add files; a file that fails is reported (``on_error``) and the batch goes on."""
    if parse is None:
        from legalgraph import parse as parse_source

        parse = parse_source
    files = list(paths)
    with Loader(store) as loader:
        bar = _progress(files, progress)
        for path in bar:
            key = str(path.resolve())
            try:
                if loader.unchanged(key, sha256_file(path)):
                    loader.report.unchanged.append(str(path))
                    continue
                loader.add(parse(path), key)
            except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
                loader.report.failed.append((str(path), str(exc)))
                if on_error:
                    on_error(path, exc)
    return loader.report


def _progress(files: list[Path], enabled: bool):
    if not enabled:
        return files
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm comes with spaCy
        return files
    return tqdm(files, desc="legalgraph build", unit="file", file=sys.stderr, disable=not sys.stderr.isatty())
