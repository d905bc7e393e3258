"""Reader stub: replaced by the real reader."""

from __future__ import annotations

from legalgraph.models import Source, SourceText
from legalgraph.read.normalize import clean_text


def read_markdown(text: str, source: Source) -> SourceText:
    return SourceText(text=clean_text(text), source=source)
