"""Named SPARQL queries (``*.rq`` beside this file) and how their parameters are read.

Each file starts with comment lines: ``# <name>: <what it answers>``, then one ``# param <name>: <type> — <help>``
per parameter, and ``# order: ?a ?b`` for the order of the rows. The runner sorts the rows in Python rather than
with ``ORDER BY``: Oxigraph compares decoded terms, which costs ~20 µs a row (a thousand-row answer: 20 ms),
Python sorts the same rows in well under a millisecond. Unbound values sort last. A parameter is bound to the query variable of the same name before evaluation (SEP-0007
substitution in Oxigraph, ``initBindings`` in rdflib), so a parameter is a value, never SPARQL text: there is
nothing to inject into. Types turn what an analyst types into the term the graph holds:

* ``act``: an IRI, or a citation key (``arrete:2015-12-22``, ``decret:2019-14``, ``code:code du travail:L6113-1``);
* ``titre``: the name of any version of a titre (folded: case, accents and "(e)" do not matter);
* ``rome``: a ROME code (``K1801``) or domain (``K18``); ``level``: ``1``…``8``, ``I``…``V``, "niveau III";
* ``date``: an ISO date, ``22/12/2015`` or "22 décembre 2015"; ``integer``: a whole number (``1``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from pyoxigraph import Literal, NamedNode

from legalgraph.errors import LegalgraphError
from legalgraph.extract.codes import level_to_cnc
from legalgraph.graph.identity import level_iri, parse_french_date, rome_iri, titre_key
from legalgraph.graph.namespaces import XSD, sparql_prefixes
from legalgraph.norm import fold_ascii
from legalgraph.store.base import Solutions, Store, Term
from legalgraph.store.results import to_python

_PARAM = re.compile(r"^#\s*param\s+(\w+)\s*:\s*(\w+)\s*(?:[—-]+\s*(.*))?$")
_ORDER = re.compile(r"^#\s*order\s*:\s*(.*)$")
_KEY = re.compile(r"^(?P<kind>[a-z_]+):(?P<rest>.+)$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    text: str
    params: dict[str, tuple[str, str]] = field(default_factory=dict)  # name → (type, help)
    order: tuple[str, ...] = ()  # variables the rows are sorted by

    @property
    def sparql(self) -> str:
        return sparql_prefixes() + self.text


@cache
def named_queries() -> dict[str, NamedQuery]:
    """Every ``*.rq`` file of this package, by name."""
    out = {}
    for entry in sorted(resources.files(__package__).iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".rq"):
            continue
        text = entry.read_text(encoding="utf-8")
        name = entry.name[:-3]
        description, params, order = "", {}, ()
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            if m := _PARAM.match(line):
                params[m.group(1)] = (m.group(2), (m.group(3) or "").strip())
            elif m := _ORDER.match(line):
                order = tuple(v.lstrip("?") for v in m.group(1).split())
            elif not description:
                description = line.lstrip("# ").removeprefix(f"{name}:").strip()
        out[name] = NamedQuery(name, description, text, params, order)
    return out


def get(name: str) -> NamedQuery:
    try:
        return named_queries()[name]
    except KeyError:
        raise LegalgraphError(f"no named query {name!r}; known: {', '.join(named_queries())}") from None


def _iri(value: str) -> NamedNode | None:
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    return NamedNode(value) if re.match(r"^https?://", value) else None


def act_term(value: str) -> Term:
    """An act IRI as given, or its citation key normalized like the graph writes it."""
    if iri := _iri(value):
        return iri
    m = _KEY.match(value.strip())
    if not m:
        raise LegalgraphError(
            f"not an act IRI or citation key: {value!r} (e.g. arrete:2015-12-22, decret:2019-14)"
        )
    kind, rest = m.group("kind"), m.group("rest").strip()
    if kind == "code":
        name, _, article = rest.partition(":")
        return Literal(
            f"code:{fold_ascii(name)}" + (f":{article.replace(' ', '').replace('.', '')}" if article else "")
        )
    if not _ISO.match(rest) and (iso := parse_french_date(rest)):
        rest = iso
    return Literal(f"{kind}:{rest}")


def titre_term(value: str) -> Term:
    """A titre's IRI as given, or the key of one of its names (what ``lg:nameKey`` holds)."""
    return _iri(value) or Literal(titre_key(value))


def rome_term(value: str) -> NamedNode:
    return _iri(value) or NamedNode(rome_iri(value))


def level_term(value: str) -> NamedNode:
    """The level on the cadre national: an old level is read through the décret n° 2019-14 correspondence."""
    if iri := _iri(value):
        return iri
    raw = value.strip().upper().removeprefix("NIVEAU").strip()
    cnc = level_to_cnc(raw)
    iri = level_iri(cnc) if cnc else None
    if not iri:
        raise LegalgraphError(f"not a level: {value!r} (1…8 or I…V)")
    return NamedNode(iri)


def date_term(value: str) -> Literal:
    iso = value.strip() if _ISO.match(value.strip()) else parse_french_date(value)
    if not iso:
        raise LegalgraphError(f"not a date: {value!r} (e.g. 2024-01-01)")
    return Literal(iso, datatype=XSD.date)


def integer_term(value: str) -> Literal:
    try:
        return Literal(str(int(value.strip())), datatype=XSD.integer)
    except ValueError:
        raise LegalgraphError(f"not a whole number: {value!r} (e.g. 1)") from None


CONVERTERS = {
    "act": act_term,
    "titre": titre_term,
    "rome": rome_term,
    "level": level_term,
    "date": date_term,
    "integer": integer_term,
}


def bindings(query: NamedQuery, params: dict[str, str]) -> dict[str, Term]:
    """The terms a query's variables take from the analyst's ``key=value`` parameters."""
    unknown = set(params) - set(query.params)
    if unknown:
        raise LegalgraphError(f"query {query.name!r} has no parameter {', '.join(sorted(unknown))}")
    missing = set(query.params) - set(params)
    if missing:
        raise LegalgraphError(
            f"query {query.name!r} needs {', '.join(f'--param {m}=…' for m in sorted(missing))}"
        )
    return {name: CONVERTERS[query.params[name][0]](value) for name, value in params.items()}


def run(store: Store, name: str, **params: str) -> Solutions:
    """Run the named query ``name`` with its parameters on ``store``; rows in the query's order."""
    query = get(name)
    return sort(store.select(query.sparql, bindings(query, params)), query.order)


def _sort_key(term: Term | None):
    value = to_python(term)
    return (value is None, type(value).__name__, value if value is not None else 0)


def sort(solutions: Solutions, order: tuple[str, ...]) -> Solutions:
    """The rows sorted by the ``order`` variables (unbound last), as ORDER BY would."""
    if not order:
        return solutions
    idx = [solutions.variables.index(v) for v in order]
    rows = sorted(solutions.rows, key=lambda row: tuple(_sort_key(row[i]) for i in idx))
    return Solutions(solutions.variables, rows)
