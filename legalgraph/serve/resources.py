"""The project's IRIs answer: ``GET /id/<rest>`` describes the IRI ``<base>id/<rest>``.

One IRI, its description in the format the client asks for (``Accept`` with q-values, or ``?format=`` for a
link), ``Vary: Accept`` and one ``Link: rel="alternate"`` per format, as W3C's "Cool URIs for the Semantic Web"
and "Best Practice Recipes for Publishing RDF Vocabularies" describe:

* Turtle (what ``*/*`` gets: curl, most RDF tools), JSON-LD, N-Triples, RDF/XML: every triple with the IRI as
  subject, in any graph, once; the labels (``skos:prefLabel``, ``rdfs:label``) of what it links to; the triples
  of its own fragments (``…/span/0-118#selector``, which a client asks for without the fragment). At most
  ``max_rows`` triples: past it the answer says so (``X-SPARQL-MaxRows``, and a comment in Turtle and N-Triples).
* HTML (browsers): a page in French — title, kind, date, official ids, the Légifrance and ELI links, what it
  cites and what cites it, what changed it, its versions, what else links to it, every property — where each
  project IRI is a link to its own page, shown by its label. Everything is escaped, only http(s) IRIs and the
  server's own pages are links, and the page has no script (its Content-Security-Policy allows none).

The server checks the path and negotiates the format (400, 406) before any worker is used; the lookup itself is
one job of the query workers (``workers``), bounded by the time-out and the memory cap like any query, its
answer written in the worker.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

import pyoxigraph as ox
from pyoxigraph import BlankNode, Literal, NamedNode

from legalgraph.graph.namespaces import PREFIXES
from legalgraph.serve import formats
from legalgraph.serve.errors import HttpError

if TYPE_CHECKING:
    from legalgraph.serve.workers import Job, Reply

HTML = "text/html"
# In order of preference: "*/*" alone (curl, most RDF clients) gets Turtle; a browser asks for text/html first.
OFFERS = [formats.TURTLE, HTML, formats.JSONLD, formats.NTRIPLES, formats.RDFXML]
FORMAT_NAMES = {**formats.GRAPH_SHORT_NAMES, "html": HTML}
FORMAT_LINKS = (("ttl", "Turtle"), ("jsonld", "JSON-LD"), ("nt", "N-Triples"), ("rdfxml", "RDF/XML"))
MAX_PATH = 2048  # characters of /id/<rest> as sent: legalgraph's longest IRI is ~230
# What a resource page may load: its own inline style, nothing else (no script, no frame, no form).
PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
# Characters kept as they are in the links to /id/ pages; every other one is percent-encoded (a "?" of an IRI
# must not become a query), and the server decodes the path once.
_PATH_SAFE = "/#:@!$&'()*+,;=~"


def check_base_iri(value: str) -> str:
    """The operator's ``--base-iri``, or a LegalgraphError saying why it cannot be one."""
    from urllib.parse import urlsplit

    from legalgraph.errors import LegalgraphError

    parts = urlsplit(value)
    problem = (
        "it is not an http(s) IRI"
        if parts.scheme not in ("http", "https") or not parts.netloc
        else "it does not end with '/'"
        if not value.endswith("/") or parts.query or parts.fragment
        else None
    )
    if problem is None:
        try:
            ox.NamedNode(value)
        except ValueError as exc:
            problem = str(exc)
    if problem:
        raise LegalgraphError(f"--base-iri {value!r}: {problem} (the default: https://w3id.org/legalgraph/)")
    return value


# -- in the server: the request ---------------------------------------------------------------------------


