"""`legalgraph serve`: the store as a SPARQL 1.1 endpoint, with a page to type queries and run named ones, and
the graph's IRIs answering at ``/id/…``.

    legalgraph serve --store store --port 8000      # then open http://127.0.0.1:8000/

See ``app.py`` for the protocol, the limits and what each error means, ``resources.py`` for ``/id/``.
"""

from __future__ import annotations

import os
import secrets
import signal
import sys
from pathlib import Path

from legalgraph.serve.settings import Settings

__all__ = ["add_parser", "cmd_serve", "Settings"]


def add_parser(sub, summary: str) -> None:
    """The `serve` sub-command of the `legalgraph` CLI (``summary``: its line in `legalgraph --help`)."""
    d = Settings()
    p = sub.add_parser(
        "serve",
        help=summary,
        description="Read-only unless --allow-update. Updates need Authorization: Bearer $LEGALGRAPH_UPDATE_TOKEN "
        "(a token is generated and printed when the variable is unset).",
    )
    p.add_argument("--store", help="the store folder (default: $LEGALGRAPH_STORE or ./store)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0: every interface)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--timeout", type=float, default=d.timeout, help="seconds a query may run (then 504)")
    p.add_argument(
        "--max-rows",
        type=int,
        default=d.max_rows,
        help="rows an answer holds at most (then cut, with X-SPARQL-MaxRows)",
    )
    p.add_argument(
        "--workers", type=int, default=d.workers, help="worker processes: queries evaluated at once"
    )
    p.add_argument(
        "--max-memory",
        type=int,
        default=d.max_memory_mb,
        metavar="MB",
        help=f"address space of each worker process, in MiB (default {d.max_memory_mb}; 0: no cap)",
    )
    p.add_argument(
        "--max-body-bytes",
        type=int,
        default=d.max_body_bytes,
        help=f"largest POST body (default {d.max_body_bytes}; then 413)",
    )
    p.add_argument(
        "--max-update-bytes",
        type=int,
        default=d.max_update_bytes,
        help=f"largest POST body with the update token (default {d.max_update_bytes})",
    )
    p.add_argument(
        "--allow-service",
        action="append",
        default=[],
        metavar="HOST_OR_URL_PREFIX",
        help="a SERVICE endpoint queries may call (repeatable); SERVICE and LOAD are refused otherwise",
    )
    p.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        metavar="NAME",
        help="a Host header to answer besides localhost, 127.0.0.1, [::1] and --host (repeatable; '*': any)",
    )
    p.add_argument(
        "--drain",
        type=float,
        default=d.drain,
        metavar="SECONDS",
        help=f"on SIGTERM, how long running queries may finish (default {d.drain:g})",
    )
    p.add_argument(
        "--allow-update", action="store_true", help="accept SPARQL updates (with the bearer token)"
    )
    p.add_argument(
        "--cors-origin", default=d.cors_origin, help="Access-Control-Allow-Origin (default *; '' for no CORS)"
    )
    p.add_argument(
        "--base-iri",
        default=d.base_iri,
        metavar="IRI",
        help=f"/id/<rest> describes the IRI <IRI>id/<rest> (default {d.base_iri}: the IRIs legalgraph writes)",
    )
    p.add_argument("--quiet", action="store_true", help="no access log")
    p.set_defaults(func=cmd_serve)


def cmd_serve(args) -> int:
    from legalgraph.serve.app import make_server, open_for_serving
    from legalgraph.serve.resources import check_base_iri
    from legalgraph.store import default_store_path

    base_iri = check_base_iri(args.base_iri)  # before anything else: a wrong setting starts nothing

    def stop(_signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)  # a service manager's stop is a clean shutdown too
    path = Path(args.store) if args.store else default_store_path()
    token = None
    if args.allow_update:
        token = os.environ.get("LEGALGRAPH_UPDATE_TOKEN")
        if not token:
            token = secrets.token_urlsafe(24)
            print(f"legalgraph serve: update token (Authorization: Bearer …): {token}", file=sys.stderr)
    settings = Settings(
        timeout=args.timeout,
        max_rows=args.max_rows,
        workers=max(1, args.workers),
        max_memory_mb=max(0, args.max_memory),
        max_body_bytes=args.max_body_bytes,
        max_update_bytes=args.max_update_bytes,
        allow_service=tuple(args.allow_service),
        allowed_hosts=tuple(args.allowed_host),
        drain=max(0.0, args.drain),
        allow_update=args.allow_update,
        token=token,
        cors_origin=args.cors_origin,
        quiet=args.quiet,
        base_iri=base_iri,
    )
    server = make_server(open_for_serving(path), args.host, args.port, settings)
    host, port = server.server_address[:2]
    mode = "updates allowed with the token" if args.allow_update else "read-only"
    try:
        print(
            f"legalgraph serve: {path} on http://{host}:{port}/ — SPARQL endpoint http://{host}:{port}/sparql "
            f"({mode}; time-out {settings.timeout:g} s, at most {settings.max_rows} rows); "
            f"{settings.id_base}<rest> answers at http://{host}:{port}/id/<rest>",
            file=sys.stderr,
        )
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()  # no new connections; running queries may finish for --drain seconds
        server.service.close(settings.drain)
    return 0
