"""Bytes to text: size limit, binary detection, encoding (UTF-8, UTF-8 with BOM, cp1252/latin-1)."""

from __future__ import annotations

import os

from legalgraph.errors import InputError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
MAX_BYTES_ENV = "LEGALGRAPH_MAX_BYTES"


def max_bytes() -> int:
    """The size limit: 50 MB unless LEGALGRAPH_MAX_BYTES says otherwise."""
    value = os.environ.get(MAX_BYTES_ENV)
    return int(value) if value and value.isdigit() else DEFAULT_MAX_BYTES


def check_size(size: int, path: str | None, limit: int | None = None) -> None:
    limit = max_bytes() if limit is None else limit
    if size > limit:
        raise InputError(f"file is {size:,} bytes, over the {limit:,}-byte limit", path)


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB: not a text we can read."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(8, len(head) // 50)


def decode(data: bytes, path: str | None = None) -> tuple[str, str]:
    """Return (text, encoding). UTF-8 first; cp1252 for Windows copies (it decodes latin-1 too)."""
    if not data.strip():
        raise InputError("empty file", path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise InputError(f"undecodable UTF-16 ({exc.reason})", path) from None
    if looks_binary(data):
        raise InputError("binary data, not a text, XML or JSON file", path)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte.
        return data.decode("latin-1"), "latin-1"
