"""The extractors as spaCy components, registered by name, for researchers who work with `Doc` and `Span`.

    >>> import spacy
    >>> nlp = spacy.blank("fr")
    >>> nlp.add_pipe("legalgraph_citations")
    >>> doc = nlp("Vu le décret n° 2019-14 du 8 janvier 2019 relatif au cadre national des certifications ;")
    >>> [(s.text, s.label_) for s in doc.spans["legalgraph_citations"]]

Each component reads the legalgraph `Document` behind the spaCy `Doc` (``doc._.legalgraph``; segmented from
``doc.text`` on first use), runs the same plain function the batch pipeline runs, and writes character spans
as ``doc.spans[<component name>]``. The batch pipeline (`legalgraph.parse`) does not go through spaCy at all:
tokenizing costs far more than the regular expressions themselves.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from legalgraph.models import Document, Source, SourceFormat, SourceText

if not Doc.has_extension("legalgraph"):
    Doc.set_extension("legalgraph", default=None)
if not Span.has_extension("entity"):
    Span.set_extension("entity", default=None)  # the legalgraph object behind a span (Citation, Certificate…)

COMPONENTS = (
    "legalgraph_citations",
    "legalgraph_titre",
    "legalgraph_certificates",
    "legalgraph_equivalences",
    "legalgraph_changes",
)


def document_of(doc: Doc) -> Document:
    """The segmented legalgraph Document of a spaCy Doc, made once from ``doc.text``."""
    if doc._.legalgraph is None:
        from legalgraph.segment import segment

        source = Source(
            path=None, format=SourceFormat.TEXT, sha256=hashlib.sha256(doc.text.encode()).hexdigest()
        )
        doc._.legalgraph = segment(SourceText(text=doc.text, source=source))
    return doc._.legalgraph


def to_spacy(document: Document, nlp: Language | None = None) -> Doc:
    """A spaCy Doc over a legalgraph Document's normalized text, with every component applied."""
    nlp = nlp or make_nlp()
    doc = nlp.make_doc(document.text)
    doc._.legalgraph = document
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def _write_spans(doc: Doc, key: str, items: Iterable[tuple[object, tuple[int, int] | None, str]]) -> None:
    spans = []
    for entity, span, label in items:
        if span is None:
            continue
        s = doc.char_span(span[0], span[1], label=label, alignment_mode="expand")
        if s is not None:
            s._.entity = entity
            spans.append(s)
    doc.spans[key] = spans


def _make_component(
    name: str, run: Callable[[Document], Iterable[tuple[object, tuple[int, int] | None, str]]]
):
    def component(doc: Doc) -> Doc:
        _write_spans(doc, name, run(document_of(doc)))
        return doc

    return component


def _citations(document: Document):
    from legalgraph.extract.citations import find_document_citations

    document.citations = find_document_citations(document, whole_text_if_unsegmented=True)
    return [(c, c.span, str(c.kind)) for c in document.citations]


def _titre(document: Document):
    from legalgraph.extract.titre import find_titre

    document.titre = find_titre(document)
    t = document.titre
    return [(t, t.name_span, "TITRE")] if t else []


def _certificates(document: Document):
    from legalgraph.extract.certificates import find_certificates

    document.certificates, document.min_hours_total = find_certificates(document)
    return [(c, c.span, "CERTIFICATE") for c in document.certificates]


def _equivalences(document: Document):
    from legalgraph.extract.equivalences import find_equivalences

    document.equivalences = find_equivalences(document)
    return [(e, e.span, "EQUIVALENCE") for e in document.equivalences]


def _changes(document: Document):
    from legalgraph.extract.changes import find_changes
    from legalgraph.extract.citations import find_document_citations
    from legalgraph.resolve import resolve

    if not document.citations:
        document.citations = find_document_citations(document, whole_text_if_unsegmented=True)
    resolve(document)  # a change's target indexes the resolved citations, as in `legalgraph.parse`
    document.changes = find_changes(document)
    return [(c, c.span, str(c.kind)) for c in document.changes]


# The factories, registered by name (also declared as `spacy_factories` entry points in pyproject.toml,
# so that `nlp.add_pipe("legalgraph_citations")` works without importing legalgraph first).
@Language.factory("legalgraph_citations")
def make_citations(nlp: Language, name: str):
    return _make_component(name, _citations)


@Language.factory("legalgraph_titre")
def make_titre(nlp: Language, name: str):
    return _make_component(name, _titre)


@Language.factory("legalgraph_certificates")
def make_certificates(nlp: Language, name: str):
    return _make_component(name, _certificates)


@Language.factory("legalgraph_equivalences")
def make_equivalences(nlp: Language, name: str):
    return _make_component(name, _equivalences)


@Language.factory("legalgraph_changes")
def make_changes(nlp: Language, name: str):
    return _make_component(name, _changes)


def make_nlp() -> Language:
    """A blank French pipeline with every legalgraph component."""
    nlp = spacy.blank("fr")
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp
