"""Tidy tables of the graph: one call, one row per real thing, typed columns (``kg.acts()``, ``kg.versions()``…).

Each table is read with plain SPARQL 1.1 (any store: embedded, rdflib, a SPARQL server) as distinct
(subject, property, value) facts, then shaped in Python, so that a fact two copies of a text state is counted
once and a value one copy leaves out is not a missing row. What "one real thing" is:

* an **act** is one row however many names it has: two IRIs the lineage ties with ``owl:sameAs`` (an undated
  fragment and the dated copy of the same arrêté) are one act, under the IRI of the better-identified one;
* a **version** is one step of a titre's lineage (``lg:lineageRank``): its aliases' facts are merged into it;
* a **certificate** is one rank of one version; an **equivalence** one row of a table; a **titre** one work;
* a **citation** is what one version of a text (its expression: as published, or consolidated at a date) says
  of one act in one part (title, visa, article, annex): two copies of one expression count once.

Columns: human labels first, then figures, then IRIs (columns named ``iri`` or ``…_iri``) and URLs.
Types: ``string``, nullable ``Int64``, ``boolean``, ``datetime64`` dates, ``category`` for codes (kinds,
actions, levels, NSF, ROME, parts). Missing is pandas' NA everywhere (``NaT`` in dates, an empty category in
categoricals): ``df.isna()`` finds every gap, and no column holds ``None`` or float ``NaN``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

import pandas as pd

from legalgraph.graph.codes import ACTION_LABELS
from legalgraph.graph.namespaces import PREFIXES, sparql_prefixes
from legalgraph.models import Action, Where
from legalgraph.store.base import Store
from legalgraph.store.results import to_python

# What kind of act a resource type (eli:type_document) is, in French as a reader writes it.
KIND_LABELS = {
    "arrete": "arrêté",
    "decret": "décret",
    "loi": "loi",
    "loi_organique": "loi organique",
    "ordonnance": "ordonnance",
    "code": "code",
    "article": "article de code",
    "circulaire": "circulaire",
    "decision": "décision",
    "rectificatif": "rectificatif",
    "avis": "avis",
    "directive_ue": "directive (UE)",
    "reglement_ue": "règlement (UE)",
    "referentiel": "référentiel",
    "other": "autre",
}


def _codes_dtype(values: Iterable[str]) -> pd.CategoricalDtype:
    """Categories held as pandas strings, so that a missing value shows as <NA>, as in every other column."""
    return pd.CategoricalDtype(pd.array(list(dict.fromkeys(values)), dtype="string"))


KIND = _codes_dtype(KIND_LABELS.values())
ACTION = _codes_dtype(ACTION_LABELS[a] for a in Action)
WHERE = _codes_dtype(str(w) for w in Where)
_CATEGORY = "category"  # a code whose values are read from the data (NSF, ROME, level as written)

_DATE_KEY = re.compile(r":\d{4}-\d{2}-\d{2}$")


# ---- reading facts ------------------------------------------------------------------------------------------


def _expand(name: str) -> str:
    prefix, local = name.split(":", 1)
    return PREFIXES[prefix] + local


Facts = dict[str, dict[str, set]]


def facts(store: Store, subjects: str, properties: dict[str, str], *, published_first: bool = False) -> Facts:
    """subject → column → the set of its values, for the subjects the group pattern ``subjects`` binds to
    ``?s`` and the ``properties`` (column → prefixed property). A value stated in several graphs is one value.

    ``published_first``: where the text as published states a fact, what only consolidated copies state of it
    is left out (a consolidated copy is the act as later modified: its first version is what the original
    says); a fact no copy as published states — a fragment's missing part — comes from the consolidated ones.
    SPARQL sees both, each in its source's graph."""
    column = {_expand(p): name for name, p in properties.items()}
    values = " ".join(properties.values())
    # OPTIONAL: a subject with none of the properties is a row too (a titre no text names)
    if published_first:
        stated = "GRAPH ?g { ?s ?p ?o } OPTIONAL { ?g eli:embodies ?e . ?e lg:consolidated ?c }"
    else:
        stated = "?s ?p ?o BIND(false AS ?c)"
    sparql = (
        f"SELECT DISTINCT ?s ?p ?o ?c WHERE {{ {subjects} OPTIONAL {{ VALUES ?p {{ {values} }} {stated} }} }}"
    )
    published: Facts = defaultdict(lambda: defaultdict(set))
    consolidated: Facts = defaultdict(lambda: defaultdict(set))
    for s, p, o, c in store.select(sparql_prefixes() + sparql):
        found = (consolidated if c is not None and to_python(c) else published)[s.value]
        if p is not None:
            found[column[p.value]].add(to_python(o))
    for s, found in consolidated.items():
        mine = published[s]
        for name, vals in found.items():
            if not mine.get(name):
                mine[name] = vals
    return published


