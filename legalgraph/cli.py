"""The `legalgraph` command: one sub-command per user task."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from legalgraph.errors import LegalgraphError

# What `parse`/`build` take from a folder: the formats legalgraph reads.
SOURCE_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".xml", ".json"}


def iter_sources(paths: list[str]) -> Iterator[Path]:
    """Files as given, and the readable files of folders (sorted, recursively)."""
    for p in map(Path, paths):
        if p.is_dir():
            yield from sorted(
                f
                for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in SOURCE_SUFFIXES and not f.name.endswith(".gold.json")
            )
        else:
            yield p


def _error(exc: Exception, path: Path | str) -> None:
    if isinstance(exc, LegalgraphError):
        msg = str(exc) if exc.path else f"{path}: {exc.reason}"
    else:  # a bug of ours: still name the file and go on with the batch
        msg = f"{path}: internal error ({type(exc).__name__}: {exc})"
    print(f"legalgraph: {msg}", file=sys.stderr)


def cmd_text(args) -> int:
    from legalgraph.read import read_source

    status = 0
    for path in iter_sources(args.files):
        try:
            sys.stdout.write(read_source(path).text + "\n")
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
            _error(exc, path)
            status = 1
    return status


def cmd_parse(args) -> int:
    from legalgraph import parse, to_record

    records, status = [], 0
    for path in iter_sources(args.files):
        try:
            record = to_record(parse(path))
        except Exception as exc:  # noqa: BLE001
            _error(exc, path)
            status = 1
            continue
        if args.format == "jsonl":
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="legalgraph", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("text", help="print the normalized text of each file (the text spans point into)")
    p.add_argument("files", nargs="+")
    p.set_defaults(func=cmd_text)

    p = sub.add_parser("parse", help="print the record of each file (record.schema.json)")
    p.add_argument("files", nargs="+")
    p.add_argument("--format", choices=["json", "jsonl", "text"], default="json")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("eval", help="score the records of a corpus against its gold files")
    p.add_argument("corpus")
    p.add_argument("gold")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except LegalgraphError as exc:
        print(f"legalgraph: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
