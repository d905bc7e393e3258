"""The notebooks of ``notebooks/`` run from top to bottom on the corpus graph and produce what they promise.

Each notebook is executed by nbclient in a kernel on this interpreter (the venv's), with its figures sent to a
temporary folder (``LEGALGRAPH_FIGURES``). A first cell added before the notebook's own records the texts of
every figure it saves (titles, axes, ticks, legends, annotations); one more cell after the last prints facts
from the kernel's variables as JSON, so the tests check real outcomes against expectations computed here from
the tidy tables or the gold files, not only the absence of errors. ``citations``, ``lineage`` and ``titres``
build the corpus graph themselves, as a researcher's run does (``titres`` from a copy in a folder far from the
repository, the corpus given by ``LEGALGRAPH_CORPUS``); ``sparql-cookbook`` opens a store built beforehand
(``LEGALGRAPH_STORE``), the other way in.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import struct
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import nbclient
import nbformat
import pytest
from ipykernel.kernelspec import write_kernel_spec
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

import legalgraph
from legalgraph.errors import LegalgraphError
from legalgraph.knowledge import KnowledgeGraph
from tests.conftest import CORPUS, ROOT, gold_pairs

NOTEBOOKS = ROOT / "notebooks"
KERNEL = "legalgraph-tests"

# Before the notebook's cells: every saved figure's texts, by file name, once it is drawn (date ticks included).
RECORD_FIGURE_TEXTS = """
import matplotlib.figure as _figure, matplotlib.text as _text
from pathlib import Path as _Path
_figure_texts, _savefig = {}, _figure.Figure.savefig
def _recording_savefig(self, fname, *args, **kwargs):
    result = _savefig(self, fname, *args, **kwargs)
    _figure_texts[_Path(fname).name] = [t.get_text() for t in self.findobj(_text.Text) if t.get_text().strip()]
    return result
_figure.Figure.savefig = _recording_savefig
"""
# What a figure must never show: a citation key, an IRI, a shortened IRI, English words of the old figures.
RAW_KEY = re.compile(r"^(arrete|decret|loi|code|avis|ordonnance|rectificatif):\S")
NOT_A_LABEL = re.compile(r"https?://|lgid:|\bunidentified/")
ENGLISH = re.compile(r"\b(the|of|and|number|undated|texts?|cites|cited|by|with|without|versions of)\b")


@pytest.fixture(scope="module")
def kernel_dir(tmp_path_factory) -> Path:
    """A kernelspec that runs this interpreter, whatever kernels the machine has registered."""
    kernels = tmp_path_factory.mktemp("kernels")
    write_kernel_spec(str(kernels / KERNEL), overrides={"display_name": "legalgraph tests"})
    return kernels


@pytest.fixture(scope="module")
def tables() -> dict:
    """The tidy tables of the corpus graph, built here: what the notebooks' figures must add up to."""
    with legalgraph.open() as kg:
        kg.build(CORPUS)
        return {"versions": kg.versions(), "certificates": kg.certificates(), "acts": kg.acts()}


def execute(
    name: str, probe: str, kernel_dir: Path, *, folder: Path = NOTEBOOKS, cells: int | None = None
) -> tuple[dict, list]:
    """Run ``<folder>/<name>.ipynb`` (its first ``cells`` cells only, when given) with ``folder`` as working
    directory, then ``probe`` (a Python expression) in its kernel; its JSON value and the notebook's cells."""
    nb = nbformat.read(folder / f"{name}.ipynb", as_version=4)
    own = nb.cells[:cells]
    nb.cells = [
        nbformat.v4.new_code_cell(RECORD_FIGURE_TEXTS),
        *own,
        nbformat.v4.new_code_cell(f"import json as _json\nprint(_json.dumps({probe}, default=str))"),
    ]
    km = KernelManager(
        kernel_name=KERNEL, kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernel_dir)])
    )
    client = nbclient.NotebookClient(
        nb, km=km, timeout=300, startup_timeout=120, resources={"metadata": {"path": str(folder)}}
    )
    client.execute()  # raises CellExecutionError, with the cell and its traceback, if a cell fails
    (out,) = [o for o in nb.cells[-1].outputs if o.output_type == "stream" and o.name == "stdout"]
    return json.loads(out.text), nb.cells[1:-1]


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", data[16:24])


