"""The Python API in eyecite's style: parse (one rule for paths and texts), citations(text), annotate(html),
and errors in Python words (kg.named, kg.build)."""

from __future__ import annotations

import ast
import csv
import html
import re
import subprocess
import sys
import warnings
from html.parser import HTMLParser

import pytest

import legalgraph
from legalgraph import InputError, LegalgraphError
from legalgraph.knowledge import UnknownNameWarning
from tests.support.graphkit import CORPUS, ROOT, corpus_graph, gold

TEXTS = sorted(CORPUS.glob("*.txt"))
DILA_XML = sorted((ROOT / "tests" / "data" / "dila").rglob("*.xml"))
CATALOGUE = ROOT / "legalgraph" / "data" / "catalogue" / "catalogue.csv"


def catalogue_ids(key: str) -> dict[str, str]:
    """The ids the shipped catalogue lists for a key, read straight from its CSV."""
    with CATALOGUE.open(encoding="utf-8") as f:
        return next(row for row in csv.DictReader(f) if row["key"] == key)


# ---- parse: one rule -------------------------------------------------------------------------------------


def test_a_path_and_its_text_parse_alike():
    path = CORPUS / "2017-12-12_conseiller-commercial.txt"
    by_path, by_str, by_text = (
        legalgraph.parse(path),
        legalgraph.parse(str(path)),
        legalgraph.parse(path.read_text()),
    )
    assert by_path.source.path == by_str.source.path == str(path) and by_text.source.path is None
    for doc in (by_str, by_text):
        assert doc.text == by_path.text and doc.titre == by_path.titre
        assert [c.key for c in doc.citations] == [c.key for c in by_path.citations]


def test_a_string_that_names_no_file_is_the_text():
    doc = legalgraph.parse(
        "Vu le décret n° 2019-14 du 8 janvier 2019 relatif au cadre national des certifications ;"
    )
    assert [c.key for c in doc.citations] == ["decret:2019-14"]
    assert legalgraph.parse_text("corpus/texts/2017-12-12_conseiller-commercial.txt").titre is None


@pytest.mark.parametrize("name", ["corpus/texts/no-such-text.txt", "missing.md", "page.HTML"])
def test_a_file_name_that_names_no_file_is_an_error(name):
    with pytest.raises(InputError, match="no such file") as err:
        legalgraph.parse(name)
    assert name in str(err.value) and "parse_text" in str(err.value)


def test_parse_file_reads_the_file_and_refuses_what_is_not_one():
    assert legalgraph.parse_file(str(TEXTS[0])).source.path == str(TEXTS[0])
    with pytest.raises(InputError, match="is a directory"):
        legalgraph.parse(str(CORPUS))
    with pytest.raises(TypeError):
        legalgraph.parse(12)


# ---- citations(text) ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_citations_of_a_text_index_that_text_and_give_its_gold_keys(path):
    text = path.read_text(encoding="utf-8")
    found = legalgraph.citations(text)
    for c in found:
        assert text[c.span[0] : c.span[1]] == c.text
    assert {k for c in found for k in c.keys} == set(gold()[path.name]["citation_keys"])


def test_citations_carry_the_catalogues_official_ids():
    text = "Vu le décret n° 2019-14 du 8 janvier 2019 relatif au cadre national des certifications professionnelles ;"
    (c,) = legalgraph.citations(text)
    row = catalogue_ids("decret:2019-14")
    assert (c.key, c.nor, c.jorftext) == ("decret:2019-14", row["nor"], row["jorftext"])
    assert c.url == f"https://www.legifrance.gouv.fr/jorf/id/{row['jorftext']}"
    assert c.span == (text.index("décret"), text.index(" ;"))


def test_a_code_article_links_to_its_own_page():
    (c,) = legalgraph.citations("Vu l'article L. 6113-1 du code du travail ;")
    row = catalogue_ids("code:code du travail:L6113-1")
    assert c.keys == ("code:code du travail:L6113-1",) and c.url.endswith(row["legiarti"])


def test_spans_survive_what_normalization_changes():
    """Decomposed accents, non-breaking spaces, soft hyphens and CRLF: found, spans into the given string."""
    text = "Vu le de\u0301cret n\u00b0\u00a02019-14 du 8\u202fjanvier 2019 ;\r\nVu l'arr\u00eat\u00e9 du 22 d\u00e9cem\u00adbre 2015 ;"
    found = legalgraph.citations(text)
    assert [c.key for c in found] == ["decret:2019-14", "arrete:2015-12-22"]
    assert [text[slice(*c.span)] for c in found] == [c.text for c in found]
    assert found[0].text.startswith("de\u0301cret")


# ---- annotate ------------------------------------------------------------------------------------------------

_LINK = re.compile(r'<a href="[^"]*" class="legalgraph-citation"[^>]*>|</a>')


def dila_fragments() -> list[str]:
    """The HTML of every CONTENU element of the DILA samples, byte for byte as DILA writes it."""
    out = []
    for path in DILA_XML:
        raw = path.read_text(encoding="utf-8", errors="replace")
        out += [
            m.group(1) for m in re.finditer(r"<CONTENU[^>]*>(.*?)</CONTENU>", raw, re.S) if "Vu" in m.group(1)
        ]
    return out


