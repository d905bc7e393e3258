"""The SPARQL cookbook (cookbook/README.md) on the real corpus: every question's block run as printed, its answer
compared with what the gold annotations (corpus/gold), the parsed texts (legalgraph.parse) or the texts' own
words say — never with the graph itself.

Every answer is also held to the cookbook's conventions: no row twice, labels rather than IRIs, hashes or paths
(only ``lien`` holds an address, only ``fichiers`` names source files), dates typed xsd:date, and as many rows as
its "Réponse attendue (N lignes)" says.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

import pytest
from pyoxigraph import Literal, NamedNode

from legalgraph.graph.namespaces import PREFIXES
from tests.support.graphkit import CORPUS, ROOT, copies, corpus_docs, corpus_graph, gold

COOKBOOK = ROOT / "cookbook" / "README.md"
XSD_DATE = PREFIXES["xsd"] + "date"

_QUESTION = re.compile(r"^### (Q\d\d) · .+?\n(.*?)(?=^### |\Z)", re.M | re.S)
_BLOCK = re.compile(r"^```sparql\n(.*?)^```$", re.M | re.S)
_ROWS = re.compile(r"\*\*Réponse attendue \((\d+) lignes?\)\.?\*\*")
_PREFIX = re.compile(r"^PREFIX\s+(\w*):\s*<([^>]*)>", re.M)

NOT_LABELS = {"fichiers", "lien"}  # the only columns that may hold file names and addresses
_NOT_A_LABEL = re.compile(
    r"https?://|urn:|lgid:|/id/|unidentified|\b[0-9a-f]{16,}\b|\.(?:txt|md|xml|json|html?)\b", re.I
)
_DATE_COLUMN = re.compile(r"^(?:date.*|debut|fin|depuis.*|ancien_arrete)$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# -- the cookbook ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    qid: str
    body: str  # the section: explanation, ```sparql block, expected answer

    @property
    def sparql(self) -> str:
        blocks = _BLOCK.findall(self.body)
        assert len(blocks) == 1, f"{self.qid}: one ```sparql block expected, found {len(blocks)}"
        return blocks[0]

    @property
    def rows(self) -> int:
        """What "Réponse attendue (N lignes)" announces."""
        m = _ROWS.search(self.body)
        assert m, f"{self.qid}: no '**Réponse attendue (N lignes).**'"
        return int(m.group(1))


@cache
def questions() -> dict[str, Question]:
    sections = _QUESTION.findall(COOKBOOK.read_text(encoding="utf-8"))
    return {qid: Question(qid, body) for qid, body in sections}


def value(term):
    """A term as Python: dates and strings as str, integers as int, booleans as bool."""
    if term is None:
        return None
    if isinstance(term, Literal):
        datatype = term.datatype.value.rsplit("#", 1)[-1]
        if datatype in {"integer", "int", "long"}:
            return int(term.value)
        if datatype == "boolean":
            return term.value == "true"
    return term.value


def run(sparql: str) -> tuple[list[str], list[dict]]:
    """The block's answer, run as printed (no prefix added): column names, and one dict of terms per row."""
    kg, _ = corpus_graph()
    solutions = kg.store.select(sparql)
    return solutions.variables, [dict(zip(solutions.variables, row, strict=True)) for row in solutions.rows]


def answer(qid: str) -> list[dict]:
    """The question's answer as Python values, after the checks every answer must pass."""
    question = questions()[qid]
    variables, rows = run(question.sparql)
    check_conventions(question, variables, rows)
    return [{k: value(t) for k, t in row.items()} for row in rows]


def check_conventions(question: Question, variables: list[str], rows: list[dict]) -> None:
    qid = question.qid
    for prefix, iri in _PREFIX.findall(question.sparql):
        assert PREFIXES.get(prefix) == iri, f"{qid}: PREFIX {prefix}: <{iri}> is not the project's"
    assert rows, f"{qid}: empty answer"
    seen = [tuple(str(row[v]) for v in variables) for row in rows]
    repeated = {r for r in seen if seen.count(r) > 1}
    assert not repeated, f"{qid}: rows repeated: {sorted(repeated)[:3]}"
    for row in rows:
        for column, term in row.items():
            if term is None or column in NOT_LABELS:
                continue
            assert not isinstance(term, NamedNode), f"{qid}: column {column} holds an IRI: {term.value}"
            is_date = isinstance(term, Literal) and term.datatype.value == XSD_DATE
            assert not _NOT_A_LABEL.search(term.value), (
                f"{qid}: column {column} is not a label: {term.value!r}"
            )
            assert is_date or not _ISO.match(term.value), f"{qid}: {column} {term.value} is not an xsd:date"
            if _DATE_COLUMN.match(column):
                assert is_date, f"{qid}: column {column} holds {term!r}, not an xsd:date"
    assert len(rows) == question.rows, (
        f"{qid}: {len(rows)} rows, the cookbook announces {question.rows}: "
        + "; ".join(" | ".join(str(value(t)) for t in r.values()) for r in rows[:40])
    )


