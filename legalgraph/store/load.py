"""Fill a store with documents: one named graph per source, replaced when its source changes, then the
derived graph recomputed.

**Which source a graph holds** is recorded in the graph itself, never as an absolute local path:

* ``lg:sourceKey``: the source's DILA/Légifrance id (``TEXTE_VERSION:LEGITEXT…``) for texts added by id (the
  nightly job, a notebook), else ``<root>/<path under the root>``: the *build root* is the folder given to
  ``legalgraph build`` (its name only), a file given alone is under its own folder. The same files built from
  another folder of the same name, or from another working directory, have the same keys;
* ``lg:sourcePath``: the path under the build root (``2023-07-05_conseiller-commercial.txt``), and ``lg:sha256``
  (written by ``document_graph``): enough to find the file again, in any copy of the corpus.

**A build owns its roots**: the sources recorded under the root of a folder it builds. After building that
folder, a source it owns whose file is no longer there is removed (``BuildReport.removed``); the sources of other
roots, and those added by id, are never touched. Keys from the builder before GRAPH_VERSION 2 (absolute paths)
are migrated by the first build of their folder.

Building the same input again finds every key with the same sha256 and the same builder and writes nothing; a
changed file gets a new graph (its name is its new sha256) and its old graph goes; a file that fails to read,
parse or convert is reported and nothing of it is written.

**Writes**: documents are converted to N-Quads (in worker processes when ``jobs`` > 1) and written in batches
capped in bytes through the store's bulk loader, then their registry quads in one transaction (``add``). The
registry quads are the commit: a graph left without them by a crash is an orphan that the next build removes
(``remove_orphans``) before doing anything else.

**The derived graph** carries a generation stamp, ``lg:generation``: a hash of the registry (source graphs and
their builder) it was computed from, written after everything else and removed before a recomputation starts.
A build or an open (``check_derived``) that finds the stamp missing or different recomputes it (or warns, on a
read-only store): a kill at any point never leaves derived facts that do not match the documents.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import os
import pickle
import sys
import time
import warnings
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from pyoxigraph import Literal, NamedNode, Quad

from legalgraph import __version__
from legalgraph.errors import LegalgraphError
from legalgraph.graph.acts import ActFacts, acts_graph
from legalgraph.graph.attach import ActEvidence, ActIndex, attachment
from legalgraph.graph.build import document_graph
from legalgraph.graph.catalogue import Catalogue, CatalogueAct, seed_catalogue
from legalgraph.graph.codes import codes_fingerprint, codes_graph
from legalgraph.graph.francecompetences import refresh_france_competences
from legalgraph.graph.identity import ID, as_title, source_iri, version_iri
from legalgraph.graph.lineage import LineageFacts, Version, derived_graph
from legalgraph.graph.namespaces import (
    CATALOGUE_GRAPH,
    CODES_GRAPH,
    DERIVED_GRAPH,
    ELI,
    LG,
    ONTOLOGY_GRAPH,
    sparql_prefixes,
)
from legalgraph.graph.ontology import ontology_fingerprint, ontology_graph
from legalgraph.models import Document
from legalgraph.pool import failure_reason, ordered_map, workers_for
from legalgraph.read import display_path, folder_files, read_file
from legalgraph.store.base import Store
from legalgraph.store.catalogue import (
    catalogue_generation,
    catalogue_removal,
    catalogue_writes,
    renewed_generation,
    stored_rows,
)

# Bump when document_graph or the registry writes different quads for the same Document: graphs built by
# another builder are rebuilt even when their source did not change. 2: keys and paths under the build root; 3: a
# cut citation does not name its act in full; 4: a consolidated copy does not change its own act.
GRAPH_VERSION = "4"
BUILDER = f"legalgraph {__version__} graph/{GRAPH_VERSION}"
# The rules of the derived graph: a change to them recomputes it on the next build or open, and leaves the
# document graphs as they are (those follow GRAPH_VERSION).
DERIVED_VERSION = "3"
SOURCE_PREFIX = ID + "source/"
# Below this many quads a batch is written in one transaction; above, through the bulk loader + commit.
BULK_THRESHOLD = 20_000
# A batch is written when its N-Quads reach this size (≈ 100,000 quads): memory stays flat whatever the
# corpus size, and bulk files stay large enough that one compaction at the end makes reads fast again.
BATCH_BYTES = 32 << 20
CRASH_ENV = "LEGALGRAPH_CRASH_AT"


@dataclass
class BuildReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # source keys
    catalogued: int = 0  # catalogue quads written or removed (the nightly job's scanned texts)
    attached: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # (source, act, evidence): graph.attach
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    quads_written: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # seconds: read, parse, write, derived, optimize

    def _timed(self, phase: str, start: float) -> None:
        self.timings[phase] = self.timings.get(phase, 0.0) + time.perf_counter() - start

    @property
    def changed(self) -> bool:
        return bool(self.added or self.replaced or self.removed or self.catalogued or self.attached)

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.replaced)} replaced, {len(self.unchanged)} unchanged, "
            f"{len(self.removed)} removed, {len(self.failed)} failed; {self.quads_written} quads written "
            f"in {self.seconds:.1f} s"
        )


def crash_point(step: str) -> None:
    """Fault injection for the crash tests: ``LEGALGRAPH_CRASH_AT=step`` (or ``step:N``, the N-th time) ends
    the process at once, as SIGKILL would: no clean-up, no flush."""
    wanted = os.environ.get(CRASH_ENV)
    if not wanted:
        return
    name, _, nth = wanted.partition(":")
    if name != step:
        return
    _crash_counts[step] = _crash_counts.get(step, 0) + 1
    if _crash_counts[step] >= int(nth or 1):
        os._exit(137)


_crash_counts: dict[str, int] = {}


# -- source keys ---------------------------------------------------------------------------------------------


def root_name(folder: Path) -> str:
    """A build root's name in keys: the folder's own name, never where it is."""
    return display_path(folder.resolve().name) or "root"


def path_key(root: str, relative: str) -> str:
    return f"{root}/{relative}"


def is_legacy_key(key: str) -> bool:
    """A key of the builder before GRAPH_VERSION 2: the source's absolute path."""
    return key.startswith("/")


