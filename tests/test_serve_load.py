"""The load test of the issue: 50 concurrent clients for 30 s against `legalgraph serve` on loopback, no error."""

from __future__ import annotations

import pytest

from tests.support.loadgen import run_load
from tests.support.servers import corpus_store_on_disk, legalgraph_server

CLIENTS, SECONDS = 50, 30.0


@pytest.mark.alone  # throughput against a bound: run by `make test` after the others, nothing beside it
def test_fifty_clients_for_thirty_seconds_without_an_error(tmp_path, capsys):
    store = corpus_store_on_disk(tmp_path / "store")
    with legalgraph_server(store) as url:
        result = run_load(url, clients=CLIENTS, seconds=SECONDS)
    with capsys.disabled():
        print(f"\nserve load: {result.summary()}")
    assert result.errors == []
    assert result.seconds < SECONDS + 30  # every client stopped near the deadline
    # Far below what a 2-core machine does (~500/s): a floor that catches a server that serializes or stalls.
    assert result.per_second > 50 and result.percentile(95) < 5.0
