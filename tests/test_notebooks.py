"""The notebooks of ``notebooks/`` run from top to bottom on the corpus graph and produce what they promise.

Each notebook is executed by nbclient in a kernel on this interpreter (the venv's), with its figures sent to a
temporary folder (``LEGALGRAPH_FIGURES``). After the last cell, one more cell prints a few facts from the
kernel's variables as JSON, so the tests check real outcomes (DataFrames with rows, known chains), not only
the absence of errors. ``citations`` and ``lineage`` build the corpus graph themselves, as a researcher's run
does; ``sparql-cookbook`` opens a store built beforehand (``LEGALGRAPH_STORE``), the other way in.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

nbformat = pytest.importorskip(
    "nbformat", reason="the notebooks extra is not installed: pip install -e '.[notebooks]'"
)
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

import legalgraph  # noqa: E402
from legalgraph.knowledge import KnowledgeGraph  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
CORPUS = ROOT / "corpus" / "texts"
KERNEL = "legalgraph-tests"


@pytest.fixture(scope="module")
def kernel_dir(tmp_path_factory) -> Path:
    """A kernelspec that runs this interpreter, whatever kernels the machine has registered."""
    from ipykernel.kernelspec import write_kernel_spec

    kernels = tmp_path_factory.mktemp("kernels")
    write_kernel_spec(str(kernels / KERNEL), overrides={"display_name": "legalgraph tests"})
    return kernels


def execute(name: str, probe: str, kernel_dir: Path) -> tuple[dict, list]:
    """Run ``notebooks/<name>.ipynb``, then ``probe`` (a Python expression) in its kernel; its JSON value."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    nb.cells.append(
        nbformat.v4.new_code_cell(f"import json as _json\nprint(_json.dumps({probe}, default=str))")
    )
    km = KernelManager(
        kernel_name=KERNEL, kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernel_dir)])
    )
    client = nbclient.NotebookClient(
        nb, km=km, timeout=300, startup_timeout=120, resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    client.execute()  # raises CellExecutionError, with the cell and its traceback, if a cell fails
    (out,) = [o for o in nb.cells[-1].outputs if o.output_type == "stream" and o.name == "stdout"]
    return json.loads(out.text), nb.cells[:-1]


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", data[16:24])


def check_figures(folder: Path, names: list[str]) -> None:
    for name in names:
        path = folder / f"{name}.png"
        assert path.is_file(), f"{name}.png was not saved (saved: {sorted(p.name for p in folder.iterdir())})"
        width, height = png_size(path)
        assert width >= 800 and height >= 300, f"{name}.png is only {width}x{height}"
        assert path.stat().st_size > 20_000, f"{name}.png looks empty ({path.stat().st_size} bytes)"


def images(cells) -> int:
    """How many PNGs the notebook showed (each saved figure is shown too)."""
    return sum("image/png" in o.get("data", {}) for c in cells if c.cell_type == "code" for o in c.outputs)


@pytest.fixture
def figures(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "figures"
    monkeypatch.setenv("LEGALGRAPH_FIGURES", str(folder))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.delenv("LEGALGRAPH_STORE", raising=False)
    monkeypatch.delenv("LEGALGRAPH_CORPUS", raising=False)
    return folder


def test_notebooks_are_committed_without_outputs():
    paths = sorted(NOTEBOOKS.glob("*.ipynb"))
    assert {p.stem for p in paths} >= {"citations", "lineage", "sparql-cookbook"}
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, f"{path.name} cell {i} has outputs"


def test_citations(kernel_dir, figures):
    facts, cells = execute(
        "citations",
        """{
            "most_cited": most_cited[["key", "citingActs"]].head(TOP).values.tolist(),
            "nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
            "cited_by": cited[["date", "titre"]].values.tolist(),
        }""",
        kernel_dir,
    )
    assert len(facts["most_cited"]) == 15
    counts = [n for _, n in facts["most_cited"]]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 10
    keys = {k for k, _ in facts["most_cited"]}
    assert {"arrete:2015-12-22", "code:code de l'education:R338-1"} <= keys
    assert facts["nodes"] > 100 and facts["edges"] > facts["nodes"]
    # The texts that cite the arrêté du 22 décembre 2015 include the arrêtés of 2017 and 2022 (corpus/gold).
    citing = {(str(d), t) for d, t in facts["cited_by"]}
    assert ("2017-12-12", "conseiller commercial") in citing
    assert ("2022-11-21", "conseiller en insertion professionnelle") in citing
    check_figures(
        figures,
        [
            "citations-most-cited",
            "citations-network",
            "citations-cited-by-arrete-2015-12-22",
            "citations-conditions-de-delivrance",
        ],
    )
    assert images(cells) == 4


def test_lineage(kernel_dir, figures):
    facts, cells = execute(
        "lineage",
        """{t: {"dates": [str(d) for d in lineages[t]["date"]], "names": list(lineages[t]["name"].dropna()),
                "certificates": len(certificates[t]), "equivalences": len(equivalences[t])} for t in TITRES}""",
        kernel_dir,
    )
    commercial = facts["conseiller commercial"]
    assert {"2003-07-31", "2013-02-07", "2017-12-12", "2023-07-05"} <= set(commercial["dates"])
    assert {"attaché commercial", "commercial(e)", "conseiller commercial"} <= set(commercial["names"])
    assert commercial["certificates"] >= 2 and commercial["equivalences"] >= 2
    insertion = facts["conseiller en insertion professionnelle"]
    assert {"2003-10-21", "2017-12-11", "2022-11-21"} <= set(insertion["dates"])
    assert insertion["certificates"] >= 3 and insertion["equivalences"] >= 3
    transport = facts["technicien supérieur du transport aérien et maritime de marchandises"]
    assert transport["equivalences"] >= 1
    check_figures(
        figures,
        [
            f"lineage-{kind}-{slug}"
            for kind in ("timeline", "equivalences")
            for slug in (
                "conseiller-commercial",
                "conseiller-en-insertion-professionnelle",
                "technicien-superieur-du-transport-aerien-et-maritime-de-marc",
            )
        ],
    )
    assert images(cells) == 6


def test_sparql_cookbook_on_a_built_store(kernel_dir, figures, tmp_path, monkeypatch):
    store = tmp_path / "store"
    with legalgraph.open(store) as kg:
        kg.build(CORPUS)
    monkeypatch.setenv("LEGALGRAPH_STORE", str(store))
    facts, cells = execute(
        "sparql-cookbook",
        """{"store": repr(kg), "rows": {name: len(df) for name, df in results.items()},
            "same": checks["same rows"].tolist()}""",
        kernel_dir,
    )
    assert str(store) in facts["store"]  # the notebook opened the store it was given, not a new one
    assert set(facts["rows"]) == set(KnowledgeGraph.named_queries())  # every named query is shown
    empty = [name for name, n in facts["rows"].items() if n == 0]
    assert not empty, f"named queries with no rows on the corpus: {empty}"
    assert facts["same"] and all(facts["same"])
    check_figures(figures, ["cookbook-actions-per-year"])
    assert images(cells) == 1
