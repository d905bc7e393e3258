"""The nightly job: list a DILA collection, take the archives not yet committed, keep the texts that match,
ingest them, apply deletion lists, and say what changed.

Safety comes from three facts. Ingesting a text replaces its own named graph (keyed by its DILA id), so doing an
archive twice gives the same store as doing it once; an archive is committed only once it has been read to its
verified end (gzip trailer, tar end blocks, announced size); and the state advances only after an archive is
fully committed. A run killed at any point is therefore redone from the last committed archive, losing nothing
and duplicating nothing (the state's ``in_progress`` tells the next run to recompute the shared graphs).
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from legalgraph.errors import LegalgraphError
from legalgraph.graph.catalogue import CatalogueAct
from legalgraph.models import Source, SourceFormat, SourceText
from legalgraph.norm import strip_accents
from legalgraph.read.safexml import parse_xml
from legalgraph.watch.archive import IncompleteArchive, MemberKind, iter_members, parse_deletions
from legalgraph.watch.assemble import article_parent, assemble_texte, struct_order
from legalgraph.watch.catalogue import scan_sommaire, scan_text
from legalgraph.watch.fetch import (
    PART_PREFIX,
    Deadline,
    DeadlineReached,
    FetchPolicy,
    download,
    fetch_text,
    local_path,
)
from legalgraph.watch.index import (
    ARCHIVE_NAME,
    STAMP_FORMAT,
    ArchiveEntry,
    Listing,
    SourceRoot,
    list_local,
    parse_index,
    select_new,
    stamp_problem,
)
from legalgraph.watch.record import document_facts, entry_quads, stored_facts
from legalgraph.watch.report import ArchiveReport, Exit, Progress, WatchReport, prune_reports, write_report
from legalgraph.watch.state import Locked, RunLock, WatchState

__all__ = [
    "run_watch",
    "TextFilter",
    "Exit",
    "WatchReport",
    "ArchiveReport",
    "state_paths",
    "work_folder",
    "reports_folder",
    "write_report",
    "prune_reports",
    "ingest_archive",
]

MAX_FAILURES = 3  # failed runs before an archive is given up (and the ones after it may go on)
STORE_WAIT = 60.0  # seconds to wait for a store another process holds (`legalgraph serve`, a build)


@dataclass
class TextFilter:
    """Which texts to keep: natures (DILA's NATURE values) and a pattern the title must contain."""

    natures: tuple[str, ...] = ("ARRETE",)
    title: str = r"titre professionnel"

    def __post_init__(self) -> None:
        self._title = re.compile(accent_insensitive(strip_accents(self.title).lower()), re.I)
        self._natures = {n.upper() for n in self.natures}
        # A cheap look at the raw bytes before any parsing: most texts of a JO are dropped here.
        alternatives = b"|".join(re.escape(n.encode()) for n in self._natures)
        self._nature_bytes = re.compile(
            rb"<NATURE>\s*(?:" + alternatives + rb")\s*</NATURE>|nature=\"(?:" + alternatives + rb")\"", re.I
        )

    def may_match_nature(self, data: bytes) -> bool:
        return bool(self._nature_bytes.search(data))

    def may_match(self, data: bytes) -> bool:
        return self.may_match_nature(data) and bool(self._title.search(_titles(data)))

    def matches(self, nature: str | None, title: str | None) -> bool:
        return (nature or "").upper() in self._natures and bool(self._title.search(title or ""))


_TITLE_BYTES = re.compile(rb"<(TITREFULL|TITRE|TITRE_TXT)\b[^>]*>(.*?)</\1>", re.S)


def _titles(data: bytes) -> str:
    return " ".join(m.group(2).decode("utf-8", "replace") for m in _TITLE_BYTES.finditer(data[:65536]))


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


def state_paths(store: str | Path, state: Path | None = None) -> tuple[Path, Path]:
    """The job's state and lock files: ``state`` and ``state.lock`` when given; else beside a store folder
    (never inside the database); for a SPARQL server, in the working directory, named after its host."""
    if state is None:
        text = str(store)
        if text.startswith(("http://", "https://", "http:/", "https:/")):
            host = re.sub(r"[^A-Za-z0-9.-]+", "_", text.split(":/", 1)[1].lstrip("/").split("/", 1)[0])
            state = Path(f"legalgraph-watch-{host}.json")
        else:
            state = Path(store).with_name(Path(store).name + ".watch.json")
    return state, state.with_name(state.name.removesuffix(".json") + ".lock")


def work_folder(state: Path) -> Path:
    """Where downloads go: beside the state (so beside a store folder), on the store's disk, never /tmp:
    ``store.watch.json`` → ``store.watch-work/``."""
    return state.with_name(state.name.removesuffix(".json").removesuffix(".watch") + ".watch-work")


def reports_folder(state: Path) -> Path:
    return state.with_name(state.name.removesuffix(".json") + "-reports")


def list_archives(source: str, policy: FetchPolicy, deadline: Deadline) -> tuple[Listing, SourceRoot]:
    """The archives of ``source`` (an index URL, a file:// URL or a folder) and the root their links must
    stay under."""
    path = local_path(source)
    if path is not None:
        if not path.exists():
            raise LegalgraphError("no such folder or index page", str(path))
        base = path.resolve().as_uri() + ("/" if path.is_dir() else "")
    else:
        base = source if source.endswith("/") else source + "/"
    root = SourceRoot.of(base)
    if path is not None and path.is_dir() and not (path / "index.html").exists():
        return list_local(path), root
    return parse_index(fetch_text(source, policy, deadline, root), base), root


def clean_work_folder(work: Path) -> list[str]:
    """Remove what an interrupted run left in the work folder: partial downloads and downloaded archives."""
    work.mkdir(parents=True, exist_ok=True)
    removed = []
    for p in sorted(work.iterdir()):
        if p.is_file() and (p.name.startswith(PART_PREFIX) or ARCHIVE_NAME.match(p.name)):
            removed.append(f"{p.name} ({p.stat().st_size:,} bytes)")
            p.unlink()
    return removed


def _just_before(stamp: str) -> str:
    return (datetime.strptime(stamp, STAMP_FORMAT) - timedelta(seconds=1)).strftime(STAMP_FORMAT)


def _open_store_waiting(opener: Callable, store_path, wait: float, deadline: Deadline, progress: Progress):
    """The store; when another process holds it (RocksDB's lock: `legalgraph serve`, a build), try again for
    up to ``wait`` seconds, then fail."""
    end = time.monotonic() + wait
    said = False
    while True:
        try:
            return opener(store_path)
        except LegalgraphError as exc:
            # The store module says "open in another process" for RocksDB's lock (no error type of its own).
            busy = "another process" in exc.reason
            left = min(end - time.monotonic(), deadline.remaining() or wait)
            if not busy or left <= 0:
                raise LegalgraphError(
                    exc.reason + (f" (waited {wait:g} s)" if busy else ""), exc.path
                ) from None
            if not said:
                progress.say(f"the store is held by another process; waiting up to {wait:g} s")
                said = True
            time.sleep(min(1.0, left))


def _heal(store) -> None:
    """After a run killed inside an archive: drop graphs left without their registry record, and recompute the
    shared graphs, which that run may have left stale (the redo alone would find its texts unchanged)."""
    from legalgraph.store.load import refresh_derived, refresh_reference_graphs, remove_orphans

    remove_orphans(store)
    refresh_reference_graphs(store)
    refresh_derived(store)


def run_watch(
    source: str,
    store_path: str | Path,
    *,
    state_path: Path | None = None,
    since: str | None = None,
    text_filter: TextFilter | None = None,
    policy: FetchPolicy | None = None,
    member_limit: int | None = None,
    max_failures: int = MAX_FAILURES,
    open_store=None,
    retry: Iterable[str] = (),
    skip: Iterable[str] = (),
    store_wait: float = STORE_WAIT,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> WatchReport:
    """One run of the job. ``open_store(path)`` gives the store (default: the embedded on-disk store).

    ``retry``/``skip``: archive names the operator takes again (from there on) or drops for good. ``now`` is
    the clock archive stamps are checked against.
    """
    from legalgraph.store import open_store as default_open

    report = WatchReport(source=source, started=time.strftime("%Y-%m-%dT%H:%M:%S"))
    state_file, lock_file = state_paths(store_path, state_path)
    job = _Run(
        source,
        store_path,
        state_file,
        report,
        text_filter or TextFilter(),
        policy or FetchPolicy(),
        member_limit,
        max_failures,
        open_store or default_open,
        store_wait,
        progress or Progress(),
        now or datetime.now(),
    )
    try:
        with RunLock(lock_file) as lock:
            if lock.took_over:
                report.notes.append(f"took over the lock of {lock.took_over}")
                job.progress.say(report.notes[-1])
            job.run(list(retry), list(skip), since)
    except Locked as exc:
        report.locked = True
        report.notes.append(exc.reason)
    except (LegalgraphError, OSError) as exc:  # a full disk, a state file we may not write: still a report
        report.error = f"the run stopped: {exc}"
    report.finished = time.strftime("%Y-%m-%dT%H:%M:%S")
    return report


@dataclass
class _Run:
    """One run, under the lock: its settings, its clock and what it found."""

    source: str
    store_path: str | Path
    state_file: Path
    report: WatchReport
    text_filter: TextFilter
    policy: FetchPolicy
    member_limit: int | None
    max_failures: int
    opener: Callable
    store_wait: float
    progress: Progress
    now: datetime

    def __post_init__(self) -> None:
        self.deadline = Deadline(self.policy.deadline)
        self.work = work_folder(self.state_file)

    def note(self, message: str) -> None:
        self.report.notes.append(message)
        self.progress.say(message)

    def run(self, retry: list[str], skip: list[str], since: str | None) -> None:
        leftovers = clean_work_folder(self.work)
        if leftovers:
            self.note(
                f"removed {len(leftovers)} leftover files of an interrupted run: {', '.join(leftovers[:5])}"
            )
        try:
            state = WatchState.load(self.state_file)
        except LegalgraphError as exc:
            self.report.error = str(exc)
            return
        for name in skip:
            state.forget(name)
            state.skipped[name] = self.now.strftime(STAMP_FORMAT)
            self.note(f"--skip {name}: never taken again")
        state.source = self.source
        planned = self._plan(state, retry, since)
        state.save(self.state_file)
        if not planned:
            return
        todo, root = planned
        try:
            store = _open_store_waiting(
                self.opener, self.store_path, self.store_wait, self.deadline, self.progress
            )
        except LegalgraphError as exc:
            self.report.error = f"cannot open the store: {exc.reason}"
            self.report.skipped += [
                {"archive": e.name, "reason": "the store could not be opened"} for e in todo
            ]
            return
        try:
            if state.in_progress:
                self.note(f"the previous run stopped inside {state.in_progress}: shared graphs recomputed")
                _heal(store)
            self._take_all(todo, store, state, root)
        finally:
            store.close()

    def _plan(
        self, state: WatchState, retry: list[str], since: str | None
    ) -> tuple[list[ArchiveEntry], SourceRoot] | None:
        """List the source and choose the archives to take, in order; None when there are none (or the source
        could not be listed: the report says why)."""
        report = self.report
        try:
            listing, root = list_archives(self.source, self.policy, self.deadline)
        except LegalgraphError as exc:
            report.error = f"cannot list the archives: {exc}"
            return None
        _crash_point("listed")
        report.rejected_links = listing.rejected
        entries = self._plausible(listing.entries, state)
        self._retry(retry, entries, state)
        names = {e.name for e in listing.entries}
        state.failures = {
            n: k for n, k in state.failures.items() if n in names
        }  # gone from the index: forgotten
        report.given_up = [
            {"archive": n, **g, **({} if n in names else {"note": "no longer in the index"})}
            for n, g in state.given_up.items()
        ]
        todo = [
            e
            for e in select_new(entries, since or state.last_stamp)
            if e.name not in state.given_up and e.name not in state.skipped
        ]
        return (todo, root) if todo else None

    def _plausible(self, entries: list[ArchiveEntry], state: WatchState) -> list[ArchiveEntry]:
        """The entries whose stamps can be believed; the others are reported (an archive stamped in 2099 must
        not become the newest, hiding every later one)."""
        kept = []
        for e in entries:
            problem = stamp_problem(e, self.now)
            if problem is None:
                kept.append(e)
            elif e.name not in state.skipped:
                self.report.suspicious.append({"archive": e.name, "reason": problem})
        return kept

    def _retry(self, names: list[str], entries: list[ArchiveEntry], state: WatchState) -> None:
        """`--retry NAME`: NAME is taken again, and every archive after it (they may change the same texts, and
        an archive must never be applied after a later one)."""
        by_name = {e.name: e for e in entries}
        for name in names:
            entry = by_name.get(name)
            if entry is None:
                self.note(
                    f"--retry {name}: not in the index (or its stamp is not believed); nothing to retry"
                )
                continue
            state.forget(name)
            state.skipped.pop(name, None)
            if state.last_stamp is not None and entry.stamp <= state.last_stamp:
                state.last_stamp = _just_before(entry.stamp)
            self.note(f"--retry {name}: taken again, with the archives after it")

    def _take_all(self, todo: list[ArchiveEntry], store, state: WatchState, root: SourceRoot) -> None:
        report = self.report
        for i, entry in enumerate(todo):
            later = todo[i + 1 :]
            state.in_progress = entry.name
            state.save(self.state_file)
            result, touched = self._take(entry, store, root)
            report.archives.append(result)
            if result.interrupted:  # the deadline: not the archive's fault, not counted against it
                report.error = result.error
                report.skipped += [{"archive": e.name, "reason": "the deadline was reached"} for e in later]
            elif result.error:
                runs = state.failures.get(entry.name, 0) + 1
                state.failures[entry.name] = runs
                if runs < self.max_failures:
                    # Later archives wait: applying them before this one could undo its changes.
                    report.skipped += [
                        {"archive": e.name, "reason": f"waits for {entry.name}"} for e in later
                    ]
                else:
                    # Given up, never committed: the state moves on only through the archives after it.
                    state.failures.pop(entry.name)
                    state.given_up[entry.name] = {"stamp": entry.stamp, "error": result.error, "runs": runs}
                    report.given_up.append({"archive": entry.name, **state.given_up[entry.name]})
                    later = []  # go on with them
            else:
                state.commit(entry.name, entry.stamp)
            if not (result.error and touched):
                state.in_progress = None  # else the next run recomputes the shared graphs
            state.save(self.state_file)
            _crash_point("saved")
            if result.error and later:
                return

    def _take(self, entry: ArchiveEntry, store, root: SourceRoot) -> tuple[ArchiveReport, bool]:
        """Download, verify and ingest one archive; (its report, whether the store may have been written)."""
        from legalgraph.store import Loader

        result = ArchiveReport(archive=entry.name)
        started, path, loader = time.monotonic(), None, None
        self.progress.say(f"{entry.name}: taking it")
        try:
            path = download(
                entry.url, entry.name, self.work, self.policy, self.deadline, root, self._downloading(entry)
            )
            problem = entry.size_problem(path.stat().st_size)
            if problem:
                raise IncompleteArchive(problem, entry.url)
            with Loader(store) as loader:
                ingest_archive(
                    path,
                    entry.name,
                    loader,
                    self.text_filter,
                    result,
                    self.member_limit,
                    self.deadline,
                    self.progress,
                )
                _crash_point("finish")
            _crash_point("finished")
        except LegalgraphError as exc:
            result.error, result.interrupted = exc.reason, isinstance(exc, DeadlineReached)
        except Exception as exc:  # noqa: BLE001 - a bug or a store failure: reported, the archive taken again
            result.error = f"internal error ({type(exc).__name__}: {exc})"
        finally:
            if path is not None and path.parent == self.work:
                path.unlink(missing_ok=True)
        if result.error:
            result.uncommit()
        result.seconds = round(time.monotonic() - started, 3)
        self.progress.say(
            f"{entry.name}: "
            + (
                f"FAILED: {result.error}"
                if result.error
                else f"committed, {len(result.new)} new, {len(result.changed)} changed, "
                f"{len(result.deleted)} deleted, {result.catalogued} catalogued"
            )
        )
        return result, loader is not None

    def _downloading(self, entry: ArchiveEntry) -> Callable[[int], None]:
        def on_bytes(size: int) -> None:
            self.progress.downloading(entry.name, size)
            _crash_point("download")

        return on_bytes


def ingest_archive(
    path: Path,
    name: str,
    loader,
    text_filter: TextFilter,
    result: ArchiveReport,
    member_limit: int | None = None,
    deadline: Deadline | None = None,
    progress: Progress | None = None,
) -> None:
    """Stream one archive into ``loader``: matching texts in, deletion lists applied. Memory holds one member,
    plus the parts of the matching JORF/LEGI texts until the archive's end.

    An incomplete archive raises IncompleteArchive once its members are read, before the JORF/LEGI texts are
    assembled and before any deletion: the caller's Loader is then left unfinished, so nothing is committed
    (unless a batch of 2 million quads was flushed, which the retry redoes idempotently).
    """
    versions: dict[str, tuple[object, str]] = {}  # cid → (TEXTE_VERSION root, member path)
    articles: dict[str, list] = {}
    orders: dict[str, list[str]] = {}
    deletions: list[str] = []
    catalogue: list[CatalogueAct] = []  # every JORF text scanned, kept or not
    kw = {"member_limit": member_limit} if member_limit else {}
    progress = progress or Progress()
    check = (lambda: deadline.check(f"while reading {name}")) if deadline else None
    members = 0
    for member in iter_members(path, skipped=result.members_skipped, check=check, **kw):
        members += 1
        progress.members(name, members, result.texts_scanned, result.bytes_scanned)
        _crash_point("member")
        result.bytes_scanned += len(member.data)
        label = f"{name}:{member.path}"
        if member.kind is MemberKind.DELETIONS:
            deletions += parse_deletions(member.data)
            continue
        if member.kind is MemberKind.CONTENEUR:
            catalogue += scan_sommaire(member.data, f"DILA {name}")
            continue
        if member.kind not in (
            MemberKind.TEXTE_SIMPLE,
            MemberKind.TEXTE_VERSION,
            MemberKind.ARTICLE,
            MemberKind.TEXTE_STRUCT,
        ):
            continue
        if member.kind in (MemberKind.TEXTE_SIMPLE, MemberKind.TEXTE_VERSION):
            result.texts_scanned += 1
            catalogue += scan_text(member.data, f"DILA {name}")
        # A structure file may carry no title: its nature is enough to keep the (small) article order.
        keep = (
            text_filter.may_match_nature(member.data)
            if member.kind is MemberKind.TEXTE_STRUCT
            else text_filter.may_match(member.data)
        )
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
    # a JO's table of contents first, its texts after: a text's own values replace the table's
    catalogue.sort(key=lambda row: row.nor is not None)
    rows = {(row.jorftext, row.key): row for row in catalogue}
    result.catalogued = len(rows)
    loader.catalogue(list(rows.values()))
    for dila_id in deletions:
        if dila_id.startswith("JORFTEXT"):
            loader.uncatalogue(dila_id)
        if _remove_text(loader, dila_id, name):
            result.deleted.append(dila_id)
            _crash_point("deleted")
        else:
            result.deletions_unknown += 1


def _remove_text(loader, dila_id: str, archive: str) -> bool:
    """Drop every source the store keys by this DILA id (the key says the kind of record before the id); the
    watch log's entry, read from its graphs first, is written with the first removal."""
    keys = [k for k in loader.registry if (k == dila_id or k.endswith(":" + dila_id)) and loader.registry[k]]
    if not keys:
        return False
    loader.flush()  # a text queued by this very archive is read from the store
    graphs = {g for k in keys for g in loader.registry[k]}
    record = entry_quads(archive, "deleted", stored_facts(loader.store, dila_id, graphs))
    for i, key in enumerate(keys):
        loader.remove(key, record=record if i == 0 else None)
    return True


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
        doc = resolve(extract(segment(st)))
        status = loader.add(doc)
    except LegalgraphError:
        raise
    except Exception as exc:  # noqa: BLE001 - a bug on one text must not stop the archive
        raise LegalgraphError(f"internal error ({type(exc).__name__}: {exc})", label) from None
    text_id = st.source.id or label
    result.titles[text_id] = st.meta.get("title") or ""
    {"added": result.new, "replaced": result.changed, "unchanged": result.unchanged}[status].append(text_id)
    if status != "unchanged":  # the watch log's entry, committed with the text
        outcome = "ingested" if status == "added" else "changed"
        loader.record(entry_quads(result.archive, outcome, document_facts(text_id, doc)))
    _crash_point("text")


# How often each crash point was passed in this process: the crash tests pick where to kill from it.
CRASH_POINTS: Counter[str] = Counter()


def _crash_point(where: str) -> None:
    """Fault injection for the crash tests: LEGALGRAPH_WATCH_DIE_AT=POINT:N sends this process SIGKILL (no
    clean-up of any kind) the Nth time it passes POINT in this run. Points: listed, download (a chunk
    received), member (read), text (queued), deleted, finish (before the Loader commits), finished (committed,
    state not yet saved), saved (state saved)."""
    CRASH_POINTS[where] += 1
    if os.environ.get("LEGALGRAPH_WATCH_DIE_AT") == f"{where}:{CRASH_POINTS[where]}":
        os.kill(os.getpid(), signal.SIGKILL)
