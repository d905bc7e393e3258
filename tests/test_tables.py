"""The tidy tables (kg.acts(), kg.versions(), …): one row per real thing of the corpus, typed, labels readable.

The expected counts are computed from the gold files (corpus/gold, corpus/GOLD.md), never from the graph: the
acts the corpus texts are (copies of one act merged by the rule GOLD.md and the lineage state), the versions
they establish, their certificates (one per rank), the equivalence rows, the citation keys.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pyoxigraph as ox
import pytest

import legalgraph
from legalgraph.graph.codes import ACTION_LABELS
from legalgraph.graph.namespaces import LG
from legalgraph.models import Action
from tests.support.graphkit import copies, corpus_docs, corpus_graph, gold

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "texts"
TABLES = ("acts", "versions", "titres", "certificates", "equivalences", "citations")


@cache
def table(name: str) -> pd.DataFrame:
    kg, _ = corpus_graph()
    return getattr(kg, name)()


def fold(name: str | None) -> str:
    """A titre name compared as GOLD.md says: gender marks « (e) », case and accents do not matter."""
    name = re.sub(r"\s?\([^)]*\)", "", name or "")
    name = unicodedata.normalize("NFD", name.lower().replace("’", "'").replace("œ", "oe"))
    return " ".join("".join(c for c in name if not unicodedata.combining(c)).split())


def own_act(g: dict) -> tuple:
    """The act a gold text is a copy of: copies of one act share nature, date and titre; an undated copy
    naming the same titre and the same earlier acts as a dated one is that act (the lineage's rule), so is a
    page the source list puts under a dated text; any other undated text is an act of its own."""
    titre = g.get("titre") or {}
    if g["date"]:
        return (g["nature"], g["date"], fold(titre.get("name")))
    for other in gold().values():
        named = (other.get("titre") or {}).get("name")
        if (
            other["date"]
            and titre.get("name")
            and fold(named) == fold(titre["name"])
            and g["previous_acts"]
            and other["previous_acts"] == g["previous_acts"]
        ):
            return own_act(other)
    # or the hand-made source list says it is a page of a dated text (one JORFTEXT, a page under its address)
    for f in sorted(copies().get(g["file"], set())):
        if gold()[f]["date"]:
            return own_act(gold()[f])
    return ("undated", g["file"])


@cache
def gold_acts() -> dict[tuple, list[dict]]:
    acts: dict[tuple, list[dict]] = {}
    for g in gold().values():
        acts.setdefault(own_act(g), []).append(g)
    return acts


@cache
def source_acts() -> dict[str, str]:
    """Corpus file name → the act its source is a copy of, as the graph records it."""
    kg, _ = corpus_graph()
    rows = kg.select("SELECT DISTINCT ?p ?a WHERE { ?s lg:sourcePath ?p ; eli:embodies/eli:realizes ?a }")
    # an undated fragment the lineage ties to its dated copy (owl:sameAs) is that copy's act
    same = dict(kg.select("SELECT ?a ?b WHERE { ?a owl:sameAs ?b FILTER(CONTAINS(STR(?a), '/unidentified/')) "
                          "FILTER(!CONTAINS(STR(?b), '/unidentified/') && STRSTARTS(STR(?b), 'https://w3id')) }").rows)  # fmt: skip
    same = {a.value: b.value for a, b in same.items()}
    return {p.value.rsplit("/", 1)[-1]: same.get(a.value, a.value) for p, a in rows}


def gold_versions() -> dict[tuple, list[dict]]:
    """The acts of the corpus that establish a titre version: the texts about a titre (GOLD.md: titre not null)."""
    return {k: gs for k, gs in gold_acts().items() if any(g.get("titre") is not None for g in gs)}


# ---- one row per real thing -------------------------------------------------------------------------------


def test_acts_one_row_per_act_of_the_corpus_texts():
    acts = table("acts")
    assert acts.iri.is_unique
    # every source file is a copy of exactly one act
    assert acts.sources.sum() == len(gold())
    assert (acts.sources > 0).sum() == len(gold_acts())


def test_acts_one_row_per_act_a_key_names_alone():
    """A number, a code or code article, an avis's date name one act: one row each. A date names every arrêté
    of that day (dozens of titres were created on 31 July 2003): at least one row. (A décret cited by its
    date alone is keyed by its number, which the gold lists too.)"""
    by_key = table("acts").key.value_counts()
    for key in sorted({k for g in gold().values() for k in g["citation_keys"]}):
        kind, rest = key.split(":", 1)
        dated = re.fullmatch(r"\d{4}-\d{2}-\d{2}", rest)
        if kind in ("code", "avis") or not dated:
            assert by_key.get(key, 0) == 1, key
        elif kind == "arrete":
            assert by_key.get(key, 0) >= 1, key


def test_versions_one_row_per_version():
    versions = table("versions")
    assert versions.iri.is_unique and versions.act_iri.is_unique  # an act establishes one version
    assert set(versions.act_iri) <= set(table("acts").iri)
    assert (versions.sources > 0).sum() == len(gold_versions())
    assert versions["rank"].notna().all()  # every row is a step of its titre's lineage


def test_versions_known_only_from_later_texts_are_kept_with_unknown_action():
    """The versions of the earlier arrêtés a text names: one row each, action and certificates unknown (NA),
    not dropped. Every earlier act a gold text names is among the versions of its titre."""
    kg, _ = corpus_graph()
    versions = table("versions")
    cited_only = versions[versions.sources == 0]
    assert len(cited_only) > 0
    assert cited_only.action.isna().all() and cited_only.certificates.isna().all()
    # a titre split in two or merged: its earlier versions are those of the titre it comes from
    derived = kg.select("SELECT DISTINCT ?a ?b WHERE { ?a a lg:TitreProfessionnel ; prov:wasDerivedFrom ?b }")
    family = nx.Graph([(a.value, b.value) for a, b in derived])
    by_act = versions.set_index("act_iri")
    for g in gold().values():
        if not g["previous_acts"] or not (g.get("titre") or {}).get("name"):
            continue
        act = source_acts()[g["file"]]
        titre = by_act.loc[act, "titre_iri"]
        works = {titre} | (nx.node_connected_component(family, titre) if titre in family else set())
        dates = {d.date().isoformat() for d in versions[versions.titre_iri.isin(works)].date.dropna()}
        assert set(g["previous_acts"]) <= dates, g["file"]


def test_a_version_is_what_its_text_as_published_says_where_a_consolidated_copy_differs():
    """A consolidated copy is the act as later modified: where a copy as published names the titre, the
    version's name is that copy's, whatever the consolidated ones print; without one, theirs."""
    from legalgraph.graph.identity import consolidation

    versions = table("versions").set_index("act_iri")
    act_of = source_acts()
    names: dict[str, dict[bool, set]] = {}
    for file, doc in corpus_docs().items():
        if doc.titre and doc.titre.name:
            consolidated = consolidation(doc)[0]
            names.setdefault(act_of[file], {True: set(), False: set()})[consolidated].add(doc.titre.name)
    mixed = 0
    for act, by_kind in names.items():
        expected = by_kind[False] or by_kind[True]
        assert versions.loc[act, "name"] in expected, act
        mixed += bool(by_kind[False] and by_kind[True] and by_kind[False] != by_kind[True])
    assert mixed >= 1  # the corpus has such a pair (agent de restauration, 2003 and its 2011 LEGI version)


def test_the_published_name_wins_whatever_the_order_of_the_names(tmp_path):
    """The same pair built alone, the consolidated copy's graph then made to state a name that sorts first (as
    if a later act had renamed the titre): the published name still wins, and SPARQL still sees both, each in
    its source's graph."""
    folder = tmp_path / "texts"
    folder.mkdir()
    for f in (
        "2003-07-31_agent-de-restauration.txt",
        "2003-07-31_agent-de-restauration__consolidated-legi-2011.md",
    ):
        (folder / f).write_bytes((CORPUS / f).read_bytes())
    kg = legalgraph.open(tmp_path / "store")
    kg.build(folder)
    published = legalgraph.parse(folder / "2003-07-31_agent-de-restauration.txt").titre.name
    (version, name, graph), *others = kg.select(
        "SELECT ?v ?n ?g WHERE { GRAPH ?g { ?v lg:titreName ?n } ?g eli:embodies ?e . ?e lg:consolidated true }"
    )
    assert not others and name.value != published
    kg.store.remove([ox.Quad(version, LG.titreName, name, graph)])
    kg.store.add([ox.Quad(version, LG.titreName, ox.Literal("adjoint(e) de restauration"), graph)])
    assert list(kg.versions().name) == [published]
    stated = kg.select("SELECT DISTINCT ?n WHERE { GRAPH ?g { ?v a lg:TitreVersion ; lg:titreName ?n } }")
    assert {n.value for (n,) in stated} == {published, "adjoint(e) de restauration"}


