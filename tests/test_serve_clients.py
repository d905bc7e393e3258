"""`legalgraph serve` as a process, used by real SPARQL clients: SPARQLWrapper and rdflib's SPARQLStore."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
from pathlib import Path

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import CSV, JSON, JSONLD, POST, POSTDIRECTLY, RDFXML, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, Unauthorized

from legalgraph.graph.namespaces import sparql_prefixes
from tests.support.graphkit import corpus_graph
from tests.support.servers import corpus_store_on_disk, empty_store_on_disk, free_port, legalgraph_server

TOKEN = "token-for-the-tests"
SELECT = """SELECT ?act ?date ?title WHERE {
  ?act a eli:LegalResource ; eli:date_document ?date ; rdfs:label ?title
}"""
CONSTRUCT = "CONSTRUCT { ?act rdfs:label ?title } WHERE { ?act a eli:LegalResource ; rdfs:label ?title }"


@pytest.fixture(scope="module")
def corpus_on_disk(tmp_path_factory) -> Path:
    return corpus_store_on_disk(tmp_path_factory.mktemp("serve-clients") / "store")


@pytest.fixture(scope="module")
def endpoint(corpus_on_disk) -> str:
    with legalgraph_server(corpus_on_disk) as url:
        yield url + "/sparql"


@pytest.fixture(scope="module")
def writable(tmp_path_factory) -> str:
    store = empty_store_on_disk(tmp_path_factory.mktemp("serve-writable") / "store")
    with legalgraph_server(store, "--allow-update", env={"LEGALGRAPH_UPDATE_TOKEN": TOKEN}) as url:
        yield url + "/sparql"


def embedded(query: str) -> list[tuple[str, ...]]:
    """The embedded store's answer, sorted (the union default graph repeats a triple held by two graphs)."""
    kg, _ = corpus_graph()
    return sorted(tuple(t.value for t in row) for row in kg.store.select(sparql_prefixes() + query))


# -- SPARQLWrapper --------------------------------------------------------------------------------------------


def wrapper(endpoint: str, query: str, fmt: str, method: str | None = None) -> SPARQLWrapper:
    w = SPARQLWrapper(endpoint)
    w.setQuery(query)
    w.setReturnFormat(fmt)
    if method == POSTDIRECTLY:
        w.setMethod(POST)
        w.setRequestMethod(POSTDIRECTLY)
    elif method:
        w.setMethod(method)
    return w


@pytest.mark.parametrize("method", [None, POST, POSTDIRECTLY])
def test_sparqlwrapper_select_json_by_get_post_and_direct_post(endpoint, method):
    result = wrapper(endpoint, SELECT, JSON, method).query().convert()
    got = sorted(
        tuple(b[v]["value"] for v in ("act", "date", "title")) for b in result["results"]["bindings"]
    )
    assert got == embedded(SELECT) and len(got) > 20


def test_sparqlwrapper_select_xml_csv_tsv(endpoint):
    want = embedded(SELECT)
    dom = wrapper(endpoint, SELECT, XML).query().convert()
    assert len(dom.getElementsByTagName("result")) == len(want)
    csv_text = wrapper(endpoint, SELECT, CSV).query().convert().decode()
    assert (
        csv_text.splitlines()[0] == "act,date,title" and len(csv_text.strip().splitlines()) == len(want) + 1
    )
    tsv_text = wrapper(endpoint, SELECT, TSV).query().convert().decode()
    assert tsv_text.splitlines()[0] == "?act\t?date\t?title"


def test_sparqlwrapper_ask(endpoint):
    assert wrapper(endpoint, "ASK { ?t a lg:TitreProfessionnel }", JSON).query().convert()["boolean"] is True
    assert wrapper(endpoint, "ASK { ?t a lg:Nothing }", XML).query().convert().getElementsByTagName("boolean")


@pytest.mark.parametrize("fmt", [TURTLE, RDFXML, JSONLD])
def test_sparqlwrapper_construct(endpoint, fmt):
    result = wrapper(endpoint, CONSTRUCT, fmt).query().convert()
    graph = result if isinstance(result, rdflib.Graph) else rdflib.Graph().parse(data=result, format="turtle")
    want = embedded("SELECT ?act ?title WHERE { ?act a eli:LegalResource ; rdfs:label ?title }")
    assert {(str(s), str(o)) for s, _, o in graph} == set(want)


def test_sparqlwrapper_bad_query_is_reported(endpoint):
    with pytest.raises(QueryBadFormed, match="syntax error"):
        wrapper(endpoint, "SELECT WHERE {", JSON).query()


def update_wrapper(endpoint: str, update: str, token: str | None) -> SPARQLWrapper:
    w = SPARQLWrapper(endpoint, updateEndpoint=endpoint)
    w.setMethod(POST)
    w.setQuery(update)
    if token:
        w.addCustomHttpHeader("Authorization", f"Bearer {token}")
    return w


INSERT = 'INSERT DATA { GRAPH <https://w3id.org/legalgraph/graph/clients> { lgid:x rdfs:label "écrit" } }'


