"""`legalgraph serve` answers the graph's IRIs (issue 11): ``GET /id/<rest>`` describes ``<base>id/<rest>`` as
Turtle, JSON-LD, N-Triples or an HTML page, by content negotiation — on the corpus graph, loopback only.
Every expectation is a SPARQL query on the store the server serves (or a named query), never the answer of
the code under test."""

from __future__ import annotations

import html
import http.client
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pyoxigraph as ox
import pytest
import rdflib
import requests

from legalgraph import queries
from legalgraph.cli import main
from legalgraph.graph.namespaces import BASE, ID, ONTOLOGY_GRAPH, sparql_prefixes
from legalgraph.serve.settings import Settings
from tests.support.endpoint import running
from tests.support.graphkit import ONTOLOGY, ROOT, corpus_graph
from tests.support.servers import corpus_store_on_disk, free_port, stop, wait_until_ready

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory) -> Path:
    return corpus_store_on_disk(tmp_path_factory.mktemp("serve-ids") / "store")


@pytest.fixture(scope="module")
def endpoint(corpus_store) -> Iterator[str]:
    with running(corpus_store) as url:
        yield url


def select(query: str) -> list[tuple]:
    kg, _ = corpus_graph()
    return list(kg.store.select(sparql_prefixes() + query))


@pytest.fixture(scope="module")
def act() -> dict:
    """An act with a Légifrance link that cites, through its citations, an act with a label; and what the
    store says of it."""
    rows = select(
        "SELECT DISTINCT ?act ?label ?url WHERE { ?act a eli:LegalResource ; skos:prefLabel ?label ; "
        "lg:legifranceUrl ?url . ?c lg:citingAct ?act ; oa:hasBody ?cited . ?cited skos:prefLabel ?l } "
        "ORDER BY ?act"
    )
    assert len(rows) > 5
    iri, label, url = rows[0]
    return {"iri": iri.value, "label": label.value, "url": url.value}


def path_of(iri: str) -> str:
    assert iri.startswith(ID)
    return "/id/" + iri[len(ID) :]


def store_triples(iri: str) -> rdflib.Graph:
    """Every triple with ``iri`` as subject, from any graph, once — read by SPARQL from the store."""
    node = ox.NamedNode(iri)
    triples = {ox.Triple(node, p, o) for p, o in select(f"SELECT ?p ?o WHERE {{ {node} ?p ?o }}")}
    return rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")


def parsed(r: requests.Response) -> rdflib.Graph:
    media = r.headers["Content-Type"].split(";")[0]
    return rdflib.Graph().parse(data=r.content, format=RDF_TYPES[media])


def about(graph: rdflib.Graph, iri: str) -> set:
    return set(graph.triples((rdflib.URIRef(iri), None, None)))


# -- RDF ------------------------------------------------------------------------------------------------------


def test_turtle_gives_the_acts_triples_as_the_store_has_them(endpoint, act):
    r = requests.get(endpoint + path_of(act["iri"]), headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert r.headers["Vary"] == "Accept"
    graph = parsed(r)
    subject = rdflib.URIRef(act["iri"])
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    lg = rdflib.Namespace(BASE + "ontology#")
    assert [str(v) for v in graph.objects(subject, skos.prefLabel)] == [act["label"]]
    assert [str(v) for v in graph.objects(subject, lg.legifranceUrl)] == [act["url"]]
    # All its triples, once each although several graphs state some of them.
    assert about(graph, act["iri"]) == set(store_triples(act["iri"]))
    copies = select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ <{act['iri']}> ?p ?o }} }}")[0][0]
    assert int(copies.value) > len(about(graph, act["iri"]))  # the deduplication was needed
    # The labels of what it links to.
    for (o,) in select(f"SELECT DISTINCT ?o WHERE {{ <{act['iri']}> ?p ?o . ?o skos:prefLabel ?l }}"):
        labels = {v.value for (v,) in select(f"SELECT ?l WHERE {{ {o} skos:prefLabel ?l }}")}
        assert {str(v) for v in graph.objects(rdflib.URIRef(o.value), skos.prefLabel)} == labels


