"""The nightly job: list a DILA collection, take the archives not yet committed, keep the texts that match,
ingest them, apply deletion lists, and say what changed.

Safety comes from two facts. Ingesting a text replaces its own named graph (keyed by its DILA id), so doing an
archive twice gives the same store as doing it once; and the state advances only after an archive is fully
committed. A run killed at any point is therefore redone from the last committed archive, losing nothing and
duplicating nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import time
import unicodedata
from dataclasses import asdict, dataclass, field
from enum import IntEnum
from pathlib import Path

from legalgraph.errors import LegalgraphError
from legalgraph.models import Source, SourceFormat, SourceText
from legalgraph.read.safexml import parse_xml
from legalgraph.watch.archive import MemberKind, iter_members, parse_deletions
from legalgraph.watch.assemble import article_parent, assemble_texte, struct_order
from legalgraph.watch.fetch import FetchPolicy, download, fetch_text, local_path
from legalgraph.watch.index import ArchiveEntry, list_local, parse_index, select_new
from legalgraph.watch.state import RunLock, WatchState


class Exit(IntEnum):
    """Exit codes, distinct so that cron or systemd can tell the outcomes apart."""

    INGESTED = 0  # something new, changed or deleted was committed
    FAILED = 1  # some archives failed (the others were committed); see the report
    USAGE = 2
    NOTHING_NEW = 3
    LOCKED = 4  # another run holds the lock


@dataclass
class TextFilter:
    """Which texts to keep: natures (DILA's NATURE values) and a pattern the title must contain."""

    natures: tuple[str, ...] = ("ARRETE",)
    title: str = r"titre professionnel"

    def __post_init__(self) -> None:
        self._title = re.compile(accent_insensitive(_fold(self.title)), re.I)
        self._natures = {n.upper() for n in self.natures}
        # A cheap look at the raw bytes before any parsing: most texts of a JO are dropped here.
        alternatives = b"|".join(re.escape(n.encode()) for n in self._natures)
        self._nature_bytes = re.compile(rb"<NATURE>\s*(?:" + alternatives + rb")\s*</NATURE>|nature=\"(?:"
                                        + alternatives + rb")\"", re.I)

    def may_match_nature(self, data: bytes) -> bool:
        return bool(self._nature_bytes.search(data))

    def may_match(self, data: bytes) -> bool:
        return self.may_match_nature(data) and bool(self._title.search(_titles(data)))

    def matches(self, nature: str | None, title: str | None) -> bool:
        return (nature or "").upper() in self._natures and bool(self._title.search(title or ""))


_TITLE_BYTES = re.compile(rb"<(TITREFULL|TITRE|TITRE_TXT)\b[^>]*>(.*?)</\1>", re.S)


def _titles(data: bytes) -> str:
    return " ".join(m.group(2).decode("utf-8", "replace") for m in _TITLE_BYTES.finditer(data[:65536]))


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


_ACCENTS = {"a": "aàâä", "c": "cç", "e": "eéèêë", "i": "iîï", "o": "oôö", "u": "uùûü", "y": "yÿ"}


def accent_insensitive(pattern: str) -> str:
    """A folded pattern that also matches accented text ("arrete" finds "Arrêté") and any run of spaces, so
    that titles need no folding: the filter runs on every text of an archive. Escapes are kept as they are."""
    out, escaped, in_class = [], False, False
    for ch in pattern:
        if escaped:
            out.append(ch)
        elif in_class:
            out.append(_ACCENTS.get(ch, ch))
        else:
            out.append(f"[{_ACCENTS[ch]}]" if ch in _ACCENTS else r"\s+" if ch == " " else ch)
        if not escaped and ch in "[]":
            in_class = ch == "["
        escaped = ch == "\\" and not escaped
    return "".join(out)


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
    bytes_scanned: int = 0
    error: str | None = None


@dataclass
class WatchReport:
    source: str
    started: str
    archives: list[ArchiveReport] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)  # archives not processed, and why
    locked: bool = False

    @property
    def failed(self) -> list[ArchiveReport]:
        return [a for a in self.archives if a.error]

    def exit_code(self) -> Exit:
        if self.locked:
            return Exit.LOCKED
        if self.failed:
            return Exit.FAILED
        if any(a.new or a.changed or a.deleted for a in self.archives):
            return Exit.INGESTED
        return Exit.NOTHING_NEW

    def as_dict(self) -> dict:
        return {**asdict(self), "exit_code": int(self.exit_code()), "outcome": self.exit_code().name.lower()}

    def summary(self) -> str:
        lines = [f"legalgraph watch {self.source} — {self.exit_code().name.lower().replace('_', ' ')}"]
        if self.locked:
            lines.append("  another run holds the lock; nothing done")
        for a in self.archives:
            status = f"FAILED: {a.error}" if a.error else "committed"
            lines.append(f"  {a.archive}: {status}; {a.texts_scanned} texts scanned, {len(a.new)} new, "
                         f"{len(a.changed)} changed, {len(a.deleted)} deleted")
            lines += [f"    new: {t}  {a.titles.get(t, '')}" for t in a.new]
            lines += [f"    changed: {t}  {a.titles.get(t, '')}" for t in a.changed]
            lines += [f"    deleted: {t}" for t in a.deleted]
            if a.deletions_unknown:
                lines.append(f"    deletion lists named {a.deletions_unknown} texts not in the store (ignored)")
            lines += [f"    skipped member {m}" for m in a.members_skipped]
        lines += [f"  skipped {s['archive']}: {s['reason']}" for s in self.skipped]
        if not self.archives and not self.skipped and not self.locked:
            lines.append("  no new archive")
        return "\n".join(lines)


