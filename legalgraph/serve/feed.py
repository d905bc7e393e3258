"""``GET /feed``: an Atom feed (RFC 4287) of what the nightly job ingested, changed or deleted — the watch log
(``watch.record``) — for analysts to subscribe to instead of reading the job's reports.

One entry per text a DILA delivery brought: its title is the act's title, ``updated`` the delivery's instant,
its link the text's Légifrance page (else the act's ``/id/`` page), its summary "Nouveau texte", "Texte
modifié" or "Texte supprimé". Entry ids are the log's IRIs: a reader never shows one change twice.

Parameters (each at most once; anything else is 400):

* ``titre=<name>`` (any name of a titre, folded as the named queries fold it, or the titre's IRI): the texts
  about that titre, under any name its lineage gives it;
* ``cites=<act>`` (a citation key, ``arrete:2015-12-22``, or an act IRI): the texts that cite that act (a key
  names every act it fits, as in the named query ``cited-by``);
* ``limit=N``: the latest N entries, 1…``MAX_LIMIT`` (default ``DEFAULT_LIMIT``).

A parameter becomes an RDF term (``queries.act_term`` / ``titre_term``: an IRI pyoxigraph accepts, or a
literal it escapes) substituted into a fixed query: nothing a client sends is SPARQL text. The query runs as one
job of the query workers, under their time-out and memory cap, and the feed is written here from at most
``limit`` rows, by ElementTree (every text and attribute escaped).

A reader that polls gets ``304 Not Modified`` when nothing changed: the feed carries an ``ETag`` (a digest of
the request and of the watch log's state: its number of quads and latest delivery, one small query; the log
only grows, so a run that adds anything changes it) and a ``Last-Modified`` (the latest delivery's instant),
and ``If-None-Match`` — else ``If-Modified-Since`` — is answered before the feed is queried or written.
"""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import urlencode

from pyoxigraph import Literal

from legalgraph import __version__
from legalgraph.errors import LegalgraphError
from legalgraph.graph.namespaces import sparql_prefixes
from legalgraph.queries import act_term, titre_term
from legalgraph.serve import formats, resources
from legalgraph.serve.errors import HttpError
from legalgraph.store.base import Term, substitute
from legalgraph.watch.record import WATCH_LOG_GRAPH

CONTENT_TYPE = "application/atom+xml; charset=utf-8"
ATOM = "http://www.w3.org/2005/Atom"
DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_VALUE = 500  # characters of a parameter: no titre name or act IRI is longer
SUMMARIES = {"ingested": "Nouveau texte", "changed": "Texte modifié", "deleted": "Texte supprimé"}
NO_DATE = "1970-01-01T00:00:00Z"  # an empty feed's <updated>: Atom requires one
# Characters XML 1.0 cannot hold, even escaped: dropped from what the feed writes.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

ET.register_namespace("", ATOM)

_QUERY = """SELECT DISTINCT ?entry ?outcome ?id ?act ?title ?date ?link ?at ?archive WHERE {
  GRAPH LOG {
    ?entry a lg:WatchEntry ; lg:outcome ?o ; lg:dilaId ?id ; lg:delivery ?d .
    ?d lg:archiveName ?archive .
    OPTIONAL { ?d lg:deliveredAt ?at }
    OPTIONAL { ?entry lg:entryAct ?act }
    OPTIONAL { ?entry lg:entryTitle ?title }
    OPTIONAL { ?entry lg:entryDate ?date }
    OPTIONAL { ?entry lg:entryLegifrance ?link }
  }
  FILTERS
  BIND(STRAFTER(STR(?o), "#") AS ?outcome)
} ORDER BY DESC(?at) DESC(STR(?entry)) LIMIT """

# What the feed's ETag stands for: the log's size (it only grows) and its latest delivery (its Last-Modified).
_STATE = """SELECT ?quads ?last WHERE {
  { SELECT (COUNT(*) AS ?quads) WHERE { GRAPH LOG { ?s ?p ?o } } }
  { SELECT (MAX(?at) AS ?last) WHERE { GRAPH LOG { ?d lg:deliveredAt ?at } } }
}"""

# A titre: the texts that give it this name, or any other name its lineage (the derived lg:nameKey) knows.
_TITRE_KEY = """{ GRAPH LOG { ?entry lg:entryTitreKey ?titre } }
  UNION { ?work lg:nameKey ?titre ; lg:nameKey ?tk . GRAPH LOG { ?entry lg:entryTitreKey ?tk } }"""
