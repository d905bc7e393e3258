"""Pipeline throughput over the corpus (corpus/texts): read → segment → extract → resolve, on one core.

Each stage is timed on its own, round after round until the timing is stable; the table gives the cumulative
throughput after each stage (MB/s of input bytes, documents/s), then read+segment per source format.
Input bytes are loaded once: the figures are parsing and extraction, not disk.

Then the command as users run it, each figure beside a baseline measured in the same run (the machine may be
shared: compare the ratios across runs, not the seconds):

- ``legalgraph parse DIR --format jsonl --jobs 1`` over the corpus and over ten copies of it: MB/s per core,
  and the ratio to a one-pattern Python scan of the same files (read, decode, one ``finditer``), start-ups
  included in both;
- one file of 1, 4, 16 and 50 MB (SYNTHETIC: ``bench/scale_files.py`` repeats the articles of a real text):
  CPU time and peak memory, and both per MB — flat when the cost is linear in the size;
- start-up: ``legalgraph --help`` and ``legalgraph parse`` of a one-page file against ``python -c pass``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bench.scale_files import MB, write_scale_file
from legalgraph.extract import extract
from legalgraph.read import read_source
from legalgraph.resolve import resolve
from legalgraph.segment import segment

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "texts"
LEGALGRAPH = Path(sys.executable).with_name("legalgraph")
ONE_PAGE = CORPUS / "2004-07-15_agent-controle-metrologie__article-1.txt"
SIZES_MB = tuple(float(x) for x in os.environ.get("LEGALGRAPH_BENCH_SIZES", "1 4 16 50").split())
COPIES = 10
# the baseline: the least a program that reads every file can do — decode it and run one pattern over it
SCAN = (
    "import re, sys; from pathlib import Path\n"
    "pattern = re.compile(r'arr[êe]t[ée]', re.I)\n"
    "n = sum(1 for p in sorted(Path(sys.argv[1]).rglob('*')) if p.is_file()\n"
    "        for _ in pattern.finditer(p.read_bytes().decode('utf-8', 'replace')))\n"
    "print(n)"
)
MIN_ROUNDS = 5
STAGES = ("read", "segment", "extract", "resolve")


def load_corpus(folder: Path = CORPUS) -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted(folder.iterdir()) if p.is_file()]


def time_rounds(
    docs: list[tuple[str, bytes]], seconds: float
) -> tuple[int, dict[str, float], dict[str, float]]:
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
        print(
            f"    {fmt:<9} {n:3d} docs {b / 1e3:7.1f} kB  {b * rounds / t / 1e6:6.2f} MB/s  {n * rounds / t:7.0f} docs/s"
        )
    run_commands()


# ---- the command, against baselines measured in the same run ----------------------------------------------


def run_child(args: list[str]) -> tuple[float, float, int]:
    """Run ``args`` (output discarded): (wall seconds, CPU seconds, peak resident memory in bytes) of that
    process alone (``os.wait4``: not the other children's)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} failed ({proc.returncode}): {err[-500:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def best_of(args: list[str], runs: int) -> tuple[float, float, int]:
    """The fastest of ``runs`` runs (the least disturbed by the rest of the machine)."""
    return min((run_child(args) for _ in range(runs)), key=lambda r: r[1])


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def copies_of_corpus(folder: Path, copies: int) -> Path:
    """``folder`` holding ``copies`` copies of corpus/texts (real texts, each copy in its own sub-folder)."""
    for k in range(copies):
        shutil.copytree(CORPUS, folder / f"copy-{k:02d}", dirs_exist_ok=True)
    return folder


def throughput(work: Path) -> None:
    print("\n== legalgraph parse DIR --format jsonl --jobs 1 (start-up included), against a one-pattern scan")
    print(f"  {'input':<22} {'MB':>6} {'parse s':>8} {'MB/s/core':>10} {'scan s':>7} {'× scan':>7}")
    for label, folder in (
        ("corpus", CORPUS),
        (f"corpus × {COPIES}", copies_of_corpus(work / "copies", COPIES)),
    ):
        size = folder_bytes(folder)
        runs = 3 if folder is CORPUS else 2
        _, parse_cpu, _ = best_of(
            [str(LEGALGRAPH), "parse", str(folder), "--format", "jsonl", "--jobs", "1"], runs
        )
        _, scan_cpu, _ = best_of([sys.executable, "-c", SCAN, str(folder)], runs)
        print(
            f"  {label:<22} {size / MB:6.2f} {parse_cpu:8.2f} {size / MB / parse_cpu:10.2f} {scan_cpu:7.2f} "
            f"{parse_cpu / scan_cpu:7.1f}"
        )


def file_sizes(work: Path) -> None:
    print("\n== one SYNTHETIC file (a real text's articles repeated): legalgraph parse FILE --format jsonl")
    # the baseline: the same command on a one-page file (start-up, imports, patterns compiled)
    _, base_cpu, base_rss = best_of([str(LEGALGRAPH), "parse", str(ONE_PAGE), "--format", "jsonl"], 3)
    print(f"  baseline, one page: {base_cpu:.2f} s CPU, {base_rss / MB:.0f} MB resident; per MB: above it")
    print(f"  {'size':>6} {'CPU s':>8} {'s/MB':>6} {'peak MB':>8} {'MB/MB':>6}")
    for mb in SIZES_MB:
        path = write_scale_file(work / "scale", mb)
        size = path.stat().st_size
        _, cpu, rss = run_child([str(LEGALGRAPH), "parse", str(path), "--format", "jsonl"])
        print(
            f"  {size / MB:5.0f}M {cpu:8.2f} {(cpu - base_cpu) / (size / MB):6.3f} {rss / MB:8.0f} "
            f"{(rss - base_rss) / size:6.1f}"
        )


def start_up() -> None:
    print(
        "\n== start-up (best of 5: wall, and CPU, which a busy machine disturbs less), against python -c pass"
    )
    base_wall, base_cpu, _ = best_of([sys.executable, "-c", "pass"], 5)
    print(f"  {'python -c pass':<30} {base_wall:6.3f} s wall {base_cpu:6.3f} s CPU")
    for label, args in (
        ("legalgraph --help", [str(LEGALGRAPH), "--help"]),
        ("legalgraph parse <one page>", [str(LEGALGRAPH), "parse", str(ONE_PAGE)]),
    ):
        wall, cpu, _ = best_of(args, 5)
        print(f"  {label:<30} {wall:6.3f} s wall {cpu:6.3f} s CPU  ({cpu / base_cpu:4.1f}× python's CPU)")


def run_commands() -> None:
    with tempfile.TemporaryDirectory(prefix="legalgraph-bench-") as tmp:
        work = Path(tmp)
        start_up()
        throughput(work)
        file_sizes(work)