# -- independent expectations ---------------------------------------------------------------------------------

MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
_FRENCH_DATE = re.compile(r"\b(\d{1,2})(?:er)? (" + "|".join(MONTHS) + r") (\d{4})\b")
_GENDER = re.compile(r"\s?\((?:e|ne|se|ère|ere|le|euse|rice|trice)\)")
# The cadre national (décret n° 2019-14) reads the 1969 levels V … I as 3 … 7.
CNC = {"V": "3", "IV": "4", "III": "5", "II": "6", "I": "7"}
ACTION_LABELS = {
    "creation": "création",
    "revision": "révision",
    "modification": "modification",
    "prorogation": "prorogation",
    "abrogation": "abrogation",
    "other": "autre",
}


def fold(text: str) -> str:
    """Two wordings of one name compare equal: case, accents, gender marks « (e) » and punctuation do not count."""
    text = _GENDER.sub("", text.lower().replace("’", "'").replace("œ", "oe"))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def french_date(iso: str) -> str:
    """2004-06-01 → "1er juin 2004", as acts are titled."""
    year, month, day = (int(x) for x in iso.split("-"))
    return f"{'1er' if day == 1 else day} {MONTHS[month - 1]} {year}"


def iso_dates(text: str) -> list[str]:
    return [f"{y}-{MONTHS.index(m) + 1:02d}-{int(d):02d}" for d, m, y in _FRENCH_DATE.findall(text)]


def add_years(iso: str, years: int) -> str:
    """The same day N years on: the first day a registration no longer covers."""
    return f"{int(iso[:4]) + years}{iso[4:]}"


def files(row: dict) -> set[str]:
    return set(row["fichiers"].split(" | ")) if row.get("fichiers") else set()


def text_of(file: str) -> str:
    return (CORPUS / file).read_text(encoding="utf-8")


def titre_name(file: str) -> str | None:
    t = gold()[file]["titre"]
    return t["name"] if t else None


@cache
def acts() -> list[frozenset[str]]:
    """The corpus files grouped by act, from the gold annotations: copies of one act share its nature, date and
    titre (or title); an undated fragment belongs to the dated act of its titre that starts the same
    registration, or to the act the source list says it is a page of; any other undated text is an act of its
    own."""
    groups: dict[tuple, set[str]] = defaultdict(set)
    undated = []
    for file, g in gold().items():
        if g["date"]:
            name = titre_name(file) or g["title"] or file
            groups[(g["nature"], g["date"], fold(name))].add(file)
        else:
            undated.append(file)
    for file in undated:
        t = gold()[file]["titre"] or {}
        home = [
            key
            for key, members in groups.items()
            if t.get("name")
            and t.get("registration_start")
            and key[2] == fold(t["name"])
            and any(
                (gold()[m]["titre"] or {}).get("registration_start") == t["registration_start"]
                for m in members
            )
        ]
        # or the hand-made source list says it is a page of that act (one JORFTEXT, a page under its address)
        home = home or [key for key, members in groups.items() if members & copies().get(file, set())]
        if len(home) == 1:
            groups[home[0]].add(file)
        else:
            groups[("undated", None, file)].add(file)
    return [frozenset(members) for members in groups.values()]


def act_of(file: str) -> frozenset[str]:
    return next(a for a in acts() if file in a)


def act_date(act: frozenset[str]) -> str | None:
    return next((gold()[f]["date"] for f in act if gold()[f]["date"]), None)


def act_titre(act: frozenset[str]) -> dict | None:
    """The act's titre as its dated copies annotate it (the first that has one)."""
    ordered = sorted(act, key=lambda f: (gold()[f]["date"] is None, f))
    return next((gold()[f]["titre"] for f in ordered if gold()[f]["titre"]), None)


def citing(key: str) -> set[str]:
    """The files whose annotation cites ``key`` (a code also by any of its articles)."""
    return {
        f for f, g in gold().items() if any(k == key or k.startswith(key + ":") for k in g["citation_keys"])
    }


