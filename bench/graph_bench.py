"""Graph and store benchmark on a SYNTHETIC scale-up of the corpus (bench/synthetic.py): load rate and the
latency of every named query, for the embedded pyoxigraph store and for rdflib in memory, on the same data in
the same run, with pyoxigraph's own bulk loader of the same quads as the ceiling.

    python -m bench graph            # ≥ 1 million quads (LEGALGRAPH_BENCH_QUADS to change)

What is timed is what a notebook does: ``legalgraph.store.load_documents`` (Documents → quads → store, then
the derived graph) and ``KnowledgeGraph.named(name, **params)`` (SPARQL → pandas DataFrame).
"""

from __future__ import annotations

import gc
import io
import math
import multiprocessing
import os
import shutil
import statistics
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from bench.synthetic import real_documents, synthetic_corpus
from legalgraph.graph import document_graph
from legalgraph.knowledge import KnowledgeGraph
from legalgraph.store import MemoryStore, OxigraphStore, load_documents

TARGET_QUADS = int(os.environ.get("LEGALGRAPH_BENCH_QUADS", 1_000_000))
RDFLIB_LOAD_CAP = float(os.environ.get("LEGALGRAPH_BENCH_RDFLIB_CAP", 240))  # seconds a load may take
RDFLIB_QUERY_RUNS = 3
RDFLIB_QUERY_CAP = float(os.environ.get("LEGALGRAPH_BENCH_RDFLIB_QUERY_CAP", 30))  # seconds for one query

# The questions of the issue, with its examples; the row counts are printed beside the timings.
QUESTIONS = [
    ("cited-by", {"act": "arrete:2015-12-22"}),
    ("cited-by", {"act": "arrete:2017-12-11"}),
    ("cites", {"act": "arrete:2022-11-21"}),
    ("lineage", {"titre": "conseiller commercial"}),
    ("equivalences", {"titre": "conseiller en insertion professionnelle"}),
    ("titres-by-rome", {"rome": "K1801"}),
    ("titres-by-level", {"level": "III"}),
    ("registrations-ending-before", {"date": "2016-01-01"}),
    ("in-force-on", {"date": "2024-01-01"}),
]


def _time(fn, *, min_runs: int, budget: float, warm: bool = True) -> tuple[list[float], object]:
    """Run ``fn`` until ``budget`` seconds have passed and at least ``min_runs`` times; returns seconds per run."""
    if warm:
        fn()  # the first run pays for the store's caches
    times, result, start = [], None, time.perf_counter()
    while len(times) < min_runs or time.perf_counter() - start < budget:
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
        if len(times) >= 1000:
            break
    return times, result


def _p(times: list[float], q: float) -> float:
    """The q-quantile (nearest rank), in milliseconds."""
    ordered = sorted(times)
    return 1000 * ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def _lots_for(target: int, real) -> tuple[int, int]:
    """How many lots make ``target`` quads: the real corpus's quads per lot (documents only) decide."""
    per_lot = sum(len(document_graph(d)) for d in real)
    return max(1, math.ceil(target * 1.0 / per_lot)), per_lot


def _oxigraph_load(docs, folder: Path) -> tuple[KnowledgeGraph, float, int, dict[str, float]]:
    store = OxigraphStore(folder / "legalgraph")
    gc.collect()
    t = time.perf_counter()
    report = load_documents(store, docs)
    return KnowledgeGraph(store), time.perf_counter() - t, len(store), report.timings


def _ceiling(kg: KnowledgeGraph, folder: Path) -> tuple[float, int]:
    """pyoxigraph's bulk loader on the same quads, from their N-Quads serialization (parsing included)."""
    buf = io.BytesIO()
    kg.store.dump(buf, ox.RdfFormat.N_QUADS)
    data = buf.getvalue()
    store = ox.Store(str(folder / "bulk"))
    gc.collect()
    t = time.perf_counter()
    store.bulk_load(data, ox.RdfFormat.N_QUADS)
    store.flush()
    return time.perf_counter() - t, len(store)