def state_paths(store: str | Path, state: Path | None = None) -> tuple[Path, Path]:
    """The job's state and lock files: ``state`` and ``state.lock`` when given; else beside a store folder
    (never inside the database); for a SPARQL server, in the working directory, named after its host."""
    if state is None:
        text = str(store)
        if text.startswith(("http://", "https://")):
            host = re.sub(r"[^A-Za-z0-9.-]+", "_", text.split("://", 1)[1].split("/", 1)[0])
            state = Path(f"legalgraph-watch-{host}.json")
        else:
            state = Path(store).with_name(Path(store).name + ".watch.json")
    return state, state.with_name(state.name.removesuffix(".json") + ".lock")


def list_archives(source: str, policy: FetchPolicy) -> list[ArchiveEntry]:
    path = local_path(source)
    if path is not None and path.is_dir() and not (path / "index.html").exists():
        return list_local(path)
    base = source if source.endswith("/") or path is not None else source + "/"
    if path is not None and path.is_dir():
        base = path.resolve().as_uri() + "/"
    return parse_index(fetch_text(source, policy), base)


def run_watch(
    source: str,
    store_path: str | Path,
    *,
    state_path: Path | None = None,
    since: str | None = None,
    text_filter: TextFilter | None = None,
    policy: FetchPolicy | None = None,
    member_limit: int | None = None,
    max_failures: int = 3,
    open_store=None,
) -> WatchReport:
    """One run of the job. ``open_store(path)`` gives the store (default: the embedded on-disk store)."""
    from legalgraph.store import open_store as default_open

    text_filter = text_filter or TextFilter()
    policy = policy or FetchPolicy()
    report = WatchReport(source=source, started=time.strftime("%Y-%m-%dT%H:%M:%S"))
    state_path, lock_path = state_paths(store_path, state_path)
    try:
        lock = RunLock(lock_path).__enter__()
    except LegalgraphError:
        report.locked = True
        return report
    try:
        state = WatchState.load(state_path)
        entries = list_archives(source, policy)
        todo = select_new(entries, since or state.last_stamp)
        if not todo:
            return report
        store = (open_store or default_open)(store_path)
        try:
            with tempfile.TemporaryDirectory(prefix="legalgraph-watch-") as tmp:
                for entry in todo:
                    result = _take_archive(entry, store, Path(tmp), text_filter, policy, member_limit)
                    report.archives.append(result)
                    if result.error:
                        failures = state.failures.get(entry.name, 0) + 1
                        state.failures[entry.name] = failures
                        if failures < max_failures:
                            # Later archives wait: applying them before this one could undo its changes.
                            report.skipped += [{"archive": e.name, "reason": f"waits for {entry.name}"}
                                               for e in todo[todo.index(entry) + 1 :]]
                            state.save(state_path)
                            break
                        report.skipped.append({"archive": entry.name, "reason": f"given up after {failures} "
                                               f"failed runs: {result.error}"})
                    state.commit(entry.name, entry.stamp)
                    state.save(state_path)
        finally:
            store.close()
        return report
    finally:
        lock.__exit__(None, None, None)


def _take_archive(entry: ArchiveEntry, store, tmp: Path, text_filter: TextFilter, policy: FetchPolicy,
                  member_limit: int | None) -> ArchiveReport:
    from legalgraph.store import Loader

    result = ArchiveReport(archive=entry.name)
    try:
        path = download(entry.url, tmp, policy)
        with Loader(store) as loader:
            ingest_archive(path, entry.name, loader, text_filter, result, member_limit)
    except LegalgraphError as exc:
        result.error = exc.reason
    return result


