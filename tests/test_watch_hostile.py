"""The nightly job under hostile or faulty conditions (issue 12): cut archives, links that lead elsewhere,
stamps that cannot be believed, endless or slow servers, a busy store, dead locks. Loopback servers and local
folders only; every slow answer is bounded by the test's own settings."""

from __future__ import annotations

import fcntl
import json
import os
import re
import socket
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from legalgraph.cli import main
from legalgraph.errors import LegalgraphError
from legalgraph.store import open_store
from legalgraph.watch.archive import IncompleteArchive, iter_members
from legalgraph.watch.fetch import FetchPolicy, download
from legalgraph.watch.job import Exit, run_watch, state_paths, work_folder
from legalgraph.watch.report import Progress
from legalgraph.watch.state import RunLock, WatchState
from tests.support.dila_fixtures import (
    cut_file,
    index_row,
    simple_path,
    wrap_corpus_text,
    wrapped_id,
    write_archive,
    write_cut_archive,
    write_index,
)
from tests.support.httpserver import serve
from tests.test_watch import CONT, store_quads

ROOT = Path(__file__).resolve().parent.parent
A, B, C = "20260801-003000", "20260802-003000", "20260803-003000"
NOW = datetime(2026, 8, 10, 12, 0)  # the clock the stamps are checked against
FAST = FetchPolicy(timeout=2, retries=1, backoff=0.01, deadline=30)
CORPUS = [
    "2023-06-07_agent-proprete-hygiene.txt",
    "2025-06-03_gestionnaire-operations-transport-routier-marchandises.txt",
    "2007-11-22_conseiller-commercial.txt",
    "2003-07-31_agent-de-restauration.txt",
    "2012-01-16_modif_vendeur-conseil-en-magasin.txt",
]


def name(stamp: str) -> str:
    return f"JORFSIMPLE_{stamp}.tar.gz"


def arretes(stamp: str, numbers: range) -> dict[str, bytes]:
    """Titre arrêtés (corpus texts in the JORFSIMPLE envelope), ids JORFTEXT9…n."""
    return {
        simple_path(stamp, CONT, wrapped_id(n)): wrap_corpus_text(
            CORPUS[(n - 1) % len(CORPUS)], wrapped_id(n)
        )
        for n in numbers
    }


def watch(source, tmp_path: Path, **kw):
    return run_watch(str(source), tmp_path / "store", now=NOW, policy=kw.pop("policy", FAST), **kw)


def state_of(tmp_path: Path) -> WatchState:
    return WatchState.load(state_paths(tmp_path / "store")[0])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def mirror(tmp_path: Path) -> Path:
    folder = tmp_path / "mirror"
    folder.mkdir()
    return folder


# -- silent loss ---------------------------------------------------------------------------------------------


def test_a_tar_cut_at_a_member_boundary_is_not_committed_and_is_retried(mirror, tmp_path):
    """Before: 3 of 5 arrêtés read, 2 lost without a word, exit 0 (the cut tar is a valid, smaller one)."""
    members = arretes(A, range(1, 6))
    write_cut_archive(mirror, name(A), members, keep=3)
    write_index(mirror)  # the index announces the cut file's own size: the tar's end must be checked
    report = watch(mirror, tmp_path)
    (result,) = report.archives
    assert "tar stops without its end-of-archive blocks" in result.error
    assert result.new == [] and report.exit_code() is Exit.FAILED
    assert state_of(tmp_path).last_stamp is None and state_of(tmp_path).failures == {name(A): 1}
    assert not any("agent de propreté" in q for q in store_quads(tmp_path / "store"))
    assert name(A) in report.summary()
    write_archive(mirror, name(A), members)  # DILA's next copy is whole
    write_index(mirror)
    again = watch(mirror, tmp_path)
    assert sorted(again.archives[0].new) == [wrapped_id(n) for n in range(1, 6)]
    assert again.exit_code() is Exit.INGESTED and state_of(tmp_path).last_stamp == A


