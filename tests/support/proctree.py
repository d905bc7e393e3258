"""Processes of a server on Linux, read from /proc: its children and their memory."""

from __future__ import annotations

from pathlib import Path


def descendants(pid: int) -> list[int]:
    """The pids of ``pid``'s children, their children, and so on."""
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            out += [child, *descendants(child)]
    return out


def status_kb(pid: int, field: str) -> int:
    """A ``/proc/PID/status`` figure in kB (VmRSS, VmHWM…); 0 once the process has gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, in MiB."""
    return sum(status_kb(p, "VmRSS") for p in [pid, *descendants(pid)]) / 1024
