"""List the archives of a DILA open-data collection: an Apache "Index of" page, or a local mirror of it."""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import lxml.html

from legalgraph.errors import LegalgraphError

# Freemium_jorf_simple_20250713-140000.tar.gz, JORFSIMPLE_20260728-003542.tar.gz, legi_20180101-201500.tar.gz…
ARCHIVE_NAME = re.compile(r"^(?P<prefix>[A-Za-z_]+?)_?(?P<stamp>\d{8}-\d{6})\.tar\.gz$")


@dataclass(frozen=True, order=True)
class ArchiveEntry:
    """One archive of the index; entries sort by delivery time, a full dump before increments of the same time."""

    stamp: str  # YYYYMMDD-HHMMSS, the delivery timestamp
    full: bool  # a Freemium full dump (a new one means: rebuild from it)
    name: str
    url: str

    @property
    def is_increment(self) -> bool:
        return not self.full


def parse_archive_name(name: str, url: str) -> ArchiveEntry | None:
    m = ARCHIVE_NAME.match(name)
    if not m:
        return None
    return ArchiveEntry(stamp=m["stamp"], full=name.lower().startswith("freemium"), name=name, url=url)


def parse_index(html: str, base_url: str) -> list[ArchiveEntry]:
    """The archives an Apache index page links to, in delivery order (other links are ignored)."""
    try:
        root = lxml.html.document_fromstring(html) if html.strip() else None
    except (ValueError, lxml.etree.ParserError):
        root = None
    if root is None:
        raise LegalgraphError("the index page is empty or not HTML", base_url)
    entries = {}
    for href in root.xpath("//a/@href"):
        name = urllib.parse.unquote(href.split("?")[0].rstrip("/").rsplit("/", 1)[-1])
        entry = parse_archive_name(name, urllib.parse.urljoin(base_url, href))
        if entry:
            entries[entry.name] = entry
    return sorted(entries.values())


def list_local(folder: Path) -> list[ArchiveEntry]:
    """The archives of a local mirror folder (or of its saved index.html when the folder has one)."""
    entries = [parse_archive_name(p.name, p.resolve().as_uri()) for p in folder.iterdir() if p.is_file()]
    return sorted(e for e in entries if e)


def select_new(entries: list[ArchiveEntry], after: str | None) -> list[ArchiveEntry]:
    """The archives to take: those delivered after ``after`` (a stamp); from the latest full dump when none is known.

    A full dump newer than the last one committed replaces everything before it, as DILA intends.
    """
    if after is None:
        fulls = [e for e in entries if e.full]
        start = fulls[-1].stamp if fulls else ""
        return [e for e in entries if e.stamp >= start]
    return [e for e in entries if e.stamp > after]
