"""Citations of other legal texts: codes and their articles, lois, ordonnances, décrets, arrêtés, avis…

``find_citations`` scans a stretch of text with compiled regular expressions (no tokenizer: one anchor pattern
finds the words that open a citation — "article", "code", "arrêté", "décret", "loi", "avis"… — and a small
parser per kind reads what follows at that position). The grammar is the one French drafting uses
(Légistique; circulaire du 7 juillet 2011): ``<nature> [n° <numéro>] du <date> [modifié] [relatif à / portant …]``,
``<articles> du <code>``, ``le <code>, notamment ses articles <liste>``, ``l'arrêté du <date> susvisé``; acts of
the Union by their JOUE number (``règlement (UE) 2016/679``, ``règlement (CE) n° 1907/2006``, ``directive
2005/36/CE``); circulaires by their number, the issuer apart (``circulaire DGEFP n° 2006-18``). An article heading
alone on its line ("Article 1er") is the text's own article, never a reference.

Spans are offsets into the whole ``text`` and never overlap: a citation whose "relatif à …" subject contains
another citation ("l'arrêté du 7 février 2013 modifiant l'arrêté du 31 juillet 2003 relatif …") is cut where the
inner one starts; its ``subject`` keeps the full wording.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache

from legalgraph.extract.patterns import lazy
from legalgraph.frtext import DAY, MONTH, NUMERIC_DATE, iso_date
from legalgraph.models import Citation, CitationKind, Document, Where
from legalgraph.norm import fold_for_key

K = CitationKind

# ---- building blocks -----------------------------------------------------------------------------------------

AP = "['’]"  # straight or typographic apostrophe
# "1er juin 2011", "26 avril 2002", "11/12/2017"; line breaks may fall anywhere between the parts (PDF copies)
DATE = rf"(?:{DAY}\s+{MONTH}\s+\d{{4}}|{NUMERIC_DATE})"
# "des 27 et 28 novembre 2003" (a commission sitting two days): the last day is the date of the avis
DATES = rf"(?:(?:{DAY}\s*(?:,|et)\s*)*{DATE})"
_DATE_PARTS = lazy(
    rf"(?P<d>{DAY})\s+(?P<m>{MONTH})\s+(?P<y>\d{{4}})|(?P<d2>\d{{1,2}})\s?[/.]\s?(?P<m2>\d{{1,2}})\s?[/.]\s?(?P<y2>\d{{4}})",
    re.I,
)
# The "numéro" mark as printed and as copies flatten it: n°, nº (ordinal), n˚ (ring), nᵒ, "no" or "n o" (a
# superscript o lost by a PDF or HTML copy), N°, "n.°", plurals n°s / nos, "numéro(s)"; a colon may follow ("n° :")
NO = r"(?:[nN]\s?\.?\s?[°ºo˚ᵒO]s?\.?(?:\s?:)?|[nN]uméros?)"
# French act numbers: 2019-14, 94-522, 2002-1029; after the numéro mark a copy may space the hyphen ("2019 - 14")
NUM = r"\d{1,4}\s?[-‐‑–]\s?\d{1,6}(?:[-‐‑–]\d{1,3})?"
# circulaires, décisions: "DGEFP/MPDC/2011/12", "2011-07", "5506/SG", "2241/2004/CE"
NUMX = r"(?=[\w/.\-]*\d)[A-Za-z0-9]+(?:[/.\-][A-Za-z0-9]+)*"
SUSVISE = (
    r"(?:sus-?vis[ée]e?s?|pr[ée]cit[ée]e?s?|susmentionn[ée]e?s?|susdite?s?|ci-dessus\s+(?:vis|mentionn)[ée]e?s?|"
    r"vis[ée]e?s?\s+ci-dessus)"
)
MODIFIE = r"modifi[ée]e?s?"
_ANAPHORA_BEFORE = lazy(
    r"(?:\b(?:même|mêmes|dudit|ledit|ladite|desdits|desdites|audit|auxdits|lesdits|lesdites))\s+$", re.I
)


_fold = fold_for_key  # lower case, no accents, straight apostrophe: the form keys and comparisons use
_fold_word = lru_cache(maxsize=512)(_fold)  # nature words recur: fold each once


def parse_date(s: str) -> str | None:
    """ISO date of a French date ("1er juin 2011", "11/12/2017"), the last one of "27 et 28 novembre 2003"."""
    last = None
    for m in _DATE_PARTS().finditer(s):
        last = m
    return iso_date(last, years=(1500, 2200)) if last else None


# ---- article numbers -----------------------------------------------------------------------------------------

_HYPHENS = "-‐‑–"
_ART_ITEM = (
    rf"(?:(?:LO|L|R|D|A)(?:\.\s?|\s)?\*?\d+(?:\s?[{_HYPHENS}]\s?\d+)*"
    # "2°" numbers an item of an article, not an article
    rf"|\d+(?:[{_HYPHENS}]\d+)*(?!\d|\s?°)(?:\s?er\b|ᵉʳ)?|(?i:premier)\b)"
    r"(?:\s+(?:bis|ter|quater|quinquies|sexies|septies|octies|nonies|decies)\b)?"
)
_ART_SEP = r"(?:\s*,\s*(?:et\s+|ou\s+)?|\s+(?:et|ou|à)\s+)"
_SUIVANTS = r"(?:\s+et\s+suivants)?"
_ART_LIST = rf"{_ART_ITEM}{_SUIVANTS}(?:{_ART_SEP}{_ART_ITEM}{_SUIVANTS})*"
_ART_ITEM_RE = lazy(_ART_ITEM)
_ART_LIST_RE = lazy(rf"\s*(?P<list>{_ART_LIST})")
_LETTERED = lazy(r"^(LO|L|R|D|A)\*?\d")


def normalize_article(raw: str) -> str:
    """ "L. 6113-1" → "L6113-1", "1er" → "1", "3 bis" → "3 bis"."""
    s = re.sub(f"[{_HYPHENS}]", "-", raw)
    if _fold(s).startswith("premier"):
        return "1"
    s = re.sub(r"(?<=\d)\s?(?:er|ᵉʳ)$", "", s)
    m = re.match(r"^(LO|L|R|D|A)(?:\.\s?|\s)?(\*?)(\d.*)$", s)
    if m:
        s = m.group(1) + m.group(2) + m.group(3)
    s = re.sub(r"\s?-\s?", "-", s)
    return re.sub(r"\s+", " ", s).strip()


def _articles(listing: str) -> list[str]:
    """The article numbers of a list, in order; "L. 6113-1 à 6113-3" gives the second end its letter."""
    out: dict[str, None] = {}  # ordered and without repeats
    prefix = None
    for m in _ART_ITEM_RE().finditer(listing):
        art = normalize_article(m.group(0))
        lm = _LETTERED().match(art)
        if lm:
            prefix = lm.group(1)
        elif prefix and "-" in art:
            art = prefix + art
        out[art] = None
    return list(out)


# ---- codes ----------------------------------------------------------------------------------------------------

# The codes in force or still cited (Légifrance list), longest first so that "code du travail maritime" wins
# over "code du travail". Matching tolerates missing or extra accents, either apostrophe and any line break.
CODE_NAMES = [
    "code de l'action sociale et des familles",
    "code de l'artisanat",
    "code des assurances",
    "code de l'aviation civile",
    "code du cinéma et de l'image animée",
    "code civil",
    "code de commerce",
    "code des communes",
    "code des communes de la Nouvelle-Calédonie",
    "code de la commande publique",
    "code de la consommation",
    "code de la construction et de l'habitation",
    "code de la défense",
    "code de déontologie des architectes",
    "code disciplinaire et pénal de la marine marchande",
    "code du domaine de l'Etat",
    "code du domaine public fluvial et de la navigation intérieure",
    "code des douanes",
    "code des douanes de Mayotte",
    "code de l'éducation",
    "code électoral",
    "code de l'énergie",
    "code de l'entrée et du séjour des étrangers et du droit d'asile",
    "code de l'environnement",
    "code de l'expropriation pour cause d'utilité publique",
    "code de la famille et de l'aide sociale",
    "code forestier",
    "code général des collectivités territoriales",
    "code général des impôts",
    "code général de la fonction publique",
    "code général de la propriété des personnes publiques",
    "code des impositions sur les biens et services",
    "code de l'industrie cinématographique",
    "code des instruments monétaires et des médailles",
    "code des juridictions financières",
    "code de justice administrative",
    "code de justice militaire",
    "code de la justice pénale des mineurs",
    "code de la Légion d'honneur, de la Médaille militaire et de l'ordre national du Mérite",
    "code minier",
    "code monétaire et financier",
    "code de la mutualité",
    "code de l'organisation judiciaire",
    "code du patrimoine",
    "code pénal",
    "code pénitentiaire",
    "code des pensions civiles et militaires de retraite",
    "code des pensions de retraite des marins français du commerce, de pêche ou de plaisance",
    "code des pensions militaires d'invalidité et des victimes de guerre",
    "code des ports maritimes",
    "code des postes et des communications électroniques",
    "code des postes et télécommunications",
    "code de procédure civile",
    "code de procédure pénale",
    "code des procédures civiles d'exécution",
    "code de la propriété intellectuelle",
    "code de la recherche",
    "code des relations entre le public et l'administration",
    "code de la route",
    "code rural et de la pêche maritime",
    "code rural",
    "code de la santé publique",
    "code de la sécurité intérieure",
    "code de la sécurité sociale",
    "code du service national",
    "code du sport",
    "code du tourisme",
    "code des transports",
    "code du travail",
    "code du travail maritime",
    "code du travail applicable à Mayotte",
    "code de l'urbanisme",
    "code de la voirie routière",
    "code des marchés publics",
]

_LOOSE = {
    "a": "aàâä",
    "e": "eéèêë",
    "i": "iîï",
    "o": "oôö",
    "u": "uùûü",
    "c": "cç",
}
# The code names as a trie of their folded spellings, read by `_code_name_end` one character of the text at a
# time: one regular expression of the 80 names, case- and accent-insensitive, took ~0.1 s to compile, more than a
# one-page parse. A space in a name stands for any run of whitespace (line breaks of print copies), an apostrophe
# for either apostrophe and one optional space; a letter for itself in either case, a vowel or c with or without
# its accent.
_NAME_END = ""  # the trie key that marks the end of a name
_CODE_WORD = lazy(r"code\s+", re.I)


def _code_trie() -> tuple[dict, dict[str, str]]:
    trie: dict = {}
    for name in CODE_NAMES:
        node = trie
        for ch in fold_for_key(name[5:]):
            node = node.setdefault(ch, {})
        node[_NAME_END] = True
    letters: dict[str, str] = {}  # a character of the text → the folded character it reads as
    for ch in {c for n in CODE_NAMES for c in fold_for_key(n[5:])} - {" ", "'"}:
        for variant in _LOOSE.get(ch, ch):
            letters[variant] = letters[variant.upper()] = ch
    return trie, letters


_CODE_TRIE, _CODE_LETTERS = _code_trie()


def _ends_word(text: str, i: int, end: int) -> bool:
    """Nothing that continues a word at ``i`` (a letter, a digit, _ or an apostrophe)."""
    return i >= end or not (text[i].isalnum() or text[i] in "_'’")


def _code_name_end(text: str, i: int, end: int) -> int | None:
    """Where the longest code name starting at ``i`` (just after "code ") ends, or None."""
    node, best = _CODE_TRIE, None
    while True:
        if _NAME_END in node and _ends_word(text, i, end):
            best = i
        if i >= end:
            return best
        ch = text[i]
        if ch.isspace() and " " in node:
            node = node[" "]
            while i < end and text[i].isspace():
                i += 1
        elif ch in "'’" and "'" in node:
            node = node["'"]
            i += 2 if i + 1 < end and text[i + 1].isspace() else 1
        elif (folded := _CODE_LETTERS.get(ch)) in node:
            node = node[folded]
            i += 1
        else:
            return best


def _code_name_at(text: str, pos: int, end: int) -> int | None:
    """Where "code <name>" starting at ``pos`` ends (``name`` one of CODE_NAMES), or None."""
    m = _CODE_WORD().match(text, pos, end)
    return _code_name_end(text, m.end(), end) if m else None


def _code_names(text: str, start: int, end: int):
    """The spans of the "code <name>" of ``text[start:end]``, in order."""
    pos = start
    for m in _CODE_WORD().finditer(text, start, end):
        if m.start() >= pos and (e := _code_name_end(text, m.end(), end)) is not None:
            yield m.start(), e
            pos = e


# Any "code de …" — only trusted after an article reference ("l'article 12 du code des mines").
_GENERIC_CODE_RE = lazy(
    rf"code\s+(?:(?:de\s+la|de\s+l{AP}|du|des|de|d{AP})\s*)?[^\W\d_][\w'’\-]*(?:\s+[^\W\d_][\w'’\-]*){{0,6}}?"
    r"(?=\s*(?:[,;.:()\[\]<|\n]|$)|\s+(?:et|ou|notamment|susvisée?s?|modifiée?s?|sont|est|qui|dont|pour)\b)",
    re.I,
)
# "du même code", "dudit code", "du présent code" (in amending text: the code being amended), "du code précité"
_SAME_CODE_RE = lazy(rf"\s*(?i:(?:du\s+même|dudit|de\s+ce|du\s+présent)\s+code\b|du\s+code\s+{SUSVISE})")
_CODE_ARTS_RE = lazy(
    r"(?:\s*\([^()\n]{0,40}\))?\s*,?\s*(?i:et\s+)?(?i:(?:notamment|en\s+particulier|spécialement|plus\s+particulièrement)\s*,?\s*)?"
    rf"(?i:(?:en\s+)?(?:ses|son|les|le|l{AP}|aux|à\s+l{AP})\s*)?(?i:art(?:icle)?s?\.?)\s+(?P<list>{_ART_LIST})"
)
# what links an article list to the text it belongs to: "de l'", "du"; a subdivision of the article may come
# between (Guide de légistique: "l'article L. 335-6 (II) du code", ", deuxième alinéa, du", ", alinéa 2, du",
# ", 2°, du", ", I, du")
_ART_TARGET_RE = lazy(
    r"(?:\s*\((?:[IVX]{1,4}|\d{1,2}°|[a-z]\)?|\d{1,2})\))?"
    r"(?:\s*,\s*[^,;.\n]{0,40}?(?:alin[ée]a|\d{1,2}°|\bphrase|\b[IVX]{1,4}\b)[^,;.\n]{0,12}?\s*,)?"
    rf"\s*(?i:du|de\s+la|de\s+l{AP}|des|de|d{AP})\s*",
)


def code_name(raw: str) -> str:
    """The ``code`` value: lower case, accents and apostrophes as printed, one space between words."""
    return re.sub(r"\s+", " ", raw).strip().lower()


# ---- acts -------------------------------------------------------------------------------------------------------

_KIND_OF_WORD = {
    "arrete": K.ARRETE,
    "decret": K.DECRET,
    "loi": K.LOI,
    "ordonnance": K.ORDONNANCE,
    "circulaire": K.CIRCULAIRE,
    "directive": K.DIRECTIVE_UE,
    "reglement": K.REGLEMENT_UE,
    "decision": K.DECISION,
    "avis": K.AVIS,
    "referentiel": K.REFERENTIEL,
    "constitution": K.OTHER,
    "recommandation": K.OTHER,
}

_QUALIFIER_RE = lazy(
    r"(?:\s+(?i:interminist[ée]riel(?:le)?s?|minist[ée]riel(?:le)?s?|conjoints?|pr[ée]fectora(?:l|ux)|simples?|"
    rf"d[ée]lib[ée]r[ée]s?\s+en\s+conseil\s+des\s+ministres|en\s+Conseil\s+d{AP}[ÉEé]tat|{MODIFIE}))+"
)
# the lois the Constitution names apart; only a loi organique has a kind of its own (GOLD.md), the others are lois
_LOI_KIND_RE = lazy(r"\s+(?i:(?P<org>organiques?)|constitutionnelles?|de\s+programmation|d[’']orientation)\b")
# one designation: "n° 2019-14 du 8 janvier 2019", "2002-616 du 26 avril 2002", "du 22 décembre 2015",
# "en date du 9 mars 2006"
_ITEM_RE = lazy(
    rf"\s*(?:{NO}\s*(?P<num>{NUM})\b|(?P<bare>\d{{2,4}}[-‐‑–]\d{{1,6}})\b(?![-‐‑–]\d))?"
    rf"(?:\s*,?\s*(?i:en\s+date\s+)?(?i:du|des)\s+(?P<date>{DATE}))?"
)
# who issued a circulaire, printed before or after "n°": "DGEFP", "DGEFP/DGT", "DGEFP/MPDC"
_ISSUER = r"[A-Z]{2,}(?:/[A-Z]+)*"
# circulaires, décisions: free-form numbers ("DGEFP/MPDC/2011/12", "5506/SG", "2011-134 QPC"), the issuer before
# or after "n°" ("circulaire DGEFP n° 2006-18", "circulaire n° DGEFP 2006-18": the issuer is not the number), or
# an issuer and a number without "n°" ("circulaire DGT 2012/07")
_ITEMX_RE = lazy(
    rf"\s*(?:(?:{_ISSUER}\s+)?{NO}\s*(?:{_ISSUER}\s+(?=\d))?"
    rf"(?P<num>{NUMX}(?:\s(?:QPC|DC|LP|LOM|ORGA|FNR|REF|L|I|D))?)"
    rf"|(?:{_ISSUER}\s+)?(?P<bare>\d{{2,4}}[-‐‑–/]\d{{1,6}}(?:[-/]\d{{1,4}})?)\b)?"
    rf"(?:\s*,?\s*(?i:en\s+date\s+)?(?i:du)\s+(?P<date>{DATE}))?"
)
_LIST_SEP_RE = lazy(r"(?:\s*,\s*|\s+et\s+|\s*,\s*et\s+)(?=(?i:du|des|n|\d|celui|ceux|en\s+date))")
_BARE_DATE_RE = lazy(rf"\s*(?P<date>{DATE})")
_AMENDED_AFTER_RE = lazy(rf"\s*,?\s*(?i:{MODIFIE})\b")
_TAIL_RE = lazy(rf"\s*,?\s*(?i:(?P<mod>{MODIFIE})|(?P<sus>{SUSVISE}))\b")
# an authority between the nature and the date: "l'arrêté du ministre chargé de l'emploi du 9 mars 2006"
_AUTH_RE = lazy(
    rf"\s+(?P<auth>(?i:du|de\s+la|de\s+l{AP}|des)\s+[^;:.\d\n|<>]{{1,120}}?)\s*,?\s*(?i:en\s+date\s+)?(?i:du)\s+(?P<date>{DATE})"
)
_AVIS_RE = lazy(
    rf"(?:\s+(?i:conforme|favorable|motiv[ée]|simple))?"
    # who gave it: "de la commission …", "émis par la commission …"
    rf"(?P<body>\s+(?i:(?:émis|rendu)\s+par\s+(?:la|le|les|l{AP})|de\s+la|de\s+l{AP}|du|des|de)\s*[^;:.\d|<>]{{1,260}}?)?"
    rf"\s*,?\s*(?i:en\s+date\s+(?:du\s+)?|du\s+|des\s+|rendu\s+le\s+|le\s+)(?P<date>{DATES})"
)
_AVIS_BY = lazy(
    rf"^\s*(?i:(?:émis|rendu)\s+par\s+(?:la\s|le\s|les\s|l{AP})|de\s+la\s|de\s+l{AP}|du\s|des\s|de\s)\s*"
)
_AVIS_AUTHOR = lazy(
    r"(?i:commission|conseil|comit[ée]|haut|autorit[ée]|cour|assembl|coll[èe]ge|agence|observatoire|caisse|"
    r"chambre|section|france|minist|d[ée]l[ée]gation|office|d[ée]fenseur|instance|organisme)|[A-Z]{3,}"
)
# words of a clause, not of a name: the text between the nature and a date must not read as a sentence
_CLAUSE = r"\b(?:est|sont|a|ont|sera|seront|été|compter|Vu|Arrête|Décrète|qui|que)\b|\n\s*[-•>]"
_AVIS_BODY_BAD = lazy(_CLAUSE)
_AUTH_BAD = lazy(_CLAUSE + r"|\b(?:après|avant|lors|pour|dans|par)\b")
# EU acts as the Journal officiel de l'Union européenne numbers them and French texts cite them (Guide de
# légistique 1.3.4): "règlement (UE) 2016/679" (since 2015: year/number), "règlement (CE) n° 1907/2006" (before:
# number/year after "n°"), "directive 2005/36/CE" (year/number/institution), "directive (UE) 2018/958",
# "règlement (UE, Euratom) 2018/1046", "règlement délégué (UE) 2019/980 de la Commission", "directive du Conseil
# n° 89/391/CEE". The key is the number as printed, without the institution in parentheses.
_EU_INST = r"(?:UE|CE|CEE|Euratom|EU|CECA)"
_EU_AUTHOR = r"(?i:du\s+Parlement\s+européen\s+et\s+du\s+Conseil|du\s+Conseil|de\s+la\s+Commission)"
_EU_RE = lazy(
    rf"\s*(?:(?i:délégué|d['’]\s?exécution|d[ée]l[ée]gu[ée]e?|européen(?:ne)?|communautaire)\s*)*"
    rf"(?:{_EU_AUTHOR}\s*)?"
    rf"(?:\((?P<inst>{_EU_INST}(?:\s*,\s*{_EU_INST})*)\)\s*)?(?:(?P<no>{NO})\s*)?"
    r"(?P<a>\d{1,4})\s?/\s?(?P<b>\d{1,4})(?:/(?P<suf>CEE|CE|UE|EU|Euratom|PESC|JAI))?\b"
    rf"(?:\s+{_EU_AUTHOR})?"
    rf"(?:\s*,?\s*(?i:du)\s+(?P<date>{DATE}))?"
)
# "directives 2005/36/CE et 2013/55/UE", "règlements (CE) n° 1907/2006 et (CE) n° 1272/2008"
_EU_LIST_SEP_RE = lazy(r"\s*,\s*(?:et\s+)?|\s+et\s+")
_SUBJECT_START_RE = lazy(
    r",?\s+(?=(?i:relati(?:f|ve)s?\s+(?:à|au|aux|a)\b|portant\b|fixant\b|prise?s?\s+(?:pour|en\s+application)\b|"
    r"instituant\b|modifiant\b|créant\b|définissant\b|concernant\b|abrogeant\b|complétant\b|prorogeant\b|"
    r"organisant\b|déterminant\b|précisant\b|autorisant\b|ratifiant\b|transposant\b|habilitant\b|approuvant\b|"
    r"instaurant\b|réformant\b|rénovant\b|simplifiant\b|renforçant\b|établissant\b|annulant\b|"
    r"reconnaissant\b|désignant\b|nommant\b|mettant\b|visant\b|tendant\b|supprimant\b|harmonisant\b))"
)
_SUBJECT_START_LOI_RE = lazy(
    rf",?\s+(?=(?i:pour\s+(?:la|le|l{AP}|les|un|une|une|des)\b|de\s+finances\b|de\s+financement\b|"
    rf"d{AP}orientation\b|de\s+programmation\b|sur\s+(?:la|le|l{AP}|les)\b))"
)
# a full stop ends a sentence, the dot of "L. 6113-1" or "R. 338-4" does not
_SENTENCE_END_RE = lazy(r";|\.(?!\s*\d)(?:\s|$)")
_SUBJECT_STOP_RE = lazy(
    r"[;:|<>\[\]()]|\.(?!\s*\d)(?:\s|$)|\n(?![a-zàâçéèêëîïôöûùüÿœ(])"
    rf"|,\s*(?i:(?:et\s+)?(?:notamment|en\s+particulier))\b|,?\s+(?:Vu|Arrête|Arrêtent|Décrète|Décide)\b"
    # a comma then a clause ("…pour 2019, la date…", "…, il est…", "…, pour les salariés…") ends the subject;
    # a comma inside a subject is followed by a complement ("de création, de révision", ", option …")
    rf"|,\s*(?:le|la|les|l{AP}|il|ils|elle|elles|on|ce|cet|cette|ces|ceux|celui|celle|ne|n{AP}|sont|est|pour|dans|"
    rf"sous|sauf|lorsque|lorsqu{AP}|si|s{AP}il|qui|dont|selon|après|avant|jusqu{AP}|conformément|ainsi|afin|ayant|"
    rf"étant|sans|un|une|et\s+à\s+l{AP}issue|et\s+à\s+compter|à\s+compter|{MODIFIE})\b"
    rf"|\s+(?:à\s+compter\s+d|dans\s+(?:sa|leur)\s+rédaction|en\s+vigueur\s+à)"
    rf"|\s(?:est|sont|sera|seront|a\s+été|ont\s+été|demeure|demeurent|reste|restent|prévoit|dispose)\b"
    rf"|,?\s+(?i:{SUSVISE})\b"
    rf"|,?\s+et\s+(?:(?:le|la|les|l{AP}|à\s+l{AP}|au|aux|du|de\s+la|de\s+l{AP}|des)\s*)(?i:d[ée]crets?|arr[êe]t[ée]s?|lois?|"
    rf"ordonnances?|codes?|directives?|r[èe]glements?|circulaires?|avis|articles?)\b"
)
_ACT_ARTS_RE = lazy(
    rf"\s*,?\s*(?i:et\s+)?(?i:notamment|en\s+particulier|spécialement)\s*,?\s*"
    rf"(?i:(?:ses|son|les|le|l{AP}|en\s+son|en\s+ses)\s*)?(?i:art(?:icle)?s?\.?)\s+(?P<list>{_ART_LIST})"
)
# the LEGI "A modifié les dispositions suivantes : > - Arrêté du 10 octobre 2007 > > Art. 2" block
_LEGI_ARTS_RE = lazy(rf"\n[ \t]*(?:>[ \t]*)+(?:-[ \t]*)?(?i:art(?:icle)?s?\.?)[ \t]+(?P<list>{_ART_LIST})")
_REFERENTIEL_RE = lazy(
    rf"\s+(?i:(?:d{AP}\s?|de\s+|des\s+)?(?:emplois?|certification|[ée]valuation|activit[ée]s|comp[ée]tences|formation|"
    rf"professionnel(?:le)?s?)(?:(?:\s*,\s*|\s+et\s+|\s+)(?:d{AP}\s?|de\s+|des\s+)?(?:emplois?|certification|"
    rf"[ée]valuation|activit[ée]s|comp[ée]tences|professionnel(?:le)?s?|associ[ée]s?)\b)*)"
    rf"(?P<titre>\s+(?i:du|de\s+la|de\s+ce)\s+(?i:titre|certification|sp[ée]cialit[ée])[^;:.\n|<>]{{0,160}}?"
    r"(?=\s*(?:[;:.\n|<>,]|$)|\s+(?:sont|est|et\s+le|et\s+les|figurant|annexée?s?|mentionnée?s?|sont)\b))?"
)
# an EU recommandation: "recommandation 2017/C 189/03 du Conseil du 22 mai 2017"
_RECOMMANDATION_RE = lazy(
    rf"(?:\s+(?P<num>\d{{4}}/C\s?\d+/\d+))?(?:\s+{_EU_AUTHOR})?\s*,?\s+(?i:du)\s+(?P<date>{DATE})"
)
_CONSTITUTION_RE = lazy(rf"(?:\s+du\s+(?P<date>{DATE}))?")

# the leading look-ahead lets the regex engine skip to candidate first letters (×1.6 on a whole text)
_ANCHOR_RE = lazy(
    r"(?=[ACDLORacdlor])\b(?:(?P<art>art(?:icle)?s?\b\.?)|(?P<code>code)\s|(?P<act>arr[êe]t[ée]s?|d[ée]crets?|lois?|ordonnances?|"
    r"circulaires?|directives?|r[èe]glements?|d[ée]cisions?|avis|r[ée]f[ée]rentiels?|constitution|"
    r"recommandations?)\b)",
    re.I,
)
_HEADING_END_RE = lazy(r"[ \t]*[.:\-–—]?[ \t*]*(?:\n|$)")
_TITLE_LEAD_RE = lazy(r"^[\s#*\"«»>\-]*$")
_IN_FORCE_HEADER_RE = lazy(r"(?i:en\s+vigueur)\b[^\n]*\(\s*$")
_TRAILING_RE = lazy(rf"(?:[\s,;:(«]|\b(?:l{AP}|le|la|les|du|de|des|d{AP}|et|ou|à|au|aux)(?=\s*$))+$", re.I)


@dataclass
class _Found:
    """A citation being built: its span and fields, plus where the anchor scan resumes."""

    kind: CitationKind
    start: int
    end: int
    resume: int
    date: str | None = None
    number: str | None = None
    code: str | None = None
    articles: list[str] = field(default_factory=list)
    amended: bool = False
    subject: str | None = None
    susvise: bool = False


def _clean(s: str) -> str:
    """Markup out, one space between words, no trailing footnote call "(1)" or punctuation."""
    s = re.sub(r"<[^>]*>", " ", s)
    s = re.sub(r"\s+", " ", s).strip(" ,;:")
    return re.sub(r"\s*\(\d{1,2}\)\W*$", "", s).strip(' ,;:"')


def _subject(text: str, pos: int, end: int, kind: CitationKind) -> tuple[str | None, int, int]:
    """The "relatif à … / portant …" part opening at ``pos``: (subject, its start, its end)."""
    m = _SUBJECT_START_RE().match(text, pos, end)
    if not m and kind in (K.LOI, K.LOI_ORGANIQUE, K.ORDONNANCE):
        m = _SUBJECT_START_LOI_RE().match(text, pos, end)
    if not m:
        return None, pos, pos
    s = m.end()
    limit = min(end, s + 500)
    depth = 0
    stop = limit
    for sm in _SUBJECT_STOP_RE().finditer(text, s, limit):
        ch = sm.group(0)
        if ch == "(":
            depth += 1
            continue
        if ch == ")" and depth:
            depth -= 1
            continue
        stop = sm.start()
        break
    subj = _clean(text[s:stop])
    if len(subj) < 4:
        return None, pos, pos
    return subj, s, stop


def _number(raw: str | None) -> str | None:
    """ "2019‑14" (non-breaking hyphen), "2019 - 14" → "2019-14"; "2011-134 QPC" kept with its suffix."""
    return re.sub(rf"\s?[{_HYPHENS}]\s?", "-", raw) if raw else None


@dataclass(slots=True)
class _Designation:
    """One "[n° X] [du DATE]" item after a nature word: its number, its ISO date, and where it stands."""

    number: str | None
    date: str | None
    start: int
    end: int


@dataclass(slots=True)
class _Tail:
    """The "modifié" / "susvisé" words right after a designation, and where they end."""

    amended: bool
    susvise: bool
    end: int


def _designation(m: re.Match, start: int) -> _Designation | None:
    """The designation an ``_ITEM_RE`` / ``_ITEMX_RE`` match reads, None if it holds neither number nor date."""
    raw = m.group("num") or m.groupdict().get("bare")
    if not raw and not m.group("date"):
        return None
    return _Designation(
        _number(raw), parse_date(m.group("date")) if m.group("date") else None, start, m.end()
    )


def _designations(
    text: str, p: int, end: int, plural: bool, free_number: bool
) -> tuple[list[_Designation], int]:
    """The "[n° X] [du DATE]" items after a nature word, and the end of the list.

    Returns:
        (the designations in order, the offset after the last one); ``([], p)`` when none opens at ``p``."""
    item_re = _ITEMX_RE() if free_number else _ITEM_RE()
    m = item_re.match(text, p, end)
    first = _designation(m, m.start()) if m else None
    if first is None:
        return [], p
    items = [first]
    q = first.end
    while sep := _LIST_SEP_RE().match(text, q, end):
        m = item_re.match(text, sep.end(), end)
        item = _designation(m, sep.end()) if m else None
        if item is None:
            # "des 12 février 2004 et 2 mars 2010": a bare date after the separator
            dm = _BARE_DATE_RE().match(text, sep.end(), end) if plural else None
            if not dm:
                break
            item = _Designation(None, parse_date(dm.group("date")), dm.start("date"), dm.end())
        elif not plural and items[-1].date and not item.date:
            break  # "le décret n° 2019-14 du 8 janvier 2019 et n° …" is not an act list of a singular noun
        items.append(item)
        q = item.end
    # "décrets n° 2002-615 et n° 2002-616 du 26 avril 2002": the trailing date belongs to every number
    if len(items) > 1 and items[-1].date:
        for item in items:
            item.date = item.date or items[-1].date
    return items, q


def _tail(text: str, q: int, end: int) -> _Tail:
    """'modifié' / 'susvisé' words right after a designation."""
    tail = _Tail(False, False, q)
    while m := _TAIL_RE().match(text, tail.end, end):
        if m.group("mod"):
            tail.amended = True
        else:
            tail.susvise = True
        tail.end = m.end()
    return tail


@dataclass(slots=True)
class _Nature:
    """What the nature word says: the kind of act, and whether several acts follow ("les décrets …")."""

    kind: CitationKind
    plural: bool


def _nature(word: str) -> _Nature | None:
    folded = _fold_word(word)
    if folded == "avis":
        return _Nature(K.AVIS, False)
    kind = _KIND_OF_WORD.get(folded.rstrip("s"))
    return _Nature(kind, folded.endswith("s")) if kind else None


def _parse_act(text: str, s: int, p: int, end: int, word: str) -> list[_Found]:
    """A citation of an act whose nature word spans ``text[s:p]``."""
    nature = _nature(word)
    if nature is None:
        return []
    kind = nature.kind
    if kind is K.AVIS:
        return _parse_avis(text, s, p, end)
    if kind is K.REFERENTIEL:
        return _parse_referentiel(text, s, p, end)
    if kind is K.OTHER:
        return _parse_other(text, s, p, end, word, _fold_word(word).rstrip("s"))
    if kind in (K.DIRECTIVE_UE, K.REGLEMENT_UE):
        return _parse_eu(text, s, p, end, kind, nature.plural)
    if kind is K.DECISION and _eu_numbered(text, p, end):
        return _parse_eu(text, s, p, end, kind, nature.plural)  # "décision (UE) 2019/1754 du Conseil"
    kind, after_nature, amended_before = _qualified(text, p, end, kind)
    items, after_items = _designations(
        text, after_nature, end, nature.plural, kind in (K.CIRCULAIRE, K.DECISION)
    )
    if not items and kind in (K.ARRETE, K.DECISION, K.CIRCULAIRE):
        items, after_items = _by_authority(text, after_nature, end)
    if not items:
        return _repeat(text, s, after_nature, end, kind, amended_before)
    return _acts(text, s, end, kind, items, after_items, amended_before)


def _qualified(text: str, p: int, end: int, kind: CitationKind) -> tuple[CitationKind, int, bool]:
    """The words between the nature and the designation: "organique" (a kind of its own), "constitutionnelle",
    "interministériel", "en Conseil d'Etat", "modifié".

    Returns:
        (the kind, the offset after these words, whether "modifié" was among them)."""
    q = p
    if kind is K.LOI and (lm := _LOI_KIND_RE().match(text, q, end)):
        kind = K.LOI_ORGANIQUE if lm.group("org") else K.LOI
        q = lm.end()
    qm = _QUALIFIER_RE().match(text, q, end)
    if not qm:
        return kind, q, False
    return kind, qm.end(), bool(re.search(MODIFIE, qm.group(0), re.I))


def _by_authority(text: str, q: int, end: int) -> tuple[list[_Designation], int]:
    """ "l'arrêté du ministre chargé de l'emploi du 9 mars 2006": an authority between the nature and the date."""
    am = _AUTH_RE().match(text, q, end)
    if not am or _AUTH_BAD().search(am.group("auth")):
        return [], q
    return [_Designation(None, parse_date(am.group("date")), am.start(), am.end())], am.end()


def _repeat(text: str, s: int, q: int, end: int, kind: CitationKind, amended_before: bool) -> list[_Found]:
    """ "le décret susvisé", "du même arrêté": a repeat of an act cited before, without its date."""
    tail = _tail(text, q, end)
    if tail.susvise or _ANAPHORA_BEFORE().search(text, max(0, s - 12), s):
        return [_Found(kind, s, tail.end, tail.end, amended=tail.amended or amended_before, susvise=True)]
    return []


def _acts(
    text: str,
    s: int,
    end: int,
    kind: CitationKind,
    items: list[_Designation],
    after_items: int,
    amended_before: bool,
) -> list[_Found]:
    """One citation per designation, sharing what follows the last one: "modifié", "susvisé", the subject, the
    articles ("notamment son article 3")."""
    tail = _tail(text, after_items, end)
    amended = tail.amended or amended_before
    if tail.susvise:
        subject, subj_end = None, tail.end
    else:
        subject, _, subj_end = _subject(text, tail.end, end, kind)
    last = subj_end if subject else tail.end
    if subject and _AMENDED_AFTER_RE().match(text, subj_end, end):
        amended = True  # "l'arrêté du … relatif à …, modifié par …"
    articles: list[str] = []
    if am := _ACT_ARTS_RE().match(text, last, end):
        articles = _articles(am.group("list"))
        last = am.end()
    found = [
        _Found(
            kind,
            s if i == 0 else item.start,
            last if i == len(items) - 1 else item.end,
            tail.end,
            date=item.date,
            number=item.number,
            amended=amended,
            subject=subject,
            susvise=tail.susvise,
            articles=list(articles),
        )
        for i, item in enumerate(items)
    ]
    if not subject and not tail.susvise:
        _legi_modified_articles(text, found[-1], end)
    return found


def _legi_modified_articles(text: str, f: _Found, end: int) -> None:
    """LEGI "A modifié les dispositions suivantes" lists the articles it changed on the lines after the act."""
    arts: list[str] = []
    q = f.end
    while lm := _LEGI_ARTS_RE().match(text, q, end):
        arts += [a for a in _articles(lm.group("list")) if a not in arts]  # a few lines at most
        q = lm.end()
    if arts:
        f.articles = arts
        f.end = f.resume = q


def _parse_referentiel(text: str, s: int, p: int, end: int) -> list[_Found]:
    m = _REFERENTIEL_RE().match(text, p, end)
    if not m:
        return []
    return [_Found(K.REFERENTIEL, s, m.end(), m.end(), subject=_clean(text[p : m.end()]) or None)]


def _parse_avis(text: str, s: int, p: int, end: int) -> list[_Found]:
    m = _AVIS_RE().match(text, p, end)
    if not m:
        return []
    body = m.group("body") or ""
    # the body names who gave the avis (a commission, a council…), not a clause ("… à compter du …")
    if body and (_AVIS_BODY_BAD().search(body) or not _AVIS_AUTHOR().search(body)):
        return []
    date = parse_date(m.group("date"))
    if not date:
        return []
    subj = _clean(_AVIS_BY().sub("", body)) or None
    if subj:
        subj = re.sub(r"\s*,?\s*(?i:en\s+date)$", "", subj) or None
    return [_Found(K.AVIS, s, m.end(), m.end(), date=date, subject=subj)]


def _eu_numbered(text: str, p: int, end: int) -> bool:
    """An EU number follows: "(UE) 2019/1754", "2009/767/CE" (a décision of the Union, not of a French body)."""
    m = _EU_RE().match(text, p, end)
    return bool(m and (m.group("inst") or m.group("suf")))


def _eu_designations(text: str, p: int, end: int, kind: CitationKind, plural: bool) -> list[re.Match]:
    """The EU numbers after the nature word; a plural noun lists several ("directives 2005/36/CE et 2013/55/UE")."""
    m = _EU_RE().match(text, p, end)
    # "règlement 12/2020" alone is not enough to tell an EU regulation: it needs "(UE)", "/CE" or "n°"
    if not m or (kind is not K.DIRECTIVE_UE and not (m.group("inst") or m.group("suf") or m.group("no"))):
        return []
    out = [m]
    while plural and (sep := _EU_LIST_SEP_RE().match(text, out[-1].end(), end)):
        nm = _EU_RE().match(text, sep.end(), end)
        if not nm:
            break
        out.append(nm)
    return out


def _parse_eu(text: str, s: int, p: int, end: int, kind: CitationKind, plural: bool = False) -> list[_Found]:
    """An act of the Union: one citation per EU number, sharing what follows the last one ("modifié", the subject)."""
    items = _eu_designations(text, p, end, kind, plural)
    if not items:
        return _repeat(text, s, p, end, kind, False)
    tail = _tail(text, items[-1].end(), end)
    if tail.susvise:
        subject, subj_end = None, tail.end
    else:
        subject, _, subj_end = _subject(text, tail.end, end, kind)
    found = []
    for i, m in enumerate(items):
        number = f"{m.group('a')}/{m.group('b')}" + (f"/{m.group('suf')}" if m.group("suf") else "")
        is_last = i == len(items) - 1
        found.append(
            _Found(
                kind,
                s if i == 0 else m.start() + len(m.group(0)) - len(m.group(0).lstrip()),
                (subj_end if subject else tail.end) if is_last else m.end(),
                tail.end,
                date=parse_date(m.group("date")) if m.group("date") else None,
                number=number,
                amended=tail.amended,
                subject=subject,
                susvise=tail.susvise,
            )
        )
    return found


def _parse_other(text: str, s: int, p: int, end: int, word: str, base: str) -> list[_Found]:
    if base == "constitution":
        if not word.startswith("C") or re.match(rf"\s+(?:de|d{AP}|des)\s", text[p : p + 5]):
            return []
        m = _CONSTITUTION_RE().match(text, p, end)
        q = m.end()
        f = _Found(K.OTHER, s, q, q, date=parse_date(m.group("date")) if m.group("date") else None)
        am = _ACT_ARTS_RE().match(text, q, end)
        if am:
            f.articles = _articles(am.group("list"))
            f.end = f.resume = am.end()
        f.subject = "Constitution"
        return [f]
    # recommandation (EU): "recommandation 2017/C 189/03 du Conseil du 22 mai 2017"
    m = _RECOMMANDATION_RE().match(text, p, end)
    if not m:
        return []
    subject, _a, subj_end = _subject(text, m.end(), end, K.OTHER)
    return [
        _Found(
            K.OTHER,
            s,
            subj_end if subject else m.end(),
            m.end(),
            date=parse_date(m.group("date")),
            number=re.sub(r"\s", "", m.group("num")) if m.group("num") else None,
            subject=subject or "recommandation",
        )
    ]


_LOOKBACK = 60  # earlier citations looked at to tell which code an article list without code name is of


def _code_of(
    text: str, s: int, found: list[_Found], articles: list[str], nearest: bool = False
) -> str | None:
    """The code an article list without a code name belongs to.

    ``nearest`` ("du même code", "dudit code", "du présent code"): the code named last. Otherwise ("le même
    article L. 1225-35", "l'article L. 241-13" after "l'article L. 241-14 du code de la sécurité sociale"): the
    code already cited for the same article, else for an article of the same chapter (same number before the
    first hyphen), else the code named last."""
    codes = [f for f in found[-_LOOKBACK:] if f.kind is K.CODE and f.code]
    if not nearest:
        for f in reversed(codes):
            if any(a in f.articles for a in articles):
                return f.code
        roots = {a.split("-")[0] for a in articles}
        for f in reversed(codes):
            if any(a.split("-")[0] in roots for a in f.articles):
                return f.code
    if codes:
        return codes[-1].code
    last = deque(_code_names(text, max(0, s - 5000), s), maxlen=1)
    return code_name(text[last[0][0] : last[0][1]]) if last else None


def _is_heading(text: str, s: int, after_list: int, end: int) -> bool:
    """ "Article 1er" alone on its line ("# Article 1", "ARTICLE 2 :"): the heading of the text's own article, never
    a reference, whatever its first line says ("Du code de l'éducation…" does not cite an article 1 of that code).
    A reference runs on in its sentence: "…prévue à l'article\nL. 6113-1 du code…" has words before it."""
    line_start = text.rfind("\n", 0, s) + 1
    if text[line_start:s].strip(" \t#*>"):
        return False
    return bool(_HEADING_END_RE().match(text, after_list, end))


def _parse_articles(text: str, s: int, p: int, end: int, found: list[_Found]) -> list[_Found]:
    """An article list: of a code ("articles L. 335-5 et R. 338-1 du code de l'éducation"), of an act
    ("l'article 2 du décret n° 2002-616 …"), or — plain numbers and nothing after — of the text itself."""
    m = _ART_LIST_RE().match(text, p, end)
    if not m or _is_heading(text, s, m.end(), end):
        return []
    arts = _articles(m.group("list"))
    q = m.end()
    lettered = any(_LETTERED().match(a) for a in arts)
    t = _ART_TARGET_RE().match(text, q, end)
    if t:
        tq = t.end()
        ce = _code_name_at(text, tq, end)
        if ce is None and (cm := _GENERIC_CODE_RE().match(text, tq, end)):
            ce = cm.end()
        if ce is not None:
            return [_Found(K.CODE, s, ce, ce, code=code_name(text[tq:ce]), articles=arts)]
        am = _ANCHOR_RE().match(text, tq, end)
        if am and am.group("act"):
            acts = _parse_act(text, tq, am.end(), end, am.group("act"))
            if acts and acts[0].kind not in (K.AVIS, K.REFERENTIEL):
                acts[0].start = s
                acts[0].articles = arts + [a for a in acts[0].articles if a not in arts]
                return acts
    sm = _SAME_CODE_RE().match(text, q, end)
    if sm:
        return [
            _Found(K.CODE, s, sm.end(), sm.end(), code=_code_of(text, s, found, arts, True), articles=arts)
        ]
    if not lettered:
        return []  # "l'article 1er", "article 3": the text's own articles
    # "au 1° de l'article R. 335-17 auxquels renvoient … l'article R. 338-4 du code de l'éducation": the code
    # named later in the same sentence, else the one these article numbers were cited with before
    codes = [f for f in found[-_LOOKBACK:] if f.kind is K.CODE and f.code]
    same = next((f.code for f in reversed(codes) if any(a in f.articles for a in arts)), None)
    if same is None:
        sent = _SENTENCE_END_RE().search(text, q, min(end, q + 400))
        stop = sent.start() if sent else min(end, q + 400)
        later = next(_code_names(text, q, stop), None)
        same = code_name(text[later[0] : later[1]]) if later else _code_of(text, s, found, arts)
    return [_Found(K.CODE, s, q, q, code=same, articles=arts)]


def _parse_code(text: str, s: int, end: int) -> list[_Found]:
    """ "le code de l'éducation, notamment ses articles L. 335-5 et R. 338-1", "Le code de l'environnement"."""
    e = _code_name_at(text, s, end)
    if e is None:
        return []
    f = _Found(K.CODE, s, e, e, code=code_name(text[s:e]))
    am = _CODE_ARTS_RE().match(text, e, end)
    if am:
        f.articles = _articles(am.group("list"))
        f.end = f.resume = am.end()
    return [f]


def find_document_citations(doc: Document, whole_text_if_unsegmented: bool = False) -> list[Citation]:
    """The citations of every part of ``doc`` (title, visas, articles, annexes), each tagged with its part.

    ``whole_text_if_unsegmented``: a text in which no part was found (a sentence in a spaCy ``Doc``) is read
    whole, as an article."""
    regions = doc.regions()
    if not regions and whole_text_if_unsegmented:
        regions = [(Where.ARTICLE, (0, len(doc.text)))]
    return [c for where, (start, end) in regions for c in find_citations(doc.text, start, end, where)]


def find_citations(
    text: str, start: int = 0, end: int | None = None, where: Where = Where.ARTICLE
) -> list[Citation]:
    """Every citation in ``text[start:end]``, in order, with spans into ``text``."""
    end = len(text) if end is None else end
    found: list[_Found] = []
    pos = start
    while pos < end:
        m = _ANCHOR_RE().search(text, pos, end)
        if not m:
            break
        s = m.start()
        if m.group("art"):
            got = _parse_articles(text, s, m.end(), end, found)
        elif m.group("code"):
            got = _parse_code(text, s, end)
        else:
            got = _parse_act(text, s, m.end(), end, m.group("act"))
        if not got:
            pos = m.end()
            continue
        found.extend(got)
        pos = max(m.end(), max(f.resume for f in got))

    found.sort(key=lambda f: f.start)
    out: list[Citation] = []
    for i, f in enumerate(found):
        e = f.end
        if i + 1 < len(found) and found[i + 1].start < e:
            e = found[i + 1].start
            tm = _TRAILING_RE().search(text, f.start, e)
            if tm and tm.start() > f.start:
                e = tm.start()
        else:
            while e > f.start and text[e - 1] in " \n\t,;:":
                e -= 1
        if e <= f.start:
            continue
        if where == Where.TITLE and not out and _TITLE_LEAD_RE().match(text[start : f.start]):
            continue  # "Arrêté du 21 novembre 2022 relatif …" opening a title names the act itself
        line_start = max(text.rfind("\n", max(0, f.start - 200), f.start) + 1, f.start - 200)
        if _IN_FORCE_HEADER_RE().search(text, line_start, f.start):
            continue  # Légifrance "Article 1 … en vigueur du … (Arrêté du …)": the act's own name
        out.append(
            Citation(
                kind=f.kind,
                text=text[f.start : e],
                span=(f.start, e),
                where=where,
                date=f.date,
                number=f.number,
                code=f.code,
                articles=f.articles,
                amended=f.amended,
                subject=f.subject,
                susvise=f.susvise,
            )
        )
    return out
