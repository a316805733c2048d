"""spaCy DocBin: spaCy reads it back and finds every span with `char_span`; ents never overlap."""

from __future__ import annotations

import sys

import pytest
import spacy
from spacy.tokens import DocBin

from annotator.exporting import export


def read_docs(store, tmp_path):
    out = tmp_path / "train.spacy"
    assert export(store, "spacy", out, "alice") == 2
    nlp = spacy.blank("xx")
    return {doc.text: doc for doc in DocBin().from_disk(out).get_docs(nlp.vocab)}


def test_every_span_is_found_by_char_span_with_its_label_and_id(hard_store, tmp_path):
    docs = read_docs(hard_store, tmp_path)
    for item in hard_store.iter_layer("alice"):
        doc = docs[item.document.text]  # the Doc's text is exactly ours, CRLF gone, emoji kept
        for span in item.spans:
            found = doc.char_span(span.start, span.end)
            assert found is not None and found.text == span.text
        stored = sorted((s.start_char, s.end_char, s.label_, s.id_) for s in doc.spans["sc"])
        assert stored == sorted((s.start, s.end, s.label, s.id) for s in item.spans)
        assert doc.user_data["document_id"] == item.document.id


def test_ents_hold_exactly_the_spans_that_overlap_no_other(hard_store, tmp_path):
    docs = read_docs(hard_store, tmp_path)
    for item in hard_store.iter_layer("alice"):
        alone = {
            (s.start, s.end, s.label)
            for s in item.spans
            if not any(s.overlaps(o) for o in item.spans if o is not s)
        }
        ents = {(e.start_char, e.end_char, e.label_) for e in docs[item.document.text].ents}
        assert ents == alone
    # The hard data has both kinds, so this test can tell the rule from "all" or "none".
    second = docs[next(t for t in docs if t.startswith("Second"))]
    assert len(second.ents) == 3 and len(docs[next(t for t in docs if t != second.text)].ents) == 1


def test_a_missing_spacy_names_the_extra(hard_store, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "spacy", None)
    with pytest.raises(RuntimeError, match=r"annotator\[spacy\]"):
        export(hard_store, "spacy", tmp_path / "x.spacy", "alice")
    assert not (tmp_path / "x.spacy").exists()
