"""The workbench of `legalgraph serve` (YASGUI, built by make) in headless Chromium: an analyst types a query with
autocompletion, runs it, reads the table, downloads it as CSV for Excel, shares its URL, runs a question of the
gallery, switches to English. Everything it loads comes from the server under test, on loopback."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from legalgraph import queries
from legalgraph.graph.identity import parse_french_date
from legalgraph.graph.namespaces import ID, sparql_prefixes
from legalgraph.serve.page import Pages
from tests import test_serve_browser
from tests.support.graphkit import corpus_graph
from tests.support.servers import corpus_store_on_disk, legalgraph_server

browser = test_serve_browser.browser  # the same headless Chromium fixture
STATIC = Path(__file__).resolve().parents[1] / "legalgraph" / "serve" / "static"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory) -> Iterator[str]:
    if not (STATIC / "yasgui" / "yasgui.min.js").is_file():
        raise RuntimeError("the workbench is not built: `make test` builds it (make workbench)")
    store = corpus_store_on_disk(tmp_path_factory.mktemp("serve-workbench") / "store")
    with legalgraph_server(store) as url:
        yield url


def open_fresh(browser, url: str) -> WebDriverWait:
    """The page as a first visit: no tabs or history kept from an earlier test."""
    browser.get("about:blank")
    browser.get(url.split("#")[0])
    browser.execute_script("localStorage.clear(); sessionStorage.clear();")
    browser.get("about:blank")
    browser.get(url)
    wait = WebDriverWait(browser, 30)
    wait.until(lambda b: b.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true")
    return wait


VISIBLE = "[...document.querySelectorAll(arguments[0])].find((e) => e.offsetParent)"


def editor_value(browser) -> str:
    return browser.execute_script(f"return {VISIBLE}.CodeMirror.getValue()", ".CodeMirror")


def clear_editor_and_focus(browser) -> None:
    browser.execute_script(f"const cm = {VISIBLE}.CodeMirror; cm.setValue(''); cm.focus();", ".CodeMirror")


def type_keys(browser, *keys) -> None:
    ActionChains(browser).send_keys(*keys).perform()


def complete(browser, wait: WebDriverWait, want: str) -> None:
    """Ctrl+Space, then pick ``want`` in the list of hints as a person would (arrow keys, Enter)."""
    ActionChains(browser).key_down(Keys.CONTROL).send_keys(" ").key_up(Keys.CONTROL).perform()
    wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, ".CodeMirror-hints li"))
    hints = [li.text for li in browser.find_elements(By.CSS_SELECTOR, ".CodeMirror-hints li")]
    assert want in hints, hints
    for _ in range(hints.index(want)):
        type_keys(browser, Keys.ARROW_DOWN)
    type_keys(browser, Keys.ENTER)
    wait.until(lambda b: not b.find_elements(By.CSS_SELECTOR, ".CodeMirror-hints"))


def wait_for_answer(browser, wait: WebDriverWait) -> str:
    wait.until(lambda b: b.find_element(By.ID, "status").get_attribute("data-done") == "true")
    return browser.find_element(By.ID, "status").text


def result_table(browser) -> tuple[list[str], list[list[str]], list[list[str | None]]]:
    """The visible table: its column names, each row's texts and each cell's link (row numbers left out)."""
    return browser.execute_script(
        f"""const yasr = {VISIBLE};
        const head = [...yasr.querySelectorAll('thead th')].slice(1).map((th) => th.textContent.trim());
        const rows = [...yasr.querySelectorAll('tbody tr')].filter((tr) => !tr.querySelector('.dt-empty'));
        const cells = (tr) => [...tr.querySelectorAll('td')].slice(1);
        return [head, rows.map((tr) => cells(tr).map((td) => td.innerText.trim())),
                rows.map((tr) => cells(tr).map((td) => td.querySelector('a') && td.querySelector('a').getAttribute('href')))];""",
        ".yasr",
    )


def page_resources(browser) -> list[str]:
    """Every URL the page has loaded or fetched so far (scripts, styles, queries)."""
    return browser.execute_script(
        "return [location.href, ...performance.getEntriesByType('resource').map((e) => e.name)]"
    )


def test_the_page_and_everything_it_loads_come_from_this_server(browser, base_url):
    answer = requests.get(base_url + "/", timeout=10)
    policy = answer.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'" and directives["script-src"] == "'self'"
    assert (
        directives["connect-src"] == "'self'" and "http" not in policy
    )  # no other origin, by name or scheme
    assert 'src="static/yasgui/yasgui.min.js"' in answer.text and "<script>" not in answer.text
    for path in ("static/yasgui/yasgui.min.js", "static/workbench.js", "static/yasgui/yasgui.min.css"):
        assert requests.get(f"{base_url}/{path}", timeout=10).status_code == 200, path
    assert requests.get(base_url + "/static/../app.py", timeout=10).status_code == 404
    wait = open_fresh(browser, base_url + "/")
    browser.find_element(By.CSS_SELECTOR, "#questions button").click()  # a gallery question: more queries
    wait_for_answer(browser, wait)
    loaded = page_resources(browser)
    origin = urlsplit(base_url).netloc
    assert len(loaded) > 5
    assert {urlsplit(u).netloc for u in loaded if not u.startswith(("data:", "blob:"))} == {origin}
    logs = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not [m for m in logs if "Content Security Policy" in m or "Refused" in m], logs


def test_type_a_query_with_autocompletion_run_it_and_read_the_table(browser, base_url):
    wait = open_fresh(browser, base_url + "/")
    clear_editor_and_focus(browser)
    type_keys(browser, "SELECT ?code ?label ?n WHERE { ?code a skos:Conc")
    complete(browser, wait, "skos:Concept")  # a class of this store, after "a"
    type_keys(browser, " ; skos:nota")
    complete(browser, wait, "skos:notation")  # a predicate of this store
    type_keys(browser, " ?n ; skos:prefL")
    complete(browser, wait, "skos:prefLabel")
    type_keys(browser, ' ?label FILTER(STRSTARTS(?n, "K18")) }')
    text = editor_value(browser)
    # The server declares legalgraph's prefixes: the editor knows them (no error mark, no PREFIX line needed).
    assert "PREFIX" not in text and not browser.find_elements(By.CSS_SELECTOR, ".parseErrorIcon")
    assert "?code a skos:Concept ; skos:notation ?n ; skos:prefLabel ?label FILTER" in text
    ActionChains(browser).key_down(Keys.CONTROL).send_keys(Keys.ENTER).key_up(Keys.CONTROL).perform()
    status = wait_for_answer(browser, wait)
    head, rows, links = result_table(browser)
    kg, _ = corpus_graph()
    query = "SELECT ?code ?label ?n WHERE { ?code a skos:Concept ; skos:notation ?n ; skos:prefLabel ?label FILTER(STRSTARTS(?n, 'K18')) }"
    want = {
        (str(code.value), label.value, n.value)
        for code, label, n in kg.store.select(sparql_prefixes() + query)
    }
    assert head == ["code", "label", "n"]
    assert status == f"{len(want)} lignes" and len(rows) == len(want) > 2
    assert {(r[1], r[2]) for r in rows} == {(label, n) for _, label, n in want}
    # The graph's IRIs show their title and link to their /id/ page on this server.
    by_n = {n: (code, label) for code, label, n in want}
    for row, link in zip(rows, links, strict=True):
        code, label = by_n[row[2]]
        assert row[0] == label and link[0] == "id/" + code.removeprefix(ID)
    assert any(re.search(r"[éèàç]", label) for _, label, _ in want)  # accents, for the download below
    assert browser.find_element(By.CSS_SELECTOR, ".yasr_btn.select_table").text == "Tableau"


def test_download_the_answer_as_csv_for_excel(browser, base_url, tmp_path):
    wait = open_fresh(browser, base_url + "/")
    browser.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    query = "SELECT ?code ?label WHERE { ?code skos:notation ?n ; skos:prefLabel ?label FILTER(STRSTARTS(?n, 'K1')) }"
    browser.execute_script(f"{VISIBLE}.CodeMirror.setValue(arguments[1])", ".CodeMirror", query)
    browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
    wait_for_answer(browser, wait)
    kg, _ = corpus_graph()
    answer = kg.store.select(sparql_prefixes() + query)
    want = sorted((str(c.value), label.value) for c, label in answer)
    for kind in ("csv", "tsv", "json"):
        browser.find_element(By.ID, f"download-{kind}").click()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(list(tmp_path.glob("legalgraph-*[!d]"))) < 3:
        time.sleep(0.2)  # Chromium writes .crdownload files first
    data = (tmp_path / "legalgraph-requete.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert table[0] == ["code", "label"] and sorted(map(tuple, table[1:])) == want
    assert any("é" in label for _, label in want) and "é".encode() in data and "Ã©".encode() not in data
    tsv = (tmp_path / "legalgraph-requete.tsv").read_text(encoding="utf-8").splitlines()
    assert tsv[0] == "?code\t?label"  # SPARQL 1.1 TSV: terms as in N-Triples (pyoxigraph writes them so)
    assert sorted(tsv[1:]) == sorted(f"{c}\t{label}" for c, label in answer)
    bindings = json.loads((tmp_path / "legalgraph-requete.json").read_text(encoding="utf-8"))["results"][
        "bindings"
    ]
    assert sorted((b["code"]["value"], b["label"]["value"]) for b in bindings) == want


def test_a_shared_url_restores_the_query_and_runs_it(browser, base_url):
    wait = open_fresh(browser, base_url + "/")
    query = "SELECT ?titre WHERE { ?titre a lg:TitreProfessionnel } LIMIT 7"
    browser.execute_script(f"{VISIBLE}.CodeMirror.setValue(arguments[1])", ".CodeMirror", query)
    browser.find_element(By.CSS_SELECTOR, ".yasqe_share").click()
    link = wait.until(lambda b: b.find_element(By.CSS_SELECTOR, ".yasqe_sharePopup input")).get_attribute(
        "value"
    )
    assert link.startswith(base_url + "/#") and "query=" in link
    wait = open_fresh(browser, link)  # another analyst opening the link: nothing kept in this browser
    assert editor_value(browser) == query
    status = wait_for_answer(browser, wait)
    assert status == "7 lignes" and len(result_table(browser)[1]) == 7


def run_in_editor(browser, wait: WebDriverWait, query: str) -> str:
    """Put ``query`` in the visible editor, run it with ▶ and wait for this answer (not an earlier one's)."""
    browser.execute_script(f"{VISIBLE}.CodeMirror.setValue(arguments[1])", ".CodeMirror", query)
    browser.execute_script("delete document.getElementById('status').dataset.done")
    browser.execute_script(f"{VISIBLE}.click()", ".yasqe_queryButton")
    return wait_for_answer(browser, wait)


def history_drawn(browser) -> WebDriverWait:
    """Wait for the editor and the history (the gallery's questions, drawn last, may still be on their way)."""
    wait = WebDriverWait(browser, 30)
    wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, "#history-list li"))
    return wait


