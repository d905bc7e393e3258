"""Stage 2, `segment`: a SourceText into a Document — title, authority, visas, articles, annexes, signature."""

from __future__ import annotations

from legalgraph.models import Document, SourceText


def segment(st: SourceText) -> Document:
    """Cut the normalized text into the parts of an act, each with its span."""
    doc = Document(
        text=st.text, source=st.source, meta=dict(st.meta), tables=list(st.tables), warnings=list(st.warnings)
    )
    return doc