class _Balance(HTMLParser):
    VOID = {"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack, self.nested_links, self.errors = [], 0, []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and "a" in self.stack:
            self.nested_links += 1
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if tag == "a" and (not self.stack or self.stack[-1] != "a"):
            self.errors.append("an </a> closes another element")
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass


def test_annotated_html_keeps_every_byte_of_the_markup():
    fragments = dila_fragments()
    assert fragments
    linked = 0
    for fragment in fragments:
        out = legalgraph.annotate(fragment, url=lambda c: f"/acts/{c.key}" if c.key else None, html=True)
        assert _LINK.sub("", out) == fragment
        checker = _Balance()
        checker.feed(out)
        assert not checker.errors and not checker.nested_links
        linked += len(re.findall(r'class="legalgraph-citation"', out))
    assert linked > 0


@pytest.mark.parametrize("path", TEXTS[:8], ids=lambda p: p.name)
def test_annotated_text_is_the_text_escaped_with_links(path):
    text = path.read_text(encoding="utf-8")
    out = legalgraph.annotate(text)
    assert (
        html.unescape(_LINK.sub("", out)) == text.replace("\r\n", "\n")
        or html.unescape(_LINK.sub("", out)) == text
    )
    expected = [c for c in legalgraph.citations(text) if c.url]
    assert len(re.findall('class="legalgraph-citation"', out)) == len(expected)
    for c in expected:
        assert f'href="{html.escape(c.url)}"' in out


def test_a_citation_across_tags_is_wrapped_piece_by_piece_or_skipped():
    fragment = "<p>Vu le <b>décret</b> n°&nbsp;2019-14 du 8 janvier 2019 ;</p>"
    wrapped = legalgraph.annotate(fragment)
    assert _LINK.sub("", wrapped) == fragment
    assert wrapped.count('class="legalgraph-citation"') == 2
    assert legalgraph.annotate(fragment, unbalanced="skip") == fragment


def test_links_and_scripts_are_never_linked_again():
    fragment = '<p><a href="/x">décret n° 2019-14</a></p><script>s = "décret n° 2019-14";</script>'
    assert legalgraph.annotate(fragment) == fragment


def test_a_caller_gives_the_url_and_only_safe_ones_are_written():
    out = legalgraph.annotate("Vu le décret n° 2019-14 du 8 janvier 2019 ;", url=lambda c: f"/acts/{c.key}")
    assert '<a href="/acts/decret:2019-14"' in out
    with pytest.raises(ValueError, match="javascript"):
        legalgraph.annotate(
            "Vu le décret n° 2019-14 du 8 janvier 2019 ;", url=lambda c: "javascript:alert(1)"
        )
    plain = "Vu le décret du 26 avril 2002 ;"  # a bare date three décrets share: no page known
    assert legalgraph.annotate(plain) == html.escape(plain, quote=False)


# ---- errors in Python words ---------------------------------------------------------------------------------


def test_a_missing_keyword_names_the_keyword_to_pass():
    kg, _ = corpus_graph()
    with pytest.raises(LegalgraphError) as err:
        kg.named("lineage")
    assert "titre=" in str(err.value) and "--param" not in str(err.value)
    with pytest.raises(LegalgraphError, match="no keyword act; it takes titre="):
        kg.named("lineage", act="arrete:2015-12-22")
    with pytest.raises(LegalgraphError, match="did you mean 'lineage'"):
        kg.named("lineag", titre="x")


def test_an_unknown_titre_or_act_says_so_with_the_nearest_names():
    """An empty answer, and a warning naming the nearest names: a misspelling is never silent."""
    kg, _ = corpus_graph()
    with pytest.warns(
        UnknownNameWarning, match="no titre named 'conseiller comercial'.*'conseiller commercial'"
    ):
        assert kg.named("lineage", titre="conseiller comercial").empty
    with pytest.warns(
        UnknownNameWarning, match="no act with the key 'arrete:2015-12-23'.*'arrete:2015-12-22'"
    ):
        assert kg.named_rows("cited-by", act="arrete:2015-12-23") == []
    # a known titre without equivalence tables is an empty answer, and nothing to warn about
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert kg.named("equivalences", titre="agent de restauration").empty


def test_building_a_missing_folder_says_so():
    kg = legalgraph.open()
    with pytest.raises(LegalgraphError, match="no such file or folder: corpus-elsewhere/texts"):
        kg.build("corpus-elsewhere/texts")
    assert len(kg.store) == 0


def test_the_notebook_api_imports_nothing_from_the_cli():
    tree = ast.parse((ROOT / "legalgraph" / "knowledge.py").read_text(encoding="utf-8"))
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    modules |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not any(m and (m == "legalgraph.cli" or m.startswith("legalgraph.cli.")) for m in modules)
    code = "import sys, legalgraph; kg = legalgraph.open(); print('legalgraph.cli' in sys.modules)"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert loaded.stdout.strip() == "False"