_TITRE_IRI = "?titre lg:nameKey ?tk . GRAPH LOG { ?entry lg:entryTitreKey ?tk }"
# An act: by its citation key, or by the keys of the act an IRI (or its owl:sameAs alias) names.
_CITES_KEY = "GRAPH LOG { ?entry lg:entryCitesKey ?cites }"
_CITES_IRI = """{ ?cites lg:citationKey ?ck } UNION { ?cites owl:sameAs ?alias . ?alias lg:citationKey ?ck }
  UNION { ?alias owl:sameAs ?cites . ?alias lg:citationKey ?ck }
  GRAPH LOG { ?entry lg:entryCitesKey ?ck }"""


def read_request(params: dict[str, list[str]]) -> dict[str, str]:
    """The feed's parameters, checked: 400 for an unknown or repeated one, an over-long or empty value."""
    unknown = set(params) - {"titre", "cites", "limit"}
    if unknown:
        raise HttpError(
            400, f"/feed takes titre=, cites= and limit= only, not {', '.join(sorted(unknown))[:200]}"
        )
    out = {}
    for name, values in params.items():
        if len(values) != 1:
            raise HttpError(400, f"give {name}= once")
        value = values[0].strip()
        if not value or len(value) > MAX_VALUE:
            raise HttpError(400, f"{name}= must be 1 to {MAX_VALUE} characters")
        if _NOT_XML.search(value):
            raise HttpError(400, f"{name}= holds a control character")
        out[name] = value
    if "limit" in out and not (
        re.fullmatch("[0-9]{1,4}", out["limit"]) and 1 <= int(out["limit"]) <= MAX_LIMIT
    ):
        raise HttpError(400, f"limit= is a whole number from 1 to {MAX_LIMIT}, not {out['limit'][:50]!r}")
    return out


def filter_terms(request: dict[str, str]) -> dict[str, Term]:
    """The RDF terms the ``titre`` and ``cites`` parameters stand for (400 when one cannot be read)."""
    terms: dict[str, Term] = {}
    try:
        if "titre" in request:
            terms["titre"] = titre_term(request["titre"])
            if not terms["titre"].value:
                raise LegalgraphError(f"not a titre name: {request['titre']!r}")
        if "cites" in request:
            terms["cites"] = act_term(request["cites"])
    except LegalgraphError as exc:
        raise HttpError(400, exc.reason) from None
    except ValueError as exc:  # pyoxigraph refused the IRI
        raise HttpError(400, f"not a valid IRI: {exc}") from None
    return terms


def feed_query(terms: dict[str, Term], limit: int = DEFAULT_LIMIT) -> str:
    """The SPARQL of the feed, ``terms`` (``filter_terms``) substituted into it."""
    filters = []
    if "titre" in terms:
        filters.append(_TITRE_KEY if isinstance(terms["titre"], Literal) else _TITRE_IRI)
    if "cites" in terms:
        filters.append(_CITES_KEY if isinstance(terms["cites"], Literal) else _CITES_IRI)
    text = _QUERY.replace("FILTERS", "\n  ".join(filters)).replace("LOG", str(WATCH_LOG_GRAPH))
    return sparql_prefixes() + substitute(text, terms) + str(int(limit))


def answer(
    service, params: dict[str, list[str]], headers: Mapping[str, str]
) -> tuple[int, bytes, dict[str, str]]:
    """The feed for these request parameters and request ``headers`` (``service``: the server's
    ``SparqlService``): 200 and the feed, or 304 and no body when the reader's copy is current; with the
    response headers (``ETag``, ``Last-Modified``)."""
    request = read_request(params)
    terms = filter_terms(request)
    limit = int(request.get("limit", DEFAULT_LIMIT))
    state = _select(service, sparql_prefixes() + _STATE.replace("LOG", str(WATCH_LOG_GRAPH)))[0]
    tag = etag(request, service.settings.base_iri, state.get("quads", "0"), state.get("last", ""))
    response = {"ETag": tag, "Cache-Control": "no-cache"}  # a cache asks again each time (a 304 is cheap)
    last = _instant(state.get("last"))
    if last:
        response["Last-Modified"] = format_datetime(last, usegmt=True)
    if not_modified(headers, tag, last):
        return 304, b"", response
    rows = _select(service, feed_query(terms, limit))
    return 200, render(rows, request, service.settings.base_iri), response


