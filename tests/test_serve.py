"""`legalgraph serve`: the SPARQL 1.1 Protocol, content negotiation, CORS, updates, limits — on the corpus graph,
with the endpoint running in this process on a loopback port."""

from __future__ import annotations

import csv
import io
import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

from legalgraph import queries
from legalgraph.graph.namespaces import CODES_GRAPH, PREFIXES, sparql_prefixes
from legalgraph.serve.formats import choose
from legalgraph.store.base import Solutions
from tests.support.answers import canonical
from tests.support.endpoint import running, serving
from tests.support.graphkit import corpus_graph
from tests.support.servers import corpus_store_on_disk, empty_store_on_disk

SELECT = "SELECT ?act ?date ?title WHERE { ?act a eli:LegalResource ; eli:date_document ?date ; rdfs:label ?title }"
# One row every ~0.1 s: each row scans the whole store for a value that is never there.
SLOW = (
    'SELECT ?a WHERE { ?a ?b ?c FILTER NOT EXISTS { ?x ?y ?z FILTER(STR(?z) = CONCAT(STR(?c), "-never")) } }'
)
JSON, XML, CSV, TSV = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory) -> Path:
    """The corpus graph built into an on-disk store of its own (the server's workers open it read-only)."""
    return corpus_store_on_disk(tmp_path_factory.mktemp("serve") / "store")


@pytest.fixture(scope="module")
def endpoint(corpus_store) -> Iterator[str]:
    with running(corpus_store) as url:
        yield url


def expected(query: str) -> list[tuple]:
    """The answer of the embedded store, as sorted tuples of N-Triples terms."""
    kg, _ = corpus_graph()
    return sorted(tuple(map(str, row)) for row in kg.store.select(sparql_prefixes() + query))


def rows_of(body: bytes, fmt: ox.QueryResultsFormat) -> list[tuple]:
    results = ox.parse_query_results(body, fmt)
    n = len(results.variables)
    return sorted(tuple(str(s[i]) for i in range(n)) for s in results)


# -- the protocol -------------------------------------------------------------------------------------------


def test_get_post_urlencoded_and_post_direct_give_the_same_answer(endpoint):
    get = requests.get(endpoint + "/sparql", params={"query": SELECT})
    form = requests.post(endpoint + "/sparql", data={"query": SELECT})
    direct = requests.post(
        endpoint + "/sparql", data=SELECT.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert get.status_code == form.status_code == direct.status_code == 200
    assert get.content == form.content == direct.content
    assert rows_of(get.content, ox.QueryResultsFormat.JSON) == expected(SELECT)
    assert len(expected(SELECT)) > 20


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        (JSON, ox.QueryResultsFormat.JSON),
        (XML, ox.QueryResultsFormat.XML),
        (TSV, ox.QueryResultsFormat.TSV),
    ],
)
def test_select_results_in_each_format_read_back_to_the_embedded_answer(endpoint, accept, fmt):
    r = requests.get(endpoint + "/sparql", params={"query": SELECT}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith(accept)
    assert rows_of(r.content, fmt) == expected(SELECT)


def test_csv_results_hold_plain_values(endpoint):
    kg, _ = corpus_graph()
    r = requests.get(endpoint + "/sparql", params={"query": SELECT}, headers={"Accept": CSV})
    assert r.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode())))
    assert rows[0] == ["act", "date", "title"]
    want = sorted((a.value, d.value, t.value) for a, d, t in kg.store.select(sparql_prefixes() + SELECT))
    assert sorted(map(tuple, rows[1:])) == want


def test_ask_in_json_and_xml(endpoint):
    yes = requests.get(endpoint + "/sparql", params={"query": "ASK { ?x a lg:TitreProfessionnel }"})
    no = requests.get(
        endpoint + "/sparql", params={"query": "ASK { ?x a lg:Nothing }"}, headers={"Accept": XML}
    )
    assert yes.json() == {"head": {}, "boolean": True}
    assert bool(ox.parse_query_results(no.content, ox.QueryResultsFormat.XML)) is False


