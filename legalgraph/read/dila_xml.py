"""Reader stub: replaced by the real reader."""

from __future__ import annotations

from legalgraph.errors import InputError
from legalgraph.models import Source, SourceText


def read_dila_xml(data: bytes, source: Source) -> SourceText:
    raise InputError("DILA XML reader not written yet", source.path)