def test_a_tar_cut_mid_member_reports_no_text_as_new_even_when_given_up(mirror, tmp_path):
    """Before: given up after 3 runs with the texts read before the cut reported "new", none of them stored."""
    cut_file(write_archive(mirror, name(A), arretes(A, range(1, 6))), 0.7)
    write_archive(mirror, name(B), arretes(B, range(6, 7)))
    write_index(mirror)
    reports = [watch(mirror, tmp_path) for _ in range(3)]
    assert all("truncated archive" in r.archives[0].error for r in reports)
    assert all(r.archives[0].new == [] and r.archives[0].titles == {} for r in reports)
    assert reports[2].given_up[0]["archive"] == name(A) and reports[2].archives[1].new == [wrapped_id(6)]
    quads = store_quads(tmp_path / "store")
    assert not any(wrapped_id(1) in q for q in quads) and any(wrapped_id(6) in q for q in quads)


@pytest.mark.parametrize(
    ("damage", "error"),
    [
        (lambda gz: gz[:-8] + bytes([gz[-8] ^ 1]) + gz[-7:], "incorrect data check"),  # CRC-32 of the trailer
        (lambda gz: gz[:-3], "gzip stream stops before its end"),  # trailer cut
        (lambda gz: gz + b"not gzip", "incorrect header check"),  # garbage after the last member
        (lambda gz: gz + bytes(100), None),  # zero padding: fine
        (lambda gz: gz[:40] + gz[40:], None),  # untouched
    ],
    ids=["crc", "trailer-cut", "trailing-garbage", "zero-padding", "whole"],
)
def test_the_gzip_stream_is_checked_to_its_end(mirror, damage, error):
    path = write_archive(mirror, name(A), arretes(A, range(1, 3)))
    path.write_bytes(damage(path.read_bytes()))
    if error is None:
        assert len(list(iter_members(path))) == 2
    else:
        with pytest.raises(IncompleteArchive, match=error):
            list(iter_members(path))


def test_an_archive_smaller_than_the_index_announces_is_refused(mirror, tmp_path):
    write_archive(mirror, name(A), arretes(A, range(1, 2)))
    write_index(mirror, extra_rows=())
    index = mirror / "index.html"
    index.write_text(re.sub(r"(\d{2}:\d{2})  [\d.]+K?", r"\1  4.5M", index.read_text()), encoding="utf-8")
    report = watch(mirror, tmp_path)
    assert "the index announces about 4,718,592" in report.archives[0].error
    assert report.exit_code() is Exit.FAILED


# -- where links go ------------------------------------------------------------------------------------------


def test_index_links_that_lead_outside_the_source_are_reported_and_never_followed(mirror, tmp_path):
    """Before: the %2F.. link wrote outside the download folder, other hosts and file:// were fetched, and the
    bad IPv6 link raised ValueError with no report."""
    write_archive(mirror, name(A), arretes(A, range(1, 2)))
    hostile = {
        "..%2F..%2F..%2Fescaped#/JORFSIMPLE_20260802-000000.tar.gz": "query or a fragment",
        "sub%2F..%2F..%2FJORFSIMPLE_20260802-000001.tar.gz": "encoded '/' or '..'",
        "../JORFSIMPLE_20260802-000002.tar.gz": "outside the source's folder",
        "http://169.254.169.254/latest/JORFSIMPLE_20260802-000003.tar.gz": "another host",
        "//localhost/JORFSIMPLE_20260802-000004.tar.gz": "another host",
        "file:///etc/JORFSIMPLE_20260802-000005.tar.gz": "file: link from a http: source",
        "http://[::1/JORFSIMPLE_20260802-000006.tar.gz": "malformed link",
        "JORFSIMPLE_20260802-000007.tar.gz?x=../../y": "query or a fragment",
    }
    rows = tuple(index_row(f"JORFSIMPLE_2026080{i}.tar.gz", 1000, href=h) for i, h in enumerate(hostile))
    with serve(tmp_path) as (url, faults):  # the source is a folder of the site, as on DILA's
        write_index(mirror, extra_rows=rows)
        report = watch(url + "mirror/", tmp_path)
    assert {r["link"]: r["reason"] for r in report.rejected_links}.keys() == hostile.keys()
    for r in report.rejected_links:
        assert hostile[r["link"]] in r["reason"], r
    assert faults.requests == ["/mirror/", f"/mirror/{name(A)}"]  # nothing else was fetched
    assert report.archives[0].new == [wrapped_id(1)] and report.exit_code() is Exit.FAILED
    assert not list(tmp_path.rglob("escaped*")) and "rejected link" in report.summary()


