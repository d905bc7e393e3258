"""What an operator sets for `legalgraph serve` (kept apart from the server so that the CLI loads fast)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Settings:
    timeout: float = 30.0  # seconds a query may evaluate
    max_rows: int = 10_000  # rows (triples) an answer holds at most
    workers: int = 4  # queries evaluated at once
    allow_update: bool = False
    token: str | None = None  # the bearer token updates need
    cors_origin: str = "*"  # Access-Control-Allow-Origin; "" sends no CORS headers
    max_body: int = 64 * 1024 * 1024  # bytes of a POST body
    quiet: bool = False  # no access log
