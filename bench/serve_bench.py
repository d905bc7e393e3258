"""`legalgraph serve` against `oxigraph serve` (PyPI package `oxigraph`) on the same quads, the same questions.

The corpus is built into a store; its quads are exported as N-Quads and loaded into an Oxigraph server folder
(`oxigraph load`), served with `--union-default-graph`, the default graph legalgraph's queries see. Both servers
run at once on the cores the bench's client does not use (when the machine has more than one). The mix of
questions, sent in turn by each client over its kept-alive connection: a 20-row SELECT, an ASK, a named query
(for Oxigraph, the same SPARQL text, its parameter substituted), a CONSTRUCT (Turtle); the SPARQL texts declare
their prefixes, so both engines get the same text. The client is a small asyncio HTTP/1.1 client (pre-built
requests, no library in the way), 1, 8 and 50 connections.

Each measurement is a window: the connections are opened, run one second unmeasured (a steady state: each has
a request in flight), then the answers that arrive within the window are counted, and the server's CPU (its
processes, workers included, from /proc) is read at both ends of it; what is in flight when it closes is
dropped, but how long it had waited counts among the latencies (a lower bound: a request a server leaves
waiting is seen). At each concurrency, rounds of one window per server, the first of the pair alternating; printed:
the medians over the rounds of queries/s, p50 and p95 latency and server CPU per query, and the medians of the
ratios legalgraph / Oxigraph of each pair (measured seconds apart, so that a shared machine's noise falls on
both); then, at 1 client, the p50 of each question. ``python -m bench.serve_bench --help`` for one question or
concurrency at a time.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
CONCURRENCY = (1, 8, 50)
ROUNDS = 5  # per concurrency: each server measured this many times, alternating
WINDOW = 5.0  # seconds of each measured window, at least
LEAD = 1.0  # seconds each window's clients run before it opens (connections made, one request in flight each)
JSON = "application/sparql-results+json"


@dataclass
class Question:
    name: str
    legalgraph: str  # path and query string on `legalgraph serve`
    oxigraph: str  # the same on `oxigraph serve`
    accept: str


def questions() -> list[Question]:
    from legalgraph import queries
    from legalgraph.graph.namespaces import sparql_prefixes
    from legalgraph.store.base import substitute

    head = sparql_prefixes()
    select = head + (
        "SELECT ?act ?date ?title WHERE { ?act a eli:LegalResource ; eli:date_document ?date ; "
        "skos:prefLabel ?title } ORDER BY DESC(?date) ?act LIMIT 20"
    )
    ask = head + "ASK { ?t a lg:TitreProfessionnel }"
    construct = head + "CONSTRUCT { ?v lg:titreName ?n } WHERE { ?v lg:titreName ?n }"
    named = queries.get("cited-by")
    params = {"act": "arrete:2015-12-22"}
    named_text = head + substitute(named.sparql, queries.bindings(named, params))

    def q(text: str) -> str:
        return "?" + urlencode({"query": text}, quote_via=quote)

    return [
        Question("select-20", "/sparql" + q(select), "/query" + q(select), JSON),
        Question("ask", "/sparql" + q(ask), "/query" + q(ask), JSON),
        Question("named:cited-by", "/queries/cited-by?" + urlencode(params), "/query" + q(named_text), JSON),
        Question("construct", "/sparql" + q(construct), "/query" + q(construct), "text/turtle"),
    ]


# -- the client -------------------------------------------------------------------------------------------


@dataclass
class Measure:
    """One server measured for one window: the answers that arrived within it, and the server's CPU."""

    seconds: float = 0.0  # the window
    cpu: float = 0.0  # server CPU seconds within the window
    latencies: dict[str, list[float]] = field(default_factory=dict)  # per question, answers within the window
    errors: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(map(len, self.latencies.values()))

    def figures(self) -> tuple[float, float, float, float]:
        """Queries/s, p50 and p95 (ms), server CPU per query (ms)."""
        lat = [x for xs in self.latencies.values() for x in xs]
        n = len(lat)
        return (
            n / self.seconds,
            _percentile(lat, 50) * 1000,
            _percentile(lat, 95) * 1000,
            self.cpu / n * 1000 if n else float("nan"),
        )