def test_version_actions_are_what_the_texts_say():
    """The action of each version established by a corpus text is the one ``legalgraph.parse`` reads in its
    copies (NA where none says it), and where the gold states one, it is the gold's."""
    versions = table("versions").set_index("act_iri")
    act_of = source_acts()
    read: dict[str, set] = {}
    for name, doc in corpus_docs().items():
        if doc.titre and doc.titre.action:
            read.setdefault(act_of[name], set()).add(ACTION_LABELS[doc.titre.action])
    for act, row in versions[versions.sources > 0].iterrows():
        assert (pd.isna(row.action) and act not in read) or row.action in read.get(act, ()), act
    for g in gold().values():
        action = (g.get("titre") or {}).get("action")
        if action and act_of[g["file"]] in read:
            assert versions.action[act_of[g["file"]]] == ACTION_LABELS[Action(action)], g["file"]


def test_certificates_one_row_per_rank_of_each_version():
    certificates = table("certificates")
    expected = sum(len({c["rank"] for g in gs for c in g["certificates"]}) for gs in gold_versions().values())
    assert len(certificates) == expected
    assert certificates.iri.is_unique
    assert not certificates.duplicated(["version_iri", "rank"]).any()
    titles = {fold(t) for t in certificates.title}
    for g in gold().values():
        for c in g["certificates"]:
            if not c["truncated"]:
                assert fold(c["title"]) in titles, (g["file"], c["title"])
    # cut off where every copy that lists it cuts it off (a fragment and a full copy: the full one says it all)
    cut = 0
    for gs in gold_versions().values():
        ranks: dict[int, list[bool]] = {}
        for g in gs:
            for c in g["certificates"]:
                ranks.setdefault(c["rank"], []).append(c["truncated"])
        cut += sum(all(flags) for flags in ranks.values())
    assert certificates.truncated.sum() == cut
    # each version counts its certificates
    counted = certificates.groupby("version_iri").size()
    versions = table("versions").set_index("iri")
    assert (versions.loc[counted.index, "certificates"] == counted).all()


