"""Stage 1, `read`: the bytes of one source into a `SourceText`, its format told by its content.

Each format has its own module (``text``, ``markdown``, ``html_page``, ``dila_xml``, ``piste_json``) with one
function ``read_<format>(data_or_text, source) -> SourceText``. This module only detects and dispatches.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

from legalgraph.errors import InputError
from legalgraph.models import Source, SourceFormat, SourceText
from legalgraph.patterns import lazy
from legalgraph.read.decode import (
    READABLE,
    check_size,
    decode,
    encoding_warning,
    max_bytes,
    unsupported_format,
)

_HTML_START = lazy(r"^\s*(?:<!DOCTYPE\s+html|<html|<head|<body|<meta|<div|<p[\s>]|<table|<article)", re.I)
_HTML_TAGS = lazy(r"</?(?:p|div|br|table|tr|td|span|a|li|h[1-6])\b[^>]*>", re.I)
_MD_HEADING = lazy(r"^#{1,6} \S", re.M)

DILA_ROOTS = {"TEXTE", "TEXTE_VERSION", "ARTICLE", "SECTION_TA", "TEXTELR", "JO"}
# Root elements that make a page HTML rather than XML, even when it starts with an XML declaration (XHTML).
_HTML_ROOTS = {
    "html",
    "head",
    "body",
    "div",
    "p",
    "table",
    "meta",
    "article",
    "section",
    "span",
    "a",
    "ul",
    "ol",
}
_JSON_ARRAY = lazy(rb"^\[\s*(?:[\[{\"\]]|-?\d|true\b|false\b|null\b)")
_WIDE_XML = (b"\xff\xfe<\x00", b"\xfe\xff\x00<", b"<\x00", b"\x00<")


def _xml_format(data: bytes, stripped: bytes) -> SourceFormat | None:
    """DILA_XML or HTML when the data starts like markup with an XML prolog or a DILA root; else None."""
    # imported here: it loads lxml, which only markup needs (`legalgraph --help` and plain texts start faster)
    from legalgraph.read.safexml import scan_prolog

    declared = stripped.startswith((b"<?xml", b"<!DOCTYPE", b"<!doctype")) or data.startswith(_WIDE_XML)
    try:
        prolog = scan_prolog(data)
    except InputError:
        # A prolog that is broken or hostile (entities): the XML reader refuses it with the file's name.
        return SourceFormat.DILA_XML if declared else None
    root = prolog.root
    if root is None:
        return (
            SourceFormat.DILA_XML if declared and not stripped.lower().startswith(b"<!doctype html") else None
        )
    if root in DILA_ROOTS:
        return SourceFormat.DILA_XML
    if root.lower() in _HTML_ROOTS or (prolog.doctype or "").lower() == "html":
        return SourceFormat.HTML
    if declared:
        return SourceFormat.DILA_XML  # some other XML: the DILA reader says which root it does not know
    if data.rstrip().endswith(b"</" + root.encode("utf-8", "replace") + b">"):
        return SourceFormat.DILA_XML  # a bare XML document without declaration
    return None


def detect_format(data: bytes, text: str | None = None) -> SourceFormat:
    """Tell the format from the content: XML root element, JSON object, HTML markup, Markdown headings."""
    head = data[:4096]
    stripped = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if stripped.startswith(b"<") or data.startswith(_WIDE_XML):
        fmt = _xml_format(data, stripped)
        if fmt is not None:
            return fmt
    if stripped.startswith(b"{") or _JSON_ARRAY().match(stripped) and data.rstrip().endswith(b"]"):
        return SourceFormat.PISTE_JSON
    sample = text if text is not None else head.decode("utf-8", "replace")
    if (
        _HTML_START().match(sample)
        or len(_HTML_TAGS().findall(sample[:20000])) >= 20
        and not _MD_HEADING().search(sample)
    ):
        return SourceFormat.HTML
    if _MD_HEADING().search(sample):
        return SourceFormat.MARKDOWN
    return SourceFormat.TEXT


def read_source(source: str | Path | bytes, path: str | None = None, format: str | None = None) -> SourceText:
    """Read a file path (or raw bytes) into a SourceText. Raises InputError, naming the file, on bad input."""
    if isinstance(source, bytes):
        data = source
    else:
        path = display_path(source) if path is None else path
        data = read_file(Path(source), path)
    check_size(len(data), path)
    if not data.strip():
        raise InputError("empty file", path)
    what = unsupported_format(data)
    if what:
        raise InputError(f"{what}, not a format legalgraph reads ({READABLE})", path)
    sha = hashlib.sha256(data).hexdigest()
    try:
        fmt = SourceFormat(format) if format else detect_format(data)
    except ValueError:
        raise InputError(
            f"unknown format {format!r} (one of: {', '.join(f.value for f in SourceFormat)})", path
        ) from None
    src = Source(path=path, format=fmt, sha256=sha)
    if fmt is SourceFormat.DILA_XML:
        from legalgraph.read.dila_xml import read_dila_xml

        return read_dila_xml(data, src)
    text, encoding = decode(data, path)
    src.encoding = encoding
    warnings = [w for w in [encoding_warning(encoding)] if w]
    if fmt is SourceFormat.PISTE_JSON:
        from legalgraph.read.piste_json import read_piste_json

        st = read_piste_json(text, src)
    elif fmt is SourceFormat.HTML:
        from legalgraph.read.html_page import read_html_page

        st = read_html_page(text, src)
    elif fmt is SourceFormat.MARKDOWN:
        from legalgraph.read.markdown import read_markdown

        st = read_markdown(text, src)
    else:
        from legalgraph.read.text import read_text

        st = read_text(text, src)
    st.warnings[:0] = warnings
    if not st.text.strip():
        raise InputError("no text left after reading (only markup or page noise)", path)
    return st


def display_path(path: str | Path) -> str:
    """``path`` as printable text: a name that is not valid UTF-8 (its bytes kept by Python as lone surrogates)
    shows its odd bytes as ``\\xe9`` escapes, so it can be printed, written to JSON and stored in the graph."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


