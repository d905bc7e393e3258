"""Citations of other legal texts: codes and their articles, lois, ordonnances, décrets, arrêtés, avis…"""

from __future__ import annotations

from legalgraph.models import Citation, Where


def find_citations(
    text: str, start: int = 0, end: int | None = None, where: Where = Where.ARTICLE
) -> list[Citation]:
    """Every citation in ``text[start:end]``, in order, with spans into ``text``."""
    return []