def test_the_history_offers_an_earlier_query_again_after_a_reload(browser, base_url):
    browser.get(base_url + "/")
    wait = history_drawn(browser)
    browser.execute_script("localStorage.removeItem('legalgraph-history')")  # no query of an earlier test
    first = "SELECT ?titre WHERE { ?titre a lg:TitreProfessionnel } ORDER BY ?titre LIMIT 3"
    second = "ASK { ?titre a lg:TitreProfessionnel }"
    status = run_in_editor(browser, wait, first)
    answer = result_table(browser)
    assert status == "3 lignes" and len(answer[1]) == 3
    assert run_in_editor(browser, wait, second) == "Oui"
    browser.refresh()  # what is kept is in this browser's storage, not in the page
    history_drawn(browser)
    browser.find_element(By.CSS_SELECTOR, "#history summary").click()
    offered = browser.find_elements(By.CSS_SELECTOR, "#history-list button")
    assert [b.get_attribute("title") for b in offered] == [second, first]  # the latest first
    assert offered[1].text == first  # a one-line query shows whole
    offered[1].click()
    assert editor_value(browser) == first
    assert run_in_editor(browser, wait, first) == status and result_table(browser) == answer


def sort_by(browser, column: str) -> list[list[str]]:
    """Click a column's header (ascending order) and read the rows."""
    browser.execute_script(
        f"[...{VISIBLE}.querySelectorAll('thead th')].find((th) => th.textContent.trim() === arguments[1]).click()",
        ".yasr",
        column,
    )
    return result_table(browser)[1]


