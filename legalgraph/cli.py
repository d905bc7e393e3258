"""The `legalgraph` command: one sub-command per user task."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from legalgraph.errors import LegalgraphError


def iter_sources(paths: list[str]) -> Iterator[Path]:
    """Files as given, and the readable files of folders (sorted, recursively)."""
    from legalgraph.read import folder_files

    for p in map(Path, paths):
        if p.is_dir():
            yield from folder_files(p)
        else:
            yield p


def _message(path: Path | str, exc: BaseException) -> str:
    """One line naming the file and the reason (the file as printable text, whatever bytes its name has)."""
    from legalgraph.pool import failure_reason
    from legalgraph.read import display_path

    if isinstance(exc, LegalgraphError) and exc.path:
        return str(exc)
    return f"{display_path(path)}: {failure_reason(exc)}"


def _error(path: Path | str, exc: BaseException) -> None:
    """Report one file that failed; the batch goes on (a bug of ours too: still named with its file)."""
    print(f"legalgraph: {_message(path, exc)}", file=sys.stderr)


def cmd_text(args) -> int:
    from legalgraph.read import read_source

    status = 0
    for path in iter_sources(args.files):
        try:
            sys.stdout.write(read_source(path).text + "\n")
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
            _error(path, exc)
            status = 1
    return status


def _parse_record(path: Path) -> tuple[dict | None, str | None]:
    """The record of one file, or the line that says why there is none (run in a worker process too)."""
    from legalgraph import parse, to_record

    try:
        return to_record(parse(path)), None
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
        return None, _message(path, exc)


def cmd_parse(args) -> int:
    from legalgraph.pool import ordered_map, workers_asked

    files = list(iter_sources(args.files))
    workers = workers_asked(args.jobs, len(files))
    records, status = [], 0
    for record, error in ordered_map(_parse_record, files, workers):  # in input order
        if error:
            print(f"legalgraph: {error}", file=sys.stderr)
            status = 1
        elif args.format == "jsonl":
            print(json.dumps(record, ensure_ascii=False))
        elif args.format == "text":
            print(summary(record))
        else:
            records.append(record)
    if args.format == "json" and records:
        out = records[0] if len(records) == 1 else records
        print(json.dumps(out, ensure_ascii=False, indent=2))
    return status


def summary(r: dict) -> str:
    """A few readable lines about one record."""
    t = r["titre"]
    lines = [
        f"== {r['source']['path']} ({r['source']['format']})",
        f"   {r['nature']} {r['date'] or '?'}  NOR {r['nor'] or '-'}  {r['title'] or '(no title)'}",
        f"   {len(r['visas'])} visas, {len(r['articles'])} articles, {len(r['annexes'])} annexes, "
        f"{len(r['citations'])} citations, {len(r['certificates'])} certificates",
    ]
    if t:
        lines.append(
            f"   titre: {t['name']} [{t['action']}] level {t['level'] or '-'} NSF {','.join(t['nsf']) or '-'} "
            f"ROME {','.join(t['rome']) or '-'}"
        )
    lines += [
        f"   certificate {c['rank']}: {c['title']} ({c['min_hours'] or '-'} h)" for c in r["certificates"]
    ]
    lines += [f"   warning: {w}" for w in r.get("warnings", [])]
    return "\n".join(lines)


def cmd_eval(args) -> int:
    from legalgraph.evaluate import evaluate, format_report

    report = evaluate(Path(args.corpus), Path(args.gold))
    print(
        json.dumps(report, ensure_ascii=False, indent=2) if args.format == "json" else format_report(report)
    )
    return 0


# ---- graph and store -------------------------------------------------------------------------------------


def _store_path(args) -> str | Path:
    """``--store``: a store folder, or the URL of a SPARQL 1.1 server (kept as a string)."""
    from legalgraph.store import default_store_path

    if not args.store:
        return default_store_path()
    return args.store if args.store.startswith(("http://", "https://")) else Path(args.store)


def cmd_build(args) -> int:
    from legalgraph.knowledge import unattached_sources
    from legalgraph.pool import default_jobs
    from legalgraph.store import build_paths, open_store

    missing = [p for p in args.paths if not Path(p).exists()]
    for p in missing:
        print(f"legalgraph: {p}: no such file or folder", file=sys.stderr)
    store = open_store(_store_path(args))
    try:
        report = build_paths(
            store,
            [p for p in args.paths if p not in missing],
            progress=not args.quiet,
            on_error=_error,
            jobs=args.jobs or default_jobs(),
        )
        unattached = unattached_sources(store)
    finally:
        store.close()
    _print_removed("build", report)
    for source, act, why in report.attached:
        print(f"legalgraph build: attached: {source} → {act} ({why})", file=sys.stderr)
    print(f"legalgraph build: {report.summary()} → {_store_path(args)}", file=sys.stderr)
    if unattached:
        # not an error: a page of one article says too little to tell which act it belongs to
        print(
            f"legalgraph build: {len(unattached)} source(s) not attached to an identified act (no date, title "
            "or NOR in the text): " + ", ".join(unattached),
            file=sys.stderr,
        )
    return 1 if report.failed or missing else 0


def _print_removed(command: str, report) -> None:
    for key in report.removed:
        print(f"legalgraph {command}: removed: {key}", file=sys.stderr)


def cmd_remove(args) -> int:
    from legalgraph.store import Loader, open_store

    store = open_store(_store_path(args))
    unknown = []
    try:
        with Loader(store) as loader:  # the derived graph is recomputed on the way out
            for target in args.sources:
                keys = loader.keys_for(target)
                if not keys:
                    unknown.append(target)
                for key in keys:
                    loader.remove(key)
    finally:
        store.close()
    for target in unknown:
        print(
            f"legalgraph: {target}: not in the store (no source with this path, key or IRI)", file=sys.stderr
        )
    _print_removed("remove", loader.report)
    print(f"legalgraph remove: {len(loader.report.removed)} removed → {_store_path(args)}", file=sys.stderr)
    return 1 if unknown else 0


def _params(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise LegalgraphError(f"--param wants key=value, not {pair!r}")
        out[key.strip()] = value
    return out


def cmd_query(args) -> int:
    from legalgraph import queries
    from legalgraph.graph.namespaces import PREFIXES
    from legalgraph.store import open_store
    from legalgraph.store.base import answer
    from legalgraph.store.results import render

    if args.list:
        for q in queries.named_queries().values():
            params = " ".join(f"--param {k}=<{t}>" for k, (t, _) in q.params.items())
            print(f"{q.name:28} {params}\n{'':28} {q.description}")
        return 0
    if bool(args.sparql) == bool(args.name):
        raise LegalgraphError("give a SPARQL query or --name NAME (see --list)")
    store = open_store(_store_path(args), read_only=True)
    try:
        if args.name:
            result = queries.run(store, args.name, **_params(args.param))
        else:
            text = args.sparql
            if text == "-":
                text = sys.stdin.read()
            elif text.endswith(".rq") and Path(text).is_file():
                text = Path(text).read_text(encoding="utf-8")
            result = answer(store, text, PREFIXES)
    except ValueError as exc:  # an IRI the engine refuses in a parameter
        raise LegalgraphError(f"query failed: {exc}") from exc
    finally:
        store.close()
    sys.stdout.write(render(result, args.format, PREFIXES))
    sys.stdout.flush()  # here, so that a reader who stopped early (`| head`) is a BrokenPipeError main() handles
    return 0


def cmd_export(args) -> int:
    from legalgraph.knowledge import KnowledgeGraph
    from legalgraph.store import open_store

    kg = KnowledgeGraph(open_store(_store_path(args), read_only=True))
    try:
        if args.output:
            kg.export(args.output, args.format)
        elif args.format == "graphml":
            import io

            buf = io.BytesIO()
            kg.export(buf, "graphml")
            sys.stdout.buffer.write(buf.getvalue())
        else:
            kg.export(sys.stdout.buffer, args.format)
    finally:
        kg.close()
    return 0


DEMO_QUESTIONS = [
    ("Which texts cite the arrêté du 22 décembre 2015?", "cited-by", {"act": "arrete:2015-12-22"}),
    (
        "What does the 2022 arrêté on the conseiller en insertion professionnelle cite?",
        "cites",
        {"act": "arrete:2022-11-21"},
    ),
    ("The lineage of the titre « conseiller commercial »", "lineage", {"titre": "conseiller commercial"}),
    (
        "The equivalences of the titre « conseiller en insertion professionnelle »",
        "equivalences",
        {"titre": "conseiller en insertion professionnelle"},
    ),
    ("Which titres lead to ROME K1801?", "titres-by-rome", {"rome": "K1801"}),
    ("Which titres are of level 5 (old level III)?", "titres-by-level", {"level": "5"}),
    ("Which registrations end before 1 January 2020?", "registrations-ending-before", {"date": "2020-01-01"}),
    ("Which titres are registered on 1 January 2024?", "in-force-on", {"date": "2024-01-01"}),
]


def cmd_records(args) -> int:
    from legalgraph.store import open_store
    from legalgraph.store.records import records

    store = open_store(_store_path(args), read_only=True)
    try:
        rows = records(store)
    finally:
        store.close()
    if args.format == "jsonl":
        for record in rows:
            print(json.dumps(record, ensure_ascii=False))
    else:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    return 0


def cmd_demo(args) -> int:
    import shutil
    import tempfile

    from legalgraph import queries
    from legalgraph.graph.namespaces import PREFIXES
    from legalgraph.knowledge import KnowledgeGraph, linkage_line
    from legalgraph.store import OxigraphStore, build_paths
    from legalgraph.store.results import to_table

    tmp = None
    if args.store:
        path = Path(args.store)
        shutil.rmtree(path, ignore_errors=True)  # a fresh store: the demo shows a build from scratch
    else:
        tmp = tempfile.mkdtemp(prefix="legalgraph-demo-")
        path = Path(tmp) / "store"
    try:
        kg = KnowledgeGraph(OxigraphStore(path))
        report = build_paths(kg.store, args.paths, progress=not args.quiet, on_error=_error)
        print(f"== build: {report.summary()}")
        again = build_paths(kg.store, args.paths)
        print(f"== rebuild of the same input: {again.summary()}")
        print("== the graph: " + ", ".join(f"{v} {k}" for k, v in kg.summary().items()))
        print(f"== official ids: {linkage_line(kg.store)}")
        prefixes = {"lgid": PREFIXES["lgid"]}
        for question, name, params in DEMO_QUESTIONS:
            shown = " ".join(f"--param {k}={v!r}" for k, v in params.items())
            print(f"\n== {question}\n   legalgraph query --name {name} {shown}")
            print(to_table(queries.run(kg.store, name, **params), prefixes=prefixes, max_width=48))
        kg.close()
        return 1 if report.failed else 0
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


# Sub-commands with a package of their own: importing the nightly job or the server costs more than parsing a
# page, so their options are defined (and their package imported) only when they are the command run.
_PACKAGE_COMMANDS = {
    "watch": ("legalgraph.watch", "ingest new arrêtés from DILA's open-data archives (cron-friendly)"),
    "serve": ("legalgraph.serve", "serve the store as a SPARQL 1.1 endpoint (/sparql) with a query page (/)"),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The CLI's parser; ``command``: the sub-command about to run (the others of ``_PACKAGE_COMMANDS`` get a
    placeholder), None for every sub-command in full."""
    parser = argparse.ArgumentParser(prog="legalgraph", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("text", help="print the normalized text of each file (the text spans point into)")
    p.add_argument("files", nargs="+")
    p.set_defaults(func=cmd_text)

    jobs_help = "worker processes that parse (default: all cores; small inputs are parsed in one process)"
    p = sub.add_parser("parse", help="print the record of each file (record.schema.json)")
    p.add_argument("files", nargs="+")
    p.add_argument("--format", choices=["json", "jsonl", "text"], default="json")
    p.add_argument("--jobs", "-j", type=int, help=jobs_help)
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("eval", help="score the records of a corpus against its gold files")
    p.add_argument("corpus")
    p.add_argument("gold")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_eval)

    store_help = "the store folder (default: $LEGALGRAPH_STORE or ./store)"
    p = sub.add_parser(
        "build",
        help="parse files or folders into the graph store (one named graph per source); a folder built again "
        "makes the store match it: the sources of its files that are gone are removed",
    )
    p.add_argument("paths", nargs="+")
    p.add_argument("--store", help=store_help)
    p.add_argument("--jobs", "-j", type=int, help=jobs_help)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("remove", help="remove sources from the store: by file path, source key or source IRI")
    p.add_argument("sources", nargs="+", metavar="FILE|KEY|IRI")
    p.add_argument("--store", help=store_help)
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("query", help="run a SPARQL query or a named query (--name) on the store")
    p.add_argument(
        "sparql",
        nargs="?",
        help="a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE), a .rq file, or - for stdin",
    )
    p.add_argument("--name", help="a named query (see --list)")
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE")
    p.add_argument(
        "--format",
        choices=["table", "csv", "json", "ttl", "nt", "jsonld"],
        default="table",
        help="rows: table, csv, json; an ASK prints true or false; a graph (CONSTRUCT, DESCRIBE): Turtle "
        "(table, ttl), nt, jsonld (or json), csv",
    )
    p.add_argument("--list", action="store_true", help="list the named queries and their parameters")
    p.add_argument("--store", help=store_help)
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("records", help="print the record of every source, rebuilt from the graph alone")
    p.add_argument("--store", help=store_help)
    p.add_argument("--format", choices=["json", "jsonl"], default="json")
    p.set_defaults(func=cmd_records)

    p = sub.add_parser("export", help="write the graph: ttl, trig, nq, jsonld or graphml")
    p.add_argument("--format", choices=["ttl", "trig", "nq", "nt", "jsonld", "graphml"], default="trig")
    p.add_argument("--output", "-o", help="a file (default: standard output)")
    p.add_argument("--store", help=store_help)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("demo", help="build the corpus into a fresh store and answer a few questions")
    p.add_argument("paths", nargs="*", default=["corpus/texts"])
    p.add_argument("--store", help="build here (wiped first) instead of a temporary folder")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_demo)

    for name, (module, summary) in _PACKAGE_COMMANDS.items():
        if command is None or command == name:
            importlib.import_module(module).add_parser(sub, summary)
        else:  # listed by `legalgraph --help`; its options are read only when it is the command given
            sub.add_parser(name, help=summary)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(command=argv[0] if argv else "").parse_args(argv)
    try:
        return args.func(args)
    except LegalgraphError as exc:
        print(f"legalgraph: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader stopped early (`legalgraph … | head`): not an error; keep Python from writing to the pipe
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