def key_path(key: str) -> str | None:
    """The ``lg:sourcePath`` of a key: the path under its root; None for a key by id or by bytes."""
    if is_legacy_key(key):
        return key
    return key.partition("/")[2] if "/" in key else None


def source_key(doc: Document) -> str:
    """What identifies a source across builds: its DILA/Légifrance id (with the kind of record: a text's
    structure and its version are two sources), else its path under its own folder, else its bytes."""
    if doc.source.id:
        return f"{doc.source.kind or doc.source.format}:{doc.source.id}"
    if doc.source.path:
        path = Path(doc.source.path)
        return path_key(root_name(path.parent), display_path(path.name))
    return "sha256:" + doc.source.sha256


def candidate_keys(path: Path) -> list[str]:
    """The keys ``path`` may have been recorded under, one per folder above it that may have been its build root
    (nearest first), then its pre-version-2 key."""
    full = path.resolve()
    keys = [
        path_key(display_path(a.name), display_path(full.relative_to(a).as_posix()))
        for a in full.parents
        if a.name
    ]
    return [*keys, display_path(full)]


@dataclass(frozen=True)
class SourceFile:
    path: Path  # where it is read
    key: str  # its lg:sourceKey
    label: str  # how reports name it: the path as given, printable


@dataclass
class BuildInput:
    """What a build reads, and the roots it owns (root name → the folder's absolute path)."""

    files: list[SourceFile] = field(default_factory=list)
    roots: dict[str, Path] = field(default_factory=dict)


def build_input(paths: Iterable[Path | str], registry: dict | None = None) -> BuildInput:
    """Folders are expanded and owned; a file given alone keeps the key it already has in ``registry`` (the
    folder it was built from), else is keyed under its own folder."""
    out = BuildInput()
    for p in map(Path, paths):
        if p.is_dir():
            root = root_name(p)
            out.roots[root] = p.resolve()
            out.files += [
                SourceFile(f, path_key(root, display_path(f.relative_to(p).as_posix())), display_path(f))
                for f in folder_files(p)
            ]
        else:
            known = [k for k in candidate_keys(p)[:-1] if registry and k in registry]
            key = known[0] if known else path_key(root_name(p.parent), display_path(p.name))
            out.files.append(SourceFile(p, key, display_path(p)))
    return out


# -- the registry --------------------------------------------------------------------------------------------


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


def registry_state(reg: dict[str, dict[str, str | None]], catalogue: str | None = None) -> str:
    """The generation the derived graph must carry: a hash of the source graphs and their builders (the keys do
    not count: the derived facts are read from the graphs), of this builder and of the catalogue graph's
    generation, and of the derived graph's rules."""
    graphs = sorted({f"{g} {b}" for graphs in reg.values() for g, b in graphs.items()})
    head = [BUILDER, f"derived {DERIVED_VERSION}"]
    return hashlib.sha256("\n".join([*head, *graphs, f"catalogue {catalogue}"]).encode()).hexdigest()


def store_state(store: Store) -> str:
    return registry_state(registry(store), catalogue_generation(store))


def orphan_graphs(store: Store) -> list[NamedNode]:
    """Source graphs without a registry record: what a batch interrupted between its data and its commit left."""
    rows = store.select(
        sparql_prefixes() + "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a lg:SourceDocument } "
        "FILTER NOT EXISTS { GRAPH ?g { ?g lg:sourceKey ?k } } }"
    )
    return [g for (g,) in rows]


def remove_orphans(store: Store) -> list[str]:
    """Drop the orphan graphs (see ``orphan_graphs``)."""
    orphans = orphan_graphs(store)
    for g in orphans:
        store.remove_graph(g)
    return [g.value for g in orphans]


def _registry_quads(graph: NamedNode, key: str) -> list[Quad]:
    """A key's record in its graph; everything in it follows from the key, so a record can be removed alone."""
    quads = [
        Quad(graph, LG.sourceKey, Literal(key), graph),
        Quad(graph, LG.builtWith, Literal(BUILDER), graph),
    ]
    if (path := key_path(key)) is not None:
        quads.append(Quad(graph, LG.sourcePath, Literal(path), graph))
    return quads


def _nquads(quads: list[Quad]) -> bytes:
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


def _bulk_write(store: Store, data: bytes) -> None:
    """N-Quads through the store's bulk loader: parsed in Rust, no Python object per quad."""
    if hasattr(store, "bulk_load_nquads"):
        store.bulk_load_nquads(data)
    else:
        store.add_bulk(list(ox.parse(data, ox.RdfFormat.N_QUADS)))


@dataclass
class _Batch:
    """Writes queued by a Loader, done in this order: replaced graphs, data, commit, retirements."""

    replace: list[tuple[NamedNode, list[Quad]]] = field(default_factory=list)
    data: list[bytes] = field(default_factory=list)  # N-Quads of new graphs
    size: int = 0  # bytes of data
    quads: int = 0  # quads of data
    commit: list[Quad] = field(default_factory=list)  # registry records: written last, in one transaction
    drop: list[tuple[str, str]] = field(default_factory=list)  # (graph, key) to retire once committed
    retire: list[tuple[NamedNode, list[Quad] | None]] = field(
        default_factory=list
    )  # quads, or None: the graph


