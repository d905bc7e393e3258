"""Stage 5, `graph`: one resolved Document → the RDF quads of its own named graph.

The graph of a document holds everything *that document says*, each fact with the characters it was read
from: the act it is (``eli:LegalResource``, its title, date, NOR and Légifrance ELI), the acts it cites (one node
per act, shared with every other text that cites it), the titre version it establishes with its certificates,
hours, codes, registration period and equivalence table, and the earlier arrêtés of its titre it names.
Nothing here depends on other documents, and nothing is said of a shared node that every other citing text
would repeat: facts that need several documents (what is known of a cited act, lineage order, aliases,
certificates of an older version) are derived after each build into the derived graph (``graph.acts``,
``graph.lineage``), so replacing one document never leaves a stale cross-document fact behind.
"""

from __future__ import annotations

from datetime import date as Date

from pyoxigraph import Literal, NamedNode, Quad

from legalgraph.frtext import add_years
from legalgraph.graph import identity as ids
from legalgraph.graph.catalogue import seed_catalogue
from legalgraph.graph.codes import known_nsf, known_rome
from legalgraph.graph.matching import match_certificate, no_correspondence
from legalgraph.graph.namespaces import DCT, ELI, FRENCH, LG, OA, OWL, PROV, RDFS, SKOS, XSD, A, _node
from legalgraph.models import Action, Citation, CitationKind, Document

# Kinds that name a legal act; référentiels and unknown mentions are not nodes of the citation network.
_ACT_KINDS = frozenset(k for k in CitationKind if k not in (CitationKind.REFERENTIEL, CitationKind.OTHER))


def lit(value: str) -> Literal:
    return Literal(value)


def date_lit(value: str | None) -> Literal | None:
    """An ``xsd:date`` literal, or None for a value that is not an ISO date (never write a broken date)."""
    if not value:
        return None
    try:
        Date.fromisoformat(value)
    except ValueError:
        return None
    return Literal(value, datatype=XSD.date)


def int_lit(value: int | None) -> Literal | None:
    return None if value is None else Literal(str(int(value)), datatype=XSD.integer)


TRUE = Literal("true", datatype=XSD.boolean)
# DILA's ETAT of a text → ELI's in-force table.
IN_FORCE = {
    "VIGUEUR": ELI["InForce-inForce"],
    "VIGUEUR_DIFF": ELI["InForce-notInForce"],
    "MODIFIE": ELI["InForce-inForce"],
    "ABROGE": ELI["InForce-notInForce"],
    "ABROGE_DIFF": ELI["InForce-inForce"],
    "PERIME": ELI["InForce-notInForce"],
    "ANNULE": ELI["InForce-notInForce"],
}


class _Writer:
    """Collects the quads of one graph; drops absent objects so callers need not test every optional field."""

    def __init__(self, graph: NamedNode):
        self.graph = graph
        self.quads: list[Quad] = []
        self._append = self.quads.append  # a million calls: every attribute lookup saved counts
        self._targets: set[str] = set()

    def add(self, s: NamedNode, p: NamedNode, o) -> None:
        if o is not None:
            self._append(Quad(s, p, o, self.graph))

    def span(self, entity: NamedNode, span: tuple[int, int] | None) -> None:
        """``entity prov:wasDerivedFrom`` the characters ``span`` of the source (an ``oa:TextPositionSelector``)."""
        if not span:
            return
        target = self.target(span)
        self.add(entity, PROV.wasDerivedFrom, target)

    def target(self, span: tuple[int, int]) -> NamedNode:
        start, end = span
        iri = f"{self.graph.value}/span/{start}-{end}"
        target = _node(iri)
        if iri not in self._targets:
            self._targets.add(iri)
            selector = _node(iri + "#selector")
            self.add(target, A, OA.SpecificResource)
            self.add(target, OA.hasSource, self.graph)
            self.add(target, OA.hasSelector, selector)
            self.add(selector, A, OA.TextPositionSelector)
            self.add(selector, OA.start, int_lit(start))
            self.add(selector, OA.end, int_lit(end))
        return target