@pytest.mark.parametrize("media", ["application/ld+json", "application/n-triples", "application/rdf+xml"])
def test_every_rdf_format_parses_to_the_same_triples(endpoint, act, media):
    url = endpoint + path_of(act["iri"])
    turtle = parsed(requests.get(url, headers={"Accept": "text/turtle"}))
    r = requests.get(url, headers={"Accept": media})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith(media)
    assert set(parsed(r)) == set(turtle) and len(turtle) > 10


def test_a_span_answers_with_its_selector(endpoint):
    """A fragment IRI (…/span/0-118#selector) is asked for without its fragment: its triples come along."""
    span, sel, start = select(
        "SELECT ?span ?sel ?start WHERE { ?span oa:hasSelector ?sel . ?sel oa:start ?start } ORDER BY ?span LIMIT 1"
    )[0]
    assert sel.value.startswith(span.value + "#")
    graph = parsed(requests.get(endpoint + path_of(span.value)))
    assert set(graph.objects(rdflib.URIRef(sel.value), rdflib.URIRef("http://www.w3.org/ns/oa#start"))) == {
        rdflib.Literal(int(start.value))
    }


@pytest.mark.parametrize(
    ("headers", "query", "media"),
    [
        ({"Accept": "*/*"}, "", "text/turtle"),  # curl
        ({}, "", "text/turtle"),
        ({"Accept": BROWSER}, "", "text/html"),
        ({"Accept": "text/turtle;q=0.5, application/ld+json"}, "", "application/ld+json"),
        ({"Accept": "application/n-triples;q=0.2, text/html;q=0.1"}, "", "application/n-triples"),
        ({"Accept": "text/*"}, "", "text/turtle"),
        ({"Accept": "text/html"}, "?format=nt", "application/n-triples"),
        ({"Accept": "text/turtle"}, "?format=html", "text/html"),
        ({"Accept": "text/turtle"}, "?format=jsonld", "application/ld+json"),
        ({"Accept": "text/html"}, "?format=ttl", "text/turtle"),
    ],
)
def test_content_negotiation(endpoint, act, headers, query, media):
    r = requests.get(endpoint + path_of(act["iri"]) + query, headers=headers)
    assert r.status_code == 200 and r.headers["Content-Type"] == f"{media}; charset=utf-8"


def test_no_acceptable_type_is_406_with_the_list(endpoint, act):
    r = requests.get(endpoint + path_of(act["iri"]), headers={"Accept": "application/pdf, text/html;q=0"})
    assert r.status_code == 406
    for media in ("text/turtle", "application/ld+json", "application/n-triples", "text/html"):
        assert media in r.text
    assert requests.get(endpoint + path_of(act["iri"]) + "?format=pdf").status_code == 400


def test_link_headers_name_each_format_and_lead_to_it(endpoint, act):
    url = endpoint + path_of(act["iri"])
    r = requests.get(url)
    links = _links(r)
    assert set(links) == {
        "text/turtle",
        "application/ld+json",
        "application/n-triples",
        "application/rdf+xml",
        "text/html",
    }
    for media, href in links.items():
        alt = requests.get(urljoin(url, href), headers={"Accept": "image/png"})  # the link wins over Accept
        assert alt.status_code == 200 and alt.headers["Content-Type"].startswith(media)


def _links(r: requests.Response) -> dict[str, str]:
    """type → target of each rel="alternate" Link."""
    out = {}
    for part in r.headers["Link"].split(", <"):
        target = part.strip("<").split(">")[0]
        assert 'rel="alternate"' in part
        out[re.search(r'type="([^"]+)"', part).group(1)] = target
    return out


