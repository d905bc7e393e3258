"""Every ```python and ```sh / ```bash / ```console block of README.md runs as printed, so that none goes stale.

How the blocks run, in README order:

* **Shell** blocks run with ``bash -e -o pipefail`` in one temporary copy of the project (corpus, notebooks,
  tests, Makefile, pyproject; ``.venv`` linked to this one), so the ``store``, ``graph.trig`` or figures they
  write land there and a later block finds what an earlier one built. In a ``console`` block only the lines after
  ``$ `` are commands. A non-zero exit fails the block, with its output.
* **Python** blocks run in one namespace, in that copy as working directory, as a notebook would run them (a
  block may use the names an earlier block defined); the last expression of each block is evaluated and shown
  (``repr``), as Jupyter shows it — what a reader sees must not fail either (spaCy's E865, a lazy error).
* **Addresses** are the only thing rewritten: a block that talks to ``127.0.0.1:8000`` (``legalgraph serve``) or
  ``127.0.0.1:7878`` (``oxigraph serve``) gets that server, started by this test on a free loopback port, and the
  address in the block is rewritten to it; DILA's site (``https://echanges.dila.gouv.fr/OPENDATA/JORFSIMPLE/``)
  becomes a loopback server holding fixture archives in DILA's layout (``tests/support/watch_demo.py``'s), and
  ``/var/lib/legalgraph/`` a temporary folder. Nothing leaves the machine.

A block that cannot run here says so with a marker, an HTML comment on the line before its fence (GitHub does not
show it), and the marker is checked:

* ``<!-- readme-test: skip server (tests/test_x.py …) -->``: the block starts a long-running server (``legalgraph
  serve``, ``oxigraph serve``, ``jupyter lab``) — it would never return. It must start one, and name the test
  file that covers it, which must exist. The blocks that talk to such a server run here against the same
  command, started by this test (above).
* ``<!-- readme-test: dry-run (…) -->``: the block runs ``make test``, the suite this test belongs to (it would
  run itself); it is checked with ``make -n`` instead: the targets exist and say what they would run.

Any other block without a marker runs; a marker of any other kind fails the test.
"""

from __future__ import annotations

import ast
import contextlib
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.servers import _running, _tool, free_port

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
VENV_BIN = Path(sys.executable).parent

_FENCE = re.compile(
    r"^(?:<!-- readme-test: (?P<marker>[^\n]*?) -->\n)?```(?P<lang>[\w-]*)[^\n]*\n(?P<body>.*?)^```[ \t]*$",
    re.M | re.S,
)
_RUN = {"python", "sh", "bash", "console", "shell"}
_SERVER = re.compile(r"\b(?:legalgraph|oxigraph)\s+serve\b|\bjupyter\s+lab\b")
DILA = "https://echanges.dila.gouv.fr/OPENDATA/JORFSIMPLE/"


@dataclass(frozen=True)
class Block:
    lang: str
    body: str
    line: int
    marker: str | None

    @property
    def id(self) -> str:
        return f"README.md:{self.line}:{self.lang}"


def readme_blocks() -> list[Block]:
    text = README.read_text(encoding="utf-8")
    return [
        Block(m.group("lang"), m.group("body"), text.count("\n", 0, m.start("body")), m.group("marker"))
        for m in _FENCE.finditer(text)
        if m.group("lang") in _RUN
    ]


BLOCKS = readme_blocks()


def commands(block: Block) -> str:
    if block.lang != "console":
        return block.body
    return "\n".join(line[2:] for line in block.body.splitlines() if line.startswith("$ "))


# ---- the world the blocks run in ------------------------------------------------------------------------------