def iri_for(rest: str, id_base: str) -> str:
    """The IRI ``/id/<rest>`` stands for (``rest`` as the request sent it, percent-encoded): 400 when it cannot
    be one, 404 when it is empty. Nothing but the store is looked at: a path is never a file name."""
    if len(rest) > MAX_PATH:
        raise HttpError(400, f"the path is over {MAX_PATH} characters: no IRI of the graph is that long")
    try:
        text = unquote(rest, errors="strict")
    except UnicodeDecodeError:
        raise HttpError(400, "the path is not percent-encoded UTF-8") from None
    if not text:
        raise HttpError(404, "/id/ is followed by the rest of an IRI: /id/act/…, /id/titre/…, /id/rome/…")
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in text):
        raise HttpError(400, "the path holds a control character (%00…%1F, %7F): no IRI does")
    if any(segment in (".", "..") for segment in text.split("/")):
        raise HttpError(400, "the path holds a '.' or '..' segment: no IRI of the graph does")
    try:
        ox.NamedNode(id_base + text)
    except ValueError as exc:
        raise HttpError(400, f"/id/{rest[:200]} makes no valid IRI ({exc})") from None
    return id_base + text


def choose(accept: str | None, format_values: Sequence[str]) -> str:
    """The format of the answer: ``?format=`` if given (400 if unknown), else the best of ``Accept`` (406 if
    it accepts none of ours)."""
    if format_values:
        value = format_values[-1].strip().lower()
        media = FORMAT_NAMES.get(value) or formats.ALIASES.get(value, value)
        if media in OFFERS:
            return media
        raise HttpError(
            400, f"format={value[:50]} is not one of ttl, jsonld, nt, rdfxml, html (or their media types)"
        )
    media = formats.choose(accept, OFFERS)
    if media is None:
        raise HttpError(
            406,
            f"a resource can be sent as {', '.join(OFFERS)}; the request accepts {(accept or '')[:200]}",
        )
    return media


def root_of(path: str) -> str:
    """The relative reference from the page at ``path`` to the server's root ("../../" for /id/act/x): the
    links of a page keep working behind a proxy that serves it under a prefix."""
    return "../" * (path.count("/") - 1) or "./"


def local_href(iri: str, id_base: str, root: str) -> str | None:
    """The link to the page of a project IRI (None for any other IRI)."""
    if not iri.startswith(id_base) or len(iri) == len(id_base):
        return None
    return root + "id/" + quote(iri[len(id_base) :], safe=_PATH_SAFE)


def alternates() -> str:
    """The ``Link`` header: the resource in each format, for clients that follow ``rel="alternate"`` (``?format=…``
    is a reference relative to the resource itself)."""
    return ", ".join(
        f'<?format={name}>; rel="alternate"; type="{FORMAT_NAMES[name]}"'
        for name in ("ttl", "jsonld", "nt", "rdfxml", "html")
    )


def not_found(iri: str, media: str, root: str) -> tuple[bytes, str]:
    """The body of a 404 (a page for a browser) and its content type."""
    message = f"nothing in this graph has the IRI {iri} as subject"
    if media != HTML:
        return (message + "\n").encode(), "text/plain; charset=utf-8"
    body = f"<h1>Ressource inconnue</h1><p>Rien dans ce graphe ne décrit <code>{_e(iri)}</code>.</p>"
    return _document("Ressource inconnue", body, root).encode(), "text/html; charset=utf-8"


# -- in the worker: the answer ------------------------------------------------------------------------------