def pairs(store: Store, pattern: str) -> set[tuple[str, str]]:
    """The distinct (?a, ?b) IRIs or values a pattern binds."""
    rows = store.select(sparql_prefixes() + f"SELECT DISTINCT ?a ?b WHERE {{ {pattern} }}")
    return {(to_python(a), to_python(b)) for a, b in rows}


def _one(values: Iterable | None, pick=min):
    """One value of a set (the smallest, or ``pick``'s), None when empty: facts of one thing rarely disagree,
    and when copies do, ``conflicts`` lists them."""
    values = [v for v in values or () if v is not None]
    return pick(values) if values else None


def _tail(iri: str | None) -> str | None:
    """A code is the end of its IRI: …/nsf/332t → 332t, …/level/1969/V → V."""
    return iri.rsplit("/", 1)[-1] if iri else None


def _codes(iris: Iterable[str] | None) -> str | None:
    """Several codes of one version (ROME often has three): one value, sorted, ", " between them."""
    codes = sorted({_tail(i) for i in iris or ()} - {None})
    return ", ".join(codes) if codes else None


def _kind(type_iris: Iterable[str] | None) -> str | None:
    kinds = sorted({KIND_LABELS.get(_tail(t) or "", _tail(t)) for t in type_iris or ()})
    # an act is typed once; a code article is also typed by its code's kind in older stores: the narrower wins
    return "article de code" if "article de code" in kinds else _one(kinds)


def _action(iris: Iterable[str] | None) -> str | None:
    tail = _one({_tail(i) for i in iris or ()})
    try:
        return ACTION_LABELS[Action(tail)] if tail else None
    except ValueError:
        return tail


def _nl(value):
    """A sort key that puts None last, whatever the type of the other values."""
    return (value is None, value if value is not None else 0)


def _joined(values: Iterable[str] | None) -> str | None:
    values = sorted({v for v in values or () if v})
    return " | ".join(values) if values else None


def frame(rows: list[dict], schema: dict[str, object]) -> pd.DataFrame:
    """A DataFrame of ``rows`` with the columns of ``schema`` in its order, each typed: ``"string"``,
    ``"Int64"``, ``"boolean"``, ``"date"``, ``"category"`` or a ``CategoricalDtype``; None becomes NA."""
    data = {}
    for name, dtype in schema.items():
        values = [row.get(name) for row in rows]
        if isinstance(
            dtype, pd.CategoricalDtype
        ):  # (compared to a string, any CategoricalDtype == "category")
            data[name] = pd.Categorical(values, dtype=dtype)
        elif dtype == _CATEGORY:
            data[name] = pd.Categorical(
                values, dtype=_codes_dtype(sorted({v for v in values if v is not None}))
            )
        elif dtype == "date":
            data[name] = pd.to_datetime(pd.Series(values, dtype="object"), errors="coerce").astype(
                "datetime64[ns]"
            )
        else:
            data[name] = pd.array(values, dtype=dtype)
    return pd.DataFrame(data, index=pd.RangeIndex(len(rows)))


# ---- one act, one row ----------------------------------------------------------------------------------------


