"""What legalgraph needs from a quad store, so that the embedded store, rdflib in memory and (later) a remote
SPARQL 1.1 Protocol server are interchangeable.

Terms cross this boundary as pyoxigraph terms (``NamedNode``, ``Literal``, ``BlankNode``, ``Quad``); each store
converts at its own edge. Every query sees the union of all named graphs as its default graph: an analyst asks
about acts and titres, not about which file said so — ``GRAPH ?g`` is there when she does want to know.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Protocol, runtime_checkable

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat

Term = NamedNode | BlankNode | Literal


@dataclass
class Solutions:
    """The answer of a SELECT query: variable names and one tuple of terms (or None when unbound) per row."""

    variables: list[str]
    rows: list[tuple[Term | None, ...]]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[tuple[Term | None, ...]]:
        return iter(self.rows)

    @classmethod
    def of(cls, result) -> Solutions:
        """From pyoxigraph's ``QuerySolutions`` (index access by position is the cheapest way out of a row)."""
        variables = [v.value for v in result.variables]
        n = len(variables)
        return cls(variables, [tuple(s[i] for i in range(n)) for s in result])

    def column(self, name: str) -> list[Term | None]:
        i = self.variables.index(name)
        return [row[i] for row in self.rows]


@runtime_checkable
class Store(Protocol):
    """A quad store legalgraph can build into and query."""

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> Solutions:
        """Run a SPARQL SELECT; ``bindings`` give variables a value before evaluation (SEP-0007 substitution)."""
        ...

    def ask(self, query: str, bindings: Mapping[str, Term] | None = None) -> bool: ...

    def add(self, quads: Sequence[Quad]) -> None:
        """Add quads in one transaction: all are written or none."""
        ...

    def add_bulk(self, quads: Sequence[Quad]) -> None:
        """Add many quads as fast as the store can; may be non-atomic (callers commit with ``add`` after)."""
        ...

    def replace_graph(self, graph: NamedNode, quads: Sequence[Quad]) -> None:
        """Drop ``graph`` and write ``quads`` into it in one transaction."""
        ...

    def remove_graph(self, graph: NamedNode) -> None: ...

    def remove(self, quads: Sequence[Quad]) -> None: ...

    def graph_names(self) -> set[NamedNode]: ...

    def quads(self, graph: NamedNode | None = None) -> Iterator[Quad]: ...

    def dump(self, output: IO[bytes], format: RdfFormat, graph: NamedNode | None = None) -> None:
        """Serialize the dataset (or, for triple formats, one graph or the union of all) to ``output``."""
        ...

    def __len__(self) -> int: ...

    def close(self) -> None: ...


def nquads_line(q: Quad) -> str:
    return f"{q.subject} {q.predicate} {q.object} {q.graph_name} .\n"


def insert_data(quads: Iterable[Quad]) -> str:
    """A SPARQL ``INSERT DATA`` for ``quads`` (N-Triples syntax is valid SPARQL term syntax)."""
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        by_graph.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
    blocks = "\n".join(f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}" for g, lines in by_graph.items())
    return f"INSERT DATA {{\n{blocks}\n}}"


def substitute(query: str, bindings: Mapping[str, Term] | None) -> str:
    """``query`` with each ``?name`` of ``bindings`` replaced by its term, as SEP-0007 substitution defines it.

    A parameter is an RDF term serialized by pyoxigraph (IRIs and strings escaped), never SPARQL text, so
    nothing can be injected. Constants, unlike a ``VALUES`` block, are in scope in every group of the query
    and let the optimizer start from them. A substituted variable must not be projected by the query.
    """
    for name, term in (bindings or {}).items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise ValueError(f"not a variable name: {name!r}")
        text = str(term)
        query = re.sub(rf"[?$]{name}\b", lambda _m, text=text: text, query)
    return query
