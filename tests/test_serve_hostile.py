"""`legalgraph serve` under hostile and faulty requests (issue 12): it never reaches where it should not, never
runs a cut request, never holds a worker or memory for a query nobody waits for. Loopback only."""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox
import pytest
import requests

from legalgraph.serve import fetches
from tests.support.endpoint import running, serving
from tests.support.proctree import descendants, status_kb, tree_rss_mb
from tests.support.recorder import SECRET, recording
from tests.support.servers import corpus_store_on_disk, empty_store_on_disk, legalgraph_server_process

TOKEN = "hostile-token"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
# Every triple three times over, sorted: the rows (and the sort's memory) grow without bound.
CROSS_JOIN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
# One row every ~0.1 s and little memory: each row scans the store for a value that is never there.
SLOW = (
    'SELECT ?a WHERE { ?a ?b ?c FILTER NOT EXISTS { ?x ?y ?z FILTER(STR(?z) = CONCAT(STR(?c), "-never")) } }'
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return corpus_store_on_disk(tmp_path_factory.mktemp("hostile") / "store")


@pytest.fixture(scope="module")
def endpoint(corpus) -> Iterator[str]:
    with running(corpus, timeout=5.0, workers=2) as url:
        yield url


@pytest.fixture
def writable(tmp_path) -> Iterator[str]:
    """A writable endpoint holding one triple (``ASK_KEPT``)."""
    with running(
        empty_store_on_disk(tmp_path / "store"), allow_update=True, token=TOKEN, read_timeout=1.0, workers=2
    ) as url:
        r = requests.post(url + "/sparql", data={"update": INSERT_KEPT}, headers=BEARER)
        assert r.status_code == 204 and ask(url, ASK_KEPT)
        yield url


INSERT_KEPT = (
    "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/s> <http://example.org/p> 1 } }"
)
ASK_KEPT = "ASK { <http://example.org/s> <http://example.org/p> 1 }"


def ask(url: str, query: str) -> bool:
    r = requests.get(url + "/sparql", params={"query": query}, timeout=10)
    assert r.status_code == 200, r.text
    return r.json()["boolean"]


def raw(url: str, data: bytes, *, close_write: bool = True, wait: float = 10.0) -> tuple[int, bytes]:
    """Send ``data`` as is on a new connection; the status and body of the answer (0 if none)."""
    host, port = urlsplit(url).hostname, urlsplit(url).port
    with socket.create_connection((host, port), timeout=wait) as s:
        s.sendall(data)
        if close_write:
            s.shutdown(socket.SHUT_WR)
        answer = b""
        try:
            while chunk := s.recv(65536):
                answer += chunk
        except (TimeoutError, ConnectionResetError):
            pass
    if not answer.startswith(b"HTTP/"):
        return 0, answer
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def post_head(path: str, length: int, content_type: str, extra: str = "") -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {length}\r\n{extra}\r\n"
    ).encode()