class World:
    """The copy of the project, the servers the blocks need (started on first use), the Python namespace."""

    COPIED = ("corpus", "notebooks", "tests", "ontologies", "Makefile", "pyproject.toml", "README.md")

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.copy = tmp / "legalgraph"
        self.copy.mkdir()
        ignore = shutil.ignore_patterns("__pycache__", ".pytest_cache", "figures", "store*")
        for name in self.COPIED:
            src = ROOT / name
            if src.is_dir():
                shutil.copytree(src, self.copy / name, ignore=ignore)
            else:
                shutil.copy2(src, self.copy / name)
        (self.copy / ".venv").symlink_to(ROOT / ".venv")
        stamp = ROOT / ".venv" / ".installed"
        if not stamp.exists():
            pytest.fail("the venv has no .venv/.installed stamp: run `make .venv/.installed` first")
        # `make demo` must find the venv installed, never reinstall it from the copy
        os.utime(self.copy / "pyproject.toml", (stamp.stat().st_mtime - 60,) * 2)
        self.var = tmp / "var-lib-legalgraph"
        self.var.mkdir()
        self.rewrites: dict[str, str] = {"/var/lib/legalgraph/": f"{self.var}/"}
        self.namespace: dict = {"__name__": "__readme__"}
        self.stack = contextlib.ExitStack()
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("LEGALGRAPH_")}
        self.env.update(PATH=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}", MPLBACKEND="Agg")

    def close(self) -> None:
        self.stack.close()

    # -- servers -----------------------------------------------------------------------------------------------

    def _serve(self, address: str, cmd: list[str], ready: str, port: int) -> None:
        folder = self.tmp / f"server-{port}"
        folder.mkdir()
        self.stack.enter_context(_running(cmd, ready, folder, env=self.env))
        self.rewrites[address] = f"127.0.0.1:{port}"

    def legalgraph_serve(self) -> None:
        """``legalgraph serve`` on the corpus store, as the README's serve block starts it."""
        store = self.tmp / "served-store"
        subprocess.run([_tool("legalgraph"), "build", "corpus/texts", "--store", str(store), "--quiet"],
                       cwd=self.copy, env=self.env, check=True, capture_output=True)  # fmt: skip
        port = free_port()
        cmd = [_tool("legalgraph"), "serve", "--store", str(store), "--port", str(port), "--quiet"]
        self._serve("127.0.0.1:8000", cmd, f"http://127.0.0.1:{port}/sparql", port)

    def oxigraph_serve(self) -> None:
        port = free_port()
        cmd = [
            _tool("oxigraph"),
            "serve",
            "--location",
            str(self.tmp / "oxigraph"),
            "--bind",
            f"127.0.0.1:{port}",
        ]
        self._serve("127.0.0.1:7878", cmd, f"http://127.0.0.1:{port}/query", port)

    def dila_mirror(self) -> None:
        """A loopback server holding fixture archives in DILA's layout (those of `make watch-demo`)."""
        from tests.support.dila_fixtures import write_archive, write_index
        from tests.support.httpserver import serve
        from tests.test_watch import NIGHT, night_members

        mirror = self.tmp / "dila" / "OPENDATA" / "JORFSIMPLE"
        mirror.mkdir(parents=True)
        write_archive(mirror, f"JORFSIMPLE_{NIGHT}.tar.gz", night_members())
        write_index(mirror, "/OPENDATA/JORFSIMPLE")
        url, _ = self.stack.enter_context(serve(mirror.parent.parent))
        self.rewrites[DILA] = url + "OPENDATA/JORFSIMPLE/"

    def prepare(self, text: str) -> str:
        """The block's text with its addresses pointed at the servers of this test (started on first use)."""
        needs = {
            "127.0.0.1:8000": self.legalgraph_serve,
            "127.0.0.1:7878": self.oxigraph_serve,
            DILA: self.dila_mirror,
        }
        for address, start in needs.items():
            if address in text and address not in self.rewrites:
                start()
        for address, local in self.rewrites.items():
            text = text.replace(address, local)
        return text

    # -- running ------------------------------------------------------------------------------------------------

    def shell(self, block: Block, script: str | None = None) -> subprocess.CompletedProcess:
        script = self.prepare(commands(block) if script is None else script)
        return subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], cwd=self.copy, env=self.env,
                              capture_output=True, text=True, timeout=900)  # fmt: skip

    def python(self, block: Block) -> None:
        tree = ast.parse(self.prepare(block.body), filename=block.id)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, block.id, "exec"), self.namespace)
        if last is not None:
            shown = eval(compile(ast.Expression(last.value), block.id, "eval"), self.namespace)
            repr(shown)  # what Jupyter displays


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    w = World(tmp_path_factory.mktemp("readme"))
    cwd = Path.cwd()
    os.chdir(w.copy)
    try:
        yield w
    finally:
        os.chdir(cwd)
        w.close()


# ---- the tests --------------------------------------------------------------------------------------------


def test_the_readme_has_blocks_to_run_and_says_how_to_use_the_venv():
    assert len(BLOCKS) >= 10
    text = README.read_text(encoding="utf-8")
    assert ". .venv/bin/activate" in text


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.marker], ids=lambda b: b.id)
def test_each_marker_is_one_this_test_knows_and_holds(block):
    kind = block.marker.split()[0]
    if kind == "skip":
        assert block.marker.startswith("skip server"), f"{block.id}: only a server block may be skipped"
        assert _SERVER.search(block.body), f"{block.id}: marked as a server, but starts none"
        covering = re.findall(r"tests/test_\w+\.py", block.marker)
        assert covering and all((ROOT / c).exists() for c in covering), (
            f"{block.id}: name the test that covers it"
        )
    elif kind == "dry-run":
        assert re.search(r"^\s*make test\b", block.body, re.M), (
            f"{block.id}: dry-run is for `make test` alone"
        )
    else:
        pytest.fail(f"{block.id}: unknown marker {block.marker!r}")


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: b.id)
def test_block_runs_as_printed(block, world):
    kind = (block.marker or "").split(" ")[0]
    if kind == "skip":
        # not run: a long-running server (checked above); the blocks that use it run against this test's own
        assert _SERVER.search(block.body)
        return
    if block.lang == "python":
        world.python(block)
        return
    if kind == "dry-run":
        lines = commands(block).splitlines()
        script = "\n".join(re.sub(r"^(\s*)make test\b", r"\1make -n test", line) for line in lines)
        done = world.shell(block, script)
        assert done.returncode == 0, f"{block.id} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        assert "pytest" in done.stdout
        return
    done = world.shell(block)
    assert done.returncode == 0, (
        f"{block.id} exited {done.returncode}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    )