def test_equivalences_one_row_per_table_row():
    assert len(table("equivalences")) == sum(g["equivalences_count"] for g in gold().values())
    assert table("equivalences").iri.is_unique


def test_titres_one_row_per_work():
    titres, versions = table("titres"), table("versions")
    assert titres.iri.is_unique
    assert set(titres.iri) == set(versions.titre_iri)
    assert titres.versions.sum() == len(versions)


def test_citations_name_every_key_the_gold_lists():
    citations = table("citations")
    expected = {k for g in gold().values() for k in g["citation_keys"]}
    keys = set(citations.key.dropna())
    assert expected <= keys
    # beyond them: a code the text names with its articles (the gold keys its articles)
    for extra in keys - expected:
        assert extra.startswith("code:") and any(k.startswith(extra + ":") for k in expected), extra
    assert not citations.duplicated(
        ["citing_iri", "expression_iri", "where", "cited_iri", "key", "words"]
    ).any()


def test_citations_are_dated_by_the_citing_version():
    """A text cites acts older than itself: a consolidated copy's citations are dated at its own version (or
    unknown), never at the act it consolidates — so none cites an act of a later date."""
    citations, acts = table("citations"), table("acts").set_index("iri")
    dated = citations.dropna(subset=["citing_date", "cited_date"])
    assert len(dated) > 0 and (dated.citing_date >= dated.cited_date).all()
    as_published = citations[~citations.consolidated & citations.citing_date.notna()]
    assert (as_published.citing_date.values == acts.loc[as_published.citing_iri, "date"].values).all()
    consolidated = citations[citations.consolidated]
    assert len(consolidated) > 0
    later = consolidated.dropna(subset=["citing_date"])
    assert (later.citing_date.values >= acts.loc[later.citing_iri, "date"].values).all()