def test_a_redirect_to_another_host_is_refused(mirror, tmp_path):
    write_archive(mirror, name(A), arretes(A, range(1, 2)))
    write_index(mirror)
    with serve(mirror) as (url, faults):
        faults.redirect[name(A)] = url.replace("127.0.0.1", "localhost") + name(A)
        report = watch(url, tmp_path)
    assert "refused a redirect outside the source" in report.archives[0].error
    assert len(faults.requests) == 2


def test_a_malformed_source_or_download_name_is_an_error_not_a_crash(tmp_path):
    report = run_watch("http://[::1/OPENDATA/", tmp_path / "store")
    assert "malformed" in report.error and report.exit_code() is Exit.FAILED
    with pytest.raises(LegalgraphError, match="unsafe file name"):
        download("http://127.0.0.1:9/x", "../../x.tar.gz", tmp_path, FAST)


def test_file_links_are_followed_only_from_a_local_source(mirror, tmp_path):
    write_archive(mirror, name(A), arretes(A, range(1, 2)))
    write_index(mirror, extra_rows=(index_row(name(B), 1000, href=(tmp_path / name(B)).as_uri()),))
    write_archive(tmp_path, name(B), arretes(B, range(2, 3)))  # a real archive, but outside the source folder
    report = watch(mirror, tmp_path)  # a local folder with an index: file:// links, under the folder only
    assert report.archives[0].new == [wrapped_id(1)] and len(report.archives) == 1
    assert report.rejected_links[0]["reason"] == "a link outside the source's folder"


# -- stuck for good ------------------------------------------------------------------------------------------


def test_a_stamp_in_the_future_is_reported_and_never_becomes_the_newest(mirror, tmp_path):
    """Before: the 2099 archive was tried, given up after 3 runs, then committed as the newest: every later
    archive had an older stamp and was never read again."""
    write_archive(mirror, name(A), arretes(A, range(1, 2)))
    cut_file(write_archive(mirror, name("20991231-000000"), arretes("20991231-000000", range(2, 3))), 0.5)
    write_index(mirror)
    for _ in range(3):
        report = watch(mirror, tmp_path)
        assert report.suspicious == [
            {
                "archive": name("20991231-000000"),
                "reason": "its stamp 20991231-000000 is in the future (clock: 20260810-120000)",
            }
        ]
    assert state_of(tmp_path).last_stamp == A and report.exit_code() is Exit.FAILED
    write_archive(mirror, name(B), arretes(B, range(3, 4)))
    write_index(mirror)
    assert watch(mirror, tmp_path).archives[0].new == [wrapped_id(3)]
    assert (
        main(
            [
                "watch",
                "--source",
                str(mirror),
                "--store",
                str(tmp_path / "store"),
                "--quiet",
                "--skip",
                name("20991231-000000"),
            ]
        )
        == Exit.NOTHING_NEW
    )


def test_a_stamp_far_after_its_listing_date_is_not_believed(mirror, tmp_path):
    write_archive(mirror, name(B), arretes(B, range(1, 2)))
    write_index(mirror, extra_rows=())
    index = mirror / "index.html"
    index.write_text(index.read_text().replace("2026-08-02 00:30", "2026-07-01 00:30"), encoding="utf-8")
    report = watch(mirror, tmp_path)
    assert "later than its listing date 2026-07-01 00:30" in report.suspicious[0]["reason"]
    assert report.archives == []


