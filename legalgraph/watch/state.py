"""The watch job's memory: the last archive fully committed, kept in a small JSON file beside the store,
and a lock so that two runs never overlap."""

from __future__ import annotations

import fcntl
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from legalgraph.errors import LegalgraphError


@dataclass
class WatchState:
    source: str | None = None
    last_stamp: str | None = None  # delivery timestamp of the last archive fully committed
    last_archive: str | None = None
    committed: list[str] = field(default_factory=list)  # archive names, most recent last (bounded)
    failures: dict[str, int] = field(default_factory=dict)  # archive name → failed runs so far

    KEEP = 500

    @classmethod
    def load(cls, path: Path) -> WatchState:
        if not path.exists():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise LegalgraphError(f"unreadable watch state ({exc}); fix or remove it", str(path)) from None
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})

    def save(self, path: Path) -> None:
        """Write atomically: a crash leaves the old state or the new one, never half of one."""
        self.committed = self.committed[-self.KEEP:]
        tmp = path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(asdict(self), f, indent=2)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)

    def commit(self, archive_name: str, stamp: str) -> None:
        self.last_stamp, self.last_archive = stamp, archive_name
        self.committed.append(archive_name)
        self.failures.pop(archive_name, None)


class Locked(LegalgraphError):
    """Another run holds the lock."""


class RunLock:
    """An exclusive, non-blocking lock file; released by the OS if the process dies."""

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None

    def __enter__(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise Locked("another legalgraph watch is running on this store", str(self.path)) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