def code_parents(keys: set[str]) -> set[str]:
    """The code a code article key belongs to: code:code de l'education:R338-1 → code:code de l'education."""
    return {k.rsplit(":", 1)[0] for k in keys if k.startswith("code:") and k.count(":") == 2}


def assert_same(qid: str, found, expected) -> None:
    """Two sets (or dicts) equal, or a message saying what is missing and what is extra."""
    if isinstance(found, dict):
        found, expected = set(found.items()), set(expected.items())
    assert found == expected, (
        f"{qid}: missing {sorted(expected - found, key=str)}, extra {sorted(found - expected, key=str)}"
    )


def assert_rows_are_acts(qid: str, rows: list[dict], expected_files: set[str]) -> None:
    """One row per act, its copies on that row: the rows' files are the expected ones, grouped as the acts."""
    assert_same(qid, set().union(*(files(r) for r in rows)), expected_files)
    row_acts = [{act_of(f) for f in files(row)} for row in rows]
    for row, its_acts in zip(rows, row_acts, strict=True):
        assert len(its_acts) == 1, f"{qid}: one act per row, got {sorted(files(row))}"
        date = act_date(next(iter(its_acts)))
        assert row["date"] == date, f"{qid}: {row['texte']} dated {row['date']}, its annotation says {date}"
        if date:
            assert french_date(date) in row["texte"], f"{qid}: {row['texte']!r} is not the act of {date}"
    assert len({frozenset(a) for a in row_acts}) == len(rows), f"{qid}: an act on two rows"


# -- one check per question -----------------------------------------------------------------------------------


def check_q01(rows):
    assert_rows_are_acts("Q01", rows, citing("arrete:2015-12-22"))
    assert all(r["mentions"] >= 1 and r["parties"] for r in rows)


def check_q02(rows):
    keys = set(gold()["2017-12-12_conseiller-commercial.txt"]["citation_keys"])
    expected = keys | code_parents(keys)
    assert_same("Q02", {r["cle"] for r in rows}, expected)
    for row in rows:  # the label names what the key says: the code and article, or the date
        kind, _, rest = row["cle"].partition(":")
        named = rest.split(":") if kind == "code" else [french_date(rest)]
        assert all(fold(n) in fold(row["texte_cite"]) for n in named), (
            f"Q02: {row['texte_cite']!r} is not {row['cle']}"
        )


def check_q03(rows):
    assert_rows_are_acts("Q03", rows, citing("code:code de l'education:R338-1"))


def check_q04(rows):
    cited = set().union(*(set(g["citation_keys"]) for g in gold().values()))
    # a décret is keyed by its number: one cited by its date alone is that décret, or one of several (lg:candidate)
    cited -= {k for k in cited if k.startswith("decret:") and _ISO.match(k.split(":", 1)[1])}
    own = {f"{g['nature']}:{g['date']}" for g in gold().values() if g["date"]}
    found = [r["cle"] for r in rows]
    assert None not in found, "Q04: an absent act without a key"
    assert cited - own <= set(found), f"Q04: cited, absent, not listed: {sorted(cited - own - set(found))}"
    assert set(found) <= cited | code_parents(cited), f"Q04: never cited: {sorted(set(found) - cited)}"
    for row in rows:
        # a key a corpus text bears (a shared date) names here only the other acts of that day
        for file, g in gold().items():
            if f"{g['nature']}:{g['date']}" == row["cle"] and (name := titre_name(file) or g["title"]):
                assert fold(name) not in fold(row["acte"]), f"Q04: {row['acte']!r} is in the corpus: {file}"
        if found.count(row["cle"]) == 1 and row["cle"] not in own and not row["cle"].startswith("decret:"):
            assert row["fichiers_citants"] == len(citing(row["cle"])), (
                f"Q04: {row['cle']} cited by {len(citing(row['cle']))}"
            )


def check_q05(rows):
    for file, g in gold().items():
        if not g["nor"]:
            continue
        (row,) = [r for r in rows if file in files(r)] or [None]
        assert row, f"Q05: {file} (NOR {g['nor']}) has no Légifrance link"
        assert row["nor"] == g["nor"] and g["nor"] in row["lien"], f"Q05: {file}: {row['nor']} {row['lien']}"
        if printed := re.search(r"^ELI: (https://\S+)", text_of(file), re.M):
            assert row["lien"] == printed.group(1), f"Q05: {file} prints {printed.group(1)}"
    for row in rows:
        assert row["lien"].startswith("https://www.legifrance.gouv.fr/"), row["lien"]
        assert row["dans_le_corpus"] == ("oui" if files(row) else "non")
        assert files(row) <= set(gold()), f"Q05: {files(row)} are not corpus files"
        if eli := re.search(r"/eli/\w+/(\d{4})/(\d{1,2})/(\d{1,2})/", row["lien"]):
            y, m, d = (int(x) for x in eli.groups())
            assert row["date"] == f"{y}-{m:02d}-{d:02d}", (
                f"Q05: {row['acte']} dated {row['date']}, link {row['lien']}"
            )