class Aliases:
    """Names that are one thing (``owl:sameAs`` between legalgraph IRIs) → the one that stands for them."""

    def __init__(self, links: Iterable[tuple[str, str]], prefer) -> None:
        groups: dict[str, set[str]] = {}
        for a, b in links:
            group = groups.get(a, {a}) | groups.get(b, {b})
            for member in group:
                groups[member] = group
        self.rep = {m: min(g, key=prefer) for m, g in groups.items()}

    @classmethod
    def none(cls) -> Aliases:
        """Every IRI stands for itself."""
        return cls((), prefer=str)

    def __call__(self, iri: str | None) -> str | None:
        return self.rep.get(iri, iri) if iri else iri

    def members(self, rep: str) -> list[str]:
        return [m for m, r in self.rep.items() if r == rep] or [rep]


def merge(found: Facts, alias: Aliases) -> Facts:
    """The facts of the names of one thing, under the name that stands for them."""
    merged: Facts = defaultdict(lambda: defaultdict(set))
    for iri, f in found.items():
        merged[alias(iri)]  # a name with no facts is still a thing
        for column, values in f.items():
            merged[alias(iri)][column] |= values
    return merged


def act_aliases(store: Store) -> Aliases:
    ours = PREFIXES["lgid"]
    links = {
        (a, b)
        for a, b in pairs(store, "?a a eli:LegalResource ; owl:sameAs ?b . ?b a eli:LegalResource")
        if a.startswith(ours) and b.startswith(ours)
    }
    # the dated, named act stands for the undated fragment ("…/unidentified/<sha>") the lineage tied to it
    return Aliases(links, prefer=lambda iri: ("/unidentified/" in iri, len(iri), iri))


_ACT_FACTS = {
    "title": "skos:prefLabel",
    "type": "eli:type_document",
    "date": "eli:date_document",
    "published": "eli:date_publication",
    "key": "lg:citationKey",
    "nor": "lg:nor",
    "jorftext": "lg:jorfId",
    "legitext": "lg:legiId",
    "legiarti": "lg:legiArticleId",
    "legifrance": "lg:legifranceUrl",
    "same": "owl:sameAs",
}
ACTS = {
    "title": "string",
    "kind": KIND,
    "date": "date",
    "published": "date",
    "key": "string",
    "nor": "string",
    "jorftext": "string",
    "legitext": "string",
    "legiarti": "string",
    "sources": "Int64",
    "cited_by": "Int64",
    "legifrance": "string",
    "eli": "string",
    "iri": "string",
}


def _preferred_key(keys: Iterable[str] | None) -> str | None:
    """The key a number gives (decret:2002-1029) before the one a bare date gives (decret:2002-08-02)."""
    return _one(keys, pick=lambda ks: min(ks, key=lambda k: (bool(_DATE_KEY.search(k)), k)))


