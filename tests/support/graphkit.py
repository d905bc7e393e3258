"""The corpus built once per test process into an embedded store, for the graph, store and query tests."""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import rdflib

import legalgraph
from legalgraph.cli import iter_sources
from legalgraph.knowledge import KnowledgeGraph
from legalgraph.models import Document
from legalgraph.store import BuildReport, OxigraphStore, build_paths

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus" / "texts"
GOLD = ROOT / "corpus" / "gold"
SHAPES = ROOT / "ontologies" / "shapes.ttl"
ONTOLOGY = ROOT / "ontologies" / "legalgraph.ttl"


def scratch_dir() -> Path:
    """A temporary folder removed when the test process ends."""
    path = Path(tempfile.mkdtemp(prefix="legalgraph-test-"))
    atexit.register(shutil.rmtree, path, True)
    return path


@cache
def corpus_docs() -> dict[str, Document]:
    """Every corpus text parsed once: file name → Document."""
    return {p.name: legalgraph.parse(p) for p in iter_sources([str(CORPUS)])}


@cache
def corpus_graph() -> tuple[KnowledgeGraph, BuildReport]:
    """The corpus built into an on-disk store (as `legalgraph build corpus/texts` does), and its build report."""
    docs = corpus_docs()
    store = OxigraphStore(scratch_dir() / "store")
    report = build_paths(store, list(iter_sources([str(CORPUS)])), parse=lambda p: docs[p.name])
    return KnowledgeGraph(store), report


@cache
def gold() -> dict[str, dict]:
    """File name → its gold annotation."""
    return {
        g["file"]: g for g in (json.loads(p.read_text(encoding="utf-8")) for p in GOLD.glob("*.gold.json"))
    }


def union_graph(store) -> rdflib.Graph:
    """The union of a store's graphs as one rdflib Graph (what pyshacl validates)."""
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in store.quads()}
    graph = rdflib.Graph()
    graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    return graph


def dump_sorted(store) -> list[str]:
    """The store as sorted N-Quads lines: two stores hold the same data when these are equal."""
    return sorted(ox.serialize(store.quads(), format=ox.RdfFormat.N_QUADS).decode().splitlines())