def test_head_gives_the_headers_of_get_without_a_body(endpoint, act):
    url = endpoint + path_of(act["iri"])
    for accept in ("text/turtle", BROWSER):
        get = requests.get(url, headers={"Accept": accept})
        head = requests.head(url, headers={"Accept": accept})
        assert head.status_code == 200 and head.content == b""
        for name in ("Content-Type", "Content-Length", "Vary", "Link"):
            assert head.headers[name] == get.headers[name]
    assert requests.head(endpoint + "/id/act/no-such-act").status_code == 404
    assert requests.post(endpoint + path_of(act["iri"])).status_code == 405


def test_a_cut_description_says_so(corpus_store, act):
    with running(corpus_store, max_rows=5) as url:
        r = requests.get(url + path_of(act["iri"]), headers={"Accept": "text/turtle"})
        assert r.status_code == 200 and r.headers["X-SPARQL-MaxRows"] == "5"
        assert r.text.startswith("# cut at 5 triples")
        assert len(parsed(r)) == 5
        page = requests.get(url + path_of(act["iri"]), headers={"Accept": "text/html"})
        assert page.headers["X-SPARQL-MaxRows"] == "5" and "Listes coupées à 5 lignes" in page.text


# One row every ~0.1 s: each row scans the whole store for a value that is never there.
SLOW = (
    'SELECT ?a WHERE { ?a ?b ?c FILTER NOT EXISTS { ?x ?y ?z FILTER(STR(?z) = CONCAT(STR(?c), "-never")) } }'
)


def test_a_lookup_waits_for_a_worker_like_any_query(corpus_store, act):
    """With one worker busy on a query that runs into the time-out, a lookup is not answered before that
    worker is free (killed at the time-out, and replaced): it runs in the workers, under their limits."""
    with running(corpus_store, workers=1, timeout=1.5) as url:
        done: dict[str, tuple[int, float]] = {}

        def slow() -> None:
            r = requests.get(url + "/sparql", params={"query": SLOW})
            done["query"] = (r.status_code, time.monotonic())

        thread = threading.Thread(target=slow)
        thread.start()
        time.sleep(0.3)
        r = requests.get(url + path_of(act["iri"]), headers={"Accept": "text/turtle"})
        done["lookup"] = (r.status_code, time.monotonic())
        thread.join(30)
    assert done["query"][0] == 504
    assert done["lookup"][0] in (200, 503)  # the replaced worker, or none free within the time-out
    assert done["lookup"][1] >= done["query"][1] - 0.1


# -- HTML -----------------------------------------------------------------------------------------------------


class Page(HTMLParser):
    """The parts of a resource page the tests read: its title, its links by section (h2), every tag."""

    def __init__(self, text: str):
        super().__init__()
        self.h1 = ""
        self.section = ""
        self.links: dict[str, list[tuple[str, str, dict]]] = {}
        self.tags: set[str] = set()
        self._in: str | None = None
        self._link: dict | None = None
        self._text = ""
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag in ("h1", "h2"):
            self._in, self._text = tag, ""
        elif tag == "a":
            self._link, self._text = dict(attrs), ""

    def handle_endtag(self, tag):
        if tag == "h1":
            self.h1 = self._text
        elif tag == "h2":
            self.section = self._text
        elif tag == "a" and self._link is not None:
            self.links.setdefault(self.section, []).append(
                (self._link.get("href", ""), self._text, self._link)
            )
            self._link = None
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        self._text += data

    def section_links(self, heading: str) -> list[tuple[str, str, dict]]:
        found = [links for name, links in self.links.items() if name.startswith(heading + " (")]
        return found[0] if found else []


def page(url: str) -> tuple[requests.Response, Page]:
    r = requests.get(url, headers={"Accept": BROWSER})
    return r, Page(r.text)


def test_the_page_has_the_title_and_the_legifrance_link(endpoint, act):
    r, p = page(endpoint + path_of(act["iri"]))
    assert r.status_code == 200 and r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "script-src" not in r.headers["Content-Security-Policy"]  # default-src 'none': no script at all
    assert "default-src 'none'" in r.headers["Content-Security-Policy"]
    assert p.h1 == act["label"]
    legifrance = [
        href for links in p.links.values() for href, _, attrs in links if attrs.get("class") == "legifrance"
    ]
    assert legifrance == [act["url"]]
    assert "script" not in p.tags