def check_figures(folder: Path, names: list[str], texts: dict[str, list[str]]) -> None:
    """Each figure saved, of a readable size, and no label on it a raw key, an IRI or English."""
    for name in names:
        path = folder / f"{name}.png"
        assert path.is_file(), f"{name}.png was not saved (saved: {sorted(p.name for p in folder.iterdir())})"
        width, height = png_size(path)
        assert width >= 800 and height >= 300, f"{name}.png is only {width}x{height}"
        assert path.stat().st_size > 20_000, f"{name}.png looks empty ({path.stat().st_size} bytes)"
        labels = texts[path.name]
        assert len(labels) >= 5, f"{name}.png has almost no text: {labels}"
        for label in labels:
            for line in label.splitlines():
                assert not RAW_KEY.match(line.strip()), f"{name}.png shows a raw key: {line!r}"
                assert not NOT_A_LABEL.search(line), f"{name}.png shows an IRI: {line!r}"
                assert not ENGLISH.search(line), f"{name}.png is not in French: {line!r}"


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


def test_notebooks_are_committed_without_outputs_and_in_french():
    paths = sorted(NOTEBOOKS.glob("*.ipynb"))
    assert {p.stem for p in paths} == {"citations", "lineage", "sparql-cookbook", "titres"}
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, f"{path.name} cell {i} has outputs"
                # the corpus is found by legalgraph.corpus_dir(), never by a path written in the notebook
                assert not re.search(r"[\"'][^\"'\n]*corpus[/\\\\]", cell.source), f"{path.name} cell {i}"
            else:
                prose = re.sub(r"`[^`]*`", "", cell.source)  # code in backquotes is not prose
                assert not re.search(r"\b(the|which|and|of)\b", prose), (
                    f"{path.name} cell {i}: {prose[:80]!r}"
                )
        assert "legalgraph.corpus_dir()" in "".join(c.source for c in nb.cells if c.cell_type == "code")


def _requirement_names(specs: list[str]) -> set[str]:
    return {re.split(r"[<>=!~;\[ ]", spec, maxsplit=1)[0].lower().replace("_", "-") for spec in specs}


def test_the_notebooks_extra_installs_what_the_notebooks_import():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = _requirement_names(project["dependencies"] + project["optional-dependencies"]["notebooks"])
    sources = [
        "\n".join(c.source for c in nbformat.read(p, as_version=4).cells if c.cell_type == "code")
        for p in NOTEBOOKS.glob("*.ipynb")
    ]
    sources.append(Path(__file__).read_text(encoding="utf-8"))  # this test runs them: its kernel packages too
    modules = set()
    for source in sources:
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    third_party = modules - set(sys.stdlib_module_names) - {"legalgraph", "tests", "pytest", "__future__"}
    distributions = packages_distributions()
    for module in sorted(third_party):
        names = {d.lower().replace("_", "-") for d in distributions.get(module, [module])}
        assert names & declared, (
            f"the notebooks import {module} ({', '.join(names)}): not in the notebooks extra"
        )


def test_citations(kernel_dir, figures, tables):
    facts, cells = execute(
        "citations",
        """{
            "most_cited": most_cited[["key", "citing_acts"]].head(TOP).values.tolist(),
            "nodes": N.number_of_nodes(), "numbered": len(number),
            "cited_by": by_text[["date", "titre"]].values.tolist(),
            "anachronisms": len(anachronisms), "figure_texts": _figure_texts,
        }""",
        kernel_dir,
    )
    assert len(facts["most_cited"]) == 15
    counts = [n for _, n in facts["most_cited"]]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 10
    keys = {k for k, _ in facts["most_cited"]}
    assert {"arrete:2015-12-22", "arrete:2006-03-09", "code:code de l'education:R338-1"} <= keys
    assert facts["nodes"] > facts["numbered"] >= 10
    # The texts that cite the arrêté du 22 décembre 2015 include the arrêtés of 2017 and 2022 (corpus/gold),
    # each at its own date; none is older than the arrêté it cites.
    citing = {(d[:10], t) for d, t in facts["cited_by"]}
    assert ("2017-12-12", "conseiller commercial") in citing
    assert ("2022-11-21", "conseiller en insertion professionnelle") in citing
    assert all(d[:10] >= "2015-12-22" for d, _ in facts["cited_by"] if d != "NaT")
    assert facts["anachronisms"] == 0
    names = [
        "citations-actes-les-plus-cites",
        "citations-reseau",
        "citations-textes-citant-arrete-2015-12-22",
        "citations-conditions-de-delivrance",
    ]
    check_figures(figures, names, facts["figure_texts"])
    # the bars are labelled by the acts' official titles (kg.acts()), shortened at a word with "…"
    titles = set(tables["acts"]["title"].dropna())
    bars = [" ".join(t.split()) for t in facts["figure_texts"]["citations-actes-les-plus-cites.png"]]
    official = [b for b in bars if any(t == b or t.startswith(b.rstrip("…").rstrip()) for t in titles)]
    assert len(official) >= 15 and "Code de l'éducation, article R338-1" in official
    assert images(cells) == 4