def abandon(url: str, query: str, after: float) -> None:
    """Send ``query`` and close the connection after ``after`` seconds without reading the answer."""
    host, port = urlsplit(url).hostname, urlsplit(url).port
    with socket.create_connection((host, port), timeout=5) as s:
        s.sendall(f"GET /sparql?{urlencode({'query': query})} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        time.sleep(after)


# -- SSRF: SERVICE and LOAD -------------------------------------------------------------------------------------

REFUSED_QUERIES = {
    "plain": "SELECT * WHERE { SERVICE <{u}/sparql> { ?s ?p ?o } }",
    "mixed case": "SELECT * WHERE { SeRvIcE <{u}/sparql> { ?s ?p ?o } }",
    "silent": "SELECT * WHERE { SERVICE SILENT <{u}/sparql> { ?s ?p ?o } }",
    "no spaces": "SELECT * WHERE { SERVICESILENT<{u}/sparql>{ ?s ?p ?o } }",
    "after a comment line": "SELECT * WHERE { # SERVICE is off?\n SERVICE <{u}/sparql> { ?s ?p ?o } }",
    "empty prefix": "PREFIX : <{u}/> SELECT * WHERE { SERVICE:sparql { ?s ?p ?o } }",
    "escaped IRI": r"SELECT * WHERE { SERVICE <{u}/\u0073parql> { ?s ?p ?o } }",
    "variable": "SELECT * WHERE { VALUES ?e { <{u}/sparql> } SERVICE ?e { ?s ?p ?o } }",
    "subquery": "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <{u}/sparql> { ?s ?p ?o } } } }",
    "optional": "SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE <{u}/sparql> { ?s ?p ?o } } } LIMIT 1",
    "union": "SELECT * WHERE { { ?a ?b ?c } UNION { SERVICE <{u}/sparql> { ?s ?p ?o } } } LIMIT 1",
    "ask": "ASK { SERVICE <{u}/sparql> { ?s ?p ?o } }",
}
REFUSED_UPDATES = {
    "load": "LOAD <{u}/data.ttl>",
    "load silent into": "LOAD SILENT <{u}/data.ttl> INTO GRAPH <http://example.org/g>",
    "load after another": "CLEAR SILENT GRAPH <http://example.org/x> ;LOAD<{u}/data.ttl>",
    "service in where": "INSERT { ?s ?p ?o } WHERE { SERVICE <{u}/sparql> { ?s ?p ?o } }",
}
HARMLESS = {
    "in a string": 'ASK { ?s ?p "SERVICE <{u}/sparql> { }" }',
    "in a long string": "ASK { ?s ?p '''LOAD <{u}/data.ttl>''' }",
    "in a comment": "ASK { ?s ?p ?o } # SERVICE <{u}/sparql> { ?s ?p ?o }",
    "in an IRI": "ASK { <{u}/SERVICE> ?p ?o }",
    "in variable names": "SELECT ?service ?loaded WHERE { ?service ?loaded ?o } LIMIT 1",
}


@pytest.mark.parametrize("name", REFUSED_QUERIES)
def test_service_in_a_query_is_refused_before_anything_is_fetched(endpoint, name):
    with recording() as target:
        query = REFUSED_QUERIES[name].replace("{u}", target.url)
        r = requests.post(endpoint + "/sparql", data={"query": query}, timeout=10)
        assert r.status_code == 400 and "refused" in r.text and "SERVICE" in r.text.upper(), r.text
        assert target.hits == []


@pytest.mark.parametrize("name", REFUSED_UPDATES)
def test_load_and_service_in_an_update_are_refused(writable, name):
    with recording() as target:
        update = REFUSED_UPDATES[name].replace("{u}", target.url)
        r = requests.post(writable + "/sparql", data={"update": update}, headers=BEARER, timeout=10)
        assert r.status_code == 400 and "refused" in r.text, r.text
        assert target.hits == []
    assert ask(writable, ASK_KEPT)  # the update did not run (CLEAR … ; LOAD is one request)


@pytest.mark.parametrize("name", HARMLESS)
def test_the_words_in_strings_comments_iris_and_names_are_not_refused(endpoint, name):
    with recording() as target:
        query = HARMLESS[name].replace("{u}", target.url)
        r = requests.post(endpoint + "/sparql", data={"query": query}, timeout=10)
        assert r.status_code == 200, r.text
        assert target.hits == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://sparql.example.org/sparql", True),
        ("http://sparql.example.org/sparql/", True),
        ("http://sparql.example.org/sparql?query=x", True),
        ("http://sparql.example.org/sparql-admin", False),  # a prefix is a path, not a string
        ("https://sparql.example.org/sparql", False),  # another scheme
        ("http://sparql.example.org:8080/sparql", False),  # another port
        ("http://sparql.example.org@169.254.169.254/sparql", False),  # user info naming the allowed host
        ("http://169.254.169.254/latest/meta-data/", False),
        ("http://wikidata.example/any/path", True),  # a host name: any path on it
        ("http://wikidata.example.evil.example/", False),
        ("ftp://wikidata.example/", False),
        ("file:///etc/passwd", False),
    ],
)
def test_allow_service_entries_are_hosts_or_url_prefixes(url, expected):
    assert fetches.allowed(url, ["http://sparql.example.org/sparql", "wikidata.example"]) is expected


def test_federation_reaches_allowed_endpoints_only_within_the_time_out(corpus):
    with recording() as remote, recording() as other:
        allowed = remote.url + "/sparql"
        with running(corpus, allow_service=(allowed,), timeout=2.0, workers=1) as url:
            query = "SELECT ?x WHERE { SERVICE <%s> { ?x ?p ?o } }"
            remote.mode = "answer"
            r = requests.post(url + "/sparql", data={"query": query % allowed}, timeout=10)
            assert r.status_code == 200 and "remote" in r.text and len(remote.hits) == 1
            for elsewhere in (remote.url + "/sparql-other", remote.url + "/", other.url + "/sparql"):
                r = requests.post(url + "/sparql", data={"query": query % elsewhere}, timeout=10)
                assert r.status_code == 400 and "not an endpoint this server may call" in r.text
            assert len(remote.hits) == 1 and other.hits == []
            # A failing remote: its answer body is never passed on.
            remote.mode = "fail"
            r = requests.post(url + "/sparql", data={"query": query % allowed}, timeout=10)
            assert r.status_code == 502 and SECRET.decode() not in r.text
            # A remote that never answers: the query time-out stops the call, and the worker is free again.
            remote.mode = "hang"
            started = time.monotonic()
            r = requests.post(url + "/sparql", data={"query": query % allowed}, timeout=10)
            assert r.status_code == 504 and time.monotonic() - started < 4
            assert ask(url, "ASK { ?s ?p ?o }") and time.monotonic() - started < 6


# -- bodies ---------------------------------------------------------------------------------------------------

CUT_UPDATE = b"DROP ALL ; INSERT DATA { <http://example.org/a> <http://example.org/b> 2 }"


@pytest.mark.parametrize("close_write", [True, False], ids=["client closes", "client stalls"])
def test_a_cut_update_is_not_run(writable, close_write):
    head = post_head(
        "/sparql", len(CUT_UPDATE), "application/sparql-update", f"Authorization: Bearer {TOKEN}\r\n"
    )
    status, body = raw(writable, head + CUT_UPDATE[:8], close_write=close_write)  # "DROP ALL": valid alone
    assert status == 400 and b"cut" in body
    assert ask(writable, ASK_KEPT)


def test_a_cut_form_update_is_not_run(writable):
    form = urlencode({"update": CUT_UPDATE.decode()}).encode()
    cut = urlencode({"update": "DROP ALL"}).encode()
    head = post_head(
        "/sparql", len(form), "application/x-www-form-urlencoded", f"Authorization: Bearer {TOKEN}\r\n"
    )
    status, body = raw(writable, head + cut)
    assert status == 400 and b"cut" in body
    assert ask(writable, ASK_KEPT)


def test_chunked_and_length_less_bodies_are_refused_and_not_run(writable):
    auth = f"Authorization: Bearer {TOKEN}\r\n"
    chunked = (
        "POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-update\r\n"
        f"Transfer-Encoding: chunked\r\n{auth}\r\n8\r\nDROP ALL\r\n0\r\n\r\n"
    ).encode()
    status, body = raw(writable, chunked)
    assert status == 411 and b"chunked" in body
    no_length = f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-update\r\n{auth}\r\nDROP ALL"
    status, body = raw(writable, no_length.encode())
    assert status == 411 and b"Content-Length" in body
    assert ask(writable, ASK_KEPT)


