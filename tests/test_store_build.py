"""Building stores: idempotent rebuilds, a changed text replaces its own graph, a failed one leaves no trace."""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest

import legalgraph
from legalgraph.cli import main
from legalgraph.graph.identity import source_iri
from legalgraph.graph.namespaces import CODES_GRAPH, DERIVED_GRAPH, LG, ONTOLOGY_GRAPH, sparql_prefixes
from legalgraph.store import Loader, MemoryStore, OxigraphStore, build_paths, load_documents
from legalgraph.store.load import BUILDER, sha256_file
from tests.support.graphkit import CORPUS, ONTOLOGY, corpus_docs, corpus_graph, dump_sorted, scratch_dir

CHAIN = [  # the commercial(e) → conseiller commercial texts, and the 2022 revision with its two copies
    "2013-02-07_modif_attache-commercial.md",
    "2017-12-12_conseiller-commercial.txt",
    "2023-07-05_conseiller-commercial.txt",
    "2022-11-21_conseiller-insertion-professionnelle.txt",
    "2022-11-21_conseiller-insertion-professionnelle__full-copy.txt",
]


@pytest.fixture
def folder():
    path = scratch_dir() / "texts"
    path.mkdir()
    for name in CHAIN:
        shutil.copy(CORPUS / name, path / name)
    return path


def source_graphs(store) -> set[str]:
    return {g.value for g in store.graph_names() if "/id/source/" in g.value}


def test_the_corpus_builds_without_failure():
    kg, report = corpus_graph()
    assert not report.failed
    assert len(report.added) == len(corpus_docs())
    # Two texts with identical bytes would share a graph; the corpus has none.
    assert len(source_graphs(kg.store)) == len(corpus_docs())
    assert {DERIVED_GRAPH, CODES_GRAPH, ONTOLOGY_GRAPH} <= kg.store.graph_names()


def labels_in_store(store) -> set[tuple[str, str, str]]:
    rows = store.select(
        sparql_prefixes() + "SELECT ?term ?label WHERE { GRAPH ?g { ?term rdfs:label ?label } }",
        {"g": ONTOLOGY_GRAPH},
    )
    return {(t.value, label.value, label.language) for t, label in rows}


def test_every_store_holds_the_ontology_so_terms_have_their_french_labels(folder, monkeypatch):
    import rdflib

    import legalgraph.graph.ontology as ontology_module

    ontology = rdflib.Graph().parse(ONTOLOGY)
    expected = {(str(s), str(o), o.language) for s, o in ontology.subject_objects(rdflib.RDFS.label)}
    store = OxigraphStore(scratch_dir() / "store")
    build_paths(store, sorted(folder.iterdir()))
    found = labels_in_store(store)
    assert found == expected and any(lang == "fr" for _, _, lang in found)
    # A later ontology (here: one label less) replaces the graph on the next build; the documents stay.
    edited = scratch_dir() / "ontologies" / "legalgraph.ttl"
    edited.parent.mkdir()
    edited.write_text(ONTOLOGY.read_text(encoding="utf-8").replace('"sans correspondance"@fr', '""@fr'))
    monkeypatch.setattr(ontology_module, "ontology_file", lambda: edited)
    again = build_paths(store, sorted(folder.iterdir()))
    assert not again.changed
    assert (str(LG.noCorrespondence)[1:-1], "", "fr") in labels_in_store(store)


def test_rebuilding_the_same_input_changes_nothing(folder):
    store = OxigraphStore(scratch_dir() / "store")
    first = build_paths(store, sorted(folder.iterdir()))
    before = dump_sorted(store)
    again = build_paths(store, sorted(folder.iterdir()))
    assert len(first.added) == len(CHAIN) and not again.changed
    assert len(again.unchanged) == len(CHAIN) and again.quads_written == 0
    assert dump_sorted(store) == before