# DILA's link types (``LIEN/@typelien``, active and passive forms) → the ELI relation between the two texts.
LINK_PROPERTIES = {
    "CITATION": ELI.cites,
    "MODIFICATION": ELI.amends,
    "MODIFIE": ELI.amends,
    "ABROGATION": ELI.repeals,
    "ABROGE": ELI.repeals,
    "RECTIFICATION": ELI.corrects,
    "RECTIFIE": ELI.corrects,
    "TRANSPOSITION": ELI.transposes,
}
_LINK_NATURES = {"ARRETE": "arrete", "DECRET": "decret", "LOI": "loi", "ORDONNANCE": "ordonnance",
                 "CIRCULAIRE": "circulaire", "DECISION": "decision", "CODE": "code"}  # fmt: skip


def link_target_iri(link: dict) -> str | None:
    """The act a DILA link points to, named as a citation of it would be (catalogue first); an arrêté the
    catalogue does not know is named by its date and its NOR or official id, never by a guess."""
    kind = _LINK_NATURES.get(str(link.get("naturetexte") or "").upper())
    text = str(link.get("text") or "")
    if kind == "code":
        name = text.split(" - art.")[0].strip()
        article = str(link.get("num") or "").replace(" ", "") or None
        return ids.act_iri("code", code=name, article=article) if name else None
    if kind is None:
        return None
    date, number = link.get("datesignatexte"), link.get("numtexte")
    nor, official = link.get("nortexte"), link.get("cidtexte")
    found = seed_catalogue().find(kind, date=date, number=number, nor=nor, official_id=official, topic="")
    if len(found) == 1 and found[0].iri:
        return found[0].iri
    if number:
        return ids.act_iri(kind, number=number)
    if date and (nor or official):
        return ids.act_iri(kind, date=date, topic_=ids.slug(f"nor-{nor}" if nor else f"id-{official}"))
    return None


def identify_act(kind: str, *, date: str | None, number: str | None, topic: str | None) -> str | None:
    """The catalogue's act when exactly one entry fits, else the act the mention's own words identify (number,
    or date and subject); None when they identify none (a bare date that several acts, or none known, share)."""
    found = seed_catalogue().find(kind, date=date, number=number, topic=topic)
    if len(found) == 1 and found[0].iri:
        return found[0].iri
    if number or (date and topic):
        return ids.act_iri(kind, number=number, date=date, topic_=topic)
    return None


def document_graph(doc: Document) -> list[Quad]:
    """The quads of ``doc``'s named graph (graph name: its source IRI, from the sha256 of its bytes)."""
    return _DocumentGraph(doc).build()


