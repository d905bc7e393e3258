"""The default store: pyoxigraph (Oxigraph on RocksDB) in a folder on disk. Fast SPARQL 1.1, no server."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from pyoxigraph import NamedNode, Quad, RdfFormat

from legalgraph.errors import LegalgraphError
from legalgraph.graph.namespaces import PREFIXES
from legalgraph.store.base import Solutions, Term, insert_data, substitute, syntax_error


def is_store(path: Path) -> bool:
    """A folder that holds a store (RocksDB's CURRENT file names its manifest)."""
    return (path / "CURRENT").is_file()


def check_store_folder(path: Path) -> None:
    """A store is made only in a new or empty folder: never among someone's files."""
    if path.exists() and not path.is_dir():
        raise LegalgraphError("not a folder: a store is a folder", str(path))
    if path.is_dir() and not is_store(path) and any(path.iterdir()):
        raise LegalgraphError(
            "this folder is neither empty nor a legalgraph store: refusing to write a store into it "
            "(give a new or empty folder)",
            str(path),
        )


class OxigraphStore:
    """A pyoxigraph ``Store``; in memory when ``path`` is None.

    Opening a store on disk checks its derived graph against its source graphs (``load.check_derived``): a
    writable store whose last build was cut short is brought up to date, a read-only one warns."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False):
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                if not is_store(self.path):
                    raise LegalgraphError(
                        "no legalgraph store here (run `legalgraph build` first)", str(path)
                    )
                self._store = ox.Store.read_only(str(path))
            else:
                check_store_folder(self.path)
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as exc:
            reason = "the store is open in another process" if "lock" in str(exc).lower() else str(exc)
            raise LegalgraphError(f"cannot open the store: {reason}", str(path)) from exc
        if self.path is not None:
            from legalgraph.store.load import check_derived

            check_derived(self, repair=not read_only, where=str(self.path))

    # -- queries -------------------------------------------------------------------------------------------

    def _query(self, query: str, bindings: Mapping[str, Term] | None):
        return self._store.query(substitute(query, bindings), use_default_graph_as_union=True)

    def answer(self, query: str, prefixes: Mapping[str, str], bindings: Mapping[str, Term] | None = None):
        """Any query form (``base.answer``), ``prefixes`` declared through the engine: its syntax errors are
        at the user's own line and column."""
        try:
            result = self._store.query(
                substitute(query, bindings), prefixes=dict(prefixes), use_default_graph_as_union=True
            )
        except SyntaxError as exc:
            raise syntax_error(exc, query) from None
        if isinstance(result, ox.QuerySolutions):
            return Solutions.of(result)
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        return list(result)

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> Solutions:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise LegalgraphError("not a SELECT query")
        return Solutions.of(result)

    def ask(self, query: str, bindings: Mapping[str, Term] | None = None) -> bool:
        return bool(self._query(query, bindings))

    def construct(self, query: str, bindings: Mapping[str, Term] | None = None) -> list:
        return list(self._query(query, bindings))

    # -- writes ----------------------------------------------------------------------------------------------

    def add(self, quads: Sequence[Quad]) -> None:
        self._store.extend(quads)

    def add_bulk(self, quads: Sequence[Quad]) -> None:
        self._store.bulk_extend(quads)

    def bulk_load_nquads(self, data: bytes) -> None:
        """N-Quads through the bulk loader: parsed and sorted in Rust, not one Python object per quad."""
        self._store.bulk_load(data, RdfFormat.N_QUADS)

    def replace_graph(self, graph: NamedNode, quads: Sequence[Quad]) -> None:
        # One SPARQL update is one transaction: readers see the old graph or the new one, never neither.
        self._store.update(f"DROP SILENT GRAPH {graph} ;\n" + insert_data(quads))

    def remove_graph(self, graph: NamedNode) -> None:
        if self._store.contains_named_graph(graph):
            self._store.remove_graph(graph)

    def remove(self, quads: Sequence[Quad]) -> None:
        for q in quads:
            self._store.remove(q)

    def graph_names(self) -> set[NamedNode]:
        return {g for g in self._store.named_graphs() if isinstance(g, NamedNode)}

    def quads(self, graph: NamedNode | None = None) -> Iterator[Quad]:
        return iter(self._store.quads_for_pattern(None, None, None, graph))

    def dump(self, output: IO[bytes], format: RdfFormat, graph: NamedNode | None = None) -> None:
        if format in (RdfFormat.N_QUADS, RdfFormat.TRIG) or (format == RdfFormat.JSON_LD and graph is None):
            if graph is None:
                self._store.dump(output, format, prefixes=_prefixes(format))
            else:
                ox.serialize(self.quads(graph), output, format, prefixes=_prefixes(format))
            return
        if graph is not None:
            self._store.dump(output, format, from_graph=graph, prefixes=_prefixes(format))
            return
        # A triple format for the whole dataset: the union of the graphs, each triple once.
        seen = {ox.Triple(q.subject, q.predicate, q.object) for q in self._store}
        ox.serialize(seen, output, format, prefixes=_prefixes(format))

    def flush(self) -> None:
        if self.path is not None and not self.read_only:
            self._store.flush()

    def optimize(self) -> None:
        if self.path is not None and not self.read_only:
            self._store.optimize()

    def __len__(self) -> int:
        return len(self._store)

    def close(self) -> None:
        self.flush()
        del self._store

    def __enter__(self) -> OxigraphStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _prefixes(format: RdfFormat) -> dict[str, str] | None:
    return dict(PREFIXES) if format in (RdfFormat.TURTLE, RdfFormat.TRIG) else None