def test_a_given_up_archive_never_moves_the_state_and_stays_reported_until_retry(mirror, tmp_path):
    write_archive(mirror, name(A), arretes(A, range(1, 2)))
    good_b = arretes(B, range(2, 3))
    write_cut_archive(mirror, name(B), good_b, keep=0)
    write_index(mirror)
    for _ in range(3):
        watch(mirror, tmp_path)
    state = state_of(tmp_path)
    assert state.last_stamp == A and list(state.given_up) == [name(B)]  # not committed: the state stays at A
    write_archive(mirror, name(C), arretes(C, range(3, 4)))
    write_index(mirror)
    later = watch(mirror, tmp_path)
    assert [a.archive for a in later.archives] == [name(C)] and state_of(tmp_path).last_stamp == C
    for _ in range(2):  # listed in every report
        report = watch(mirror, tmp_path)
        assert [g["archive"] for g in report.given_up] == [name(B)] and report.exit_code() is Exit.FAILED
        assert f"--retry {name(B)}" in report.summary()
    write_archive(mirror, name(B), good_b)  # repaired upstream
    write_index(mirror)
    retried = watch(mirror, tmp_path, retry=[name(B)])
    assert [a.archive for a in retried.archives] == [name(B), name(C)]  # C again: B must not come after it
    assert retried.archives[0].new == [wrapped_id(2)] and retried.given_up == []
    assert retried.exit_code() is Exit.INGESTED and state_of(tmp_path).last_stamp == C


def test_skip_drops_a_given_up_archive_for_good(mirror, tmp_path):
    write_cut_archive(mirror, name(A), arretes(A, range(1, 2)), keep=0)
    write_index(mirror)
    for _ in range(3):
        watch(mirror, tmp_path)
    skipped = watch(mirror, tmp_path, skip=[name(A)])
    assert skipped.given_up == [] and skipped.archives == [] and skipped.exit_code() is Exit.NOTHING_NEW
    assert name(A) in state_of(tmp_path).skipped
    assert watch(mirror, tmp_path).exit_code() is Exit.NOTHING_NEW


def test_ten_thousand_missing_archives_cost_bounded_time(mirror, tmp_path):
    """Each run meets at most two failing archives (one given up, the next one's first failure), whatever the
    backlog; the summary stays short."""
    rows = tuple(
        index_row(f"JORFSIMPLE_202607{1 + i // 1000:02d}-{i // 60 % 24:02d}{i % 60:02d}00.tar.gz", 1000)
        for i in range(10_000)
    )
    with serve(mirror) as (url, faults):
        write_index(mirror, extra_rows=rows)
        for run in range(3):
            # CPU seconds, not wall: the cost of a run (the job and the loopback server here), not the
            # machine's load (5.6 s of wall once seen with other test workers beside it)
            t = time.process_time()
            before = len(faults.requests)
            report = watch(url, tmp_path, max_failures=2)
            assert time.process_time() - t < 5, run
            assert len(faults.requests) - before <= 3  # the index, and two 404s at most
    assert len(report.given_up) == 2 and len(report.skipped) == 9_997 and report.suspicious == []
    assert "HTTP 404" in report.archives[-1].error and len(report.summary().splitlines()) < 40
    assert len(json.dumps(report.as_dict())) < 2_000_000


# -- endless or slow sources ---------------------------------------------------------------------------------


def test_an_endless_index_page_stops_at_the_size_limit(mirror, tmp_path):
    """Before: the page was read up to the 4 GB archive limit (3.4 GB in memory)."""
    with serve(mirror) as (url, faults):
        faults.endless.add("")
        t = time.perf_counter()
        report = watch(url, tmp_path, policy=FetchPolicy(timeout=2, retries=0, max_index_bytes=1_000_000))
    assert "over the 1,000,000-byte limit" in report.error and time.perf_counter() - t < 10
    assert report.exit_code() is Exit.FAILED


