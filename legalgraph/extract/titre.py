"""The titre professionnel an act is about: name, action, level, NSF, ROME, registration."""

from __future__ import annotations

from legalgraph.models import Document, Titre


def find_titre(doc: Document) -> Titre | None:
    return None
