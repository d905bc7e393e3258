"""Stage 1, `read`: the bytes of one source into a `SourceText`, its format told by its content.

Each format has its own module (``text``, ``markdown``, ``html_page``, ``dila_xml``, ``piste_json``) with one
function ``read_<format>(data_or_text, source) -> SourceText``. This module only detects and dispatches.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from legalgraph.errors import InputError
from legalgraph.models import Source, SourceFormat, SourceText
from legalgraph.read.decode import check_size, decode

_XML_ROOT = re.compile(
    rb"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE[^>]*>\s*)?<([A-Za-z_][\w.-]*)", re.S
)
_HTML_START = re.compile(
    r"^\s*(?:<!DOCTYPE\s+html|<html|<head|<body|<meta|<div|<p[\s>]|<table|<article)", re.I
)
_HTML_TAGS = re.compile(r"</?(?:p|div|br|table|tr|td|span|a|li|h[1-6])\b[^>]*>", re.I)
_MD_HEADING = re.compile(r"^#{1,6} \S", re.M)

DILA_ROOTS = {"TEXTE", "TEXTE_VERSION", "ARTICLE", "SECTION_TA", "TEXTELR", "JO"}


def detect_format(data: bytes, text: str | None = None) -> SourceFormat:
    """Tell the format from the content: XML root element, JSON object, HTML markup, Markdown headings."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    m = _XML_ROOT.match(head)
    if m and m.group(1).decode() in DILA_ROOTS:
        return SourceFormat.DILA_XML
    if m and m.group(1).lower() != b"html" and head.lstrip().startswith(b"<?xml"):
        return SourceFormat.DILA_XML  # some other XML: the DILA reader says what it does not know
    stripped = head.lstrip()
    if stripped.startswith(b"{"):
        return SourceFormat.PISTE_JSON
    sample = text if text is not None else head.decode("utf-8", "replace")
    if (
        _HTML_START.match(sample)
        or len(_HTML_TAGS.findall(sample[:20000])) >= 20
        and not _MD_HEADING.search(sample)
    ):
        return SourceFormat.HTML
    if _MD_HEADING.search(sample):
        return SourceFormat.MARKDOWN
    return SourceFormat.TEXT


def read_source(source: str | Path | bytes, path: str | None = None, format: str | None = None) -> SourceText:
    """Read a file path (or raw bytes) into a SourceText. Raises InputError, naming the file, on bad input."""
    if isinstance(source, bytes):
        data = source
    else:
        path = str(source) if path is None else path
        data = _read_bytes(Path(source), path)
    check_size(len(data), path)
    sha = hashlib.sha256(data).hexdigest()
    fmt = SourceFormat(format) if format else detect_format(data)
    src = Source(path=path, format=fmt, sha256=sha)
    if fmt is SourceFormat.DILA_XML:
        from legalgraph.read.dila_xml import read_dila_xml

        return read_dila_xml(data, src)
    if not data.strip():
        raise InputError("empty file", path)
    text, encoding = decode(data, path)
    src.encoding = encoding
    warnings = [] if encoding == "utf-8" else [f"decoded as {encoding}, not UTF-8"]
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


def _read_bytes(p: Path, path: str) -> bytes:
    try:
        if p.is_dir():
            raise InputError("is a directory", path)
        check_size(p.stat().st_size, path)
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except PermissionError:
        raise InputError("permission denied", path) from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", path) from None
