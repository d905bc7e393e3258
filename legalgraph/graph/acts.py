"""What the texts say of the acts they cite, gathered once per act: its key, kind, date, number and a label.

Each citation annotation keeps its own reading of the act (``lg:citationKey``, ``lg:citedActDate``, the words);
an act cited by hundreds of texts gets these facts once, in the derived graph, rather than hundreds of times in
as many graphs (where every query would wade through the repeats). An act whose own text is in the store speaks
for itself (its document graph states its title, date and key) and is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pyoxigraph import Literal, Quad

from legalgraph.graph.identity import resource_type_iri
from legalgraph.graph.namespaces import DERIVED_GRAPH, ELI, LG, RDFS, XSD, A, _node

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class CitedAct:
    """What the citations of one act say of it: its key, the date they give, their fullest wording."""

    key: str
    date: str | None = None
    label: str | None = None


def cited_acts_graph(citations: dict[str, CitedAct], own_text: set[str]) -> list[Quad]:
    """The derived facts of every cited act (IRI → what its citations say) that has no text of its own."""
    g = DERIVED_GRAPH
    quads: list[Quad] = []
    for iri in sorted(citations.keys() - own_text):
        act, seen = _node(iri), citations[iri]
        kind, rest, article = _parse_key(seen.key)
        quads.append(Quad(act, LG.citationKey, Literal(seen.key), g))
        quads.append(
            Quad(act, ELI.type_document, _node(resource_type_iri("article" if article else kind)), g)
        )
        if article:
            quads.append(Quad(act, A, ELI.LegalResourceSubdivision, g))
            quads.append(Quad(act, ELI.is_part_of, _node(iri.rsplit("/", 1)[0]), g))
            quads.append(Quad(act, RDFS.label, Literal(f"article {article} du {rest}"), g))
            continue
        if kind == "code":
            quads.append(Quad(act, RDFS.label, Literal(rest), g))
            continue
        if rest and not _ISO.match(rest):
            quads.append(Quad(act, ELI.number, Literal(rest), g))
        if seen.date:
            quads.append(Quad(act, ELI.date_document, Literal(seen.date, datatype=XSD.date), g))
        if seen.label:
            quads.append(Quad(act, RDFS.label, Literal(" ".join(seen.label.split())), g))
    return quads


def _parse_key(key: str) -> tuple[str, str, str | None]:
    """ "decret:2019-14" → (decret, 2019-14, None); "code:code du travail:L6113-1" → (code, code du travail, L6113-1)."""
    kind, _, rest = key.partition(":")
    if kind == "code":
        name, _, article = rest.partition(":")
        return kind, name, article or None
    return kind, rest, None
