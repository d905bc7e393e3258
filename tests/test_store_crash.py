"""A build or a watch run killed at any step leaves a store that the next open or build brings back to what an
uninterrupted build gives: the derived graph carries the generation it was computed for, and a stale one is
recomputed (read-only: a warning). The kills are LEGALGRAPH_CRASH_AT=<step> (``load.crash_point``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import legalgraph
from legalgraph.graph.namespaces import DERIVED_GRAPH
from legalgraph.store import OxigraphStore, build_paths, refresh_derived
from legalgraph.store.load import derived_is_stale, derived_stamp
from tests.support.graphkit import CORPUS, ROOT, dump_sorted, scratch_dir

FIRST = [  # built cleanly first; then one changes, one goes, one comes
    "2013-02-07_modif_attache-commercial.md",
    "2017-12-12_conseiller-commercial.txt",
    "2023-07-05_conseiller-commercial.txt",
    "2022-11-21_conseiller-insertion-professionnelle.txt",
]
CHANGED, GONE, NEW = FIRST[2], FIRST[1], "2022-11-21_conseiller-insertion-professionnelle__full-copy.txt"
# Every write step of a build, in order: bulk data / its commit / the replaced graphs retired / the derived
# graph started (stamp removed) / derived graph written, stamp not yet.
STEPS = ["commit", "retire", "derived", "stamp"]


def first_state(folder: Path) -> None:
    folder.mkdir()
    for name in FIRST:
        shutil.copy(CORPUS / name, folder / name)


def second_state(folder: Path) -> None:
    text = (folder / CHANGED).read_text(encoding="utf-8")
    (folder / CHANGED).write_text(text.replace("de cinq ans à compter du", "de trois ans à compter du"))
    (folder / GONE).unlink()
    shutil.copy(CORPUS / NEW, folder / NEW)


def cli_build(folder: Path, store: Path, crash_at: str | None = None) -> subprocess.CompletedProcess:
    """`legalgraph build` in its own process, every batch through the bulk loader (as a large build writes)."""
    code = (
        "import sys, legalgraph.store.load as load; load.BULK_THRESHOLD = 1; from legalgraph.cli import main; "
        "sys.exit(main(sys.argv[1:]))"
    )
    env = {k: v for k, v in os.environ.items() if k != "LEGALGRAPH_CRASH_AT"}
    if crash_at:
        env["LEGALGRAPH_CRASH_AT"] = crash_at
    return subprocess.run(
        [sys.executable, "-c", code, "build", str(folder), "--store", str(store), "--quiet"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
    )  # fmt: skip


@pytest.fixture(scope="module")
def first() -> tuple[Path, Path]:
    """The first state and its store, built once; each test works on copies."""
    folder, store = scratch_dir() / "texts", scratch_dir() / "store"
    first_state(folder)
    with OxigraphStore(store) as built:
        build_paths(built, [folder])
    return folder, store


def copies(first: tuple[Path, Path]) -> tuple[Path, Path]:
    """A copy of the first state in the second state, and a copy of its store (the folder keeps its name)."""
    folder, store = scratch_dir() / "texts", scratch_dir() / "store"
    shutil.copytree(first[0], folder)
    shutil.copytree(first[1], store)
    second_state(folder)
    return folder, store


@pytest.fixture(scope="module")
def clean(first) -> list[str]:
    """The store an uninterrupted build of the second state gives."""
    folder, store = copies(first)
    with OxigraphStore(store) as built:
        build_paths(built, [folder])
        return dump_sorted(built)


@pytest.mark.parametrize("step", STEPS)
def test_a_build_killed_at_any_step_is_made_whole_by_the_next_open_or_build(step, first, clean):
    folder, store = copies(first)
    killed = cli_build(folder, store, crash_at=step)
    assert killed.returncode == 137, killed.stderr
    with pytest.warns(RuntimeWarning, match="interrupted"):  # a reader is told; nothing is written
        OxigraphStore(store, read_only=True).close()
    kg = legalgraph.open(store)  # writable: what the cut build left is finished
    assert not derived_is_stale(kg.store) and derived_stamp(kg.store)
    derived = set(kg.store.quads(DERIVED_GRAPH))
    refresh_derived(kg.store)  # from scratch, on the same source graphs: nothing changes
    assert set(kg.store.quads(DERIVED_GRAPH)) == derived
    assert build_paths(kg.store, [folder]).failed == []  # and the next build ends what the killed one began
    assert dump_sorted(kg.store) == clean
    kg.close()


def test_a_watch_run_killed_in_its_derived_step_is_made_whole_by_the_next_run(tmp_path):
    from legalgraph.watch import run_watch
    from tests.test_watch import (
        EVENING,
        NIGHT,
        Exit,
        _watch_process,
        deletion_members,
        night_members,
        store_quads,
        wrapped_id,
        write_archive,
        write_index,
    )

    mirror = tmp_path / "OPENDATA" / "JORFSIMPLE"
    mirror.mkdir(parents=True)
    write_archive(mirror, f"JORFSIMPLE_{NIGHT}.tar.gz", night_members())
    write_archive(mirror, f"JORFSIMPLE_{EVENING}.tar.gz", deletion_members(EVENING, wrapped_id(2)))
    write_index(mirror)
    assert run_watch(str(mirror), tmp_path / "clean").exit_code() is Exit.INGESTED
    # Killed as the second archive (a deletion) recomputes the derived graph: the text is gone, its facts not.
    killed = _watch_process(mirror, tmp_path / "crashed", LEGALGRAPH_CRASH_AT="derived:2")
    assert killed.returncode == 137, killed.stderr
    # The rerun finds nothing to change in the texts; the stale derived graph is recomputed all the same.
    assert run_watch(str(mirror), tmp_path / "crashed").exit_code() is Exit.NOTHING_NEW
    assert store_quads(tmp_path / "crashed") == store_quads(tmp_path / "clean")