def test_query_bodies_are_limited_by_default_and_the_token_holder_gets_more(writable):
    big = "ASK {}" + " " * (1024 * 1024)
    r = requests.post(
        writable + "/sparql", data=big.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert r.status_code == 413 and "--max-body-bytes" in r.text
    r = requests.post(
        writable + "/sparql",
        data=big.encode(),
        headers={"Content-Type": "application/sparql-query", **BEARER},
    )
    assert r.status_code == 200


def test_a_60_mb_body_gets_413_without_being_read(corpus):
    with legalgraph_server_process(corpus, "--workers", "1") as (url, proc):
        before = status_kb(proc.pid, "VmHWM")
        announced = 60 * 1024 * 1024
        host, port = urlsplit(url).hostname, urlsplit(url).port
        sent = 0
        with socket.create_connection((host, port), timeout=5) as s:
            s.sendall(post_head("/sparql", announced, "application/sparql-query"))
            chunk = b"x" * 65536
            try:
                while sent < announced:
                    s.sendall(chunk)
                    sent += len(chunk)
            except OSError:  # the server answered and closed the connection
                pass
            answer = b""
            try:
                while part := s.recv(65536):
                    answer += part
            except OSError:
                pass
        assert answer.startswith(b"HTTP/1.1 413") and b"--max-body-bytes" in answer
        assert sent < announced // 4  # it stopped reading long before the end
        assert status_kb(proc.pid, "VmHWM") - before < 20 * 1024  # peak memory: under 20 MB more


# -- runaway queries ------------------------------------------------------------------------------------------


def test_abandoned_pathological_queries_free_their_workers_and_memory(corpus):
    with legalgraph_server_process(corpus, "--workers", "2", "--timeout", "3", "--max-memory", "1024") as (
        url,
        proc,
    ):
        for _ in range(4):  # 2 × workers
            abandon(url, CROSS_JOIN, 0.3)
        started = time.monotonic()
        r = requests.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=10)
        assert r.status_code == 200 and time.monotonic() - started < 2
        assert tree_rss_mb(proc.pid) < 2 * 1024 + 400  # each worker under its cap, the server small


def test_a_query_over_the_memory_cap_fails_and_its_worker_is_replaced(corpus):
    with running(corpus, workers=1, timeout=30.0, max_memory_mb=1024) as url:
        started = time.monotonic()
        r = requests.get(url + "/sparql", params={"query": CROSS_JOIN}, timeout=40)
        assert r.status_code == 500 and "--max-memory" in r.text
        assert time.monotonic() - started < 20
        assert ask(url, "ASK { ?s ?p ?o }")


def test_a_client_that_disconnects_cancels_its_query(corpus):
    with running(corpus, workers=1, timeout=30.0) as url:
        abandon(url, SLOW, 0.5)
        started = time.monotonic()
        r = requests.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=10)
        assert r.status_code == 200 and time.monotonic() - started < 3


def test_a_worker_killed_mid_query_gets_its_client_a_500_and_is_replaced(corpus):
    with serving(corpus, workers=1, timeout=30.0) as server:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        assert ask(url, "ASK { ?s ?p ?o }")  # the one worker is up
        (worker,) = server.service.pool._all
        answers: list[requests.Response] = []
        client = threading.Thread(
            target=lambda: answers.append(requests.get(url + "/sparql", params={"query": SLOW}, timeout=20))
        )
        client.start()
        time.sleep(0.5)
        os.kill(worker.process.pid, signal.SIGKILL)  # what the kernel's OOM killer does
        client.join(20)
        (killed,) = answers
        assert killed.status_code == 500 and "stopped its worker" in killed.text
        started = time.monotonic()
        assert ask(url, "ASK { ?s ?p ?o }")  # a new worker answers
        assert time.monotonic() - started < 5 and worker not in server.service.pool._all


