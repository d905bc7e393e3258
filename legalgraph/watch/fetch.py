"""Fetch an index page or an archive: stall detection, retries with back-off, size limits, an overall deadline,
redirects kept under the source, and never a partial file left under an archive's name."""

from __future__ import annotations

import http.client
import io
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from legalgraph.errors import LegalgraphError
from legalgraph.watch.index import SourceRoot

USER_AGENT = "legalgraph-watch/0.1 (+https://github.com/legalgraph)"
CHUNK = 1 << 16
PART_PREFIX = ".part-"  # a download in progress; what a killed run leaves behind, removed by the next one
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,200}")


@dataclass
class FetchPolicy:
    timeout: float = 30.0  # stall detection: seconds without a byte before a connection is given up
    retries: int = 3
    backoff: float = 2.0  # seconds before the first retry, doubled each time
    max_bytes: int = 4 * 1024**3  # an archive larger than this is refused (the full JORF dump is ~1.6 GB)
    max_index_bytes: int = 20 * 1024**2  # a real index page is ~100 KB; an endless one stops here
    deadline: float | None = 6 * 3600.0  # seconds for the whole run (None: no deadline)


class DeadlineReached(LegalgraphError):
    """The run's overall deadline passed: what was in progress stops, uncommitted."""


class Deadline:
    """The end of the run, on the monotonic clock."""

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.end = time.monotonic() + seconds if seconds else None

    def remaining(self) -> float | None:
        return None if self.end is None else self.end - time.monotonic()

    def check(self, doing: str) -> None:
        left = self.remaining()
        if left is not None and left <= 0:
            raise DeadlineReached(f"deadline of {self.seconds:g} s reached {doing}")

    def timeout(self, stall: float) -> float:
        """The socket time-out: the stall time, or less when the deadline comes first."""
        left = self.remaining()
        return stall if left is None else max(0.01, min(stall, left))


NO_DEADLINE = Deadline(None)


def local_path(url: str) -> Path | None:
    """The local file a ``file://`` URL or a plain path names, else None."""
    try:
        parsed = urllib.parse.urlparse(url)
    except ValueError:  # not a URL anyone can read: the caller's URL checks say why
        return None
    if parsed.scheme == "file":
        return Path(urllib.request.url2pathname(parsed.path))
    if parsed.scheme == "" or os.path.isabs(url):
        return Path(url)
    return None


