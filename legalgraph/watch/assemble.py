"""JORF/LEGI "global" archives split a text into a texte/version file and one file per article: put them
back together as the single TEXTE element a JORFSIMPLE archive would have held, so one reader reads both."""

from __future__ import annotations

import re

from lxml import etree

_NUM_PARTS = re.compile(r"\d+|\D+")
_SUFFIX_RANK = {"bis": 1, "ter": 2, "quater": 3, "quinquies": 4, "sexies": 5}


def article_id(article: etree._Element) -> str | None:
    return article.findtext("META/META_COMMUN/ID") or article.findtext("ID")


def article_num(article: etree._Element) -> str:
    return (article.findtext("META/META_SPEC/META_ARTICLE/NUM") or article.findtext("NUM") or "").strip()


def article_parent(article: etree._Element) -> str | None:
    """The cid of the text an ARTICLE belongs to (CONTEXTE/TEXTE/@cid; missing in some 2025+ dumps)."""
    texte = article.find("CONTEXTE/TEXTE")
    return texte.get("cid") if texte is not None and texte.get("cid") else None


def num_sort_key(num: str) -> tuple:
    """'2' < '3' < '3 bis' < '10' < 'Annexe': the order of articles when no structure file says otherwise."""
    low = num.lower()
    if not low or low.startswith("annexe"):
        return (1, low)
    key: list = []
    for part in _NUM_PARTS.findall(low):
        part = part.strip(" .-")
        if part.isdigit():
            key.append((0, int(part)))
        elif part:
            key.append((1, _SUFFIX_RANK.get(part, 9), part))
    return (0, tuple(key))


def struct_order(struct_root: etree._Element) -> list[str]:
    """The article ids of a TEXTELR (texte/struct), in the order of the text."""
    return [lien.get("id") for lien in struct_root.iter("LIEN_ART") if lien.get("id")]


def assemble_texte(
    version: etree._Element, articles: list[etree._Element], order: list[str] | None = None
) -> etree._Element:
    """One TEXTE element: the TEXTE_VERSION's metadata, visas and signature, and its articles in order."""
    texte = etree.Element("TEXTE")
    for child in version:
        if isinstance(child.tag, str) and child.tag != "SIGNATAIRES":
            texte.append(child)
    rank = {art_id: i for i, art_id in enumerate(order or [])}
    articles = sorted(
        articles, key=lambda a: (rank.get(article_id(a), len(rank)), num_sort_key(article_num(a)))
    )
    struct = etree.SubElement(texte, "STRUCT")
    for art in articles:
        item = etree.SubElement(struct, "ARTICLE")
        etree.SubElement(item, "ID").text = article_id(art)
        etree.SubElement(item, "NUM").text = article_num(art)
        bloc = art.find("BLOC_TEXTUEL")
        if bloc is not None:
            item.append(bloc)
    signataires = version.find("SIGNATAIRES")
    if signataires is not None:
        texte.append(signataires)
    return texte