# The resource's own triples, the labels of what it links to, and its fragments' triples (from any graph:
# the workers query the union of the graphs).
DESCRIPTION = """CONSTRUCT { ?this ?p ?o . ?o ?q ?v } WHERE {
  ?this ?p ?o .
  OPTIONAL {
    ?o ?q ?v .
    FILTER(?q IN (skos:prefLabel, rdfs:label) || (isIRI(?o) && STRSTARTS(STR(?o), CONCAT(STR(?this), "#"))))
  }
}"""
PROPERTIES = "SELECT DISTINCT ?p ?o WHERE { ?this ?p ?o }"
CITES = """SELECT DISTINCT ?act WHERE {
  { ?this eli:cites ?act } UNION { ?c lg:citingAct ?this ; oa:hasBody ?act }
}"""
CITED_BY = """SELECT DISTINCT ?act WHERE {
  { ?act eli:cites ?this } UNION { ?c oa:hasBody ?this ; lg:citingAct ?act }
}"""
# Its texts (as published, consolidated), the titre versions it establishes, a titre's versions.
VERSIONS = """SELECT DISTINCT ?v ?what WHERE {
  { ?this eli:is_realized_by ?v BIND("texte de l'acte" AS ?what) }
  UNION { ?v lg:establishedBy ?this BIND("version de titre qu'il établit" AS ?what) }
  UNION { ?v lg:versionOf ?this BIND("version du titre" AS ?what) }
}"""
# What else links to it; the links the sections above show are left out (citations, changes, versions).
LINKED_FROM = """SELECT DISTINCT ?s ?p WHERE {
  ?s ?p ?this .
  FILTER(isIRI(?s) && ?p NOT IN (oa:hasBody, lg:citingAct, lg:candidate, eli:cites, lg:changeOf, lg:changedBy,
                                 lg:establishedBy, lg:versionOf, eli:realizes))
}"""
# What a term is shown by, best first, and its date.
LABEL_PROPERTIES = ("skos:prefLabel", "rdfs:label", "lg:titreName", "dcterms:title", "eli:title")
DATE_PROPERTIES = ("eli:date_document", "dcterms:date", "eli:version_date")
# (A FILTER, not a second VALUES: Oxigraph then looks each ?x up by subject, 4 times faster.)
ABOUT = "SELECT ?x ?p ?v WHERE {{ VALUES ?x {{ {iris} }} ?x ?p ?v FILTER(?p IN ({props})) }}"


def _expand(name: str) -> str:
    prefix, _, local = name.partition(":")
    return PREFIXES[prefix] + local


LABEL_RANK = {_expand(p): i for i, p in enumerate(LABEL_PROPERTIES)}
DATE_RANK = {_expand(p): i for i, p in enumerate(DATE_PROPERTIES)}
# The properties a page lists first; the others follow by name.
FIRST_PROPERTIES = {
    _expand(p): i for i, p in enumerate(("rdf:type", "skos:prefLabel", "rdfs:label", "skos:altLabel"))
}
_XSD_DATE = _expand("xsd:date")
_XSD_BOOLEAN = _expand("xsd:boolean")
OFFICIAL_IDS = (
    ("lg:nor", "NOR"),
    ("lg:jorfId", "JORFTEXT"),
    ("lg:legiId", "LEGITEXT"),
    ("lg:legiArticleId", "LEGIARTI"),
)


def describe(store: ox.Store, job: Job) -> Reply:
    """The worker's answer to a ``/id/`` job (a ``Job`` with ``resource`` set)."""
    from legalgraph.serve.workers import Reply

    this = NamedNode(job.resource)
    if job.graph_media == HTML:
        page = _Page(store, this, job)
        body = page.render()
        if body is None:
            return Reply(404, media=HTML)
        return Reply(200, body.encode(), HTML, page.truncated, "page")
    triples, truncated = _description(store, this, job.limit)
    if not triples:
        return Reply(404, media=job.graph_media)
    body = formats.write_triples(triples, job.graph_media)
    if truncated and job.graph_media in (formats.TURTLE, formats.NTRIPLES):
        note = f"# cut at {job.limit} triples (the server's --max-rows): ask /sparql for the rest\n"
        body = note.encode() + body
    return Reply(200, body, job.graph_media, truncated, "triples")


def _query(store: ox.Store, text: str, bindings: dict | None = None):
    """A query on the union of the graphs, with legalgraph's prefixes and its parameters substituted."""
    from legalgraph.store.base import substitute

    return store.query(substitute(text, bindings), prefixes=PREFIXES, use_default_graph_as_union=True)


