"""List the archives of a DILA open-data collection: an Apache "Index of" page, or a local mirror of it.

An index page is input from the network: its links are checked before anything follows them. An archive link
must stay under the source's own URL (same scheme, host, port and folder, one plain file name); a link that
goes elsewhere, or cannot be parsed, is reported and skipped.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import lxml.html

from legalgraph.errors import LegalgraphError

# Freemium_jorf_simple_20250713-140000.tar.gz, JORFSIMPLE_20260728-003542.tar.gz, legi_20180101-201500.tar.gz…
ARCHIVE_NAME = re.compile(r"^(?P<prefix>[A-Za-z_]+?)_?(?P<stamp>\d{8}-\d{6})\.tar\.gz$")
# The rest of an Apache index row after the link: "   2026-07-28 00:36  328K".
_ROW_TAIL = re.compile(
    r"^\s*(?P<date>\d{4}-\d{2}-\d{2} \d{2}:\d{2})\s+(?P<size>\d+(?:\.\d+)?)(?P<unit>[KMGT]?)\s*$"
)
_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}
STAMP_FORMAT = "%Y%m%d-%H%M%S"
# A delivery stamp later than the clock (or than its own listing date) by more than this is not believed.
STAMP_SLACK = timedelta(days=2)


@dataclass(frozen=True, order=True)
class ArchiveEntry:
    """One archive of the index; entries sort by delivery time, a full dump before increments of the same time."""

    stamp: str  # YYYYMMDD-HHMMSS, the delivery timestamp
    full: bool  # a Freemium full dump (a new one means: rebuild from it)
    name: str
    url: str
    # What the index row says, when it says it (Apache rounds sizes: "328K", "1.0G").
    size: int | None = field(default=None, compare=False)
    size_tolerance: int = field(default=0, compare=False)
    listed: str | None = field(default=None, compare=False)  # the row's "Last modified", YYYY-MM-DD HH:MM

    @property
    def is_increment(self) -> bool:
        return not self.full

    def size_problem(self, actual: int) -> str | None:
        """Why ``actual`` bytes cannot be the file the index announced, or None."""
        if self.size is None or abs(actual - self.size) <= self.size_tolerance:
            return None
        return f"incomplete or wrong archive: {actual:,} bytes, the index announces about {self.size:,}"


def parse_archive_name(name: str, url: str) -> ArchiveEntry | None:
    m = ARCHIVE_NAME.match(name)
    if not m:
        return None
    return ArchiveEntry(stamp=m["stamp"], full=name.lower().startswith("freemium"), name=name, url=url)


@dataclass(frozen=True)
class SourceRoot:
    """Where a source's archives may be: its scheme, host, port and folder (a path ending in '/')."""

    scheme: str
    host: str
    port: int | None
    folder: str

    @classmethod
    def of(cls, base_url: str) -> SourceRoot:
        try:
            parts = urllib.parse.urlsplit(base_url)
            port = parts.port
        except ValueError as exc:
            raise LegalgraphError(f"malformed source URL ({exc})", base_url) from None
        if parts.scheme not in ("http", "https", "file"):
            raise LegalgraphError("the source must be an http(s) or file URL, or a folder", base_url)
        folder = parts.path if parts.path.endswith("/") else parts.path.rsplit("/", 1)[0] + "/"
        return cls(parts.scheme, (parts.hostname or "").lower(), port, folder)

    def problem(self, url: str) -> str | None:
        """Why ``url`` is not a file directly under this root, or None."""
        try:
            parts = urllib.parse.urlsplit(url)
            port = parts.port
        except ValueError as exc:
            return f"malformed link ({exc})"
        if parts.scheme != self.scheme:
            return f"a {parts.scheme or 'relative'}: link from a {self.scheme}: source"
        if (parts.hostname or "").lower() != self.host or port != self.port:
            return f"a link to another host ({parts.netloc})"
        if parts.query or parts.fragment:
            return "a link with a query or a fragment"
        if not parts.path.startswith(self.folder):
            return "a link outside the source's folder"
        rest = urllib.parse.unquote(parts.path[len(self.folder) :])
        if "/" in rest or "\\" in rest or rest.startswith(".") or "\0" in rest:  # sub-folders, %2F.., %2E%2E
            return "a link into a sub-folder, or with an encoded '/' or '..' (%2F..)"
        return None

    def contains(self, url: str) -> bool:
        """``url`` is under this root (same origin, inside the folder): where a redirect may go."""
        try:
            parts = urllib.parse.urlsplit(url)
            port = parts.port
        except ValueError:
            return False
        return (
            parts.scheme == self.scheme
            and (parts.hostname or "").lower() == self.host
            and port == self.port
            and ".." not in urllib.parse.unquote(parts.path).split("/")
            and (parts.path + "/").startswith(self.folder)
        )