def test_concurrent_clients_each_get_their_own_answer(corpus):
    """16 clients at once, each asking over its kept-alive connection how many triples one predicate has: every
    answer is the count the store itself gives for that client's predicate (the union default graph, as the
    server's)."""
    store = ox.Store.read_only(str(corpus))

    def count(p: str) -> str:
        return f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{p}> ?o }}"

    union = {"use_default_graph_as_union": True}
    predicates = [s["p"].value for s in store.query("SELECT DISTINCT ?p WHERE { ?s ?p ?o }", **union)][:16]
    expected = {p: int(next(store.query(count(p), **union))["n"].value) for p in predicates}
    del store
    assert len(set(expected.values())) > 3  # the counts tell the predicates apart
    got: dict[str, list[int]] = {p: [] for p in predicates}

    def client(p: str) -> None:
        with requests.Session() as session:  # one kept-alive connection
            for _ in range(5):
                r = session.get(endpoint + "/sparql", params={"query": count(p)}, timeout=30)
                got[p].append(
                    int(r.json()["results"]["bindings"][0]["n"]["value"]) if r.ok else -r.status_code
                )

    with running(corpus, workers=2, timeout=10.0) as endpoint:
        threads = [threading.Thread(target=client, args=(p,)) for p in predicates]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    assert got == {p: [n] * 5 for p, n in expected.items()}


def test_a_connection_asking_again_at_once_waits_behind_one_that_asked_before(corpus):
    """One worker, two kept-alive connections: while A's query runs, B asks, then A asks again. B's request came
    first and is answered first, though A's next one is already waiting when A's first answer is written (a
    client that asks again at once must not keep the workers to itself)."""
    host, port = "127.0.0.1", 0
    arrived: list[tuple[str, int]] = []  # (connection, status), in the order the answers came

    def get(query: str) -> bytes:
        return f"GET /sparql?{urlencode({'query': query})} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()

    def read(name: str, sock: socket.socket, answers: int) -> None:
        with sock.makefile("rb") as f:
            for _ in range(answers):
                status = int(f.readline().split()[1])
                length = 0
                while (line := f.readline()) not in (b"\r\n", b""):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                f.read(length)
                arrived.append((name, status))

    with running(corpus, workers=1, timeout=30.0) as url:
        port = urlsplit(url).port
        assert ask(url, "ASK { ?s ?p ?o }")  # the worker is up
        with socket.create_connection((host, port)) as a, socket.create_connection((host, port)) as b:
            readers = [
                threading.Thread(target=read, args=("A", a, 2)),
                threading.Thread(target=read, args=("B", b, 1)),
            ]
            for t in readers:
                t.start()
            a.sendall(get(SLOW + " LIMIT 5"))  # ~0.5 s: one row every ~0.1 s
            time.sleep(0.2)
            b.sendall(get("ASK { ?s ?p ?o }"))
            time.sleep(0.1)
            a.sendall(get("ASK { ?s ?p ?o }"))  # on the socket before A's first answer is written
            for t in readers:
                t.join(30)
    assert arrived == [("A", 200), ("B", 200), ("A", 200)]


