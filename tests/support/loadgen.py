"""Concurrent clients against a `legalgraph serve` on loopback: what analysts send, for a bounded time.

Each client is a thread with its own kept-alive connection; it sends the requests of ``WORKLOAD`` in turn (the
named queries of the page, typed SELECT/ASK/CONSTRUCT queries, by GET and POST), checks each answer, and
records its latency. Loops stop at the deadline or after ``max_requests`` per client, whichever comes first.
"""

from __future__ import annotations

import statistics
import threading
import time
from dataclasses import dataclass, field

import requests

JSON = "application/sparql-results+json"
# (method, path, parameters, Accept): a mix of the questions of the README.
WORKLOAD: list[tuple[str, str, dict[str, str], str]] = [
    ("GET", "/queries/cited-by", {"act": "arrete:2015-12-22"}, JSON),
    ("GET", "/queries/lineage", {"titre": "conseiller commercial"}, JSON),
    ("GET", "/queries/titres-by-level", {"level": "5"}, "text/csv"),
    ("GET", "/queries/equivalences", {"titre": "conseiller en insertion professionnelle"}, JSON),
    (
        "POST",
        "/sparql",
        {
            "query": "SELECT ?act ?date WHERE { ?act a eli:LegalResource ; eli:date_document ?date } "
            "ORDER BY DESC(?date) LIMIT 20"
        },
        JSON,
    ),
    ("GET", "/queries/titres-by-rome", {"rome": "K18"}, "application/sparql-results+xml"),
    ("GET", "/sparql", {"query": "ASK { ?t a lg:TitreProfessionnel }"}, JSON),
    ("GET", "/queries/registrations-ending-before", {"date": "2020-01-01"}, JSON),
    (
        "POST",
        "/sparql",
        {"query": "CONSTRUCT { ?v lg:titreName ?n } WHERE { ?v lg:titreName ?n }"},
        "text/turtle",
    ),
    ("GET", "/queries/cites", {"act": "arrete:2022-11-21"}, "text/tab-separated-values"),
]


@dataclass
class LoadResult:
    clients: int
    seconds: float
    latencies: list[float] = field(default_factory=list)  # seconds, one per answered request
    errors: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return len(self.latencies) + len(self.errors)

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else 0.0
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[int(p) - 1]

    def summary(self) -> str:
        return (
            f"{self.clients} clients, {self.seconds:.1f} s: {self.requests} requests, {len(self.errors)} errors, "
            f"{self.per_second:.0f} queries/s, p50 {self.percentile(50) * 1000:.0f} ms, "
            f"p95 {self.percentile(95) * 1000:.0f} ms, p99 {self.percentile(99) * 1000:.0f} ms"
        )


def _check(response: requests.Response, accept: str) -> str | None:
    """What is wrong with an answer, or None."""
    if response.status_code != 200:
        return f"HTTP {response.status_code}: {response.text[:200]}"
    if not response.headers.get("Content-Type", "").startswith(accept):
        return f"asked {accept}, got {response.headers.get('Content-Type')}"
    if accept == JSON:
        data = response.json()
        if "boolean" not in data and not data["results"]["bindings"]:
            return "an empty answer"
    elif not response.content:
        return "an empty answer"
    return None


def run_load(
    base_url: str, clients: int = 50, seconds: float = 30.0, max_requests: int = 100_000
) -> LoadResult:
    """``clients`` concurrent clients for ``seconds`` against the server at ``base_url`` (loopback only)."""
    if not base_url.startswith(("http://127.", "http://localhost", "http://[::1]")):
        raise ValueError(f"load is sent to loopback servers only, not {base_url}")
    result = LoadResult(clients, seconds)
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    deadline = [0.0]

    def client(index: int) -> None:
        latencies, errors = [], []
        with requests.Session() as session:
            start.wait()
            for n in range(max_requests):
                if time.monotonic() >= deadline[0]:
                    break
                method, path, params, accept = WORKLOAD[(index + n) % len(WORKLOAD)]
                sent = time.perf_counter()
                try:
                    if method == "GET":
                        response = session.get(
                            base_url + path, params=params, headers={"Accept": accept}, timeout=60
                        )
                    else:
                        response = session.post(
                            base_url + path, data=params, headers={"Accept": accept}, timeout=60
                        )
                    problem = _check(response, accept)
                except (requests.RequestException, ValueError) as exc:
                    problem = f"{type(exc).__name__}: {exc}"
                if problem:
                    errors.append(f"{method} {path}: {problem}")
                else:
                    latencies.append(time.perf_counter() - sent)
        with lock:
            result.latencies += latencies
            result.errors += errors

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    began = time.monotonic()
    deadline[0] = began + seconds
    start.wait()
    for t in threads:
        t.join(seconds + 120)
    result.seconds = time.monotonic() - began
    return result
