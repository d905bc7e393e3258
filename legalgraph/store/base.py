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

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Triple

from legalgraph.errors import LegalgraphError

Term = NamedNode | BlankNode | Literal


class QueryError(LegalgraphError):
    """A SPARQL text that cannot be run, with the line and column of the user's own text where the parser
    says (the one error a query gives, whatever the store: never the engine's own ``SyntaxError``)."""

    def __init__(self, reason: str, line: int | None = None, column: int | None = None):
        self.line, self.column = line, column
        super().__init__(reason)


def _syntax(reason: str, line: int, column: int) -> QueryError:
    return QueryError(f"SPARQL syntax error at line {line}, column {column}: {reason}", line, column)


_POSITION = re.compile(r"^error at (\d+):(\d+):\s*(.*)$", re.DOTALL)


def syntax_error(exc: Exception, text: str | None = None, lines_before: int = 0) -> QueryError:
    """The engine's syntax error as a ``QueryError`` at the user's position in ``text``: ``lines_before`` lines
    (the prefixes) were sent before it. An undeclared prefix is named, at the column where its name starts
    (the engine points past the prefixed name)."""
    message = str(exc).strip()
    m = _POSITION.match(message)
    if not m:
        return QueryError(f"SPARQL syntax error: {message}")
    line, column, reason = int(m[1]) - lines_before, int(m[2]), m[3]
    if "Prefix not found" in reason:
        lines = (text or "").split("\n")
        before = lines[line - 1][: column - 1] if 0 < line <= len(lines) else ""
        name = _PNAME_END.search(before)
        if name:
            column = name.start() + 1
            reason = f"the prefix {name[1]}: is not declared (PREFIX {name[1]}: <…>)"
        else:
            reason = "a prefix that is not declared (PREFIX name: <…>)"
    elif len(reason) > 200:  # the parser lists every character class it expected
        reason = reason[:200] + "…"
    return _syntax(reason, line, column)


_PNAME_END = re.compile(r"([^\s{}()<>;,.\[\]\"'^:]*):[^\s{}()<>;,\[\]\"']*$")


_NOT_CODE = re.compile(r"#[^\r\n]*|<[^<>\s]*>|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'")
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b(?!:)", re.IGNORECASE)


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first of these words outside comments, IRIs and strings
    (SELECT when none is found: the engine then says what is wrong)."""
    m = _FORM.search(_NOT_CODE.sub(" ", text))
    return m[1].upper() if m else "SELECT"


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

    def construct(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[Triple]:
        """The triples of a CONSTRUCT or DESCRIBE query."""
        ...

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


def answer(store: Store, text: str, prefixes: Mapping[str, str], bindings: Mapping[str, Term] | None = None):
    """Any SPARQL query on any store, with ``prefixes`` declared: ``Solutions`` for a SELECT, a ``bool`` for an
    ASK, a list of triples for a CONSTRUCT or DESCRIBE. A bad query raises ``QueryError`` at the user's own
    line and column (stores that take no default prefixes get them as lines before the text, then taken off)."""
    native = getattr(store, "answer", None)
    if native is not None:  # the embedded store declares the prefixes through the engine
        return native(text, prefixes, bindings)
    head = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in prefixes.items())
    form = query_form(text)
    run = {"ASK": store.ask, "CONSTRUCT": store.construct, "DESCRIBE": store.construct}.get(
        form, store.select
    )
    lines = head.count("\n")
    try:
        return run(head + text, bindings)
    except SyntaxError as exc:
        raise syntax_error(exc, text, lines) from None
    except LegalgraphError:
        raise
    except Exception as exc:
        if isinstance(getattr(exc, "lineno", None), int) and isinstance(getattr(exc, "col", None), int):
            # rdflib's parser (pyparsing) says where, as lineno and col
            raise _syntax(str(exc.msg), exc.lineno - lines, exc.col) from None
        if type(exc) is Exception and str(exc).startswith("Unknown namespace prefix"):  # rdflib's words
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        raise


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