class _DocumentGraph:
    def __init__(self, doc: Document):
        self.doc = doc
        self.source = _node(ids.source_iri(doc.source.sha256))
        self.w = _Writer(self.source)
        self.act_iri = ids.document_act_iri(doc)
        self.act = _node(self.act_iri)
        # A consolidated copy speaks as a later version of the act: what it cites and states is said by that
        # expression, at its date, not by the act as first published.
        self.consolidated, self.version_date = ids.consolidation(doc)
        self.expression = _node(
            ids.consolidated_expression_iri(self.act_iri, self.version_date or doc.source.sha256[:16])
            if self.consolidated
            else ids.expression_iri(self.act_iri)
        )
        self.citer = self.expression if self.consolidated else self.act
        self.cited: list[str | None] = []  # act IRI of each citation, by index

    def build(self) -> list[Quad]:
        self.source_node()
        self.act_node()
        self.citations()
        self.changes()
        d = self.doc
        # An article page without the titre's name still states hours and certificates of the act's version.
        if d.titre is not None or d.certificates or d.min_hours_total or d.equivalences or d.previous_acts:
            self.titre()
        return self.w.quads

    # -- the source and the act --------------------------------------------------------------------------

    def source_node(self) -> None:
        d, w, src = self.doc, self.w, self.source
        w.add(src, A, LG.SourceDocument)
        w.add(src, LG.sha256, lit(d.source.sha256))
        w.add(src, LG.sourceFormat, lit(str(d.source.format)))
        if d.source.id:
            w.add(src, DCT.identifier, lit(d.source.id))
        w.add(src, LG.characterCount, int_lit(len(d.text)))
        w.add(src, ELI.embodies, self.expression)
        w.add(src, DCT.title, lit(d.title) if d.title else None)
        w.add(
            src, DCT.date, date_lit(d.date)
        )  # the date this copy prints (the act's may come from its signature)
        w.add(src, RDFS.label, lit(self.act_label()))
        w.add(src, LG.attachedBy, lit(d.meta["attached_by"]) if d.meta.get("attached_by") else None)

    def act_node(self) -> None:
        """What this text says of its act. That the act is an ``eli:LegalResource``, its one label and the
        official ids the catalogue adds are stated once, in the derived graph, whatever the number of copies."""
        d, w, act = self.doc, self.w, self.act
        w.add(act, ELI.type_document, _node(ids.resource_type_iri(str(d.nature))))
        w.add(act, ELI.date_document, date_lit(ids.document_date(d)))
        w.add(act, ELI.date_publication, date_lit(d.meta.get("date_publi")))
        # What DILA sources say of the act's force (their 2999-01-01 / 2222-02-22 sentinels mean "unknown").
        if not d.meta.get("deferred"):
            w.add(act, ELI.first_date_entry_in_force, date_lit(d.meta.get("date_debut")))
        if not d.meta.get("open_ended"):
            w.add(act, ELI.date_no_longer_in_force, date_lit(d.meta.get("date_fin")))
        w.add(act, ELI.in_force, IN_FORCE.get(str(d.meta.get("etat") or "").upper()))
        w.add(act, ELI.number, lit(n) if (n := ids.document_number(d)) else None)
        if d.nor:
            w.add(act, LG.nor, lit(d.nor.strip().upper()))
        official = ids.document_official_id(d)
        if official:
            w.add(act, LG.jorfId if official.startswith("JORF") else LG.legiId, lit(official))
        for eli in {d.eli, ids.legifrance_eli(str(d.nature), ids.document_date(d), d.nor)} - {None}:
            w.add(act, OWL.sameAs, _node(eli))
        key = ids.citation_key(
            str(d.nature), number=ids.document_number(d), date=ids.document_date(d), code=None
        )
        w.add(act, LG.citationKey, lit(key) if key else None)
        w.span(act, d.title_span)
        expr = self.expression
        w.add(act, ELI.is_realized_by, expr)
        w.add(expr, A, ELI.LegalExpression)
        w.add(expr, ELI.realizes, act)
        w.add(expr, ELI.language, FRENCH)
        w.add(expr, ELI.title, lit(d.title) if d.title else None)
        if self.consolidated:
            w.add(expr, LG.consolidated, TRUE)
            w.add(expr, ELI.version_date, date_lit(self.version_date))
        self.links()

    def links(self) -> None:
        """DILA's typed links (``LIENS``): each becomes an edge to its target, named by its official id, whether
        or not the target's own text is in the store."""
        for link in self.doc.meta.get("liens") or []:
            target = link_target_iri(link)
            kind = str(link.get("typelien") or "").upper()
            prop = LINK_PROPERTIES.get(kind)
            if not target or not prop:
                continue
            # DILA writes the link from the text that holds it: "cible" when that text is the one acting (it
            # cites, modifies, repeals the target), "source" when the target acts on it ("modifié par").
            acting = str(link.get("sens") or "").lower() == "cible"
            node = _node(target)
            self.w.add(*((self.act, prop, node) if acting else (node, prop, self.act)))
            self.w.add(
                node,
                LG.jorfId if str(link.get("cidtexte") or "").startswith("JORF") else LG.legiId,
                lit(link["cidtexte"]) if link.get("cidtexte") else None,
            )
            self.w.add(node, LG.nor, lit(link["nortexte"]) if link.get("nortexte") else None)

    def act_label(self) -> str:
        """The title; for a copy without one, what it is: "Arrêté du 21 novembre 2022 (titre professionnel de …)"."""
        d = self.doc
        if d.title and ids.subject_of(d.title):
            return d.title
        label = ids.generic_label(str(d.nature), ids.document_date(d))
        return f"{label} (titre professionnel de {d.titre.name})" if d.titre and d.titre.name else label

    # -- citations -----------------------------------------------------------------------------------------

    def citations(self) -> None:
        d = self.doc
        for i, c in enumerate(d.citations):
            iri = self.resolve(i, c) if c.kind in _ACT_KINDS else None
            self.cited.append(iri)
            self.citation(i, c, iri)

    def resolve(self, i: int, c: Citation) -> str | None:
        """The act of citation ``i``: its antecedent's for a "susvisé" repeat, else the act its words and the
        catalogue identify. None for a bare mention ("l'arrêté du 31 juillet 2003") that nothing in the text or
        the catalogue ties to one act: it stays a citation, and the derived graph joins it to the one act of
        that date the store holds, or lists the candidates; no act is made up for it."""
        cites = self.doc.citations
        if c.refers_to is not None and 0 <= c.refers_to < i and self.cited[c.refers_to]:
            return self.cited[c.refers_to]
        if c.kind == CitationKind.CODE:
            return ids.citation_act_iri(c)
        own = ids.topic(ids.citation_subject(c))
        if own is None and c.date and not c.number:
            # The same text names that act in full elsewhere, or it is the text itself.
            for j, other in enumerate(cites):
                if (
                    j != i
                    and other.kind == c.kind
                    and other.date == c.date
                    and (other.number or ids.topic(ids.citation_subject(other)))
                ):
                    return self.cited[j] if j < i and self.cited[j] else self.identify(other)
            if str(c.kind) == str(self.doc.nature) and c.date == ids.document_date(self.doc):
                return self.act_iri
            if c.date in self.doc.previous_acts and self.doc.titre and self.doc.titre.name:
                # An earlier arrêté of this text's titre: the titre is its subject.
                return self.identify(c, "tp-" + ids.titre_key(self.doc.titre.name))
        return self.identify(c)

    def identify(self, c: Citation, subject: str | None = None) -> str | None:
        """The act a mention names: see ``identify_act``; ``subject`` stands in when it gives none."""
        if subject and ids.topic(ids.citation_subject(c)) is None:
            # A stand-in subject (this text's titre) must not make a second node of the one act the catalogue
            # knows under that key: the titre may have been renamed since ("technicien supérieur en transport
            # logistique" in 2005, "… du transport aérien et maritime de marchandises" in 2015).
            only = seed_catalogue().find(str(c.kind), date=c.date, number=c.number)
            if len(only) == 1 and only[0].iri:
                return only[0].iri
        return identify_act(
            str(c.kind), date=c.date, number=c.number, topic=ids.topic(ids.citation_subject(c)) or subject
        )

    def citation(self, i: int, c: Citation, iri: str | None) -> None:
        """The mention as an annotation: its body is the act, its target the words; the reading it gives of
        the act (key, date, whether it names it in full) stays on the mention. What is known of a cited act
        across texts (its key, date, label) is gathered once into the derived graph (``graph.acts``): stated
        here, it would be repeated by every text that cites the act — hundreds for the arrêté du 22 décembre
        2015 — and every query would have to wade through the repeats."""
        full = not (c.susvise or c.refers_to is not None)
        key = ids.citation_key(str(c.kind), number=c.number, date=c.date, code=c.code)
        bodies: list[tuple[str | None, str | None]] = [(iri, key)]
        if c.kind == CitationKind.CODE and c.code:
            bodies += [
                (ids.act_iri(CitationKind.CODE, code=c.code, article=a), f"code:{ids.code_name(c.code)}:{a}")
                for a in c.articles
            ]
        target = self.w.target(c.span)
        for n, (body_iri, body_key) in enumerate(bodies):
            ann = _node(f"{self.source.value}/citation/{i}" + (f"/{n}" if n else ""))
            w = self.w
            if body_iri:  # else the derived graph ties it to its act, or lists the candidates
                body = _node(body_iri)
                if body_iri != self.act_iri:  # a text naming itself ("le présent arrêté") cites nothing
                    w.add(self.citer, ELI.cites, body)
                w.add(ann, OA.hasBody, body)
            if n == 0:  # the mention as read, so that the record can be rebuilt from the graph
                w.add(ann, LG.citedKind, lit(str(c.kind)))
                w.add(ann, LG.citedNumber, lit(c.number) if c.number else None)
                w.add(ann, LG.citedSubject, lit(c.subject) if c.subject else None)
                if c.refers_to is not None:
                    w.add(ann, LG.repeats, _node(f"{self.source.value}/citation/{c.refers_to}"))
                if c.kind != CitationKind.CODE:  # a code's articles are acts of their own (the bodies below)
                    for article in c.articles:
                        w.add(ann, LG.citedArticle, lit(article))
            w.add(ann, A, LG.Citation)
            w.add(ann, OA.motivatedBy, OA.linking)
            w.add(ann, OA.hasTarget, target)
            w.add(ann, LG.citingAct, self.act)
            w.add(ann, LG.citingExpression, self.expression)
            w.add(
                ann,
                LG.citationDate,
                date_lit(self.version_date if self.consolidated else ids.document_date(self.doc)),
            )
            w.add(ann, LG.where, lit(str(c.where)))
            w.add(ann, LG.citedText, lit(c.text))
            w.add(ann, LG.citationKey, lit(body_key) if body_key else None)
            w.add(ann, LG.citedActDate, date_lit(c.date) if c.kind != CitationKind.CODE else None)
            if c.amended:
                w.add(ann, LG.amended, TRUE)
            if not full:
                w.add(ann, LG.susvise, TRUE)
            elif n == 0 and (
                c.number or c.kind == CitationKind.CODE or ids.names_act(ids.citation_subject(c))
            ):
                w.add(ann, LG.namesInFull, TRUE)  # the words give the act's title: a label for it
            if c.code:
                w.add(ann, LG.citedCodeName, lit(c.code))
            if n == 0 and (name := ids.titre_name_in(ids.citation_subject(c))):
                w.add(ann, LG.citedTitreName, lit(name))  # "relatif au titre professionnel de commercial(e)"

    # -- changes to other acts -----------------------------------------------------------------------------

    def changes(self) -> None:
        """Each change the text makes to another act, as one event (JOLux's "impact", in ELI terms first):
        its kind, the act and article changed, from when. The event is named after what it changes, so that
        two copies of one text state one event. Its date is the one the text gives, else the act's
        publication where the source gives it (``lg:dateBasis`` says which)."""
        d, w = self.doc, self.w
        published = d.meta.get("date_publi") if isinstance(d.meta.get("date_publi"), str) else None
        for change in d.changes:
            target = None
            if change.target is not None and 0 <= change.target < len(self.cited):
                target = self.cited[change.target]
            target = target if change.target is not None else self.act_iri
            part = ids.slug(change.article) if change.article else "act"
            name = (
                f"{ids.slug(target.rsplit('/act/', 1)[-1]) if target else f'citation-{change.target}'}/{part}"
            )
            event = _node(f"{self.act_iri}/change/{change.kind}/{name}")
            w.add(event, A, LG.Change)
            w.add(event, LG.changeKind, _node(ids.change_kind_iri(str(change.kind))))
            # A consolidated copy prints the words of the later acts that changed it ("L'intitulé … est
            # remplacé par …" in its article 1): a change of its own act is one of theirs, by an act it does
            # not name, not one the act makes to itself.
            if not (self.consolidated and target == self.act_iri):
                w.add(event, LG.changedBy, self.act)
            if target:
                w.add(event, LG.changeOf, _node(target))
                prop = {"abrogation": ELI.repeals, "prorogation": ELI.changes}.get(
                    str(change.kind), ELI.amends
                )
                if target != self.act_iri:
                    w.add(self.act, prop, _node(target))
            elif change.target is not None:  # a bare mention: the derived graph gives its act, or candidates
                w.add(event, LG.targetCitation, _node(f"{self.source.value}/citation/{change.target}"))
            w.add(event, LG.targetArticle, lit(change.article) if change.article else None)
            date, basis = change.date, change.date_basis
            if date is None and published:
                date, basis = published, "publication"
            w.add(event, LG.effectiveDate, date_lit(date))
            w.add(event, LG.dateBasis, lit(basis) if basis else None)
            w.add(event, LG.prorogationYears, int_lit(change.years))
            w.span(event, change.span)

    # -- the titre version ---------------------------------------------------------------------------------

    def titre(self) -> None:
        d, w = self.doc, self.w
        t = d.titre
        version = _node(ids.version_iri(self.act_iri))
        w.add(version, A, LG.TitreVersion)
        w.add(version, LG.establishedBy, self.act)
        w.add(version, DCT.date, date_lit(ids.document_date(d)))
        if t is not None:
            # the record has a titre even when the part present names none of its facts (a page of one article)
            if not (t.name or t.action or t.level or t.registration_start):
                w.add(version, LG.aboutOneTitre, TRUE)
            w.add(version, LG.action, _node(ids.action_iri(str(t.action))) if t.action else None)
            if t.name and ids.titre_key(t.name):
                w.add(version, LG.titreName, lit(t.name))
            for former in t.former_names:
                if ids.titre_key(former):
                    w.add(version, LG.formerName, lit(former))
            w.span(version, t.name_span)
            self.codes(version)
            if t.registration_start or t.registration_years:
                self.registration(version)
        w.add(version, LG.minHoursTotal, int_lit(d.min_hours_total))
        for job in d.jobs:
            w.add(version, LG.job, lit(job))
        for sector in d.sectors:
            w.add(version, LG.sector, lit(sector))
        certs = self.certificates(version)
        self.previous_versions(version)
        self.equivalences(version, certs)
        action = t.action if t is not None else None
        if action == Action.MODIFICATION:
            w.add(self.act, ELI.amends, self.amended_act())
        elif action == Action.ABROGATION:
            w.add(self.act, ELI.repeals, self.amended_act())
        elif action == Action.PROROGATION:
            w.add(self.act, ELI.changes, self.amended_act())

    def codes(self, version: NamedNode) -> None:
        w, t = self.w, self.doc.titre
        if t.level and (level := ids.level_iri(t.level)):
            w.add(version, LG.level, _node(level))
        if t.level_cnc and (cnc := ids.level_iri(t.level_cnc)):
            w.add(version, LG.levelCnc, _node(cnc))
        for code in t.rome:
            concept = _node(ids.rome_iri(code))
            w.add(version, LG.rome, concept)
            if code.strip().upper() not in known_rome():
                self.unlisted(concept, code.strip().upper(), "rome-unlisted")
        for code in t.nsf:
            concept = _node(ids.nsf_iri(code))
            w.add(version, LG.nsf, concept)
            if code.replace(" ", "").lower() not in known_nsf():
                self.unlisted(concept, code.replace(" ", "").lower(), "nsf-unlisted")

    def unlisted(self, concept: NamedNode, notation: str, scheme: str) -> None:
        """A code the official lists lack (old 5-digit ROME codes): a concept of its own, flagged by its scheme."""
        self.w.add(concept, A, SKOS.Concept)
        self.w.add(concept, SKOS.notation, lit(notation))
        self.w.add(concept, SKOS.prefLabel, lit(notation))
        self.w.add(concept, SKOS.inScheme, _node(f"{ids.ID}scheme/{scheme}"))

    def registration(self, version: NamedNode) -> None:
        w, t = self.w, self.doc.titre
        reg = _node(version.value + "/registration")
        w.add(version, LG.registration, reg)
        w.add(reg, A, LG.RegistrationPeriod)
        w.add(reg, LG.startDate, date_lit(t.registration_start))
        w.add(reg, LG.durationYears, int_lit(t.registration_years))
        if t.registration_start and t.registration_years:
            w.add(reg, LG.endDate, date_lit(add_years(t.registration_start, t.registration_years)))

    def certificates(self, version: NamedNode) -> list[tuple[int, str, str]]:
        w, out = self.w, []
        for cert in self.doc.certificates:
            iri = ids.certificate_iri(version.value, cert.rank)
            node = _node(iri)
            out.append((cert.rank, cert.title, iri))
            w.add(version, LG.hasCertificate, node)
            w.add(node, A, LG.Certificate)
            w.add(node, DCT.isPartOf, version)
            w.add(node, LG.rank, int_lit(cert.rank))
            w.add(node, DCT.title, lit(cert.title))
            w.add(node, LG.minHours, int_lit(cert.min_hours))
            for skill in cert.skills:
                w.add(node, LG.skill, lit(skill))
            if cert.truncated:
                w.add(node, LG.truncated, TRUE)
            w.span(node, cert.span)
        return out

    # -- earlier versions ----------------------------------------------------------------------------------

    def previous_act(self, date: str) -> tuple[str | None, str | None]:
        """The act of an earlier arrêté about this titre, and the titre name its citation gives (if any)."""
        best = None
        for i, c in enumerate(self.doc.citations):
            if (
                c.kind == CitationKind.ARRETE
                and c.date == date
                and self.cited[i]
                and self.cited[i] != self.act_iri
            ):
                name = ids.titre_name_in(ids.citation_subject(c))
                if name:
                    return self.cited[i], name
                best = best or self.cited[i]
        if best:
            return best, None
        titre = self.doc.titre
        topic = "tp-" + ids.titre_key(titre.name) if titre and titre.name else None
        return identify_act(CitationKind.ARRETE, date=date, number=None, topic=topic), None

    def previous_versions(self, version: NamedNode) -> None:
        """The earlier arrêtés of this titre the text names (the visas of its creation and revisions).

        Only the link is stated here: what those acts are (their date, the titre name the citation gives)
        stays on the citations, and their versions are described once, in the derived graph; stated here they
        would be repeated by every later text of the titre."""
        for date in self.doc.previous_acts:
            self.w.add(version, LG.priorActDate, date_lit(date))
            act_iri, _ = self.previous_act(date)
            if act_iri:
                self.w.add(version, LG.priorAct, _node(act_iri))

    def amended_act(self) -> NamedNode | None:
        """The act a modification changes: the one its title names, else the latest earlier act."""
        for i, c in enumerate(self.doc.citations):
            if (
                c.where == "title"
                and c.kind == CitationKind.ARRETE
                and self.cited[i]
                and self.cited[i] != self.act_iri
            ):
                return _node(self.cited[i])
        if self.doc.previous_acts and (act := self.previous_act(max(self.doc.previous_acts))[0]):
            return _node(act)
        return None

    def equivalences(self, version: NamedNode, certs: list[tuple[int, str, str]]) -> None:
        w, d = self.w, self.doc
        for i, eq in enumerate(d.equivalences, start=1):
            row = _node(f"{version.value}/equivalence/{i}")
            w.add(version, LG.hasEquivalence, row)
            w.add(row, A, LG.Equivalence)
            w.add(row, LG.row, int_lit(i))
            w.add(row, DCT.isPartOf, version)
            w.add(row, LG.oldActDate, date_lit(eq.old_act_date))  # as the table states it
            old_date = eq.old_act_date or (max(d.previous_acts) if d.previous_acts else None)
            old_act = self.previous_act(old_date)[0] if old_date else None
            source = ids.version_iri(old_act) if old_act else None
            if source and source != version.value:  # a consolidated copy's table can name the text itself
                w.add(row, LG.fromVersion, _node(source))
            for label in eq.old:
                w.add(row, LG.oldCertificateLabel, lit(label))
            for label in eq.new:
                w.add(row, LG.newCertificateLabel, lit(label))
                if no_correspondence(label):
                    continue
                w.add(row, LG.newCertificate, _node(m) if (m := match_certificate(label, certs)) else None)
            if not eq.old or not eq.new or any(no_correspondence(x) for x in [*eq.old, *eq.new]):
                w.add(row, LG.noCorrespondence, TRUE)
            w.span(row, eq.span)
