"""``legalgraph.open(path)`` → ``KnowledgeGraph``: the graph in a notebook — DataFrames, NetworkX, builds, exports.

>>> kg = legalgraph.open("store")                  # the store `legalgraph build` filled
>>> kg.acts(), kg.versions(), kg.citations()       # tidy tables: one row per act, version, citation…
>>> kg.named("cited-by", act="arrete:2015-12-22")  # a DataFrame
>>> kg.query("SELECT ?act WHERE { ?act a eli:LegalResource } LIMIT 5")
>>> G = kg.to_networkx("lineage")                  # a typed MultiDiGraph
"""

from __future__ import annotations

import difflib
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from pyoxigraph import RdfFormat

from legalgraph import queries, tables
from legalgraph.errors import LegalgraphError
from legalgraph.graph.identity import titre_key
from legalgraph.graph.namespaces import PREFIXES, sparql_prefixes
from legalgraph.models import Document
from legalgraph.store import BuildReport, Store, build_paths, load_documents, open_store
from legalgraph.store.base import Solutions, answer
from legalgraph.store.results import to_dataframe, to_records, triples_dataframe

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
    stated = acts(
        "SELECT DISTINCT ?act WHERE { GRAPH ?g { VALUES ?p { lg:nor lg:jorfId lg:legiId } ?act ?p ?v } }"
    )
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


class UnknownNameWarning(UserWarning):
    """A named query asked about a titre or an act the graph does not hold (a misspelling, most likely)."""


# What each parameter type looks like, for the error that says which keyword is missing.
_EXAMPLES = {
    "act": "arrete:2015-12-22",
    "titre": "conseiller commercial",
    "rome": "K1801",
    "level": "5",
    "date": "2024-01-01",
    "integer": "1",
}