def check_q06(rows):
    keys = [k for g in gold().values() for k in g["citation_keys"] if k.startswith("decret:")]
    numbers = {k.split(":", 1)[1] for k in keys if not _ISO.match(k.split(":", 1)[1])}
    assert_same("Q06", {r["numero"] for r in rows}, numbers)
    dates = [d for r in rows for d in iso_dates(r["decret"])[:1]]
    for row in rows:
        assert f"n° {row['numero']} " in row["decret"], row
        expected = {f for f, g in gold().items() if f"decret:{row['numero']}" in g["citation_keys"]}
        # a décret cited by its date alone counts too, when no other décret bears that date
        (date,) = iso_dates(row["decret"])[:1]
        if dates.count(date) == 1:
            expected |= {f for f, g in gold().items() if f"decret:{date}" in g["citation_keys"]}
        assert row["fichiers_citants"] == len(expected), f"Q06: {row['numero']}: {sorted(expected)}"


def check_q07(rows):
    text = text_of("2012-01-16_modif_vendeur-conseil-en-magasin.txt")
    replaced = re.findall(r"article (\d+)(?:er)? de l'arrêté du 19 février 2004[^.:]*?remplacée?s? par", text)
    renamed = re.search(r"les mots : « ([^»]+) » sont remplacés par les mots : « ([^»]+) »", text)
    expected = {("remplacement", a) for a in replaced} | {("changement d'intitulé", "(l'acte entier)")}
    assert replaced and renamed and fold(renamed.group(1)) != fold(renamed.group(2))
    assert_same("Q07", {(r["nature"], r["article"]) for r in rows}, expected)
    (published,) = iso_dates(re.search(r"JORF n°\d+ du ([^\n]+?) page", text).group(1))
    assert "à compter de la publication" in text
    for row in rows:
        assert "19 février 2004" in row["acte_modifie"]
        assert (row["date_effet"], row["origine_de_la_date"]) == (published, "publication")


_MODIFYING_TITLE = re.compile(
    r"(?:modifiant|portant modification de|portant reconduction de) l'arrêté du (\d{1,2}(?:er)? \w+ \d{4})"
)


def check_q08(rows):
    for file, g in gold().items():
        if g["title"] and (m := _MODIFYING_TITLE.search(g["title"])):
            (target,) = iso_dates(m.group(1))
            found = [r for r in rows if file in files(r)]
            assert any(r["date_acte_vise"] == target for r in found), (
                f"Q08: {file} changes the act of {target}"
            )
            if "reconduction" in m.group(0):
                assert any("proroge" in r["relations"] for r in found), f"Q08: {file} prorogues"
    for row in rows:
        previous = {d for f in files(row) for d in gold()[f]["previous_acts"]}
        assert row["date_acte_vise"] in previous, (
            f"Q08: {sorted(files(row))} never name {row['date_acte_vise']}"
        )
    assert not any("abroge" in r["relations"] for r in rows)  # no text of the corpus repeals one


def registrations():
    """(folded name, start, end) of every act whose annotation gives a registration."""
    out = set()
    for act in acts():
        t = act_titre(act)
        if t and t["registration_start"] and t["registration_years"]:
            start = t["registration_start"]
            out.add((fold(t["name"]), start, add_years(start, t["registration_years"])))
    return out


def check_q09(rows):
    expected = {r for r in registrations() if r[2] < "2020-01-01"}
    assert_same("Q09", {(fold(r["titre"]), r["debut"], r["fin"]) for r in rows}, expected)
    assert len(rows) == len(expected), (
        "Q09: one row per version (a second copy of an act is no second version)"
    )


def check_q10(rows):
    expected = {r for r in registrations() if r[1] <= "2024-01-01" < r[2]}
    assert_same("Q10", {(fold(r["titre"]), r["debut"], r["fin"]) for r in rows}, expected)
    assert len(rows) == len(expected), (
        "Q10: one row per version (a second copy of an act is no second version)"
    )