def test_sigterm_drains_then_exits_while_a_query_runs(corpus):
    with legalgraph_server_process(corpus, "--workers", "2", "--timeout", "60", "--drain", "1") as (
        url,
        proc,
    ):
        children = descendants(proc.pid)
        assert len(children) >= 3  # the fork server and two workers
        client = threading.Thread(target=abandon, args=(url, SLOW, 8.0), daemon=True)
        client.start()
        time.sleep(0.5)
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        proc.wait(10)
        assert time.monotonic() - started < 5
        deadline = time.monotonic() + 5
        while any(Path(f"/proc/{pid}").exists() for pid in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(Path(f"/proc/{pid}").exists() for pid in children)


def test_every_worker_sees_each_committed_update(tmp_path):
    store = empty_store_on_disk(tmp_path / "store")
    with running(store, allow_update=True, token=TOKEN, workers=3) as url:
        count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

        def counts() -> set[int]:
            with requests.Session() as s:
                answers = [s.get(url + "/sparql", params={"query": count}).json() for _ in range(9)]
            return {int(a["results"]["bindings"][0]["n"]["value"]) for a in answers}

        assert counts() == {0}
        for n in (1, 2, 3):
            update = f"INSERT DATA {{ GRAPH <http://example.org/g> {{ <http://example.org/s{n}> <http://example.org/p> {n} }} }}"
            assert requests.post(url + "/sparql", data={"update": update}, headers=BEARER).status_code == 204
            assert counts() == {n}
        update = "DELETE WHERE { GRAPH ?g { <http://example.org/s1> ?p ?o } }"
        assert requests.post(url + "/sparql", data={"update": update}, headers=BEARER).status_code == 204
        assert counts() == {2}


# -- invalid IRIs in parameters ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/sparql", {"query": "ASK {}", "default-graph-uri": "http://a b"}),
        ("/sparql", {"query": "ASK {}", "named-graph-uri": "http://[x"}),
        ("/queries/cited-by", {"act": "http://a b"}),
        ("/queries/cited-by", {"act": "<http://a>b>"}),
        ("/queries/titres-by-rome", {"rome": "http://[x"}),
        ("/queries/titres-by-level", {"level": "https://a\u0000b"}),
    ],
)
def test_invalid_iris_in_parameters_are_400(endpoint, path, params):
    r = requests.get(endpoint + path, params=params, timeout=10)
    assert r.status_code == 400 and "IRI" in r.text, r.text


# -- CORS and Host ----------------------------------------------------------------------------------------------


def test_no_cors_for_updates_or_the_token(writable):
    origin = {"Origin": "https://elsewhere.example"}
    pre = requests.options(
        writable + "/sparql",
        headers={
            **origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert pre.status_code == 403 and "Access-Control-Allow-Origin" not in pre.headers
    update = requests.post(writable + "/sparql", data={"update": INSERT_KEPT}, headers={**origin, **BEARER})
    assert update.status_code == 204 and "Access-Control-Allow-Origin" not in update.headers
    refused = requests.post(writable + "/sparql", data={"update": INSERT_KEPT}, headers=origin)
    assert refused.status_code == 401 and "Access-Control-Allow-Origin" not in refused.headers
    whole = requests.get(writable + "/sparql", params={"query": "ASK {}"}, headers={**origin, **BEARER})
    assert whole.status_code == 200 and "Access-Control-Allow-Origin" not in whole.headers
    query = requests.get(writable + "/sparql", params={"query": "ASK {}"}, headers=origin)
    assert query.headers["Access-Control-Allow-Origin"] == "*"  # anonymous queries stay open to pages


@pytest.mark.parametrize("path", ["/", "/sparql?query=ASK%20%7B%7D", "/queries"])
def test_a_foreign_host_header_is_refused(endpoint, path):
    port = urlsplit(endpoint).port
    r = requests.get(endpoint + path, headers={"Host": f"rebind.attacker.example:{port}"})
    assert r.status_code == 421 and "--allowed-host" in r.text
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}", "LOCALHOST"):
        assert requests.get(endpoint + path, headers={"Host": host}).status_code == 200, host


def test_the_operator_adds_host_names(corpus):
    with running(corpus, allowed_hosts=("sparql.example.org",), workers=1) as url:
        ok = requests.get(url + "/sparql", params={"query": "ASK {}"}, headers={"Host": "sparql.example.org"})
        other = requests.get(url + "/sparql", params={"query": "ASK {}"}, headers={"Host": "example.org"})
        assert ok.status_code == 200 and other.status_code == 421


def test_the_bound_address_is_an_allowed_host(corpus):
    with serving(corpus, workers=1) as server:
        assert "127.0.0.1" in server.allowed_hosts and "localhost" in server.allowed_hosts