def test_what_it_cites_and_what_cites_it_are_links_to_their_pages(endpoint, act):
    url = endpoint + path_of(act["iri"])
    _, p = page(url)
    cited = {
        o.value: label.value
        for o, label in select(
            f"SELECT DISTINCT ?o ?l WHERE {{ ?c lg:citingAct <{act['iri']}> ; oa:hasBody ?o . ?o skos:prefLabel ?l }}"
        )
    }
    links = p.section_links("Ce texte cite")
    assert len(links) == len({href for href, _, _ in links})  # each act once
    shown = {urljoin(url, href): text for href, text, _ in links}
    for iri, label in cited.items():
        assert shown[endpoint + path_of(iri)] == label  # its label, not its IRI
    # Following a link gives the cited act's own page.
    first = sorted(cited)[0]
    r, cited_page = page(endpoint + path_of(first))
    assert r.status_code == 200 and cited_page.h1 == cited[first]
    # The acts that cite it, by the named query: each is on the page, once.
    citing = queries.run(corpus_graph()[0].store, "cited-by", act=first)
    assert len(citing) > 0
    back = [
        urljoin(endpoint + path_of(first), href)
        for href, _, _ in cited_page.section_links("Textes qui le citent")
    ]
    assert len(back) == len(set(back))
    assert {endpoint + path_of(row[0].value) for row in citing.rows} <= set(back)
    assert url in back


def test_what_changed_an_act_is_on_its_page(endpoint):
    (changed,) = select(
        "SELECT ?a WHERE { ?c lg:changeOf ?a } GROUP BY ?a ORDER BY DESC(COUNT(?c)) ?a LIMIT 1"
    )[0]
    changes = queries.run(corpus_graph()[0].store, "changes", act=changed.value)
    assert len(changes) >= 2
    r, p = page(endpoint + path_of(changed.value))
    rows = re.search(r"<h2>Modifications \((\d+)\)</h2><table>(.*?)</table>", r.text)
    assert rows and int(rows.group(1)) == len(changes)
    col = changes.variables.index("kind")
    for kind in {row[col].value for row in changes.rows}:
        assert html.escape(kind) in rows.group(2)
    by = {endpoint + path_of(row[changes.variables.index("by")].value) for row in changes.rows}
    assert by == {urljoin(r.url, href) for href, _, _ in p.section_links("Modifications")}


def test_a_titre_lists_its_versions(endpoint):
    (titre,) = select(
        "SELECT ?t WHERE { ?v lg:versionOf ?t } GROUP BY ?t ORDER BY DESC(COUNT(?v)) ?t LIMIT 1"
    )[0]
    versions = {v.value for (v,) in select(f"SELECT ?v WHERE {{ ?v lg:versionOf {titre} }}")}
    assert len(versions) >= 3
    url = endpoint + path_of(titre.value)
    _, p = page(url)
    assert {urljoin(url, href) for href, _, _ in p.section_links("Versions")} == {
        endpoint + path_of(v) for v in versions
    }


