"""A SYNTHETIC scale-up corpus for the graph benchmark, generated from the real texts of corpus/texts.

Lot 0 is the real corpus as parsed. Lot k ≥ 1 copies every real Document with:
* the titre renamed "<name> (lot synthétique k)", in the text's own titre and in the subjects of its citations
  that name a titre, so each lot has titres and lineages of its own (not thousands of homonyms);
* the dates of the titre's own acts (its date, its earlier arrêtés, its registration) moved by a whole number
  of years (−12…+12, by lot), so date questions meet a spread of dates; national acts it cites (the arrêté du
  22 décembre 2015, décrets, codes) keep theirs, as real texts do;
* a source labelled synthetic: ``source.id = "synthetic:lot-0007:<file>"``, ``source.kind = "synthetic"``, a
  fake sha256 derived from the lot and the real one. Nothing of it is written to corpus/.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterator
from pathlib import Path

import legalgraph
from legalgraph.cli import iter_sources
from legalgraph.graph.build import add_years
from legalgraph.graph.identity import citation_subject, subject_of, titre_name_in
from legalgraph.models import Document

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "texts"
YEAR_SPREAD = 12


def real_documents() -> list[Document]:
    return [legalgraph.parse(p) for p in iter_sources([str(CORPUS)])]


def _shift(iso: str | None, years: int) -> str | None:
    """``iso`` moved ``years`` on (29 February → 28); kept as it is when it is not a date."""
    return (add_years(iso, years) or iso) if iso else iso


def _relabel(text: str | None, subject: str | None, label: str) -> str | None:
    """``text`` with the titre its subject names renamed "<name><label>"; None when it names no titre."""
    name = titre_name_in(subject) if subject else None
    if not text or not name or name not in text:
        return None
    return text.replace(name, name + label, 1)


def synthetic_copy(doc: Document, lot: int) -> Document:
    """Lot ``lot`` of one real Document (see the module docstring)."""
    out = copy.deepcopy(doc)
    years = (lot * 7) % (2 * YEAR_SPREAD + 1) - YEAR_SPREAD
    label = f" (lot synthétique {lot})"
    name = Path(doc.source.path or "text").name
    out.source.id = f"synthetic:lot-{lot:04d}:{name}"
    out.source.path = None
    out.source.kind = "synthetic"
    out.source.sha256 = hashlib.sha256(f"synthetic lot {lot} {doc.source.sha256}".encode()).hexdigest()
    out.meta = {**doc.meta, "synthetic": True}
    own_dates = {doc.date, doc.signature_date, *doc.previous_acts} - {None}
    out.date, out.signature_date = _shift(doc.date, years), _shift(doc.signature_date, years)
    out.previous_acts = [_shift(d, years) for d in doc.previous_acts]
    # The act a text is follows its title's titre: the title names the lot's titre, or goes.
    out.title = _relabel(out.title, subject_of(out.title), label)
    out.nor = None  # a NOR names one real act
    out.eli = None
    if out.titre:
        out.titre.name = out.titre.name + label if out.titre.name else out.titre.name
        out.titre.former_names = [n + label for n in out.titre.former_names]
        out.titre.registration_start = _shift(out.titre.registration_start, years)
    for c in out.citations:
        subject = citation_subject(c)
        if subject and titre_name_in(subject):
            c.subject = _relabel(subject, subject, label)
        if c.date in own_dates:
            c.date = _shift(c.date, years)
    for e in out.equivalences:
        e.old_act_date = _shift(e.old_act_date, years)
    return out


def synthetic_corpus(lots: int, real: list[Document] | None = None) -> Iterator[Document]:
    """Lot 0 (the real corpus) then lots 1…``lots``−1 of synthetic copies."""
    real = real if real is not None else real_documents()
    yield from real
    for lot in range(1, lots):
        for doc in real:
            yield synthetic_copy(doc, lot)


# -- the same scale-up as files, for benchmarks of a real build (`build_paths`: read, parse in a process pool,
# write, derived graph). A folder ``lot-0007`` holds a copy of every real text; `parse_synthetic` parses it and
# returns its lot's synthetic Document, so the build sees the same documents as `synthetic_corpus` does.

LOT_PREFIX = "lot-"


def write_synthetic_files(folder: Path, lots: int) -> list[Path]:
    """``folder``/lot-0000 … lot-<lots−1>, each a copy of corpus/texts, and a note saying they are synthetic."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "SYNTHETIC").write_text(  # no source suffix: not read by a build
        "SYNTHETIC benchmark corpus written by bench/synthetic.py: each lot-NNNN folder is a copy of corpus/texts,\n"
        "read by bench.synthetic.parse_synthetic as that lot's synthetic copy. Not real legal texts.\n",
        encoding="utf-8",
    )
    sources = list(iter_sources([str(CORPUS)]))
    for lot in range(lots):
        lot_dir = folder / f"{LOT_PREFIX}{lot:04d}"
        lot_dir.mkdir(exist_ok=True)
        for src in sources:
            (lot_dir / src.name).write_bytes(src.read_bytes())
    return sorted(folder.glob(f"{LOT_PREFIX}*"))


def parse_synthetic(path: Path) -> Document:
    """The Document of a file written by `write_synthetic_files`: lot 0 as parsed, lot k its synthetic copy.
    A module-level function, so a process pool can run it."""
    lot = int(Path(path).parent.name.removeprefix(LOT_PREFIX))
    doc = legalgraph.parse(path)
    return doc if lot == 0 else synthetic_copy(doc, lot)
