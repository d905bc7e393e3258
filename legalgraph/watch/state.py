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
    # Given up after failing too many runs: never committed, so the state never moves past the archives after
    # them on their account; listed in every report until `--retry NAME` or `--skip NAME`.
    given_up: dict[str, dict] = field(default_factory=dict)  # name → {"stamp", "error", "runs"}
    skipped: dict[str, str] = field(default_factory=dict)  # name → when the operator said `--skip` (bounded)
    in_progress: str | None = None  # the archive being ingested; still set after a run was killed

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
        self.committed = self.committed[-self.KEEP :]
        self.skipped = dict(list(self.skipped.items())[-self.KEEP :])
        path.parent.mkdir(parents=True, exist_ok=True)
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

    def forget(self, archive_name: str) -> None:
        """No failures, not given up: the archive is taken again as if new."""
        self.failures.pop(archive_name, None)
        self.given_up.pop(archive_name, None)


class Locked(LegalgraphError):
    """Another run holds the lock."""


def _start_time(pid: int) -> str | None:
    """When process ``pid`` started (clock ticks since boot, Linux); tells a live run from a reused PID."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def _alive(pid: int, start: str | None) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return start is None or _start_time(pid) in (None, start)


class RunLock:
    """An exclusive, non-blocking lock file holding "PID start-time" of its holder.

    The OS releases a flock when its process dies, but a descriptor can outlive the run that took it (inherited
    by a child left running, a lock on a network filesystem): when the lock is busy and the PID it names is no
    longer running, the lock file is replaced and the run goes on (``took_over`` says whose lock it was).
    """

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None
        self.took_over: str | None = None  # "PID N (no longer running)" when a dead run's lock was taken over

    def __enter__(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(3):  # a second try after replacing a dead run's file; a third if another run raced us
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.read(fd, 100).decode("ascii", "replace").split()
                os.close(fd)
                pid = int(holder[0]) if holder and holder[0].isdigit() else None
                if pid is None or _alive(pid, holder[1] if len(holder) > 1 else None):
                    raise Locked(
                        f"another legalgraph watch is running on this store (PID {pid or '?'})",
                        str(self.path),
                    ) from None
                self.took_over = f"PID {pid} (no longer running)"
                self.path.unlink(missing_ok=True)  # its holder keeps a lock on a file nobody opens any more
                continue
            if os.fstat(fd).st_ino != _inode(
                self.path
            ):  # replaced by another run meanwhile: lock the new one
                os.close(fd)
                continue
            left = os.read(fd, 100).decode("ascii", "replace").split()  # a clean exit empties the file
            if left and left[0].isdigit() and not self.took_over:
                self.took_over = f"PID {left[0]} (ended without releasing it: killed?)"
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, f"{os.getpid()} {_start_time(os.getpid()) or ''}".encode())
            self._fd = fd
            return self
        raise Locked("could not take the lock (other runs keep replacing it)", str(self.path))

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)  # "no holder": a PID found here later means a run that died
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except FileNotFoundError:
        return None