def test_unknown_iris_are_404_and_a_page_for_browsers(endpoint):
    r = requests.get(endpoint + "/id/act/arrete/1900-01-01/no-such-act", headers={"Accept": BROWSER})
    assert r.status_code == 404 and r.headers["Content-Type"].startswith("text/html")
    assert "Ressource inconnue" in r.text and ID + "act/arrete/1900-01-01/no-such-act" in r.text
    r = requests.get(endpoint + "/id/act/arrete/1900-01-01/no-such-act")
    assert r.status_code == 404 and r.headers["Content-Type"].startswith("text/plain")
    assert requests.get(endpoint + "/id/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/id/../../pyproject.toml",
        "/id/act/../../../etc/passwd",
        "/id/%2e%2e/%2e%2e/pyproject.toml",
        "/id/act/%2E%2E/x",
        "/id/./act",
        "/id/act%00",
        "/id/act/%0d%0aSet-Cookie:%20x=1",
        "/id/act%ff",
        "/id/act%3Cscript%3E",
        "/id/act%20x",
        "/id/" + "a" * 5000,
    ],
)
def test_malformed_paths_are_400_never_a_file(endpoint, path):
    host, port = urlsplit(endpoint).netloc.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("GET", path)  # sent as it is: no client-side clean-up of the dot segments
    r = conn.getresponse()
    body = r.read()
    conn.close()
    assert r.status == 400, (path, body)
    assert b"[tool" not in body and b"root:" not in body and r.getheader("Set-Cookie") is None


def test_hostile_values_in_the_store_are_text_and_only_http_iris_are_links(tmp_path):
    """Test data, not a legal text: a label that is markup and IRIs of other schemes, as a bad source might
    put them in the store."""
    store = ox.Store(str(tmp_path / "store"))
    this = ox.NamedNode(ID + "test/hostile")
    skos, lg = "http://www.w3.org/2004/02/skos/core#", BASE + "ontology#"
    g = ox.NamedNode("http://example.org/test-graph")
    for p, o in [
        (skos + "prefLabel", ox.Literal('<script>alert(1)</script>"><img src=x onerror=alert(2)>')),
        (lg + "legifranceUrl", ox.NamedNode("javascript:alert(3)")),
        ("http://www.w3.org/2002/07/owl#sameAs", ox.NamedNode("data:text/html,x")),
        ("http://www.w3.org/2000/01/rdf-schema#seeAlso", ox.NamedNode("https://example.org/a?b=1&c=2")),
    ]:
        store.add(ox.Quad(this, ox.NamedNode(p), o, g))
    store.flush()
    del store
    with running(tmp_path / "store") as url:
        r, p = page(url + "/id/test/hostile")
    assert r.status_code == 200
    assert p.h1 == '<script>alert(1)</script>"><img src=x onerror=alert(2)>'  # shown as text
    assert p.tags.isdisjoint({"script", "img"})
    hrefs = [href for links in p.links.values() for href, _, _ in links]
    assert "https://example.org/a?b=1&c=2" in hrefs
    assert not any(h.lower().startswith(("javascript:", "data:")) for h in hrefs)
    assert all(h.startswith(("https://", "http://", "../", "./", "?")) for h in hrefs)


def test_labels_of_properties_and_classes_come_from_the_ontology_the_store_holds(tmp_path, act):
    """Every built store holds ontologies/legalgraph.ttl (in its graph lg:graph/ontology): the page names
    properties and classes by their French labels, as the ontology gives them."""
    kg, _ = corpus_graph()
    store = ox.Store(str(tmp_path / "store"))
    store.extend(list(kg.store.quads()))
    assert ONTOLOGY_GRAPH in set(store.named_graphs())
    store.flush()
    del store
    ontology = rdflib.Graph().parse(ONTOLOGY)

    def french(iri: str) -> str:
        (label,) = [o for o in ontology.objects(rdflib.URIRef(iri), rdflib.RDFS.label) if o.language == "fr"]
        return str(label)

    rdf_type, legal_resource = str(rdflib.RDF.type), "http://data.europa.eu/eli/ontology#LegalResource"
    with running(tmp_path / "store") as url:
        r, p = page(url + path_of(act["iri"]))
    assert f'<th title="{rdf_type}">{html.escape(french(rdf_type))}</th>' in r.text
    assert french(legal_resource) in {text for links in p.links.values() for _, text, _ in links}


# -- the base IRI -------------------------------------------------------------------------------------------


