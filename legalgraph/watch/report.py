"""What a run of the nightly job tells: the JSON report and its summary, the exit code, progress lines."""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import IntEnum
from pathlib import Path


class Exit(IntEnum):
    """Exit codes, distinct so that cron or systemd can tell the outcomes apart."""

    INGESTED = 0  # something new, changed or deleted was committed, and nothing needs a look
    FAILED = 1  # something needs a look: see the report (failed or given-up archives, bad links, odd stamps,
    # source unreachable, store busy, deadline)
    USAGE = 2  # bad command line
    NOTHING_NEW = 3
    LOCKED = 4  # another run holds the lock


@dataclass
class ArchiveReport:
    archive: str
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    deletions_unknown: int = 0  # ids named by a deletion list that the store never held
    members_skipped: list[str] = field(default_factory=list)  # unsafe, oversized, unreadable members
    titles: dict[str, str] = field(default_factory=dict)  # text id → title, for the readable summary
    texts_scanned: int = 0
    catalogued: int = 0  # catalogue rows (text and key) read from the archive's texts and tables of contents
    bytes_scanned: int = 0
    seconds: float = 0.0
    error: str | None = None  # set: nothing of the archive is committed, it is taken again next run
    interrupted: bool = False  # stopped by the deadline (not counted as a failure of the archive)

    def uncommit(self) -> None:
        """The archive failed: what was queued from it is not in the store, so it is not reported as such."""
        self.new, self.changed, self.unchanged, self.deleted, self.titles = [], [], [], [], {}
        self.deletions_unknown = 0
        self.catalogued = 0


@dataclass
class WatchReport:
    source: str
    started: str
    finished: str | None = None
    archives: list[ArchiveReport] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)  # archives not processed this run, and why
    given_up: list[dict] = field(default_factory=list)  # failed too many runs; until `--retry`/`--skip`
    suspicious: list[dict] = field(default_factory=list)  # archives whose stamp cannot be believed
    rejected_links: list[dict] = field(default_factory=list)  # index links that lead outside the source
    notes: list[str] = field(default_factory=list)  # what the run did besides archives (lock, clean-up…)
    error: str | None = None  # the run could not go on: source unreachable, store busy, deadline
    locked: bool = False

    @property
    def failed(self) -> list[ArchiveReport]:
        return [a for a in self.archives if a.error]

    def exit_code(self) -> Exit:
        if self.locked:
            return Exit.LOCKED
        if self.error or self.failed or self.given_up or self.suspicious or self.rejected_links:
            return Exit.FAILED
        if any(a.new or a.changed or a.deleted for a in self.archives):
            return Exit.INGESTED
        return Exit.NOTHING_NEW

    def as_dict(self) -> dict:
        return {**asdict(self), "exit_code": int(self.exit_code()), "outcome": self.exit_code().name.lower()}

    def summary(self, most: int = 20) -> str:
        """A few readable lines; long lists are cut after ``most`` items (the JSON report has them all)."""
        lines = [f"legalgraph watch {self.source} — {self.exit_code().name.lower().replace('_', ' ')}"]
        if self.locked:
            lines.append("  another run holds the lock; nothing done")
        if self.error:
            lines.append(f"  ERROR: {self.error}")
        lines += [f"  note: {n}" for n in self.notes]
        for a in self.archives:
            status = f"FAILED: {a.error}" if a.error else "committed"
            lines.append(
                f"  {a.archive}: {status}; {a.texts_scanned} texts scanned, {len(a.new)} new, "
                f"{len(a.changed)} changed, {len(a.deleted)} deleted, {a.catalogued} catalogued"
            )
            lines += _cut([f"    new: {t}  {a.titles.get(t, '')}" for t in a.new], most)
            lines += _cut([f"    changed: {t}  {a.titles.get(t, '')}" for t in a.changed], most)
            lines += _cut([f"    deleted: {t}" for t in a.deleted], most)
            if a.deletions_unknown:
                lines.append(
                    f"    deletion lists named {a.deletions_unknown} texts not in the store (ignored)"
                )
            lines += _cut([f"    skipped member {m}" for m in a.members_skipped], most)
        lines += _cut(
            [
                f"  GIVEN UP {g['archive']} after {g['runs']} failed runs: {g['error']} "
                f"(legalgraph watch --retry {g['archive']} or --skip {g['archive']})"
                for g in self.given_up
            ],
            most,
        )
        lines += _cut(
            [f"  suspicious {s['archive']}: {s['reason']}; not taken" for s in self.suspicious], most
        )
        lines += _cut([f"  rejected link {r['link']!r}: {r['reason']}" for r in self.rejected_links], most)
        lines += _cut([f"  skipped {s['archive']}: {s['reason']}" for s in self.skipped], most)
        if len(lines) == 1:
            lines.append("  no new archive")
        return "\n".join(lines)


def _cut(lines: list[str], most: int) -> list[str]:
    return (
        lines
        if len(lines) <= most
        else [*lines[:most], f"    … and {len(lines) - most} more (see the report)"]
    )


REPORT_NAME = re.compile(r"^\d{8}-\d{6}\.json$")


def write_report(report: WatchReport, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=2), encoding="utf-8")


def prune_reports(folder: Path, keep_days: float, now: float | None = None) -> list[str]:
    """Remove the reports of ``folder`` (files named YYYYMMDD-HHMMSS.json, nothing else) older than
    ``keep_days``; 0 keeps them all. Returns the names removed."""
    if keep_days <= 0 or not folder.is_dir():
        return []
    limit = (now or time.time()) - keep_days * 86400
    removed = []
    for p in folder.iterdir():
        if REPORT_NAME.match(p.name) and p.is_file() and p.stat().st_mtime < limit:
            p.unlink(missing_ok=True)
            removed.append(p.name)
    return sorted(removed)


class Progress:
    """Timestamped progress lines for operators (stderr in the CLI); silent when ``write`` is None.

    A long archive says where it is every ``every_members`` members or ``every_seconds`` seconds.
    """

    def __init__(
        self,
        write: Callable[[str], None] | None = None,
        every_members: int = 10_000,
        every_seconds: float = 10.0,
    ):
        self.write = write
        self.every_members = every_members
        self.every_seconds = every_seconds
        self._last = time.monotonic()

    @classmethod
    def to_stderr(cls, **kw) -> Progress:
        return cls(lambda line: print(line, file=sys.stderr, flush=True), **kw)

    def say(self, message: str) -> None:
        if self.write:
            self.write(f"{datetime.now():%Y-%m-%dT%H:%M:%S} {message}")
            self._last = time.monotonic()

    def _due(self, count: int | None = None) -> bool:
        return bool(self.write) and (
            (count is not None and count % self.every_members == 0)
            or time.monotonic() - self._last >= self.every_seconds
        )

    def members(self, archive: str, members: int, texts: int, nbytes: int) -> None:
        if self._due(members):
            self.say(f"{archive}: {members:,} members read, {texts:,} texts, {nbytes / 1e6:,.1f} MB")

    def downloading(self, archive: str, nbytes: int) -> None:
        if self._due():
            self.say(f"{archive}: {nbytes / 1e6:,.1f} MB downloaded")
