"""``legalgraph.open(path)`` → ``KnowledgeGraph``: the graph in a notebook — DataFrames, NetworkX, builds, exports.

>>> kg = legalgraph.open("store")                  # the store `legalgraph build` filled
>>> kg.named("cited-by", act="arrete:2015-12-22")  # a DataFrame
>>> kg.query("SELECT ?act WHERE { ?act a eli:LegalResource } LIMIT 5")
>>> G = kg.to_networkx("lineage")                  # a typed MultiDiGraph
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import IO

from pyoxigraph import RdfFormat

from legalgraph import queries
from legalgraph.graph.namespaces import sparql_prefixes
from legalgraph.models import Document
from legalgraph.store import BuildReport, Store, build_paths, load_documents, open_store
from legalgraph.store.base import Solutions
from legalgraph.store.results import to_dataframe, to_records

EXPORT_FORMATS = {
    "ttl": RdfFormat.TURTLE,
    "trig": RdfFormat.TRIG,
    "nq": RdfFormat.N_QUADS,
    "nt": RdfFormat.N_TRIPLES,
    "jsonld": RdfFormat.JSON_LD,
}


_CITED = "SELECT DISTINCT ?act WHERE { { ?c oa:hasBody ?act } UNION { ?x eli:cites ?act } }"
_WITH = "SELECT DISTINCT ?act WHERE { VALUES ?p { %s } ?act ?p ?v }"


def linkage(store: Store) -> dict[str, int | float]:
    """How many distinct cited acts carry an official id (NOR, JORFTEXT, LEGITEXT, LEGIARTI) and a Légifrance
    link, and how many the catalogue or a text gives an id for (the bound: avis have none)."""
    from legalgraph.graph.catalogue import seed_catalogue

    def acts(sparql: str) -> set[str]:
        return {row[0].value for row in store.select(sparql_prefixes() + sparql)}

    cited = acts(_CITED)
    with_id = cited & acts(_WITH % "lg:nor lg:jorfId lg:legiId lg:legiArticleId")
    with_link = cited & acts(_WITH % "lg:legifranceUrl")
    catalogue = seed_catalogue()
    known = {
        catalogue.canonical(a).iri
        for a in catalogue.acts
        if a.jorftext or a.nor or a.legiarti or (a.legitext and not (a.code and a.code[1]))
    }
    stated = acts("SELECT DISTINCT ?act WHERE { GRAPH ?g { VALUES ?p { lg:nor lg:jorfId lg:legiId } ?act ?p ?v } }")
    with_id_known = cited & (known | stated)
    n = len(cited) or 1
    return {
        "cited": len(cited),
        "with_id": len(with_id),
        "with_id_known": len(with_id_known),
        "with_link": len(with_link),
        "share_with_id": len(with_id) / n,
        "share_with_link": len(with_link) / n,
    }


def linkage_line(store: Store) -> str:
    """One line for a person: "96 cited acts: 31 (32 %) with an official id, …"."""
    s = linkage(store)
    return (
        f"{s['cited']} distinct cited acts: {s['with_id']} ({s['share_with_id']:.0%}) carry an official id, "
        f"{s['with_link']} ({s['share_with_link']:.0%}) a Légifrance link; the catalogue and the texts know an id "
        f"for {s['with_id_known']}"
    )


def unattached_sources(store: Store) -> list[str]:
    """The sources whose act nothing identifies (an undated article page without title or NOR): each stays an
    act of its own, named after its bytes, rather than a guess that could merge two acts."""
    rows = store.select(
        sparql_prefixes()
        + """SELECT DISTINCT ?s ?p WHERE { ?s eli:embodies ?e . ?e eli:realizes ?act
             FILTER(CONTAINS(STR(?act), "/unidentified/")) OPTIONAL { ?s lg:sourcePath ?p } }"""
    )
    return sorted((p or s).value.rsplit("/", 1)[-1] for s, p in rows)


class KnowledgeGraph:
    """A store with the questions analysts ask of it. Queries see all graphs as one; prefixes are declared."""

    def __init__(self, store: Store):
        self.store = store

    # -- questions -----------------------------------------------------------------------------------------

    def select(self, sparql: str, **bindings) -> Solutions:
        """Raw solutions (pyoxigraph terms); the standard prefixes (eli, lg, skos, dcterms…) are declared."""
        return self.store.select(sparql_prefixes() + sparql, bindings or None)

    def query(self, sparql: str, **bindings):
        """A SPARQL SELECT as a pandas DataFrame: IRIs as strings, numbers, booleans and dates as such."""
        return to_dataframe(self.select(sparql, **bindings))

    def named(self, name: str, **params: str):
        """A named query (``legalgraph/queries/<name>.rq``) as a DataFrame: ``kg.named("lineage", titre="…")``."""
        return to_dataframe(queries.run(self.store, name, **params))

    def named_rows(self, name: str, **params: str) -> list[dict]:
        """A named query as a list of dicts (no pandas needed)."""
        return to_records(queries.run(self.store, name, **params))

    def records(self):
        """The record of every source, rebuilt from the graph alone (``store.records``), as a DataFrame: one
        row per source, the contract's fields as columns (lists and the titre as Python objects)."""
        import pandas as pd

        from legalgraph.store.records import records

        return pd.DataFrame(records(self.store))

    @staticmethod
    def named_queries() -> dict[str, str]:
        """Name → what it answers, for every named query."""
        return {q.name: q.description for q in queries.named_queries().values()}

    def to_networkx(self, view: str = "all"):
        """``all``, ``citations`` (acts and cites/amends/repeals) or ``lineage`` (titres, versions, certificates)."""
        from legalgraph.graph.network import to_networkx

        return to_networkx(self.store, view)

    def summary(self) -> dict[str, int]:
        """How many of each thing the graph holds."""
        counts = {}
        for label, pattern in {
            "sources": "?x a lg:SourceDocument",
            "acts": "?x a eli:LegalResource",
            "citations": "?x a lg:Citation",
            "titres": "?x a lg:TitreProfessionnel",
            "versions": "?x a lg:TitreVersion",
            "certificates": "?x a lg:Certificate",
            "equivalences": "?x a lg:Equivalence",
        }.items():
            (row,) = self.select(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {pattern} }}").rows
            counts[label] = int(row[0].value)
        counts["quads"] = len(self.store)
        return counts

    # -- building and exporting -------------------------------------------------------------------------------

    def build(self, *paths: str | Path, progress: bool = False) -> BuildReport:
        """Parse and add files or folders (see ``legalgraph build``)."""
        from legalgraph.cli import iter_sources

        return build_paths(self.store, iter_sources([str(p) for p in paths]), progress=progress)

    def add(self, docs: Iterable[Document]) -> BuildReport:
        """Add parsed documents."""
        return load_documents(self.store, docs)

    def export(self, output: str | Path | IO[bytes], format: str = "trig") -> None:
        """Write the graph: ``ttl``/``nt`` (all graphs as one), ``trig``/``nq``/``jsonld`` (with graphs), ``graphml``."""
        if format == "graphml":
            import networkx as nx

            nx.write_graphml(self.to_networkx(), output)
            return
        if format not in EXPORT_FORMATS:
            raise ValueError(f"unknown export format {format!r}: {', '.join([*EXPORT_FORMATS, 'graphml'])}")
        if isinstance(output, str | Path):
            with open(output, "wb") as f:  # the builtin: this module does not shadow it
                self.store.dump(f, EXPORT_FORMATS[format])
        else:
            self.store.dump(output, EXPORT_FORMATS[format])

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        where = getattr(self.store, "path", None)
        return f"<legalgraph.KnowledgeGraph {where or 'in memory'}: {len(self.store)} quads>"


def open_graph(
    path: str | Path | None = None, *, backend: str = "oxigraph", read_only: bool = False
) -> KnowledgeGraph:
    """The knowledge graph in the store at ``path`` (made if missing), or a new one in memory when None."""
    return KnowledgeGraph(open_store(path, backend=backend, read_only=read_only))