def acts(store: Store) -> pd.DataFrame:
    """One row per act (an ``eli:LegalResource``: a corpus text, a text it cites, a code or code article), its
    aliases merged. Columns:

    * ``title``: its one label, the official title where known (``skos:prefLabel``);
    * ``kind``: arrêté, décret, loi, ordonnance, code, article de code, avis, rectificatif… (category);
    * ``date``: the date it bears (``eli:date_document``); ``published``: its Journal officiel date (DILA);
    * ``key``: its citation key (``arrete:2015-12-22``, ``decret:2019-14``, ``code:code du travail:L6113-1``);
    * ``nor``, ``jorftext`` (JORFTEXT…), ``legitext`` (LEGITEXT…), ``legiarti`` (LEGIARTI…, a code article):
      its official ids where the texts, DILA or the catalogue give them;
    * ``sources``: how many source files of the store are copies of it (0: only cited);
    * ``cited_by``: how many acts cite it;
    * ``legifrance``: its Légifrance page; ``eli``: its Légifrance ELI; ``iri``: its IRI in the graph.
    """
    alias = act_aliases(store)
    found = facts(store, "?s a eli:LegalResource .", _ACT_FACTS)
    merged = merge(found, alias)
    sources = Counter(alias(a) for a, _ in pairs(store, "?a ^eli:realizes/^eli:embodies ?b"))
    cited_by: dict[str, set[str]] = defaultdict(set)
    for m in _mentions(store, alias):
        if m["cited"]:
            cited_by[m["cited"]].add(m["citing"])
    rows = []
    for iri, f in merged.items():
        rep_title = _one(found.get(iri, {}).get("title"))  # the representative's own label first
        rows.append(
            {
                "title": rep_title or _one(f["title"]),
                "kind": _kind(f["type"]),
                "date": _one(f["date"]),
                "published": _one(f["published"]),
                "key": _preferred_key(f["key"]),
                "nor": _one(f["nor"]),
                "jorftext": _one(f["jorftext"]),
                "legitext": _one(f["legitext"]),
                "legiarti": _one(f["legiarti"]),
                "sources": sources.get(iri, 0),
                "cited_by": len(cited_by.get(iri, ())),
                "legifrance": _one(f["legifrance"]),
                "eli": _one(v for v in f["same"] if "legifrance.gouv.fr/eli/" in v),
                "iri": iri,
            }
        )
    rows.sort(key=lambda r: (_nl(r["date"]), r["kind"] or "", r["title"] or "", r["iri"]))
    return frame(rows, ACTS)


# ---- citations -------------------------------------------------------------------------------------------------

_MENTION_FACTS = {
    "citing": "lg:citingAct",
    "expression": "lg:citingExpression",
    "where": "lg:where",
    "cited": "oa:hasBody",
    "key": "lg:citationKey",
    "words": "lg:citedText",
    "date": "lg:citationDate",
    "kind": "lg:citedKind",
}


def _mentions(store: Store, alias: Aliases) -> list[dict]:
    """Every mention (``lg:Citation``), with its source graph; acts as their representatives."""
    found = facts(store, "?s a lg:Citation .", _MENTION_FACTS)
    graphs = dict(pairs(store, "GRAPH ?b { ?a a lg:Citation } ?b a lg:SourceDocument"))
    out = []
    for iri, f in found.items():
        out.append(
            {
                "iri": iri,
                "source": graphs.get(iri),
                "citing": alias(_one(f["citing"])),
                "expression": _one(f["expression"]),
                "where": _one(f["where"]),
                "cited": alias(_one(f["cited"])),
                "key": _one(f["key"]),
                "words": _one(f["words"]),
                "date": _one(f["date"]),
                "kind": _one(f["kind"]),
            }
        )
    return out


CITATIONS = {
    "citing": "string",
    "citing_date": "date",
    "consolidated": "boolean",
    "where": WHERE,
    "cited": "string",
    "cited_kind": KIND,
    "cited_date": "date",
    "key": "string",
    "words": "string",
    "mentions": "Int64",
    "sources": "Int64",
    "citing_iri": "string",
    "expression_iri": "string",
    "cited_iri": "string",
}


def citations(store: Store) -> pd.DataFrame:
    """One row per act a version of a text cites in one of its parts (copies of one version count once).
    Columns:

    * ``citing``: the citing act's title; ``citing_date``: the date of the citing version — the act's date, or
      for a consolidated copy its own version date (``lg:citationDate``; NaT when the source does not give it),
      never the date of the act it consolidates; ``consolidated``: the citing version is a consolidated copy;
    * ``where``: title, visa, article or annex (category);
    * ``cited``, ``cited_kind``, ``cited_date``: the cited act's title, kind and date (NA for a mention that
      names no one act: a référentiel, a bare date several acts share);
    * ``key``: the citation key; ``words``: how the text words it (the most frequent wording);
    * ``mentions``: how many times that version names it there (its fullest copy); ``sources``: in how many
      source files;
    * ``citing_iri``, ``expression_iri`` (the citing version), ``cited_iri``.
    """
    return frame(citation_rows(store, act_aliases(store)), CITATIONS)


