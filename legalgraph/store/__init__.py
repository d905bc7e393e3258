"""Stage 6, `store`: where the quads live and how they are queried.

* ``OxigraphStore(path)``: the default, an embedded pyoxigraph store in a folder on disk;
* ``OxigraphStore()``: the same in memory; ``MemoryStore()``: rdflib's ``Dataset`` in memory;
* anything else that follows the ``Store`` protocol (``base.py``) — a SPARQL 1.1 Protocol client for
  ``oxigraph serve`` or Virtuoso needs only ``select``/``ask`` (query endpoint) and the writes (update
  endpoint: ``INSERT DATA`` from ``base.insert_data``, ``DROP GRAPH``).
"""

from __future__ import annotations

import os
from pathlib import Path

from legalgraph.store.base import Solutions, Store
from legalgraph.store.load import BuildReport, Loader, build_paths, load_documents, refresh_derived
from legalgraph.store.memory import MemoryStore
from legalgraph.store.oxigraph import OxigraphStore

__all__ = [
    "Store",
    "Solutions",
    "OxigraphStore",
    "MemoryStore",
    "Loader",
    "BuildReport",
    "load_documents",
    "build_paths",
    "refresh_derived",
    "default_store_path",
    "open_store",
]


def default_store_path() -> Path:
    """``$LEGALGRAPH_STORE``, else ``./store``."""
    return Path(os.environ.get("LEGALGRAPH_STORE") or "store")


def open_store(
    path: str | Path | None = None, *, backend: str = "oxigraph", read_only: bool = False
) -> Store:
    """A store: on disk at ``path`` (oxigraph), or in memory when ``path`` is None (oxigraph or rdflib);
    a SPARQL 1.1 server when ``path`` is an ``http(s)://`` URL (``remote.RemoteStore.connect``)."""
    if path is not None and str(path).startswith(("http:/", "https:/")):  # `Path` turns "//" into "/"
        from legalgraph.store.remote import RemoteStore, normalize_url

        return RemoteStore.connect(normalize_url(path))
    if backend == "rdflib":
        if path is not None:
            raise ValueError("the rdflib store lives in memory: give no path")
        return MemoryStore()
    if backend != "oxigraph":
        raise ValueError(f"unknown store backend {backend!r} (oxigraph, rdflib)")
    return OxigraphStore(path, read_only=read_only)
