"""The one XML parser of legalgraph: it never expands an entity, never loads a DTD, never touches the network.

Every XML byte string the project reads (DILA files given to ``legalgraph parse``, members of the nightly
job's archives) goes through :func:`parse_xml`. Two layers keep hostile input harmless:

1. Before lxml sees the bytes, :func:`scan_prolog` reads the prolog (what precedes the root element). A
   ``<!DOCTYPE`` whose internal subset declares an entity (``<!ENTITY``: "billion laughs", XXE towards
   ``file:///etc/passwd`` or a URL) is refused with an :class:`InputError`. Nothing is expanded or fetched:
   the refusal happens on the raw text. A DOCTYPE without entity declarations is tolerated (DILA's own
   DTDs are public) but its DTD is never loaded; the caller gets a warning.
2. The lxml parser itself is built with ``resolve_entities=False, no_network=True, load_dtd=False,
   dtd_validation=False, huge_tree=False`` (libxml2's depth and text-size limits stay on), so even a
   declaration the scan missed would stay an unexpanded reference.

Malformed documents give one InputError naming the file and the reason, with the line and column, and
"truncated" when the error sits at the very end of the data (a cut download, a partial archive member).
A file declared UTF-8 that is really cp1252/latin-1 (a Windows copy), or UTF-8 with a few damaged bytes, is
decoded, with a warning.

Two lxml traps, checked with lxml 6.1 / libxml2 2.14 and strace: ``collect_ids=False`` makes libxml2 read the
external DTD subset (a ``<!DOCTYPE x SYSTEM "/etc/passwd">`` gets opened), and ``docinfo.externalDTD`` loads the
DTD when accessed. Neither is used here; :func:`make_parser` refuses the first.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from lxml import etree

from legalgraph.errors import InputError
from legalgraph.patterns import lazy
from legalgraph.read.decode import decode, encoding_warning

# The options of the safe parser, for anyone who must build another lxml parser (iterparse…).
SAFE_PARSER_OPTIONS: dict = {
    "resolve_entities": False,  # never substitute an entity, internal or external
    "no_network": True,  # never fetch anything
    "load_dtd": False,  # never read a DTD, local or remote
    "dtd_validation": False,
    "attribute_defaults": False,  # DTD default attributes would need the DTD
    "huge_tree": False,  # keep libxml2's limits: depth 256, 10 MB text nodes
    "remove_comments": True,
    "remove_pis": True,
    "recover": False,  # a broken document is an error, not a guess
    "strip_cdata": True,
}

# How much of the file may precede the root element (XML declaration, comments, DOCTYPE).
PROLOG_LIMIT = 1024 * 1024

_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
_NAME = lazy(r"[A-Za-z_:][\w.:-]*")
_ENTITY_DECL = lazy(r"<!ENTITY", re.I)
_ENCODING_DECL = lazy(rb"^(\s*<\?xml[^>]*?encoding\s*=\s*)([\"'])([A-Za-z0-9._-]+)\2", re.S)
_POSITION_SUFFIX = lazy(r",\s*line \d+, column \d+(?: \(.*?\))?$")
_UTF8_NAMES = {"utf-8", "utf8"}


@dataclass
class Prolog:
    """What precedes the root element."""

    root: str | None = None  # name of the root element, None when the data does not start like XML
    doctype: str | None = None  # the DOCTYPE's name when there is one
    external_dtd: str | None = None  # its SYSTEM/PUBLIC identifier, never loaded
    internal_subset: bool = False  # "[ … ]" present
    xml_declaration: bool = False
    dtd_file: bool = False  # markup declarations (<!ELEMENT, <!ENTITY…) outside a DOCTYPE: a .dtd file
    ends_in_prolog: bool = False  # the data stops before a root element starts


@dataclass
class ParsedXML:
    root: etree._Element
    encoding: str = "utf-8"
    warnings: list[str] = field(default_factory=list)


_local = threading.local()


def make_parser(**overrides) -> etree.XMLParser:
    """A new lxml parser with the safe options (an lxml parser must not be shared between threads)."""
    options = dict(SAFE_PARSER_OPTIONS)
    guarded = (
        "resolve_entities",
        "no_network",
        "load_dtd",
        "dtd_validation",
        "attribute_defaults",
        "huge_tree",
        "collect_ids",
    )
    unsafe = {k for k in guarded if k in overrides}
    if unsafe:
        raise ValueError(f"safexml: {', '.join(sorted(unsafe))} cannot be overridden")
    options.update(overrides)
    return etree.XMLParser(**options)


def _parser() -> etree.XMLParser:
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = make_parser()
    return parser


def _head_text(data: bytes) -> str:
    """The first PROLOG_LIMIT bytes as text, enough to read the prolog in any encoding XML allows."""
    head = data[:PROLOG_LIMIT]
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return head[len(bom) :].decode(codec, "replace")
    if head[:4] == b"\x00\x00\x00<":
        return head.decode("utf-32-be", "replace")
    if head[:4] == b"<\x00\x00\x00":
        return head.decode("utf-32-le", "replace")
    if head[:2] == b"\x00<":
        return head.decode("utf-16-be", "replace")
    if head[:2] == b"<\x00":
        return head.decode("utf-16-le", "replace")
    # Every other encoding XML allows is ASCII-compatible for markup; latin-1 maps each byte to one char.
    return head.decode("latin-1")


def scan_prolog(data: bytes, path: str | None = None) -> Prolog:
    """Read the prolog: XML declaration, comments, processing instructions, DOCTYPE, up to the root tag.

    Raises InputError when the DOCTYPE declares entities or the prolog cannot be delimited. Returns a
    Prolog with ``root=None`` when the data does not look like XML at all (the caller decides what it is).
    """
    text = _head_text(data)
    info = Prolog()
    i, n = 0, len(text)
    while True:
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i >= n:
            if n >= PROLOG_LIMIT:
                raise InputError(f"XML prolog longer than {PROLOG_LIMIT:,} bytes, refused", path)
            info.ends_in_prolog = True
            return info
        if text.startswith("<?", i):
            end = text.find("?>", i + 2)
            if end < 0:
                raise InputError("truncated XML: unterminated processing instruction in the prolog", path)
            if text.startswith("<?xml", i) and (i + 5 < n and text[i + 5] in " \t\r\n?"):
                info.xml_declaration = True
            i = end + 2
        elif text.startswith("<!--", i):
            end = text.find("-->", i + 4)
            if end < 0:
                raise InputError("truncated XML: unterminated comment in the prolog", path)
            i = end + 3
        elif text[i : i + 9].upper() == "<!DOCTYPE":
            if info.doctype is not None:
                raise InputError("XML with two DOCTYPE declarations", path)
            i = _scan_doctype(text, i + 9, info, path)
        elif text[i : i + 9].upper() in ("<!ELEMENT", "<!ATTLIST") or text[i : i + 8].upper() == "<!ENTITY":
            info.dtd_file = True
            return info
        elif text.startswith("<", i):
            m = _NAME().match(text, i + 1)
            info.root = m.group(0) if m else None
            info.ends_in_prolog = not m and not text[i + 1 :].strip()
            return info
        else:
            return info  # not markup: not XML


def _scan_doctype(text: str, i: int, info: Prolog, path: str | None) -> int:
    """Parse ``<!DOCTYPE name [SYSTEM|PUBLIC ids] [ [subset] ]>`` from just after the keyword."""
    n = len(text)
    while i < n and text[i] in " \t\r\n":
        i += 1
    m = _NAME().match(text, i)
    info.doctype = m.group(0) if m else ""
    i = m.end() if m else i
    ids: list[str] = []
    while i < n:
        ch = text[i]
        if ch in "\"'":
            end = text.find(ch, i + 1)
            if end < 0:
                break
            ids.append(text[i + 1 : end])
            i = end + 1
        elif ch == "[":
            info.internal_subset = True
            end = _subset_end(text, i + 1)
            if end < 0:
                break
            if _ENTITY_DECL().search(text, i, end):
                raise InputError(
                    "XML DOCTYPE declares entities (<!ENTITY …>): refused as a possible entity-expansion "
                    "or external-entity attack; nothing was expanded or fetched",
                    path,
                )
            i = end + 1
        elif ch == ">":
            info.external_dtd = ids[-1] if ids else None
            return i + 1
        else:
            i += 1
    if n >= PROLOG_LIMIT:
        raise InputError(f"XML DOCTYPE longer than {PROLOG_LIMIT:,} bytes, refused", path)
    raise InputError("truncated XML: unterminated DOCTYPE declaration", path)


def _subset_end(text: str, i: int) -> int:
    """Index of the ``]`` closing an internal subset, skipping quoted strings and comments; -1 if none."""
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in "\"'":
            end = text.find(ch, i + 1)
            if end < 0:
                return -1
            i = end + 1
        elif text.startswith("<!--", i):
            end = text.find("-->", i + 4)
            if end < 0:
                return -1
            i = end + 3
        elif ch == "]":
            return i
        else:
            i += 1
    return -1


def parse_xml(data: bytes, path: str | None = None) -> ParsedXML:
    """Parse XML bytes safely into a root element; any problem is one InputError naming ``path``."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError("parse_xml takes bytes (the parser reads the encoding from the XML declaration)")
    data = bytes(data)
    if not data.strip():
        raise InputError("empty file", path)
    prolog = scan_prolog(data, path)
    if prolog.dtd_file:
        raise InputError("a DTD (document type definition), not an XML document", path)
    if prolog.root is None and prolog.ends_in_prolog:
        raise InputError("truncated XML: no root element, the data ends after the prolog", path)
    if prolog.root is None:
        raise InputError("not XML: no root element", path)
    warnings: list[str] = []
    if prolog.doctype is not None:
        dtd = f" ({prolog.external_dtd})" if prolog.external_dtd else ""
        warnings.append(f"DOCTYPE {prolog.doctype}{dtd} ignored: DTDs are never loaded")
    try:
        root = etree.fromstring(data, _parser())
        encoding = root.getroottree().docinfo.encoding or "utf-8"
    except etree.XMLSyntaxError as exc:
        root, encoding = _retry_decoded(data, exc, path)
        if root is None:
            raise _syntax_error(exc, data, path) from None
        warnings.append(f"{encoding_warning(encoding)}, though the XML declares UTF-8")
    except (ValueError, TypeError, MemoryError) as exc:  # lxml refuses some inputs before parsing
        raise InputError(f"unreadable XML ({exc})", path) from None
    _check_no_entities(root, path)
    return ParsedXML(root=root, encoding=encoding.lower(), warnings=warnings)