def citation_rows(store: Store, alias: Aliases) -> list[dict]:
    """The rows of ``citations`` (not yet typed), acts named as ``alias`` says."""
    known = facts(
        store,
        "?s a eli:LegalResource .",
        {"title": "skos:prefLabel", "type": "eli:type_document", "date": "eli:date_document"},
    )
    consolidated = {e for e, v in pairs(store, "?a lg:consolidated ?b") if v}

    def of(iri: str | None, column: str):
        """An act's fact: its own, else one of its aliases'."""
        members = sorted(alias.members(iri), key=lambda m: m != iri) if iri else []
        return next((_one(known[m][column]) for m in members if known.get(m, {}).get(column)), None)

    groups: dict[tuple, list[dict]] = defaultdict(list)
    for m in _mentions(store, alias):
        # a mention that names no one act is told apart by its key, else its words
        what = m["cited"] or m["key"] or " ".join((m["words"] or "").lower().split())
        groups[(m["citing"], m["expression"], m["where"], what)].append(m)
    rows = []
    for (citing, expression, where, _), ms in groups.items():
        cited = ms[0]["cited"]
        per_source = Counter(m["source"] for m in ms)
        words = Counter(m["words"] for m in ms if m["words"])
        rows.append(
            {
                "citing": of(citing, "title"),
                "citing_date": _one(m["date"] for m in ms),
                "consolidated": expression in consolidated,
                "where": where,
                "cited": of(cited, "title"),
                "cited_kind": _kind({of(cited, "type")} - {None})
                if cited
                else KIND_LABELS.get(_one(m["kind"] for m in ms) or ""),
                "cited_date": of(cited, "date"),
                "key": _one(m["key"] for m in ms),
                "words": min(words, key=lambda w: (-words[w], len(w), w)) if words else None,
                "mentions": max(per_source.values()),  # copies of one version: its fullest one
                "sources": len(per_source),
                "citing_iri": citing,
                "expression_iri": expression,
                "cited_iri": cited,
            }
        )
    order = ("citing_iri", "expression_iri", "where", "key", "cited_iri")
    rows.sort(key=lambda r: (_nl(r["citing_date"]), *(r[c] or "" for c in order)))
    return rows


# ---- titres, versions, certificates, equivalences -----------------------------------------------------------------

_VERSION_FACTS = {
    "name": "lg:titreName",
    "date": "dcterms:date",
    "action": "lg:action",
    "level": "lg:level",
    "level_cnc": "lg:levelCnc",
    "nsf": "lg:nsf",
    "rome": "lg:rome",
    "registration": "lg:registration",
    "hours": "lg:minHoursTotal",
    "rank": "lg:lineageRank",
    "titre": "lg:versionOf",
    "act": "lg:establishedBy",
    "same": "owl:sameAs",
    "fiche": "lg:rncpFiche",
}
VERSIONS = {
    "name": "string",
    "titre": "string",
    "action": ACTION,
    "date": "date",
    "rank": "Int64",
    "level": _CATEGORY,
    "level_cnc": "Int64",
    "nsf": _CATEGORY,
    "rome": _CATEGORY,
    "registration_start": "date",
    "registration_end": "date",
    "registration_years": "Int64",
    "certificates": "Int64",
    "min_hours_total": "Int64",
    "rncp": "string",
    "sources": "Int64",
    "act": "string",
    "iri": "string",
    "act_iri": "string",
    "titre_iri": "string",
}


def _version_aliases(found: Facts) -> Aliases:
    links = {(v, s) for v, f in found.items() for s in f.get("same", ()) if s in found}
    # the version with a place in its titre's lineage stands for its aliases
    return Aliases(links, prefer=lambda v: (not found[v].get("rank"), "/unidentified/" in v, v))


