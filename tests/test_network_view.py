"""The NetworkX / GraphML views: typed nodes with kind, label, date and ids; weighted edges; files Gephi reads."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

import networkx as nx
import pytest
from lxml import etree

from legalgraph.graph.identity import document_act_iri
from tests.support.graphkit import ROOT, corpus_docs, corpus_graph, expected_act

KINDS = {
    "arrêté",
    "décret",
    "loi",
    "ordonnance",
    "code",
    "article de code",
    "avis",
    "rectificatif",
    "circulaire",
}


def graph(view: str) -> nx.MultiDiGraph:
    kg, _ = corpus_graph()
    return kg.to_networkx(view)


def test_every_act_has_a_kind_and_a_readable_label():
    g = graph("citations")
    acts = [d for _, d in g.nodes(data=True)]
    assert all(d["type"] == "act" and d["kind"] in KINDS for d in acts)
    assert all(isinstance(d.get("label"), str) and d["label"] and "://" not in d["label"] for d in acts)
    assert {"arrêté", "décret", "code", "article de code", "avis"} <= {d["kind"] for d in acts}
    for _, d in g.nodes(data=True):
        if "date" in d:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", d["date"])


def test_official_ids_are_the_catalogues():
    g = graph("citations")
    with (ROOT / "legalgraph" / "data" / "catalogue" / "catalogue.csv").open(encoding="utf-8") as f:
        row = next(r for r in csv.DictReader(f) if r["key"] == "decret:2019-14")
    (node,) = [d for _, d in g.nodes(data=True) if d.get("key") == "decret:2019-14"]
    assert (node["nor"], node["jorftext"]) == (row["nor"], row["jorftext"])
    assert node["legifrance"].endswith(row["jorftext"])


def test_a_cites_edge_weighs_the_mentions_of_the_citing_text():
    """From a text held in one copy, the edge to a décret weighs as many mentions as legalgraph.parse finds of
    its key in that text."""
    kg, _ = corpus_graph()
    g = graph("citations")
    copies = Counter(
        a.value
        for (a,) in kg.select("SELECT ?a WHERE { ?s lg:sourcePath ?p ; eli:embodies/eli:realizes ?a }").rows
    )
    act_of = {
        p.value.rsplit("/", 1)[-1]: a.value
        for p, a in kg.select("SELECT ?p ?a WHERE { ?s lg:sourcePath ?p ; eli:embodies/eli:realizes ?a }")
    }
    by_key = {d["key"]: n for n, d in g.nodes(data=True) if d.get("key", "").startswith("decret:20")}
    checked = 0
    for name, doc in corpus_docs().items():
        if copies[act_of[name]] != 1:
            continue
        for key, n in Counter(c.key for c in doc.citations if c.key in by_key).items():
            assert g[act_of[name]][by_key[key]]["cites"]["weight"] == n, (name, key)
            checked += 1
    assert checked > 10
    assert all(isinstance(w, int) and w >= 1 for *_, w in g.edges(data="weight"))


def test_a_cites_edge_is_dated_by_the_citing_version_never_before_the_cited_act():
    """A consolidated copy of 2011 of an arrêté of 2003 cites at 2011: no edge says a text cited an act
    before that act existed; an edge only consolidated copies without a version date make has no date."""
    g = graph("citations")
    cites = [(u, v, d) for u, v, k, d in g.edges(keys=True, data=True) if k == "cites"]
    dated = [(u, v, d) for u, v, d in cites if "since" in d and "date" in g.nodes[v]]
    assert len(dated) > 50
    assert [(u, v, d["since"]) for u, v, d in dated if d["since"] < g.nodes[v]["date"]] == []
    assert any(d["consolidated"] for *_, d in cites)
    for u, _, d in cites:
        if "since" in d and not d["consolidated"]:
            assert d["since"] == g.nodes[u]["date"]  # a text as published cites at its own date


def test_a_fragment_is_no_node_of_its_own_and_an_alias_is_tied_to_its_act():
    g = graph("citations")
    aliases = [(n, d["same_as"]) for n, d in g.nodes(data=True) if "same_as" in d]
    assert all(g.has_edge(a, b, key="sameAs") and b in g for a, b in aliases)
    # the CIP 2022 text without its title block: attached to the act of its full copy, not a node beside it
    fragment = "2022-11-21_conseiller-insertion-professionnelle.txt"
    assert document_act_iri(corpus_docs()[fragment]) not in g and expected_act(fragment) in g


@pytest.mark.parametrize("view", ["citations", "lineage", "all"])
def test_graphml_holds_only_strings_and_numbers(view):
    g = graph(view)
    for _, d in g.nodes(data=True):
        assert all(isinstance(v, str | int | float | bool) for v in d.values()), d
    for *_, d in g.edges(data=True):
        assert all(isinstance(v, str | int | float | bool) for v in d.values()), d
    buf = io.BytesIO()
    nx.write_graphml(g, buf)
    xml = etree.fromstring(buf.getvalue())
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    types = {k.get("attr.type") for k in xml.findall("g:key", ns)}
    assert types <= {"string", "int", "long", "double", "boolean"}
    assert not any(d.text in ("None", "nan", "NaT", "<NA>") for d in xml.iter(f"{{{ns['g']}}}data"))
    back = nx.read_graphml(io.BytesIO(buf.getvalue()))
    assert back.number_of_nodes() == g.number_of_nodes() and back.number_of_edges() == g.number_of_edges()


def test_lineage_nodes_are_labelled_and_typed():
    g = graph("lineage")
    types = Counter(d["type"] for _, d in g.nodes(data=True))
    kg, _ = corpus_graph()
    assert types["version"] == len(kg.versions()) and types["certificate"] == len(kg.certificates())
    assert all(d.get("label") for _, d in g.nodes(data=True))


def test_pagerank_runs_on_the_weighted_citation_network():
    """The `notebooks` extra installs what nx.pagerank needs (scipy); the weights are the mentions."""
    g = graph("citations")
    cites = nx.DiGraph(g.edge_subgraph([e for e in g.edges(keys=True) if e[2] == "cites"]))
    rank = nx.pagerank(cites, weight="weight")
    top = max(rank, key=rank.get)
    assert g.nodes[top]["kind"] in KINDS and abs(sum(rank.values()) - 1) < 1e-6
