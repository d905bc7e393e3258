"""Query answers as Python values, pandas DataFrames, and the table / CSV / JSON the CLI prints."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from datetime import date

import pyoxigraph as ox
from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat

from legalgraph.errors import LegalgraphError
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


def triples_solutions(triples) -> Solutions:
    """The triples of a CONSTRUCT or DESCRIBE as rows of ``subject``, ``predicate``, ``object``."""
    return Solutions(
        ["subject", "predicate", "object"], [(t.subject, t.predicate, t.object) for t in triples]
    )


def triples_dataframe(triples):
    """A pandas DataFrame of triples: columns ``subject``, ``predicate``, ``object``."""
    return to_dataframe(triples_solutions(triples))


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


def shorten(value: str, prefixes: Mapping[str, str]) -> str:
    """``value`` as ``prefix:rest`` with the longest namespace of ``prefixes`` it starts with."""
    best = max(
        (iri for iri in prefixes.values() if value.startswith(iri) and len(value) > len(iri)),
        key=len,
        default=None,
    )
    if best is None:
        return value
    prefix = next(p for p, iri in prefixes.items() if iri == best)
    return f"{prefix}:{value[len(best) :]}"


def to_table(
    solutions: Solutions,
    *,
    max_width: int = 60,
    max_iri: int = 100,
    prefixes: Mapping[str, str] | None = None,
) -> str:
    """An aligned text table for a terminal: IRIs shortened with ``prefixes`` (the longest namespace that
    fits), an IRI still over ``max_iri`` characters cut in its middle (its kind and its distinguishing end
    stay), literals over ``max_width`` cut at the end."""
    prefixes = prefixes or {}

    def cell(t: Term | None) -> str:
        if isinstance(t, NamedNode):
            text = shorten(t.value, prefixes)
            if len(text) <= max_iri:
                return text
            half = (max_iri - 1) // 2
            return text[:half] + "…" + text[-(max_iri - 1 - half) :]
        text = " ".join(_text(t).split())
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    rows = [[cell(t) for t in row] for row in solutions.rows]
    widths = [max([len(v), *(len(r[i]) for r in rows)]) for i, v in enumerate(solutions.variables)]
    line = lambda values: "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()  # noqa: E731
    out = [line(solutions.variables), line(["-" * w for w in widths]), *map(line, rows)]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


FORMATTERS = {"table": to_table, "csv": to_csv, "json": to_json}


def boolean_text(value: bool, format: str) -> str:
    """An ASK answer: SPARQL 1.1 Query Results JSON for ``json``, else the word ``true`` or ``false``."""
    word = "true" if value else "false"
    return f'{{"head": {{}}, "boolean": {word}}}' if format == "json" else word


GRAPH_FORMATS = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "jsonld": RdfFormat.JSON_LD}


def triples_bytes(triples: Iterable[ox.Triple], format: RdfFormat, prefixes: Mapping[str, str]) -> bytes:
    """CONSTRUCT/DESCRIBE triples written by the engine; Turtle declares ``prefixes``, except ``lgid``: the
    local names of legalgraph's IRIs hold slashes, which Turtle would escape one by one."""
    declared = {p: iri for p, iri in prefixes.items() if p != "lgid"} if format == RdfFormat.TURTLE else None
    out = io.BytesIO()
    ox.serialize(triples, out, format, prefixes=declared)
    return out.getvalue()


def render(result, format: str, prefixes: Mapping[str, str]) -> str:
    """What ``legalgraph query`` prints for any query form: rows as ``table``, ``csv`` or ``json``; an ASK as
    ``true``/``false`` (SPARQL JSON with ``json``); a graph as Turtle (``table``, ``ttl``), N-Triples
    (``nt``), JSON-LD (``json``, ``jsonld``) or CSV rows of subject, predicate, object."""
    if isinstance(result, bool):
        return boolean_text(result, format) + "\n"
    if not isinstance(result, Solutions):  # a graph
        if format == "csv":
            return to_csv(triples_solutions(result))
        rdf = GRAPH_FORMATS.get(format, RdfFormat.JSON_LD if format == "json" else RdfFormat.TURTLE)
        return triples_bytes(result, rdf, prefixes).decode()
    if format in GRAPH_FORMATS:
        raise LegalgraphError(
            f"--format {format} is for CONSTRUCT and DESCRIBE; a SELECT is table, csv or json"
        )
    if format == "table":
        return to_table(result, prefixes=prefixes) + "\n"
    return FORMATTERS[format](result) + ("\n" if format == "json" else "")
