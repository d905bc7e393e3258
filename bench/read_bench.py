"""``read`` + ``segment`` throughput over the corpus (corpus/texts), repeated until the timing is stable.

Reports MB/s (10^6 bytes of input per second) and documents per second, for the whole corpus and per source
format. Input bytes are loaded once: the figure is parsing, not disk.
"""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path

from legalgraph.read import read_source
from legalgraph.segment import segment

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "texts"
MIN_ROUNDS = 5


def load_corpus(folder: Path = CORPUS) -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted(folder.iterdir()) if p.is_file()]


def time_rounds(docs: list[tuple[str, bytes]], seconds: float) -> tuple[int, float, dict[str, float]]:
    """Read and segment every document, round after round, for at least ``seconds`` and MIN_ROUNDS rounds.

    Returns the number of rounds, the total time, and the time spent per source format."""
    per_format: dict[str, float] = defaultdict(float)
    rounds, total = 0, 0.0
    clock = time.perf_counter
    while rounds < MIN_ROUNDS or total < seconds:
        for name, data in docs:
            t0 = clock()
            st = read_source(data, path=name)
            segment(st)
            dt = clock() - t0
            per_format[str(st.source.format)] += dt
            total += dt
        rounds += 1
    return rounds, total, per_format


def run(seconds: float = 3.0) -> None:
    docs = load_corpus()
    size = sum(len(d) for _, d in docs)
    formats: dict[str, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for name, data in docs:  # warm-up: imports, compiled patterns; also counts documents per format
        fmt = str(read_source(data, path=name).source.format)
        n, b = formats[fmt]
        formats[fmt] = (n + 1, b + len(data))
    rounds, total, per_format = time_rounds(docs, seconds)
    print(
        f"read+segment: {len(docs)} documents, {size / 1e6:.3f} MB × {rounds} rounds in {total:.2f} s → "
        f"{size * rounds / total / 1e6:.2f} MB/s, {len(docs) * rounds / total:.0f} documents/s"
    )
    for fmt, (n, b) in sorted(formats.items()):
        t = per_format[fmt]
        print(
            f"  {fmt:<9} {n:3d} docs {b / 1e3:7.1f} kB  {b * rounds / t / 1e6:6.2f} MB/s  {n * rounds / t:7.0f} docs/s"
        )