def _rdflib(docs_for, lots: int) -> tuple[KnowledgeGraph, int, float, int, list[str]]:
    """rdflib on a small share of the lots to learn its rate, then on the largest share its load cap allows."""
    notes = []
    size = max(1, lots // 8)
    while True:
        docs = docs_for(size)
        store = MemoryStore()
        gc.collect()
        t = time.perf_counter()
        load_documents(store, docs)
        seconds = time.perf_counter() - t
        n = len(store)
        notes.append(f"{n:,} quads in {seconds:.0f} s ({n / seconds:,.0f}/s)")
        fits = int(size * RDFLIB_LOAD_CAP / (seconds * 1.3))  # rdflib slows as it grows
        if size >= lots or fits <= size:
            return KnowledgeGraph(store), size, seconds, n, notes
        size = min(lots, fits)
        del store, docs
        gc.collect()


def _time_in_child(fn, runs: int, timeout: float) -> tuple[list[float], int | None]:
    """Time ``fn`` in a forked child (it shares the loaded store), giving up after ``timeout`` seconds: an rdflib
    query can take minutes, and a thread cannot be stopped."""
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def work() -> None:
        times: list[float] = []
        for _ in range(runs):
            t = time.perf_counter()
            rows = len(fn())
            times.append(time.perf_counter() - t)
            send.send((times, rows))

    child = ctx.Process(target=work, daemon=True)
    child.start()
    result: tuple[list[float], int | None] = ([], None)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and (child.is_alive() or receive.poll()):
        if receive.poll(0.05):
            result = receive.recv()
            if len(result[0]) == runs:
                break
    if child.is_alive():
        child.kill()  # our own child, by its handle
    child.join()
    return result


def run(seconds: float = 3.0) -> None:
    build_scaling()
    print("\n== graph: load and query on a SYNTHETIC scale-up of corpus/texts (bench/synthetic.py)")
    real = real_documents()
    lots, per_lot = _lots_for(TARGET_QUADS, real)
    docs = list(synthetic_corpus(lots, real))
    print(
        f"   {lots} lots × {len(real)} texts = {len(docs):,} documents (lot 0: the real texts; {per_lot:,} quads a lot)"
    )
    folder = Path(tempfile.mkdtemp(prefix="legalgraph-bench-"))
    try:
        kg, load_s, quads, phases = _oxigraph_load(docs, folder)
        ceiling_s, ceiling_quads = _ceiling(kg, folder)
        rate, ceiling_rate = quads / load_s, ceiling_quads / ceiling_s
        print(
            f"   legalgraph load, embedded pyoxigraph on disk: {quads:,} quads in {load_s:.1f} s = {rate:,.0f} quads/s"
        )
        print("     (" + ", ".join(f"{k} {v:.1f} s" for k, v in phases.items()) + ")")
        print(
            f"   ceiling, pyoxigraph Store.bulk_load of the same quads (N-Quads): {ceiling_s:.1f} s = "
            f"{ceiling_rate:,.0f} quads/s → legalgraph at {rate / ceiling_rate:.0%} of it"
        )
        # The embedded store's latencies first, with nothing else in the heap: rdflib's million objects would
        # make Python's collector slower for everything measured after them.
        del docs
        gc.collect()
        gc.freeze()
        embedded = {}
        for name, params in QUESTIONS:
            embedded[(name, str(params))] = _time(
                lambda name=name, params=params: kg.named(name, **params), min_runs=20, budget=seconds
            )
        rd, rd_lots, rd_s, rd_quads, notes = _rdflib(lambda n: list(synthetic_corpus(n, real)), lots)
        gc.freeze()
        print(f"   rdflib Dataset in memory (same documents, same loader): {'; '.join(notes)}")
        print(
            f"   → queries on rdflib at {rd_quads:,} quads ({rd_lots} lots)"
            + ("" if rd_lots == lots else f"; a larger load would pass the {RDFLIB_LOAD_CAP:.0f} s cap")
        )
        header = f"   {'query':30} {'params':40} {'rows':>5} {'oxigraph p50':>12} {'p95':>8} {'rows':>5} {'rdflib p50':>10} {'max':>8}"
        print(header)
        print("   " + "-" * (len(header) - 3))
        over = []
        for name, params in QUESTIONS:
            times, df = embedded[(name, str(params))]
            rd_times, rd_rows = _time_in_child(
                lambda name=name, params=params: rd.named(name, **params), RDFLIB_QUERY_RUNS, RDFLIB_QUERY_CAP
            )
            shown = " ".join(f"{k}={v}" for k, v in params.items())
            p95 = _p(times, 0.95)
            if p95 > 10:
                over.append((name, shown, len(df), p95))
            rdflib = (
                f"{rd_rows:5} {statistics.median(rd_times) * 1000:8.0f}ms {max(rd_times) * 1000:6.0f}ms"
                if rd_times
                else f"{'':5} {'> ' + str(int(RDFLIB_QUERY_CAP)) + ' s':>10} {'':>8}"
            )
            print(f"   {name:30} {shown[:40]:40} {len(df):5} {_p(times, 0.5):10.1f}ms {p95:6.1f}ms {rdflib}")
        print(
            f"   (oxigraph: ≥20 runs or {seconds:.0f} s a query, after one warm-up; rdflib: up to {RDFLIB_QUERY_RUNS} runs "
            f"within {RDFLIB_QUERY_CAP:.0f} s, its p95 shown as the max; times include the pandas DataFrame)"
        )
        for name, shown, rows, p95 in over:
            print(f"   over 10 ms: {name} {shown}: {rows} rows, {1000 * p95 / max(rows, 1):.0f} µs a row")
        gc.unfreeze()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# ---- build scaling: 1× / 10× / 50× copies of the corpus, built as `legalgraph build` does ---------------------

SCALES = [int(s) for s in os.environ.get("LEGALGRAPH_BENCH_SCALES", "1,10,50").split(",")]


def _cpu(who: int) -> float:
    import resource

    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


@contextmanager
def _all_cores():
    """Undo `python -m bench`'s pinning to one core: a build parses on every core, bulk_load uses threads."""
    before = os.sched_getaffinity(0) if hasattr(os, "sched_setaffinity") else None
    if before is not None:
        os.sched_setaffinity(0, range(os.cpu_count() or 1))
    try:
        yield
    finally:
        if before is not None:
            os.sched_setaffinity(0, before)


def _build_child(folder: str, store_path: str, jobs: int) -> None:
    """In a fresh process (its peak RSS is its own): ``build_paths`` over the synthetic files, as the CLI calls
    it, and print the build's figures as JSON."""
    import inspect
    import json
    import resource

    from bench.synthetic import parse_synthetic
    from legalgraph.cli import iter_sources
    from legalgraph.store import build_paths

    store = OxigraphStore(store_path)
    queries = _timing_selects(store)
    t = time.perf_counter()
    if "jobs" in inspect.signature(build_paths).parameters:
        report = build_paths(store, [Path(folder)], parse=parse_synthetic, jobs=jobs)
    else:  # the builder before the process pool: files, parsed in this process
        report = build_paths(store, list(iter_sources([folder])), parse=parse_synthetic)
    store.close()
    seconds = time.perf_counter() - t
    print(
        json.dumps(
            {
                "seconds": seconds,
                "timings": report.timings,
                "queries": queries,
                "failed": len(report.failed),
                "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                "cpu_s": _cpu(resource.RUSAGE_SELF) + _cpu(resource.RUSAGE_CHILDREN),
            }
        )
    )


def _query_names() -> dict[str, str]:
    """The queries of the derived step (``legalgraph.store.load``), by name."""
    from legalgraph.store import load

    names = {
        text: name
        for table in ("_FACT_QUERIES", "_ACT_QUERIES")
        for name, text in getattr(load, table, {}).items()
    }
    for constant in ("_CITED_ACTS", "_WORDINGS", "_OWN_TEXT"):
        if hasattr(load, constant):
            names[getattr(load, constant)] = constant.strip("_").lower()
    return names


def _timing_selects(store) -> dict[str, float]:
    """Make ``store.select`` add the seconds of each derived-step query to the returned dict, by name."""
    names, select, seconds = _query_names(), store.select, {}

    def timed(query, bindings=None):
        t = time.perf_counter()
        result = select(query, bindings)
        name = next((n for text, n in names.items() if query.endswith(text)), "other (registry, stamp…)")
        seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - t
        return result

    store.select = timed
    return seconds


def build_scaling(jobs: int | None = None) -> list[dict]:
    """Build 1×, 10×, 50× copies of the corpus in a child process each; beside it, in the same run, pyoxigraph's
    ``bulk_load`` of the store's own N-Quads export (parsing included) into a fresh store."""
    with _all_cores():
        return _build_scaling(jobs or len(os.sched_getaffinity(0)))


def _build_scaling(jobs: int) -> list[dict]:
    import json
    import subprocess
    import sys

    from bench.synthetic import write_synthetic_files

    print(
        f"\n== build scaling: SYNTHETIC copies of corpus/texts (bench/synthetic.py), build_paths as `legalgraph "
        f"build` calls it, {jobs} parse worker(s), all {os.cpu_count()} cores, each size in a fresh process"
    )
    header = (
        f"   {'copies':>6} {'files':>6} {'quads':>9} {'build s':>8} {'bulk_load s':>11} {'ratio':>6} "
        f"{'derived s':>9} {'peak RSS MB':>11} {'worker MB':>9} {'CPU s build':>11} {'bulk_load':>9}"
    )
    print(header + "\n   " + "-" * (len(header) - 3))
    rows = []
    for copies in SCALES:
        folder = Path(tempfile.mkdtemp(prefix="legalgraph-bench-scale-"))
        try:
            lots = write_synthetic_files(folder / "synthetic", copies)
            files = sum(1 for lot in lots for _ in lot.iterdir())
            out = subprocess.run(
                [sys.executable, "-m", "bench.graph_bench", "--build-child", str(folder / "synthetic"),
                 str(folder / "store"), str(jobs)],
                capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parent.parent,
            )  # fmt: skip
            child = json.loads(out.stdout.strip().splitlines()[-1])
            store = OxigraphStore(folder / "store", read_only=True)
            quads = len(store)
            dump = folder / "export.nq"
            with dump.open("wb") as f:
                store.dump(f, ox.RdfFormat.N_QUADS)
            store.close()
            bulk = ox.Store(str(folder / "bulk"))
            t, cpu = time.perf_counter(), time.process_time()
            bulk.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
            bulk.flush()
            bulk_s, bulk_cpu = time.perf_counter() - t, time.process_time() - cpu
            del bulk
            row = {"copies": copies, "files": files, "quads": quads, "bulk_s": bulk_s, **child}
            rows.append(row)
            print(
                f"   {copies:>5}× {files:>6} {quads:>9,} {child['seconds']:>8.1f} {bulk_s:>11.2f} "
                f"{child['seconds'] / bulk_s:>5.1f}× {child['timings'].get('derived', 0):>9.2f} "
                f"{child['rss_mb']:>11.0f} {child['worker_rss_mb']:>9.0f} {child['cpu_s']:>11.1f} {bulk_cpu:>9.1f}"
            )
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    print("   build phases (s): " + "; ".join(
        f"{r['copies']}×: " + ", ".join(f"{k} {v:.2f}" for k, v in r["timings"].items()) for r in rows
    ))  # fmt: skip
    names = sorted(
        {n for r in rows for n in r["queries"]}, key=lambda n: -max(r["queries"].get(n, 0) for r in rows)
    )
    print(
        "   derived-step queries as the build ran them, ms at "
        + " / ".join(f"{r['copies']}×" for r in rows)
        + ":"
    )
    for name in names:
        print(f"     {name:24} " + " / ".join(f"{1000 * r['queries'].get(name, 0):8.1f}" for r in rows))
    return rows


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] == ["--build-child"]:
        _build_child(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        run()