class KnowledgeGraph:
    """A store with the questions analysts ask of it. Queries see all graphs as one; prefixes are declared."""

    def __init__(self, store: Store):
        self.store = store

    # -- tidy tables: one call, one row per real thing (columns: legalgraph/tables.py, README) ---------------

    def acts(self):
        """One row per act: title, kind, date, key, official ids, Légifrance page, sources, cited_by, IRI."""
        return tables.acts(self.store)

    def versions(self):
        """One row per titre version: name, titre, action (NA when unknown), date, level, NSF, ROME,
        registration, certificates, hours, IRIs."""
        return tables.versions(self.store)

    def titres(self):
        """One row per titre professionnel (a work across its versions)."""
        return tables.titres(self.store)

    def certificates(self):
        """One row per certificate (CCP, bloc) of a titre version: rank, title, hours."""
        return tables.certificates(self.store)

    def equivalences(self):
        """One row per row of an equivalence table: old and new certificates."""
        return tables.equivalences(self.store)

    def citations(self):
        """One row per act a version of a text cites in one part, dated by that version (consolidated copies at
        their own date)."""
        return tables.citations(self.store)

    # -- questions -----------------------------------------------------------------------------------------

    def select(self, sparql: str, **bindings) -> Solutions:
        """Raw solutions (pyoxigraph terms); the standard prefixes (eli, lg, skos, dcterms…) are declared."""
        return self.store.select(sparql_prefixes() + sparql, bindings or None)

    def query(self, sparql: str, **bindings):
        """Any SPARQL query, the standard prefixes declared. A SELECT gives a pandas DataFrame (IRIs as strings,
        numbers, booleans and dates as such); an ASK, a ``bool``; a CONSTRUCT or DESCRIBE, a DataFrame of its
        triples (columns ``subject``, ``predicate``, ``object``, values as for a SELECT). ``bindings`` give
        variables a value (pyoxigraph terms). A bad query raises ``legalgraph.store.base.QueryError`` (a
        ``LegalgraphError``) at its own line and column."""
        result = answer(self.store, sparql, PREFIXES, bindings or None)
        if isinstance(result, bool):
            return result
        if isinstance(result, Solutions):
            return to_dataframe(result)
        return triples_dataframe(result)

    def named(self, name: str, **params: str):
        """A named query (``legalgraph/queries/<name>.rq``) as a DataFrame: ``kg.named("lineage", titre="…")``.

        A missing or unknown keyword raises ``LegalgraphError`` naming the keywords to pass. A titre or act the
        graph does not hold gives an empty DataFrame and an ``UnknownNameWarning`` naming the nearest names the
        graph knows (a misspelling is never silent; an empty answer about a known titre or act warns nothing)."""
        return to_dataframe(self._run(name, params))

    def named_rows(self, name: str, **params: str) -> list[dict]:
        """A named query as a list of dicts (no pandas needed); errors as ``named``."""
        return to_records(self._run(name, params))

    def _run(self, name: str, params: dict[str, str]) -> Solutions:
        if name not in queries.named_queries():
            near = difflib.get_close_matches(name, list(queries.named_queries()), n=3, cutoff=0.5)
            hint = f" (did you mean {', '.join(map(repr, near))}?)" if near else ""
            raise LegalgraphError(f"no named query {name!r}{hint}; kg.named_queries() lists them")
        query = queries.get(name)
        call = f"kg.named({name!r})"
        unknown = sorted(set(params) - set(query.params))
        if unknown:
            takes = ", ".join(f"{p}=" for p in query.params) or "no keyword"
            raise LegalgraphError(f"{call} has no keyword {', '.join(unknown)}; it takes {takes}")
        missing = [p for p in query.params if p not in params]
        if missing:
            wanted = "; ".join(f"{p}=… ({query.params[p][1] or query.params[p][0]})" for p in missing)
            example = ", ".join(f"{p}={_EXAMPLES.get(query.params[p][0], '…')!r}" for p in missing)
            raise LegalgraphError(f"{call} needs the keyword {wanted}: kg.named({name!r}, {example})")
        solutions = queries.run(self.store, name, **params)
        if not solutions.rows:
            for param, value in params.items():
                self._check_known(query.params[param][0], param, value)
        return solutions

    def _check_known(self, kind: str, param: str, value: str) -> None:
        """An empty answer for a titre or act the graph does not hold is most likely a misspelling: say so (a
        warning: the empty answer is still right, e.g. once the titre's texts are removed)."""
        if kind == "titre":
            term = queries.titre_term(value)
            names = self._strings("SELECT DISTINCT ?n WHERE { { ?v lg:titreName ?n } UNION "
                                  "{ ?t a lg:TitreProfessionnel ; rdfs:label ?n } }")  # fmt: skip
            fold = titre_key
            what = "titre named"
        elif kind == "act":
            term = queries.act_term(value)
            names = self._strings("SELECT DISTINCT ?n WHERE { ?a a eli:LegalResource ; lg:citationKey ?n }")
            fold = str.lower
            what = "act with the key" if not str(term.value).startswith("http") else "act"
        else:
            return
        held = "ASK { { ?x lg:nameKey ?v } UNION { ?x lg:citationKey ?v } UNION { ?v ?p ?o } }"
        if self.store.ask(sparql_prefixes() + held, {"v": term}):
            return
        by_fold = {fold(n): n for n in names}
        near = [by_fold[k] for k in difflib.get_close_matches(fold(value), list(by_fold), n=5, cutoff=0.6)]
        hint = f"; nearest: {', '.join(map(repr, near))}" if near else ""
        # stacklevel: the warning points at the caller of kg.named (named → _run → _check_known)
        warnings.warn(f"no {what} {value!r} in the graph ({param}=…){hint}", UnknownNameWarning, stacklevel=4)

    def _strings(self, sparql: str) -> list[str]:
        return sorted({row[0].value for row in self.select(sparql).rows if row[0] is not None})

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
        """Parse and add files or folders, as ``legalgraph build`` does: a folder is a build root (a file gone
        from it is removed from the store). A path that does not exist raises ``LegalgraphError`` before
        anything is read; a file that cannot be read is a warning (and ``report.failed``), the others go on."""
        missing = [str(p) for p in paths if not Path(p).exists()]
        if missing:
            raise LegalgraphError(
                f"no such file or folder: {', '.join(missing)} (working directory: {Path.cwd()})"
            )
        if not paths:
            raise LegalgraphError("kg.build needs a file or a folder, e.g. kg.build('corpus/texts')")

        def failed(path: Path, error: LegalgraphError) -> None:
            warnings.warn(str(error), stacklevel=3)

        return build_paths(self.store, list(paths), progress=progress, on_error=failed)

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