def test_a_changed_text_replaces_its_own_graph_only(folder):
    store = OxigraphStore(scratch_dir() / "store")
    build_paths(store, sorted(folder.iterdir()))
    kept = {g: sorted(map(str, store.quads(ox.NamedNode(g)))) for g in source_graphs(store)}
    changed = folder / "2023-07-05_conseiller-commercial.txt"
    old_graph = source_iri(sha256_file(changed))
    text = changed.read_text(encoding="utf-8")
    assert "pour une durée de cinq ans à compter du 31 juillet 2023" in text
    changed.write_text(
        text.replace("de cinq ans à compter du 31 juillet 2023", "de trois ans à compter du 31 juillet 2023")
    )
    report = build_paths(store, sorted(folder.iterdir()))
    assert report.replaced == [str(changed)] and len(report.unchanged) == len(CHAIN) - 1
    graphs = source_graphs(store)
    assert old_graph not in graphs and source_iri(sha256_file(changed)) in graphs
    for g, quads in kept.items():  # every other text's graph is as it was
        if g != old_graph:
            assert sorted(map(str, store.quads(ox.NamedNode(g)))) == quads
    kg = legalgraph.knowledge.KnowledgeGraph(store)
    ends = kg.named("registrations-ending-before", date="2027-01-01")
    assert "2026-07-31" in {str(d) for d in ends.end}  # the new duration, read from the new text
    assert (
        len(kg.named("lineage", titre="conseiller commercial")) >= 4
    )  # derived facts recomputed, still whole


def test_a_failed_text_is_named_and_the_batch_goes_on(folder, capsys):
    (folder / "broken.txt").write_bytes(b"")
    store_path = scratch_dir() / "store"
    status = main(["build", str(folder), "--store", str(store_path), "--quiet"])
    err = capsys.readouterr().err
    assert status != 0
    assert "broken.txt" in err
    store = OxigraphStore(store_path)
    assert len(source_graphs(store)) == len(CHAIN)
    store.close()


def test_a_text_that_fails_on_rebuild_leaves_the_store_unchanged(folder):
    store = OxigraphStore(scratch_dir() / "store")
    build_paths(store, sorted(folder.iterdir()))
    before = dump_sorted(store)
    victim = folder / CHAIN[0]
    victim.write_text(victim.read_text(encoding="utf-8") + "\n")

    def parse(path):
        if path == victim:
            raise ValueError("cannot read this one")
        return legalgraph.parse(path)

    errors = []
    report = build_paths(store, sorted(folder.iterdir()), parse=parse, on_error=lambda p, e: errors.append(p))
    assert report.failed == [(str(victim), "internal error (ValueError: cannot read this one)")]
    assert errors == [victim]
    assert dump_sorted(store) == before


def test_identical_bytes_under_two_paths_share_one_graph(folder):
    twin = folder / "copy-of-2017.txt"
    shutil.copy(folder / CHAIN[1], twin)
    store = OxigraphStore(scratch_dir() / "store")
    build_paths(store, sorted(folder.iterdir()))
    graph = ox.NamedNode(source_iri(sha256_file(twin)))
    assert record(store, graph) == {
        (LG.sourceKey, "texts/copy-of-2017.txt"),
        (LG.sourceKey, f"texts/{CHAIN[1]}"),
        (LG.sourcePath, "copy-of-2017.txt"),
        (LG.sourcePath, CHAIN[1]),
        (LG.builtWith, BUILDER),
    }
    twin.write_text("Arrêté du 1er janvier 2030\n\nTexte de remplacement.\n")
    build_paths(store, sorted(folder.iterdir()))
    # The graph stays for the path that still has these bytes, with that path's record only.
    assert record(store, graph) == {
        (LG.sourceKey, f"texts/{CHAIN[1]}"),
        (LG.sourcePath, CHAIN[1]),
        (LG.builtWith, BUILDER),
    }


def record(store, graph) -> set[tuple]:
    """The registry quads of a source graph: (predicate, value)."""
    registry = {LG.sourceKey, LG.sourcePath, LG.builtWith}
    return {(q.predicate, q.object.value) for q in store.quads(graph) if q.predicate in registry}


def test_an_interrupted_batch_is_cleaned_at_the_next_build():
    doc = corpus_docs()[CHAIN[1]]
    store = OxigraphStore(scratch_dir() / "store")
    from legalgraph.graph import document_graph

    store.add_bulk(document_graph(doc))  # data written, commit (registry quads) never came
    with Loader(store) as loader:
        assert not loader.registry
    assert not source_graphs(store)