class Loader:
    """Adds documents to a store in batches; ``finish`` recomputes the shared graphs. Use as a context manager.

    With ``background=True`` a batch is written by a thread while the next one is gathered (the bulk loader
    runs in Rust without the GIL): parsing and writing overlap, and at most two batches are held in memory."""

    def __init__(self, store: Store, report: BuildReport | None = None, *, background: bool = False):
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
        self._batch = _Batch()
        self._pending: set[str] = set()  # graphs whose data is in the current batch
        self._bulk_batches = 0
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="legalgraph-write") if background else None
        self._writing: Future | None = None
        self._finished = False

    def __enter__(self) -> Loader:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            if not self._finished:
                self.finish()
        else:
            self._stop()

    def unchanged(self, key: str, sha256: str) -> bool:
        """The source ``key`` already holds exactly these bytes, built by this builder."""
        graphs = self.registry.get(key, {})
        return list(graphs) == [source_iri(sha256)] and graphs[source_iri(sha256)] == BUILDER

    def add(self, doc: Document, key: str | None = None, label: str | None = None) -> str:
        """Queue ``doc``; returns "added", "replaced" or "unchanged". Raises if it cannot be converted."""
        key = key or source_key(doc)

        def convert() -> tuple[bytes, int]:
            quads = document_graph(doc)  # may raise: then nothing of this document is queued
            return _nquads(quads), len(quads)

        return self.add_converted(key, doc.source.sha256, label or doc.source.path or key, convert)

    def add_converted(
        self, key: str, sha256: str, label: str, convert: Callable[[], tuple[bytes, int]]
    ) -> str:
        """Queue the graph of the source ``key`` with bytes ``sha256``; ``convert`` gives its N-Quads and quad
        count, and is called only when the graph is not in the store yet."""
        if self.unchanged(key, sha256):
            self.report.unchanged.append(label)
            return "unchanged"
        if self._batch.size >= BATCH_BYTES:  # full: written before this one is queued (see ``record``)
            self.flush(wait=False)
        graph_iri = source_iri(sha256)
        graph = NamedNode(graph_iri)
        batch = self._batch
        registry_quads = _registry_quads(graph, key)
        if graph_iri in self._pending or self.graphs_built.get(graph_iri) == BUILDER:
            batch.commit += registry_quads  # the same bytes under another key: one graph, two records
        elif graph_iri in self.graphs_built:
            # Built by an older builder: rewritten whole, with the keys it still serves (not the keys of the
            # builder before GRAPH_VERSION 2, which the build of their folder replaces).
            data, n = convert()
            keep = [
                q
                for k, graphs in self.registry.items()
                if graph_iri in graphs and k != key and not is_legacy_key(k)
                for q in _registry_quads(graph, k)
            ]
            batch.replace.append((graph, [*ox.parse(data, ox.RdfFormat.N_QUADS), *keep, *registry_quads]))
            self.graphs_built[graph_iri] = BUILDER
            self.report.quads_written += n
        else:
            data, n = convert()
            batch.data.append(data)
            batch.size += len(data)
            batch.quads += n
            batch.commit += registry_quads
            self._pending.add(graph_iri)
        old = [g for g in self.registry.get(key, {}) if g != graph_iri]
        batch.drop += [(g, key) for g in old]
        self.registry.setdefault(key, {})[graph_iri] = BUILDER
        (self.report.replaced if old else self.report.added).append(label)
        return "replaced" if old else "added"

    def record(self, quads: list[Quad]) -> None:
        """Queue quads with the commit of the batch that holds the document queued last: they are written in
        the same transaction as its registry record (the nightly job's watch log)."""
        self._batch.commit += quads

    def flush(self, *, wait: bool = True) -> None:
        """Write the queued graphs, commit their registry records, retire the graphs they replace; with
        ``wait=False`` (and a background writer) return as soon as the previous batch is written."""
        batch, self._batch, self._pending = self._batch, _Batch(), set()
        # Planned here, on the registry as it is after this batch: the writer never reads it.
        batch.retire = [*[self._retire_plan(g, key) for g, key in batch.drop], *batch.retire]
        self.report.quads_written += batch.quads
        self._wait()
        if wait or self._writer is None:
            self._write(batch)
        else:
            self._writing = self._writer.submit(self._write, batch)

    def _wait(self) -> None:
        """Let the batch being written finish (raising its error, if any)."""
        if self._writing is not None:
            writing, self._writing = self._writing, None
            writing.result()

    def _write(self, batch: _Batch) -> None:
        t = time.perf_counter()
        for graph, quads in batch.replace:
            self.store.replace_graph(graph, quads)
        commit = batch.commit
        if batch.data:
            data = b"".join(batch.data)
            batch.data.clear()  # one copy of the batch in memory while it is written, not two
            if batch.quads >= BULK_THRESHOLD:
                _bulk_write(self.store, data)
                self._bulk_batches += 1
            else:  # small: data and commit in one transaction
                commit = [*ox.parse(data, ox.RdfFormat.N_QUADS), *commit]
            del data
        crash_point("commit")  # data written, not committed: orphans, removed by the next build
        if commit:
            self.store.add(commit)
        crash_point("retire")  # committed; the graphs it replaces are still there
        for graph, quads in batch.retire:
            if quads is None:
                self.store.remove_graph(graph)
            else:
                self.store.remove(quads)
        self.report._timed("write", t)

    def _retire_plan(self, graph_iri: str, key: str) -> tuple[NamedNode, list[Quad] | None]:
        """``key`` no longer reads ``graph_iri``: what to remove — its record if another source still has these
        bytes, else the whole graph (None). The registry is updated now."""
        graph = NamedNode(graph_iri)
        others = [k for k, graphs in self.registry.items() if graph_iri in graphs and k != key]
        self.registry.get(key, {}).pop(graph_iri, None)
        if not others:
            self.graphs_built.pop(graph_iri, None)
            return graph, None
        kept = {q for k in others for q in _registry_quads(graph, k)}
        return graph, [q for q in _registry_quads(graph, key) if q not in kept]

    def remove(self, key: str, *, reported: bool = True, record: list[Quad] | None = None) -> bool:
        """Forget a source (deleted from the JO, removed from the corpus); True if it was there. ``record``:
        quads written with the removal, just before its graphs go (the nightly job's watch log)."""
        self.flush()  # first: a source queued in this batch and removed now must not come back with its commit
        graphs = list(self.registry.get(key, {}))
        commit = (record or []) if graphs else []
        self._write(_Batch(commit=commit, retire=[self._retire_plan(g, key) for g in graphs]))
        self.registry.pop(key, None)
        if graphs and reported:
            self.report.removed.append(key)
        return bool(graphs)

    def rewrite(self, doc: Document, key: str) -> None:
        """Queue the graph of a source already in the store again, as ``doc`` says it now (same bytes, read
        with what other sources tell of it: an attachment)."""
        graph_iri = source_iri(doc.source.sha256)
        graph = NamedNode(graph_iri)
        records = [
            q for k, graphs in self.registry.items() if graph_iri in graphs for q in _registry_quads(graph, k)
        ]
        self._batch.replace.append((graph, [*document_graph(doc), *records]))

    def catalogue(self, rows: list[CatalogueAct]) -> int:
        """Queue scanned catalogue rows with this batch's commit; returns how many quads change."""
        self._wait()  # a batch still being written may hold rows of the same texts
        add, remove = catalogue_writes(self.store, rows)
        self._batch.commit += add
        self._batch.retire.append((CATALOGUE_GRAPH, remove))
        self.report.catalogued += len(add) + len(remove)
        return len(add) + len(remove)

    def uncatalogue(self, jorftext: str) -> bool:
        """Remove a text's catalogue rows (DILA deleted it from the JO base); True if it had some."""
        self.flush()
        remove = catalogue_removal(self.store, jorftext)
        if remove:
            add, generations = renewed_generation(self.store, remove)
            self._write(_Batch(commit=add, retire=[(CATALOGUE_GRAPH, remove + generations)]))
            self.report.catalogued += len(remove)
        return bool(remove)

    def keys_for(self, target: str) -> list[str]:
        """The keys ``target`` names: a source key, a source (graph) IRI, or a file path (existing or not)."""
        if self.registry.get(target):
            return [target]
        by_iri = [k for k, graphs in self.registry.items() if target in graphs]
        if by_iri:
            return by_iri
        return [k for k in candidate_keys(Path(target)) if self.registry.get(k)]

    def owned(self, roots: dict[str, Path]) -> list[str]:
        """The keys recorded under these build roots (and, for a pre-version-2 key, under their folder)."""
        prefixes = tuple(f"{root}/" for root in roots)
        folders = tuple(f"{folder}/" for folder in roots.values())
        return [
            k
            for k in self.registry
            if (k.startswith(folders) if is_legacy_key(k) else k.startswith(prefixes)) and self.registry[k]
        ]

    def finish(self, on_phase: Callable[[str], None] | None = None) -> BuildReport:
        """Flush, reload the code lists and the ontology if they changed, compact after several bulk batches, and
        recompute the derived graph if anything changed or its stamp does not match the registry (``on_phase`` is
        told each step, for a progress display)."""
        phase = on_phase or (lambda _name: None)
        self._finished = True
        try:
            phase("writing")
            self.flush()
            phase("code lists")
            refresh_reference_graphs(self.store)
            t = time.perf_counter()
            compacting = None
            if self._bulk_batches > 1 and hasattr(self.store, "optimize"):
                # Overlapping bulk files: compacted (named queries get 1.5–3× faster), in the writer thread
                # while the derived step runs, since RocksDB compacts without the GIL.
                if self._writer is not None:
                    compacting = self._writer.submit(self.store.optimize)
                else:
                    phase("compacting")
                    self.store.optimize()
                    self.report._timed("optimize", t)
            t = time.perf_counter()
            if self.report.changed or derived_is_stale(self.store):
                phase("derived graph")
                refresh_derived(self.store)
            self.report._timed("derived", t)
            if compacting is not None:
                t = time.perf_counter()
                phase("compacting")
                compacting.result()
                self.report._timed("optimize", t)  # what the derived step did not hide
            if hasattr(self.store, "flush"):
                self.store.flush()
        finally:
            self._stop()
        self.report.seconds = time.perf_counter() - self._t0
        return self.report

    def _stop(self) -> None:
        """The writer thread ended (after its batch), the collector back on."""
        try:
            self._wait()
        finally:
            if self._writer is not None:
                self._writer.shutdown()
            if self._gc_was_enabled:
                gc.enable()


