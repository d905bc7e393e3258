"""kill -9 at random points of a watch run, over complete archives and a truncated one: after a run to
completion, the store holds exactly the quads of a run that was never interrupted.

Where to kill is drawn (seeded: LEGALGRAPH_CRASH_SEED, named in the test id) from the crash points an
uninterrupted run passes (``job.CRASH_POINTS``), one draw per group of points so that every stage is hit:
members and texts being read, deletions and the Loader's commit, the state's saves. Each killed run is a real
process that receives SIGKILL.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from legalgraph.watch import job
from legalgraph.watch.job import run_watch, state_paths
from legalgraph.watch.state import WatchState
from tests.support.dila_fixtures import cut_file, write_archive
from tests.test_watch import deletion_members, store_quads
from tests.test_watch_hostile import A, B, C, arretes, name, wrapped_id

ROOT = Path(__file__).resolve().parent.parent
SEED = int(os.environ.get("LEGALGRAPH_CRASH_SEED", "20260801"))
# Phase 1 reads A, then B (which deletes a text of A), and fails on C, cut mid-member; phase 2 reads C repaired.
PHASES = {
    1: [("listed", "member", "text"), ("deleted", "finish"), ("finished", "saved")],
    2: [("member", "text"), ("finish", "finished", "saved")],
}


def _mirrors(root: Path) -> dict[int, Path]:
    # B only deletes: a redo after a kill finds nothing to change, so the shared graphs must be healed.
    members = {1: arretes(A, range(1, 3)), 2: deletion_members(B, wrapped_id(2)), 3: arretes(C, range(4, 6))}
    mirrors = {}
    for phase in (1, 2):
        folder = root / f"mirror{phase}"
        folder.mkdir(parents=True)
        for n, stamp in ((1, A), (2, B), (3, C)):
            write_archive(folder, name(stamp), members[n])
        mirrors[phase] = folder
    cut_file(mirrors[1] / name(C), 0.6)
    return mirrors


def _copy_run(src: Path, dst: Path) -> None:
    """A store and its watch state, as a run left them."""
    shutil.copytree(src / "store", dst / "store")
    shutil.copy(state_paths(src / "store")[0], state_paths(dst / "store")[0])


def _watch_process(mirror: Path, store: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "legalgraph.cli",
            "watch",
            "--source",
            str(mirror),
            "--store",
            str(store),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        cwd=ROOT,
        timeout=120,
    )


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """Uninterrupted runs of both phases (in this process, from the folder the killed runs start in: the
    store records each text's archive path as resolved from there), and the crash points each one passed."""
    root = tmp_path_factory.mktemp("crash")
    mirrors = _mirrors(root)
    cwd = os.getcwd()
    os.chdir(ROOT)
    runs = {}
    try:
        for phase in (1, 2):
            folder = root / f"clean{phase}"
            folder.mkdir()
            if phase == 2:
                _copy_run(root / "clean1", folder)
            job.CRASH_POINTS.clear()
            report = run_watch(str(mirrors[phase]), folder / "store")
            assert [a.error is None for a in report.archives] == (
                [True, True, False] if phase == 1 else [True]
            )
            runs[phase] = (folder, dict(job.CRASH_POINTS))
    finally:
        os.chdir(cwd)
    return root, mirrors, runs


def _draws() -> list[tuple[int, int, tuple[str, ...]]]:
    return [(phase, i, group) for phase, groups in PHASES.items() for i, group in enumerate(groups)]


@pytest.mark.parametrize(
    ("phase", "i", "group"), _draws(), ids=[f"phase{p}-{'|'.join(g)}-seed{SEED}" for p, _, g in _draws()]
)
def test_kill_9_then_a_run_to_completion_gives_the_store_of_an_uninterrupted_run(
    clean, tmp_path, monkeypatch, phase, i, group
):
    root, mirrors, runs = clean
    clean_folder, passed = runs[phase]
    rng = random.Random(SEED * 10 + phase * 3 + i)
    point = rng.choice([p for p in group if passed.get(p)])
    where = f"{point}:{rng.randint(1, passed[point])}"
    if phase == 2:
        _copy_run(root / "clean1", tmp_path)
    killed = _watch_process(mirrors[phase], tmp_path / "store", LEGALGRAPH_WATCH_DIE_AT=where)
    assert killed.returncode == -signal.SIGKILL, (where, killed.stderr)
    monkeypatch.chdir(ROOT)
    run_watch(str(mirrors[phase]), tmp_path / "store")  # the next night, to completion (C may fail again)
    assert store_quads(tmp_path / "store") == store_quads(clean_folder / "store"), where
    ours, theirs = (WatchState.load(state_paths(f / "store")[0]) for f in (tmp_path, clean_folder))
    assert (ours.last_stamp, ours.in_progress, ours.given_up) == (
        theirs.last_stamp,
        theirs.in_progress,
        {},
    ), where
