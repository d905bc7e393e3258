"""Score records against gold annotations (contract/GOLD.md), like eyecite's benchmark report.

Works on record dicts only, so it can score any tool that prints the record contract.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from legalgraph.norm import fold_for_matching

# The scalar fields of a gold file, and the titre's sub-fields; each is one "field" of field accuracy.
DOC_FIELDS = (
    "nature",
    "title",
    "date",
    "nor",
    "visas_count",
    "articles_count",
    "min_hours_total",
    "equivalences_count",
    "previous_acts",
)
TITRE_FIELDS = ("name", "action", "level", "nsf", "rome", "registration_start", "registration_years")


def fold(s: str | None) -> str | None:
    """How titles and names are compared (``legalgraph.norm.fold_for_matching``); None stays None."""
    return None if s is None else fold_for_matching(s)


def record_citation_keys(record: dict) -> set[str]:
    """The GOLD.md key set of a record: one key per code article, one per other cited act."""
    keys: set[str] = set()
    for c in record["citations"]:
        key = c.get("key")
        if not key:
            continue
        if c["kind"] == "code" and c["articles"]:
            keys.update(f"{key}:{a}" for a in c["articles"])
        else:
            keys.add(key)
    return keys


def record_view(record: dict) -> dict:
    """The record seen with the gold's field names."""
    titre = record["titre"]
    return {
        "nature": record["nature"],
        "title": record["title"],
        "date": record["date"],
        "nor": record["nor"],
        "visas_count": len(record["visas"]),
        "articles_count": len(record["articles"]),
        "titre": titre,
        "certificates": record["certificates"],
        "min_hours_total": record["min_hours_total"],
        "equivalences_count": len(record["equivalences"]),
        "previous_acts": record["previous_acts"],
        "citation_keys": record_citation_keys(record),
    }


def _same(field_name: str, got, want) -> bool:
    if field_name in ("title", "name"):
        return fold(got) == fold(want)
    if field_name in ("nsf", "rome"):
        return sorted(got or []) == sorted(want or [])
    return got == want


