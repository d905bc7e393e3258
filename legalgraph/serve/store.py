"""The store folder as the endpoint holds it: locked against other writers, opened read-write only to update.

RocksDB allows one read-write opening of a folder (it takes a POSIX lock on ``LOCK``) and any number of
read-only ones, but a read-only opening that races with a writer's background compaction fails ("IO error …
No such file"). So the server's own process never keeps a read-write opening: it holds the same lock RocksDB
takes (a build or the nightly job on the folder fails with RocksDB's own "lock" error, as before), the query
workers open the store read-only, and an update opens it read-write, writes, flushes and closes it, which waits
for RocksDB's background work. Workers (re)open only while no update holds it (``WorkerPool.gate``).
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pyoxigraph as ox

from legalgraph.errors import LegalgraphError

_HELD = "the store is open in another process (a build, the nightly job, another server)"


class StoreLock:
    """The lock on a store folder for the server's lifetime, and the read-write opening of updates."""

    def __init__(self, path: Path):
        self.path = path
        if not (path / "CURRENT").exists():
            raise LegalgraphError("no legalgraph store here (run `legalgraph build` first)", str(path))
        self._fd = os.open(path / "LOCK", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            self._lock()
        except OSError:
            os.close(self._fd)
            raise LegalgraphError(f"cannot open the store: {_HELD}", str(path)) from None

    def _lock(self) -> None:
        fcntl.lockf(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # the fcntl lock RocksDB itself takes

    def update(self, text: str, prefixes: dict[str, str]) -> None:
        """Run one SPARQL update (one transaction) in a read-write opening, flushed and closed."""
        # POSIX locks belong to the process: RocksDB's opening here does not conflict with ours, and its
        # closing releases ours, which is taken again at once.
        store = ox.Store(str(self.path))
        try:
            store.update(text, prefixes=prefixes)
            store.flush()
        finally:
            del store
            try:
                self._lock()
            except OSError:
                raise OSError(f"after an update, {_HELD} took the store's lock") from None

    def close(self) -> None:
        os.close(self._fd)