def test_an_archive_over_the_size_limit_is_refused_before_it_is_read(mirror, tmp_path):
    write_archive(mirror, name(A), arretes(A, range(1, 2)))
    write_index(mirror)
    with serve(mirror) as (url, _):
        report = watch(url, tmp_path, policy=FetchPolicy(timeout=2, retries=0, max_bytes=1000))
    assert "over the 1,000-byte limit" in report.archives[0].error


def test_a_dripping_server_meets_the_deadline(mirror, tmp_path):
    """Before: one byte every few seconds kept the job running for ever (the time-out counts silence only)."""
    write_archive(mirror, name(A), arretes(A, range(1, 2)))
    write_index(mirror)
    with serve(mirror) as (url, faults):
        faults.drip[name(A)] = 0.02
        t = time.perf_counter()
        report = watch(url, tmp_path, policy=FetchPolicy(timeout=2, retries=3, deadline=1.0))
        took = time.perf_counter() - t
    assert "deadline of 1 s reached" in report.error and took < 5
    assert (
        report.archives[0].interrupted and state_of(tmp_path).failures == {}
    )  # not held against the archive
    assert not list(work_folder(state_paths(tmp_path / "store")[0]).iterdir())  # no .part left behind


def test_a_stalled_download_is_abandoned_then_retried(mirror, tmp_path):
    write_archive(mirror, name(A), arretes(A, range(1, 2)))
    write_index(mirror)
    with serve(mirror) as (url, faults):
        faults.stall[name(A)] = 20
        t = time.perf_counter()
        report = watch(url, tmp_path, policy=FetchPolicy(timeout=0.5, retries=1, backoff=0.01))
    assert "stalled (no byte for 0.5 s)" in report.archives[0].error and time.perf_counter() - t < 5
    assert sum(r.endswith(name(A)) for r in faults.requests) == 2


def test_a_lock_held_by_a_dead_process_is_taken_over(mirror, tmp_path):
    write_archive(mirror, name(A), arretes(A, range(1, 2)))
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    lock_file = state_paths(tmp_path / "store")[1]
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    lock_file.write_text(f"{dead.pid} 1")
    # The lock is held (a descriptor that outlived its run, here ours) but the PID it names is gone.
    holder = os.open(lock_file, os.O_RDWR)
    fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)
    try:
        report = watch(mirror, tmp_path)
        assert f"took over the lock of PID {dead.pid} (no longer running)" in report.notes
        assert report.exit_code() is Exit.INGESTED
        with RunLock(lock_file):  # a live holder: locked, as before
            assert watch(mirror, tmp_path).exit_code() is Exit.LOCKED
    finally:
        os.close(holder)


def test_a_lock_left_by_a_killed_run_is_named(mirror, tmp_path):
    write_archive(mirror, name(A), arretes(A, range(1, 2)))
    lock_file = state_paths(tmp_path / "store")[1]
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    lock_file.write_text("999999999 1")  # no flock on it: the OS released it when that run died
    report = watch(mirror, tmp_path)
    assert "took over the lock of PID 999999999 (ended without releasing it: killed?)" in report.notes
    assert watch(mirror, tmp_path).notes == []  # a clean exit leaves an empty lock file


# -- operators -----------------------------------------------------------------------------------------------


def _cli(*args: str) -> int:
    return main(["watch", *args])


def test_an_unreachable_source_is_exit_1_with_a_report(tmp_path, capsys):
    """Before: exit 2 (usage) and no report."""
    store = tmp_path / "store"
    code = _cli(
        "--source",
        f"http://127.0.0.1:{free_port()}/OPENDATA/JORFSIMPLE/",
        "--store",
        str(store),
        "--timeout",
        "1",
        "--retries",
        "0",
    )
    assert code == Exit.FAILED
    (path,) = (tmp_path / "store.watch-reports").glob("*.json")
    report = json.loads(path.read_text())
    assert report["exit_code"] == 1 and "cannot list the archives" in report["error"]
    assert "cannot list the archives" in capsys.readouterr().out


