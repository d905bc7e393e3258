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


@cache
def copies() -> dict[str, set[str]]:
    """File → the corpus files that are copies of the same act, by the hand-made source list
    (``legalgraph/data/catalogue/corpus_texts.csv``, from ``corpus/SOURCES.md``): one JORFTEXT or NOR, or a
    page under another's address (an article page of a text); or, by the gold, one nature, date and titre name."""
    import csv
    from importlib import resources

    text = (
        resources.files("legalgraph").joinpath("data/catalogue/corpus_texts.csv").read_text(encoding="utf-8")
    )
    rows = list(csv.DictReader(text.splitlines()))
    url = {r["file"]: r["source"].split(" ; ")[0].strip() for r in rows}

    def titled(row: dict) -> tuple | None:  # what the gold reads: nature, date and titre name of a dated text
        g = gold()[row["file"]]
        name = (g.get("titre") or {}).get("name")
        return (g["nature"], g["date"], " ".join(name.lower().split())) if g["date"] and name else None

    def same(a: dict, b: dict) -> bool:
        return bool(
            (titled(a) and titled(a) == titled(b))
            or (a["jorftext"] and a["jorftext"] == b["jorftext"])
            or (a["nor"] and a["nor"] == b["nor"])
            or (
                url[a["file"]].startswith(("http://", "https://"))
                and url[b["file"]].startswith(url[a["file"]] + "/")
            )
            or (
                url[b["file"]].startswith(("http://", "https://"))
                and url[a["file"]].startswith(url[b["file"]] + "/")
            )
        )

    return {a["file"]: {b["file"] for b in rows if b is a or same(a, b)} for a in rows}


def expected_act(file: str) -> str:
    """The act a corpus text is a copy of: its own identity, else that of a copy that identifies itself."""
    from legalgraph.graph.identity import document_act_iri

    docs = corpus_docs()
    own = document_act_iri(docs[file])
    if "/unidentified/" not in own:
        return own
    named = {document_act_iri(docs[f]) for f in copies().get(file, ()) if f in docs} - {own}
    named = {a for a in named if "/unidentified/" not in a}
    return named.pop() if len(named) == 1 else own