def test_lineage(kernel_dir, figures):
    facts, cells = execute(
        "lineage",
        """{"lineages": {t: {"dates": [str(d) for d in lineages[t]["date"]],
                             "names": list(lineages[t]["name"].dropna()),
                             "certificates": len(certificates[t]), "equivalences": len(equivalences[t])}
                         for t in TITRES},
            "figure_texts": _figure_texts}""",
        kernel_dir,
    )
    commercial = facts["lineages"]["conseiller commercial"]
    assert {"2003-07-31", "2013-02-07", "2017-12-12", "2023-07-05"} <= set(commercial["dates"])
    assert {"attaché commercial", "commercial(e)", "conseiller commercial"} <= set(commercial["names"])
    assert commercial["certificates"] >= 2 and commercial["equivalences"] >= 2
    insertion = facts["lineages"]["conseiller en insertion professionnelle"]
    assert {"2003-10-21", "2017-12-11", "2022-11-21"} <= set(insertion["dates"])
    assert insertion["certificates"] >= 3 and insertion["equivalences"] >= 3
    transport = facts["lineages"]["technicien supérieur du transport aérien et maritime de marchandises"]
    assert transport["equivalences"] >= 1
    slugs = (
        "conseiller-commercial",
        "conseiller-en-insertion-professionnelle",
        "technicien-superieur-du-transport-aerien-et-maritime-de-marc",
    )
    names = [f"lignee-{kind}-{slug}" for kind in ("frise", "equivalences") for slug in slugs]
    check_figures(figures, names, facts["figure_texts"])
    frise = facts["figure_texts"]["lignee-frise-conseiller-commercial.png"]
    assert {"12/12/2017\nrévision\n2 certificats · niveau 4", "2004", "2024"} <= set(frise)
    assert images(cells) == 6


def test_titres_from_a_copy_elsewhere(kernel_dir, figures, tables, tmp_path, monkeypatch):
    """The titres notebook, copied into a folder with no corpus above it, reads LEGALGRAPH_CORPUS; its figures
    add up to the tidy tables: every version counted once, unknown actions and empty years kept."""
    elsewhere = tmp_path / "analyse"
    elsewhere.mkdir()
    shutil.copy(NOTEBOOKS / "titres.ipynb", elsewhere)
    monkeypatch.setenv("LEGALGRAPH_CORPUS", str(CORPUS))
    facts, cells = execute(
        "titres",
        """{"corpus": str(CORPUS), "per_year": per_year.to_dict(), "undated": undated.to_dict(),
            "by_level_nsf": int(by_level_nsf.to_numpy().sum()), "hours": stated["min_hours"].tolist(),
            "figure_texts": _figure_texts}""",
        kernel_dir,
        folder=elsewhere,
    )
    versions, certificates = tables["versions"], tables["certificates"]
    assert facts["corpus"] == str(CORPUS)
    per_year = {action: {int(y): n for y, n in years.items()} for action, years in facts["per_year"].items()}
    counted = sum(sum(years.values()) for years in per_year.values()) + sum(facts["undated"].values())
    assert counted == len(versions)
    assert sum(facts["undated"].values()) == int(versions["date"].isna().sum())
    unknown = sum(per_year["non précisée"].values()) + facts["undated"]["non précisée"]
    assert unknown == int(versions["action"].isna().sum()) > 0
    years = versions["date"].dt.year.dropna()
    for action, by_year in per_year.items():  # every year on the axis, the empty ones included
        assert sorted(by_year) == list(range(int(years.min()), int(years.max()) + 1)), action
    assert any(all(by_year[y] == 0 for by_year in per_year.values()) for y in per_year["non précisée"])
    assert facts["by_level_nsf"] == len(versions)
    # the hours per certificate are the ones the gold files give (copies of one arrêté counted once)
    gold_hours = {
        (gold["date"], c["rank"], c["min_hours"])
        for _, gold in gold_pairs()
        for c in gold.get("certificates") or []
        if c.get("min_hours") is not None
    }
    assert sorted(facts["hours"]) == sorted(h for *_, h in gold_hours)
    assert len(facts["hours"]) == int(certificates["min_hours"].notna().sum())
    names = [
        "titres-versions-par-annee-et-action",
        "titres-versions-par-niveau-et-specialite-nsf",
        "titres-heures-minimales-par-certificat",
    ]
    check_figures(figures, names, facts["figure_texts"])
    legend = facts["figure_texts"]["titres-versions-par-annee-et-action.png"]
    assert {"création", "révision", "non précisée", "sans\ndate"} <= set(legend)
    assert images(cells) == 3


