"""Named queries on the real corpus, checked against the gold annotations (corpus/gold)."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest

from legalgraph import queries
from legalgraph.cli import main
from legalgraph.errors import LegalgraphError
from legalgraph.extract.codes import level_to_cnc
from legalgraph.frtext import add_years
from tests.support.graphkit import corpus_graph, expected_act, gold


def gold_act(file: str) -> str:
    """The act IRI of the text a gold file annotates (a fragment's: that of its fuller copy)."""
    return expected_act(file)


def canonical(acts: set[str]) -> set[str]:
    """Acts as the lineage counts them: a copy tied to another (owl:sameAs) stands for one act."""
    kg, _ = corpus_graph()
    ranked = set(kg.query("SELECT ?a WHERE { ?v lg:lineageRank ?r ; lg:establishedBy ?a }").a)
    aliases = kg.query("SELECT ?a ?b WHERE { ?a owl:sameAs ?b }")
    alias_of = {a: b for a, b in zip(aliases.a, aliases.b, strict=True) if b in ranked and a not in ranked}
    return {alias_of.get(a, a) for a in acts}


def source_files(cited_by) -> set[str]:
    """The file names of the sources of every row of a cited-by answer."""
    return {os.path.basename(p) for paths in cited_by.paths for p in paths.split(" | ")}


def gold_titres():
    return {f: g["titre"] for f, g in gold().items() if g["titre"]}


def gold_end(t) -> str | None:
    if t["registration_start"] and t["registration_years"]:
        return add_years(t["registration_start"], t["registration_years"])
    return None


@pytest.mark.parametrize(
    "key", ["arrete:2015-12-22", "arrete:2006-03-09", "decret:2019-14", "code:code du travail:L6113-1"]
)
def test_cited_by_finds_every_text_the_gold_says_cites_the_act(key):
    kg, _ = corpus_graph()
    expected = {f for f, g in gold().items() if key in g["citation_keys"]}
    assert expected, key
    found = source_files(kg.named("cited-by", act=key))
    assert found == expected


def test_cited_by_a_code_finds_the_texts_citing_any_of_its_articles():
    kg, _ = corpus_graph()
    expected = {
        f
        for f, g in gold().items()
        if any(
            k == "code:code de l'education" or k.startswith("code:code de l'education:")
            for k in g["citation_keys"]
        )
    }
    found = source_files(kg.named("cited-by", act="code:code de l'éducation"))
    assert found == expected


def test_cited_by_an_iri_or_a_key_is_the_same_question():
    kg, _ = corpus_graph()
    by_key = kg.named("cited-by", act="arrete:2015-12-22")
    acts = kg.query("SELECT DISTINCT ?x WHERE { ?x lg:citationKey 'arrete:2015-12-22' ; rdfs:label ?l }")
    (iri,) = set(acts.x)
    assert iri.endswith("/act/arrete/2015-12-22/conditions-delivrance-titre-professionnel")
    by_iri = kg.named("cited-by", act=iri)
    assert source_files(by_key) == source_files(by_iri)
    # One node, though the texts word it several ways and repeat it ("susvisé"): mentions add up per text.
    assert by_key.mentions.sum() > len(by_key)


def test_cites_gives_the_keys_of_the_gold():
    kg, _ = corpus_graph()
    for file in [
        "2017-12-12_conseiller-commercial.txt",
        "2019-02-25_chef-de-cuisine-restauration-collective.txt",
    ]:
        g = gold()[file]
        found = set(kg.named("cites", act=gold_act(file)).key)
        article_keys = {k for k in g["citation_keys"] if k.count(":") == 2}
        code_keys = {k.rsplit(":", 1)[0] for k in article_keys}
        assert found == set(g["citation_keys"]) | code_keys, file


@pytest.mark.parametrize("rome", ["K1801", "F1104", "F1603", "H1303", "52322"])
def test_titres_by_rome(rome):
    kg, _ = corpus_graph()
    expected = canonical({gold_act(f) for f, t in gold_titres().items() if rome in t["rome"]})
    found = {v.removesuffix("/version") for v in kg.named("titres-by-rome", rome=rome).version}
    assert found == expected


def test_titres_by_rome_domain_covers_its_fiches():
    kg, _ = corpus_graph()
    domain = kg.named("titres-by-rome", rome="F11")
    assert {"F1104", "F1106", "F1108"} <= {c.rsplit("/", 1)[1] for c in domain.code}
    assert all(c.rsplit("/", 1)[1].startswith("F11") for c in domain.code)


@pytest.mark.parametrize("level,old", [("3", "V"), ("4", "IV"), ("5", "III")])
def test_titres_by_level_on_either_scale(level, old):
    kg, _ = corpus_graph()
    expected = canonical({gold_act(f) for f, t in gold_titres().items() if level_to_cnc(t["level"]) == level})
    found = {v.removesuffix("/version") for v in kg.named("titres-by-level", level=level).version}
    assert found == expected and expected
    assert set(kg.named("titres-by-level", level=old).version) == set(
        kg.named("titres-by-level", level=f"niveau {level}").version
    )


@pytest.mark.parametrize("date", ["2016-01-01", "2020-01-01", "2024-01-01", "2030-01-01"])
def test_registrations_ending_before(date):
    kg, _ = corpus_graph()
    expected = canonical(
        {gold_act(f) for f, t in gold_titres().items() if gold_end(t) and gold_end(t) < date}
    )
    df = kg.named("registrations-ending-before", date=date)
    assert set(df.act) == expected
    assert list(df.end) == sorted(df.end)


@pytest.mark.parametrize("date", ["2015-01-01", "2020-01-01", "2024-01-01"])
def test_in_force_on(date):
    kg, _ = corpus_graph()
    expected = canonical(
        {
            gold_act(f)
            for f, t in gold_titres().items()
            if gold_end(t) and t["registration_start"] <= date < gold_end(t)
        }
    )
    answer = kg.named("in-force-on", date=date)
    assert set(answer[answer.status == "in force"].act) == expected and expected
    # the latest versions that state no registration are listed, not dropped: nothing says they ended
    unknown = answer[answer.status == "unknown"]
    assert len(unknown) and not set(unknown.act) & expected


def test_parameters_take_the_forms_analysts_type():
    kg, _ = corpus_graph()
    assert len(kg.named("in-force-on", date="1er janvier 2024")) == len(
        kg.named("in-force-on", date="2024-01-01")
    )
    assert len(kg.named("cited-by", act="arrete:22 décembre 2015")) == len(
        kg.named("cited-by", act="arrete:2015-12-22")
    )


def test_bad_parameters_are_clear_errors():
    kg, _ = corpus_graph()
    with pytest.raises(LegalgraphError, match="needs --param act"):
        queries.run(kg.store, "cited-by")
    with pytest.raises(LegalgraphError, match="no parameter"):
        queries.run(kg.store, "cited-by", act="decret:2019-14", rome="K1801")
    with pytest.raises(LegalgraphError, match="no named query"):
        queries.run(kg.store, "who-knows")
    with pytest.raises(LegalgraphError, match="not a date"):
        queries.run(kg.store, "in-force-on", date="demain")
    with pytest.raises(LegalgraphError, match="not a level"):
        queries.run(kg.store, "titres-by-level", level="IX")
    # A parameter is a term, never SPARQL: quotes and braces stay inside the literal.
    assert len(queries.run(kg.store, "cited-by", act='arrete:2015" } ?s ?p ?o { "')) == 0


def test_every_named_query_is_documented_and_parses():
    named = queries.named_queries()
    assert {
        "cited-by",
        "cites",
        "lineage",
        "equivalences",
        "titres-by-rome",
        "titres-by-level",
        "registrations-ending-before",
        "in-force-on",
    } <= set(named)
    for q in named.values():  # a query may take no parameter (conflicts); each one it takes is documented
        assert q.description and all(help_ for _, help_ in q.params.values()), q.name


def cli_query(capsys, *args) -> str:
    kg, _ = corpus_graph()
    assert main(["query", "--store", str(kg.store.path), *args]) == 0
    return capsys.readouterr().out


def test_cli_query_formats(capsys):
    args = ["--name", "cited-by", "--param", "act=decret:2019-14"]
    expected = {f for f, g in gold().items() if "decret:2019-14" in g["citation_keys"]}
    doc = json.loads(cli_query(capsys, *args, "--format", "json"))
    files = {
        os.path.basename(p) for b in doc["results"]["bindings"] for p in b["paths"]["value"].split(" | ")
    }
    assert files == expected
    rows = list(csv.DictReader(io.StringIO(cli_query(capsys, *args, "--format", "csv"))))
    assert {os.path.basename(p) for r in rows for p in r["paths"].split(" | ")} == expected
    assert len({r["citing"] for r in rows}) == len(rows)  # one row per citing act, its copies together
    table = cli_query(capsys, *args)
    assert f"({len(rows)} rows)" in table and "lgid:act/" in table


def test_cli_raw_sparql_and_list(capsys):
    out = cli_query(
        capsys, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a lg:TitreProfessionnel }", "--format", "csv"
    )
    assert int(out.splitlines()[1]) > 40
    listing = cli_query(capsys, "--list")
    assert "cited-by" in listing and "--param act=<act>" in listing


