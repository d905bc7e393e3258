"""Answers of named queries compared across stores: what SPARQL leaves unspecified is put in one order.

GROUP_CONCAT joins the values of a group in whatever order the engine met them (two Oxigraph stores holding the
same quads already differ), and rows that tie on the query's ``# order:`` variables may come in any order.
"""

from __future__ import annotations

import re

from legalgraph import queries
from legalgraph.store.base import Solutions

_CONCAT = re.compile(
    r'GROUP_CONCAT\((?:DISTINCT\s+)?\?\w+\s*;\s*separator\s*=\s*"([^"]*)"\)(?:\s*,\s*"[^"]*"\))?\s+AS\s+\?(\w+)',
    re.I,
)


def concat_separators(name: str) -> dict[str, str]:
    """Variable → separator, for each GROUP_CONCAT of the named query."""
    return {var: sep for sep, var in _CONCAT.findall(queries.get(name).text)}


def canonical(name: str, solutions: Solutions) -> tuple[list[tuple], list[tuple]]:
    """(the rows as sorted tuples of N-Triples terms, the sequence of their order keys) — equal for equal
    answers in the query's order."""
    separators = concat_separators(name)
    rows = []
    for row in solutions.rows:
        cells = []
        for var, term in zip(solutions.variables, row, strict=True):
            text = "" if term is None else str(term)
            if var in separators and term is not None:
                text = separators[var].join(sorted(term.value.split(separators[var])))
            cells.append(text)
        rows.append(tuple(cells))
    order = [solutions.variables.index(v) for v in queries.get(name).order]
    return sorted(rows), [tuple(r[i] for i in order) for r in rows]