def test_a_column_of_iris_sorts_by_the_titles_it_shows(browser, base_url):
    browser.get(base_url + "/")
    wait = history_drawn(browser)
    query = """SELECT ?acte ?titre WHERE { ?acte a eli:LegalResource ; skos:prefLabel ?titre
      FILTER NOT EXISTS { ?acte skos:prefLabel ?other FILTER(?other != ?titre) } } ORDER BY ?acte LIMIT 40"""
    run_in_editor(browser, wait, query)
    kg, _ = corpus_graph()
    rows = [(str(a.value), t.value) for a, t in kg.store.select(sparql_prefixes() + query)]
    # in this answer the order of the IRIs is not that of the titles: sorting by the link would show
    assert [t for _, t in sorted(rows)] != sorted((t for _, t in rows), key=str.casefold)
    by_title = sort_by(browser, "titre")
    by_act = sort_by(browser, "acte")
    assert [r[0].removesuffix(" Légifrance") for r in by_act] == [r[1] for r in by_act]  # a title shown
    assert by_act == by_title and len(by_act) == len(rows) > 10


def test_a_gallery_question_fills_a_tab_and_answers(browser, base_url):
    wait = open_fresh(browser, base_url + "/")
    named = {
        b.get_attribute("data-query"): b for b in browser.find_elements(By.CSS_SELECTOR, "#questions button")
    }
    assert set(named) == set(
        queries.named_queries()
    )  # every named query is a question (the corpus has data for each)
    question = named["cited-by"]
    key = re.search(r"l'arrêté du (.+) \?$", question.text)
    assert question.text.startswith("Quels textes citent l'arrêté du ") and key
    question.click()
    status = wait_for_answer(browser, wait)
    text = editor_value(browser)
    act = re.search(r'"(arrete:\d{4}-\d{2}-\d{2})"', text).group(1)
    assert parse_french_date(key.group(1)) == act.removeprefix(
        "arrete:"
    )  # the question names the value it asks about
    assert browser.find_element(By.CSS_SELECTOR, ".tabsList .tab.active").text.startswith(
        "Quels textes citent"
    )
    kg, _ = corpus_graph()
    want = queries.run(kg.store, "cited-by", act=act)
    column = {v: want.variables.index(v) for v in want.variables}
    head, rows, links = result_table(browser)
    # Titles and links first: the source files' column only on demand.
    assert head == [v for v in want.variables if v != "paths"]
    assert status == f"{len(want)} lignes" and len(rows) == len(want) > 3
    citing, title = head.index("citing"), head.index("title")
    assert [link[citing] for link in links] == [
        "id/" + row[column["citing"]].value.removeprefix(ID) for row in want.rows
    ]
    assert [r[citing].removesuffix(" Légifrance") for r in rows] == [
        row[column["title"]].value for row in want.rows
    ]
    assert [r[title] for r in rows] == [row[column["title"]].value for row in want.rows]
    browser.find_element(By.ID, "show-sources").click()
    wait.until(lambda b: "paths" in result_table(b)[0])
    head, rows, _ = result_table(browser)
    assert head == want.variables
    assert [r[head.index("paths")] for r in rows] == [row[column["paths"]].value for row in want.rows]


