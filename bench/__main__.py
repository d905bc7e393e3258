"""Run the benchmarks: ``python -m bench [NAME ...] [--seconds S]``.

Each benchmark is a module of this package with a ``run(seconds: float) -> None`` function that prints its
figures. To add one (extract, graph…), write ``bench/<name>_bench.py`` and list it in ``BENCHES``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

BENCHES: dict[str, str] = {
    "pipeline": "bench.pipeline_bench",  # read → segment → extract → resolve over corpus/texts
    "watch": "bench.watch_bench",  # the nightly job on a synthetic archive of 100,000 texts
    "graph": "bench.graph_bench",  # load rate and named-query latency at 1M quads: oxigraph, rdflib, bulk_load
    "serve": "bench.serve_bench",  # the SPARQL endpoint under 50 concurrent clients: queries/s, p95
    "identity": "bench.identity_bench",  # acts of the corpus, share of cited acts with official ids and links
}


def pin_one_core() -> int | None:
    """Run on one CPU so that figures do not depend on what else the machine does; returns the CPU used."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", choices=[[], *BENCHES], help="benchmarks to run (default: all)")
    parser.add_argument("--seconds", type=float, default=3.0, help="minimum timed duration of each benchmark")
    args = parser.parse_args(argv)
    cpu = pin_one_core()
    print(f"python {sys.version.split()[0]}, one core" + (f" (cpu {cpu})" if cpu is not None else ""))
    for name in args.names or list(BENCHES):
        importlib.import_module(BENCHES[name]).run(args.seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