def _versions(store: Store) -> tuple[list[dict], Aliases]:
    """The version rows (not yet typed) and the version aliases."""
    found = facts(store, "?s a lg:TitreVersion .", _VERSION_FACTS, published_first=True)
    alias = _version_aliases(found)
    merged = merge(found, alias)
    registrations = facts(
        store,
        "?s a lg:RegistrationPeriod .",
        {"start": "lg:startDate", "end": "lg:endDate", "years": "lg:durationYears"},
    )
    works = facts(store, "?s a lg:TitreProfessionnel .", {"label": "rdfs:label"})
    act_labels = facts(store, "?s a eli:LegalResource .", {"title": "skos:prefLabel"})
    fiches = facts(store, "?s a lg:RncpFiche .", {"code": "skos:notation"})
    certificates = Counter(version for version, _ in _certificate_groups(store, alias))
    sources = Counter(
        alias(v) for v, _ in pairs(store, "GRAPH ?b { ?a a lg:TitreVersion } ?b a lg:SourceDocument")
    )
    act_alias = act_aliases(store)
    rows = []
    for v, f in merged.items():
        reg: dict[str, set] = defaultdict(set)
        for r in f["registration"]:
            for column, values in registrations.get(r, {}).items():
                reg[column] |= values
        work, act = _one(f["titre"]), act_alias(_one(f["act"]))
        rows.append(
            {
                "name": _one(found.get(v, {}).get("name")) or _one(f["name"]),
                "titre": _one(works.get(work, {}).get("label")),
                "action": _action(f["action"]),
                "date": _one(f["date"]),
                "rank": _one(f["rank"]),
                "level": _one(_tail(i) for i in f["level"]),
                "level_cnc": _one(int(_tail(i)) for i in f["level_cnc"] if (_tail(i) or "").isdigit()),
                "nsf": _codes(f["nsf"]),
                "rome": _codes(f["rome"]),
                "registration_start": _one(reg["start"]),
                "registration_end": _one(reg["end"]),
                "registration_years": _one(reg["years"]),
                # a version known only from a later text: its certificates are unknown, not none
                "certificates": certificates.get(v, 0) if sources.get(v) else None,
                "min_hours_total": _one(f["hours"]),
                "rncp": _one(_one(fiches.get(i, {}).get("code")) or _tail(i) for i in f["fiche"]),
                "sources": sources.get(v, 0),
                "act": _one(act_labels.get(act, {}).get("title")),
                "iri": v,
                "act_iri": act,
                "titre_iri": work,
            }
        )
    rows.sort(key=lambda r: (_nl(r["titre"]), r["titre_iri"] or "", _nl(r["rank"]), _nl(r["date"]), r["iri"]))
    return rows, alias


def versions(store: Store) -> pd.DataFrame:
    """One row per version of a titre (a step of its lineage; the copies and aliases of the act that
    establishes it merged). Columns:

    * ``name``: the titre's name as this version prints it; ``titre``: the titre's name (the work, as its
      latest version names it);
    * ``action``: création, révision, modification, prorogation, abrogation, autre — NA when no text of the
      version says (a version known only from a later text's visas);
    * ``date``: the date of the act that establishes it; ``rank``: its place in the titre's lineage (1: first);
    * ``level``: the level as written (V, IV, 5…); ``level_cnc``: on the cadre national, 1–8 (ordered);
    * ``nsf``, ``rome``: its codes (several: sorted, ", " between them; ``df.rome.str.split(", ")`` and
      ``explode`` give one row per code);
    * ``registration_start``, ``registration_end`` (the first day no longer covered), ``registration_years``:
      its registration in the répertoire national;
    * ``certificates``: how many certificates (CCP, blocs) its texts list (NA for a version without a text in
      the store); ``min_hours_total``: the minimum total hours in entreprise;
    * ``rncp``: its France Compétences fiche (RNCP37274) where the evidence ties one;
    * ``sources``: how many source files state it; ``act``: the title of the act that establishes it;
    * ``iri`` (the version), ``act_iri``, ``titre_iri``.
    """
    rows, _ = _versions(store)
    return frame(rows, VERSIONS)


TITRES = {
    "name": "string",
    "versions": "Int64",
    "first_date": "date",
    "last_date": "date",
    "last_action": ACTION,
    "level_cnc": "Int64",
    "nsf": _CATEGORY,
    "registration_end": "date",
    "names": "string",
    "derived_from": "string",
    "iri": "string",
}