def test_a_store_held_by_another_process_waits_then_fails_with_a_report(mirror, tmp_path):
    """Before: exit 2 without a report. `legalgraph serve` holds RocksDB's lock as this open store does."""
    write_archive(mirror, name(A), arretes(A, range(1, 2)))
    held = open_store(tmp_path / "store")
    try:
        t = time.perf_counter()
        code = _cli(
            "--source",
            str(mirror),
            "--store",
            str(tmp_path / "store"),
            "--store-wait",
            "1",
            "--quiet",
            "--report",
            str(tmp_path / "report.json"),
        )
        took = time.perf_counter() - t
    finally:
        held.close()
    report = json.loads((tmp_path / "report.json").read_text())
    assert code == Exit.FAILED and 1 <= took < 10
    assert "cannot open the store" in report["error"] and "waited 1 s" in report["error"]
    assert state_of(tmp_path).failures == {}  # the archive is not to blame
    assert _cli("--source", str(mirror), "--store", str(tmp_path / "store"), "--quiet") == Exit.INGESTED


def test_progress_lines_have_timestamps_and_quiet_prints_nothing(mirror, tmp_path, capsys):
    write_archive(mirror, name(A), arretes(A, range(1, 5)))
    lines: list[str] = []
    watch(mirror, tmp_path, progress=Progress(lines.append, every_members=2, every_seconds=60))
    assert any(
        re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d JORFSIMPLE_.*: 2 members read", line) for line in lines
    )
    assert any(re.search(r"committed, 4 new, 0 changed, 0 deleted, \d+ catalogued$", line) for line in lines)
    capsys.readouterr()
    write_archive(mirror, name(B), arretes(B, range(5, 6)))
    assert _cli("--source", str(mirror), "--store", str(tmp_path / "store"), "--quiet") == Exit.INGESTED
    assert capsys.readouterr() == ("", "")


def test_reports_older_than_keep_reports_days_are_pruned(mirror, tmp_path):
    reports = tmp_path / "store.watch-reports"
    reports.mkdir()
    old, recent, other = (
        reports / "20260101-011500.json",
        reports / "20260809-011500.json",
        reports / "notes.json",
    )
    for p in (old, recent, other):
        p.write_text("{}")
    os.utime(old, (time.time() - 40 * 86400,) * 2)
    assert (
        _cli("--source", str(mirror), "--store", str(tmp_path / "store"), "--quiet", "--keep-reports", "30")
        == Exit.NOTHING_NEW
    )
    assert not old.exists() and recent.exists() and other.exists() and len(list(reports.glob("2*.json"))) == 2


def test_downloads_go_beside_the_store_and_a_killed_runs_part_file_is_removed(mirror, tmp_path):
    """Before: downloads went to /tmp, and a kill left a .part there for good."""
    write_archive(mirror, name(A), arretes(A, range(1, 2)))
    write_index(mirror)
    store = tmp_path / "store"
    with serve(mirror) as (url, _):
        cmd = [
            sys.executable,
            "-m",
            "legalgraph.cli",
            "watch",
            "--source",
            url,
            "--store",
            str(store),
            "--quiet",
        ]
        killed = subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
            env={**os.environ, "LEGALGRAPH_WATCH_DIE_AT": "download:1"},
        )
        assert killed.returncode == -9, killed.stderr
        work = tmp_path / "store.watch-work"
        assert [p.name for p in work.iterdir()] == [f".part-{name(A)}"]
        report = watch(url, tmp_path)
    assert any(n.startswith("removed 1 leftover files of an interrupted run: .part-") for n in report.notes)
    assert report.archives[0].new == [wrapped_id(1)] and list(work.iterdir()) == []
