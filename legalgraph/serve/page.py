"""The query page at ``/`` and the files it loads from ``/static/``.

The page is the workbench (``static/workbench.html``: YASGUI set up by ``static/workbench.js``) when the YASGUI
build is in the package — ``make`` fetches it from the npm registry into ``static/yasgui/``, pinned by
``workbench/package-lock.json`` — and otherwise the plain page (``static/index.html``), which then says how to get
the workbench. Either way every script comes from this server: the Content-Security-Policy allows scripts and
requests to this origin only (the plain page's inline script by its hash), so no other site is ever contacted.

Files are read once, when the server starts; only the files listed here are served, so a path is never a file
name.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from importlib import resources as package_files
from importlib.resources.abc import Traversable

STATIC = "/static/"
YASGUI = "yasgui/yasgui.min.js"  # present when make has built the workbench
ASSETS = {
    "workbench.js": "text/javascript; charset=utf-8",
    "workbench.css": "text/css; charset=utf-8",
    YASGUI: "text/javascript; charset=utf-8",
    "yasgui/yasgui.min.css": "text/css; charset=utf-8",
}
# YASGUI and CodeMirror set style attributes and inject style rules: styles may be inline, scripts may not.
_COMMON = (
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
WORKBENCH_POLICY = "default-src 'none'; script-src 'self'; " + _COMMON


@dataclass(frozen=True)
class Asset:
    body: bytes
    content_type: str
    policy: str | None = None  # the Content-Security-Policy of a page


def _script_hashes(html: str) -> str:
    """The CSP sources of a page's inline scripts: their sha256, so that no other inline script can run."""
    return " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in re.findall(r"<script>(.*?)</script>", html, re.S)
    )


class Pages:
    """The page and its static files, read from the package once. ``/plain.html`` is the plain page always:
    one form and one table, no library."""

    def __init__(self, static: Traversable | None = None) -> None:
        static = static or package_files.files("legalgraph.serve").joinpath("static")
        self.workbench = static.joinpath(YASGUI).is_file()
        html = static.joinpath("index.html").read_text(encoding="utf-8")
        if not self.workbench:
            html = html.replace('id="no-workbench" hidden', 'id="no-workbench"')
        policy = f"default-src 'none'; script-src {_script_hashes(html)}; " + _COMMON
        self.plain = Asset(html.encode(), "text/html; charset=utf-8", policy)
        self.assets: dict[str, Asset] = {"/plain.html": self.plain}
        self.page = self.plain
        if self.workbench:
            for name, content_type in ASSETS.items():
                self.assets[STATIC + name] = Asset(static.joinpath(name).read_bytes(), content_type)
            body = static.joinpath("workbench.html").read_bytes()
            self.page = Asset(body, "text/html; charset=utf-8", WORKBENCH_POLICY)

    def get(self, path: str) -> Asset | None:
        """The page (``/``), the plain page or a static file; None for any other path."""
        if path in ("/", "/index.html"):
            return self.page
        return self.assets.get(path)
