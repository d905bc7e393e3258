"""legalgraph.norm: one fold per meaning, tested once; citation keys; the module stays a leaf that models use."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import legalgraph
from legalgraph.models import Citation, CitationKind, Where
from legalgraph.norm import (
    citation_key,
    citation_keys,
    fold_ascii,
    fold_for_key,
    fold_for_matching,
    strip_accents,
)

PACKAGE = Path(legalgraph.__file__).parent


@pytest.mark.parametrize(
    ("fold", "text", "want"),
    [
        (strip_accents, "Arrêté du 22 décembre", "Arrete du 22 decembre"),
        (strip_accents, "l’œuvre  «x»", "l’œuvre  «x»"),  # only accents go
        (fold_for_key, "ARRÊTÉ", "arrete"),
        (fold_for_key, "Code de l’Éducation", "code de l'education"),
        (fold_for_key, "Œuvre  et  cæcum", "oeuvre  et  caecum"),  # spacing kept
        (fold_for_matching, "  « Conseiller   en\ninsertion » ;", "conseiller en insertion"),
        (fold_for_matching, "Agent d’entretien.", "agent d'entretien"),
        (fold_ascii, "Technicien(ne) — supérieur", "technicien(ne) superieur"),
        (fold_ascii, "Œuvre  n°  1", "oeuvre n 1"),  # nothing outside ASCII
    ],
    ids=lambda v: v.__name__ if callable(v) else None,
)
def test_each_fold_does_what_its_name_says(fold, text, want):
    assert fold(text) == want


def test_the_folds_differ_where_their_meanings_do():
    # a key keeps spacing; matching does not; identifiers drop what is not ASCII
    text = "Le  titre « Agent »"
    assert fold_for_key(text) != fold_for_matching(text)
    assert fold_for_matching("n° 3") != fold_ascii("n° 3")
    # the three agree on a plain accented word
    assert fold_for_key("Décret") == fold_for_matching("Décret") == fold_ascii("Décret") == "decret"


def _citation(kind: CitationKind, **fields) -> Citation:
    return Citation(kind=kind, text="", span=(0, 0), where=Where.VISA, **fields)


@pytest.mark.parametrize(
    ("citation", "key", "keys"),
    [
        (
            _citation(CitationKind.DECRET, number="2019-14", date="2019-01-08"),
            "decret:2019-14",
            ["decret:2019-14"],
        ),
        (_citation(CitationKind.ARRETE, date="2015-12-22"), "arrete:2015-12-22", ["arrete:2015-12-22"]),
        (
            _citation(CitationKind.CODE, code="code de l’Éducation", articles=["L335-5", "R338-1"]),
            "code:code de l'education",
            ["code:code de l'education:L335-5", "code:code de l'education:R338-1"],
        ),
        (_citation(CitationKind.REFERENTIEL, date="2015-12-22"), None, []),
        (_citation(CitationKind.LOI), None, []),
    ],
    ids=["number", "date", "code articles", "referentiel", "nothing"],
)
def test_citation_keys(citation, key, keys):
    assert citation_key(citation) == citation.key == key
    assert citation_keys(citation) == keys


def _legalgraph_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("legalgraph"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("legalgraph")}
    return found


def test_norm_is_a_leaf_and_models_import_no_stage():
    assert _legalgraph_imports(PACKAGE / "norm.py") == set()
    assert _legalgraph_imports(PACKAGE / "models.py") <= {"legalgraph.norm"}


def test_resolve_takes_nothing_private_from_extract():
    tree = ast.parse((PACKAGE / "resolve.py").read_text(encoding="utf-8"))
    private = [
        (node.module, a.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("legalgraph.extract")
        for a in node.names
        if a.name.startswith("_")
    ]
    assert private == []
