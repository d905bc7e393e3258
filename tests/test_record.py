"""Every corpus text gives a record that validates against the frozen contract, with exact spans."""

from __future__ import annotations

import jsonschema
import pytest

from legalgraph import parse, to_record
from tests.conftest import corpus_files


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_record_validates_and_spans_are_exact(path, record_schema):
    doc = parse(path)
    record = to_record(doc)
    jsonschema.validate(record, record_schema)
    parts = record["visas"] + record["articles"] + record["annexes"] + record["citations"]
    for part in parts:
        start, end = part["span"]
        assert doc.text[start:end] == part["text"]
