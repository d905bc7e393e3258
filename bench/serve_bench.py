"""`legalgraph serve` under load: 50 concurrent clients on loopback, queries per second and latency percentiles.

The corpus is built into a fresh store, the server runs as its own process pinned to another core than the
clients when the machine has one (the bench process itself runs on one core, see ``bench/__main__.py``), and
the clients send the mix of ``tests/support/loadgen.WORKLOAD``: named queries, typed SELECT, ASK, CONSTRUCT.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 50


def run(seconds: float) -> None:
    sys.path.insert(0, str(ROOT))
    from tests.support.loadgen import run_load
    from tests.support.servers import corpus_store_on_disk, legalgraph_server_process

    folder = Path(tempfile.mkdtemp(prefix="legalgraph-serve-bench-"))
    try:
        store = corpus_store_on_disk(folder / "store")
        with legalgraph_server_process(store) as (url, proc):
            server_cpu = _pin_server(proc.pid)
            _warm_up(url)
            result = run_load(url, clients=CLIENTS, seconds=max(seconds, 10.0))
        where = (
            f"server on cpu {server_cpu}" if server_cpu is not None else "server and clients share the cpu"
        )
        print(f"serve: {result.summary()} ({where})")
        if result.errors:
            print(f"serve: first errors: {result.errors[:3]}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _pin_server(pid: int) -> int | None:
    """Move the server process to a core the clients do not use; returns it (None when there is one core)."""
    if not hasattr(os, "sched_getaffinity"):
        return None
    others = sorted(set(range(os.cpu_count() or 1)) - os.sched_getaffinity(0))
    if not others:
        return None
    os.sched_setaffinity(pid, {others[0]})
    return others[0]


def _warm_up(url: str) -> None:
    from tests.support.loadgen import run_load

    run_load(url, clients=4, seconds=1.0)
