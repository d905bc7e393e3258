"""Stage 4, `resolve`: "susvisé" mentions to their antecedents, citation keys, previous versions of the titre."""

from __future__ import annotations

from legalgraph.models import Citation, Document


def citation_key(c: Citation) -> str | None:
    """The act-level key of GOLD.md: ``code:<name>``, ``<kind>:<number>``, ``<kind>:<date>``; None if unkeyed."""
    if c.kind == "code":
        return f"code:{c.code}" if c.code else None
    if c.kind in ("referentiel", "other"):
        return None
    if c.number:
        return f"{c.kind}:{c.number}"
    if c.date:
        return f"{c.kind}:{c.date}"
    return None


def resolve(doc: Document) -> Document:
    return doc