CONSTRUCT = "CONSTRUCT { ?act rdfs:label ?title ; eli:date_document ?d } WHERE { ?act rdfs:label ?title ; eli:date_document ?d }"


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_construct_in_each_rdf_format_reads_back_to_the_same_triples(endpoint, corpus_store, accept, fmt):
    r = requests.post(endpoint + "/sparql", data={"query": CONSTRUCT}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith(accept)
    got = {q.triple for q in ox.parse(r.content, fmt)}
    store = ox.Store.read_only(str(corpus_store))
    want = set(store.query(CONSTRUCT, prefixes=PREFIXES, use_default_graph_as_union=True))
    assert got == want and len(want) > 20


def test_describe_gives_the_triples_of_a_resource(endpoint):
    act = "https://w3id.org/legalgraph/id/act/arrete/2015-12-22/conditions-delivrance-titre-professionnel"
    r = requests.get(endpoint + "/sparql", params={"query": f"DESCRIBE <{act}>"})
    assert r.headers["Content-Type"].startswith("text/turtle")
    triples = list(ox.parse(r.content, ox.RdfFormat.TURTLE))
    assert triples and all(t.subject == ox.NamedNode(act) for t in triples)


def test_default_and_named_graph_parameters_set_the_dataset(endpoint):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    union = requests.get(endpoint + "/sparql", params={"query": count}).json()
    codes = requests.get(
        endpoint + "/sparql", params={"query": count, "default-graph-uri": CODES_GRAPH.value}
    ).json()
    n = lambda answer: int(answer["results"]["bindings"][0]["n"]["value"])  # noqa: E731
    assert 0 < n(codes) < n(union)
    graphs = requests.get(
        endpoint + "/sparql",
        params={
            "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
            "named-graph-uri": CODES_GRAPH.value,
        },
    ).json()
    assert [b["g"]["value"] for b in graphs["results"]["bindings"]] == [CODES_GRAPH.value]


# -- content negotiation ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, JSON),
        ("*/*", JSON),
        ("text/csv;q=0.5, application/sparql-results+xml", XML),
        ("application/json", JSON),
        ("text/*", CSV),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", XML),  # a browser
        ("application/sparql-results+json;q=0, */*;q=0.1", XML),
        ("image/png", None),
    ],
)
def test_accept_header_picks_a_results_format(accept, chosen):
    assert choose(accept, [JSON, XML, CSV, TSV]) == chosen


def test_format_parameter_overrides_accept_and_unacceptable_answers_are_406(endpoint):
    r = requests.get(
        endpoint + "/sparql", params={"query": SELECT, "format": "tsv"}, headers={"Accept": JSON}
    )
    assert r.headers["Content-Type"].startswith(TSV)
    r = requests.get(endpoint + "/sparql", params={"query": SELECT}, headers={"Accept": "image/png"})
    assert r.status_code == 406 and "application/sparql-results+json" in r.text
    r = requests.get(endpoint + "/sparql", params={"query": CONSTRUCT}, headers={"Accept": CSV})
    assert r.status_code == 406 and "text/turtle" in r.text
    # SPARQLWrapper's way: several values, not all of them fit; none fits → the Accept header decides.
    r = requests.get(
        endpoint + "/sparql", params={"query": CONSTRUCT, "format": ["xml", "application/rdf+xml"]}
    )
    assert r.headers["Content-Type"].startswith("application/rdf+xml")
    r = requests.get(endpoint + "/sparql", params={"query": SELECT, "format": ["yaml", "text/csv"]})
    assert r.headers["Content-Type"].startswith(CSV)
    r = requests.get(
        endpoint + "/sparql", params={"query": SELECT, "format": "yaml"}, headers={"Accept": XML}
    )
    assert r.headers["Content-Type"].startswith(XML)


