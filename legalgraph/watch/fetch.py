"""Fetch an index page or an archive: timeouts, retries with back-off, size checks, never a partial file left."""

from __future__ import annotations

import http.client
import os
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from legalgraph.errors import LegalgraphError

USER_AGENT = "legalgraph-watch/0.1 (+https://github.com/legalgraph)"
CHUNK = 1 << 16


@dataclass
class FetchPolicy:
    timeout: float = 30.0  # seconds without a byte before giving up on a connection
    retries: int = 3
    backoff: float = 2.0  # seconds before the first retry, doubled each time
    max_bytes: int = 4 * 1024**3  # an archive larger than this is refused (the full JORF dump is ~1.6 GB)


def local_path(url: str) -> Path | None:
    """The local file a ``file://`` URL or a plain path names, else None."""
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme == "file":
        return Path(urllib.request.url2pathname(parsed.path))
    if parsed.scheme == "" or os.path.isabs(url):
        return Path(url)
    return None


def _with_retries(what: str, url: str, policy: FetchPolicy, attempt_fn):
    delay = policy.backoff
    for attempt in range(policy.retries + 1):
        try:
            return attempt_fn()
        except (urllib.error.URLError, OSError, http.client.HTTPException, _Short) as exc:
            if isinstance(exc, urllib.error.HTTPError) and 400 <= exc.code < 500 and exc.code != 429:
                raise LegalgraphError(f"{what} failed: HTTP {exc.code}", url) from None
            if attempt == policy.retries:
                raise LegalgraphError(f"{what} failed after {policy.retries + 1} attempts: {exc}", url) from None
            time.sleep(delay)
            delay *= 2
    raise AssertionError("unreachable")


class _Short(Exception):
    """The server closed the connection before sending what it announced."""


def fetch_text(url: str, policy: FetchPolicy | None = None) -> str:
    """An index page as text."""
    policy = policy or FetchPolicy()
    path = local_path(url)
    if path is not None:
        index = path / "index.html" if path.is_dir() else path
        return index.read_text(encoding="utf-8", errors="replace")

    def attempt() -> str:
        req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        with urllib.request.urlopen(req, timeout=policy.timeout) as resp:
            body = resp.read(policy.max_bytes + 1)
            _check_length(resp, len(body))
            return body.decode(resp.headers.get_content_charset() or "utf-8", errors="replace")

    return _with_retries("listing", url, policy, attempt)


def download(url: str, folder: Path, policy: FetchPolicy | None = None) -> Path:
    """The archive at ``url`` as a local file (downloaded into ``folder``; a local URL is used in place)."""
    policy = policy or FetchPolicy()
    path = local_path(url)
    if path is not None:
        if not path.is_file():
            raise LegalgraphError("no such archive", str(path))
        return path
    name = urllib.parse.unquote(urllib.parse.urlparse(url).path.rsplit("/", 1)[-1]) or "archive.tar.gz"
    target = folder / name

    def attempt() -> Path:
        req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as out, urllib.request.urlopen(req, timeout=policy.timeout) as resp:
                announced = resp.headers.get("Content-Length")
                if announced and int(announced) > policy.max_bytes:
                    raise LegalgraphError(f"archive of {int(announced):,} bytes is over the limit", url)
                size = 0
                while chunk := resp.read(CHUNK):
                    size += len(chunk)
                    if size > policy.max_bytes:
                        raise LegalgraphError("archive over the size limit", url)
                    out.write(chunk)
                _check_length(resp, size)
            os.replace(tmp, target)  # a complete file, or none
            return target
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    return _with_retries("download", url, policy, attempt)


def _check_length(resp, size: int) -> None:
    announced = resp.headers.get("Content-Length")
    if announced is not None and announced.isdigit() and int(announced) != size:
        raise _Short(f"connection closed after {size:,} of {int(announced):,} bytes")