def refresh_reference_graphs(store: Store) -> bool:
    """(Re)load the reference graphs — the codes (the official lists) and the ontology — that changed since
    they were written; whether any did."""
    codes = _refresh_reference(store, CODES_GRAPH, codes_fingerprint(), codes_graph)
    ontology = _refresh_reference(store, ONTOLOGY_GRAPH, ontology_fingerprint(), ontology_graph)
    return codes or ontology


def _refresh_reference(
    store: Store, graph: NamedNode, fingerprint: str | None, build: Callable[[], list[Quad]]
) -> bool:
    if fingerprint is None or store.ask(
        sparql_prefixes() + "ASK { GRAPH ?g { ?g lg:codesFingerprint ?f } }",
        {"g": graph, "f": Literal(fingerprint)},
    ):
        return False
    store.remove_graph(graph)  # reference data: rewritten whole; a build that stops here redoes it
    quads = [q for q in build() if q.predicate != LG.codesFingerprint]
    # The fingerprint goes last, in its own transaction: a bulk write cut short never looks complete.
    (store.add_bulk if len(quads) >= BULK_THRESHOLD else store.add)(quads)
    store.add([Quad(graph, LG.codesFingerprint, Literal(fingerprint), graph)])
    return True


# Simple DISTINCT patterns, joined in Python: a version is stated by each text that names it, and joining
# those repeats inside one query multiplies them (a million-triple store: 0.1 s per pattern against seconds).
_FACT_QUERIES = {
    # A version whose own text is in the store is stated in a document's graph: these patterns read the
    # documents, never the derived graph that describes the versions known from citations only.
    "versions": "SELECT DISTINCT ?v ?act WHERE { GRAPH ?g { ?g a lg:SourceDocument . ?v lg:establishedBy ?act } }",
    "dates": "SELECT DISTINCT ?v ?date WHERE { GRAPH ?g { ?g a lg:SourceDocument . ?v lg:establishedBy ?a ; dcterms:date ?date } }",
    "names": "SELECT DISTINCT ?v ?name WHERE { GRAPH ?g { ?g a lg:SourceDocument . ?v lg:titreName ?name } }",
    "priors": "SELECT DISTINCT ?v ?act WHERE { ?v lg:priorAct ?act }",
    # What the citations of earlier acts say of them: their date, the titre they name.
    "cited_dates": """SELECT DISTINCT ?act ?date WHERE { ?v lg:priorAct ?act .
        GRAPH ?g { ?c oa:hasBody ?act ; lg:citedActDate ?date } FILTER (?g != ?derived) }""",
    "cited_names": """SELECT DISTINCT ?act ?name WHERE { GRAPH ?g { ?c lg:citedTitreName ?name ; oa:hasBody ?act }
        FILTER (?g != ?derived) FILTER EXISTS { ?v lg:priorAct ?act } }""",
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
    q = {
        name: store.select(sparql_prefixes() + text, {"derived": DERIVED_GRAPH})
        for name, text in _FACT_QUERIES.items()
    }
    facts = LineageFacts()
    for v, act in q["versions"]:  # versions whose own text is in the store
        facts.versions.setdefault(v.value, Version(v.value, act.value, stated_by_own_text=True))
    for v, date in q["dates"]:
        version = facts.versions[v.value]
        version.date = min(filter(None, [version.date, date.value]))
    for v, name in q["names"]:
        if v.value in facts.versions:
            facts.versions[v.value].names.add(name.value)
            facts.versions[v.value].own_names.add(name.value)
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
    "acts": """SELECT DISTINCT ?act WHERE { GRAPH ?g {
        { ?e eli:realizes ?act } UNION { ?c oa:hasBody ?act } UNION { ?v lg:priorAct ?act }
        UNION { ?x eli:cites|eli:amends|eli:repeals|eli:corrects|eli:transposes ?act }
        UNION { ?act eli:amends|eli:repeals|eli:corrects|eli:transposes|eli:cites ?y . FILTER NOT EXISTS { ?act a eli:LegalExpression } } }
        FILTER (?g != ?derived) }""",
    "own_keys": "SELECT DISTINCT ?act ?key WHERE { GRAPH ?g { ?act eli:is_realized_by ?e ; lg:citationKey ?key } FILTER (?g != ?derived) }",
    "cited_keys": "SELECT ?act (MIN(?key) AS ?k) WHERE { GRAPH ?g { ?c oa:hasBody ?act ; lg:citationKey ?key } FILTER (?g != ?derived) } GROUP BY ?act",
    "own_dates": "SELECT DISTINCT ?act ?date WHERE { GRAPH ?g { ?act eli:is_realized_by ?e ; eli:date_document ?date } FILTER (?g != ?derived) }",
    "cited_dates": """SELECT ?act ?date (COUNT(DISTINCT ?c) AS ?n) WHERE {
        GRAPH ?g { ?c oa:hasBody ?act ; lg:citedActDate ?date } FILTER (?g != ?derived) } GROUP BY ?act ?date""",
    "titles": """SELECT DISTINCT ?act ?title ?consolidated WHERE { GRAPH ?g { ?e eli:realizes ?act ; eli:title ?title
        OPTIONAL { ?e lg:consolidated ?consolidated } } FILTER (?g != ?derived) }""",
    "wordings": """SELECT ?act ?text ?subject (COUNT(?c) AS ?n) WHERE { GRAPH ?g {
        ?c lg:namesInFull true ; oa:hasBody ?act ; lg:citedText ?text OPTIONAL { ?c lg:citedSubject ?subject } }
        FILTER (?g != ?derived) } GROUP BY ?act ?text ?subject""",
    "fallbacks": """SELECT DISTINCT ?act ?l WHERE { GRAPH ?g { ?s eli:embodies ?e ; rdfs:label ?l . ?e eli:realizes ?act }
        FILTER (?g != ?derived) }""",
    "code_names": "SELECT ?act (MIN(?n) AS ?name) WHERE { GRAPH ?g { ?c oa:hasBody ?act ; lg:citedCodeName ?n } FILTER (?g != ?derived) } GROUP BY ?act",
    "ids": """SELECT DISTINCT ?act ?p ?id WHERE { VALUES ?p { lg:nor lg:jorfId lg:legiId lg:legiArticleId }
        GRAPH ?g { ?act ?p ?id } FILTER (?g != ?derived) }""",
    "bare": """SELECT ?c ?key ?citer WHERE { GRAPH ?g { ?c a lg:Citation ; lg:citationKey ?key ; lg:citingAct ?act ;
        lg:citingExpression ?e . FILTER NOT EXISTS { ?c oa:hasBody ?b }
        OPTIONAL { ?e lg:consolidated ?consolidated } BIND(IF(BOUND(?consolidated), ?e, ?act) AS ?citer) }
        FILTER (?g != ?derived) }""",
}


