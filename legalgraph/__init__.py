"""legalgraph: French arrêtés on titres professionnels, read into a knowledge graph.

The pipeline, one verb per module: ``read`` → ``segment`` → ``extract`` → ``resolve`` → ``graph`` → ``store``.

    >>> import legalgraph
    >>> doc = legalgraph.parse("corpus/texts/2022-11-21_conseiller-insertion-professionnelle__full-copy.txt")
    >>> doc.titre.name
    'conseiller en insertion professionnelle'
    >>> [c.key for c in legalgraph.citations("Vu le décret n° 2019-14 du 8 janvier 2019 ;")]
    ['decret:2019-14']

``read`` and ``parse`` take one source by one rule: a ``pathlib.Path``, or a ``str`` that names an existing
file, is read from disk; ``bytes`` are a file's content; any other ``str`` is the text itself (its format told
from its content, as a file's). A one-line ``str`` that ends like a file name (``.txt``, ``.md``, ``.html``,
``.xml``, ``.json``) but names no file is an ``InputError`` ("no such file"), not a text: a typo in a path
never parses as a one-line arrêté. ``parse_text`` and ``parse_file`` say which one you mean.
"""

from __future__ import annotations

import os
import re
import sys
import types
from pathlib import Path

from legalgraph.errors import InputError, LegalgraphError
from legalgraph.patterns import lazy

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)

if TYPE_CHECKING:
    from legalgraph.models import Document
    from legalgraph.record import to_record

__all__ = [
    "read",
    "parse",
    "parse_text",
    "parse_file",
    "citations",
    "annotate",
    "to_record",
    "nlp",
    "open",
    "corpus_dir",
    "Document",
    "LegalgraphError",
    "InputError",
]
__version__ = "0.1.0"

CORPUS_ENV = "LEGALGRAPH_CORPUS"
_PROJECT_ROOT = Path(__file__).resolve().parent.parent  # the repository, for an editable install


_FILE_NAME = lazy(r"\.(?:txt|md|markdown|html?|xml|json)$", re.I)


