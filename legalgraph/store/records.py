"""The records of a store, rebuilt from the graph alone: ``parse`` → graph → record is the identity.

Each source's named graph holds what that source says; reading it back gives the record's facts as
``legalgraph parse`` printed them (the contract JSON, ``legalgraph/record.py``): nature, title, date, NOR, the
titre (name, action, level, NSF, ROME, registration, former names), the certificates with their hours,
skills and spans, the total hours, the equivalence rows, the previous acts, every citation with its reading and
span, the jobs and sectors of the annex. The parts the graph does not hold — the texts of the visas, articles,
annexes and signatories — are left out: a graph of facts is not a copy of the text.

Lists that the graph holds as sets of values (a certificate's skills, NSF and ROME codes, the labels of one
equivalence row, jobs, sectors) come back sorted; lists with an order of their own (certificates, rows,
citations) come back in it.

Each question is one query over all source graphs (``GRAPH ?g``), grouped in Python: the cost is linear in
the store, whatever the number of sources.
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import unquote

from legalgraph.graph.namespaces import sparql_prefixes
from legalgraph.store.base import Store

_SOURCES = """SELECT ?g ?sha ?format ?id ?path ?title ?date ?act ?type ?nor WHERE { GRAPH ?g {
    ?g a lg:SourceDocument ; lg:sha256 ?sha ; lg:sourceFormat ?format ; eli:embodies ?e . ?e eli:realizes ?act
    OPTIONAL { ?g dcterms:identifier ?id } OPTIONAL { ?g lg:sourcePath ?path }
    OPTIONAL { ?g dcterms:title ?title } OPTIONAL { ?g dcterms:date ?date }
    OPTIONAL { ?act eli:type_document ?type } OPTIONAL { ?act lg:nor ?nor } } }"""
_VERSIONS = """SELECT ?g ?v ?p ?o WHERE { GRAPH ?g { ?g a lg:SourceDocument . ?v a lg:TitreVersion ; ?p ?o
    VALUES ?p { lg:titreName lg:action lg:level lg:levelCnc lg:nsf lg:rome lg:formerName lg:minHoursTotal
                lg:priorActDate lg:job lg:sector lg:aboutOneTitre } } }"""
_REGISTRATIONS = """SELECT ?g ?v ?start ?years WHERE { GRAPH ?g { ?v lg:registration ?r
    OPTIONAL { ?r lg:startDate ?start } OPTIONAL { ?r lg:durationYears ?years } } }"""
_CERTIFICATES = """SELECT ?g ?c ?rank ?title ?hours ?truncated ?start ?end WHERE { GRAPH ?g {
    ?v lg:hasCertificate ?c . ?c lg:rank ?rank ; dcterms:title ?title
    OPTIONAL { ?c lg:minHours ?hours } OPTIONAL { ?c lg:truncated ?truncated }
    OPTIONAL { ?c prov:wasDerivedFrom ?t . ?t oa:hasSelector ?s . ?s oa:start ?start ; oa:end ?end } } }"""
_SKILLS = "SELECT ?g ?c ?skill WHERE { GRAPH ?g { ?c a lg:Certificate ; lg:skill ?skill } }"
_EQUIVALENCES = """SELECT ?g ?row ?i ?p ?o WHERE { GRAPH ?g { ?v lg:hasEquivalence ?row . ?row lg:row ?i
    OPTIONAL { ?row ?p ?o VALUES ?p { lg:oldActDate lg:oldCertificateLabel lg:newCertificateLabel } } } }"""
_CITATIONS = """SELECT ?g ?c ?kind ?text ?where ?key ?date ?number ?code ?subject ?amended ?repeats ?start ?end
    WHERE { GRAPH ?g { ?c lg:citedKind ?kind ; lg:citedText ?text ; lg:where ?where ; oa:hasTarget ?t .
    ?t oa:hasSelector ?s . ?s oa:start ?start ; oa:end ?end
    OPTIONAL { ?c lg:citationKey ?key } OPTIONAL { ?c lg:citedActDate ?date } OPTIONAL { ?c lg:citedNumber ?number }
    OPTIONAL { ?c lg:citedCodeName ?code } OPTIONAL { ?c lg:citedSubject ?subject }
    OPTIONAL { ?c lg:amended ?amended } OPTIONAL { ?c lg:repeats ?repeats } } }"""
_CITED_ARTICLES = "SELECT ?g ?c ?article WHERE { GRAPH ?g { ?c lg:citedArticle ?article } }"
_ARTICLES = """SELECT ?g ?c ?body WHERE { GRAPH ?g { ?c a lg:Citation ; oa:hasBody ?body ; lg:citationKey ?key
    FILTER(STRSTARTS(?key, "code:") && CONTAINS(STRAFTER(?key, "code:"), ":")) } }"""

_CONCEPT_TAIL = {
    "level": "/level/",
    "levelCnc": "/level/cnc/",
    "nsf": "/nsf/",
    "rome": "/rome/",
    "action": "/action/",
}


def _value(term) -> str | int | bool | None:
    if term is None:
        return None
    value = term.value
    datatype = getattr(term, "datatype", None)
    if datatype is not None and datatype.value.endswith("#integer"):
        return int(value)
    if datatype is not None and datatype.value.endswith("#boolean"):
        return value == "true"
    return value


def _concept(prop: str, iri: str) -> str:
    """The code a concept IRI stands for, as records write it: level/1969/III → III, nsf/332t → 332t."""
    return iri.rsplit("/", 1)[-1] if prop != "action" else iri.split(_CONCEPT_TAIL["action"], 1)[1]


def _index(iri: str) -> int:
    return int(iri.rsplit("/", 1)[-1])


def records(store: Store) -> list[dict]:
    """One record per source of ``store``, in the order of their file names (then graph IRIs)."""

    def select(sparql: str):
        return store.select(sparql_prefixes() + sparql)

    out: dict[str, dict] = {}
    for g, sha, fmt, id_, path, title, date, act, type_, nor in select(_SOURCES):
        out[g.value] = {
            "file": (path.value.rsplit("/", 1)[-1] if path else None),
            "source": {"path": _value(path), "format": fmt.value, "sha256": sha.value, "id": _value(id_)},
            "act": act.value,
            "nature": type_.value.rsplit("/", 1)[-1].replace("-", "_") if type_ else None,
            "title": _value(title),
            "date": _value(date),
            "nor": _value(nor),
            "titre": None,
            "certificates": [],
            "min_hours_total": None,
            "equivalences": [],
            "previous_acts": [],
            "citations": [],
            "jobs": [],
            "sectors": [],
        }

    titres: dict[str, dict] = {}
    about: set[str] = set()  # sources whose record has a titre, even one that names none of its facts
    for g, _v, p, o in select(_VERSIONS):
        rec, prop = out.get(g.value), p.value.rsplit("#", 1)[1]
        if rec is None:
            continue
        if prop in ("minHoursTotal", "priorActDate", "job", "sector"):
            if prop == "minHoursTotal":
                rec["min_hours_total"] = _value(o)
            else:
                rec[{"priorActDate": "previous_acts", "job": "jobs", "sector": "sectors"}[prop]].append(
                    o.value
                )
            continue
        titre = titres.setdefault(g.value, _empty_titre())
        if prop == "aboutOneTitre":
            about.add(g.value)
        elif prop in ("nsf", "rome"):
            titre[prop].append(_concept(prop, o.value))
        elif prop == "formerName":
            titre["former_names"].append(o.value)
        elif prop in _CONCEPT_TAIL:
            titre[{"levelCnc": "level_cnc"}.get(prop, prop)] = _concept(prop, o.value)
        else:
            titre["name"] = o.value
    for g, _v, start, years in select(_REGISTRATIONS):
        titre = titres.setdefault(g.value, _empty_titre())
        titre["registration_start"], titre["registration_years"] = _value(start), _value(years)
    for g, titre in titres.items():
        stated = titre["name"] or titre["action"] or titre["level"] or titre["registration_start"]
        if g in out and (g in about or stated):
            out[g]["titre"] = {k: sorted(v) if isinstance(v, list) else v for k, v in titre.items()}

    skills: dict[tuple[str, str], list[str]] = defaultdict(list)
    for g, c, skill in select(_SKILLS):
        skills[(g.value, c.value)].append(skill.value)
    for g, c, rank, title, hours, truncated, start, end in select(_CERTIFICATES):
        if g.value in out:
            out[g.value]["certificates"].append(
                {
                    "rank": _value(rank),
                    "title": title.value,
                    "min_hours": _value(hours),
                    "skills": sorted(skills.get((g.value, c.value), [])),
                    "truncated": bool(_value(truncated)),
                    "span": [_value(start), _value(end)] if start is not None else None,
                }
            )

    rows: dict[tuple[str, str], dict] = {}
    for g, row, i, p, o in select(_EQUIVALENCES):
        if g.value not in out:
            continue
        entry = rows.setdefault(
            (g.value, row.value), {"i": _value(i), "old_act_date": None, "old": [], "new": []}
        )
        prop = p.value.rsplit("#", 1)[1] if p is not None else None
        if prop == "oldActDate":
            entry["old_act_date"] = o.value
        elif prop == "oldCertificateLabel":
            entry["old"].append(o.value)
        elif prop == "newCertificateLabel":
            entry["new"].append(o.value)
    for (g, _), entry in sorted(rows.items(), key=lambda kv: (kv[0][0], kv[1]["i"])):
        out[g]["equivalences"].append(
            {"old_act_date": entry["old_act_date"], "old": sorted(entry["old"]), "new": sorted(entry["new"])}
        )

    articles: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for g, c, body in select(_ARTICLES):
        head, _, n = c.value.rpartition("/")
        if head.rsplit("/", 1)[-1].isdigit() and "/citation/" in head:  # citation/i/n: the n-th article named
            articles[(g.value, head)].append((int(n), unquote(body.value.rsplit("/", 1)[-1])))
    for g, c, article in select(
        _CITED_ARTICLES
    ):  # articles of acts other than codes: in their numbers' order
        articles[(g.value, c.value)].append((_article_order(article.value), article.value))
    for row in select(_CITATIONS):
        g, c, kind, text, where, key, date, number, code, subject, amended, repeats, start, end = row
        if g.value not in out or c.value.rsplit("/", 2)[-2] != "citation":
            continue  # citation/i only: citation/i/n are its articles
        out[g.value]["citations"].append(
            {
                "i": _index(c.value),
                "kind": kind.value,
                "date": _value(date),
                "number": _value(number),
                "code": _value(code),
                "articles": [a for _, a in sorted(articles.get((g.value, c.value), []))],
                "amended": bool(_value(amended)),
                "subject": _value(subject),
                "where": where.value,
                "refers_to": _index(repeats.value) if repeats is not None else None,
                "key": _value(key),
                "text": text.value,
                "span": [_value(start), _value(end)],
            }
        )
    for rec in out.values():
        rec["citations"].sort(key=lambda c: c["i"])
        for c in rec["citations"]:
            del c["i"]
        rec["certificates"].sort(key=lambda c: c["rank"])
        for field in ("previous_acts", "jobs", "sectors"):
            rec[field] = sorted(set(rec[field]))
    return sorted(out.values(), key=lambda r: (r["file"] or "", r["source"]["sha256"]))


def _article_order(number: str) -> int:
    digits = "".join(ch for ch in number if ch.isdigit())
    return int(digits) if digits else 0


def _empty_titre() -> dict:
    return {
        "name": None,
        "action": None,
        "level": None,
        "nsf": [],
        "rome": [],
        "registration_start": None,
        "registration_years": None,
        "level_cnc": None,
        "former_names": [],
    }


_ANCESTORS = """SELECT DISTINCT ?path ?date WHERE {
    GRAPH ?g { ?g a lg:SourceDocument ; lg:sourcePath ?path . ?v a lg:TitreVersion ; lg:establishedBy ?own }
    ?v prov:wasRevisionOf+ ?p . ?p lg:establishedBy ?a .
    OPTIONAL { ?a eli:date_document ?d1 } OPTIONAL { ?p dcterms:date ?d2 } BIND (COALESCE(?d1, ?d2) AS ?date)
    FILTER (BOUND(?date)) }"""


def ancestor_dates(store: Store) -> dict[str, set[str]]:
    """File name → the dates of the earlier versions of its titre version, as the derived lineage links them
    (what a record's ``previous_acts`` says from the text alone)."""
    out: dict[str, set[str]] = {}
    for path, date in store.select(sparql_prefixes() + _ANCESTORS):
        out.setdefault(path.value.rsplit("/", 1)[-1], set()).add(date.value)
    return out