def act_facts(store: Store) -> ActFacts:
    """What the document graphs of ``store`` say of acts (the input of ``acts_graph``)."""
    # the document graphs only: what the derived graph says (ids, resolved mentions) is the output, and read
    # back it would make each refresh depend on the one before
    q = {
        name: store.select(sparql_prefixes() + text, {"derived": DERIVED_GRAPH})
        for name, text in _ACT_QUERIES.items()
    }
    facts = ActFacts()
    facts.acts = {act.value for (act,) in q["acts"] if act is not None}
    for act, key in [*q["cited_keys"], *q["own_keys"]]:  # an act's own text says its key last, and wins
        facts.keys[act.value] = key.value
    said: dict[str, list[tuple[int, str]]] = {}
    for act, date, n in q["cited_dates"]:
        said.setdefault(act.value, []).append((-int(n.value), date.value))
    facts.dates = {
        act: min(dates)[1] for act, dates in said.items()
    }  # the most cited date, the earliest of ties
    for act, date in q["own_dates"]:
        if date is not None:
            facts.dates[act.value] = date.value
    facts.dated_by_text = {act.value for act, _ in q["own_dates"]}
    for act, title, consolidated in q["titles"]:
        facts.titles[act.value].append((title.value, consolidated is not None))
    for act, text, subject, n in q["wordings"]:
        wording = as_title(text.value, subject.value if subject else None)
        facts.wordings[act.value][" ".join(wording.split())] += int(n.value)
    fallbacks: dict[str, list[str]] = {}
    for act, label in q["fallbacks"]:
        fallbacks.setdefault(act.value, []).append(label.value)
    # chosen here, not by MIN(): engines order strings differently (Virtuoso and Oxigraph disagreed)
    facts.fallback_labels = {a: min(ls) for a, ls in fallbacks.items()}
    facts.code_names = {act.value: name.value for act, name in q["code_names"]}
    facts.stated_ids = {(act.value, p.value.rsplit("#", 1)[1], v.value) for act, p, v in q["ids"]}
    facts.bare = [(c.value, key.value, citer.value) for c, key, citer in q["bare"]]
    return facts