def test_english_on_request(browser, base_url):
    wait = open_fresh(browser, base_url + "/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    assert browser.find_element(By.CSS_SELECTOR, "#gallery h2").text == "Questions"
    assert browser.find_element(By.CSS_SELECTOR, ".yasr_btn.select_table").text == "Tableau"
    browser.find_element(By.ID, "lang-en").click()
    wait.until(lambda b: "lang=en" in b.current_url)
    wait.until(lambda b: b.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    question = browser.find_element(By.CSS_SELECTOR, "#questions button[data-query='cited-by']").text
    assert re.fullmatch(r"Which texts cite the arrêté of \d+ [A-Z][a-z]+ \d{4}\?", question)
    assert browser.find_element(By.CSS_SELECTOR, ".yasr_btn.select_table").text == "Table"
    assert browser.find_element(By.ID, "download-csv").text == "CSV (Excel)"


def test_without_the_build_the_plain_page_says_how_to_get_the_workbench(tmp_path):
    static = tmp_path / "static"
    shutil.copytree(STATIC, static, ignore=shutil.ignore_patterns("yasgui"))
    pages = Pages(static)
    assert not pages.workbench and pages.get("/static/yasgui/yasgui.min.js") is None
    html = pages.get("/").body.decode()
    assert 'id="no-workbench">' in html and "make workbench" in html
    # Its one inline script is allowed by its hash, and nothing else is.
    script = re.search(r"<script>(.*?)</script>", html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}';" in pages.get("/").policy
    built = Pages(STATIC)
    assert built.workbench and 'id="no-workbench" hidden' in built.get("/plain.html").body.decode()


def test_answers_are_text_and_only_http_iris_are_links(browser, base_url):
    wait = open_fresh(browser, base_url + "/")
    query = (
        'SELECT ?x WHERE { VALUES ?x { "All" "<img src=x onerror=alert(1)>" <javascript:alert(1)> '
        "<https://example.org/a> } }"
    )
    browser.execute_script(f"{VISIBLE}.CodeMirror.setValue(arguments[1])", ".CodeMirror", query)
    browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
    wait_for_answer(browser, wait)
    _, rows, links = result_table(browser)
    # Shown as they are: not markup, and not taken for YASGUI's own words (the page puts those into French).
    assert sorted(r[0] for r in rows) == sorted(
        ["All", "<img src=x onerror=alert(1)>", "javascript:alert(1)", "https://example.org/a"]
    )
    assert sorted(link[0] for link in links if link[0]) == ["https://example.org/a"]
    assert not browser.find_elements(By.CSS_SELECTOR, ".yasr td img")