def ingest_archive(path: Path, name: str, loader, text_filter: TextFilter, result: ArchiveReport,
                   member_limit: int | None = None) -> None:
    """Stream one archive into ``loader``: matching texts in, deletion lists applied. Memory holds one member,
    plus the parts of the matching JORF/LEGI texts until the archive's end."""
    versions: dict[str, tuple[object, str]] = {}  # cid → (TEXTE_VERSION root, member path)
    articles: dict[str, list] = {}
    orders: dict[str, list[str]] = {}
    deletions: list[str] = []
    kw = {"member_limit": member_limit} if member_limit else {}
    for member in iter_members(path, skipped=result.members_skipped, **kw):
        result.bytes_scanned += len(member.data)
        label = f"{name}:{member.path}"
        if member.kind is MemberKind.DELETIONS:
            deletions += parse_deletions(member.data)
            continue
        if member.kind not in (MemberKind.TEXTE_SIMPLE, MemberKind.TEXTE_VERSION, MemberKind.ARTICLE,
                               MemberKind.TEXTE_STRUCT):
            continue
        if member.kind in (MemberKind.TEXTE_SIMPLE, MemberKind.TEXTE_VERSION):
            result.texts_scanned += 1
        # A structure file may carry no title: its nature is enough to keep the (small) article order.
        keep = (text_filter.may_match_nature(member.data) if member.kind is MemberKind.TEXTE_STRUCT
                else text_filter.may_match(member.data))
        if not keep:
            continue
        try:
            parsed = parse_xml(member.data, label)
            root = parsed.root
            if member.kind is MemberKind.TEXTE_SIMPLE:
                _ingest(loader, root, label, member.data, text_filter, result)
            elif member.kind is MemberKind.TEXTE_VERSION:
                cid = root.findtext("META/META_SPEC/META_TEXTE_CHRONICLE/CID") or member.dila_id
                versions[cid] = (root, label)
            elif member.kind is MemberKind.ARTICLE:
                cid = article_parent(root)
                if cid:
                    articles.setdefault(cid, []).append(root)
            else:
                cid = root.findtext("META/META_SPEC/META_TEXTE_CHRONICLE/CID") or member.dila_id
                orders[cid] = struct_order(root)
        except LegalgraphError as exc:
            result.members_skipped.append(f"{member.path}: {exc.reason}")
    for cid, (root, label) in versions.items():
        texte = assemble_texte(root, articles.get(cid, []), orders.get(cid))
        data = _serial(texte)
        try:
            _ingest(loader, texte, label, data, text_filter, result)
        except LegalgraphError as exc:
            result.members_skipped.append(f"{label}: {exc.reason}")
    for dila_id in deletions:
        if _remove_text(loader, dila_id):
            result.deleted.append(dila_id)
        else:
            result.deletions_unknown += 1


def _remove_text(loader, dila_id: str) -> bool:
    """Drop every source the store keys by this DILA id (the key says the kind of record before the id)."""
    keys = [k for k in loader.registry if k == dila_id or k.endswith(":" + dila_id)]
    return [loader.remove(k) for k in keys].count(True) > 0


def _serial(el) -> bytes:
    from lxml import etree

    return etree.tostring(el, encoding="utf-8")


def _ingest(loader, root, label: str, data: bytes, text_filter: TextFilter, result: ArchiveReport) -> None:
    """Read, check the filter on the real metadata, analyse and queue one text."""
    from legalgraph.extract import extract
    from legalgraph.read.dila_xml import read_dila_root
    from legalgraph.resolve import resolve
    from legalgraph.segment import segment

    source = Source(path=label, format=SourceFormat.DILA_XML, sha256=hashlib.sha256(data).hexdigest())
    st: SourceText = read_dila_root(root, source)
    if not text_filter.matches(st.meta.get("nature_raw"), st.meta.get("title")):
        return
    try:
        status = loader.add(resolve(extract(segment(st))))
    except LegalgraphError:
        raise
    except Exception as exc:  # noqa: BLE001 - a bug on one text must not stop the archive
        raise LegalgraphError(f"internal error ({type(exc).__name__}: {exc})", label) from None
    text_id = st.source.id or label
    result.titles[text_id] = st.meta.get("title") or ""
    {"added": result.new, "replaced": result.changed, "unchanged": result.unchanged}[status].append(text_id)
    _crash_point()


def _crash_point() -> None:
    """Fault injection for the crash tests: LEGALGRAPH_WATCH_DIE_AFTER=N kills the process (as SIGKILL would,
    no clean-up) after N texts have been queued in this run."""
    limit = os.environ.get("LEGALGRAPH_WATCH_DIE_AFTER")
    if not limit:
        return
    _crash_point.count = getattr(_crash_point, "count", 0) + 1
    if _crash_point.count >= int(limit):
        os._exit(137)


def write_report(report: WatchReport, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