def test_an_act_is_found_by_its_legifrance_eli():
    kg, _ = corpus_graph()
    eli = "https://www.legifrance.gouv.fr/eli/arrete/2012/1/16/ETSD1131163A/jo/texte"
    by_eli = kg.named("cites", act=eli)
    by_iri = kg.named("cites", act=gold_act("2012-01-16_modif_vendeur-conseil-en-magasin.txt"))
    assert len(by_eli) > 0 and list(by_eli.cited) == list(by_iri.cited)


def test_conflicts_do_not_compare_a_certificate_a_fragment_cuts_off():
    """A fragment's cut certificate title is the start of the full one: the named query leaves it out, as the
    cookbook's question does, and still lists the real conflicts (values that differ with no cut involved)."""
    kg, _ = corpus_graph()
    cut = set(kg.query("SELECT DISTINCT ?c WHERE { GRAPH ?g { ?c lg:truncated true } }").c)
    assert cut  # the corpus holds fragments that cut a certificate
    rows = kg.named("conflicts")
    assert not cut & set(rows.subject)
    differing = kg.query(
        "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?g a lg:SourceDocument . ?s lg:titreName ?a } "
        "GRAPH ?h { ?h a lg:SourceDocument . ?s lg:titreName ?b } FILTER(?a != ?b) }"
    )
    assert set(differing.s) <= set(rows.subject) and len(differing) > 0
