"""The query page of `legalgraph serve` in headless Chromium (Debian's chromium and chromium-driver): an analyst
picks a named query or types SPARQL, runs it, and reads the table."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

from legalgraph import queries
from legalgraph.graph.namespaces import ID, sparql_prefixes
from tests.support.graphkit import corpus_graph
from tests.support.servers import corpus_store_on_disk, legalgraph_server

MAX_ROWS = 40


def _binary(*names: str) -> str:
    for name in names:
        if path := shutil.which(name):
            return path
    raise RuntimeError(
        f"{names[0]} is not installed: `make test` installs it (Debian: chromium chromium-driver)"
    )


@pytest.fixture(scope="module")
def page_url(tmp_path_factory) -> Iterator[str]:
    store = corpus_store_on_disk(tmp_path_factory.mktemp("serve-browser") / "store")
    with legalgraph_server(store, "--max-rows", str(MAX_ROWS)) as url:
        yield url + "/"


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    profile = tempfile.mkdtemp(prefix="legalgraph-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = _binary("chromium", "chromium-browser")
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1400,1000",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(arg)
    # The driver given by path: Selenium Manager would otherwise try to download one.
    driver = webdriver.Chrome(service=Service(_binary("chromedriver")), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def open_page(browser, url: str) -> WebDriverWait:
    browser.get(
        url + "plain.html"
    )  # the plain page; / is the workbench once built (tests/test_serve_workbench.py)
    wait = WebDriverWait(browser, 20)
    wait.until(lambda b: b.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true")
    return wait


def table(browser) -> tuple[list[str], list[list[str]]]:
    head = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#results thead th")]
    rows = [
        [td.text for td in tr.find_elements(By.TAG_NAME, "td")]
        for tr in browser.find_elements(By.CSS_SELECTOR, "#results tbody tr")
    ]
    return head, rows


def run_and_wait(browser, wait: WebDriverWait, button: str) -> str:
    browser.find_element(By.ID, button).click()
    wait.until(lambda b: b.find_element(By.ID, "status").text not in ("", "Running…"))
    return browser.find_element(By.ID, "status").text


def test_pick_a_named_query_fill_its_parameter_and_read_the_table(browser, page_url):
    wait = open_page(browser, page_url)
    menu = Select(browser.find_element(By.ID, "named"))
    assert {o.get_attribute("value") for o in menu.options} == {"", *queries.named_queries()}
    menu.select_by_value("cited-by")
    field = wait.until(ec.visibility_of_element_located((By.ID, "param-act")))
    field.send_keys("arrete:2015-12-22")
    status = run_and_wait(browser, wait, "run-named")
    head, rows = table(browser)
    kg, _ = corpus_graph()
    want = queries.run(kg.store, "cited-by", act="arrete:2015-12-22")
    assert head == want.variables
    assert status.startswith(f"{len(want)} rows")
    assert len(rows) == len(want) > 3
    assert [r[1] for r in rows] == [row[1].value if row[1] else "" for row in want.rows]  # oldest first
    assert all(r[0].startswith("lgid:act/arrete/") for r in rows)  # IRIs shortened with the prefixes


def test_type_a_query_run_it_with_ctrl_enter_and_read_the_table(browser, page_url):
    wait = open_page(browser, page_url)
    query = "SELECT ?code ?label WHERE { ?code skos:notation ?n ; skos:prefLabel ?label FILTER(STRSTARTS(?n, 'K18')) }"
    box = browser.find_element(By.ID, "query")
    box.clear()
    box.send_keys(query)
    box.send_keys(Keys.CONTROL, Keys.ENTER)
    wait.until(lambda b: b.find_element(By.ID, "status").text not in ("", "Running…"))
    head, rows = table(browser)
    kg, _ = corpus_graph()
    want = sorted(label.value for _, label in kg.store.select(sparql_prefixes() + query))
    assert head == ["code", "label"]
    assert sorted(r[1] for r in rows) == want and want


def test_a_cut_answer_and_an_error_are_shown(browser, page_url):
    wait = open_page(browser, page_url)
    box = browser.find_element(By.ID, "query")
    box.clear()
    box.send_keys("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    run_and_wait(browser, wait, "run")
    assert len(table(browser)[1]) == MAX_ROWS
    banner = browser.find_element(By.ID, "truncated")
    assert banner.is_displayed() and f"first {MAX_ROWS} rows" in banner.text
    box.clear()
    box.send_keys("SELECT WHERE {")
    status = run_and_wait(browser, wait, "run")
    assert status.startswith("HTTP 400")
    error = browser.find_element(By.ID, "error")
    assert error.is_displayed() and "SPARQL syntax error" in error.text
    assert not browser.find_element(By.ID, "truncated").is_displayed()


def test_a_screenshot_of_the_page_can_be_taken(browser, page_url, tmp_path: Path):
    wait = open_page(browser, page_url)
    Select(browser.find_element(By.ID, "named")).select_by_value("lineage")
    wait.until(ec.visibility_of_element_located((By.ID, "param-titre"))).send_keys("conseiller commercial")
    run_and_wait(browser, wait, "run-named")
    shot = tmp_path / "page.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000


def test_only_http_iris_become_links_and_text_is_never_markup(browser, page_url):
    """An IRI such as an ID_ELI of ``javascript:…`` is shown as text, never as a link that would run it."""
    wait = open_page(browser, page_url)
    query = (
        "SELECT ?iri ?label WHERE { VALUES (?iri ?label) { "
        '(<javascript:alert(document.domain)> "<img src=x onerror=alert(1)>") '
        '(<https://example.org/act> "<b>bold</b>") (<data:text/html,hi> "x") } }'
    )
    box = browser.find_element(By.ID, "query")
    box.clear()
    box.send_keys(query)
    run_and_wait(browser, wait, "run")
    head, rows = table(browser)
    assert rows == [
        ["javascript:alert(document.domain)", "<img src=x onerror=alert(1)>"],
        ["https://example.org/act", "<b>bold</b>"],
        ["data:text/html,hi", "x"],
    ]
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#results a")]
    assert links == ["https://example.org/act"]
    assert not browser.find_elements(By.CSS_SELECTOR, "#results img, #results b")


def test_an_iri_page_has_the_legifrance_link_and_leads_to_a_cited_act(browser, page_url):
    """/id/<act>: the page of an act of the corpus, its Légifrance link, and a click to an act it cites."""
    kg, _ = corpus_graph()
    act, label, legifrance, cited, cited_label = next(
        iter(
            kg.store.select(
                sparql_prefixes()
                + "SELECT ?act ?l ?url ?cited ?cl WHERE { ?act skos:prefLabel ?l ; lg:legifranceUrl ?url . "
                "?c lg:citingAct ?act ; oa:hasBody ?cited . ?cited skos:prefLabel ?cl } ORDER BY ?act ?cited LIMIT 1"
            )
        )
    )
    browser.get(page_url + "id/" + act.value[len(ID) :])
    wait = WebDriverWait(browser, 20)
    assert wait.until(lambda b: b.find_element(By.TAG_NAME, "h1")).text == label.value
    link = browser.find_element(By.CSS_SELECTOR, "a.legifrance")
    assert link.get_attribute("href") == legifrance.value and link.is_displayed()
    cites = browser.find_elements(
        By.XPATH, "//h2[starts-with(., 'Ce texte cite')]/following-sibling::ul[1]//a"
    )
    (to_cited,) = [a for a in cites if a.text == cited_label.value]
    assert to_cited.get_attribute("href") == page_url + "id/" + cited.value[len(ID) :]
    to_cited.click()
    wait.until(lambda b: b.current_url == page_url + "id/" + cited.value[len(ID) :])
    assert wait.until(lambda b: b.find_element(By.TAG_NAME, "h1")).text == cited_label.value


def test_an_iri_in_an_answer_opens_its_page(browser, page_url):
    wait = open_page(browser, page_url)
    Select(browser.find_element(By.ID, "named")).select_by_value("cited-by")
    wait.until(ec.visibility_of_element_located((By.ID, "param-act"))).send_keys("arrete:2015-12-22")
    run_and_wait(browser, wait, "run-named")
    first = browser.find_element(By.CSS_SELECTOR, "#results tbody tr td a")
    iri = first.get_attribute("title")
    assert iri.startswith(ID) and first.get_attribute("href") == page_url + "id/" + iri[len(ID) :]
    first.click()
    kg, _ = corpus_graph()
    (label,) = next(
        iter(kg.store.select(sparql_prefixes() + f"SELECT ?l WHERE {{ <{iri}> skos:prefLabel ?l }}"))
    )
    assert wait.until(lambda b: b.find_element(By.TAG_NAME, "h1")).text == label.value