def _description(store: ox.Store, this: NamedNode, limit: int | None) -> tuple[list[ox.Triple], bool]:
    """At most ``limit`` distinct triples, the resource's own first, and whether there were more."""
    seen: set[ox.Triple] = set()
    for triple in _query(store, DESCRIPTION, {"this": this}):
        if triple in seen:
            continue
        if len(seen) == limit:
            return _ordered(seen, this), True
        seen.add(triple)
    return _ordered(seen, this), False


def _ordered(triples: Iterable[ox.Triple], this: NamedNode) -> list[ox.Triple]:
    return sorted(triples, key=lambda t: (t.subject != this, str(t.subject), str(t.predicate), str(t.object)))


def _rows(result, limit: int | None) -> tuple[list[str], list[tuple], bool]:
    """The variables of a SELECT answer, at most ``limit`` of its rows, and whether there were more."""
    from legalgraph.serve.workers import take

    variables = [v.value for v in result.variables]
    rows, cut = take(result, lambda s: tuple(s[i] for i in range(len(variables))), limit)
    return variables, rows, cut


class _Page:
    """The HTML page of one resource, read from the store in a few small queries."""

    def __init__(self, store: ox.Store, this: NamedNode, job: Job):
        self.store, self.this, self.limit = store, this, job.limit
        self.id_base, self.root = job.id_base, job.root
        self.truncated = False
        self.labels: dict[str, str] = {}
        self.dates: dict[str, Literal] = {}

    def _select(self, text: str, bindings: dict | None = None) -> list[tuple]:
        _, rows, cut = _rows(_query(self.store, text, bindings or {"this": self.this}), self.limit)
        self.truncated |= cut
        return rows

    def render(self) -> str | None:
        """The page, or None when the store says nothing about the resource (a 404)."""
        props = self._select(PROPERTIES)
        if not props:
            return None
        cites = [r[0] for r in self._select(CITES)]
        cited_by = [r[0] for r in self._select(CITED_BY)]
        versions = self._select(VERSIONS)
        linked_from = self._select(LINKED_FROM)
        changes = self._changes()
        self._learn(
            [self.this, *(t for row in props for t in row), *cites, *cited_by, *(r[0] for r in versions)]
            + [t for row in linked_from for t in row]
            + [t for row in changes for t in row[1:3]]
        )
        by_property: dict[str, list] = {}
        for p, o in props:
            by_property.setdefault(p.value, []).append(o)
        title = self.labels.get(self.this.value) or self._fallback(self.this.value)
        parts = [
            f"<h1>{_e(title)}</h1>",
            self._summary(by_property),
            self._list("Ce texte cite", cites),
            self._list("Textes qui le citent", cited_by),
            self._changes_table(changes),
            self._versions(versions),
            self._linked_from(linked_from),
            self._properties(by_property),
        ]
        if self.truncated:
            parts.insert(
                1, f'<p class="cut">Listes coupées à {self.limit} lignes (--max-rows du serveur).</p>'
            )
        return _document(title, "".join(parts), self.root)

    # -- reading ------------------------------------------------------------------------------------------

    def _changes(self) -> list[tuple]:
        """(date, kind, act, article) of each lg:Change made to it: the named query ``changes``."""
        from legalgraph import queries
        from legalgraph.store.base import Solutions

        query = queries.get("changes")
        result = _query(self.store, query.text, queries.bindings(query, {"act": self.this.value}))
        variables, rows, cut = _rows(result, self.limit)
        self.truncated |= cut
        solutions = queries.sort(Solutions(variables, rows), query.order)
        col = {v: i for i, v in enumerate(variables)}
        return [(r[col["date"]], r[col["kind"]], r[col["by"]], r[col["article"]]) for r in solutions.rows]

    def _learn(self, terms: Iterable) -> None:
        """The label and the date of every IRI the page shows, in one query."""
        iris = sorted({t.value for t in terms if isinstance(t, NamedNode)})
        if not iris:
            return
        text = ABOUT.format(
            props=", ".join(LABEL_PROPERTIES + DATE_PROPERTIES), iris=" ".join(f"<{i}>" for i in iris)
        )
        best: dict[str, tuple] = {}
        for x, p, v in _rows(_query(self.store, text), None)[1]:
            if p.value in DATE_RANK:
                key = ("date", x.value)
                rank = (DATE_RANK[p.value], v.value)
            else:
                key = ("label", x.value)
                lang = getattr(v, "language", None) or ""
                rank = (0 if lang in ("", "fr") else 1, LABEL_RANK[p.value], v.value)
            if key not in best or rank < best[key][0]:
                best[key] = (rank, v)
        for (what, iri), (_, value) in best.items():
            if what == "label":
                self.labels[iri] = value.value
            else:
                self.dates[iri] = value

    # -- writing ------------------------------------------------------------------------------------------

    def _fallback(self, iri: str) -> str:
        """What an IRI without a label is shown as: its part after the project's base, or a prefixed name."""
        if iri.startswith(self.id_base):
            return iri[len(self.id_base) :]
        for prefix, ns in PREFIXES.items():
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns) :]}"
        return iri

    def term(self, term) -> str:
        """A term as HTML: a project IRI links to its page, another http(s) IRI to itself; text is escaped."""
        if isinstance(term, NamedNode):
            iri = term.value
            shown = _e(self.labels.get(iri) or self._fallback(iri))
            href = local_href(iri, self.id_base, self.root)
            if href:
                return f'<a href="{_e(href)}" title="{_e(iri)}">{shown}</a>'
            if iri.lower().startswith(("http://", "https://")):
                return f'<a href="{_e(iri)}" rel="noopener noreferrer">{shown}</a>'
            return f'<span title="{_e(iri)}">{shown}</span>'
        if isinstance(term, BlankNode):
            return _e(f"_:{term.value}")
        if isinstance(term, Literal):
            lang = f' lang="{_e(term.language)}"' if term.language and term.language != "fr" else ""
            return f"<span{lang}>{_e(self._literal_text(term))}</span>"
        return ""

    def _literal_text(self, term: Literal) -> str:
        from legalgraph.graph.identity import french_date

        if term.datatype.value == _XSD_DATE:
            try:
                return french_date(term.value)
            except ValueError:
                return term.value
        if term.datatype.value == _XSD_BOOLEAN:
            return "oui" if term.value in ("true", "1") else "non"
        return term.value

    def _dated(self, term) -> str:
        date = self.dates.get(term.value) if isinstance(term, NamedNode) else None
        return self.term(term) + (
            f' <span class="date">({_e(self._literal_text(date))})</span>' if date else ""
        )

    def _sorted(self, terms: Iterable) -> list:
        """Oldest first, then by label; undated last."""
        return sorted(
            terms,
            key=lambda t: (
                t.value not in self.dates,
                self.dates[t.value].value if t.value in self.dates else "",
                self.labels.get(t.value) or t.value,
            ),
        )

    def _summary(self, by_property: dict[str, list]) -> str:
        def values(name: str) -> list:
            return by_property.get(_expand(name), [])

        rows = []
        kinds = values("rdf:type") + values("eli:type_document")
        if kinds:
            rows.append(("Nature", ", ".join(self.term(k) for k in kinds)))
        for name in DATE_PROPERTIES:
            if values(name):
                rows.append(("Date", ", ".join(self.term(d) for d in values(name))))
                break
        for prop, label in OFFICIAL_IDS:
            if values(prop):
                rows.append((label, ", ".join(self.term(v) for v in values(prop))))
        legifrance = [u for u in values("lg:legifranceUrl") if _is_web(u)]
        if legifrance:
            links = (
                f'<a class="legifrance" href="{_e(u.value)}" rel="noopener noreferrer">{_e(u.value)}</a>'
                for u in legifrance
            )
            rows.append(("Légifrance", ", ".join(links)))
        same = values("owl:sameAs")
        eli = [s for s in same if _is_web(s) and local_href(s.value, self.id_base, self.root) is None]
        if eli:
            rows.append(("ELI", ", ".join(self.term(s) for s in eli)))
        aliases = [s for s in same if s not in eli]
        if aliases:
            rows.append(("Même acte que", ", ".join(self.term(s) for s in aliases)))
        formats_ = " · ".join(f'<a href="?format={name}">{label}</a>' for name, label in FORMAT_LINKS)
        rows.append(("IRI", f"<code>{_e(self.this.value)}</code> — {formats_}"))
        return "<dl>" + "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"

    def _list(self, heading: str, terms: list) -> str:
        if not terms:
            return ""
        items = "".join(f"<li>{self._dated(t)}</li>" for t in self._sorted(terms))
        return f"<h2>{_e(heading)} ({len(terms)})</h2><ul>{items}</ul>"

    def _changes_table(self, changes: list[tuple]) -> str:
        if not changes:
            return ""
        rows = "".join(
            "<tr>"
            + "".join(f"<td>{self.term(t) if t is not None else ''}</td>" for t in (date, kind, article))
            + f"<td>{self._dated(by)}</td></tr>"
            for date, kind, by, article in changes
        )
        head = "<tr><th>Date d'effet</th><th>Nature</th><th>Article</th><th>Par</th></tr>"
        return f"<h2>Modifications ({len(changes)})</h2><table>{head}{rows}</table>"

    def _versions(self, versions: list[tuple]) -> str:
        if not versions:
            return ""
        what = {v.value: w.value for v, w in versions}
        items = "".join(
            f"<li>{self._dated(v)} — {_e(what[v.value])}</li>" for v in self._sorted(v for v, _ in versions)
        )
        return f"<h2>Versions ({len(versions)})</h2><ul>{items}</ul>"

    def _linked_from(self, rows: list[tuple]) -> str:
        if not rows:
            return ""
        rows = sorted(
            rows, key=lambda r: (self._property_name(r[1]), self.labels.get(r[0].value) or r[0].value)
        )
        body = "".join(
            f"<tr><td>{self.term(s)}</td><td>{_e(self._property_name(p))}</td></tr>" for s, p in rows
        )
        return f"<h2>Autres ressources liées ({len(rows)})</h2><table><tr><th>Ressource</th><th>Lien</th></tr>{body}</table>"

    def _property_name(self, p: NamedNode) -> str:
        return self.labels.get(p.value) or self._fallback(p.value)

    def _properties(self, by_property: dict[str, list]) -> str:
        order = sorted(
            by_property,
            key=lambda p: (FIRST_PROPERTIES.get(p, len(FIRST_PROPERTIES)), self._property_name(NamedNode(p))),
        )
        body = "".join(
            f'<tr><th title="{_e(p)}">{_e(self._property_name(NamedNode(p)))}</th><td>'
            + "<br>".join(
                self.term(o) for o in sorted(by_property[p], key=lambda o: self.labels.get(o.value, o.value))
            )
            + "</td></tr>"
            for p in order
        )
        return f"<h2>Toutes les propriétés</h2><table>{body}</table>"


def _is_web(term) -> bool:
    return isinstance(term, NamedNode) and term.value.lower().startswith(("http://", "https://"))


def _e(text: str) -> str:
    return html.escape(text, quote=True)


STYLE = """body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem;line-height:1.3}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.25rem .5rem;
border-bottom:1px solid #eee}th{font-weight:600}a{color:#0645ad}code{font-size:.9em;word-break:break-all}
.date{color:#666}.cut{background:#fff3cd;padding:.5rem}nav{font-size:.9rem;margin-bottom:1rem}"""


def _document(title: str, body: str, root: str) -> str:
    return (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)} — legalgraph</title><style>{STYLE}</style></head><body>"
        f'<nav><a href="{_e(root)}">legalgraph — interroger le graphe (SPARQL)</a></nav>'
        f"{body}</body></html>"
    )