def check_q11(rows):
    expected = {
        (fold(t["name"]), act_date(act)): t["level"]
        for act in acts()
        if (t := act_titre(act)) and t["name"] and CNC.get(t["level"], t["level"]) == "4"
    }
    assert_same("Q11", {(fold(r["titre"]), r["date"]) for r in rows}, set(expected))
    assert len(rows) == len(expected), "Q11: one row per version"
    for row in rows:  # the level as the text writes it: IV (1969) or 4 (cadre national)
        written = expected[(fold(row["titre"]), row["date"])]
        assert re.search(rf"\bniveau {written}\b", row["niveau_ecrit"]), row


def check_q12(rows):
    expected = set()
    for act in acts():
        t = act_titre(act)
        for code in (t or {}).get("rome") or []:
            if code.startswith("F11"):
                expected.add((fold(t["name"]), act_date(act), code))
    assert_same("Q12", {(fold(r["titre"]), r["date"], r["rome"]) for r in rows}, expected)
    assert len(rows) == len(expected), "Q12: one row per version and ROME fiche"
    assert all(r["metier"] for r in rows)


def check_q13(rows):
    expected: dict[str, set[str]] = defaultdict(set)
    count: dict[str, int] = defaultdict(int)
    for act in acts():
        t = act_titre(act)
        for code in (t or {}).get("nsf") or []:
            expected[code].add(fold(t["name"]))
            count[code] += 1
    found = {r["nsf"]: {fold(n) for n in r["titres"].split(" | ")} for r in rows}
    assert_same(
        "Q13",
        {code: frozenset(names) for code, names in found.items()},
        {c: frozenset(n) for c, n in expected.items()},
    )
    assert_same("Q13", {r["nsf"]: r["versions"] for r in rows}, dict(count))
    assert all(r["specialite"] for r in rows)


def check_q14(rows):
    name = fold("conseiller en insertion professionnelle")
    chain = {f for f in gold() if titre_name(f) and fold(titre_name(f)) == name}
    dates = {gold()[f]["date"] for f in chain if gold()[f]["date"]} | {
        d for f in chain for d in gold()[f]["previous_acts"]
    }
    assert_same("Q14", {r["date"] for r in rows}, dates)
    for row in rows:
        annotated = [gold()[f] for f in chain if gold()[f]["date"] == row["date"]]
        hours = {g["min_hours_total"] for g in annotated} - {None}
        certificates = {(c["rank"], c["min_hours"]) for g in annotated for c in g["certificates"]}
        assert {row["heures_en_entreprise"]} == (hours or {None}), row
        assert row["certificats"] == len(certificates)
        per_certificate = (
            set(row["heures_par_certificat"].split(" | ")) if row["heures_par_certificat"] else set()
        )
        assert per_certificate == {f"CCP {r} : {h} h" for r, h in certificates}, row


def check_q15(rows):
    file = "2015-03-02_charge-affaires-batiment.md"
    doc = corpus_docs()[file]
    expected = {(frozenset(e.old), frozenset(e.new)) for e in doc.equivalences}
    found = {
        (frozenset(r["ancien_certificat"].split(" | ")), frozenset(r["nouveau_certificat"].split(" | ")))
        for r in rows
    }
    assert_same("Q15", found, expected)
    assert len(rows) == gold()[file]["equivalences_count"]
    assert {r["ancien_arrete"] for r in rows} <= set(gold()[file]["previous_acts"])


def check_q16(rows):
    expected = {
        (doc.date, label)
        for doc in corpus_docs().values()
        for e in doc.equivalences
        for label in set(e.old) & set(e.new)
    }
    assert_same("Q16", {(r["date"], r["certificat"]) for r in rows}, expected)


def check_q17(rows):
    found = {(fold(r["ancien_intitule"]), fold(r["nouvel_intitule"])) for r in rows}
    for file, doc in corpus_docs().items():
        for former in doc.titre.former_names if doc.titre else []:
            assert (fold(former), fold(doc.titre.name)) in found, f"Q17: {file} renames {former!r}"
    for row in rows:
        assert files(row), row
        assert any(fold(row["nouvel_intitule"]) == fold(titre_name(f) or "") for f in files(row)), row
        assert any(fold(row["ancien_intitule"]) in fold(text_of(f)) for f in files(row)), row


