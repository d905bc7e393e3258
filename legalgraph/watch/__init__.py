"""The nightly job (`legalgraph watch`): DILA open-data archives in, new and changed arrêtés into the store.

index (list the archives) → fetch (download) → archive (stream members) → assemble (JORF/LEGI texts) →
job (filter, ingest, deletions, state, report).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from legalgraph.watch.fetch import FetchPolicy
from legalgraph.watch.job import Exit, TextFilter, WatchReport, run_watch, state_paths, write_report

__all__ = ["run_watch", "TextFilter", "FetchPolicy", "Exit", "WatchReport", "add_parser"]


def add_parser(sub) -> None:
    """The `watch` sub-command of the `legalgraph` CLI."""
    p = sub.add_parser(
        "watch",
        help="ingest new arrêtés from DILA's open-data archives (cron-friendly)",
        description="Exit codes: 0 ingested, 1 some archives failed, 2 usage, 3 nothing new, 4 locked.",
    )
    p.add_argument("--source", required=True,
                   help="index URL (e.g. https://echanges.dila.gouv.fr/OPENDATA/JORFSIMPLE/), file:// URL or folder")
    p.add_argument("--store", default=None,
                   help="store folder or SPARQL server URL (default $LEGALGRAPH_STORE or ./store)")
    p.add_argument("--state", type=Path, default=None,
                   help="the job's state file (default: <store>.watch.json beside a store folder)")
    p.add_argument("--since", help="take archives delivered after this stamp (YYYYMMDD-HHMMSS), not after the state's")
    p.add_argument("--nature", action="append", help="DILA NATURE to keep (repeatable; default ARRETE)")
    p.add_argument("--title", default=TextFilter.title, help="pattern the title must contain (accents ignored)")
    p.add_argument("--report", type=Path, help="where to write the JSON report (default: beside the store)")
    p.add_argument("--timeout", type=float, default=FetchPolicy.timeout, help="network time-out, seconds")
    p.add_argument("--retries", type=int, default=FetchPolicy.retries)
    p.set_defaults(func=cmd_watch)


def cmd_watch(args) -> int:
    from legalgraph.store import default_store_path

    store = args.store or str(default_store_path())
    text_filter = TextFilter(natures=tuple(args.nature or ("ARRETE",)), title=args.title)
    report = run_watch(args.source, store, state_path=args.state, since=args.since, text_filter=text_filter,
                       policy=FetchPolicy(timeout=args.timeout, retries=args.retries))
    state_file, _ = state_paths(store, args.state)
    reports = state_file.with_name(state_file.name.removesuffix(".json") + "-reports")
    path = args.report or reports / f"{time.strftime('%Y%m%d-%H%M%S')}.json"
    write_report(report, path)
    print(report.summary())
    print(f"report: {path}", file=sys.stderr)
    return int(report.exit_code())