def test_base_iri_decides_which_iri_a_path_stands_for(corpus_store, tmp_path, act):
    """A graph published under another base: /id/<rest> stands for <base>id/<rest>."""
    other = "https://data.example.org/lg/"
    kg, _ = corpus_graph()
    rewritten = ox.Store(str(tmp_path / "store"))

    def moved(term):
        if isinstance(term, ox.NamedNode) and term.value.startswith(ID):
            return ox.NamedNode(other + "id/" + term.value[len(ID) :])
        return term

    rewritten.extend(
        [ox.Quad(moved(q.subject), q.predicate, moved(q.object), q.graph_name) for q in kg.store.quads()]
    )
    rewritten.flush()
    del rewritten
    path = path_of(act["iri"])
    with running(tmp_path / "store", base_iri=other) as url:
        r = requests.get(url + path, headers={"Accept": "text/turtle"})
        assert r.status_code == 200
        moved_iri = other + "id/" + act["iri"][len(ID) :]
        skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
        assert [str(v) for v in parsed(r).objects(rdflib.URIRef(moved_iri), skos.prefLabel)] == [act["label"]]
        _, p = page(url + path)
        cites = p.section_links("Ce texte cite")
        assert cites and all(urljoin(url + path, href).startswith(url + "/id/") for href, _, _ in cites)
    with running(tmp_path / "store") as url:  # the default base: that graph's IRIs are not under it
        r = requests.get(url + path)
        assert r.status_code == 404 and act["iri"] in r.text
    with running(corpus_store, base_iri=other) as url:
        assert requests.get(url + path).status_code == 404


def test_the_default_base_iri_is_the_one_the_graph_writes():
    assert Settings().base_iri == BASE and Settings().id_base == ID


@pytest.mark.parametrize(
    "value",
    ["ftp://example.org/", "https://example.org/no-slash", "example.org/", "https://example.org/?q=1/"],
)
def test_a_wrong_base_iri_is_refused_before_starting(corpus_store, capsys, value):
    assert main(["serve", "--store", str(corpus_store), "--base-iri", value]) == 2
    assert "--base-iri" in capsys.readouterr().err


# -- the README ---------------------------------------------------------------------------------------------


def test_the_readme_curl_command_works_as_printed(corpus_store, tmp_path):
    """The serve section's `curl -H 'Accept: text/turtle' http://127.0.0.1:8000/id/…`, on the server's port,
    at the URL the server prints for the graph's IRIs."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Serve the graph", 1)[1].split("\n## ", 1)[0]
    (command,) = re.findall(r"^curl -H 'Accept: text/turtle' http://127\.0\.0\.1:8000/id/\S+", section, re.M)
    port = free_port()
    log = tmp_path / "serve.log"
    legalgraph = Path(sys.executable).parent / "legalgraph"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(legalgraph), "serve", "--store", str(corpus_store), "--port", str(port), "--quiet"],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until_ready(f"http://127.0.0.1:{port}/sparql", proc, log)
        printed = re.search(r"(\S+)<rest> answers at (\S+)<rest>", log.read_text(encoding="utf-8"))
        assert printed and printed.group(1) == ID and printed.group(2) == f"http://127.0.0.1:{port}/id/"
        # As printed, on this server's port (a 404 or an error page would not parse to the act's triples).
        out = subprocess.run(
            ["bash", "-c", command.replace("127.0.0.1:8000", f"127.0.0.1:{port}")],
            capture_output=True,
            timeout=60,
            check=True,
        ).stdout
    finally:
        stop(proc)
    iri = ID + command.split("/id/", 1)[1]
    graph = rdflib.Graph().parse(data=out, format="turtle")
    (label,) = select(f"SELECT ?l WHERE {{ <{iri}> skos:prefLabel ?l }}")[0]
    (url,) = select(f"SELECT ?u WHERE {{ <{iri}> lg:legifranceUrl ?u }}")[0]
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    assert [str(v) for v in graph.objects(rdflib.URIRef(iri), skos.prefLabel)] == [label.value]
    assert (
        rdflib.URIRef(iri),
        rdflib.URIRef(BASE + "ontology#legifranceUrl"),
        rdflib.URIRef(url.value),
    ) in graph