def test_sparqlwrapper_update_needs_the_token_and_a_writable_server(endpoint, writable):
    with pytest.raises(urllib.error.HTTPError) as refused:
        update_wrapper(endpoint, INSERT, TOKEN).query()
    assert refused.value.code == 403
    with pytest.raises(Unauthorized):
        update_wrapper(writable, INSERT, "wrong").query()
    update_wrapper(writable, INSERT, TOKEN).query()
    assert wrapper(writable, 'ASK { lgid:x rdfs:label "écrit" }', JSON).query().convert()["boolean"] is True
    update_wrapper(writable, "DROP GRAPH <https://w3id.org/legalgraph/graph/clients>", TOKEN).query()
    assert wrapper(writable, 'ASK { lgid:x rdfs:label "écrit" }', JSON).query().convert()["boolean"] is False


# -- rdflib -------------------------------------------------------------------------------------------------------


def test_rdflib_sparqlstore_select_ask_construct(endpoint):
    graph = rdflib.Graph(SPARQLStore(endpoint))
    rows = sorted(tuple(str(v) for v in row) for row in graph.query(sparql_prefixes() + SELECT))
    assert rows == embedded(SELECT)
    assert graph.query(sparql_prefixes() + "ASK { ?t a lg:TitreProfessionnel }").askAnswer is True
    constructed = graph.query(sparql_prefixes() + CONSTRUCT).graph
    assert len(constructed) == len(
        set(embedded("SELECT ?act ?title WHERE { ?act a eli:LegalResource ; rdfs:label ?title }"))
    )


def test_rdflib_sparqlstore_init_bindings_and_post(endpoint):
    act = rdflib.URIRef(
        "https://w3id.org/legalgraph/id/act/arrete/2015-12-22/conditions-delivrance-titre-professionnel"
    )
    graph = rdflib.Graph(SPARQLStore(endpoint, method="POST", returnFormat="json"))
    rows = list(
        graph.query(
            sparql_prefixes() + "SELECT ?title WHERE { ?act rdfs:label ?title }", initBindings={"act": act}
        )
    )
    assert [str(r.title) for r in rows] == [
        v for (v,) in embedded(f"SELECT ?t WHERE {{ <{act}> rdfs:label ?t }}")
    ]


def test_rdflib_sparqlupdatestore_writes_with_the_bearer_token(writable):
    store = SPARQLUpdateStore(writable, writable, headers={"Authorization": f"Bearer {TOKEN}"})
    graph = rdflib.Graph(store, identifier=rdflib.URIRef("https://w3id.org/legalgraph/graph/rdflib"))
    subject = rdflib.URIRef("https://w3id.org/legalgraph/id/rdflib-test")
    graph.add((subject, rdflib.RDFS.label, rdflib.Literal("ajouté par rdflib", lang="fr")))
    assert [str(o) for o in graph.objects(subject, rdflib.RDFS.label)] == ["ajouté par rdflib"]
    graph.remove((subject, None, None))
    assert list(graph.objects(subject, rdflib.RDFS.label)) == []
    anonymous = rdflib.Graph(SPARQLUpdateStore(writable, writable), identifier=graph.identifier)
    with pytest.raises(urllib.error.HTTPError) as refused:
        anonymous.add((subject, rdflib.RDFS.label, rdflib.Literal("x")))
    assert refused.value.code == 401


# -- the command ---------------------------------------------------------------------------------------------------


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "legalgraph.cli", *args], capture_output=True, text=True, timeout=timeout
    )


def test_serve_refuses_a_folder_without_a_store(tmp_path):
    done = run_cli("serve", "--store", str(tmp_path / "nothing"), "--port", str(free_port()))
    assert done.returncode == 2 and "no legalgraph store here" in done.stderr


def test_serve_refuses_a_store_another_process_holds(corpus_on_disk, endpoint):
    done = run_cli("serve", "--store", str(corpus_on_disk), "--port", str(free_port()))
    assert done.returncode == 2 and "open in another process" in done.stderr


def test_serve_refuses_a_port_in_use(tmp_path, endpoint):
    store = empty_store_on_disk(tmp_path / "store")
    port = endpoint.split(":")[-1].split("/")[0]
    done = run_cli("serve", "--store", str(store), "--port", port)
    assert done.returncode == 2 and f"cannot listen on 127.0.0.1:{port}" in done.stderr


def test_allow_update_without_a_token_prints_a_generated_one(tmp_path):
    store = empty_store_on_disk(tmp_path / "store")
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "legalgraph.cli",
            "serve",
            "--store",
            str(store),
            "--port",
            str(port),
            "--allow-update",
            "--quiet",
        ],
        stderr=subprocess.PIPE,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "LEGALGRAPH_UPDATE_TOKEN"},
    )
    try:
        line = proc.stderr.readline()
        assert "update token" in line
        token = line.rsplit(" ", 1)[-1].strip()
        assert len(token) >= 24
        assert "read-only" not in proc.stderr.readline()  # the server is up
    finally:
        proc.terminate()
        proc.wait(10)
    assert proc.returncode == 0  # SIGTERM is a clean stop