def _percentile(values: list[float], p: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


async def _read_answer(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {
        k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)
    }
    if "content-length" in headers:
        return status, await reader.readexactly(int(headers["content-length"]))
    body = bytearray()  # chunked (Oxigraph streams its answers)
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        if size == 0:
            await reader.readuntil(b"\r\n")
            return status, bytes(body)
        body += await reader.readexactly(size + 2)
        del body[-2:]


@dataclass
class _Window:
    """When answers count: those that arrive between ``begin`` and ``end`` (perf_counter seconds)."""

    begin: float = float("inf")
    end: float = float("inf")


async def _client(
    reader, writer, requests: list[tuple[str, bytes]], start: int, window: _Window, out: Measure, sent: list
):
    """Send the requests in turn on one kept-alive connection until the window closes; record the answers
    that arrive within it (a request in flight when it closes is abandoned with the connection; ``sent[0]``
    says since when it waits)."""
    n = start
    while True:
        name, request = requests[n % len(requests)]
        n += 1
        sent[0] = time.perf_counter()
        if sent[0] >= window.end:
            return
        writer.write(request)
        status, body = await _read_answer(reader)
        done = time.perf_counter()
        if not window.begin <= done <= window.end:
            continue
        if status != 200 or not body:
            out.errors.append(f"{name}: HTTP {status} {body[:120]!r}")
        else:
            out.latencies.setdefault(name, []).append(done - sent[0])


def _load(
    port: int, pid: int, paths: list[tuple[str, str, str]], clients: int, seconds: float, lead: float
) -> Measure:
    """``clients`` kept-alive connections sending ``paths`` (name, path, Accept) in turn: they start together,
    run ``lead`` seconds unmeasured (so that each has a request in flight, a steady state), then ``seconds``
    measured, the server's CPU read at both ends of the window."""
    host = "127.0.0.1"
    requests = [
        (name, f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: {accept}\r\n\r\n".encode())
        for name, path, accept in paths
    ]
    out, window = Measure(seconds=seconds), _Window()

    async def main() -> None:
        connections = [await asyncio.open_connection(host, port) for _ in range(clients)]
        sent = [[0.0] for _ in connections]
        tasks = [
            asyncio.ensure_future(_client(r, w, requests, i, window, out, sent[i]))
            for i, (r, w) in enumerate(connections)
        ]
        await asyncio.sleep(lead)
        cpu = _cpu_seconds(pid)
        window.begin = time.perf_counter()
        window.end = window.begin + seconds
        await asyncio.sleep(seconds)
        out.cpu = _cpu_seconds(pid) - cpu
        out.waited = [window.end - s[0] for s, t in zip(sent, tasks, strict=True) if not t.done()]
        for task in tasks:  # the answers still on their way count no more
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for _, w in connections:
            w.close()

    asyncio.run(main())
    return out


# -- the servers -------------------------------------------------------------------------------------------


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of ``pid`` and every process under it (worker processes included)."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        parents[int(entry)] = int(fields[1])
        times[int(entry)] = (int(fields[11]) + int(fields[12])) / ticks
    tree, total = {pid}, 0.0
    grew = True
    while grew:
        grew = False
        for child, parent in parents.items():
            if parent in tree and child not in tree:
                tree.add(child)
                grew = True
    for p in tree:
        total += times.get(p, 0.0)
    return total


@contextmanager
def _on_server_cores() -> Iterator[str]:
    """Processes started inside run on the cores the client does not use (inherited by their children)."""
    if not hasattr(os, "sched_setaffinity"):
        yield "server and clients share the cores"
        return
    client = os.sched_getaffinity(0)
    others = set(range(os.cpu_count() or 1)) - client
    try:
        os.sched_setaffinity(0, others or client)
        yield (
            f"servers on cpu {','.join(map(str, sorted(others)))}, client on cpu {','.join(map(str, sorted(client)))}"
            if others
            else "server and clients share the cpu"
        )
    finally:
        os.sched_setaffinity(0, client)


@contextmanager
def _servers(folder: Path) -> Iterator[tuple[dict[str, tuple[int, int]], str]]:
    """Both servers on the corpus quads: name → (port, pid); and where they run."""
    import pyoxigraph as ox

    from tests.support.servers import (
        _running,
        _tool,
        corpus_store_on_disk,
        free_port,
        legalgraph_server_process,
    )

    store = corpus_store_on_disk(folder / "store")
    quads = folder / "corpus.nq"
    exported = ox.Store.read_only(str(store))
    exported.dump(str(quads), ox.RdfFormat.N_QUADS)
    del exported
    subprocess.run(
        [_tool("oxigraph"), "load", "--location", str(folder / "oxigraph"), "--file", str(quads)],
        check=True,
        capture_output=True,
    )
    port = free_port()
    cmd = [
        _tool("oxigraph"),
        "serve",
        "--location",
        str(folder / "oxigraph"),
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
    ]
    with (
        _on_server_cores() as where,
        legalgraph_server_process(store) as (url, legalgraph),
        _running(cmd, f"http://127.0.0.1:{port}/query", folder) as oxigraph,
    ):
        yield (
            {"legalgraph": (int(url.rsplit(":", 1)[1]), legalgraph.pid), "oxigraph": (port, oxigraph.pid)},
            where,
        )


def run(
    seconds: float,
    rounds: int = ROUNDS,
    only: list[str] | None = None,
    concurrency: tuple[int, ...] = CONCURRENCY,
) -> None:
    """The table: at each concurrency, ``rounds`` pairs of windows of ``max(seconds, WINDOW)`` seconds, one per
    server, the first server of a pair alternating; medians over the rounds, and the medians of the ratios of
    each pair (measured within seconds of each other, so that a shared machine's noise falls on both)."""
    sys.path.insert(0, str(ROOT))
    seconds = max(seconds, WINDOW)
    folder = Path(tempfile.mkdtemp(prefix="legalgraph-serve-bench-"))
    try:
        asked = [q for q in questions() if not only or q.name in only]
        with _servers(folder) as (servers, where):
            paths = {
                "legalgraph": [(q.name, q.legalgraph, q.accept) for q in asked],
                "oxigraph": [(q.name, q.oxigraph, q.accept) for q in asked],
            }
            for name, (port, pid) in servers.items():  # warm up: caches, worker processes
                _load(port, pid, paths[name], 4, 1.0, 0.5)
            results: dict[int, list[dict[str, Measure]]] = {}
            for clients in concurrency:
                results[clients] = []
                for round_ in range(rounds):
                    order = list(servers) if round_ % 2 == 0 else list(reversed(servers))
                    pair = {}
                    for name in order:
                        port, pid = servers[name]
                        pair[name] = _load(port, pid, paths[name], clients, seconds, LEAD)
                    results[clients].append(pair)
        _print(results, asked, where, seconds)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _print(
    results: dict[int, list[dict[str, Measure]]], asked: list[Question], where: str, seconds: float
) -> None:
    rounds = len(next(iter(results.values())))
    print(
        f"serve: legalgraph serve vs oxigraph serve, same quads, mix of {', '.join(q.name for q in asked)} "
        f"({where}); medians of {rounds} paired rounds of {seconds:g} s"
    )
    print(
        f"{'clients':>7}  {'server':<10} {'q/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms/q':>8}  queries errors"
    )
    for clients, pairs in results.items():
        figures = {name: [m.figures() for m in (p[name] for p in pairs)] for name in pairs[0]}
        for name in ("legalgraph", "oxigraph"):
            qps, p50, p95, cpu = (statistics.median(f[i] for f in figures[name]) for i in range(4))
            count = sum(p[name].count for p in pairs)
            errors = [e for p in pairs for e in p[name].errors]
            print(
                f"{clients:>7}  {name:<10} {qps:>7.0f} {p50:>8.2f} {p95:>8.2f} {cpu:>8.2f}  {count:>7} {len(errors)}"
            )
            if errors:
                print(f"{'':>7}  first errors: {errors[:2]}")
        ratios = [
            statistics.median(
                a[i] / b[i] for a, b in zip(figures["legalgraph"], figures["oxigraph"], strict=True)
            )
            for i in range(4)
        ]
        print(
            f"{clients:>7}  {'ratio':<10} {ratios[0]:>7.2f} {ratios[1]:>8.2f} {ratios[2]:>8.2f} {ratios[3]:>8.2f}"
        )
    first = results[min(results)]

    def p50(name: str, question: str) -> float:
        return _percentile([x for p in first for x in p[name].latencies.get(question, [])], 50) * 1000

    print(
        f"serve: p50 ms per question at {min(results)} client(s), legalgraph vs oxigraph: "
        + "; ".join(
            f"{q.name} {p50('legalgraph', q.name):.2f} vs {p50('oxigraph', q.name):.2f}" for q in asked
        )
    )


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.serve_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=WINDOW, help="length of each measured window")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument(
        "--only", nargs="*", help="these questions only (select-20, ask, named:cited-by, construct)"
    )
    parser.add_argument("--clients", type=int, nargs="*", help=f"concurrencies (default {CONCURRENCY})")
    args = parser.parse_args(argv)
    from bench.__main__ import pin_one_core

    pin_one_core()  # as `make bench` does: the client on one core, the servers on the other
    run(args.seconds, args.rounds, args.only, tuple(args.clients or CONCURRENCY))
    return 0


if __name__ == "__main__":  # the servers' worker processes start by spawning: nothing runs on import
    sys.exit(main())
