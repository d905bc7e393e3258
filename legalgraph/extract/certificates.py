"""Certificates of a titre (CCP, blocs de compétences, unités constitutives) and their minimum hours."""

from __future__ import annotations

from legalgraph.models import Certificate, Document


def find_certificates(doc: Document) -> tuple[list[Certificate], int | None]:
    return [], None
