"""The whole pipeline scored against the hand annotations of the corpus (corpus/gold, GOLD.md)."""

from __future__ import annotations

import pytest

from legalgraph.evaluate import evaluate, fold, format_report, record_citation_keys
from tests.conftest import CORPUS, GOLD

FIELD_ACCURACY_MIN = 0.97
CITATION_F1_MIN = 0.97


@pytest.fixture(scope="module")
def report() -> dict:
    return evaluate(CORPUS, GOLD)


def test_every_gold_text_parses(report):
    assert report["errors"] == []
    assert report["documents"] == len(list(GOLD.glob("*.gold.json")))


def test_field_accuracy_threshold(report):
    assert report["field_accuracy"] >= FIELD_ACCURACY_MIN, format_report(report)


def test_citation_f1_threshold(report):
    assert report["citations"]["f1"] >= CITATION_F1_MIN, format_report(report)


def test_fold_ignores_case_accents_spaces_and_apostrophes():
    assert fold("Arrêté du 5  juillet 2023 ") == fold("arrete du 5 juillet 2023")
    assert fold("d’équipe") == fold("d'equipe")
    assert fold("Arrêté du 5 juillet 2023") != fold("Arrêté du 5 juillet 2022")


def test_code_citations_key_one_article_each():
    record = {
        "citations": [
            {"kind": "code", "key": "code:code du travail", "articles": ["L6113-1", "L6113-3"]},
            {"kind": "decret", "key": "decret:2019-14", "articles": []},
            {"kind": "referentiel", "key": None, "articles": []},
        ]
    }
    assert record_citation_keys(record) == {
        "code:code du travail:L6113-1",
        "code:code du travail:L6113-3",
        "decret:2019-14",
    }