# -- errors -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "kw", "status", "words"),
    [
        ("get", {"params": {"query": "SELECT WHERE {"}}, 400, "SPARQL syntax error"),
        ("post", {"data": {"nothing": "here"}}, 400, "exactly one query or one update"),
        (
            "post",
            {"data": {"query": "ASK {}", "update": "CLEAR ALL"}},
            400,
            "exactly one query or one update",
        ),
        (
            "post",
            {"data": b"ASK {}", "headers": {"Content-Type": "text/plain"}},
            415,
            "application/sparql-query",
        ),
        ("get", {"params": {"update": "CLEAR ALL"}}, 405, "POST"),
        ("get", {"params": {"query": "ASK {}", "default-graph-uri": "not an iri"}}, 400, "not an IRI"),
    ],
)
def test_bad_requests_get_a_status_and_a_readable_reason(endpoint, method, kw, status, words):
    r = getattr(requests, method)(endpoint + "/sparql", **kw)
    assert r.status_code == status and words in r.text
    assert r.headers["Content-Type"].startswith("text/plain")


def test_unknown_path_and_method(endpoint):
    assert requests.get(endpoint + "/nothing").status_code == 404
    assert requests.put(endpoint + "/sparql", data=b"x").status_code == 501


def test_oversized_body_is_refused_before_it_is_read(corpus_store):
    with running(corpus_store, max_body_bytes=1000) as url:
        r = requests.post(url + "/sparql", data={"query": "ASK {}" + " " * 2000})
    assert r.status_code == 413 and "1000 bytes" in r.text


def test_a_kept_alive_connection_survives_errors(endpoint):
    with requests.Session() as s:
        assert (
            s.post(endpoint + "/", data=b"x" * 5000).status_code == 405
        )  # body never read: connection closed
        assert s.get(endpoint + "/sparql", params={"query": "SELEC"}).status_code == 400
        assert s.post(endpoint + "/sparql", data={"query": "ASK {}"}).status_code == 200
        assert s.get(endpoint + "/nowhere").status_code == 404
        assert s.get(endpoint + "/sparql", params={"query": "ASK {}"}).json()["boolean"] is True


# -- CORS -----------------------------------------------------------------------------------------------------------


