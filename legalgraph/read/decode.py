"""Bytes to text: size limit, binary detection, encoding (UTF-8, UTF-8 with BOM, UTF-16, cp1252/latin-1)."""

from __future__ import annotations

import os
import re

from legalgraph.errors import InputError, LegalgraphError
from legalgraph.patterns import lazy

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
MAX_BYTES_ENV = "LEGALGRAPH_MAX_BYTES"

_SIZE = lazy(r"^\s*(\d+)\s*([kmg]i?b?|b)?\s*$", re.I)
_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}

# Formats people may hand over by mistake: say what they are instead of "binary data".
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt/.xlsx document)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x1f\x8b", "a gzip archive (DILA .tar.gz dumps are read by the nightly job, not one by one)"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (.doc/.xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
READABLE = "plain text, HTML, Markdown, DILA XML or a Légifrance API JSON response"
# A UTF-8 file with a few bad bytes (a damaged copy) stays UTF-8, bad bytes replaced by U+FFFD; a Windows copy has
# no valid multi-byte UTF-8 sequence at all ("é" is one byte, E9, followed by ASCII).
UTF8_LOSSY = "utf-8-lossy"
_UTF8_MULTIBYTE = lazy(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def encoding_warning(encoding: str) -> str | None:
    """The warning a reader attaches when the bytes were not clean UTF-8."""
    if encoding in ("utf-8", "utf-16", "utf-32"):
        return None
    if encoding == UTF8_LOSSY:
        return "invalid UTF-8 bytes replaced by U+FFFD (the rest of the file is UTF-8)"
    return f"decoded as {encoding}, not UTF-8"


def max_bytes() -> int:
    """The size limit: 50 MB unless LEGALGRAPH_MAX_BYTES says otherwise (bytes, or with a K/M/G suffix)."""
    value = os.environ.get(MAX_BYTES_ENV)
    if value is None or not value.strip():
        return DEFAULT_MAX_BYTES
    m = _SIZE().match(value)
    if not m:
        raise LegalgraphError(f"{MAX_BYTES_ENV}={value!r} is not a size (bytes, or a number with K, M or G)")
    return int(m.group(1)) * _UNITS[(m.group(2) or "")[:1].lower()]


def check_size(size: int, path: str | None, limit: int | None = None) -> None:
    limit = max_bytes() if limit is None else limit
    if size > limit:
        raise InputError(
            f"file is over the size limit ({size:,} bytes > {limit:,}; set {MAX_BYTES_ENV} to change it)",
            path,
        )


def unsupported_format(data: bytes) -> str | None:
    """What a file is when its first bytes say it is a format legalgraph does not read (PDF, ZIP, gzip…)."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    if data[:262].endswith(b"ustar") or data[257:262] == b"ustar":
        return "a tar archive"
    return None


# every byte but the control characters a text does not have (tab, line feed, form feed and carriage return are fine)
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 32 and b not in (9, 10, 12, 13)))


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB: not a text we can read."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = len(head.translate(None, _NOT_CONTROL))  # what is left once every other byte is deleted
    return controls > max(8, len(head) // 50)


def decode(data: bytes, path: str | None = None) -> tuple[str, str]:
    """Return (text, encoding). UTF-8 first; cp1252 for Windows copies (it decodes latin-1 too)."""
    if not data.strip():
        raise InputError("empty file", path)
    for bom, codec in (
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError as exc:
                raise InputError(f"undecodable {codec.upper()} ({exc.reason})", path) from None
    what = unsupported_format(data)
    if what:
        raise InputError(f"{what}, not a format legalgraph reads ({READABLE})", path)
    if looks_binary(data):
        raise InputError(f"binary data, not a format legalgraph reads ({READABLE})", path)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    valid = len(_UTF8_MULTIBYTE().findall(data))
    if valid:
        text = data.decode("utf-8", "replace")
        if text.count("\ufffd") <= max(3, valid // 10):
            return text, UTF8_LOSSY
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte.
        return data.decode("latin-1"), "latin-1"
