"""A Légifrance API (PISTE) ``/consult/jorf`` response into a SourceText.

The response carries the text as published in the JORF: ``title``, ``nor``, ``eli``/``alias`` (paths),
``jorfText`` ("JORF n°0302 du 15 décembre 2020"), ``nature``, dates (epoch milliseconds or ISO strings),
``visa`` and ``signers`` (HTML), top-level ``articles`` and nested ``sections`` (each with ``title``,
``articles``, ``sections``, ordered by ``intOrdre``), ``liens``. The normalized text and its blocks are laid out
exactly as for DILA XML (see ``dila_xml``): title, authority, visas, enacting formula, "Article N" + content,
signature; section titles stand on lines of their own, outside any block.

Any other JSON (another API response such as ``/consult/lastNJo``, an error, a token) is an InputError that
says what it is. Values are never echoed in messages, only key names and counts.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from legalgraph.errors import InputError
from legalgraph.models import Source, SourceText
from legalgraph.patterns import lazy
from legalgraph.read.dila_xml import (
    ANNEX_HEADING,
    ActWriter,
    MetaDates,
    date_from_eli,
    date_value,
    nature_of,
)

LEGIFRANCE = "https://www.legifrance.gouv.fr"
MAX_SECTION_DEPTH = 100
# Epoch milliseconds in the API are midnight UTC (or midnight Paris time, 22:00/23:00 UTC the day before);
# shifting by 3 hours gives the calendar date in both cases.
_EPOCH_SHIFT = timedelta(hours=3)
_ID_VERSION = lazy(r"^([A-Z]{4}[A-Z]{4}\d{12})_\d{2}-\d{2}-\d{4}$")
_ALIAS_NUM = lazy(r"/eli/[a-z_]+/\d{4}/\d{1,2}/\d{1,2}/([^/]+)/")


def read_piste_json(text: str, source: Source) -> SourceText:
    """Read a ``/consult/jorf`` JSON response; InputError for invalid JSON or a response that is not a text."""
    path = source.path
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", path) from None
    except RecursionError:
        raise InputError("invalid JSON: nested too deeply", path) from None
    except ValueError as exc:  # e.g. an integer longer than Python accepts
        raise InputError(f"invalid JSON ({exc})", path) from None
    what = describe(data)
    if what is not None:
        raise InputError(f"{what}, not a text: legalgraph reads /consult/jorf responses", path)
    warnings: list[str] = []
    meta = _meta(data, warnings)
    writer = ActWriter(path)
    writer.title(meta["title"])
    writer.preamble(_str(data.get("visa")))
    articles: list[dict] = []
    _children(writer, data, articles, None, 0, path)
    meta["articles"] = articles
    writer.signature(_str(data.get("signers")))
    for key, out in (
        ("notice", "notice"),
        ("nota", "nota"),
        ("prepWork", "prep_work"),
        ("rectificatif", "rectificatif"),
    ):
        lines = writer.html_lines(_str(data.get(key)))
        if lines:
            meta[out] = "\n".join(lines)
    source.kind = "consult-jorf"
    source.id = meta["id"]
    return writer.result(source, meta, warnings)


def describe(data) -> str | None:
    """None when ``data`` is a /consult/jorf text; otherwise what it is, in words."""
    if not isinstance(data, dict):
        kind = {list: "a JSON array", str: "a JSON string", bool: "a JSON boolean", type(None): "JSON null"}
        return kind.get(type(data), "a JSON number") + (
            f" of {len(data)} items" if isinstance(data, list) else ""
        )
    if isinstance(data.get("containers"), list):
        return f"a Légifrance API /consult/lastNJo response (a list of {len(data['containers'])} Journal officiel issues)"
    items = data.get("items")
    if isinstance(items, list) and any(isinstance(i, dict) and "joCont" in i for i in items):
        return "a Légifrance API /consult/jorfCont response (the sommaire of a Journal officiel issue)"
    if isinstance(data.get("results"), list):
        return f"a Légifrance API search/list response ({len(data['results'])} results)"
    if "lstDateDisabled" in data:
        return "a Légifrance API /misc/datesWithoutJo response"
    if "access_token" in data or "token_type" in data:
        return "an OAuth token response (its content is not shown)"
    if ("error" in data or "status" in data) and "message" in data and "articles" not in data:
        return "a Légifrance API error response"
    articles, sections = data.get("articles"), data.get("sections")
    if (isinstance(articles, list) or isinstance(sections, list)) and (
        isinstance(data.get("title"), str) or isinstance(data.get("cid"), str)
    ):
        return None
    keys = ", ".join(repr(str(k)[:40]) for k in list(data)[:8]) + (", …" if len(data) > 8 else "")
    return f"a JSON object with keys {keys or '(none)'}"


def _str(value) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _dicts(value) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def json_date(value, warnings: list[str] | None = None, key: str = "date") -> str | None:
    """Epoch milliseconds or an ISO string to ``YYYY-MM-DD`` (sentinels such as 2999-01-01 kept as they are)."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value.strip())
    if isinstance(value, int | float):
        try:
            return (
                (datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=value) + _EPOCH_SHIFT)
                .date()
                .isoformat()
            )
        except (OverflowError, ValueError):
            if warnings is not None:
                warnings.append(f"{key}: {value!r} is not a date in epoch milliseconds; ignored")
            return None
    if isinstance(value, str):
        head = value.strip()[:10]
        if date_value(head) or head in ("2999-01-01", "2222-02-22"):
            return head
    if warnings is not None:
        warnings.append(f"{key} is not a date; ignored")
    return None


