"""Stage 3, `extract`: the entities of a segmented Document, each with its span.

Each entity kind has its own module with a plain function over the Document; ``pipeline`` wraps the same
functions as spaCy components for researchers who want ``doc.spans``.
"""

from __future__ import annotations

from legalgraph.extract.annex import find_jobs_and_sectors
from legalgraph.extract.certificates import find_certificates
from legalgraph.extract.changes import find_changes
from legalgraph.extract.citations import find_document_citations
from legalgraph.extract.equivalences import equivalence_tables, find_equivalences
from legalgraph.extract.titre import find_titre
from legalgraph.models import Document


def extract(doc: Document) -> Document:
    """Fill the entity fields of ``doc`` (citations, titre, certificates, hours, equivalences, annex lists, changes)."""
    doc.citations = find_document_citations(doc)
    tables = equivalence_tables(doc)  # read once: the titre reads a renaming in their headers
    # the titre first: the certificates read its name to choose between two lists of a consolidated text
    doc.titre = find_titre(doc, tables)
    doc.certificates, doc.min_hours_total = find_certificates(doc)
    doc.equivalences = find_equivalences(doc, tables)
    doc.jobs, doc.sectors = find_jobs_and_sectors(doc)
    doc.changes = find_changes(doc)  # after the titre: a renaming is told by the titre's former name
    return doc
