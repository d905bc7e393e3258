"""What in a SPARQL text would make the engine fetch a URL: ``SERVICE`` (queries and updates) and ``LOAD``.

Oxigraph runs ``SERVICE <url>`` and ``LOAD <url>`` itself, with no hook to refuse them, so the endpoint reads
the text first. A regular expression over the raw text would be fooled by comments and strings (or would
refuse a query that only mentions the word), so this is a small tokenizer: strings, IRIs, comments, variables
and blank nodes are skipped whole, and every keyword-like word is looked at.

The check errs on the side of refusing. Oxigraph's parser reads keywords without word boundaries
(``SERVICESILENT<…>`` and ``SERVICE:x`` with an empty prefix both call out), so any word, or prefix of a
prefixed name, that *contains* ``service`` or ``load`` counts: a prefix named ``service:`` is refused too, and
the message says how to rename it. Nothing that Oxigraph parses as a string, an IRI or a comment can hide one:
each skipped token is matched by the SPARQL grammar's own rule (an IRI holds no space, ``{`` or ``<``, so it
cannot span a ``SERVICE … {`` or a line).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from legalgraph.serve.errors import HttpError

# The character classes of the SPARQL 1.1 grammar (§19.8).
_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_U = _BASE + "_"
_CHARS = _U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_LOCAL = rf"(?:[{_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_STRING = (
    r'"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""'
    r"|'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''"
    r'|"(?:[^"\\\r\n]|\\.)*"'
    r"|'(?:[^'\\\r\n]|\\.)*'"
)
_RULES = {
    "space": r"\s+",
    "comment": r"#[^\r\n]*",
    "string": _STRING,
    "iri": r'<(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>',
    "var": rf"[?$][{_U}0-9][{_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*",
    "bnode": rf"_:[{_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?",
    "pname": rf"(?:[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?)?:(?:{_LOCAL})?",
    "word": r"[A-Za-z_][A-Za-z0-9_]*",
    "other": r".",
}
# Tried in this order at each position, like the grammar's terminals: the first rule that matches wins.
_TOKEN = re.compile("|".join(f"(?P<{name}>{rule})" for name, rule in _RULES.items()), re.DOTALL)


def _mentions(text: str) -> bool:
    """Whether ``text`` holds "service" or "load" in any case (SPARQL keywords are ASCII)."""
    lowered = text.lower()  # ~15 times faster than an IGNORECASE regex on a long query
    return "service" in lowered or "load" in lowered


@dataclass(frozen=True)
class Fetch:
    keyword: str  # "SERVICE" or "LOAD" (upper case), or the word that holds one
    target: str | None  # the IRI it names, when written as a full <IRI> right after it


def fetches(text: str) -> list[Fetch]:
    """Each place of ``text`` where the engine could fetch a URL, in order."""
    if not _mentions(text):  # the usual case, and much faster than reading every token
        return []
    tokens = [
        (m.lastgroup, m.group()) for m in _TOKEN.finditer(text) if m.lastgroup not in ("space", "comment")
    ]
    found = []
    for i, (kind, value) in enumerate(tokens):
        if kind == "word":
            word = value
        elif kind == "pname":
            word = value.partition(":")[0]
        else:
            continue
        if not _mentions(word):
            continue
        target = None
        rest = tokens[i + 1 : i + 3]
        if kind == "word" and word.upper() in ("SERVICE", "LOAD"):
            if rest and rest[0][0] == "word" and rest[0][1].upper() == "SILENT":
                rest = rest[1:]
            if rest and rest[0][0] == "iri":
                target = _unescape(rest[0][1][1:-1])
        found.append(Fetch(word.upper(), target))
    return found


def _unescape(iri: str) -> str:
    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})", lambda m: chr(int(m[1] or m[2], 16)), iri)


def allowed(url: str, allow: Sequence[str]) -> bool:
    """Whether ``url`` is under one of the operator's ``--allow-service`` entries: a host name (any http(s)
    URL on that host) or a URL prefix (same scheme, host and port, and a path under the prefix's path)."""
    try:
        u = urlsplit(url)
        if u.scheme not in ("http", "https") or not u.hostname or u.username or u.password:
            return False
        port = u.port or (443 if u.scheme == "https" else 80)
    except ValueError:
        return False
    for entry in allow:
        if "://" not in entry:
            if u.hostname == entry.strip("[]").lower():
                return True
            continue
        e = urlsplit(entry)
        e_port = e.port or (443 if e.scheme == "https" else 80)
        if (e.scheme, e.hostname, e_port) != (u.scheme, u.hostname, port):
            continue
        prefix = e.path.rstrip("/")
        if not prefix or u.path == prefix or u.path.startswith(prefix + "/"):
            return True
    return False


def check(text: str, *, update: bool, allow: Sequence[str] = ()) -> list[Fetch]:
    """Refuse (400) what would fetch a URL: always in an update; in a query unless it is a ``SERVICE <IRI>``
    that the operator allowed with ``--allow-service``. Nothing is fetched, the text is only read. Returns the
    allowed SERVICE calls."""
    found = fetches(text)
    for fetch in found:
        what = fetch.keyword
        if update:
            raise HttpError(
                400,
                f"refused: {what} in an update would make the server fetch a URL; updates never fetch "
                "(load the data yourself and send it with INSERT DATA)",
            )
        if what != "SERVICE" or fetch.target is None:
            raise HttpError(
                400,
                f"refused: {what!r} would make the server fetch a URL (SERVICE and LOAD are off on this "
                "endpoint; a federated query names its endpoint as a full <IRI> right after SERVICE, and a "
                "prefix or word holding 'service' or 'load' counts too: rename it)",
            )
        if not allowed(fetch.target, allow):
            raise HttpError(
                400,
                f"refused: SERVICE <{fetch.target}> is not an endpoint this server may call "
                + (
                    "(federation is off: the operator allows endpoints with --allow-service)"
                    if not allow
                    else f"(allowed: {', '.join(allow)})"
                ),
            )
    return found