def _absolute(eli: str | None) -> str | None:
    if not eli:
        return None
    return LEGIFRANCE + eli if eli.startswith("/") else eli


def _meta(d: dict, warnings: list[str]) -> dict:
    raw_id = _str(d.get("id"))
    cid = _str(d.get("cid"))
    m = _ID_VERSION().match(raw_id or "")
    alias = _str(d.get("alias"))
    num = _str(d.get("num"))
    if not num and alias:
        n = _ALIAS_NUM().search(alias)
        num = n.group(1) if n else None
    meta: dict = {
        "id": cid or (m.group(1) if m else raw_id),
        "api_id": raw_id,
        "cid": cid,
        "nature": nature_of(_str(d.get("nature"))),
        "nature_raw": _str(d.get("nature")),
        "title": _str(d.get("title")),
        "title_short": None,
        "nor": _str(d.get("nor")) or None,
        "eli": _absolute(_str(d.get("eli"))),
        "eli_alias": [a for a in [_absolute(alias)] if a],
        "num": num,
        "num_parution": _str(d.get("numParution")),
        "origine_publi": _str(d.get("jorfText")),
        "jorf_container": _str(d.get("idConteneur")),
        "etat": _str(d.get("etat")),
        "juris_state": _str(d.get("jurisState")),
    }
    dates = MetaDates(meta, warnings)
    for key, api in (
        ("date", "dateTexte"),
        ("date_publi", "dateParution"),
        ("date_debut", "dateDebutVersion"),
        ("date_fin", "dateFinVersion"),
    ):
        value = d.get(api)
        if key == "date" and value is None:
            value = d.get("dateSignature")
        dates.set(key, json_date(value, warnings, api))
    dates.finish()
    if meta["date"] is None and "date" not in meta["sentinels"]:
        meta["date"] = date_from_eli(meta["eli"])
    meta["liens"] = [
        {
            "typelien": _str(lien.get("typeLien")),
            "sens": _str(lien.get("sens")),
            "cidtexte": _str(lien.get("cidTexte")),
            "id": _str(lien.get("id")),
            "naturetexte": _str(lien.get("natureTexte")),
            "nortexte": _str(lien.get("norTexte")),
            "num": _str(lien.get("num")),
            "numtexte": _str(lien.get("numTexte")),
            "datesignatexte": date_value(json_date(lien.get("dateSignaTexte"))),
            "text": _str(lien.get("title")),
        }
        for lien in _dicts(d.get("liens"))
    ]
    return meta


def _order(node: dict) -> list[tuple[str, dict]]:
    """Articles and sections of a node in reading order (``intOrdre`` when every child has one)."""
    children = [("article", a) for a in _dicts(node.get("articles"))] + [
        ("section", s) for s in _dicts(node.get("sections"))
    ]
    if children and all(isinstance(c.get("intOrdre"), int) for _, c in children):
        children.sort(key=lambda kc: kc[1]["intOrdre"])
    return children


def _children(
    writer: ActWriter, node: dict, articles: list[dict], annex: str | None, depth: int, path
) -> None:
    if depth > MAX_SECTION_DEPTH:
        raise InputError(f"sections nested deeper than {MAX_SECTION_DEPTH} levels", path)
    for kind, child in _order(node):
        if kind == "section":
            title = _str(child.get("title"))
            writer.heading(title)
            inner = title if title and ANNEX_HEADING().match(title.strip()) else annex
            _children(writer, child, articles, inner, depth + 1, path)
            continue
        num = _str(child.get("num"))
        label = writer.article(num, _str(child.get("content")), annex)
        item = {
            "id": _str(child.get("id")),
            "cid": _str(child.get("cid")),
            "num": num,
            "label": label,
            "etat": _str(child.get("etat")),
            "type": _str(child.get("type")),
        }
        articles.append(item)
