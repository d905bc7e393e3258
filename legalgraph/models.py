"""Plain data models shared by every stage of the pipeline.

read → SourceText, segment → Document, extract/resolve fill the Document's entity fields.
Every span is a ``(start, end)`` pair of character offsets into ``Document.text``
(end exclusive), so ``doc.text[start:end]`` is always the part's words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from legalgraph.norm import citation_key, level_to_cnc

Span = tuple[int, int]


class SourceFormat(StrEnum):
    """The ``source.format`` values of the record contract."""

    TEXT = "text"
    HTML = "html"
    MARKDOWN = "markdown"
    DILA_XML = "dila-xml"
    PISTE_JSON = "piste-json"
    OTHER = "other"


class Nature(StrEnum):
    ARRETE = "arrete"
    DECRET = "decret"
    LOI = "loi"
    ORDONNANCE = "ordonnance"
    DECISION = "decision"
    CIRCULAIRE = "circulaire"
    RECTIFICATIF = "rectificatif"
    OTHER = "other"


class BlockKind(StrEnum):
    """What a reader knows a stretch of the normalized text to be."""

    TITLE = "title"
    NOR = "nor"
    AUTHORITY = "authority"
    VISA = "visa"
    ENACTING = "enacting"  # "Arrête :", "Décrète :"
    ARTICLE = "article"
    ANNEX = "annex"
    SIGNATURE = "signature"
    BREAK = "break"  # a boundary the source marks without naming the part (Légifrance "Versions")


@dataclass
class Block:
    """A stretch of normalized text whose role the source itself tells (XML element, heading, bullet)."""

    kind: BlockKind
    start: int
    end: int
    label: str | None = None  # article number, annex title


@dataclass
class Cell:
    """One table cell: its span in the normalized text and how many rows/columns it covers."""

    row: int
    col: int
    span: Span
    rowspan: int = 1
    colspan: int = 1
    header: bool = False


@dataclass
class Table:
    """A table the source marks up (HTML, DILA CONTENU); its cells stand one per line in the text."""

    span: Span
    cells: list[Cell] = field(default_factory=list)

    def rows(self) -> list[list[Cell]]:
        out: dict[int, list[Cell]] = {}
        for cell in self.cells:
            out.setdefault(cell.row, []).append(cell)
        return [sorted(out[r], key=lambda c: c.col) for r in sorted(out)]


@dataclass
class Source:
    """Where a text comes from: its file, format and digest, and the official id it carries."""

    path: str | None
    format: SourceFormat
    sha256: str
    id: str | None = None  # JORFTEXT/LEGITEXT/…ARTI id when the source carries one
    encoding: str = "utf-8"
    kind: str | None = (
        None  # finer reader tag: "legifrance", "juriblio", "jo-print", "jorfsimple", "texte_version"…
    )


@dataclass
class SourceText:
    """What `read` returns: one normalized text, what the source says about it, and the blocks it knows."""

    text: str
    source: Source
    meta: dict = field(default_factory=dict)  # nature, title, date, nor, eli, date_publi, etat, date_debut, …
    blocks: list[Block] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Visa:
    """One "Vu …" line of the visas."""

    text: str
    span: Span


@dataclass
class Article:
    """One article of the text: its number and words."""

    number: str  # as published ("1", "3 bis", "1er" → "1"), or the rank where the source prints none
    text: str
    span: Span


@dataclass
class Annex:
    """One annex of the text: its title and words."""

    title: str | None
    text: str
    span: Span


@dataclass
class Signatory:
    """Who signed the text, and in which role."""

    name: str | None
    role: str | None
    span: Span | None = None


# ---- entities (extract / resolve) -------------------------------------------------------------


class CitationKind(StrEnum):
    CODE = "code"
    LOI = "loi"
    LOI_ORGANIQUE = "loi_organique"
    ORDONNANCE = "ordonnance"
    DECRET = "decret"
    ARRETE = "arrete"
    CIRCULAIRE = "circulaire"
    DIRECTIVE_UE = "directive_ue"
    REGLEMENT_UE = "reglement_ue"
    DECISION = "decision"
    REFERENTIEL = "referentiel"
    AVIS = "avis"
    OTHER = "other"


class Where(StrEnum):
    TITLE = "title"
    VISA = "visa"
    ARTICLE = "article"
    ANNEX = "annex"


@dataclass
class Citation:
    """One mention of another legal text."""

    kind: CitationKind
    text: str
    span: Span
    where: Where = Where.ARTICLE
    date: str | None = None  # ISO date
    number: str | None = None  # "2019-14"
    code: str | None = None  # "code du travail"
    articles: list[str] = field(default_factory=list)  # "L6113-1"
    amended: bool = False  # "modifié"
    subject: str | None = None  # "relatif à …" / "portant …"
    susvise: bool = False  # the mention says "susvisé(e)"
    refers_to: int | None = None  # index of the full citation a "susvisé" mention repeats

    @property
    def key(self) -> str | None:
        """The citation key of GOLD.md (``decret:2019-14``, ``code:code du travail:L6113-1``…), without article."""
        return citation_key(self)


class Action(StrEnum):
    CREATION = "creation"
    REVISION = "revision"
    MODIFICATION = "modification"
    PROROGATION = "prorogation"
    ABROGATION = "abrogation"
    OTHER = "other"


@dataclass
class Titre:
    """The titre professionnel the text creates, revises, prorogues or modifies."""

    name: str
    action: Action | None  # None when neither the title nor the articles present say it
    level: str | None = None  # as written: "5", "III"
    nsf: list[str] = field(default_factory=list)
    rome: list[str] = field(default_factory=list)
    registration_start: str | None = None
    registration_years: int | None = None
    former_names: list[str] = field(default_factory=list)  # after a renaming
    name_span: Span | None = None

    @property
    def level_cnc(self) -> str | None:
        """The level on the cadre national des certifications (décret n° 2019-14): V → 3 … I → 7."""
        return level_to_cnc(self.level)


@dataclass
class Certificate:
    """One certificat de compétences professionnelles (CCP) of the titre, by rank."""

    rank: int
    title: str
    span: Span | None = None
    min_hours: int | None = None
    skills: list[str] = field(default_factory=list)
    truncated: bool = False


@dataclass
class Equivalence:
    """One row of an equivalence table: old certificates (of the act of ``old_act_date``) → new ones."""

    old_act_date: str | None
    old: list[str]
    new: list[str]
    span: Span | None = None


class ChangeKind(StrEnum):
    """How a modifying act changes another (the Guide de légistique's formules de modification)."""

    MODIFICATION = "modification"  # "est ainsi modifié", "les mots … sont remplacés par …" (wording changed)
    REPLACEMENT = "replacement"  # "l'article 3 … est remplacé par les dispositions suivantes", "ainsi rédigé"
    INSERTION = "insertion"  # "il est inséré un article 3 bis", "est complété par …"
    ABROGATION = "abrogation"  # "est abrogé", "sont abrogés"
    PROROGATION = "prorogation"  # "est prorogé pour une durée de …", "portant reconduction de …"
    RENAMING = "renaming"  # "le titre … est renommé / devient …", "l'intitulé … est remplacé par …"


@dataclass
class Change:
    """One change the document makes to another act, read from its text (``extract.changes``)."""

    kind: ChangeKind
    span: Span  # the statement (or the title, for a change only the title states)
    target: int | None = None  # index in ``Document.citations`` (after resolve) of the act changed
    article: str | None = None  # "3", "3 bis", "annexe", "annexe II"; None for the whole act
    date: str | None = None  # ISO date from which the change applies, when the text gives one
    date_basis: str | None = None  # "stated", "entry-into-force", "publication", or None
    years: int | None = None  # a prorogation's length


@dataclass
class Document:
    """One arrêté (or other text), segmented; the entity fields are filled by extract and resolve."""

    text: str
    source: Source
    nature: Nature = Nature.OTHER
    title: str | None = None
    title_span: Span | None = None
    date: str | None = None
    nor: str | None = None
    eli: str | None = None
    authority: str | None = None
    authority_span: Span | None = None
    visas: list[Visa] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    annexes: list[Annex] = field(default_factory=list)
    signature_date: str | None = None  # "Fait le …"
    signature_span: Span | None = None
    signatories: list[Signatory] = field(default_factory=list)
    meta: dict = field(
        default_factory=dict
    )  # what the source adds: date_publi, etat, date_debut, date_fin, liens…
    tables: list[Table] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # entities
    citations: list[Citation] = field(default_factory=list)
    titre: Titre | None = None
    certificates: list[Certificate] = field(default_factory=list)
    min_hours_total: int | None = None
    equivalences: list[Equivalence] = field(default_factory=list)
    previous_acts: list[str] = field(default_factory=list)
    jobs: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    def regions(self) -> list[tuple[Where, Span]]:
        """The parts where citations are looked for, in text order."""
        regions: list[tuple[Where, Span]] = []
        if self.title_span:
            regions.append((Where.TITLE, self.title_span))
        regions += [(Where.VISA, v.span) for v in self.visas]
        regions += [(Where.ARTICLE, a.span) for a in self.articles]
        regions += [(Where.ANNEX, a.span) for a in self.annexes]
        return sorted(regions, key=lambda r: r[1])