def __getattr__(name: str):
    """``Document`` and ``to_record``, imported when first asked for: ``legalgraph --help`` imports no stage."""
    if name == "Document":
        from legalgraph.models import Document

        return Document
    if name == "to_record":
        from legalgraph.record import to_record

        return to_record
    raise AttributeError(f"module 'legalgraph' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), "Document", "to_record"})


class _Package(types.ModuleType):
    """The class of this module, so that ``legalgraph.read`` stays the function ``read`` defined below.

    The import system binds every submodule as an attribute of its package: the `read` stage package
    (``legalgraph/read/``), imported on first use, would replace the function. That one binding is refused; the
    stage package is ``sys.modules["legalgraph.read"]`` as usual."""

    def __setattr__(self, name: str, value: object) -> None:
        if name == "read" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def _source(source: str | Path | bytes, path: str | None) -> tuple[str | Path | bytes, str | None]:
    """What ``read_source`` takes for ``source``, by the rule of the module docstring."""
    if isinstance(source, bytes | Path):
        return source, path
    if not isinstance(source, str):
        raise TypeError(
            f"legalgraph reads a path (str or Path), bytes or a text, not {type(source).__name__}"
        )
    one_line = "\n" not in source and len(source) < 4096
    if one_line and source.strip() and os.path.lexists(source):
        return source, path  # a file name (a folder or a FIFO too: the reader says what it is)
    if one_line and _FILE_NAME().search(source.strip()):
        raise InputError("no such file (legalgraph.parse_text parses a string as text)", source)
    return source.encode("utf-8"), path


def read(source: str | Path | bytes, path: str | None = None) -> Document:
    """Read and segment one source (a path, a file's bytes or a text) into a Document with spans; no entities
    yet. ``path``: how errors and the record name the source."""
    from legalgraph.read import read_source
    from legalgraph.segment import segment

    return segment(read_source(*_source(source, path)))


def parse(source: str | Path | bytes, path: str | None = None) -> Document:
    """Read, segment, extract and resolve one source (a path, a file's bytes or a text): the Document behind
    a record."""
    from legalgraph.extract import extract
    from legalgraph.resolve import resolve

    return resolve(extract(read(source, path=path)))


def parse_text(text: str, path: str | None = None) -> Document:
    """``parse`` of a string that is the text itself, never a file name."""
    if not isinstance(text, str):
        raise TypeError(f"parse_text takes a str, not {type(text).__name__}")
    return parse(text.encode("utf-8"), path=path)


def parse_file(path: str | Path) -> Document:
    """``parse`` of a file, never of the string's own words."""
    return parse(Path(path))


def citations(text: str):
    """Every citation of ``text`` with its span into it, its key and the official ids legalgraph knows:
    a list of ``legalgraph.linking.FoundCitation`` (eyecite's ``get_citations``)."""
    from legalgraph.linking import citations as _citations

    return _citations(text)


def annotate(text_or_html: str, url=None, **options) -> str:
    """``text_or_html`` with each citation wrapped in a link to its Légifrance page (or ``url(citation)``),
    markup kept intact (eyecite's ``annotate_citations``): see ``legalgraph.linking.annotate``."""
    from legalgraph.linking import annotate as _annotate

    return _annotate(text_or_html, url, **options)


def nlp():
    """legalgraph's spaCy pipeline: a blank French tokenizer with the legalgraph rule components."""
    from legalgraph.extract.pipeline import make_nlp

    return make_nlp()


def open(path: str | Path | None = None, *, backend: str = "oxigraph", read_only: bool = False):  # noqa: A001
    """The knowledge graph in the store at ``path`` (see ``legalgraph build``), or a new one in memory when None.

    Returns a ``legalgraph.knowledge.KnowledgeGraph``: ``.acts()``, ``.versions()``, ``.titres()``,
    ``.certificates()``, ``.equivalences()``, ``.citations()`` are tidy tables (one row per real thing, typed
    columns); ``.named("cited-by", act="arrete:2015-12-22")`` and ``.query(…)`` give pandas DataFrames,
    ``.to_networkx()`` a typed MultiDiGraph, ``.build(paths)`` / ``.export(…)`` the rest.
    """
    from legalgraph.knowledge import open_graph

    return open_graph(path, backend=backend, read_only=read_only)


def corpus_dir() -> Path:
    """The folder of the corpus texts: ``$LEGALGRAPH_CORPUS`` when set, else the first ``corpus/texts`` found
    from the working directory upwards, else the one beside the installed package (an editable install of the
    repository). The notebooks read the corpus through this one function, so they run wherever they are copied.
    """
    setting = os.environ.get(CORPUS_ENV)
    if setting:
        folder = Path(setting).expanduser()
        if not folder.is_dir():
            raise LegalgraphError(
                f"{CORPUS_ENV}={setting!r} is not a folder (working directory: {Path.cwd()}): set it to the "
                "folder of the texts, e.g. os.environ['LEGALGRAPH_CORPUS'] = '/path/to/legalgraph/corpus/texts'"
            )
        return folder.resolve()
    here = Path.cwd().resolve()
    for root in (*[here, *here.parents], _PROJECT_ROOT):
        if (root / "corpus" / "texts").is_dir():
            return root / "corpus" / "texts"
    raise LegalgraphError(
        f"no corpus found: {CORPUS_ENV} is not set, no corpus/texts folder in {here} or above it, none beside "
        f"the installed package ({_PROJECT_ROOT}); set it to the folder of the texts, e.g. "
        "os.environ['LEGALGRAPH_CORPUS'] = '/path/to/legalgraph/corpus/texts' in Python, or "
        "export LEGALGRAPH_CORPUS=/path/to/legalgraph/corpus/texts before starting Jupyter"
    )
