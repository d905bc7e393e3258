"""The watch log: what each archive the nightly job committed ingested, changed or deleted, kept in the store
(graph ``WATCH_LOG_GRAPH``) so that the server can publish it (``serve.feed``, the Atom feed at ``/feed``).

One ``lg:WatchDelivery`` per DILA archive that changed something (its name, the instant DILA's stamp says), and
one ``lg:WatchEntry`` per text it ingested, changed or deleted: the outcome, the DILA id, the act, its title,
date, Légifrance page, the name keys of the titre it is about and the citation keys of the acts it cites (a
snapshot: a deleted text's graph is gone, its entry still says what it was).

An entry is written in the same transaction as what it reports (the registry records of the batch that holds
the text, or the removal of a deleted text), and everything in it follows from the archive and the text: an
archive taken again after a kill writes the same quads or, finding its texts already there, none. So the
store of a run killed and redone equals that of a run never interrupted, and the log says nothing the store
does not hold. The log is not read by the derived step (no predicate of its own is), so the derived graph's
stamp does not depend on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pyoxigraph import Literal, NamedNode, Quad

from legalgraph.graph.namespaces import GRAPH, ID, LG, RDFS, XSD, A, sparql_prefixes
from legalgraph.watch.index import ARCHIVE_NAME, STAMP_FORMAT

if TYPE_CHECKING:
    from legalgraph.models import Document
    from legalgraph.store.base import Store

WATCH_LOG_GRAPH = NamedNode(GRAPH + "watch-log")
OUTCOMES = ("ingested", "changed", "deleted")  # lg:ingested, lg:changed, lg:deleted
LEGIFRANCE = "https://www.legifrance.gouv.fr"


@dataclass
class EntryFacts:
    """What an entry says of one text, read from its Document (ingested, changed) or its graph (deleted)."""

    text_id: str  # the DILA id (JORFTEXT…), as the report names the text
    act: str | None = None
    title: str | None = None
    date: str | None = None  # ISO date of the act
    legifrance: str | None = None
    titre_keys: set[str] = field(default_factory=set)
    cited_keys: set[str] = field(default_factory=set)


def delivery_iri(archive: str) -> NamedNode:
    return NamedNode(f"{ID}watch/{quote(archive.removesuffix('.tar.gz'), safe='')}")


def entry_iri(archive: str, outcome: str, text_id: str) -> NamedNode:
    return NamedNode(f"{delivery_iri(archive).value}/{outcome}/{quote(text_id, safe='')}")


def delivered_at(archive: str) -> str | None:
    """The instant of an archive's DILA stamp (Paris time, as DILA's server writes it), ISO 8601 with offset."""
    m = ARCHIVE_NAME.match(archive)
    if not m:
        return None
    stamp = datetime.strptime(m.group("stamp"), STAMP_FORMAT)
    try:
        return stamp.replace(tzinfo=ZoneInfo("Europe/Paris")).isoformat()
    except ZoneInfoNotFoundError:  # no time zone database: the stamp as written, said to be UTC
        return stamp.isoformat() + "Z"


def legifrance_page(text_id: str) -> str | None:
    """The Légifrance page of a JO text by its id (as the derived graph links acts: ``/jorf/id/JORFTEXT…``)."""
    if text_id.startswith("JORFTEXT"):
        return f"{LEGIFRANCE}/jorf/id/{text_id}"
    if text_id.startswith("LEGITEXT"):
        return f"{LEGIFRANCE}/loda/id/{text_id}"
    return None


def entry_quads(archive: str, outcome: str, facts: EntryFacts) -> list[Quad]:
    """The quads of one entry and of its delivery, in the watch log graph."""
    if outcome not in OUTCOMES:
        raise ValueError(f"not an outcome: {outcome!r}")
    delivery, entry, g = delivery_iri(archive), entry_iri(archive, outcome, facts.text_id), WATCH_LOG_GRAPH
    quads = [
        Quad(delivery, A, LG.WatchDelivery, g),
        Quad(delivery, LG.archiveName, Literal(archive), g),
        Quad(delivery, RDFS.label, Literal(archive), g),
        Quad(entry, A, LG.WatchEntry, g),
        Quad(entry, LG.delivery, delivery, g),
        Quad(entry, LG.outcome, LG[outcome], g),
        Quad(entry, LG.dilaId, Literal(facts.text_id), g),
    ]
    if at := delivered_at(archive):
        quads.append(Quad(delivery, LG.deliveredAt, Literal(at, datatype=XSD.dateTime), g))
    if facts.act:
        quads.append(Quad(entry, LG.entryAct, NamedNode(facts.act), g))
    if facts.title:
        quads.append(Quad(entry, LG.entryTitle, Literal(facts.title), g))
    if facts.date:
        quads.append(Quad(entry, LG.entryDate, Literal(facts.date, datatype=XSD.date), g))
    if link := facts.legifrance or legifrance_page(facts.text_id):
        quads.append(Quad(entry, LG.entryLegifrance, NamedNode(link), g))
    quads += [Quad(entry, LG.entryTitreKey, Literal(k), g) for k in sorted(facts.titre_keys)]
    quads += [Quad(entry, LG.entryCitesKey, Literal(k), g) for k in sorted(facts.cited_keys)]
    return quads


def document_facts(text_id: str, doc: Document) -> EntryFacts:
    """An entry's facts from the Document the job just analysed (what the report names ``text_id``)."""
    from legalgraph.graph.build import date_lit
    from legalgraph.graph.identity import document_act_iri, document_date, titre_key

    names = [doc.titre.name, *doc.titre.former_names] if doc.titre and doc.titre.name else []
    date = document_date(doc)
    return EntryFacts(
        text_id=text_id,
        act=document_act_iri(doc),
        title=doc.title or None,
        date=date if date_lit(date) is not None else None,
        legifrance=legifrance_page(text_id),
        titre_keys={k for k in map(titre_key, names) if k},
        cited_keys={c.key for c in doc.citations if c.key},
    )


_STORED = {
    "act": """SELECT ?act ?title ?date WHERE { GRAPH ?g { ?g eli:embodies ?e . ?e eli:realizes ?act
        OPTIONAL { ?e eli:title ?title } OPTIONAL { ?act eli:date_document ?date } } }""",
    "names": "SELECT DISTINCT ?n WHERE { GRAPH ?g { { ?v lg:titreName ?n } UNION { ?v lg:formerName ?n } } }",
    "cited": "SELECT DISTINCT ?k WHERE { GRAPH ?g { ?c a lg:Citation ; lg:citationKey ?k } }",
}


def stored_facts(store: Store, text_id: str, graphs: Iterable[str]) -> EntryFacts:
    """An entry's facts from the graphs the store holds for a text (read before a deletion removes them)."""
    from legalgraph.graph.identity import titre_key

    facts = EntryFacts(text_id=text_id)
    for graph in sorted(graphs):
        bound = {"g": NamedNode(graph)}
        for act, title, date in store.select(sparql_prefixes() + _STORED["act"], bound):
            facts.act = facts.act or act.value
            facts.title = facts.title or (title.value if title is not None else None)
            facts.date = facts.date or (date.value if date is not None else None)
        facts.titre_keys |= {
            k
            for (n,) in store.select(sparql_prefixes() + _STORED["names"], bound)
            if (k := titre_key(n.value))
        }
        facts.cited_keys |= {k.value for (k,) in store.select(sparql_prefixes() + _STORED["cited"], bound)}
    return facts
