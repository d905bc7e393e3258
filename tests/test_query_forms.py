"""Every SPARQL query form (SELECT, ASK, CONSTRUCT, DESCRIBE) in `kg.query`, `legalgraph query` and the endpoint;
syntax errors at the user's own line and column; the service description and its VoID statistics; CSV for
Excel; labels that keep their accents — on the corpus store."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
import requests

from legalgraph.graph.namespaces import PREFIXES, sparql_prefixes
from legalgraph.norm import fold_ascii as fold
from legalgraph.store import MemoryStore
from legalgraph.store.base import QueryError, answer
from tests.support.endpoint import running
from tests.support.graphkit import CORPUS, corpus_graph, gold
from tests.support.servers import corpus_store_on_disk

LEGALGRAPH = [sys.executable, "-m", "legalgraph.cli"]
PATTERN = "?v lg:titreName ?n"
# A typo on line 3, column 7: the prefix `skoss:` is declared nowhere.
TYPO = "SELECT ?t WHERE {\n  ?t a lg:TitreProfessionnel ;\n      skoss:prefLabel ?l .\n}\n"
TYPO_AT = (3, TYPO.splitlines()[2].index("skoss:") + 1)


@pytest.fixture(scope="module")
def kg():
    return corpus_graph()[0]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    return corpus_store_on_disk(tmp_path_factory.mktemp("forms") / "store")


@pytest.fixture(scope="module")
def endpoint(store_path) -> Iterator[str]:
    with running(store_path) as url:
        yield url


def cli(store: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*LEGALGRAPH, "query", *args, "--store", str(store)], capture_output=True, text=True, timeout=120
    )


def gold_nor() -> str:
    return next(g["nor"] for g in gold().values() if g.get("nor"))


NO_NOR = "ZZZZ9999999Z"  # the NOR format, but no text of the corpus has it
assert all(g.get("nor") != NO_NOR for g in gold().values())


def selected_count(kg, pattern: str) -> int:
    rows = kg.store.select(
        sparql_prefixes() + f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT * {{ {pattern} }} }}"
    )
    return int(rows.rows[0][0].value)


# -- kg.query -----------------------------------------------------------------------------------------------


def test_ask_is_true_for_an_act_of_the_corpus_and_false_for_one_it_lacks(kg):
    assert kg.query(f'ASK {{ ?act lg:nor "{gold_nor()}" }}') is True
    assert kg.query(f'ASK {{ ?act lg:nor "{NO_NOR}" }}') is False


def test_construct_gives_a_dataframe_of_as_many_triples_as_the_select_of_its_pattern(kg):
    frame = kg.query(f"CONSTRUCT {{ {PATTERN} }} WHERE {{ {PATTERN} }}")
    assert list(frame.columns) == ["subject", "predicate", "object"]
    assert len(frame) == selected_count(kg, PATTERN) > 20
    assert set(frame["predicate"]) == {PREFIXES["lg"] + "titreName"}


def test_describe_gives_the_triples_of_the_act(kg):
    act = kg.query(f'SELECT ?act WHERE {{ ?act lg:nor "{gold_nor()}" }}')["act"][0]
    frame = kg.query(f"DESCRIBE <{act}>")
    assert len(frame) > 3 and set(frame["subject"]) == {act}
    assert gold_nor() in set(frame["object"])


def test_a_syntax_error_is_a_query_error_at_the_users_line_and_column(kg):
    with pytest.raises(QueryError) as caught:
        kg.query(TYPO)
    assert (caught.value.line, caught.value.column) == TYPO_AT
    assert f"line {TYPO_AT[0]}, column {TYPO_AT[1]}" in str(caught.value) and "skoss:" in str(caught.value)
    assert not isinstance(caught.value, SyntaxError)


def test_an_error_deeper_in_a_query_is_on_its_own_line(kg):
    text = "SELECT ?t WHERE {\n  ?t a lg:TitreProfessionnel .\n}\nORDER ?t\n"
    with pytest.raises(QueryError) as caught:
        kg.query(text)
    assert caught.value.line == text.splitlines().index("ORDER ?t") + 1


def test_the_rdflib_store_counts_off_the_prefix_lines_it_is_sent():
    text = "SELECT ?t WHERE {\n  ?t a lg:TitreProfessionnel .\n  FILTR (?t)\n}\n"
    with pytest.raises(QueryError) as caught:
        answer(MemoryStore(), text, PREFIXES)
    assert (caught.value.line, caught.value.column) == (3, text.splitlines()[2].index("FILTR") + 1)
    assert answer(MemoryStore(), "ASK { ?s ?p ?o }", PREFIXES) is False


# -- legalgraph query ---------------------------------------------------------------------------------------


def test_the_cli_prints_true_or_false_for_an_ask(store_path):
    yes = cli(store_path, f'ASK {{ ?act lg:nor "{gold_nor()}" }}')
    no = cli(store_path, f'ASK {{ ?act lg:nor "{NO_NOR}" }}')
    assert (yes.returncode, yes.stdout, no.returncode, no.stdout) == (0, "true\n", 0, "false\n")
    as_json = cli(store_path, "ASK {}", "--format", "json")
    assert json.loads(as_json.stdout) == {"head": {}, "boolean": True}


def test_the_cli_prints_a_construct_as_turtle_with_the_triples_of_the_pattern(store_path, kg):
    r = cli(store_path, f"CONSTRUCT {{ {PATTERN} }} WHERE {{ {PATTERN} }}")
    assert r.returncode == 0 and "@prefix lg:" in r.stdout
    assert len(list(ox.parse(r.stdout.encode(), ox.RdfFormat.TURTLE))) == selected_count(kg, PATTERN)
    nt = cli(store_path, f"CONSTRUCT {{ {PATTERN} }} WHERE {{ {PATTERN} }}", "--format", "nt")
    assert len(nt.stdout.splitlines()) == selected_count(kg, PATTERN)


def test_the_cli_names_the_line_and_column_of_a_syntax_error(store_path):
    r = cli(store_path, TYPO)
    assert r.returncode == 2 and f"line {TYPO_AT[0]}, column {TYPO_AT[1]}" in r.stderr
    assert "Traceback" not in r.stderr and "skoss:" in r.stderr


def test_a_table_read_by_head_ends_quietly(store_path):
    proc = subprocess.Popen(
        [*LEGALGRAPH, "query", "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "--store", str(store_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.readline()  # `| head -1`: one line read, then the pipe closed
    proc.stdout.close()
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0 and err == b""


def test_the_table_shortens_iris_with_prefixes_and_keeps_their_ends(store_path, kg):
    acts = [
        row[0].value
        for row in kg.store.select(sparql_prefixes() + "SELECT ?a WHERE { ?a a eli:LegalResource }")
    ]
    r = cli(store_path, "SELECT ?a WHERE { ?a a eli:LegalResource }")
    lines = r.stdout.splitlines()[2:-1]
    assert len(lines) == len(acts) and not any(PREFIXES["lgid"] in line for line in lines)
    for iri in acts:  # each act recognisable by the end of its IRI, even when cut in the middle
        assert any(line.strip().endswith(iri[len(PREFIXES["lgid"]) :][-25:]) for line in lines)
    assert all(line.startswith("lgid:act/") for line in lines)


# -- the endpoint -----------------------------------------------------------------------------------------


def test_the_endpoint_answers_ask_in_each_results_format(endpoint):
    query = f'ASK {{ ?act lg:nor "{gold_nor()}" }}'
    for fmt, media in (
        (ox.QueryResultsFormat.JSON, "application/sparql-results+json"),
        (ox.QueryResultsFormat.XML, "application/sparql-results+xml"),
    ):
        r = requests.get(endpoint + "/sparql", params={"query": query}, headers={"Accept": media})
        assert r.headers["Content-Type"] == media + "; charset=utf-8"
        assert bool(ox.parse_query_results(r.content, fmt)) is True
    no = requests.get(
        endpoint + "/sparql", params={"query": f'ASK {{ ?a lg:nor "{NO_NOR}" }}', "format": "csv"}
    )
    assert no.text.strip() == "false"


def test_the_endpoint_construct_has_the_triples_of_the_select(endpoint, kg):
    r = requests.post(
        endpoint + "/sparql",
        data={"query": f"CONSTRUCT {{ {PATTERN} }} WHERE {{ {PATTERN} }}"},
        headers={"Accept": "text/turtle"},
    )
    assert r.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert len(list(ox.parse(r.content, ox.RdfFormat.TURTLE))) == selected_count(kg, PATTERN)


def test_the_endpoint_gives_the_line_and_column_of_a_syntax_error(endpoint):
    r = requests.post(endpoint + "/sparql", data={"query": TYPO})
    assert r.status_code == 400 and f"line {TYPO_AT[0]}, column {TYPO_AT[1]}" in r.text


def _rows(body: bytes, media: str) -> list[tuple[str, str]]:
    """(v, n) of each row, as their values; CSV, which pyoxigraph does not read (lossy), by the csv module."""
    if media == "text/csv":
        return [tuple(row) for row in csv.reader(io.StringIO(body.decode()))][1:]
    fmt = {
        "application/sparql-results+json": ox.QueryResultsFormat.JSON,
        "application/sparql-results+xml": ox.QueryResultsFormat.XML,
        "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    }[media]
    return [(s["v"].value, s["n"].value) for s in ox.parse_query_results(body, fmt)]


@pytest.mark.parametrize(
    "media",
    [
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ],
)
def test_a_cut_answer_holds_exactly_the_row_limit_in_each_format(store_path, kg, media):
    query = f"SELECT ?v ?n WHERE {{ {PATTERN} }}"
    with running(store_path, max_rows=7) as url:
        r = requests.get(url + "/sparql", params={"query": query}, headers={"Accept": media})
    assert r.headers["X-SPARQL-MaxRows"] == "7"
    rows = _rows(r.content, media)
    whole = {(v.value, n.value) for v, n in kg.store.select(sparql_prefixes() + query)}
    assert len(whole) > 7 and len(rows) == 7 and set(rows) <= whole


def test_csv_is_utf8_and_has_a_bom_only_when_asked(endpoint):
    query = 'SELECT ?l WHERE { ?a skos:prefLabel ?l FILTER(CONTAINS(?l, "é")) } LIMIT 3'
    plain = requests.get(endpoint + "/sparql", params={"query": query, "format": "csv"})
    excel = requests.get(endpoint + "/sparql", params={"query": query, "format": "csv", "bom": "1"})
    named = requests.get(
        endpoint + "/queries/cited-by", params={"act": "arrete:2015-12-22", "format": "csv", "bom": "1"}
    )
    assert plain.headers["Content-Type"] == excel.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert not plain.content.startswith(b"\xef\xbb\xbf") and "é" in plain.content.decode("utf-8")
    assert excel.content == b"\xef\xbb\xbf" + plain.content
    assert named.status_code == 200 and named.content.startswith(b"\xef\xbb\xbfciting,")
    assert list(csv.reader(io.StringIO(named.content.decode("utf-8-sig"))))[0][0] == "citing"
    assert requests.get(endpoint + "/sparql", params={"query": query, "bom": "maybe"}).status_code == 400


# -- the service description ---------------------------------------------------------------------------------

SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")


def test_the_endpoint_describes_itself_with_the_statistics_of_its_graphs(endpoint, store_path):
    r = requests.get(endpoint + "/sparql")
    assert r.status_code == 200 and r.headers["Content-Type"] == "text/turtle; charset=utf-8"
    sd = rdflib.Graph().parse(data=r.text, format="turtle")
    service = rdflib.URIRef(endpoint + "/sparql")
    assert (service, rdflib.RDF.type, SD.Service) in sd
    assert (service, SD.endpoint, service) in sd and (service, SD.feature, SD.UnionDefaultGraph) in sd
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in sd
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) not in sd  # a read-only endpoint

    store = ox.Store.read_only(str(store_path))
    quads = list(store)
    dataset = sd.value(service, SD.defaultDataset)
    default = sd.value(dataset, SD.defaultGraph)
    union = {(q.subject, q.predicate, q.object) for q in quads}
    assert int(sd.value(default, VOID.triples)) == len(union)
    assert int(sd.value(default, VOID.properties)) == len({t[1] for t in union})
    types = {t[2] for t in union if t[1].value == str(rdflib.RDF.type)}
    assert int(sd.value(default, VOID.classes)) == len(types)
    acts = next(
        p
        for p in sd.objects(default, VOID.classPartition)
        if sd.value(p, VOID["class"]) == rdflib.URIRef("http://data.europa.eu/eli/ontology#LegalResource")
    )
    assert int(sd.value(acts, VOID.entities)) == len(
        {t[0] for t in union if t[1].value == str(rdflib.RDF.type) and t[2].value.endswith("#LegalResource")}
    )

    named = {sd.value(n, SD.name): sd.value(n, SD.graph) for n in sd.objects(dataset, SD.namedGraph)}
    graphs = {q.graph_name for q in quads}
    assert {str(g) for g in named} == {g.value for g in graphs}
    for g in graphs:
        here = [q for q in quads if q.graph_name == g]
        stats = named[rdflib.URIRef(g.value)]
        assert int(sd.value(stats, VOID.triples)) == len(here)
        assert int(sd.value(stats, VOID.classes)) == len(
            {q.object for q in here if q.predicate.value == str(rdflib.RDF.type)}
        )


def test_the_service_description_is_negotiated_and_a_browser_gets_the_page(endpoint):
    nt = requests.get(endpoint + "/sparql", headers={"Accept": "application/n-triples"})
    jsonld = requests.get(endpoint + "/sparql", params={"format": "jsonld"})
    page = requests.get(endpoint + "/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert nt.headers["Content-Type"].startswith("application/n-triples")
    assert (
        len(rdflib.Graph().parse(data=nt.text, format="nt"))
        == len(rdflib.Graph().parse(data=jsonld.text, format="json-ld"))
        > 100
    )
    assert page.headers["Content-Type"].startswith("text/html")
    assert requests.get(endpoint + "/sparql", headers={"Accept": "image/png"}).status_code == 406


def test_an_endpoint_that_takes_updates_says_so(store_path, tmp_path):
    import shutil

    copy = tmp_path / "store"
    shutil.copytree(store_path, copy)
    with running(copy, allow_update=True, token="t") as url:
        sd = rdflib.Graph().parse(data=requests.get(url + "/sparql").text, format="turtle")
    assert (rdflib.URIRef(url + "/sparql"), SD.supportedLanguage, SD.SPARQL11Update) in sd


# -- labels ---------------------------------------------------------------------------------------------------


def test_code_labels_keep_the_accents_the_texts_print(kg):
    """Each code's label, as the texts print its name: a label that lost its accents is in no text."""
    texts = " ".join(
        p.read_text(encoding="utf-8", errors="replace").replace("’", "'").lower()
        for p in CORPUS.iterdir()
        if p.is_file()
    )
    labels = kg.store.select(
        sparql_prefixes()
        + 'SELECT ?l WHERE { ?a a eli:LegalResource ; skos:prefLabel|rdfs:label|skos:altLabel ?l FILTER(STRSTARTS(STR(?a), "https://w3id.org/legalgraph/id/act/code/")) }'
    )
    names = {row[0].value.split(",")[0].lower() for row in labels}
    assert any(
        fold(n) != n for n in names
    )  # at least one code whose name has accents ("code de l'éducation")
    assert all(n in texts for n in names), [n for n in names if n not in texts]