def test_a_copy_elsewhere_finds_the_installed_project_or_says_how_to_set_the_corpus(
    kernel_dir, figures, tmp_path, monkeypatch
):
    elsewhere = tmp_path / "analyse"
    elsewhere.mkdir()
    shutil.copy(NOTEBOOKS / "titres.ipynb", elsewhere)
    # No setting: the corpus of the installed project (this repository, installed in editable mode).
    facts, _ = execute("titres", '{"corpus": str(CORPUS)}', kernel_dir, folder=elsewhere, cells=2)
    assert facts["corpus"] == str(CORPUS)
    # A setting that names no folder: the notebook stops at once, saying what it looked for and how to set it.
    monkeypatch.setenv("LEGALGRAPH_CORPUS", str(tmp_path / "corpus-ailleurs"))
    with pytest.raises(nbclient.exceptions.CellExecutionError) as failed:
        execute("titres", "{}", kernel_dir, folder=elsewhere, cells=2)
    message = str(failed.value)
    assert "LegalgraphError" in message and "is not a folder" in message
    assert "corpus-ailleurs" in message and "os.environ['LEGALGRAPH_CORPUS']" in message


def test_corpus_dir_reads_the_setting_then_looks_upwards_then_says_how_to_set_it(tmp_path, monkeypatch):
    monkeypatch.delenv("LEGALGRAPH_CORPUS", raising=False)
    monkeypatch.setattr(legalgraph, "_PROJECT_ROOT", tmp_path / "not-installed")
    deep = tmp_path / "projet" / "notebooks" / "brouillons"
    deep.mkdir(parents=True)
    (tmp_path / "projet" / "corpus" / "texts").mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert legalgraph.corpus_dir() == tmp_path / "projet" / "corpus" / "texts"
    monkeypatch.setenv("LEGALGRAPH_CORPUS", str(CORPUS))
    assert legalgraph.corpus_dir() == CORPUS
    monkeypatch.delenv("LEGALGRAPH_CORPUS")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(LegalgraphError, match="no corpus found: LEGALGRAPH_CORPUS is not set") as missing:
        legalgraph.corpus_dir()
    assert str(tmp_path) in str(missing.value) and "export LEGALGRAPH_CORPUS=" in str(missing.value)


def test_sparql_cookbook_on_a_built_store(kernel_dir, figures, tables, tmp_path, monkeypatch):
    store = tmp_path / "store"
    with legalgraph.open(store) as kg:
        kg.build(CORPUS)
    monkeypatch.setenv("LEGALGRAPH_STORE", str(store))
    facts, cells = execute(
        "sparql-cookbook",
        """{"store": repr(kg), "rows": {name: len(df) for name, df in results.items()},
            "same": checks["mêmes lignes"].tolist(), "per_year": table.to_dict(), "figure_texts": _figure_texts}""",
        kernel_dir,
    )
    assert str(store) in facts["store"]  # the notebook opened the store it was given, not a new one
    assert set(facts["rows"]) == set(KnowledgeGraph.named_queries())  # every named query is shown
    empty = [name for name, n in facts["rows"].items() if n == 0]
    assert not empty, f"named queries with no rows on the corpus: {empty}"
    assert facts["same"] and all(facts["same"])
    # The SPARQL recipe counts what the tidy table counts: every dated version, its action stated or not.
    dated = tables["versions"].dropna(subset=["date"])
    per_year = facts["per_year"]
    assert sum(sum(years.values()) for years in per_year.values()) == len(dated)
    assert sum(per_year["non précisée"].values()) == int(dated["action"].isna().sum())
    assert len(per_year["non précisée"]) == int(dated["date"].dt.year.max() - dated["date"].dt.year.min()) + 1
    check_figures(figures, ["sparql-versions-par-annee-et-action"], facts["figure_texts"])
    assert images(cells) == 1