def _retry_decoded(data: bytes, exc: etree.XMLSyntaxError, path: str | None):
    """A Windows (cp1252/latin-1) copy of a UTF-8 file, or one with a few bad bytes: decode it and parse again."""
    message = str(exc).lower()
    if "encoding" not in message and "utf-8" not in message:
        return None, None
    m = _ENCODING_DECL().match(data)
    if m and m.group(3).decode().lower() not in _UTF8_NAMES:
        return None, None  # declared otherwise: lxml already used the declared encoding
    try:
        text, encoding = decode(data, path)
    except InputError:
        return None, None
    if encoding_warning(encoding) is None:
        return None, None  # clean UTF-8/16/32: the syntax error is real
    try:
        return etree.fromstring(text.encode("utf-8"), _parser()), encoding
    except etree.XMLSyntaxError:
        return None, None


def _syntax_error(exc: etree.XMLSyntaxError, data: bytes, path: str | None) -> InputError:
    line, column = exc.position if exc.position else (exc.lineno or 0, 0)
    message = _POSITION_SUFFIX().sub("", str(exc)).strip() or "syntax error"
    where = f"line {line}, column {column}"
    if "Excessive depth" in message:
        return InputError(f"XML nested too deeply ({message}), at {where}", path)
    if "encoding" in message.lower() or "not proper utf-8" in message.lower():
        return InputError(f"XML with invalid bytes for its encoding ({message}), at {where}", path)
    if _at_end(data, line, column) or "Premature end of data" in message:
        return InputError(
            f"truncated XML: the document ends before it is complete ({message}, at {where})", path
        )
    return InputError(f"malformed XML at {where}: {message}", path)


def _at_end(data: bytes, line: int, column: int) -> bool:
    """Whether an error position is the end of the data: what a cut file looks like to the parser."""
    tail = data.rstrip()
    last_line = tail.count(b"\n") + 1
    if line != last_line:
        return line > last_line
    last = tail[tail.rfind(b"\n") + 1 :]
    # libxml2 counts columns in characters; be generous by one for the position after the last one.
    return column >= len(last.decode("utf-8", "replace")) - 1


def _check_no_entities(root: etree._Element, path: str | None) -> None:
    """Belt and braces: a parsed tree must carry no entity declaration."""
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise InputError("XML DOCTYPE declares entities: refused; nothing was expanded or fetched", path)