def catalogue_for(store: Store, facts: ActFacts) -> Catalogue:
    """The shipped catalogue and the rows of the store's catalogue graph for the acts ``facts`` name."""
    keys = {*facts.keys.values(), *(key for _, key, _ in facts.bare)}
    return seed_catalogue().extended(stored_rows(store, keys, {v for _, _, v in facts.stated_ids}))


def derived_stamp(store: Store) -> str | None:
    """The generation the derived graph was computed for; None when it has none (never computed, or cut short)."""
    rows = store.select(
        sparql_prefixes() + "SELECT ?s WHERE { GRAPH ?g { ?g lg:generation ?s } }", {"g": DERIVED_GRAPH}
    )
    return rows.rows[0][0].value if rows.rows else None


def _set_stamp(store: Store, state: str | None) -> None:
    old = derived_stamp(store)
    if old is not None:
        store.remove([Quad(DERIVED_GRAPH, LG.generation, Literal(old), DERIVED_GRAPH)])
    if state is not None:
        store.add([Quad(DERIVED_GRAPH, LG.generation, Literal(state), DERIVED_GRAPH)])


def derived_is_stale(store: Store) -> bool:
    """The derived graph was not computed from the source graphs the store holds now (an empty store is not
    stale: nothing is derived from nothing)."""
    reg = registry(store)
    stamp = derived_stamp(store)
    if stamp is None and not reg and DERIVED_GRAPH not in store.graph_names():
        return False
    return stamp != registry_state(reg, catalogue_generation(store))


def check_derived(store: Store, *, repair: bool, where: str = "the store") -> bool:
    """On open: when a build or watch run was cut short (orphan graphs, a stale derived graph), finish its work
    (``repair``: a writable store) or warn. Returns whether something was left to do."""
    orphans, stale = orphan_graphs(store), derived_is_stale(store)
    if not orphans and not stale:
        return False
    if not repair:
        warnings.warn(
            f"{where}: a build or watch run was interrupted (or is under way): the derived graph does not match "
            "the source graphs, lineage and cited-act answers may be out of date until the store is built again "
            "or opened writable",
            RuntimeWarning,
            stacklevel=3,
        )
        return True
    remove_orphans(store)  # first: the derived facts must not be read from a cut-short batch
    refresh_reference_graphs(store)
    if stale:
        refresh_derived(store)
    return True