def titres(store: Store) -> pd.DataFrame:
    """One row per titre professionnel (a work across its versions). Columns:

    * ``name``: its name (as its latest version names it); ``versions``: how many versions its lineage has;
    * ``first_date``, ``last_date``: the dates of its first and latest versions; ``last_action``: what the
      latest version did (NA when unknown);
    * ``level_cnc``, ``nsf``, ``registration_end``: as its latest version that states them;
    * ``names``: every name its versions bore, " | " between them (renamings);
    * ``derived_from``: the titres it comes from (a split or a merger), by name; ``iri``.
    """
    rows, _ = _versions(store)
    works = facts(
        store, "?s a lg:TitreProfessionnel .", {"label": "rdfs:label", "from": "prov:wasDerivedFrom"}
    )
    by_work: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_work[r["titre_iri"]].append(r)

    def latest(vs: list[dict], column: str):
        return next((v[column] for v in reversed(vs) if v[column] is not None), None)

    out = []
    for work, f in works.items():
        vs = sorted(by_work.get(work, []), key=lambda v: (_nl(v["rank"]), _nl(v["date"])))
        dates = [v["date"] for v in vs if v["date"]]
        out.append(
            {
                "name": _one(f["label"]),
                "versions": len(vs),
                "first_date": min(dates, default=None),
                "last_date": max(dates, default=None),
                "last_action": vs[-1]["action"] if vs else None,
                "level_cnc": latest(vs, "level_cnc"),
                "nsf": latest(vs, "nsf"),
                "registration_end": latest(vs, "registration_end"),
                "names": _joined(v["name"] for v in vs),
                "derived_from": _joined(_one(works.get(w, {}).get("label")) for w in f["from"]),
                "iri": work,
            }
        )
    out.sort(key=lambda r: (_nl(r["name"]), r["iri"]))
    return frame(out, TITRES)


def _certificate_groups(store: Store, alias: Aliases) -> dict[tuple, dict]:
    """(version, rank) → the certificate's IRI and facts: an alias version's copy of a rank is that rank."""
    found = facts(
        store,
        "?s a lg:Certificate .",
        {"title": "dcterms:title", "rank": "lg:rank", "hours": "lg:minHours", "skill": "lg:skill",
         "truncated": "lg:truncated", "version": "dcterms:isPartOf"},
    )  # fmt: skip
    # which copies state a certificate, and which of them cut it off (lg:truncated is stated only when true)
    copies, cut = defaultdict(set), defaultdict(set)
    for c, g in pairs(store, "GRAPH ?b { ?a a lg:Certificate } ?b a lg:SourceDocument"):
        copies[c].add(g)
    for c, g in pairs(store, "GRAPH ?b { ?a lg:truncated true } ?b a lg:SourceDocument"):
        cut[c].add(g)
    merged: dict[tuple, dict] = {}
    for iri, f in sorted(found.items()):
        version, rank = alias(_one(f["version"])), _one(f["rank"])
        key = (version, iri if rank is None else rank)
        row = merged.setdefault(key, {"iri": iri, "facts": defaultdict(set), "copies": set(), "cut": set()})
        for column, values in f.items():
            row["facts"][column] |= values
        row["copies"] |= copies[iri]
        row["cut"] |= cut[iri]
    return merged


def _version_labels(store: Store) -> tuple[dict[str, dict], Aliases]:
    rows, alias = _versions(store)
    return {r["iri"]: r for r in rows}, alias


CERTIFICATES = {
    "titre": "string",
    "date": "date",
    "rank": "Int64",
    "title": "string",
    "min_hours": "Int64",
    "skills": "Int64",
    "truncated": "boolean",
    "act": "string",
    "iri": "string",
    "version_iri": "string",
    "titre_iri": "string",
}


