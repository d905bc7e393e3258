"""legalgraph: French arrêtés on titres professionnels, read into a knowledge graph.

The pipeline, one verb per module: ``read`` → ``segment`` → ``extract`` → ``resolve`` → ``graph`` → ``store``.

    >>> import legalgraph
    >>> doc = legalgraph.parse("corpus/texts/2022-11-21_conseiller-insertion-professionnelle__full-copy.txt")
    >>> doc.titre.name
    'conseiller en insertion professionnelle'
"""

from __future__ import annotations

from pathlib import Path

# The `read` stage package is imported first, so that the public function `read` defined below is what
# `legalgraph.read` names (importing a submodule later would otherwise rebind the attribute to the package).
import legalgraph.read as _read_stage  # noqa: F401
from legalgraph.errors import InputError, LegalgraphError
from legalgraph.models import Document
from legalgraph.record import to_record

__all__ = ["read", "parse", "to_record", "nlp", "open", "Document", "LegalgraphError", "InputError"]
__version__ = "0.1.0"


def read(source: str | Path | bytes, path: str | None = None) -> Document:
    """Read and segment one source (a path or its bytes) into a Document with spans; no entities yet."""
    from legalgraph.read import read_source
    from legalgraph.segment import segment

    return segment(read_source(source, path=path))


def parse(source: str | Path | bytes, path: str | None = None) -> Document:
    """Read, segment, extract and resolve one source: the Document behind a record."""
    from legalgraph.extract import extract
    from legalgraph.resolve import resolve

    return resolve(extract(read(source, path=path)))


def nlp():
    """legalgraph's spaCy pipeline: a blank French tokenizer with the legalgraph rule components."""
    from legalgraph.extract.pipeline import make_nlp

    return make_nlp()


def open(path: str | Path | None = None, *, backend: str = "oxigraph", read_only: bool = False):  # noqa: A001
    """The knowledge graph in the store at ``path`` (see ``legalgraph build``), or a new one in memory when None.

    Returns a ``legalgraph.knowledge.KnowledgeGraph``: ``.named("cited-by", act="arrete:2015-12-22")`` and ``.query(…)``
    give pandas DataFrames, ``.to_networkx()`` a typed MultiDiGraph, ``.build(paths)`` / ``.export(…)`` the rest.
    """
    from legalgraph.knowledge import open_graph

    return open_graph(path, backend=backend, read_only=read_only)
