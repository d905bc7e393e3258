"""The nightly job (`legalgraph watch`): DILA open-data archives in, new and changed arrêtés into the store.

index (list the archives, check the links) → fetch (download) → archive (stream members, check completeness)
→ assemble (JORF/LEGI texts) → job (filter, ingest, deletions, state) → report.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from legalgraph.watch.fetch import FetchPolicy
from legalgraph.watch.job import (
    STORE_WAIT,
    Exit,
    TextFilter,
    WatchReport,
    prune_reports,
    reports_folder,
    run_watch,
    state_paths,
    write_report,
)
from legalgraph.watch.report import Progress

__all__ = ["run_watch", "TextFilter", "FetchPolicy", "Exit", "WatchReport", "add_parser"]

EXIT_CODES = (
    "Exit codes: 0 ingested; 1 something needs a look (an archive failed or was given up, the source "
    "could not be listed, the store could not be opened, the deadline passed, a link or a stamp was "
    "refused: see the report); 2 usage; 3 nothing new; 4 locked (another run is going on)."
)


def add_parser(sub, summary: str) -> None:
    """The `watch` sub-command of the `legalgraph` CLI (``summary``: its line in `legalgraph --help`)."""
    p = sub.add_parser(
        "watch",
        help=summary,
        description=EXIT_CODES,
    )
    p.add_argument(
        "--source",
        required=True,
        help="index URL (e.g. https://echanges.dila.gouv.fr/OPENDATA/JORFSIMPLE/), file:// URL or folder",
    )
    p.add_argument(
        "--store",
        default=None,
        help="store folder or SPARQL server URL (default $LEGALGRAPH_STORE or ./store)",
    )
    p.add_argument(
        "--state",
        type=Path,
        default=None,
        help="the job's state file (default: <store>.watch.json beside a store folder); downloads go "
        "to the .watch-work folder beside it",
    )
    p.add_argument(
        "--since", help="take archives delivered after this stamp (YYYYMMDD-HHMMSS), not after the state's"
    )
    p.add_argument("--nature", action="append", help="DILA NATURE to keep (repeatable; default ARRETE)")
    p.add_argument(
        "--title", default=TextFilter.title, help="pattern the title must contain (accents ignored)"
    )
    p.add_argument("--report", type=Path, help="where to write the JSON report (default: beside the store)")
    p.add_argument(
        "--keep-reports",
        type=float,
        default=30,
        metavar="DAYS",
        help="remove reports older than this from the reports folder (default 30; 0 keeps all)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=FetchPolicy.timeout,
        metavar="SECONDS",
        help="stall detection: no byte for this long aborts a download, which is then retried "
        "(default %(default)g)",
    )
    p.add_argument("--retries", type=int, default=FetchPolicy.retries)
    p.add_argument(
        "--deadline",
        type=float,
        default=FetchPolicy.deadline,
        metavar="SECONDS",
        help="the whole run stops after this long, the archive in progress uncommitted "
        "(default %(default)g; 0: none)",
    )
    p.add_argument(
        "--max-archive-mb",
        type=float,
        default=FetchPolicy.max_bytes / 1024**2,
        metavar="MB",
        help="an archive larger than this is refused (default %(default)g)",
    )
    p.add_argument(
        "--store-wait",
        type=float,
        default=STORE_WAIT,
        metavar="SECONDS",
        help="how long to wait for a store another process holds (default %(default)g)",
    )
    p.add_argument(
        "--retry",
        action="append",
        default=[],
        metavar="NAME",
        help="take a given-up archive again, and the archives after it (repeatable)",
    )
    p.add_argument(
        "--skip",
        action="append",
        default=[],
        metavar="NAME",
        help="never take this archive (given up, or a stamp not believed) again (repeatable)",
    )
    p.add_argument(
        "--quiet",
        action="store_true",
        help="for cron: no progress, and the summary only when something needs a look (exit 1)",
    )
    p.set_defaults(func=cmd_watch)


def cmd_watch(args) -> int:
    from legalgraph.store import default_store_path

    store = args.store or str(default_store_path())
    text_filter = TextFilter(natures=tuple(args.nature or ("ARRETE",)), title=args.title)
    policy = FetchPolicy(
        timeout=args.timeout,
        retries=args.retries,
        deadline=args.deadline or None,
        max_bytes=int(args.max_archive_mb * 1024**2),
    )
    report = run_watch(
        args.source,
        store,
        state_path=args.state,
        since=args.since,
        text_filter=text_filter,
        policy=policy,
        retry=args.retry,
        skip=args.skip,
        store_wait=args.store_wait,
        progress=Progress() if args.quiet else Progress.to_stderr(),
    )
    state_file, _ = state_paths(store, args.state)
    path = args.report or reports_folder(state_file) / f"{time.strftime('%Y%m%d-%H%M%S')}.json"
    write_report(report, path)
    prune_reports(path.parent, args.keep_reports)
    code = report.exit_code()
    if not args.quiet or code is Exit.FAILED:
        print(report.summary())
        print(f"report: {path}", file=sys.stderr)
    return int(code)