# ---- types and labels --------------------------------------------------------------------------------------

_IRI_COLUMNS = re.compile(r"^(?:iri|.*_iri|legifrance|eli)$")
_NOT_A_LABEL = re.compile(
    r"https?://|[0-9a-f]{64}|[0-9a-f]{16}|/unidentified/|^/|\\|\.(?:txt|md|html|xml|json)\b"
)


@pytest.mark.parametrize("name", TABLES)
def test_columns_are_typed_and_missing_is_na(name):
    df = table(name)
    assert len(df) > 0
    for column, dtype in df.dtypes.items():
        # string, Int64, boolean, datetime64, category: never object (where None and NaN would mix)
        assert not (isinstance(dtype, np.dtype) and dtype.kind in "Of"), (name, column)
        if isinstance(dtype, pd.CategoricalDtype):
            assert str(dtype.categories.dtype) == "string", (name, column)  # missing shows as <NA>
    for column in df.columns:
        if column.endswith("date") or column.startswith("registration_") and column != "registration_years":
            assert str(df[column].dtype).startswith("datetime64"), (name, column)


@pytest.mark.parametrize("name", TABLES)
def test_labels_hold_no_iri_hash_or_path(name):
    df = table(name)
    for column, dtype in df.dtypes.items():
        if _IRI_COLUMNS.match(column) or str(dtype) not in ("string", "category"):
            continue
        for value in df[column].dropna().astype(str):
            assert not _NOT_A_LABEL.search(value), (name, column, value)
    iris = [c for c in df.columns if _IRI_COLUMNS.match(c) and c not in ("legifrance", "eli")]
    assert iris and all(df[c].dropna().str.startswith("https://w3id.org/legalgraph/").all() for c in iris)
    assert list(df.columns).index(iris[0]) > list(df.columns).index(
        next(c for c in df.columns if c not in iris)
    )


def test_acts_have_a_kind_and_a_title_each():
    acts = table("acts")
    assert acts.kind.notna().all() and acts.title.notna().all()
    assert {"arrêté", "décret", "code", "article de code", "avis"} <= set(acts.kind.dropna())
    linked = acts.dropna(subset=["legifrance"])
    assert linked.legifrance.str.startswith("https://www.legifrance.gouv.fr/").all()


@pytest.mark.parametrize("name", TABLES)
def test_docstring_names_every_column(name):
    from legalgraph import tables

    doc = getattr(tables, name).__doc__
    for column in table(name).columns:
        assert f"``{column}``" in doc, (name, column)


@pytest.mark.parametrize("name", TABLES)
def test_readme_documents_every_column(name):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    (row,) = [line for line in readme.splitlines() if line.startswith(f"| `kg.{name}()` |")]
    assert [c for c in table(name).columns if f"`{c}`" not in row] == []


def test_readme_counts_are_the_tables():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    said = re.search(
        r"On the corpus: (\d+) acts, (\d+) versions of (\d+) titres, (\d+) certificates,\s+(\d+) equivalence rows, "
        r"(\d+) citations",
        readme,
    )
    assert said, "the README's sentence on the corpus' tables"
    counted = [
        len(table(n)) for n in ("acts", "versions", "titres", "certificates", "equivalences", "citations")
    ]
    assert [int(n) for n in said.groups()] == counted