class _RedirectsUnder(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only when it stays under the source (an index may not bounce us to another host)."""

    def __init__(self, root: SourceRoot | None):
        self.root = root

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if self.root is not None and not self.root.contains(newurl):
            raise LegalgraphError(f"refused a redirect outside the source, to {newurl[:200]}", req.full_url)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _open(url: str, policy: FetchPolicy, deadline: Deadline, root: SourceRoot | None):
    opener = urllib.request.build_opener(_RedirectsUnder(root))
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    return opener.open(req, timeout=deadline.timeout(policy.timeout))


def _with_retries(what: str, url: str, policy: FetchPolicy, deadline: Deadline, attempt_fn):
    delay = policy.backoff
    for attempt in range(policy.retries + 1):
        deadline.check(f"before the {what} of {url}")
        try:
            return attempt_fn()
        except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError, _Short) as exc:
            if isinstance(exc, urllib.error.HTTPError) and 400 <= exc.code < 500 and exc.code != 429:
                raise LegalgraphError(f"{what} failed: HTTP {exc.code}", url) from None
            if isinstance(exc, ValueError):  # a URL urllib cannot even parse: no point retrying
                raise LegalgraphError(f"{what} failed: {exc}", url) from None
            deadline.check(f"during the {what} of {url}")
            if attempt == policy.retries:
                raise LegalgraphError(
                    f"{what} failed after {policy.retries + 1} attempts: {_why(exc, policy)}", url
                ) from None
            time.sleep(min(delay, max(0.0, deadline.remaining() or delay)))
            delay *= 2
    raise AssertionError("unreachable")


def _why(exc: Exception, policy: FetchPolicy) -> str:
    if isinstance(exc, TimeoutError) or "timed out" in str(exc):
        return f"stalled (no byte for {policy.timeout:g} s)"
    return str(exc)


class _Short(Exception):
    """The server closed the connection before sending what it announced."""


def _copy_body(
    resp,
    out: BinaryIO,
    limit: int,
    what: str,
    url: str,
    deadline: Deadline,
    on_bytes: Callable[[int], None] | None = None,
) -> int:
    """Copy a response body to ``out``, refusing more than ``limit`` bytes; returns the size.

    ``read1`` returns as soon as some bytes arrive, so a server dripping a byte at a time still meets the
    deadline check between reads (``read(n)`` would wait for n bytes, for ever); no byte within the socket
    time-out is a stall.
    """
    announced = resp.headers.get("Content-Length")
    if announced and announced.isdigit() and int(announced) > limit:
        raise LegalgraphError(f"{what} of {int(announced):,} bytes is over the {limit:,}-byte limit", url)
    size = 0
    while chunk := resp.read1(CHUNK):
        size += len(chunk)
        if size > limit:
            raise LegalgraphError(f"{what} over the {limit:,}-byte limit (stopped reading)", url)
        out.write(chunk)
        if on_bytes:
            on_bytes(size)
        deadline.check(f"during the {what} of {url}")
    if announced is not None and announced.isdigit() and int(announced) != size:
        raise _Short(f"connection closed after {size:,} of {int(announced):,} bytes")
    return size


def fetch_text(
    url: str,
    policy: FetchPolicy | None = None,
    deadline: Deadline = NO_DEADLINE,
    root: SourceRoot | None = None,
) -> str:
    """An index page as text (at most ``policy.max_index_bytes``)."""
    policy = policy or FetchPolicy()
    path = local_path(url)
    if path is not None:
        index = path / "index.html" if path.is_dir() else path
        if not index.is_file():
            raise LegalgraphError("no index page here", str(index))
        if index.stat().st_size > policy.max_index_bytes:
            raise LegalgraphError(f"index page over the {policy.max_index_bytes:,}-byte limit", str(index))
        return index.read_text(encoding="utf-8", errors="replace")

    def attempt() -> str:
        with _open(url, policy, deadline, root) as resp:
            body = io.BytesIO()
            _copy_body(resp, body, policy.max_index_bytes, "index page", url, deadline)
            return body.getvalue().decode(resp.headers.get_content_charset() or "utf-8", errors="replace")

    return _with_retries("listing", url, policy, deadline, attempt)


def safe_file_name(name: str) -> str:
    """``name`` if it is a plain file name (letters, digits, '.', '_', '-'; no leading dot), else an error:
    what a server sends never chooses where a file is written."""
    if not _SAFE_NAME.fullmatch(name) or ".." in name:
        raise LegalgraphError("refused an unsafe file name for a download", name[:200])
    return name


def download(
    url: str,
    name: str,
    folder: Path,
    policy: FetchPolicy | None = None,
    deadline: Deadline = NO_DEADLINE,
    root: SourceRoot | None = None,
    on_bytes: Callable[[int], None] | None = None,
) -> Path:
    """The archive at ``url`` as a local file: ``folder/name`` for a download (written as ``.part-…`` and
    renamed when complete), the file itself for a local URL."""
    policy = policy or FetchPolicy()
    path = local_path(url)
    if path is not None:
        if not path.is_file():
            raise LegalgraphError("no such archive", str(path))
        if path.stat().st_size > policy.max_bytes:
            raise LegalgraphError(f"archive over the {policy.max_bytes:,}-byte limit", str(path))
        return path
    target = folder / safe_file_name(name)
    part = folder / (PART_PREFIX + target.name)

    def attempt() -> Path:
        try:
            with open(part, "wb") as out, _open(url, policy, deadline, root) as resp:
                _copy_body(resp, out, policy.max_bytes, "archive", url, deadline, on_bytes)
            os.replace(part, target)  # a complete file, or none
            return target
        finally:
            part.unlink(missing_ok=True)

    return _with_retries("download", url, policy, deadline, attempt)