# What a path is when it is not a regular file: only regular files are read (a FIFO would block the reader, a
# device like /dev/zero never ends).
_NOT_REGULAR = [
    (stat.S_ISDIR, "is a directory"),
    (stat.S_ISFIFO, "is a FIFO (named pipe), not a regular file"),
    (stat.S_ISSOCK, "is a socket, not a regular file"),
    (stat.S_ISCHR, "is a character device, not a regular file"),
    (stat.S_ISBLK, "is a block device, not a regular file"),
]


def _check_regular(mode: int, path: str) -> None:
    for test, reason in _NOT_REGULAR:
        if test(mode):
            raise InputError(reason, path)
    if not stat.S_ISREG(mode):
        raise InputError("not a regular file", path)


def read_file(p: Path, path: str | None = None) -> bytes:
    """The bytes of the regular file ``p``, never more than the size limit + 1; anything else is refused with
    an InputError naming ``path`` (default: ``p``) and the reason."""
    path = display_path(p) if path is None else path
    limit = max_bytes()
    try:
        _check_regular(os.stat(p).st_mode, path)  # a socket cannot even be opened: say what it is first
        # O_NONBLOCK: opening a FIFO must not wait for a writer; on a regular file it changes nothing.
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "rb") as f:
            info = os.fstat(fd)
            _check_regular(info.st_mode, path)  # what was opened, had the name changed since
            check_size(info.st_size, path, limit)
            data = f.read(limit + 1)
        check_size(len(data), path, limit)
        return data
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except IsADirectoryError:
        raise InputError("is a directory", path) from None
    except PermissionError:
        raise InputError("permission denied", path) from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", path) from None
    except ValueError as exc:  # a NUL byte in the name
        raise InputError(f"invalid file name ({exc})", path) from None


# What `parse` and `build` read from a folder: the formats legalgraph reads (gold annotations are not sources).
SOURCE_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".xml", ".json"}


def folder_files(folder: Path) -> list[Path]:
    """The sources in ``folder`` and below, sorted: every entry with a source suffix that is not a folder (a FIFO
    or a socket among them is then reported, not silently skipped)."""
    return sorted(
        f
        for f in folder.rglob("*")
        if f.suffix.lower() in SOURCE_SUFFIXES and not f.name.endswith(".gold.json") and not f.is_dir()
    )
