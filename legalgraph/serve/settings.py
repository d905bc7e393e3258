"""What an operator sets for `legalgraph serve` (kept apart from the server so that the CLI loads fast)."""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024
# namespaces.BASE, written out: importing the graph package would slow every CLI start (a test checks both).
DEFAULT_BASE_IRI = "https://w3id.org/legalgraph/"


@dataclass
class Settings:
    timeout: float = 30.0  # seconds a query may evaluate (then its worker process is killed)
    max_rows: int = 10_000  # rows (triples) an answer holds at most
    workers: int = 4  # worker processes: queries evaluated at once
    max_memory_mb: int = 2048  # address space of each worker (RLIMIT_AS); 0: no cap
    allow_update: bool = False
    token: str | None = None  # the bearer token updates need
    cors_origin: str = "*"  # Access-Control-Allow-Origin; "" sends no CORS headers
    max_body_bytes: int = 1 * MIB  # bytes of a POST body (a query)
    max_update_bytes: int = 64 * MIB  # bytes of a POST body that carries the update token
    allow_service: tuple[str, ...] = ()  # SERVICE endpoints (host names or URL prefixes) queries may call
    allowed_hosts: tuple[str, ...] = ()  # Host header values answered besides loopback and the bound address
    drain: float = 5.0  # seconds running queries may finish in after SIGTERM
    read_timeout: float = 30.0  # seconds a connection may stay silent (mid-body or idle between requests)
    quiet: bool = False  # no access log
    base_iri: str = DEFAULT_BASE_IRI  # GET /id/<rest> describes the IRI <base_iri>id/<rest>

    @property
    def id_base(self) -> str:
        """Where the IRIs /id/ pages answer for begin."""
        return self.base_iri + "id/"
