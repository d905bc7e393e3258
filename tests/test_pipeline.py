"""The extractors as spaCy components: a researcher adds them to her own pipeline and reads doc.spans."""

from __future__ import annotations

import spacy

import legalgraph
from legalgraph.extract.pipeline import COMPONENTS, to_spacy
from tests.conftest import CORPUS

SEED = CORPUS / "2022-11-21_conseiller-insertion-professionnelle__full-copy.txt"
VISA = "Vu le décret n° 2019-14 du 8 janvier 2019 relatif au cadre national des certifications professionnelles ;"


def test_component_in_a_researchers_own_blank_pipeline():
    nlp = spacy.blank("fr")
    nlp.add_pipe("legalgraph_citations")
    doc = nlp(VISA)
    spans = doc.spans["legalgraph_citations"]
    assert [s.label_ for s in spans] == ["decret"]
    assert spans[0].text.startswith("décret n° 2019-14")
    assert spans[0]._.entity.number == "2019-14"


def test_legalgraph_nlp_has_every_component():
    assert legalgraph.nlp().pipe_names == list(COMPONENTS)


def test_spacy_doc_over_a_parsed_document_matches_the_batch_pipeline():
    document = legalgraph.parse(SEED)
    keys = [c.key for c in document.citations]
    doc = to_spacy(document)
    assert [s._.entity.key for s in doc.spans["legalgraph_citations"]] == keys
    assert len(doc.spans["legalgraph_certificates"]) == len(document.certificates) > 0
    assert doc.spans["legalgraph_titre"][0].text.lower() == document.titre.name
