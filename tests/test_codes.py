"""The official code lists: ROME, NSF, levels."""

from __future__ import annotations

from pathlib import Path

import pytest

from legalgraph.extract import codes
from legalgraph.models import Titre

DATA = Path(codes.__file__).resolve().parents[1] / "data" / "codes"


def test_rome_labels():
    labels = codes.rome_labels()
    assert len(labels) == 532
    assert labels["K1801"] == "Conseil en emploi et insertion socioprofessionnelle"
    assert codes.rome_domains()["K"].startswith("Services à la personne")
    assert codes.rome_domains()["K18"] == "Développement territorial et emploi"


def test_nsf_lists():
    groups, letters = codes.nsf_groups(), codes.nsf_letters()
    assert len(groups) == 93
    assert groups["332"] == "Travail social"
    assert groups["254"].startswith("Structures métalliques")
    assert letters["t"] == "Réalisation du service" and letters["p"] == "Organisation, gestion"
    assert set(letters) == set("abcdefgmnprstuvwz")
    assert len(codes.nsf_domains()) == 4 + 17


@pytest.mark.parametrize(
    "code, ok",
    [
        ("332t", True),
        ("232 p", True),
        ("312", True),
        ("200r", True),
        ("999t", False),
        ("332q", False),
        ("33t", False),
    ],
)
def test_check_nsf(code, ok):
    assert codes.check_nsf(code) is ok


@pytest.mark.parametrize(
    "code, ok", [("K1801", True), ("D 1401", True), ("52322", True), ("N9999", False), ("K18", False)]
)
def test_check_rome(code, ok):
    assert codes.check_rome(code) is ok


@pytest.mark.parametrize(
    "level, cnc",
    [("V", "3"), ("IV", "4"), ("III", "5"), ("II", "6"), ("I", "7"), ("5", "5"), (None, None), ("X", None)],
)
def test_level_to_cnc(level, cnc):
    assert codes.level_to_cnc(level) == cnc
    assert Titre(name="x", action=None, level=level).level_cnc == cnc


def test_levels_agree_with_the_correspondence_table():
    labels = codes.levels()
    assert set(labels) == {"1", "2", "3", "4", "5", "6", "7", "8", "V", "IV", "III", "II", "I"}
    table = (
        DATA / "niveaux" / "anfh-correspondance-nomenclature-1969-cadre-national__secondary-source.txt"
    ).read_text(encoding="utf-8")
    for old, new in codes.OLD_LEVEL_TO_CNC.items():
        assert f"Niveau {old} | Niveau {new} |" in table


def test_lists_are_loaded_once():
    assert codes._rome_labels() is codes._rome_labels()
    codes.nsf_groups()["332"] = "changed"  # callers get copies
    codes.rome_labels()["K1801"] = "changed"
    assert codes.nsf_groups()["332"] == "Travail social"
    assert codes.rome_labels()["K1801"].startswith("Conseil en emploi")