@dataclass
class Listing:
    entries: list[ArchiveEntry] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)  # {"link", "reason"}: archive links not followed


def _row_size(tail: str | None) -> tuple[int | None, int, str | None]:
    """(announced bytes, tolerance, listing date) from the text after an index link."""
    m = _ROW_TAIL.match(tail or "")
    if not m:
        return None, 0, None
    unit, digits = _UNITS[m["unit"]], m["size"]
    # Apache rounds to the last digit shown; one unit of that digit either way covers rounding and floors.
    step = unit // 10 if "." in digits else unit
    return int(float(digits) * unit), step, m["date"]


def parse_index(html: str, base_url: str) -> Listing:
    """The archives an Apache index page links to, in delivery order; archive links that go anywhere but
    under ``base_url`` are in ``rejected`` (other links — sort orders, parent folder, PDFs — are ignored)."""
    try:
        root = lxml.html.document_fromstring(html) if html.strip() else None
    except (ValueError, lxml.etree.ParserError):
        root = None
    if root is None:
        raise LegalgraphError("the index page is empty or not HTML", base_url)
    source = SourceRoot.of(base_url)
    listing, entries = Listing(), {}
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if ".tar." not in urllib.parse.unquote(href).lower():
            continue  # not an archive: never followed, not worth a line in the report
        try:
            url = urllib.parse.urljoin(base_url, href)
        except ValueError as exc:
            url, reason = href, f"malformed link ({exc})"
        else:
            reason = source.problem(url)
        if reason:
            listing.rejected.append({"link": href[:300], "reason": reason})
            continue
        name = urllib.parse.unquote(urllib.parse.urlsplit(url).path.rsplit("/", 1)[-1])
        entry = parse_archive_name(name, url)
        if entry:  # other files of the folder (checksums, notes) are never fetched
            size, tolerance, listed = _row_size(a.tail)
            entries[name] = ArchiveEntry(entry.stamp, entry.full, name, url, size, tolerance, listed)
    listing.entries = sorted(entries.values())
    return listing


def list_local(folder: Path) -> Listing:
    """The archives of a local mirror folder (files named like archives, not leading outside the folder)."""
    listing, inside = Listing(), folder.resolve()
    for p in folder.iterdir():
        if not (ARCHIVE_NAME.match(p.name) and p.is_file()):
            continue
        real = p.resolve()
        if not real.is_relative_to(inside):
            listing.rejected.append(
                {"link": p.name, "reason": "a link to a file outside the source's folder"}
            )
            continue
        entry = parse_archive_name(p.name, real.as_uri())
        if entry:
            listing.entries.append(entry)
    listing.entries.sort()
    return listing


def stamp_problem(entry: ArchiveEntry, now: datetime) -> str | None:
    """Why the delivery stamp of ``entry`` cannot be believed: not a date, far in the future, or far after the
    date its own index row gives; None when it is plausible."""
    stamp = _date(entry.stamp)
    if stamp is None:
        return f"its stamp {entry.stamp} is not a date"
    if stamp > now + STAMP_SLACK:
        return f"its stamp {entry.stamp} is in the future (clock: {now:%Y%m%d-%H%M%S})"
    listed = _date(entry.listed or "")
    if listed is not None and stamp > listed + STAMP_SLACK:
        return f"its stamp {entry.stamp} is later than its listing date {entry.listed}"
    return None


def _date(text: str) -> datetime | None:
    """YYYYMMDD-HHMMSS or "YYYY-MM-DD HH:MM" as a datetime (strptime is 20x slower: 10,000 rows an index)."""
    digits = re.sub(r"\D", "", text)
    if len(digits) not in (12, 14):
        return None
    parts = [digits[:4], digits[4:6], digits[6:8], digits[8:10], digits[10:12], digits[12:]]
    try:
        return datetime(*(int(p) for p in parts if p))
    except ValueError:
        return None


def select_new(entries: list[ArchiveEntry], after: str | None) -> list[ArchiveEntry]:
    """The archives to take: those delivered after ``after`` (a stamp); from the latest full dump when none is known.

    A full dump newer than the last one committed replaces everything before it, as DILA intends.
    """
    if after is None:
        fulls = [e for e in entries if e.full]
        start = fulls[-1].stamp if fulls else ""
        return [e for e in entries if e.stamp >= start]
    return [e for e in entries if e.stamp > after]
