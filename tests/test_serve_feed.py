"""The Atom feed at /feed (issue 14, item 3): what the nightly job ingested, changed or deleted, read with the
real `feedparser` after real watch runs on loopback (archives in DILA's layout served by a loopback HTTP server:
real JORFSIMPLE files, which the filter skips, and corpus texts in the JORFSIMPLE envelope — the "wrapped-…"
fixtures of tests/test_watch.py, ids JORFTEXT9…). Expectations come from the job's own report, from
`legalgraph.parse` of the same texts and from the archive names; never from the feed code."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import feedparser
import lxml.html
import pytest
import rdflib
import requests
from lxml import etree

import legalgraph
from legalgraph.graph.identity import titre_key
from legalgraph.graph.namespaces import DERIVED_GRAPH, LG_NS
from legalgraph.serve import feed as feed_module
from legalgraph.store import open_store
from legalgraph.store.load import derived_is_stale, refresh_derived
from legalgraph.watch.job import run_watch
from legalgraph.watch.record import WATCH_LOG_GRAPH
from tests.support.dila_fixtures import simple_path, wrap_corpus_text, wrapped_id, write_archive, write_index
from tests.support.endpoint import running
from tests.support.graphkit import ONTOLOGY
from tests.support.httpserver import serve
from tests.test_watch import CONT, EVENING, FAST, NEXT, NIGHT, WRAPPED, deletion_members, night_members

ATOM = "application/atom+xml"


def archive(stamp: str) -> str:
    return f"JORFSIMPLE_{stamp}.tar.gz"


def instant(stamp: str) -> datetime:
    """An archive's DILA stamp as an instant (Paris time, as DILA's server writes it), in UTC."""
    return datetime.strptime(stamp, "%Y%m%d-%H%M%S").replace(tzinfo=ZoneInfo("Europe/Paris")).astimezone(UTC)


def updated(entry) -> datetime:
    return datetime(*entry.updated_parsed[:6], tzinfo=UTC)


def parsed(n: int, stamp: str = NIGHT):
    """`legalgraph.parse` of the wrapped text ``n`` as an archive carries it."""
    return legalgraph.parse(wrap_corpus_text(WRAPPED[n], wrapped_id(n)), path=f"{wrapped_id(n)}.xml")


def read_feed(url: str, query: str = ""):
    got = feedparser.parse(f"{url}/feed{query}")
    assert got.status == 200 and got.headers["content-type"] == "application/atom+xml; charset=utf-8", got
    assert not got.bozo, got.bozo_exception  # well-formed XML, valid Atom as feedparser reads it
    assert got.version == "atom10"
    return got


def by_text(feed) -> dict[tuple[str, str], object]:
    """(DILA id, summary) → entry; the DILA id is read from the entry's content."""
    out = {}
    for e in feed.entries:
        dila = next(
            line.split(" : ", 1)[1]
            for line in e.content[0].value.splitlines()
            if line.startswith("Identifiant DILA")
        )
        out[(dila, e.summary)] = e
    return out


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Run 1 takes the night's JO (two titre arrêtés among real texts it skips); run 2 an evening delivery
    that deletes one of them and a later one that republishes the other with other content. After each run
    the store is served and its feeds read."""
    root = tmp_path_factory.mktemp("feed")
    mirror = root / "OPENDATA" / "JORFSIMPLE"
    mirror.mkdir(parents=True)
    store = root / "store"
    write_archive(mirror, archive(NIGHT), night_members())
    write_index(mirror)
    with serve(mirror) as (source, _):
        first = run_watch(source, store, policy=FAST)
    with running(store) as url:
        feed1 = read_feed(url)
    write_archive(mirror, archive(EVENING), deletion_members(EVENING, wrapped_id(2), "JORFTEXT000099999999"))
    write_archive(
        mirror,
        archive(NEXT),
        {simple_path(NEXT, CONT, wrapped_id(1)): wrap_corpus_text(WRAPPED[3], wrapped_id(1))},
    )
    write_index(mirror)
    with serve(mirror) as (source, _):
        second = run_watch(source, store, policy=FAST)
    return {"store": store, "first": first, "feed1": feed1, "second": second}


@pytest.fixture(scope="module")
def endpoint(runs):
    with running(runs["store"]) as url:
        yield url


def test_after_a_run_the_feed_has_one_entry_per_text_it_ingested(runs):
    report, feed = runs["first"], runs["feed1"]
    assert [a.error for a in report.archives] == [None]
    new = report.archives[0].new
    assert sorted(new) == [wrapped_id(1), wrapped_id(2)]  # the real délégation and nomination are skipped
    entries = by_text(feed)
    assert set(entries) == {(t, "Nouveau texte") for t in new}
    for text in new:
        e = entries[(text, "Nouveau texte")]
        assert e.title == report.archives[0].titles[text]
        assert e.link == f"https://www.legifrance.gouv.fr/jorf/id/{text}"
        assert updated(e) == instant(NIGHT)
        assert e.tags[0].term == "ingested"
    assert datetime(*feed.feed.updated_parsed[:6], tzinfo=UTC) == instant(NIGHT)


def test_a_second_run_adds_a_deletion_and_a_change_latest_first_the_first_entries_kept(runs, endpoint):
    second = runs["second"]
    assert [(a.archive, a.deleted, a.changed) for a in second.archives] == [
        (archive(EVENING), [wrapped_id(2)], []),
        (archive(NEXT), [], [wrapped_id(1)]),
    ]
    feed = read_feed(endpoint)
    entries = by_text(feed)
    first_ids = {e.id for e in runs["feed1"].entries}
    assert first_ids <= {e.id for e in feed.entries}  # stable ids: a reader shows nothing twice
    deleted = entries[(wrapped_id(2), "Texte supprimé")]
    # the deleted text's entry still says what it was: the title the first run reported
    assert deleted.title == runs["first"].archives[0].titles[wrapped_id(2)]
    assert updated(deleted) == instant(EVENING)
    changed = entries[(wrapped_id(1), "Texte modifié")]
    assert changed.title == second.archives[1].titles[wrapped_id(1)]
    assert "conseiller commercial" in changed.title.lower()
    assert updated(changed) == instant(NEXT)
    assert [updated(e) for e in feed.entries] == sorted((updated(e) for e in feed.entries), reverse=True)
    assert len(feed.entries) == 4 and feed.entries[0].id == changed.id


def test_a_reader_that_polls_downloads_the_feed_again_only_when_a_run_changed_it(runs, endpoint):
    before = runs["feed1"]  # read after the first run, from another server process
    assert before.etag and before.modified
    assert datetime(*before.modified_parsed[:6], tzinfo=UTC) == instant(NIGHT)  # the latest delivery
    after = read_feed(endpoint)  # the second run added deliveries: the first run's copy is stale
    assert after.etag != before.etag and datetime(*after.modified_parsed[:6], tzinfo=UTC) == instant(NEXT)
    assert feedparser.parse(f"{endpoint}/feed", etag=before.etag).status == 200
    assert feedparser.parse(f"{endpoint}/feed", modified=before.modified).status == 200
    for polled in (
        feedparser.parse(f"{endpoint}/feed", etag=after.etag),
        feedparser.parse(f"{endpoint}/feed", modified=after.modified),
    ):
        assert polled.status == 304 and not polled.entries and polled.etag == after.etag
    # plain HTTP: no body for a current copy; another feed (parameters) is another resource, with its own tag
    again = requests.get(f"{endpoint}/feed", headers={"If-None-Match": after.etag}, timeout=30)
    assert again.status_code == 304 and again.content == b"" and again.headers["ETag"] == after.etag
    assert "Content-Length" not in again.headers  # it would have to be the length of the 200's feed, not 0
    one = requests.get(f"{endpoint}/feed?limit=1", headers={"If-None-Match": after.etag}, timeout=30)
    assert one.status_code == 200 and one.headers["ETag"] != after.etag
    # If-None-Match decides when both are sent (RFC 9110): an old tag with a current date is a download
    both = {"If-None-Match": before.etag, "If-Modified-Since": after.modified}
    assert requests.get(f"{endpoint}/feed", headers=both, timeout=30).status_code == 200
    unreadable = requests.get(f"{endpoint}/feed", headers={"If-Modified-Since": "yesterday"}, timeout=30)
    assert unreadable.status_code == 200 and b"<entry>" in unreadable.content


def test_the_page_names_the_feed_for_browsers_and_readers(endpoint):
    assert read_feed(endpoint).entries
    for page in ("/", "/plain.html"):  # the workbench (when built) and the plain page
        html = lxml.html.fromstring(requests.get(endpoint + page, timeout=30).content)
        (href,) = html.xpath("//head/link[@rel='alternate'][@type='application/atom+xml']/@href")
        assert urljoin(endpoint + page, href) == endpoint + "/feed", page  # the feed read above


def test_an_entry_links_to_the_act_page_the_server_answers(endpoint):
    feed = read_feed(endpoint)
    for e in feed.entries:
        related = [link.href for link in e.links if link.rel == "related"]
        assert related and related[0].startswith(f"{endpoint}/id/act/"), e.links
        page = requests.get(related[0], headers={"Accept": "text/html"}, timeout=30)
        # the deleted text's act stays known when another text cites it; else its page is a 404 page
        assert page.status_code in (200, 404) and "text/html" in page.headers["content-type"]
    live = by_text(feed)[(wrapped_id(1), "Texte modifié")]
    related = next(link.href for link in live.links if link.rel == "related")
    assert requests.get(related, headers={"Accept": "text/html"}, timeout=30).status_code == 200


def test_the_titre_feed_has_the_texts_of_that_titre_only(endpoint):
    doc = parsed(2)  # the gestionnaire des opérations de transport routier de marchandises
    name = doc.titre.name
    expected = {(wrapped_id(2), "Nouveau texte"), (wrapped_id(2), "Texte supprimé")}
    ids = set()
    for query in (name, name.upper()):  # case and accents do not matter
        feed = read_feed(endpoint, "?" + requests.compat.urlencode({"titre": query}))
        assert set(by_text(feed)) == expected
        assert query in feed.feed.title
        ids.add(feed.feed.id)
    assert len(ids) == 1  # one feed, however the name is written
    other = parsed(1).titre.name
    assert titre_key(other) != titre_key(name)
    assert {
        t for t, _ in by_text(read_feed(endpoint, "?" + requests.compat.urlencode({"titre": other})))
    } == {wrapped_id(1)}
    assert read_feed(endpoint, "?titre=boulanger-patissier-de-nulle-part").entries == []


def cited_keys(doc) -> set[str]:
    return {c.key for c in doc.citations if c.key}


def test_the_cites_feed_has_the_texts_that_cite_that_act(endpoint):
    # each entry and the text it reports: the deleted one says what text 2 was; the change is text 3's words
    reported = {
        (wrapped_id(1), "Nouveau texte"): cited_keys(parsed(1)),
        (wrapped_id(2), "Nouveau texte"): cited_keys(parsed(2)),
        (wrapped_id(2), "Texte supprimé"): cited_keys(parsed(2)),
        (wrapped_id(1), "Texte modifié"): cited_keys(parsed(3)),
    }
    keys = set().union(*reported.values())
    counts = {k: sum(k in ks for ks in reported.values()) for k in keys}
    assert {1, 2, 3} <= set(counts.values()), counts  # keys cited by one, some or all of the entries
    for key in keys:
        feed = read_feed(endpoint, "?" + requests.compat.urlencode({"cites": key}))
        assert set(by_text(feed)) == {e for e, ks in reported.items() if key in ks}, key
    # by an act's IRI: an act the store holds now (a text still in it cites it), asked through the endpoint
    live = sorted(k for k in cited_keys(parsed(3)) if k.startswith("arrete:"))
    answer = requests.get(
        f"{endpoint}/sparql",
        params={"query": f'SELECT ?act WHERE {{ ?act lg:citationKey "{live[0]}" ; a eli:LegalResource }}'},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    acts = [b["act"]["value"] for b in answer.json()["results"]["bindings"]]
    assert len(acts) == 1, acts
    feed = read_feed(endpoint, "?" + requests.compat.urlencode({"cites": acts[0]}))
    assert set(by_text(feed)) == {e for e, ks in reported.items() if live[0] in ks}


@pytest.mark.parametrize(
    "query",
    [
        "?cites=" + requests.compat.quote("<http://x> } ; DROP ALL ; SELECT * { ?s ?p ?o"),
        "?cites=" + requests.compat.quote("http://example.org/a b>"),
        "?cites=not-a-key",
        "?limit=0",
        "?limit=100000",
        "?limit=abc",
        "?limit=-1",
        "?limit=%C2%B2",
        "?titre=a&titre=b",
        "?sort=title",
        "?titre=",
        "?titre=" + "x" * 600,
        "?titre=%00",
    ],
)
def test_a_hostile_parameter_gets_400(endpoint, query):
    answer = requests.get(f"{endpoint}/feed{query}", timeout=30)
    assert answer.status_code == 400, (query, answer.text)
    assert answer.headers["content-type"].startswith("text/plain")


def test_a_quoted_titre_is_a_value_never_sparql_text_and_limit_bounds_the_entries(endpoint):
    hostile = read_feed(endpoint, "?" + requests.compat.urlencode({"titre": '" } } DROP ALL ; #'}))
    assert hostile.entries == []
    assert len(read_feed(endpoint).entries) == 4  # nothing was dropped
    one = read_feed(endpoint, "?limit=1")
    assert len(one.entries) == 1 and one.entries[0].id == read_feed(endpoint).entries[0].id
    assert requests.head(f"{endpoint}/feed", timeout=30).headers["content-type"].startswith(ATOM)
    assert requests.post(f"{endpoint}/feed", data=b"", timeout=30).status_code == 405


def test_titles_with_ampersands_accents_and_control_characters_are_escaped():
    # synthetic rows (not a real text): the characters XML must escape or cannot hold
    title = "Arrêté « test » A & B <c> \x0c fin"
    row = {
        "entry": "https://w3id.org/legalgraph/id/watch/JORFSIMPLE_20260728-003542/ingested/X",
        "outcome": "ingested",
        "id": "X",
        "title": title,
        "at": "2026-07-28T00:35:42+02:00",
        "archive": archive(NIGHT),
        "act": "https://w3id.org/legalgraph/id/act/arrete/2026-07-01/x&y",
    }
    body = feed_module.render([row], {"titre": "cuisinier & <pâtissier>"}, "https://w3id.org/legalgraph/")
    etree.fromstring(body)  # well-formed
    got = feedparser.parse(body)
    assert not got.bozo and got.entries[0].title == "Arrêté « test » A & B <c>  fin"
    assert "cuisinier & <pâtissier>" in got.feed.title
    assert got.entries[0].link == "./id/act/arrete/2026-07-01/x&y"


def test_the_watch_log_uses_declared_terms_and_the_derived_graph_never_reads_it(runs, tmp_path):
    ontology = rdflib.Graph().parse(ONTOLOGY)
    copy = tmp_path / "store"
    shutil.copytree(runs["store"], copy)
    store = open_store(copy)
    try:
        log = list(store.quads(WATCH_LOG_GRAPH))
        assert len({q.subject for q in log if q.predicate.value.endswith("#outcome")}) == 4
        used = {q.predicate.value for q in log} | {
            q.object.value for q in log if q.predicate.value.endswith("#type")
        }
        for term in used:
            node = rdflib.URIRef(term)
            langs = {label.language for label in ontology.objects(node, rdflib.RDFS.label)}
            assert {"fr", "en"} <= langs and any(ontology.objects(node, rdflib.RDFS.comment)), term
            assert term.startswith(LG_NS) or any(ontology.objects(node, rdflib.RDFS.isDefinedBy)), term
            if term.startswith(LG_NS):  # a class or property of its own, typed as such
                assert set(ontology.objects(node, rdflib.RDF.type)) & {
                    rdflib.OWL.Class,
                    rdflib.OWL.ObjectProperty,
                    rdflib.OWL.DatatypeProperty,
                }, term
        assert not derived_is_stale(store)
        derived = set(store.quads(DERIVED_GRAPH))
        store.remove_graph(WATCH_LOG_GRAPH)
        assert not derived_is_stale(store)  # the log is not in the derived graph's stamp…
        refresh_derived(store)
        assert set(store.quads(DERIVED_GRAPH)) == derived  # …nor in what it is computed from
    finally:
        store.close()


def test_titre_and_cites_together_give_the_entries_both_select(endpoint):
    name = parsed(2).titre.name
    for key in sorted(cited_keys(parsed(1)) | cited_keys(parsed(2))):
        both = read_feed(endpoint, "?" + requests.compat.urlencode({"titre": name, "cites": key}))
        titre = read_feed(endpoint, "?" + requests.compat.urlencode({"titre": name}))
        cites = read_feed(endpoint, "?" + requests.compat.urlencode({"cites": key}))
        assert {e.id for e in both.entries} == {e.id for e in titre.entries} & {
            e.id for e in cites.entries
        }, key
    # an act by its IRI and a titre by its name: two lookups through the graph, each on its own keys
    key = sorted(k for k in cited_keys(parsed(3)) & cited_keys(parsed(1)) if k.startswith("arrete:"))[0]
    answer = requests.get(
        f"{endpoint}/sparql",
        params={"query": f'SELECT ?act WHERE {{ ?act lg:citationKey "{key}" ; a eli:LegalResource }}'},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    (act,) = [b["act"]["value"] for b in answer.json()["results"]["bindings"]]
    feed = read_feed(endpoint, "?" + requests.compat.urlencode({"titre": parsed(1).titre.name, "cites": act}))
    assert set(by_text(feed)) == {(wrapped_id(1), "Nouveau texte")}  # the change made it another titre's text
