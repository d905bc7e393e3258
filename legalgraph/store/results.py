"""Query answers as Python values, pandas DataFrames, and the table / CSV / JSON the CLI prints."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from pyoxigraph import BlankNode, Literal, NamedNode

from legalgraph.store.base import Solutions, Term

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {_XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}


def to_python(term: Term | None):
    """IRIs as strings, typed literals as int / float / bool / ``datetime.date``, other literals as strings."""
    if term is None:
        return None
    if isinstance(term, NamedNode):
        return term.value
    if isinstance(term, BlankNode):
        return "_:" + term.value
    dt = term.datatype.value
    try:
        if dt in _INTEGERS:
            return int(term.value)
        if dt in (_XSD + "decimal", _XSD + "double", _XSD + "float"):
            return float(term.value)
        if dt == _XSD + "boolean":
            return term.value in ("true", "1")
        if dt == _XSD + "date":
            return date.fromisoformat(term.value)
    except ValueError:
        pass
    return term.value


def to_records(solutions: Solutions) -> list[dict]:
    return [dict(zip(solutions.variables, map(to_python, row), strict=True)) for row in solutions.rows]


def to_dataframe(solutions: Solutions):
    """A pandas DataFrame, one column per variable."""
    import pandas as pd

    return pd.DataFrame([tuple(map(to_python, row)) for row in solutions.rows], columns=solutions.variables)


def _text(term: Term | None) -> str:
    if term is None:
        return ""
    return term.value if isinstance(term, NamedNode | Literal) else "_:" + term.value


def to_csv(solutions: Solutions) -> str:
    """SPARQL 1.1 CSV results: a header of variable names, plain values."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(solutions.variables)
    writer.writerows([_text(t) for t in row] for row in solutions.rows)
    return out.getvalue()


def _json_term(term: Term) -> dict:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != _XSD + "string":
        out["datatype"] = term.datatype.value
    return out


def to_json(solutions: Solutions) -> str:
    """SPARQL 1.1 Query Results JSON, so any SPARQL tool reads it."""
    bindings = [
        {v: _json_term(t) for v, t in zip(solutions.variables, row, strict=True) if t is not None}
        for row in solutions.rows
    ]
    return json.dumps(
        {"head": {"vars": solutions.variables}, "results": {"bindings": bindings}},
        ensure_ascii=False,
        indent=1,
    )


def shorten(value: str, prefixes: dict[str, str]) -> str:
    for prefix, iri in prefixes.items():
        if value.startswith(iri) and len(value) > len(iri):
            return f"{prefix}:{value[len(iri) :]}"
    return value


def to_table(solutions: Solutions, *, max_width: int = 60, prefixes: dict[str, str] | None = None) -> str:
    """An aligned text table for a terminal; IRIs shortened with ``prefixes``, long cells cut."""
    prefixes = prefixes or {}

    def cell(t: Term | None) -> str:
        text = shorten(t.value, prefixes) if isinstance(t, NamedNode) else _text(t)
        text = " ".join(text.split())
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    rows = [[cell(t) for t in row] for row in solutions.rows]
    widths = [max([len(v), *(len(r[i]) for r in rows)]) for i, v in enumerate(solutions.variables)]
    line = lambda values: "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()  # noqa: E731
    out = [line(solutions.variables), line(["-" * w for w in widths]), *map(line, rows)]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


FORMATTERS = {"table": to_table, "csv": to_csv, "json": to_json}