def test_forgetting_a_source_removes_its_graph_and_its_derived_facts():
    store = OxigraphStore()
    docs = [corpus_docs()[n] for n in CHAIN[:3]]
    load_documents(store, docs)
    kg = legalgraph.knowledge.KnowledgeGraph(store)
    assert len(kg.named("lineage", titre="commercial")) == 4
    with Loader(store) as loader:
        assert loader.remove(f"texts/{CHAIN[2]}")  # the key of a file read by path: <its folder>/<its name>
    assert len(source_graphs(store)) == 2
    assert "2023-07-05" not in {str(d) for d in kg.named("lineage", titre="commercial").date}


def test_a_graph_from_an_older_builder_is_rebuilt(monkeypatch):
    store = OxigraphStore()
    doc = corpus_docs()[CHAIN[1]]
    load_documents(store, [doc])
    monkeypatch.setattr("legalgraph.store.load.BUILDER", BUILDER + "-next")
    report = load_documents(store, [doc])
    assert report.replaced == [doc.source.path] or report.added == [doc.source.path]
    graph = ox.NamedNode(source_iri(doc.source.sha256))
    assert {q.object.value for q in store.quads(graph) if q.predicate == LG.builtWith} == {BUILDER + "-next"}


def test_rdflib_and_oxigraph_hold_the_same_graph_and_answer_alike():
    docs = [corpus_docs()[n] for n in CHAIN]
    memory, embedded = MemoryStore(), OxigraphStore()
    load_documents(memory, docs)
    load_documents(embedded, docs)
    assert dump_sorted(memory) == dump_sorted(embedded)
    from legalgraph import queries

    for name, params in [
        ("cited-by", {"act": "arrete:2015-12-22"}),
        ("cites", {"act": "arrete:2017-12-12"}),
        ("lineage", {"titre": "conseiller commercial"}),
        ("equivalences", {"titre": "conseiller en insertion professionnelle"}),
        ("titres-by-level", {"level": "IV"}),
        ("in-force-on", {"date": "2024-01-01"}),
    ]:
        a, b = queries.run(memory, name, **params), queries.run(embedded, name, **params)
        assert a.variables == b.variables
        assert canonical(a) == canonical(b), name
        assert len(a.rows) > 0, name


def canonical(solutions) -> list[tuple]:
    """Rows as comparable values; GROUP_CONCAT lists in sorted order (SPARQL leaves their order to the engine)."""
    concatenated = {"parts": " ", "old": " | ", "new": " | "}
    rows = []
    for row in solutions.rows:
        values = []
        for var, term in zip(solutions.variables, row, strict=True):
            value = None if term is None else str(term)
            if term is not None and var in concatenated:
                value = concatenated[var].join(sorted(term.value.split(concatenated[var])))
            values.append(value)
        rows.append(tuple(values))
    return sorted(rows, key=str)


def test_cli_build_then_notebook_and_export(folder, capsys, monkeypatch):
    store_path = scratch_dir() / "store"
    monkeypatch.setenv("LEGALGRAPH_STORE", str(store_path))  # the default of --store
    assert main(["build", str(folder), "--quiet"]) == 0
    assert f"{len(CHAIN)} added" in capsys.readouterr().err
    kg = legalgraph.open(store_path, read_only=True)
    lineage = kg.named("lineage", titre="conseiller commercial")
    assert [str(d) for d in lineage.date] == ["2003-07-31", "2013-02-07", "2017-12-12", "2023-07-05"]
    quads = len(kg.store)
    kg.close()
    out = scratch_dir() / "graph.nq"
    assert main(["export", "--format", "nq", "-o", str(out)]) == 0
    assert len(list(ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS))) == quads


def test_a_notebook_graph_in_memory():
    kg = legalgraph.open()  # no path: in memory
    kg.add([corpus_docs()[n] for n in CHAIN[3:]])
    df = kg.named("equivalences", titre="conseiller en insertion professionnelle")
    assert len(df) == 3 and set(kg.named_queries()) >= {"cited-by", "lineage"}
    assert kg.named_rows("in-force-on", date="2024-01-01")[0]["end"].isoformat() == "2028-03-23"
