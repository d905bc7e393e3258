"""`legalgraph serve` against `oxigraph serve` (PyPI package `oxigraph`) on the same quads, the same questions.

The corpus is built into a store; its quads are exported as N-Quads and loaded into an Oxigraph server folder
(`oxigraph load`), served with `--union-default-graph`, the default graph legalgraph's queries see. Both servers
run at once on the cores the bench's client does not use (when the machine has more than one), and are
measured in the same run, interleaved (round after round, the order alternating), so that the noise of a
shared machine falls on both. The mix of questions, sent in turn by each client over its kept-alive
connection: a 20-row SELECT, an ASK, a named query (for Oxigraph, the same SPARQL text, its parameter
substituted), a CONSTRUCT (Turtle); the SPARQL texts declare their prefixes, so both engines get the same
text. The client is a small asyncio HTTP/1.1 client (pre-built requests, no library in the way), 1, 8 and 50
connections. Printed: queries/s, p50 and p95 latency, server CPU per query (the server's processes, workers
included, from /proc), and the ratios legalgraph / Oxigraph; then, at 1 client, the p50 of each question.
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
ROUNDS = 3  # per concurrency: each server measured this many times, alternating
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
    seconds: float = 0.0
    cpu: float = 0.0  # server CPU seconds
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(map(len, self.latencies.values()))

    def all(self) -> list[float]:
        return [x for xs in self.latencies.values() for x in xs]


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


async def _client(
    host: str, port: int, requests: list[tuple[str, bytes]], start: int, until: float, out: Measure
):
    reader, writer = await asyncio.open_connection(host, port)
    n = start
    try:
        while time.monotonic() < until:
            name, request = requests[n % len(requests)]
            n += 1
            sent = time.perf_counter()
            writer.write(request)
            status, body = await _read_answer(reader)
            if status != 200 or not body:
                out.errors.append(f"{name}: HTTP {status} {body[:120]!r}")
            else:
                out.latencies.setdefault(name, []).append(time.perf_counter() - sent)
    finally:
        writer.close()


def _load(port: int, paths: list[tuple[str, str, str]], clients: int, seconds: float) -> Measure:
    """``clients`` kept-alive connections sending ``paths`` (name, path, Accept) in turn for ``seconds``."""
    host = "127.0.0.1"
    requests = [
        (name, f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: {accept}\r\n\r\n".encode())
        for name, path, accept in paths
    ]
    out = Measure()

    async def main() -> None:
        until = time.monotonic() + seconds
        await asyncio.gather(*(_client(host, port, requests, i, until, out) for i in range(clients)))

    began = time.monotonic()
    asyncio.run(main())
    out.seconds = time.monotonic() - began
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


def run(seconds: float) -> None:
    sys.path.insert(0, str(ROOT))
    folder = Path(tempfile.mkdtemp(prefix="legalgraph-serve-bench-"))
    try:
        asked = questions()
        with _servers(folder) as (servers, where):
            paths = {
                "legalgraph": [(q.name, q.legalgraph, q.accept) for q in asked],
                "oxigraph": [(q.name, q.oxigraph, q.accept) for q in asked],
            }
            for name, (port, _) in servers.items():  # warm up: caches, worker processes
                _load(port, paths[name], 4, 1.0)
            results = {}
            for clients in CONCURRENCY:
                totals = {name: Measure() for name in servers}
                for round_ in range(ROUNDS):
                    order = list(servers) if round_ % 2 == 0 else list(reversed(servers))
                    for name in order:
                        port, pid = servers[name]
                        cpu = _cpu_seconds(pid)
                        m = _load(port, paths[name], clients, seconds / ROUNDS if seconds > 3 else 1.0)
                        m.cpu = _cpu_seconds(pid) - cpu
                        t = totals[name]
                        t.seconds += m.seconds
                        t.cpu += m.cpu
                        t.errors += m.errors
                        for q, xs in m.latencies.items():
                            t.latencies.setdefault(q, []).extend(xs)
                results[clients] = totals
        _print(results, asked, where)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _print(results: dict[int, dict[str, Measure]], asked: list[Question], where: str) -> None:
    print(
        f"serve: legalgraph serve vs oxigraph serve, same quads, mix of {', '.join(q.name for q in asked)} ({where})"
    )
    print(f"{'clients':>7}  {'server':<10} {'q/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'CPU ms/q':>8}  errors")
    for clients, totals in results.items():
        rows = {}
        for name, m in totals.items():
            lat = m.all()
            rows[name] = (
                m.count / m.seconds,
                _percentile(lat, 50) * 1000,
                _percentile(lat, 95) * 1000,
                m.cpu / m.count * 1000 if m.count else float("nan"),
            )
            qps, p50, p95, cpu = rows[name]
            print(
                f"{clients:>7}  {name:<10} {qps:>7.0f} {p50:>7.2f} {p95:>7.2f} {cpu:>8.2f}  {len(m.errors)}"
            )
            if m.errors:
                print(f"{'':>7}  first errors: {m.errors[:2]}")
        lg, ox = rows["legalgraph"], rows["oxigraph"]
        ratio = [a / b if b else float("nan") for a, b in zip(lg, ox, strict=True)]
        print(
            f"{clients:>7}  {'ratio':<10} {ratio[0]:>7.2f} {ratio[1]:>7.2f} {ratio[2]:>7.2f} {ratio[3]:>8.2f}"
        )
    print(
        "serve: p50 ms per question at 1 client: "
        + "; ".join(
            f"{q.name} {_percentile(results[1]['legalgraph'].latencies.get(q.name, []), 50) * 1000:.2f} "
            f"vs {_percentile(results[1]['oxigraph'].latencies.get(q.name, []), 50) * 1000:.2f}"
            for q in asked
        )
    )