def _select(service, text: str) -> list[dict[str, str]]:
    """The rows of a SELECT run as a job of the query workers, each a dict of the values bound."""
    reply = service.query(text, media=(formats.JSON, None))
    if reply.status != 200:
        raise HttpError(reply.status, reply.body.decode("utf-8", "replace"))
    bindings = json.loads(reply.body)["results"]["bindings"]
    return [{k: v["value"] for k, v in b.items()} for b in bindings]


def etag(request: dict[str, str], base_iri: str, quads: str, last: str) -> str:
    """The strong ETag of the feed a request asks for, given the watch log's state."""
    key = json.dumps([__version__, base_iri, sorted(request.items()), quads, last])
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def _instant(value: str | None) -> datetime | None:
    """An xsd:dateTime as an aware UTC instant, whole seconds (what an HTTP date holds); None if unreadable."""
    try:
        at = datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None
    except ValueError:
        return None
    if at is None or at.tzinfo is None:
        return None
    return at.astimezone(UTC).replace(microsecond=0)


def not_modified(headers: Mapping[str, str], tag: str, last: datetime | None) -> bool:
    """Whether the reader's copy is current (RFC 9110, 13.1): ``If-None-Match`` names this ETag (weak
    comparison), or, without it, ``If-Modified-Since`` is no earlier than the latest delivery."""
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        tags = re.findall(r'(?:W/)?("[^"]*")', if_none_match)
        return if_none_match.strip() == "*" or tag in tags
    since = headers.get("If-Modified-Since")
    if not since or last is None:
        return False
    try:
        when = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False  # an unreadable date is ignored, as the RFC says
    return when.tzinfo is not None and last <= when


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: _text(v) for k, v in attrs.items()})
    if text is not None:
        el.text = _text(text)
    return el


def render(rows: list[dict[str, str]], request: dict[str, str], base_iri: str) -> bytes:
    """The Atom document of ``rows`` (the feed query's, latest first). Links to the server's own pages are
    relative to /feed, so that they work behind a proxy that serves it under a prefix."""
    id_base = base_iri + "id/"
    wanted = {k: v for k, v in request.items() if k != "limit"}
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "fr"})
    title = "legalgraph — nouveaux textes, textes modifiés et supprimés"
    if "titre" in wanted:
        title += f" — titre professionnel « {wanted['titre']} »"
    if "cites" in wanted:
        title += f" — textes citant {wanted['cites']}"
    # one id per feed, however its parameters are written ("Cuisinier", "cuisinier"): their terms' values
    canonical = sorted((name, term.value) for name, term in filter_terms(request).items())
    _add(feed, "id", base_iri + "feed" + (f"?{urlencode(canonical)}" if canonical else ""))
    _add(feed, "title", title)
    _add(
        feed,
        "subtitle",
        "Ce que la veille quotidienne (legalgraph watch) a ajouté, modifié ou supprimé, "
        "d'après les livraisons de la DILA",
    )
    # the latest entry's: rows come latest first (the engine compares the instants, offsets and all)
    _add(feed, "updated", next((r["at"] for r in rows if r.get("at")), NO_DATE))
    _add(_add(feed, "author"), "name", "legalgraph")
    _add(feed, "generator", "legalgraph", version=__version__)
    _add(
        feed,
        "link",
        rel="self",
        type="application/atom+xml",
        href="feed" + (f"?{urlencode(sorted(request.items()))}" if request else ""),
    )
    _add(feed, "link", rel="alternate", type="text/html", href="./")
    for row in rows:
        entry = _add(feed, "entry")
        _add(entry, "id", row["entry"])
        _add(entry, "title", row.get("title") or f"Texte {row['id']}")
        _add(entry, "updated", row.get("at") or NO_DATE)
        page = resources.local_href(row["act"], id_base, "./") if row.get("act") else None
        if row.get("link") or page:
            _add(entry, "link", rel="alternate", href=row.get("link") or page)
        if row.get("link") and page:
            _add(entry, "link", rel="related", type="text/html", href=page)
        summary = SUMMARIES.get(row["outcome"], row["outcome"])
        _add(entry, "summary", summary)
        _add(entry, "category", term=row["outcome"], label=summary)
        details = [f"{summary} : {row.get('title') or row['id']}", f"Identifiant DILA : {row['id']}"]
        if row.get("date"):
            details.append(f"Date de l'acte : {row['date']}")
        details.append(f"Livraison DILA : {row['archive']}")
        _add(entry, "content", "\n".join(details), type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
