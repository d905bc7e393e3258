"""Pipeline throughput over the corpus (corpus/texts): read → segment → extract → resolve, on one core.

Each stage is timed on its own, round after round until the timing is stable; the table gives the cumulative
throughput after each stage (MB/s of input bytes, documents/s), then read+segment per source format.
Input bytes are loaded once: the figures are parsing and extraction, not disk.
"""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path

from legalgraph.extract import extract
from legalgraph.read import read_source
from legalgraph.resolve import resolve
from legalgraph.segment import segment

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "texts"
MIN_ROUNDS = 5
STAGES = ("read", "segment", "extract", "resolve")


def load_corpus(folder: Path = CORPUS) -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted(folder.iterdir()) if p.is_file()]


def time_rounds(docs: list[tuple[str, bytes]], seconds: float) -> tuple[int, dict[str, float], dict[str, float]]:
    """Run every stage on every document, round after round, for ``seconds`` and at least MIN_ROUNDS rounds.

    Returns the rounds, the time per stage, and the read+segment time per source format."""
    per_stage: dict[str, float] = defaultdict(float)
    per_format: dict[str, float] = defaultdict(float)
    rounds = 0
    clock = time.perf_counter
    while rounds < MIN_ROUNDS or sum(per_stage.values()) < seconds:
        for name, data in docs:
            t0 = clock()
            st = read_source(data, path=name)
            t1 = clock()
            doc = segment(st)
            t2 = clock()
            extract(doc)
            t3 = clock()
            resolve(doc)
            t4 = clock()
            for stage, dt in zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
                per_stage[stage] += dt
            per_format[str(st.source.format)] += t2 - t0
        rounds += 1
    return rounds, per_stage, per_format


def run(seconds: float = 3.0) -> None:
    docs = load_corpus()
    size = sum(len(d) for _, d in docs)
    formats: dict[str, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for name, data in docs:  # warm-up: imports, compiled patterns, code lists; counts documents per format
        doc = resolve(extract(segment(st := read_source(data, path=name))))
        fmt = str(st.source.format)
        n, b = formats[fmt]
        formats[fmt] = (n + 1, b + len(data))
    del doc
    rounds, per_stage, per_format = time_rounds(docs, seconds)
    print(f"\n== pipeline: {len(docs)} documents, {size / 1e6:.3f} MB × {rounds} rounds")
    print(f"  {'up to':<10} {'MB/s':>7} {'docs/s':>8}")
    elapsed = 0.0
    for stage in STAGES:
        elapsed += per_stage[stage]
        print(f"  {stage:<10} {size * rounds / elapsed / 1e6:7.2f} {len(docs) * rounds / elapsed:8.0f}")
    print("  read+segment per format:")
    for fmt, (n, b) in sorted(formats.items()):
        t = per_format[fmt]
        print(f"    {fmt:<9} {n:3d} docs {b / 1e3:7.1f} kB  {b * rounds / t / 1e6:6.2f} MB/s  {n * rounds / t:7.0f} docs/s")
