"""`make watch-demo`: the nightly job against a local server holding fixture archives in DILA's layout.

The archives are built here from real DILA XML files (texts the filter skips) and from corpus texts wrapped in
the JORFSIMPLE envelope ("wrapped-…", ids JORFTEXT9…); a loopback HTTP server serves them with an index page
in DILA's format. The job runs twice: the first run ingests, the second finds nothing new.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from tests.support.dila_fixtures import write_archive, write_index
from tests.support.httpserver import serve
from tests.test_watch import EVENING, NIGHT, deletion_members, night_members, wrapped_id


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="legalgraph-watch-demo-") as tmp:
        mirror = Path(tmp) / "OPENDATA" / "JORFSIMPLE"
        mirror.mkdir(parents=True)
        write_archive(mirror, f"JORFSIMPLE_{NIGHT}.tar.gz", night_members())
        write_archive(mirror, f"JORFSIMPLE_{EVENING}.tar.gz", deletion_members(EVENING, wrapped_id(2)))
        write_index(mirror, "/OPENDATA/JORFSIMPLE")
        store = Path(tmp) / "store"
        with serve(mirror.parent.parent) as (url, _):
            source = url + "OPENDATA/JORFSIMPLE/"
            for run in ("first run", "second run"):
                print(f"\n$ legalgraph watch --source {source} --store {store}   # {run}", flush=True)
                code = subprocess.call(
                    [
                        sys.executable,
                        "-m",
                        "legalgraph.cli",
                        "watch",
                        "--source",
                        source,
                        "--store",
                        str(store),
                        "--report",
                        str(Path(tmp) / f"{run}.json"),
                    ]
                )
                print(f"exit code {code}")
        print("\nreport of the first run (JSON):")
        print((Path(tmp) / "first run.json").read_text(encoding="utf-8")[:3000])
    return 0


if __name__ == "__main__":
    sys.exit(main())
