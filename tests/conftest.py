"""Shared fixtures: the real corpus and its gold files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "texts"
GOLD = ROOT / "corpus" / "gold"
DILA = ROOT / "tests" / "data" / "dila"
SCHEMA = ROOT / "tests" / "data" / "record.schema.json"


def corpus_files() -> list[Path]:
    return sorted(CORPUS.iterdir())


def gold_pairs() -> list[tuple[Path, dict]]:
    """(text file, gold annotation) for every gold file."""
    pairs = []
    for g in sorted(GOLD.glob("*.gold.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        pairs.append((CORPUS / gold["file"], gold))
    return pairs


@pytest.fixture(scope="session")
def record_schema() -> dict:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))