def test_cors_headers_and_preflight(endpoint):
    r = requests.get(
        endpoint + "/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://example.org"}
    )
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert "X-SPARQL-MaxRows" in r.headers["Access-Control-Expose-Headers"]
    pre = requests.options(
        endpoint + "/sparql",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert pre.status_code == 204
    assert "POST" in pre.headers["Access-Control-Allow-Methods"]
    assert pre.headers["Access-Control-Allow-Headers"] == "Accept, Content-Type"  # never Authorization


def test_cors_can_be_limited_to_one_origin_or_turned_off(corpus_store):
    with running(corpus_store, cors_origin="https://analysts.example") as url:
        r = requests.get(url + "/sparql", params={"query": "ASK {}"})
        assert r.headers["Access-Control-Allow-Origin"] == "https://analysts.example"
    with running(corpus_store, cors_origin="") as url:
        assert (
            "Access-Control-Allow-Origin"
            not in requests.get(url + "/sparql", params={"query": "ASK {}"}).headers
        )


# -- updates --------------------------------------------------------------------------------------------------------

INSERT = 'INSERT DATA { GRAPH <https://w3id.org/legalgraph/graph/test> { lgid:x rdfs:label "ajouté" } }'
ASK_INSERTED = 'ASK { lgid:x rdfs:label "ajouté" }'


def test_updates_are_refused_by_a_read_only_endpoint(endpoint):
    r = requests.post(endpoint + "/sparql", data={"update": INSERT})
    assert r.status_code == 403 and "--allow-update" in r.text
    assert requests.get(endpoint + "/sparql", params={"query": ASK_INSERTED}).json()["boolean"] is False


def test_updates_need_the_bearer_token(tmp_path):
    with running(empty_store_on_disk(tmp_path / "store"), allow_update=True, token="s3cret") as url:
        direct = {"Content-Type": "application/sparql-update"}
        r = requests.post(url + "/sparql", data=INSERT.encode(), headers=direct)
        assert r.status_code == 401 and r.headers["WWW-Authenticate"].startswith("Bearer")
        r = requests.post(
            url + "/sparql", data=INSERT.encode(), headers={**direct, "Authorization": "Bearer wrong"}
        )
        assert r.status_code == 401
        assert requests.get(url + "/sparql", params={"query": ASK_INSERTED}).json()["boolean"] is False
        r = requests.post(
            url + "/sparql", data=INSERT.encode(), headers={**direct, "Authorization": "Bearer s3cret"}
        )
        assert r.status_code == 204
        assert requests.get(url + "/sparql", params={"query": ASK_INSERTED}).json()["boolean"] is True
        r = requests.post(
            url + "/sparql", data={"update": "CLEAR ALL"}, headers={"Authorization": "Bearer s3cret"}
        )
        assert r.status_code == 204
        assert requests.get(url + "/sparql", params={"query": ASK_INSERTED}).json()["boolean"] is False
        r = requests.post(
            url + "/sparql", data={"update": "INSERT DATA {"}, headers={"Authorization": "Bearer s3cret"}
        )
        assert r.status_code == 400 and "syntax error" in r.text


# -- limits ---------------------------------------------------------------------------------------------------------


def test_answers_stop_at_the_row_limit_and_say_so(corpus_store):
    with running(corpus_store, max_rows=5) as url:
        cut = requests.get(url + "/sparql", params={"query": SELECT})
        exact = requests.get(url + "/sparql", params={"query": SELECT + " LIMIT 5"})
        graph = requests.get(
            url + "/sparql", params={"query": CONSTRUCT}, headers={"Accept": "application/n-triples"}
        )
    assert cut.status_code == 200 and cut.headers["X-SPARQL-MaxRows"] == "5"
    assert len(cut.json()["results"]["bindings"]) == 5
    assert "X-SPARQL-MaxRows" not in exact.headers and len(exact.json()["results"]["bindings"]) == 5
    assert graph.headers["X-SPARQL-MaxRows"] == "5" and len(graph.content.splitlines()) == 5


def test_the_holder_of_the_update_token_gets_whole_answers(corpus_store):
    with running(corpus_store, max_rows=5, allow_update=True, token="t") as url:
        whole = requests.get(url + "/sparql", params={"query": SELECT}, headers={"Authorization": "Bearer t"})
        cut = requests.get(url + "/sparql", params={"query": SELECT}, headers={"Authorization": "Bearer x"})
    assert "X-SPARQL-MaxRows" not in whole.headers and len(whole.json()["results"]["bindings"]) > 20
    assert cut.headers["X-SPARQL-MaxRows"] == "5"


def test_a_query_past_the_time_limit_gets_504_and_stops(corpus_store):
    with running(corpus_store, timeout=1.0, workers=1) as url:
        started = time.monotonic()
        r = requests.get(url + "/sparql", params={"query": SLOW})
        assert r.status_code == 504 and "time-out" in r.text and "1 s" in r.text
        assert time.monotonic() - started < 3
        # The one worker was freed: the abandoned query stopped at its next row.
        r = requests.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert r.status_code == 200 and time.monotonic() - started < 4


def test_no_free_worker_gets_503_with_retry_after(corpus_store):
    with serving(corpus_store, timeout=0.5, workers=1) as server:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        pool = server.service.pool
        # The worker opens the store first, given time: the last query below then fits 0.5 s on a loaded machine.
        with (
            socket.create_server(("127.0.0.1", 0)) as listening,
            socket.create_connection(listening.getsockname()) as client,
        ):
            client.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: localhost\r\n\r\n")
            ours, _ = listening.accept()
            with ours:
                assert pool.run(ours, timeout=60)  # answered, the connection kept
            assert client.recv(100).startswith(b"HTTP/1.1 200")
        worker = pool._idle.get(timeout=5)  # the one worker, taken as a long query would hold it
        try:
            busy = requests.get(url + "/sparql", params={"query": "ASK {}"})
            assert busy.status_code == 503 and busy.headers["Retry-After"] and "busy" in busy.text
        finally:
            pool._idle.put(worker)
        assert requests.get(url + "/sparql", params={"query": "ASK {}"}).status_code == 200


# -- named queries and the page ---------------------------------------------------------------------------------


def test_named_queries_are_listed_with_their_parameters(endpoint):
    listed = requests.get(endpoint + "/queries").json()
    names = {q["name"]: q for q in listed["queries"]}
    assert set(names) == set(queries.named_queries())
    assert names["cited-by"]["params"][0]["name"] == "act" and names["cited-by"]["sparql"].strip()
    assert listed["prefixes"]["eli"] == PREFIXES["eli"]


def test_a_named_query_answers_like_the_library(endpoint):
    kg, _ = corpus_graph()
    r = requests.get(endpoint + "/queries/cited-by", params={"act": "arrete:2015-12-22"})
    assert r.status_code == 200
    got = ox.parse_query_results(r.content, ox.QueryResultsFormat.JSON)
    n = len(got.variables)
    got = Solutions([v.value for v in got.variables], [tuple(s[i] for i in range(n)) for s in got])
    want = queries.run(kg.store, "cited-by", act="arrete:2015-12-22")
    assert canonical("cited-by", got) == canonical("cited-by", want)  # the same rows, in the same order
    csv_answer = requests.get(
        endpoint + "/queries/lineage", params={"titre": "conseiller commercial", "format": "csv"}
    )
    assert csv_answer.text.startswith("work,rank,date")


def test_named_query_errors(endpoint):
    assert requests.get(endpoint + "/queries/nope").status_code == 404
    r = requests.get(endpoint + "/queries/cited-by")
    assert r.status_code == 400 and "--param act" in r.text
    r = requests.get(endpoint + "/queries/titres-by-level", params={"level": "douze"})
    assert r.status_code == 400 and "not a level" in r.text


def test_the_page_is_served_at_the_root_and_at_the_endpoint(endpoint):
    for path in ("/", "/sparql"):
        r = requests.get(endpoint + path, headers={"Accept": "text/html"})
        assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
        assert "<title>legalgraph" in r.text and "Content-Security-Policy" in r.headers


def test_the_server_names_itself(endpoint):
    assert (
        requests.get(endpoint + "/sparql", params={"query": "ASK {}"})
        .headers["Server"]
        .startswith("legalgraph/")
    )


def test_json_results_are_compact_and_utf8(endpoint):
    r = requests.get(
        endpoint + "/sparql",
        params={"query": 'SELECT ?l WHERE { ?x rdfs:label ?l FILTER(CONTAINS(?l, "é")) } LIMIT 1'},
    )
    assert "é" in r.content.decode("utf-8") and "\n" not in r.text
    json.loads(r.content)


@pytest.mark.parametrize(
    "text",
    [
        "query=" + requests.utils.quote('SELECT ?x WHERE { ?x rdfs:label "é \\\\ % + \\n" }', safe=""),
        "a+b=c+d&a=%2B&empty=&flag",
        "x=%zz%4&y=%C3%A9%",  # malformed escapes are kept as they are
        "x=\\x41&y=%5Cx41&z=\\\\",  # backslashes are text, never escapes
        "=v&&k=",
    ],
)
def test_parameters_are_decoded_as_the_standard_library_does(text):
    from urllib.parse import parse_qs

    from legalgraph.serve.app import _params

    assert _params(text) == parse_qs(text, keep_blank_values=True, errors="strict")


def test_parameters_that_are_not_utf8_are_a_400():
    from legalgraph.serve.app import HttpError, _params

    with pytest.raises(HttpError) as caught:
        _params("query=%E9t%E9")
    assert caught.value.status == 400 and "unreadable parameters" in caught.value.message