def refresh_derived(store: Store) -> int:
    """Recompute the derived graph (lineage, cited acts) from the document graphs; returns its size.

    Only the difference is written: a nightly build that adds a few texts changes a few derived quads, and
    rewriting a hundred thousand would cost seconds. Not one transaction with the document writes: the stamp
    is removed first and written last, so a kill in between leaves a graph that every open and build sees as
    stale and recomputes."""
    state = store_state(store)
    _set_stamp(store, None)
    crash_point("derived")
    facts = act_facts(store)
    quads = list(
        dict.fromkeys(derived_graph(lineage_facts(store)) + acts_graph(facts, catalogue_for(store, facts)))
    )
    old = set(store.quads(DERIVED_GRAPH))
    if old:
        new = set(quads)
        if stale := old - new:
            store.remove(list(stale))
        quads = [q for q in quads if q not in old]
    (store.add_bulk if len(quads) >= BULK_THRESHOLD else store.add)(quads)
    refresh_france_competences(store)  # the versions' RNCP fiches: the links depend on the documents too
    crash_point("stamp")
    _set_stamp(store, state)
    return len(quads) + len(old)


def load_documents(store: Store, docs: Iterable[Document]) -> BuildReport:
    """Add already parsed documents (the API a notebook or the nightly job uses)."""
    with Loader(store) as loader:
        for doc in docs:
            loader.add(doc)
    return loader.report


def sha256_file(path: Path) -> str:
    return hashlib.sha256(read_file(path)).hexdigest()


def _parse_file(path: Path, label: str, parse: Callable[[Path], Document] | None) -> Document:
    if parse is not None:
        return parse(path)
    from legalgraph import parse as parse_source

    return parse_source(read_file(path, label), path=label)


def _unidentified(quads: list[Quad]) -> bool:
    """The document's act is unidentified (``unattached_keys`` will name its source): the second pass needs it."""
    return any(q.predicate == ELI.realizes and "/unidentified/" in q.object.value for q in quads)


def _convert_file(task: tuple[Path, str, Callable[[Path], Document] | None]) -> tuple:
    """Read, parse and convert one file (in a worker process): ("ok", sha256, N-Quads, quad count, the pickled
    Document when its act is unidentified, else None) or ("failed", reason). The Document comes back for the
    second pass (``_attach``) only: reading the file again there would parse it twice, in one process. Errors
    are returned, not raised, so that one file never stops the pool."""
    try:
        doc = _parse_file(*task)
        quads = document_graph(doc)
        kept = pickle.dumps(doc, pickle.HIGHEST_PROTOCOL) if _unidentified(quads) else None
        return ("ok", doc.source.sha256, _nquads(quads), len(quads), kept)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
        return ("failed", failure_reason(exc))


def _read_document(task: tuple[Path, str, Callable[[Path], Document] | None]) -> tuple:
    """Read and parse one file (in a worker process): ("ok", Document) or ("failed", reason)."""
    try:
        return ("ok", _parse_file(*task))
    except Exception as exc:  # noqa: BLE001 - see _convert_file
        return ("failed", failure_reason(exc))


def _workers(jobs: int, files: int, parse: Callable | None) -> int:
    """How many worker processes parse ``files`` files (1: this process)."""
    if parse is not None:
        try:
            pickle.dumps(parse)
        except (pickle.PicklingError, AttributeError, TypeError):
            return 1  # a lambda or a local function cannot be sent to a worker
    return workers_for(jobs, files)


def build_paths(
    store: Store,
    paths: Iterable[Path | str],
    *,
    parse: Callable[[Path], Document] | None = None,
    progress: bool = False,
    on_error: Callable[[Path, LegalgraphError], None] | None = None,
    jobs: int = 1,
) -> BuildReport:
    """Parse and add files and folders; a file that fails is reported (``on_error(path, error)``) and the batch
    goes on. A folder is a build root: afterwards the store holds exactly its files (see the module docstring).
    ``jobs`` worker processes parse (``parse(path)`` when given, else ``legalgraph.parse``)."""
    with Loader(store, background=True) as loader:  # on an error: the writer stopped, nothing more written
        given = build_input(paths, loader.registry)
        with _Progress(len(given.files), progress) as bar:
            _build(loader, given, parse, jobs, bar, on_error)
            return loader.finish(on_phase=bar.phase)  # the bar still shows what runs after the last file


def _build(
    loader: Loader,
    given: BuildInput,
    parse: Callable[[Path], Document] | None,
    jobs: int,
    bar: _Progress,
    on_error: Callable[[Path, LegalgraphError], None] | None,
) -> None:
    report = loader.report

    def fail(src: SourceFile, reason: str) -> None:
        report.failed.append((src.label, reason))
        if on_error:
            on_error(src.path, LegalgraphError(reason, src.label))

    t = time.perf_counter()
    todo: list[SourceFile] = []
    for src in given.files:  # hashing first: unchanged files are never parsed
        try:
            sha = hashlib.sha256(read_file(src.path, src.label)).hexdigest()
        except LegalgraphError as exc:
            fail(src, exc.reason)
            continue
        if loader.unchanged(src.key, sha):
            report.unchanged.append(src.label)
        else:
            todo.append(src)
    bar.update(len(given.files) - len(todo))
    report._timed("read", t)

    parsed: dict[str, bytes] = {}  # key → pickled Document of the sources whose act is unidentified
    results = ordered_map(
        _convert_file, ((src.path, src.label, parse) for src in todo), _workers(jobs, len(todo), parse)
    )
    for src in todo:
        t = time.perf_counter()
        result = next(results)
        report._timed("parse", t)
        if result[0] == "failed":
            fail(src, result[1])
        else:
            _, sha, data, n, doc = result
            loader.add_converted(src.key, sha, src.label, lambda data=data, n=n: (data, n))
            if doc is not None:
                parsed[src.key] = doc
        bar.update(1)
    loader.flush()
    _prune(loader, given)
    _attach(loader, given, parse, jobs, parsed)


