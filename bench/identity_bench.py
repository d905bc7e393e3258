"""Identity on the real corpus: acts, and the share of distinct cited acts that carry an official id and a
Légifrance link (bounded by what the catalogue and the texts know: avis have no id)."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from legalgraph.cli import iter_sources
from legalgraph.evaluate import score_lineage
from legalgraph.knowledge import linkage, unattached_sources
from legalgraph.store import OxigraphStore, build_paths
from legalgraph.store.records import ancestor_dates

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "texts"
GOLD = CORPUS.parent / "gold"


def run(seconds: float) -> None:
    del seconds  # one build of the corpus: the figures are counts, not times
    with tempfile.TemporaryDirectory(prefix="legalgraph-bench-") as tmp:
        store = OxigraphStore(Path(tmp) / "store")
        t = time.perf_counter()
        report = build_paths(store, list(iter_sources([str(CORPUS)])))
        elapsed = time.perf_counter() - t
        acts = (
            store.select(
                "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a <http://data.europa.eu/eli/ontology#LegalResource> }"
            )
            .rows[0][0]
            .value
        )
        s = linkage(store)
        print(f"\n== identity: corpus/texts ({len(report.added)} sources, built in {elapsed:.1f} s)")
        print(f"   acts: {acts}; sources not attached to an identified act: {len(unattached_sources(store))}")
        print(
            f"   distinct cited acts: {s['cited']}; with an official id: {s['with_id']} ({s['share_with_id']:.0%}); "
            f"with a Légifrance link: {s['with_link']} ({s['share_with_link']:.0%}); "
            f"id known to the catalogue or a text: {s['with_id_known']} "
            f"(carried: {s['with_id'] / max(s['with_id_known'], 1):.0%})"
        )
        lineage = score_lineage(
            ancestor_dates(store), [json.loads(p.read_text("utf-8")) for p in GOLD.glob("*.gold.json")]
        )
        print(
            f"   lineage against the gold's previous acts (ancestors): P {lineage['precision']:.3f} "
            f"R {lineage['recall']:.3f} (tp {lineage['tp']}, fp {lineage['fp']}, fn {lineage['fn']})"
        )
        store.close()
