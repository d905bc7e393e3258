"""Files `parse` and `build` are given: only regular files are read (a FIFO, a device or a socket is one clear
error, never a hang), a store is never written into someone's folder, names that are not UTF-8 go through, and
a bug names its file and its reason."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from legalgraph.cli import main
from legalgraph.store import OxigraphStore
from legalgraph.store.load import registry
from tests.support.graphkit import CORPUS, ROOT, scratch_dir

TEXT = "2017-12-12_conseiller-commercial.txt"
ODD_NAME = os.fsdecode(b"arr\xeat\xe9-conseiller-commercial.txt")  # Latin-1 bytes: not valid UTF-8
ODD_SHOWN = "arr\\xeat\\xe9-conseiller-commercial.txt"


def legalgraph(*args: str) -> subprocess.CompletedProcess:
    """The command in its own process, under a time-out: a read that blocks fails the test, not the suite."""
    return subprocess.run(
        [sys.executable, "-m", "legalgraph.cli", *args], capture_output=True, text=True, cwd=ROOT, timeout=60
    )


@pytest.fixture
def odd_files() -> Path:
    """A folder with one good text, a FIFO and a socket named like sources."""
    folder = scratch_dir() / "texts"
    folder.mkdir()
    shutil.copy(CORPUS / TEXT, folder / TEXT)
    os.mkfifo(folder / "pipe.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "socket.md"))
    yield folder
    sock.close()


def test_a_fifo_and_dev_zero_given_to_parse_are_refused_at_once_and_the_rest_is_parsed(odd_files):
    done = legalgraph(
        "parse", str(odd_files / "pipe.txt"), "/dev/zero", str(odd_files / TEXT), "--format", "jsonl"
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"legalgraph: {odd_files / 'pipe.txt'}: is a FIFO (named pipe), not a regular file",
        "legalgraph: /dev/zero: is a character device, not a regular file",
    ]
    (record,) = map(json.loads, done.stdout.splitlines())
    assert record["titre"]["name"] == "conseiller commercial"


def test_a_build_reports_each_file_it_cannot_read_and_builds_the_others(odd_files):
    store = scratch_dir() / "store"
    done = legalgraph("build", str(odd_files), "/dev/zero", "--store", str(store), "--quiet")
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("legalgraph: ")]
    assert errors == [
        f"legalgraph: {odd_files / 'pipe.txt'}: is a FIFO (named pipe), not a regular file",
        f"legalgraph: {odd_files / 'socket.md'}: is a socket, not a regular file",
        "legalgraph: /dev/zero: is a character device, not a regular file",
    ]
    assert "1 added" in done.stderr and "3 failed" in done.stderr
    with OxigraphStore(store, read_only=True) as built:
        assert set(registry(built)) == {f"texts/{TEXT}"}


def test_a_store_is_never_made_in_a_folder_that_is_neither_empty_nor_a_store(capsys):
    folder = scratch_dir() / "notes"
    folder.mkdir()
    (folder / "thesis.odt").write_bytes(b"years of work")
    assert main(["build", str(CORPUS / TEXT), "--store", str(folder), "--quiet"]) == 2
    assert capsys.readouterr().err == (
        f"legalgraph: {folder}: this folder is neither empty nor a legalgraph store: refusing to write a store "
        "into it (give a new or empty folder)\n"
    )
    assert [p.name for p in folder.iterdir()] == ["thesis.odt"]
    assert main(["build", str(CORPUS / TEXT), "--store", str(folder / "thesis.odt"), "--quiet"]) == 2
    assert "not a folder" in capsys.readouterr().err
    empty = scratch_dir() / "empty"
    empty.mkdir()
    assert main(["build", str(CORPUS / TEXT), "--store", str(empty), "--quiet"]) == 0
    assert main(["build", str(CORPUS / TEXT), "--store", str(empty), "--quiet"]) == 0  # a store now


def test_a_name_that_is_not_utf8_is_parsed_built_removed_and_reported(capsys):
    folder = scratch_dir() / "texts"
    folder.mkdir()
    shutil.copy(CORPUS / TEXT, folder / ODD_NAME)
    (folder / (ODD_NAME + ".md")).write_bytes(b"")  # a bad file with an odd name: reported, no crash
    assert main(["parse", str(folder / ODD_NAME), "--format", "jsonl"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert (
        record["source"]["path"] == str(folder / ODD_SHOWN)
        and record["titre"]["name"] == "conseiller commercial"
    )
    store = scratch_dir() / "store"
    assert main(["build", str(folder), "--store", str(store), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert f"legalgraph: {folder / ODD_SHOWN}.md: empty file\n" in err and "1 added" in err
    with OxigraphStore(store, read_only=True) as built:
        assert set(registry(built)) == {f"texts/{ODD_SHOWN}"}
    assert main(["remove", str(folder / ODD_NAME), "--store", str(store)]) == 0
    assert f"removed: texts/{ODD_SHOWN}" in capsys.readouterr().err


def test_a_bug_is_reported_with_its_file_and_reason(monkeypatch, capsys):
    def boom(source, path=None):
        raise RuntimeError("the parser fell over")

    monkeypatch.setattr("legalgraph.parse", boom)
    store = scratch_dir() / "store"
    for args in (
        ["parse", str(CORPUS / TEXT)],
        ["build", str(CORPUS / TEXT), "--store", str(store), "--quiet"],
    ):
        assert main(args) == 1
        err = capsys.readouterr().err.splitlines()
        assert err[0] == f"legalgraph: {CORPUS / TEXT}: internal error (RuntimeError: the parser fell over)"


def test_parse_on_worker_processes_prints_the_records_in_input_order(monkeypatch, capsys):
    monkeypatch.setattr("legalgraph.pool.ITEMS_PER_WORKER", 8)  # workers even for 59 files
    assert main(["parse", str(CORPUS), "--format", "jsonl", "--jobs", "2"]) == 0
    parallel = capsys.readouterr().out
    assert main(["parse", str(CORPUS), "--format", "jsonl", "--jobs", "1"]) == 0
    assert parallel == capsys.readouterr().out
    assert [json.loads(line)["source"]["path"] for line in parallel.splitlines()] == [
        str(p) for p in sorted(CORPUS.iterdir())
    ]
