"""A SPARQL 1.1 server as the store, for real: `oxigraph serve`, Virtuoso 7 and `legalgraph serve
--allow-update`, each started on loopback. The corpus is built into each, the named queries must answer as the
embedded store does, and the nightly job runs against each."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

import legalgraph
from legalgraph import queries
from legalgraph.cli import iter_sources, main
from legalgraph.errors import LegalgraphError
from legalgraph.graph.namespaces import BASE, DERIVED_GRAPH
from legalgraph.store import build_paths, open_store
from legalgraph.store.remote import RemoteStore, normalize_url
from tests.support.answers import canonical
from tests.support.dila_fixtures import write_archive, write_index
from tests.support.graphkit import CORPUS, corpus_docs, corpus_graph, dump_sorted
from tests.support.httpserver import serve
from tests.support.servers import empty_store_on_disk, legalgraph_server, oxigraph_server, virtuoso_server
from tests.test_watch import EVENING, NIGHT, deletion_members, night_members, wrapped_id

TOKEN = "remote-store-token"
SERVERS = ["oxigraph", "virtuoso", "legalgraph"]


class Server:
    """A running server, how to reach it from Python and from the command line (its environment)."""

    def __init__(self, kind: str, url: str, env: dict[str, str]):
        self.kind, self.url, self.env = kind, url, env

    def connect(self) -> RemoteStore:
        return RemoteStore.connect(
            self.url,
            token=self.env.get("LEGALGRAPH_SPARQL_TOKEN"),
            user=self.env.get("LEGALGRAPH_SPARQL_USER"),
            password=self.env.get("LEGALGRAPH_SPARQL_PASSWORD"),
        )


@pytest.fixture(scope="module", params=SERVERS)
def server(request, tmp_path_factory) -> Iterator[Server]:
    if request.param == "oxigraph":
        with oxigraph_server() as url:
            yield Server("oxigraph", url, {})
    elif request.param == "virtuoso":
        with virtuoso_server() as v:
            yield Server(
                "virtuoso",
                v.url,
                {"LEGALGRAPH_SPARQL_USER": v.user, "LEGALGRAPH_SPARQL_PASSWORD": v.password},
            )
    else:
        store = empty_store_on_disk(tmp_path_factory.mktemp("remote-legalgraph") / "store")
        with legalgraph_server(store, "--allow-update", env={"LEGALGRAPH_UPDATE_TOKEN": TOKEN}) as url:
            yield Server("legalgraph", url + "/sparql", {"LEGALGRAPH_SPARQL_TOKEN": TOKEN})


@pytest.fixture(scope="module")
def built(server) -> Iterator[RemoteStore]:
    """The corpus built into the server (as `legalgraph build` does), once per server."""
    store = server.connect()
    docs = corpus_docs()
    report = build_paths(store, list(iter_sources([str(CORPUS)])), parse=lambda p: docs[p.name])
    assert not report.failed and len(report.added) == len(docs)
    yield store
    store.close()


def test_the_endpoints_are_found_from_the_server_header(server):
    store = server.connect()
    e = store.endpoints
    if server.kind == "oxigraph":
        assert (e.query, e.update, e.graph_store) == (
            server.url + "/query",
            server.url + "/update",
            server.url + "/store",
        )
        assert "union-default-graph" in e.query_params
    elif server.kind == "virtuoso":
        assert e.query == e.update == server.url and e.graph_store.endswith("/sparql-graph-crud-auth")
    else:
        assert e.query == e.update == server.url and e.graph_store is None
    assert store.ask("ASK {}") is True


def test_the_corpus_builds_to_the_same_quads_as_in_the_embedded_store(built):
    kg, _ = corpus_graph()
    assert dump_sorted(built) == dump_sorted(kg.store)
    assert len(built) == len(kg.store)
    assert built.graph_names() == kg.store.graph_names()


def test_building_again_writes_nothing(built):
    docs = corpus_docs()
    again = build_paths(built, list(iter_sources([str(CORPUS)])), parse=lambda p: docs[p.name])
    assert len(again.unchanged) == len(docs) and again.quads_written == 0 and not again.changed


ACT_IRI = "https://w3id.org/legalgraph/id/act/arrete/2015-12-22/conditions-delivrance-titre-professionnel"
QUESTIONS = [
    ("cited-by", {"act": "arrete:2015-12-22"}),
    ("cited-by", {"act": ACT_IRI}),
    ("cited-by", {"act": "decret:2019-14"}),
    ("cited-by", {"act": "code:code du travail:L6113-1"}),
    ("cited-by", {"act": "code:code de l'éducation"}),
    ("cites", {"act": "arrete:2022-11-21"}),
    ("cites", {"act": "arrete:2017-12-12"}),
    ("lineage", {"titre": "conseiller commercial"}),
    ("lineage", {"titre": "commercial(e)"}),
    ("lineage", {"titre": "agent de propreté et d'hygiène"}),
    ("equivalences", {"titre": "conseiller en insertion professionnelle"}),
    ("equivalences", {"titre": "conseiller commercial"}),
    ("titres-by-rome", {"rome": "K1801"}),
    ("titres-by-rome", {"rome": "K"}),
    ("titres-by-level", {"level": "5"}),
    ("titres-by-level", {"level": "niveau IV"}),
    ("registrations-ending-before", {"date": "2020-01-01"}),
    ("registrations-ending-before", {"date": "31/12/2030"}),
    ("in-force-on", {"date": "2024-01-01"}),
    ("in-force-on", {"date": "2019-06-01"}),
    ("conflicts", {}),
    ("lineage-candidates", {}),
    ("changes", {"act": "arrete:2003-07-31"}),
    ("registration-disagreements", {"days": "0"}),
    ("registration-disagreements", {"days": "1"}),
]


def test_every_named_query_is_asked(server):
    assert {name for name, _ in QUESTIONS} == set(queries.named_queries())


@pytest.mark.parametrize(
    ("name", "params"), QUESTIONS, ids=[f"{n}-{next(iter(p.values()), '')}" for n, p in QUESTIONS]
)
def test_named_queries_answer_as_the_embedded_store(built, name, params):
    kg, _ = corpus_graph()
    want = queries.run(kg.store, name, **params)
    got = queries.run(built, name, **params)
    assert got.variables == want.variables
    assert canonical(name, got) == canonical(name, want)


def test_the_cli_builds_queries_and_exports_through_the_server(server, built, monkeypatch, capsys):
    """`legalgraph build|query|export --store <url>` work as against a store folder."""
    for key, value in server.env.items():
        monkeypatch.setenv(key, value)
    assert (
        main(["build", str(CORPUS), "--store", server.url, "--quiet"]) == 0
    )  # already built: writes nothing
    assert "0 added, 0 replaced" in capsys.readouterr().err
    assert (
        main(
            [
                "query",
                "--name",
                "cited-by",
                "--param",
                "act=arrete:2015-12-22",
                "--store",
                server.url,
                "--format",
                "csv",
            ]
        )
        == 0
    )
    kg, _ = corpus_graph()
    want = queries.run(kg.store, "cited-by", act="arrete:2015-12-22")
    assert len(capsys.readouterr().out.strip().splitlines()) == len(want) + 1 > 1  # header + one line a row
    assert main(["export", "--format", "nq", "--store", server.url]) == 0
    assert "arrete/2015-12-22" in capsys.readouterr().out


def test_the_notebook_api_reads_a_server_url(server, built, monkeypatch):
    for key, value in server.env.items():
        monkeypatch.setenv(key, value)
    kg = legalgraph.open(server.url)
    frame = kg.named("lineage", titre="conseiller commercial")
    assert list(frame.name)[-1] == "conseiller commercial" and len(frame) == 5
    assert kg.summary()["titres"] > 10
    out = io.BytesIO()
    kg.export(out, "nq")
    assert len(out.getvalue().splitlines()) == len(built)


def test_the_store_protocol_on_the_server(server, built):
    store = server.connect()
    store.endpoints.max_update_quads = 70  # several requests per write, as with a large batch
    g1, g2 = ox.NamedNode(BASE + "graph/test-1"), ox.NamedNode(BASE + "graph/test-2")
    p = ox.NamedNode(BASE + "ontology#testValue")
    quads = [
        ox.Quad(ox.NamedNode(f"{BASE}id/test/{i}"), p, ox.Literal(f'valeur {i} « é »\n"x"'), g1)
        for i in range(250)
    ]
    before = len(store)
    try:
        store.add(quads)
        assert len(store) == before + 250 and g1 in store.graph_names()
        assert sorted(map(str, store.quads(g1))) == sorted(map(str, quads))  # literals come back exactly
        store.add_bulk([ox.Quad(q.subject, q.predicate, q.object, g2) for q in quads])
        assert len(list(store.quads(g2))) == 250
        store.replace_graph(g1, quads[:10])
        assert len(list(store.quads(g1))) == 10
        store.remove(quads[:4])
        assert len(list(store.quads(g1))) == 6
        assert store.ask("ASK { GRAPH ?g { ?s ?p ?o } }", {"g": g1, "p": p})
        store.remove_graph(g2)
        store.remove_graph(g2)  # dropping a graph that is not there is no error
        assert g2 not in store.graph_names()
        out = io.BytesIO()
        store.dump(out, ox.RdfFormat.N_TRIPLES, graph=g1)
        assert len(out.getvalue().splitlines()) == 6
    finally:
        store.remove_graph(g1)
        store.remove_graph(g2)
    assert len(store) == before
    assert DERIVED_GRAPH in store.graph_names()


def test_a_failed_query_names_the_server_and_the_reason(server):
    store = server.connect()
    with pytest.raises(LegalgraphError) as failed:
        store.select("SELECT ?x WHERE { ?x ?y }")
    assert "SPARQL query failed: HTTP 400" in str(failed.value) and store.url in str(failed.value)


def test_a_server_that_is_not_there_is_a_clear_error():
    with pytest.raises(LegalgraphError, match="cannot reach the SPARQL server"):
        open_store("http://127.0.0.1:9/sparql")


def test_a_url_that_went_through_pathlib_still_opens_the_server(server):
    mangled = Path(server.url)  # what `--store` of `legalgraph watch` makes of it: http:/127.0.0.1:…
    assert str(mangled).startswith("http:/1") and normalize_url(mangled) == server.url


def test_the_nightly_job_runs_against_the_server(server, built, tmp_path, monkeypatch):
    """`legalgraph watch --store <url>`: new texts in, deleted texts out, a second run finds nothing new."""
    for key, value in server.env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(
        tmp_path
    )  # for a server, the job keeps its state in the working directory, named after it
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    write_archive(mirror, f"JORFSIMPLE_{NIGHT}.tar.gz", night_members())
    write_archive(mirror, f"JORFSIMPLE_{EVENING}.tar.gz", deletion_members(EVENING, wrapped_id(2)))
    write_index(mirror)
    with serve(mirror) as (source, _):
        assert main(["watch", "--source", source, "--store", server.url, "--timeout", "5"]) == 0
        assert (
            main(["watch", "--source", source, "--store", server.url, "--timeout", "5"]) == 3
        )  # nothing new
    store = server.connect()
    keys = {
        row[0].value
        for row in store.select(f"SELECT ?key WHERE {{ GRAPH ?g {{ ?g <{BASE}ontology#sourceKey> ?key }} }}")
    }
    assert any(k.endswith(wrapped_id(1)) for k in keys) and not any(k.endswith(wrapped_id(2)) for k in keys)
    assert list(tmp_path.glob("legalgraph-watch-127.0.0.1_*.json"))


def test_virtuoso_cuts_long_answers_and_the_store_refuses_them():
    with virtuoso_server(max_rows=10) as v:
        store = RemoteStore.connect(v.url, user=v.user, password=v.password)
        store.add(
            [
                ox.Quad(
                    ox.NamedNode(f"{BASE}id/t/{i}"),
                    ox.NamedNode(f"{BASE}ontology#v"),
                    ox.Literal(str(i)),
                    ox.NamedNode(BASE + "graph/t"),
                )
                for i in range(30)
            ]
        )
        with pytest.raises(LegalgraphError, match="cut the answer at 10 rows"):
            store.select(f"SELECT ?s WHERE {{ ?s <{BASE}ontology#v> ?o }}")
        anonymous = requests.post(v.public_url, data={"update": "DROP SILENT GRAPH <urn:x>"})
        assert anonymous.status_code >= 400  # anonymous users cannot write: updates go through /sparql-auth


def test_legalgraph_serve_cuts_anonymous_answers_not_the_token_holders(tmp_path):
    store_path = empty_store_on_disk(tmp_path / "store")
    with legalgraph_server(
        store_path, "--allow-update", "--max-rows", "5", env={"LEGALGRAPH_UPDATE_TOKEN": TOKEN}
    ) as url:
        writer = RemoteStore.connect(url, token=TOKEN)
        writer.add(
            [
                ox.Quad(
                    ox.NamedNode(f"{BASE}id/t/{i}"),
                    ox.NamedNode(f"{BASE}ontology#v"),
                    ox.Literal(str(i)),
                    ox.NamedNode(BASE + "graph/t"),
                )
                for i in range(8)
            ]
        )
        query = f"SELECT ?s WHERE {{ ?s <{BASE}ontology#v> ?o }}"
        assert len(writer.select(query)) == 8
        with pytest.raises(LegalgraphError, match="cut the answer at 5 rows"):
            RemoteStore.connect(url).select(query)
        with pytest.raises(LegalgraphError, match="HTTP 401"):
            RemoteStore.connect(url, token="wrong").remove_graph(ox.NamedNode(BASE + "graph/t"))


def test_credentials_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("LEGALGRAPH_SPARQL_TOKEN", "abc")
    with serve(tmp_path) as (url, _):
        store = RemoteStore.connect(url)
    assert store.session.headers["Authorization"] == "Bearer abc"
