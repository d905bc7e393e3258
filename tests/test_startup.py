"""Start-up (issue 13): `legalgraph --help` imports no stage, importing the stages compiles (almost) no pattern.

Each check runs in a fresh interpreter, so that what the test session already imported does not count.
"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import CORPUS, ROOT

PAGE = CORPUS / "2004-07-15_agent-controle-metrologie__article-1.txt"  # one article: a one-page text
STAGES = (
    "legalgraph.models",
    "legalgraph.read",
    "legalgraph.segment",
    "legalgraph.extract",
    "legalgraph.resolve",
)


def _run(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_help_imports_no_stage():
    code = (
        "import contextlib, io, json, sys\n"
        "from legalgraph.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.suppress(SystemExit):\n"
        "    main(['--help'])\n"
        "print(json.dumps({'help': out.getvalue(), 'loaded': sorted(m for m in sys.modules if m.startswith('legalgraph'))}))"
    )
    got = _run(code)
    assert "parse" in got["help"] and "build" in got["help"]  # the sub-commands are listed all the same
    assert not [m for m in got["loaded"] if m.startswith(STAGES)], got["loaded"]


def test_importing_the_stages_compiles_few_patterns():
    # every re.compile reached from a legalgraph module while the stages are imported, named by its module
    code = (
        "import dataclasses, enum, json, re, sys, traceback\n"
        "import re._compiler as C\n"
        "seen, compile = [], C.compile\n"
        "def counting(p, flags=0):\n"
        "    frames = [f.filename for f in traceback.extract_stack() if '/legalgraph/' in f.filename]\n"
        "    if frames: seen.append(frames[-1].rsplit('/legalgraph/', 1)[1])\n"
        "    return compile(p, flags)\n"
        "C.compile = counting\n"
        f"import {', '.join(STAGES)}\n"
        "print(json.dumps(seen))"
    )
    seen = _run(code)
    defined = sum(
        p.read_text(encoding="utf-8").count("re.compile(") + p.read_text(encoding="utf-8").count("lazy(")
        for p in (ROOT / "legalgraph").glob("**/*.py")
        if p.parts[-2] not in ("store", "graph", "serve", "watch")
    )
    assert defined > 200  # the patterns of the stages, compiled on first use…
    assert len(seen) <= 5, seen  # …but for the few other modules import compiled (frtext.DATE_RE…)


def test_read_stays_the_function_once_the_read_stage_is_imported():
    code = (
        "import json, sys, legalgraph\n"
        "before = legalgraph.read\n"
        "import legalgraph.read.text\n"
        "from legalgraph.read import read_source\n"
        f"doc = legalgraph.read({str(PAGE)!r})\n"
        "print(json.dumps({'same': legalgraph.read is before, 'stage': type(sys.modules['legalgraph.read']).__name__,"
        " 'doc': type(doc).__name__ == legalgraph.Document.__name__, 'articles': len(doc.articles)}))"
    )
    got = _run(code)
    assert got == {"same": True, "stage": "module", "doc": True, "articles": got["articles"]}
    assert got["articles"] >= 1
