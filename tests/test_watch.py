"""The nightly job against a real HTTP server on loopback, with archives in DILA's layout built from real XML
files and from corpus texts wrapped in the JORFSIMPLE envelope ("wrapped-…" fixtures, ids JORFTEXT9…)."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from legalgraph.store import open_store
from legalgraph.watch.fetch import FetchPolicy
from legalgraph.watch.job import Exit, TextFilter, run_watch, state_paths
from legalgraph.watch.state import RunLock, WatchState
from tests.support.dila_fixtures import (
    DILA,
    REAL_ARRETE,
    REAL_NOMINATION,
    REAL_SOMMAIRE,
    shard,
    simple_path,
    wrap_corpus_text,
    wrapped_id,
    write_archive,
    write_index,
)
from tests.support.httpserver import serve

ROOT = Path(__file__).resolve().parent.parent
CONT = "JORFCONT000054706874"
NIGHT, EVENING, NEXT = "20260728-003542", "20260728-220005", "20260819-003035"
FAST = FetchPolicy(timeout=5, retries=2, backoff=0.01)
WRAPPED = {
    1: "2023-06-07_agent-proprete-hygiene.txt",
    2: "2025-06-03_gestionnaire-operations-transport-routier-marchandises.txt",
    3: "2007-11-22_conseiller-commercial.txt",
}


def night_members(stamp: str = NIGHT) -> dict[str, bytes]:
    """A JO of the night: two real texts the filter must skip, its sommaire, and two wrapped titre arrêtés."""
    return {
        simple_path(stamp, CONT, "JORFTEXT000054708438"): REAL_ARRETE.read_bytes(),
        simple_path(stamp, CONT, "JORFTEXT000054708776"): REAL_NOMINATION.read_bytes(),
        f"{stamp}/jorf/simple/JORF/CONT/{shard(CONT)}/{CONT}/{CONT}.xml": REAL_SOMMAIRE.read_bytes(),
        f"{stamp}/eli/arrete/2026/8/11/ARMM2621619A/jo/texte/versions.xml": b"<versions/>",
        simple_path(stamp, CONT, wrapped_id(1)): wrap_corpus_text(WRAPPED[1], wrapped_id(1)),
        simple_path(stamp, CONT, wrapped_id(2)): wrap_corpus_text(WRAPPED[2], wrapped_id(2)),
    }


def deletion_members(stamp: str, *ids: str) -> dict[str, bytes]:
    lines = "\n".join(f"jorf/simple/JORF/TEXT/{shard(i)}/{i}" for i in ids)
    return {f"{stamp}/jorf/simple/liste_suppression_jorf.dat": lines.encode()}


@pytest.fixture
def mirror(tmp_path: Path) -> Path:
    """Two deliveries: the night JO, and an evening one that deletes a known and an unknown text."""
    folder = tmp_path / "OPENDATA" / "JORFSIMPLE"
    folder.mkdir(parents=True)
    write_archive(folder, f"JORFSIMPLE_{NIGHT}.tar.gz", night_members())
    write_archive(
        folder,
        f"JORFSIMPLE_{EVENING}.tar.gz",
        deletion_members(EVENING, wrapped_id(2), "JORFTEXT000099999999"),
    )
    write_index(folder)
    return folder


def store_quads(path: Path) -> set[str]:
    store = open_store(path)
    try:
        return {str(q) for q in store.quads()}
    finally:
        store.close()


def test_ingests_matching_texts_skips_the_others_and_applies_deletions(mirror, tmp_path):
    with serve(mirror) as (url, _):
        report = run_watch(url, tmp_path / "store", policy=FAST)
    night, evening = report.archives
    assert [a.error for a in report.archives] == [None, None]
    assert sorted(night.new) == [
        wrapped_id(1),
        wrapped_id(2),
    ]  # the délégation and the nomination are skipped
    assert night.texts_scanned == 4
    assert evening.deleted == [wrapped_id(2)] and evening.deletions_unknown == 1
    assert report.exit_code() is Exit.INGESTED
    state = WatchState.load(state_paths(tmp_path / "store")[0])
    assert state.last_stamp == EVENING
    store = open_store(tmp_path / "store")
    try:
        titles = {
            str(row[0])
            for row in store.select(
                "PREFIX eli: <http://data.europa.eu/eli/ontology#> PREFIX lg: <https://w3id.org/legalgraph/ontology#> "
                "SELECT ?t WHERE { GRAPH ?g { ?g a lg:SourceDocument . ?a eli:title ?t } }"
            )
        }  # ingested texts
    finally:
        store.close()
    assert any("agent de propreté et d'hygiène" in t for t in titles)
    assert not any("délégation de signature" in t for t in titles)


def test_second_run_finds_nothing_new_and_changes_nothing(mirror, tmp_path):
    first = run_watch(str(mirror), tmp_path / "store")
    before = store_quads(tmp_path / "store")
    second = run_watch(str(mirror), tmp_path / "store")
    assert first.exit_code() is Exit.INGESTED
    assert second.exit_code() is Exit.NOTHING_NEW and second.archives == []
    assert store_quads(tmp_path / "store") == before


def test_a_changed_text_replaces_its_own_graph(mirror, tmp_path):
    run_watch(str(mirror), tmp_path / "store")
    # A later delivery republishes text 1 with other content (another corpus text under the same id).
    write_archive(
        mirror,
        f"JORFSIMPLE_{NEXT}.tar.gz",
        {simple_path(NEXT, CONT, wrapped_id(1)): wrap_corpus_text(WRAPPED[3], wrapped_id(1))},
    )
    write_index(mirror)
    report = run_watch(str(mirror), tmp_path / "store")
    assert report.archives[0].changed == [wrapped_id(1)]
    # the watch log keeps what the first run ingested (its title included): the documents do not
    quads = {q for q in store_quads(tmp_path / "store") if "/graph/watch-log>" not in q}
    assert not any("agent de propreté" in q for q in quads)
    assert any("conseiller commercial" in q for q in quads)


def test_connection_dropped_mid_download_is_retried(mirror, tmp_path):
    with serve(mirror) as (url, faults):
        faults.drop[f"JORFSIMPLE_{NIGHT}.tar.gz"] = 1
        report = run_watch(url, tmp_path / "store", policy=FAST)
    assert report.exit_code() is Exit.INGESTED
    assert sum(r.endswith(f"JORFSIMPLE_{NIGHT}.tar.gz") for r in faults.requests) == 2


def test_archive_that_never_downloads_fails_and_holds_back_the_later_ones(mirror, tmp_path):
    with serve(mirror) as (url, faults):
        faults.drop[f"JORFSIMPLE_{NIGHT}.tar.gz"] = 99
        report = run_watch(url, tmp_path / "store", policy=FAST)
        assert report.exit_code() is Exit.FAILED
        assert "attempts" in report.archives[0].error
        assert report.skipped == [
            {"archive": f"JORFSIMPLE_{EVENING}.tar.gz", "reason": f"waits for JORFSIMPLE_{NIGHT}.tar.gz"}
        ]
        assert WatchState.load(state_paths(tmp_path / "store")[0]).last_stamp is None
        faults.drop.clear()
        again = run_watch(url, tmp_path / "store", policy=FAST)  # the next night, the server is fine
    assert again.exit_code() is Exit.INGESTED and len(again.archives) == 2


def test_corrupt_archive_is_reported_then_given_up_after_three_runs(mirror, tmp_path):
    corrupt = mirror / f"JORFSIMPLE_{NIGHT}.tar.gz"
    corrupt.write_bytes(corrupt.read_bytes()[:300])  # truncated gzip stream
    write_index(mirror)  # the index announces the cut size: the gzip check alone must see it
    for _ in range(2):
        report = run_watch(str(mirror), tmp_path / "store")
        assert report.exit_code() is Exit.FAILED
        assert "truncated archive" in report.archives[0].error
    third = run_watch(str(mirror), tmp_path / "store")
    assert third.given_up == [
        {"archive": f"JORFSIMPLE_{NIGHT}.tar.gz", "stamp": NIGHT, "runs": 3, "error": third.archives[0].error}
    ]
    assert third.archives[1].archive == f"JORFSIMPLE_{EVENING}.tar.gz" and third.archives[1].error is None
    assert third.exit_code() is Exit.FAILED  # a given-up archive needs a look, every run until --retry/--skip


def test_unsafe_members_are_skipped_and_nothing_is_written_outside(tmp_path):
    folder = tmp_path / "mirror"
    folder.mkdir()
    path = folder / f"JORFSIMPLE_{NIGHT}.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for name in ("../../escape.xml", "/tmp/absolute-legalgraph.xml"):
            data = REAL_ARRETE.read_bytes()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo(simple_path(NIGHT, CONT, "JORFTEXT000000000001"))
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tar.addfile(link)
        data = wrap_corpus_text(WRAPPED[1], wrapped_id(1))
        info = tarfile.TarInfo(simple_path(NIGHT, CONT, wrapped_id(1)))
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    report = run_watch(str(folder), tmp_path / "store")
    result = report.archives[0]
    assert result.new == [wrapped_id(1)]
    reasons = " ".join(result.members_skipped)
    assert "escapes the archive" in reasons and "absolute path" in reasons and "a link" in reasons
    assert not (tmp_path / "escape.xml").exists() and not Path("/tmp/absolute-legalgraph.xml").exists()


def test_member_of_100_mb_is_skipped_without_reading_it_whole(tmp_path):
    folder = tmp_path / "mirror"
    folder.mkdir()
    path = folder / f"JORFSIMPLE_{NIGHT}.tar.gz"
    size = 100 * 1024 * 1024
    with tarfile.open(path, "w:gz", compresslevel=1) as tar:
        info = tarfile.TarInfo(simple_path(NIGHT, CONT, "JORFTEXT000000000002"))
        info.size = size
        tar.addfile(info, io.BufferedReader(_Zeros(size)))
        data = wrap_corpus_text(WRAPPED[2], wrapped_id(2))
        info = tarfile.TarInfo(simple_path(NIGHT, CONT, wrapped_id(2)))
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    report = run_watch(str(folder), tmp_path / "store")
    assert report.archives[0].new == [wrapped_id(2)]
    assert "over the" in report.archives[0].members_skipped[0]


class _Zeros(io.RawIOBase):
    def __init__(self, size: int):
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        n = min(len(b), self.left)
        b[:n] = bytes(n)
        self.left -= n
        return n


def test_jorf_global_texts_are_assembled_from_version_and_article_files(tmp_path):
    """A LEGI delivery splits a text into texte/version, texte/struct and article files (real LEGI files)."""
    folder = tmp_path / "mirror"
    folder.mkdir()
    base = f"{NIGHT}/legi/global/code_et_TNC_en_vigueur/code_en_vigueur/LEGI/TEXT/00/00/06/07/06/LEGITEXT000006070666"
    write_archive(
        folder,
        f"LEGI_{NIGHT}.tar.gz",
        {
            f"{base}/texte/version/LEGITEXT000006070666.xml": (
                DILA / "legi/texte-version_LEGITEXT000006070666.xml"
            ).read_bytes(),
            f"{base}/texte/struct/LEGITEXT000006070666.xml": (
                DILA / "legi/texte-struct_LEGITEXT000006070666.xml"
            ).read_bytes(),
            f"{base}/article/LEGI/ARTI/00/00/06/39/81/LEGIARTI000006398122.xml": (
                DILA / "legi/LEGIARTI000006398122.xml"
            ).read_bytes(),
        },
    )
    skipped = run_watch(str(folder), tmp_path / "default")  # the default filter wants arrêtés on titres
    assert skipped.exit_code() is Exit.NOTHING_NEW and skipped.archives[0].texts_scanned == 1
    codes = TextFilter(natures=("CODE",), title="instruments monétaires")
    report = run_watch(str(folder), tmp_path / "store", text_filter=codes)
    assert report.archives[0].new == ["LEGITEXT000006070666"]
    quads = store_quads(tmp_path / "store")
    assert any("Code des instruments monétaires et des médailles" in q for q in quads)


def test_two_runs_at_once_the_second_is_locked(mirror, tmp_path):
    with RunLock(state_paths(tmp_path / "store")[1]):
        report = run_watch(str(mirror), tmp_path / "store")
    assert report.exit_code() is Exit.LOCKED and report.archives == []


def _watch_process(mirror: Path, store: Path, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "legalgraph.cli", "watch", "--source", str(mirror), "--store", str(store)],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        cwd=ROOT,
        timeout=300,
    )


@pytest.mark.parametrize("die_after", [2, 3], ids=["in-the-first-archive", "after-two-archives-committed"])
def test_killed_mid_ingest_then_rerun_gives_the_store_of_an_uninterrupted_run(mirror, tmp_path, die_after):
    write_archive(
        mirror,
        f"JORFSIMPLE_{NEXT}.tar.gz",
        {simple_path(NEXT, CONT, wrapped_id(3)): wrap_corpus_text(WRAPPED[3], wrapped_id(3))},
    )
    write_index(mirror)
    clean = _watch_process(mirror, tmp_path / "clean")
    assert clean.returncode == Exit.INGESTED, clean.stderr
    killed = _watch_process(mirror, tmp_path / "crashed", LEGALGRAPH_WATCH_DIE_AT=f"text:{die_after}")
    assert killed.returncode == -signal.SIGKILL
    committed = WatchState.load(state_paths(tmp_path / "crashed")[0]).committed
    assert len(committed) == (0 if die_after == 2 else 2)
    rerun = _watch_process(mirror, tmp_path / "crashed")
    assert rerun.returncode == Exit.INGESTED, rerun.stderr
    assert store_quads(tmp_path / "crashed") == store_quads(tmp_path / "clean")


def test_filter_ignores_accents_case_and_spacing_and_checks_the_nature():
    keep = TextFilter()
    title = "Arrêté du 7 juin 2023 relatif au Titre  Professionnel d'agent de propreté et d'hygiène"
    assert keep.matches("ARRETE", title)
    assert not keep.matches("DECRET", title)
    assert not keep.matches("ARRETE", "Arrêté du 11 août 2026 portant délégation de signature")
    assert TextFilter(title="propreté").matches("ARRETE", "ARRETE RELATIF A L'AGENT DE PROPRETE")
    assert TextFilter(natures=("ARRETE", "DECRET"), title=r"cert[iî]fication").matches(
        "DECRET", "Certification X"
    )
    assert (
        keep.may_match(REAL_ARRETE.read_bytes()) is False
    )  # nature ARRETE, title without "titre professionnel"
