"""CoNLL IOB2: seqeval and spaCy's converter read back the spans the overlap policy keeps."""

from __future__ import annotations

import pytest
from seqeval.metrics import classification_report
from seqeval.metrics.sequence_labeling import get_entities
from seqeval.scheme import IOB2, Entities
from spacy.training.converters import conll_ner_to_docs

from annotator.exporting import export
from annotator.model import Document, Span, new_id


def read_conll(path) -> list[list[tuple[str, str]]]:
    """Sentences of (word, tag), the way CoNLL readers split them: last column is the tag."""
    sentences, current = [], []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            if current:
                sentences.append(current)
            current = []
        elif not line.startswith("-DOCSTART-"):
            cols = line.split()
            assert len(cols) == 4
            current.append((cols[0], cols[-1]))
    return sentences


def entities(sentences) -> list[tuple[str, str]]:
    found = []
    for sentence in sentences:
        tags = [tag for _, tag in sentence]
        for label, first, last in get_entities(tags):
            found.append((label, " ".join(w for w, _ in sentence[first : last + 1])))
    return found


def simple_store(store, text: str, parts: list[tuple[str, str]]):
    doc = Document(new_id(), text)
    spans = []
    for part, label in parts:
        start = text.index(part)
        spans.append(Span(new_id(), doc.id, "alice", start, start + len(part), label, part))
    store.add_documents([doc], spans)
    return store


def test_seqeval_reads_back_each_span_as_its_tokens(store, tmp_path):
    text = "Clashes near حلب 😀 killed 12.\r\n\r\nThe Syrian Observatory 🇸🇾 said so."
    text = text.replace("\r\n", "\n")
    parts = [
        ("حلب", "location"),
        ("killed 12", "casualty_claim"),
        ("The Syrian Observatory 🇸🇾", "source"),
    ]
    out = tmp_path / "out.conll"
    export(simple_store(store, text, parts), "conll", out, "alice")
    sentences = read_conll(out)
    assert len(sentences) == 2  # one a paragraph
    assert entities(sentences) == [
        ("location", "حلب"),
        ("casualty_claim", "killed 12"),
        ("source", "The Syrian Observatory 🇸 🇾"),
    ]
    tags = [[tag for _, tag in s] for s in sentences]
    strict = [(e.tag, e.start, e.end) for s in Entities(tags, IOB2).entities for e in s]
    assert len(strict) == 3  # valid IOB2: strict mode finds the same entities
    report = classification_report(tags, tags, mode="strict", scheme=IOB2, output_dict=True)
    assert report["source"]["f1-score"] == 1.0


def test_longest_keeps_the_widest_span_and_first_the_earliest(hard_store, tmp_path):
    found = {}
    for policy in ("longest", "first"):
        out = tmp_path / f"{policy}.conll"
        export(hard_store, "conll", out, "alice", options={"overlap": policy})
        found[policy] = entities(read_conll(out))
    assert ("actor", "حلب 😀") in found["longest"] and ("location", "حلب") not in found["longest"]
    assert found["longest"] == found["first"]  # here the widest span also starts first
    assert ("casualty_claim", "a war monitor reported 3 deaths") in found["longest"]
    assert ("source", "a war monitor") not in found["longest"]


def test_first_and_longest_differ_when_a_short_span_starts_first(store, tmp_path):
    text = "Forces of the regime in Idlib attacked."
    parts = [("Forces of", "actor"), ("of the regime in Idlib", "source")]
    simple_store(store, text, parts)
    results = {}
    for policy in ("longest", "first"):
        out = tmp_path / f"{policy}.conll"
        export(store, "conll", out, "alice", options={"overlap": policy})
        results[policy] = entities(read_conll(out))
    assert results == {
        "longest": [("source", "of the regime in Idlib")],
        "first": [("actor", "Forces of")],
    }


def test_error_policy_refuses_and_leaves_no_file(hard_store, tmp_path):
    out = tmp_path / "out.conll"
    with pytest.raises(ValueError, match="share tokens"):
        export(hard_store, "conll", out, "alice", options={"overlap": "error"})
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_spacy_convert_reads_the_file(hard_store, tmp_path):
    out = tmp_path / "out.conll"
    export(hard_store, "conll", out, "alice")
    # spaCy's delimiter is "-DOCSTART- -X- O O"; ours is CoNLL-2003's "-DOCSTART- -X- -X- O",
    # which spaCy reads as a one-word sentence tagged O. With -n 0 it reads everything else.
    docs = list(conll_ner_to_docs(out.read_text(encoding="utf-8"), n_sents=0, no_print=True))
    ents = [(e.label_, e.text) for doc in docs for e in doc.ents]
    assert [(label, text) for label, text in entities(read_conll(out))] == ents
    assert ("location", "🇸 🇾 🇹 🇷") in ents
