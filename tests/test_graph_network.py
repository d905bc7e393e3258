"""The NetworkX view and the exports a researcher takes away."""

from __future__ import annotations

import io

import networkx as nx
import pyoxigraph as ox
import pytest

from tests.support.graphkit import corpus_graph, gold, scratch_dir


def test_citation_network_in_degree_is_the_number_of_citing_acts():
    kg, _ = corpus_graph()
    g = kg.to_networkx("citations")
    assert {d["type"] for _, d in g.nodes(data=True)} == {"act"}
    (node,) = [n for n, d in g.nodes(data=True) if d.get("key") == "arrete:2015-12-22" and "conditions" in n]
    citing = {u for u, _, k in g.in_edges(node, keys=True) if k == "cites"}
    assert len(citing) == len(set(kg.named("cited-by", act="arrete:2015-12-22").citing))


def test_lineage_dag_orders_versions():
    kg, _ = corpus_graph()
    g = kg.to_networkx("lineage")
    revisions = nx.DiGraph([(u, v) for u, v, k in g.edges(keys=True) if k == "wasRevisionOf"])
    assert nx.is_directed_acyclic_graph(revisions)
    chain = kg.named("lineage", titre="commercial(e)").version.tolist()
    for later, earlier in zip(chain[1:], chain, strict=False):
        assert g.has_edge(later, earlier, key="wasRevisionOf")
    titre = g.nodes[next(v for _, v, k in g.out_edges(chain[-1], keys=True) if k == "versionOf")]
    assert titre["type"] == "titre" and titre["label"] == "conseiller commercial"


def test_graphml_export_reads_back():
    kg, _ = corpus_graph()
    path = scratch_dir() / "graph.graphml"
    kg.export(path, "graphml")
    back = nx.read_graphml(path)
    assert back.number_of_nodes() == kg.to_networkx().number_of_nodes()


@pytest.mark.parametrize("fmt,rdf_format", [("nq", ox.RdfFormat.N_QUADS), ("trig", ox.RdfFormat.TRIG)])
def test_dataset_exports_keep_every_quad(fmt, rdf_format):
    kg, _ = corpus_graph()
    buf = io.BytesIO()
    kg.export(buf, fmt)
    assert len(list(ox.parse(buf.getvalue(), format=rdf_format))) == len(kg.store)


@pytest.mark.parametrize("fmt,rdf_format", [("ttl", ox.RdfFormat.TURTLE), ("jsonld", ox.RdfFormat.JSON_LD)])
def test_other_exports_parse(fmt, rdf_format):
    kg, _ = corpus_graph()
    buf = io.BytesIO()
    kg.export(buf, fmt)
    parsed = list(ox.parse(buf.getvalue(), format=rdf_format))
    assert len(parsed) >= len(kg.store) // 2


def test_summary_counts_what_the_gold_describes():
    kg, _ = corpus_graph()
    summary = kg.summary()
    assert summary["sources"] == len(gold())
    # One node per equivalence row of every text (two copies of a table would be two sets of rows).
    assert summary["equivalences"] == sum(g["equivalences_count"] for g in gold().values())