def _attach(
    loader: Loader,
    given: BuildInput,
    parse: Callable[[Path], Document] | None,
    jobs: int,
    parsed: dict[str, bytes],
) -> None:
    """Second pass: each source of the build whose act its own words leave unidentified is attached to the one
    act of the store all it says agrees with (``graph.attach``), whatever build brought that act's fuller copy
    in. Its Document is the one the first pass parsed (``parsed``), else (a file unchanged since an earlier
    build) the file is parsed again, on the pool."""
    unattached = unattached_keys(loader.store)
    files = [src for src in given.files if src.key in unattached]
    if not files:
        return
    acts = ActIndex(act_evidence(loader.store))
    again = [src for src in files if src.key not in parsed]
    reread = iter(())
    if again:
        tasks = ((s.path, s.label, parse) for s in again)
        reread = ordered_map(_read_document, tasks, _workers(jobs, len(again), parse))
    for src in files:
        if src.key in parsed:
            doc = pickle.loads(parsed.pop(src.key))
        else:
            result = next(reread)
            if result[0] == "failed":
                continue  # read fine a moment ago: the file changed under the build; the next build sees it
            doc = result[1]
        found = attachment(doc, acts.candidates(doc))
        if found:  # a new Document: a caller's parse may hand out the ones it keeps
            attached_to, attached_by, date = found
            meta = {**doc.meta, "attached_to": attached_to, "attached_by": attached_by, "attached_date": date}
            doc = dataclasses.replace(doc, meta=meta)
            loader.rewrite(doc, src.key)
            loader.report.attached.append((src.label, attached_to, attached_by))
    loader.flush()


_UNATTACHED = """SELECT DISTINCT ?key WHERE { GRAPH ?g { ?g a lg:SourceDocument ; lg:sourceKey ?key ;
    eli:embodies ?e . ?e eli:realizes ?act } FILTER (CONTAINS(STR(?act), "/unidentified/")) }"""


def unattached_keys(store: Store) -> set[str]:
    """The keys of the sources whose act nothing identifies (yet)."""
    return {key.value for (key,) in store.select(sparql_prefixes() + _UNATTACHED)}


# What the document graphs say of each identified act, for ``graph.attach``: simple patterns joined in Python.
_EVIDENCE = {
    "acts": """SELECT DISTINCT ?act ?type ?date WHERE { GRAPH ?g { ?g a lg:SourceDocument . ?e eli:realizes ?act .
        ?act eli:type_document ?type OPTIONAL { ?act eli:date_document ?date } }
        FILTER (!CONTAINS(STR(?act), "/unidentified/")) }""",
    "published": """SELECT DISTINCT ?act ?d WHERE { GRAPH ?g { ?g a lg:SourceDocument . ?e eli:realizes ?act .
        ?act eli:date_publication ?d } }""",
    "names": """SELECT DISTINCT ?act ?name WHERE { GRAPH ?g { ?g a lg:SourceDocument .
        ?v lg:establishedBy ?act ; lg:titreName ?name } }""",
    "priors": """SELECT DISTINCT ?act ?d WHERE { GRAPH ?g { ?g a lg:SourceDocument .
        ?v lg:establishedBy ?act ; lg:priorActDate ?d } }""",
    "actions": """SELECT DISTINCT ?act ?action WHERE { GRAPH ?g { ?g a lg:SourceDocument .
        ?v lg:establishedBy ?act ; lg:action ?action } }""",
}


def act_evidence(store: Store) -> list[ActEvidence]:
    q = {name: store.select(sparql_prefixes() + text) for name, text in _EVIDENCE.items()}
    acts = {
        act.value: ActEvidence(act.value, type_.value.rsplit("/", 1)[-1], date.value if date else None)
        for act, type_, date in q["acts"]
    }
    for field_name, name in (("published", "published"), ("names", "names"), ("priors", "priors")):
        for act, value in q[name]:
            if act.value in acts:
                getattr(acts[act.value], field_name).add(value.value)
    for act, action in q["actions"]:
        if act.value in acts:
            acts[act.value].actions.add(action.value.rsplit("/", 1)[-1])
    return list(acts.values())


def _prune(loader: Loader, given: BuildInput) -> None:
    """Remove the sources the build's roots own whose file is gone; migrate pre-version-2 keys."""
    failed = {label for label, _ in loader.report.failed}
    seen = {src.key for src in given.files}
    tried = {str(src.path.resolve()): src.label not in failed for src in given.files}  # → built now
    legacy = [k for k in loader.registry if is_legacy_key(k) and k in tried]
    for key in dict.fromkeys([*loader.owned(given.roots), *legacy]):
        if key in seen:
            continue  # built now, or failed now: then its graph stays as it was
        if key in tried:  # an old key of a file read now: migrated to its new key, unless it failed
            if tried[key]:
                loader.remove(key, reported=False)
            continue
        loader.remove(key)


class _Progress:
    """A progress bar on a terminal: one step per file, then the name of each step after the last file (writing,
    derived graph, compacting), so that it never sits at 100 % with nothing said."""

    def __init__(self, total: int, enabled: bool):
        self.bar = None
        if enabled and sys.stderr.isatty():
            try:
                from tqdm import tqdm
            except ImportError:  # pragma: no cover - tqdm comes with spaCy
                return
            self.bar = tqdm(total=total, desc="legalgraph build", unit="file", file=sys.stderr)

    def update(self, n: int) -> None:
        if self.bar is not None and n:
            self.bar.update(n)

    def phase(self, name: str) -> None:
        if self.bar is not None:
            self.bar.set_description(f"legalgraph build: {name}")

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.set_description("legalgraph build")
            self.bar.close()
