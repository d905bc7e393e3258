"""The record: the frozen JSON view of one resolved Document (contract/record.schema.json)."""

from __future__ import annotations

from legalgraph.models import Document

SCHEMA_ID = "legalgraph/record/1"


def _span(span) -> list[int] | None:
    return [span[0], span[1]] if span else None


def to_record(doc: Document) -> dict:
    """The record of ``doc``: contract fields first, then the extra fields legalgraph adds."""
    titre = doc.titre
    return {
        "schema": SCHEMA_ID,
        "source": {
            "path": doc.source.path,
            "format": str(doc.source.format),
            "sha256": doc.source.sha256,
            "id": doc.source.id,
            "encoding": doc.source.encoding,
        },
        "nature": str(doc.nature),
        "title": doc.title,
        "date": doc.date,
        "nor": doc.nor,
        "eli": doc.eli,
        "authority": doc.authority,
        "visas": [{"text": v.text, "span": _span(v.span)} for v in doc.visas],
        "articles": [{"number": a.number, "text": a.text, "span": _span(a.span)} for a in doc.articles],
        "annexes": [{"title": a.title, "text": a.text, "span": _span(a.span)} for a in doc.annexes],
        "signatories": [{"name": s.name, "role": s.role} for s in doc.signatories],
        "citations": [
            {
                "kind": str(c.kind),
                "date": c.date,
                "number": c.number,
                "code": c.code,
                "articles": list(c.articles),
                "amended": c.amended,
                "subject": c.subject,
                "where": str(c.where),
                "refers_to": c.refers_to,
                "key": c.key,
                "text": c.text,
                "span": _span(c.span),
            }
            for c in doc.citations
        ],
        "titre": None
        if titre is None
        else {
            "name": titre.name,
            "action": str(titre.action) if titre.action else None,
            "level": titre.level,
            "nsf": list(titre.nsf),
            "rome": list(titre.rome),
            "registration_start": titre.registration_start,
            "registration_years": titre.registration_years,
            "level_cnc": titre.level_cnc,
            "former_names": list(titre.former_names),
        },
        "certificates": [
            {
                "rank": c.rank,
                "title": c.title,
                "min_hours": c.min_hours,
                "skills": list(c.skills),
                "truncated": c.truncated,
                "span": _span(c.span),
            }
            for c in doc.certificates
        ],
        "min_hours_total": doc.min_hours_total,
        "equivalences": [
            {"old_act_date": e.old_act_date, "old": list(e.old), "new": list(e.new)} for e in doc.equivalences
        ],
        "previous_acts": list(doc.previous_acts),
        "jobs": list(doc.jobs),
        "sectors": list(doc.sectors),
        "signature_date": doc.signature_date,
        "meta": doc.meta,
        "warnings": list(doc.warnings),
    }