def lineage(name: str) -> tuple[set[str | None], int]:
    """The dates of the versions of every titre that bore ``name``, and how many versions, from the annotations
    alone: the texts that bear the name (as their titre or a former one), the later texts that name one of them
    among their earlier arrêtés, and every earlier arrêté they name."""
    key = fold(name)
    chain = {
        f
        for f, doc in corpus_docs().items()
        if titre_name(f) and (fold(titre_name(f)) == key or key in {fold(n) for n in doc.titre.former_names})
    }
    while True:
        dates = {gold()[f]["date"] for f in chain} - {None}
        later = {f for f, g in gold().items() if set(g["previous_acts"]) & dates} - chain
        if not later:
            break
        chain |= later
    dates = {gold()[f]["date"] for f in chain}
    earlier = {d for f in chain for d in gold()[f]["previous_acts"]} - dates
    return dates | earlier, len({act_of(f) for f in chain}) + len(earlier)


def check_q18(rows):
    sparql = questions()["Q18"].sparql
    (printed,) = re.findall(r'VALUES \?nom \{ "([^"]+)" \}', sparql)
    dates, versions = lineage(printed)
    assert_same("Q18", {r["date"] for r in rows}, dates)
    assert len(rows) == versions, f"Q18: {len(rows)} versions, the annotations give {versions}"
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    # any other name finds its titre too, with the titres it comes from or became, not its siblings
    for other in [
        "commercial(e)",
        "conseiller commercial",
        "gestionnaire des opérations de transport routier de marchandises",
    ]:
        _, again = run(sparql.replace(f'"{printed}"', f'"{other}"'))
        dates, versions = lineage(other)
        assert_same(f"Q18 by {other!r}", {value(r["date"]) for r in again}, dates)
        assert len(again) == versions, (
            f"Q18 by {other!r}: {len(again)} versions, the annotations give {versions}"
        )


def check_q19(rows):
    per_year: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for act in acts():
        actions = [d.titre.action for f in sorted(act) if (d := corpus_docs()[f]).titre and d.titre.action]
        action = ACTION_LABELS[actions[0].value] if actions else "inconnue"
        year = act_date(act)[:4] if act_date(act) else "inconnue"
        per_year[year]["textes"] += 1
        per_year[year][action] += 1
    years = sorted(y for y in per_year if y.isdigit())
    expected_years = [str(y) for y in range(int(years[0]), int(years[-1]) + 1)] + ["inconnue"]
    assert [r["annee"] for r in rows] == expected_years, f"Q19: years {[r['annee'] for r in rows]}"
    columns = {"creation": "création", "revision": "révision", "textes": "textes", "inconnue": "inconnue"}
    for row in rows:
        for column, count in row.items():
            if column != "annee":
                assert count == per_year[row["annee"]][columns.get(column, column)], (
                    f"Q19: {row['annee']} {column}"
                )


def check_q20(rows):
    """The fields two copies of one act read differently (`legalgraph parse`), a cut certificate aside."""
    expected = set()
    for act in acts():
        docs = [(f, corpus_docs()[f]) for f in sorted(act)]
        for field in ("name", "registration_start", "registration_years"):
            values = {f: getattr(d.titre, field) for f, d in docs if d.titre and getattr(d.titre, field)}
            if len(set(values.values())) > 1:
                expected |= {(f, str(v)) for f, v in values.items()}
        for field in ("date", "nor", "min_hours_total"):
            values = {f: getattr(d, field) for f, d in docs if getattr(d, field)}
            if len(set(values.values())) > 1:
                expected |= {(f, str(v)) for f, v in values.items()}
        ranks = {c.rank for _, d in docs for c in d.certificates}
        for rank in ranks:
            whole = {f: c for f, d in docs for c in d.certificates if c.rank == rank}
            if any(c.truncated for c in whole.values()):
                continue
            for attribute in ("title", "min_hours"):
                values = {f: getattr(c, attribute) for f, c in whole.items() if getattr(c, attribute)}
                if len(set(values.values())) > 1:
                    expected |= {(f, str(v)) for f, v in values.items()}
    found = {(f, r["valeur"]) for r in rows for f in files(r)}
    assert_same("Q20", found, expected)
    assert all(r["copies"] in {"publiée", "consolidée"} for r in rows)


CHECKS = {
    name.removeprefix("check_").upper(): check
    for name, check in globals().items()
    if name.startswith("check_q")
}


def test_the_cookbook_asks_about_twenty_questions_each_checked():
    assert 18 <= len(questions()) <= 24
    assert set(CHECKS) == set(questions()), "every question has its check, every check its question"


@pytest.mark.parametrize("qid", sorted(questions()))
def test_question(qid):
    CHECKS[qid](answer(qid))
