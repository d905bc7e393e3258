"""A build keeps the store in sync with the folders it builds, and records where sources are portably: a file
gone from its folder leaves the store, `legalgraph remove` removes by path, key or IRI, no absolute local path is
ever stored, and the same files built from another place give the same store."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pyoxigraph as ox

import legalgraph
from legalgraph.cli import main
from legalgraph.graph.identity import source_iri
from legalgraph.graph.namespaces import LG
from legalgraph.pool import ordered_map
from legalgraph.store import Loader, OxigraphStore, build_paths, load_documents
from legalgraph.store.load import BUILDER, registry, sha256_file, source_key
from tests.support.graphkit import CORPUS, corpus_docs, dump_sorted, scratch_dir

FILES = [
    "2013-02-07_modif_attache-commercial.md",
    "2017-12-12_conseiller-commercial.txt",
    "2023-07-05_conseiller-commercial.txt",
    "2022-11-21_conseiller-insertion-professionnelle.txt",
]
GONE = FILES[2]


def copy_of(names: list[str], folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in names:
        shutil.copy(CORPUS / name, folder / name)
    return folder


def keys(store) -> set[str]:
    return set(registry(store))


def clean_build(folder: Path) -> list[str]:
    """The store a first build of ``folder`` gives, as sorted N-Quads."""
    store = OxigraphStore(scratch_dir() / "clean")
    build_paths(store, [folder])
    try:
        return dump_sorted(store)
    finally:
        store.close()


def test_a_file_gone_from_its_folder_leaves_the_store_at_the_next_build(capsys):
    folder = copy_of(FILES, scratch_dir() / "texts")
    store_path = scratch_dir() / "store"
    assert main(["build", str(folder), "--store", str(store_path), "--quiet"]) == 0
    (folder / GONE).unlink()
    capsys.readouterr()
    assert main(["build", str(folder), "--store", str(store_path), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert f"removed: texts/{GONE}" in err and "1 removed" in err
    kg = legalgraph.open(store_path, read_only=True)
    assert keys(kg.store) == {f"texts/{n}" for n in FILES if n != GONE}
    assert "2023-07-05" not in {str(d) for d in kg.named("lineage", titre="conseiller commercial").date}
    got = dump_sorted(kg.store)
    kg.close()
    assert got == clean_build(folder)  # derived graph included: as if the file had never been there


def test_a_build_of_another_folder_or_of_one_file_removes_nothing_of_the_first():
    texts = copy_of(FILES[:3], scratch_dir() / "texts")
    other = copy_of(FILES[3:], scratch_dir() / "other")
    store = OxigraphStore(scratch_dir() / "store")
    build_paths(store, [texts])
    (texts / GONE).unlink()
    report = build_paths(store, [other])  # another root: owns only its own sources
    assert not report.removed and len(report.added) == 1
    report = build_paths(store, [texts / FILES[0]])  # a file given alone: owns only itself
    assert not report.removed and report.unchanged == [str(texts / FILES[0])]
    assert keys(store) == {f"texts/{n}" for n in FILES[:3]} | {f"other/{FILES[3]}"}
    (other / FILES[3]).unlink()
    report = build_paths(store, [texts])
    assert report.removed == [f"texts/{GONE}"]  # not other's file, gone too but not under this root
    assert keys(store) == {f"texts/{n}" for n in FILES[:2]} | {f"other/{FILES[3]}"}


def test_a_file_that_fails_on_rebuild_is_not_removed():
    folder = copy_of(FILES, scratch_dir() / "texts")
    store = OxigraphStore(scratch_dir() / "store")
    build_paths(store, [folder])
    (folder / GONE).write_bytes(b"")  # now unreadable: reported, and its last good graph stays
    report = build_paths(store, [folder])
    assert report.failed == [(str(folder / GONE), "empty file")] and not report.removed
    assert f"texts/{GONE}" in keys(store)


def test_remove_by_path_key_and_iri_then_unknown_ones_fail(capsys):
    folder = copy_of(FILES, scratch_dir() / "texts")
    store_path = scratch_dir() / "store"
    assert main(["build", str(folder), "--store", str(store_path), "--quiet"]) == 0
    iri = source_iri(sha256_file(folder / FILES[1]))
    (folder / GONE).unlink()  # removed by the path it had, although the file is gone
    args = [str(folder / GONE), iri, f"texts/{FILES[0]}", "texts/nothing.txt"]
    capsys.readouterr()
    assert main(["remove", *args, "--store", str(store_path)]) == 1
    err = capsys.readouterr().err
    assert "texts/nothing.txt: not in the store" in err and "3 removed" in err
    kg = legalgraph.open(store_path, read_only=True)
    assert keys(kg.store) == {f"texts/{FILES[3]}"}
    assert ox.NamedNode(iri) not in kg.store.graph_names()
    assert len(kg.named("lineage", titre="conseiller commercial")) == 0  # the derived graph follows
    kg.close()
    assert main(["remove", str(folder / FILES[3]), "--store", str(store_path)]) == 0


def test_the_same_files_from_another_place_give_the_same_store_and_no_local_path(monkeypatch, capsys):
    first = scratch_dir() / "first"
    assert main(["build", str(CORPUS), "--store", str(first), "--quiet"]) == 0
    copy = scratch_dir() / "elsewhere" / "texts"
    shutil.copytree(CORPUS, copy)
    monkeypatch.chdir(copy.parent)  # another folder, another working directory, a relative path
    second = scratch_dir() / "second"
    assert main(["build", "texts", "--store", str(second), "--quiet"]) == 0
    assert main(["build", "texts", "--store", str(first), "--quiet"]) == 0
    assert " 0 added, 0 replaced, 59 unchanged, 0 removed" in capsys.readouterr().err
    exports = []
    for store in (first, second):
        out = scratch_dir() / "graph.nq"
        assert main(["export", "--format", "nq", "--store", str(store), "-o", str(out)]) == 0
        exports.append(sorted(out.read_text(encoding="utf-8").splitlines()))
    assert exports[0] == exports[1]
    text = "\n".join(exports[0])
    for local in {str(CORPUS.parent), str(copy.parent), str(Path.cwd()), str(Path.home()), "/work/", "/tmp/"}:
        assert local not in text
    paths = [line for line in exports[0] if line.split(" ")[1] == str(LG.sourcePath)]
    assert len(paths) == 59 and '"2015-03-02_charge-affaires-batiment.md"' in "\n".join(paths)


def test_a_store_of_the_previous_builder_is_migrated_by_the_next_build():
    folder = copy_of(FILES, scratch_dir() / "texts")
    store = OxigraphStore(scratch_dir() / "store")
    build_paths(store, [folder])
    for key, graphs in registry(store).items():  # as the builder of graph/1 wrote it: absolute paths
        (graph,) = graphs
        g = ox.NamedNode(graph)
        store.remove(
            [q for q in store.quads(g) if q.predicate in (LG.sourceKey, LG.sourcePath, LG.builtWith)]
        )
        old = str((folder / key.partition("/")[2]).resolve())
        store.add([ox.Quad(g, p, ox.Literal(v), g) for p, v in
                   [(LG.sourceKey, old), (LG.sourcePath, old), (LG.builtWith, "legalgraph 0.1.0 graph/1")]])  # fmt: skip
    (folder / GONE).unlink()
    report = build_paths(store, [folder])
    assert report.removed == [str((folder / GONE).resolve())] and len(report.added) == len(FILES) - 1
    assert keys(store) == {f"texts/{n}" for n in FILES if n != GONE}
    assert dump_sorted(store) == clean_build(folder)


def test_a_source_queued_then_removed_in_one_run_stays_removed():
    """As a watch archive that brings a text and then deletes it: the deletion wins."""
    store = OxigraphStore()
    doc = corpus_docs()[FILES[0]]
    with Loader(store) as loader:
        assert loader.add(doc) == "added"
        assert loader.remove(source_key(doc))
    assert not registry(store) and ox.NamedNode(source_iri(doc.source.sha256)) not in store.graph_names()


def test_a_text_added_by_id_keeps_its_id_key():
    # a copy: the cached corpus Documents are shared by every test of this worker process
    doc = copy.deepcopy(next(d for d in corpus_docs().values() if d.source.path))
    doc.source.id, doc.source.kind = "JORFTEXT000099999999", "TEXTE_VERSION"
    store = OxigraphStore()
    load_documents(store, [doc])
    assert keys(store) == {"TEXTE_VERSION:JORFTEXT000099999999"}
    graph = ox.NamedNode(source_iri(doc.source.sha256))
    assert not [q for q in store.quads(graph) if q.predicate == LG.sourcePath]
    assert {q.object.value for q in store.quads(graph) if q.predicate == LG.builtWith} == {BUILDER}


def test_a_build_on_two_worker_processes_gives_the_store_of_one_process(monkeypatch):
    import legalgraph.store.load as load

    used = []
    monkeypatch.setattr("legalgraph.pool.ITEMS_PER_WORKER", 8)  # workers even for 59 files
    monkeypatch.setattr(
        load, "ordered_map", lambda fn, items, jobs: used.append(jobs) or ordered_map(fn, items, jobs)
    )
    store = OxigraphStore(scratch_dir() / "store")
    report = build_paths(store, [CORPUS], jobs=2)
    assert used == [2] and not report.failed
    assert report.added == [str(p) for p in sorted(CORPUS.iterdir())]  # results in input order
    assert dump_sorted(store) == clean_build(CORPUS)


def test_the_progress_bar_names_each_step_after_the_last_file():
    """On a terminal the bar counts files, then says what runs after the last one instead of sitting at 100 %."""
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios

    from tests.support.graphkit import ROOT

    folder = copy_of(FILES, scratch_dir() / "texts")
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))  # a terminal has a width
    done = subprocess.Popen(
        [sys.executable, "-m", "legalgraph.cli", "build", str(folder), "--store", str(scratch_dir() / "s")],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave, cwd=ROOT,
    )  # fmt: skip
    os.close(slave)
    # read while it runs: a slow machine redraws the bar more often, and a full terminal buffer would block it
    screen = b""
    while chunk := _read(master):
        screen += chunk
    os.close(master)
    assert done.wait(timeout=120) == 0
    text = screen.decode("utf-8", "replace")
    lines = [line for line in text.replace("\r", "\n").splitlines() if line.startswith("legalgraph build: ")]
    # at 100 %: what is running (a redraw of the bar before the first step is named carries no step)
    named = [line.split(":")[1].strip() for line in lines if "4/4" in line]
    steps = [
        step for i, step in enumerate(named) if not step[:1].isdigit() and (i == 0 or named[i - 1] != step)
    ]
    assert steps[:3] == ["writing", "code lists", "derived graph"]


def _read(fd: int) -> bytes:
    import os

    try:
        return os.read(fd, 65536)
    except OSError:  # the other end is closed: all is read
        return b""