@dataclass
class Score:
    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.correct += ok
        self.total += 1

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 1.0


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def as_dict(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Report:
    fields: dict[str, Score] = field(default_factory=dict)
    citations: PRF = field(default_factory=PRF)
    certificates: PRF = field(default_factory=PRF)
    hours: Score = field(default_factory=Score)
    misses: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    documents: int = 0

    def field_score(self, name: str) -> Score:
        return self.fields.setdefault(name, Score())

    def check(self, file: str, name: str, got, want) -> None:
        ok = _same(name.split(".")[-1], got, want)
        self.field_score(name).add(ok)
        if not ok:
            self.misses.append({"file": file, "field": name, "got": got, "want": want})


def score_record(report: Report, record: dict, gold: dict) -> None:
    """Add one record's comparison with its gold file to ``report``."""
    file = gold["file"]
    got = record_view(record)
    report.documents += 1
    for name in DOC_FIELDS:
        report.check(file, name, got[name], gold[name])
    want_titre, got_titre = gold["titre"], got["titre"]
    report.check(file, "titre", got_titre is not None, want_titre is not None)
    if want_titre:  # a missed titre misses each of its fields
        for name in TITRE_FIELDS:
            report.check(file, f"titre.{name}", (got_titre or {}).get(name), want_titre[name])

    # Certificates: matched by rank and folded title; truncated gold items are not scored.
    scored = [c for c in gold["certificates"] if not c.get("truncated")]
    truncated_ranks = {c["rank"] for c in gold["certificates"] if c.get("truncated")}
    want_certs = {(c["rank"], fold(c["title"])): c for c in scored}
    got_certs = {
        (c["rank"], fold(c["title"])): c for c in got["certificates"] if c["rank"] not in truncated_ranks
    }
    for key, cert in want_certs.items():
        if key in got_certs:
            report.certificates.tp += 1
            ok = got_certs[key]["min_hours"] == cert["min_hours"]
            report.hours.add(ok)
            if not ok:
                report.misses.append(
                    {
                        "file": file,
                        "field": "certificate.min_hours",
                        "got": got_certs[key]["min_hours"],
                        "want": cert["min_hours"],
                        "certificate": cert["title"],
                    }
                )
        else:
            report.certificates.fn += 1
            report.misses.append({"file": file, "field": "certificate", "got": None, "want": cert["title"]})
    for key, cert in got_certs.items():
        if key not in want_certs:
            report.certificates.fp += 1
            report.misses.append({"file": file, "field": "certificate", "got": cert["title"], "want": None})

    want_keys, got_keys = set(gold["citation_keys"]), got["citation_keys"]
    report.citations.tp += len(want_keys & got_keys)
    for key in sorted(got_keys - want_keys):
        report.citations.fp += 1
        report.misses.append({"file": file, "field": "citation", "got": key, "want": None})
    for key in sorted(want_keys - got_keys):
        report.citations.fn += 1
        report.misses.append({"file": file, "field": "citation", "got": None, "want": key})


def evaluate(corpus: Path, gold_dir: Path) -> dict:
    """Parse every text that has a gold file and score it; a file that fails to parse is an error, not a crash."""
    from legalgraph import parse, to_record

    report = Report()
    for gold_path in sorted(Path(gold_dir).glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        try:
            record = to_record(parse(Path(corpus) / gold["file"]))
        except Exception as exc:  # noqa: BLE001 - the report lists failures
            report.errors.append({"file": gold["file"], "error": str(exc)})
            continue
        score_record(report, record, gold)
    return report_dict(report)


def report_dict(report: Report) -> dict:
    total = Score(
        sum(s.correct for s in report.fields.values()), sum(s.total for s in report.fields.values())
    )
    return {
        "documents": report.documents,
        "field_accuracy": round(total.value, 4),
        "fields": {
            name: {"accuracy": round(s.value, 4), "correct": s.correct, "total": s.total}
            for name, s in report.fields.items()
        },
        "citations": report.citations.as_dict(),
        "certificates": report.certificates.as_dict(),
        "hours_accuracy": round(report.hours.value, 4),
        "errors": report.errors,
        "misses": report.misses,
    }


def format_report(r: dict) -> str:
    c, k = r["citations"], r["certificates"]
    lines = [
        f"documents scored: {r['documents']}   errors: {len(r['errors'])}",
        f"field accuracy:   {r['field_accuracy']:.4f}",
        f"citations:        P {c['precision']:.4f}  R {c['recall']:.4f}  F1 {c['f1']:.4f}  "
        f"(tp {c['tp']}, fp {c['fp']}, fn {c['fn']})",
        f"certificates:     P {k['precision']:.4f}  R {k['recall']:.4f}  F1 {k['f1']:.4f}",
        f"hours accuracy:   {r['hours_accuracy']:.4f}",
        "",
        "per field:",
    ]
    lines += [
        f"  {name:<28} {s['accuracy']:.4f}  ({s['correct']}/{s['total']})" for name, s in r["fields"].items()
    ]
    if r["errors"]:
        lines += ["", "errors:"] + [f"  {e['file']}: {e['error']}" for e in r["errors"]]
    if r["misses"]:
        lines += ["", f"misses ({len(r['misses'])}):"]
        lines += [f"  {m['file']}  {m['field']}: got {m['got']!r}, want {m['want']!r}" for m in r["misses"]]
    return "\n".join(lines)


def score_lineage(ancestors: dict[str, set[str]], golds: list[dict]) -> dict:
    """The graph's lineage against the gold: for each gold file with a titre, the dates of the earlier versions
    the graph links its version to (``store.records.ancestor_dates``) against its ``previous_acts``. A text
    that names no titre (a page of one article) has no lineage of its own to score."""
    prf, misses = PRF(), []
    for gold in golds:
        if not (gold.get("titre") or {}).get("name"):
            continue
        got, want = ancestors.get(gold["file"], set()), set(gold.get("previous_acts") or [])
        prf.tp += len(got & want)
        prf.fp += len(got - want)
        prf.fn += len(want - got)
        if got != want:
            misses.append({"file": gold["file"], "got": sorted(got), "want": sorted(want)})
    return {**prf.as_dict(), "misses": misses}