def certificates(store: Store) -> pd.DataFrame:
    """One row per certificate (CCP, bloc de compétences) of a titre version, in rank order. Columns:

    * ``titre``: the name the version prints; ``date``: the version's date; ``rank``: as printed (1, 2…);
    * ``title``: the certificate's title; ``min_hours``: its minimum hours in entreprise; ``skills``: how many
      « capacités attestées » the text lists; ``truncated``: the source fragment cuts it off;
    * ``act``: the title of the act that establishes the version; ``iri``, ``version_iri``, ``titre_iri``.
    """
    versions_, alias = _version_labels(store)
    rows = []
    for (version, _), m in _certificate_groups(store, alias).items():
        f, v = m["facts"], versions_.get(version, {})
        rows.append(
            {
                "titre": v.get("name"),
                "date": v.get("date"),
                "rank": _one(f["rank"]),
                # copies of one certificate: a fragment cuts its title short, the fullest copy says it all
                "title": _one(f["title"], pick=lambda ts: max(ts, key=lambda t: (len(t), t))),
                "min_hours": _one(f["hours"]),
                "skills": len(f["skill"]),
                "truncated": bool(m["cut"]) and m["cut"] >= m["copies"],  # cut off only if every copy cuts it
                "act": v.get("act"),
                "iri": m["iri"],
                "version_iri": version,
                "titre_iri": v.get("titre_iri"),
            }
        )
    rows.sort(key=lambda r: (_nl(r["titre"]), _nl(r["date"]), r["version_iri"] or "", _nl(r["rank"])))
    return frame(rows, CERTIFICATES)


EQUIVALENCES = {
    "titre": "string",
    "date": "date",
    "row": "Int64",
    "old": "string",
    "new": "string",
    "old_act_date": "date",
    "no_correspondence": "boolean",
    "iri": "string",
    "version_iri": "string",
    "from_version_iri": "string",
    "old_certificate_iri": "string",
    "new_certificate_iri": "string",
}


def equivalences(store: Store) -> pd.DataFrame:
    """One row per row of an equivalence table (holders of the old certificates are deemed to hold the new
    ones). Columns:

    * ``titre``: the name the newer version prints; ``date``: its date; ``row``: the row's rank in its table;
    * ``old``, ``new``: the certificates as the table prints them (" | " between several);
    * ``old_act_date``: the date of the older arrêté the row names; ``no_correspondence``: « Pas de
      correspondance »;
    * ``iri``, ``version_iri`` (the newer version), ``from_version_iri`` (the older one),
      ``old_certificate_iri`` / ``new_certificate_iri`` (the certificates, where their texts are in the store).
    """
    versions_, alias = _version_labels(store)
    found = facts(
        store,
        "?s a lg:Equivalence .",
        {"row": "lg:row", "old": "lg:oldCertificateLabel", "new": "lg:newCertificateLabel",
         "old_date": "lg:oldActDate", "none": "lg:noCorrespondence", "version": "dcterms:isPartOf",
         "from": "lg:fromVersion", "old_cert": "lg:oldCertificate", "new_cert": "lg:newCertificate"},
    )  # fmt: skip
    rows = []
    for iri, f in found.items():
        version = alias(_one(f["version"]))
        v = versions_.get(version, {})
        rows.append(
            {
                "titre": v.get("name"),
                "date": v.get("date"),
                "row": _one(f["row"]),
                "old": _joined(f["old"]),
                "new": _joined(f["new"]),
                "old_act_date": _one(f["old_date"]),
                "no_correspondence": bool(_one(f["none"], pick=max)),
                "iri": iri,
                "version_iri": version,
                "from_version_iri": alias(_one(f["from"])),
                "old_certificate_iri": _one(f["old_cert"]),
                "new_certificate_iri": _one(f["new_cert"]),
            }
        )
    rows.sort(
        key=lambda r: (_nl(r["titre"]), _nl(r["date"]), r["version_iri"] or "", _nl(r["row"]), r["iri"])
    )
    return frame(rows, EQUIVALENCES)


TABLES = {
    "acts": acts,
    "versions": versions,
    "titres": titres,
    "certificates": certificates,
    "equivalences": equivalences,
    "citations": citations,
}
