"""Official code lists: ROME, NSF, levels (old nomenclature and cadre national)."""

from __future__ import annotations

# Décret n° 2019-14, annexe: the 1969 nomenclature's levels on the cadre national des certifications.
OLD_LEVEL_TO_CNC = {"V": "3", "IV": "4", "III": "5", "II": "6", "I": "7"}


def level_to_cnc(level: str | None) -> str | None:
    if level is None:
        return None
    return OLD_LEVEL_TO_CNC.get(level.upper(), level if level.isdigit() else None)
