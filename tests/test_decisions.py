"""Gold decisions in the store: recorded with their gold span in one transaction, undone whole."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace

import pytest

from annotator import exporting
from annotator.adjudication import (
    GOLD_LAYER,
    DecisionType,
    accept,
    add,
    candidate_sets,
    choose,
    edit,
    pending,
    reject,
)
from annotator.model import Document, Span, SpanError, new_id
from annotator.store import Store

TEXT = "Gunmen loyal to Assad killed 14 people in Latakia, a war monitor said on Friday."
TIME = "2025-01-01T00:00:00.000+00:00"


def span_at(doc_id: str, annotator: str, phrase: str, label: str) -> Span:
    start = TEXT.index(phrase)
    return Span(new_id(), doc_id, annotator, start, start + len(phrase), label, phrase)


@pytest.fixture
def doc(store) -> Document:
    document = Document(id=new_id(), text=TEXT, title="Latakia")
    store.add_documents([document])
    for annotator, phrase, label in [
        ("amal", "Gunmen loyal to Assad", "actor"),
        ("ben", "Gunmen loyal to Assad", "actor"),
        ("amal", "Latakia", "location"),
        ("ben", "Latakia", "actor"),
        ("ben", "a war monitor", "source"),
    ]:
        store.add_span(span_at(document.id, annotator, phrase, label))
    return document


def review_sets(store: Store, document_id: str):
    layers = {n: s for n, s in store.layers(document_id).items() if n != GOLD_LAYER}
    return candidate_sets(document_id, layers)


def row_counts(store: Store) -> dict[str, int]:
    return {
        table: store.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        for table in ("spans", "decisions", "relations", "annotators")
    }


def test_layers_give_every_annotator_and_gold_even_when_empty(store, doc):
    layers = store.layers(doc.id)
    assert list(layers) == ["amal", "ben", GOLD_LAYER]
    assert [s.text for s in layers["amal"]] == ["Gunmen loyal to Assad", "Latakia"]
    assert len(layers["ben"]) == 3
    assert layers[GOLD_LAYER] == []


def test_an_annotator_who_marked_the_document_done_with_no_spans_has_an_empty_layer(store, doc):
    store.set_status(doc.id, "chen", "done")
    assert store.layers(doc.id)["chen"] == []


def test_accepting_a_unanimous_set_writes_gold_and_the_decision(store, doc):
    agreed = review_sets(store, doc.id)[0]
    decision = accept(agreed, reviewer="rita", time=TIME)
    changes = store.add_decision(decision)

    gold = store.spans(doc.id, GOLD_LAYER)
    assert [(s.start, s.end, s.label, s.text) for s in gold] == [
        (0, len("Gunmen loyal to Assad"), "actor", "Gunmen loyal to Assad")
    ]
    assert changes.spans_added == gold
    assert changes.decisions_added == [decision]
    assert changes.document_id == doc.id
    stored = store.decisions(doc.id)
    assert stored == [decision]
    assert stored[0].decision is DecisionType.UNANIMOUS
    assert set(stored[0].source_span_ids) == {s.id for s in agreed.spans}
    assert store.layers(doc.id)[GOLD_LAYER] == gold


def test_every_field_survives_the_round_trip(store, doc):
    sets = review_sets(store, doc.id)
    latakia = next(s for s in sets if s.kind is not None and "Latakia" in s.versions[0].text)
    version = next(v for v in latakia.versions if v.label == "location")
    decision = choose(latakia, version, reviewer="rita", comment="a city, not a group", time=TIME)
    store.add_decision(decision)
    (stored,) = store.decisions()
    assert stored.to_dict() == decision.to_dict()
    assert stored.comment == "a city, not a group"
    assert stored.source_span_ids == tuple(s.id for s in version.spans)
    assert stored.candidate_span_ids == tuple(s.id for s in latakia.spans)
    assert stored.stale is False
    assert stored.result == store.span(decision.result.id)


def test_a_rejection_is_recorded_without_a_gold_span(store, doc):
    monitor = next(s for s in review_sets(store, doc.id) if s.versions[0].label == "source")
    decision = reject(monitor, reviewer="rita", comment="not a source here", time=TIME)
    changes = store.add_decision(decision)
    assert changes.spans_added == []
    assert store.spans(doc.id, GOLD_LAYER) == []
    assert store.decisions(doc.id) == [decision]
    assert store.decision(decision.id).result is None


def test_edit_and_add_decisions_put_the_reviewers_own_spans_in_gold(store, doc):
    latakia = next(s for s in review_sets(store, doc.id) if "Latakia" in s.versions[0].text)
    start = TEXT.index("in Latakia")
    edited = edit(latakia, TEXT, start, start + len("in Latakia"), "location", reviewer="rita")
    friday = TEXT.index("Friday")
    added = add(doc.id, TEXT, friday, friday + 6, "location", reviewer="rita", comment="test")
    store.add_decision(edited)
    store.add_decision(added)
    assert [s.text for s in store.spans(doc.id, GOLD_LAYER)] == ["in Latakia", "Friday"]
    assert [d.decision for d in store.decisions(doc.id)] == [
        DecisionType.EDITED,
        DecisionType.ADDED,
    ]


def test_remove_decision_undoes_add_decision_exactly(store, doc):
    before = row_counts(store)
    store.add_decision(accept(review_sets(store, doc.id)[0], reviewer="rita"))
    decision = store.decisions(doc.id)[0]
    changes = store.remove_decision(decision.id)
    assert changes.spans_removed == [decision.result]
    assert changes.decisions_removed == [decision]
    assert store.decisions() == []
    assert store.spans(doc.id, GOLD_LAYER) == []
    # Redo after undo: the same decision, the same gold span id.
    store.add_decision(decision)
    assert store.decisions() == [decision]
    store.remove_decision(decision.id)
    after = row_counts(store)
    assert {k: v for k, v in after.items() if k != "annotators"} == {
        k: v for k, v in before.items() if k != "annotators"
    }


def test_gold_is_written_only_through_decisions(store, doc):
    with pytest.raises(SpanError, match="gold layer"):
        store.add_span(span_at(doc.id, GOLD_LAYER, "Latakia", "location"))
    assert store.spans(doc.id, GOLD_LAYER) == []


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"text": "Latakiaa"}, "should cover"),
        ({"label": "weapon"}, "unknown label"),
        ({"annotator": "amal"}, "gold layer"),
    ],
)
def test_a_decision_with_a_bad_span_is_refused_and_nothing_is_written(store, doc, change, reason):
    decision = accept(review_sets(store, doc.id)[0], reviewer="rita")
    bad = replace(decision, result=replace(decision.result, **change))
    before = row_counts(store)
    with pytest.raises(SpanError, match=reason):
        store.add_decision(bad)
    assert row_counts(store) == before


def test_the_same_decision_twice_is_refused(store, doc):
    decision = accept(review_sets(store, doc.id)[0], reviewer="rita")
    store.add_decision(decision)
    with pytest.raises(SpanError, match="already recorded"):
        store.add_decision(decision)
    assert len(store.decisions()) == 1


def test_a_failure_inside_the_transaction_leaves_neither_span_nor_decision(store, doc):
    decision = accept(review_sets(store, doc.id)[0], reviewer="rita")
    store.db.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON decisions BEGIN SELECT RAISE(ABORT, 'no'); END"
    )
    with pytest.raises(sqlite3.DatabaseError):
        store.add_decision(decision)
    assert store.spans(doc.id, GOLD_LAYER) == []
    assert store.decisions() == []


def test_decisions_are_kept_per_document_in_order(store, doc):
    other = Document(id=new_id(), text="Shelling in Idlib.", title="Idlib")
    store.add_documents([other])
    first, *_ = review_sets(store, doc.id)
    store.add_decision(accept(first, reviewer="rita", time="2025-01-01T00:00:00.000+00:00"))
    store.add_decision(
        add(
            other.id,
            other.text,
            12,
            17,
            "location",
            reviewer="rita",
            time=TIME.replace("01T", "02T"),
        )
    )
    assert [d.document_id for d in store.decisions()] == [doc.id, other.id]
    assert [d.document_id for d in store.decisions(other.id)] == [other.id]


def test_decided_sets_are_no_longer_pending(store, doc):
    sets = review_sets(store, doc.id)
    store.add_decision(accept(sets[0], reviewer="rita"))
    left = pending(sets, store.decisions(doc.id))
    assert sets[0] not in left and len(left) == len(sets) - 1


def test_decisions_persist_in_the_project_file(project_path):
    store = Store.open(project_path)
    document = Document(id=new_id(), text=TEXT)
    store.add_documents([document])
    decision = add(document.id, TEXT, 42, 49, "location", reviewer="rita", comment="Latakia")
    store.add_decision(decision)
    store.close()
    reopened = Store.open(project_path)
    assert reopened.decisions() == [decision]
    assert [s.text for s in reopened.spans(document.id, GOLD_LAYER)] == ["Latakia"]
    reopened.close()


# -- gold goes out in every format ------------------------------------------------------------


@pytest.fixture
def adjudicated(store, doc) -> Store:
    """A small corpus settled through the store API: accepted, chosen, rejected, added."""
    other = Document(id=new_id(), text="Shelling hit Idlib 🇸🇾 overnight.", title="Idlib")
    store.add_documents([other])
    store.add_span(Span(new_id(), other.id, "amal", 13, 18, "location", "Idlib"))
    for document_id in (doc.id, other.id):
        for candidates in review_sets(store, document_id):
            version = next((v for v in candidates.versions if v.label != "actor"), None)
            if candidates.kind is None:
                store.add_decision(accept(candidates, reviewer="rita"))
            elif version is not None and version.label == "source":
                store.add_decision(reject(candidates, reviewer="rita"))
            else:
                store.add_decision(choose(candidates, version, reviewer="rita"))
    friday = TEXT.index("Friday")
    store.add_decision(add(doc.id, TEXT, friday, friday + 6, "casualty_claim", reviewer="rita"))
    return store


GOLD_SPANS = {"Gunmen loyal to Assad", "Latakia", "Friday", "Idlib"}


def test_gold_holds_the_decided_spans(adjudicated):
    texts = {s.text for d in adjudicated.documents() for s in adjudicated.spans(d.id, GOLD_LAYER)}
    assert texts == GOLD_SPANS


@pytest.mark.parametrize("format_name", sorted(exporting.FORMATS))
def test_gold_exports_in_every_format(adjudicated, tmp_path, format_name):
    out = tmp_path / f"gold.{format_name}"
    written = exporting.export(adjudicated, format_name, out, GOLD_LAYER)
    assert written == 2
    files = [out] if out.is_file() else sorted(p for p in out.rglob("*") if p.is_file())
    assert files and all(p.stat().st_size > 0 for p in files)
    content = b"".join(p.read_bytes() for p in files)
    # Only the gold layer goes out: the annotators' names appear nowhere.
    assert b"amal" not in content and b"ben" not in content


def test_the_gold_jsonl_export_carries_exactly_the_decided_spans(adjudicated, tmp_path):
    out = tmp_path / "gold.jsonl"
    exporting.export(adjudicated, "jsonl", out, GOLD_LAYER)
    spans = []
    for line in out.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for span in record["spans"]:
            assert record["text"][span["start"] : span["end"]] == span["text"]
            spans.append((span["text"], span["label"]))
    assert sorted(spans) == sorted(
        [
            ("Gunmen loyal to Assad", "actor"),
            ("Latakia", "location"),
            ("Friday", "casualty_claim"),
            ("Idlib", "location"),
        ]
    )


def test_the_gold_docbin_holds_the_decided_spans(adjudicated, tmp_path):
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    out = tmp_path / "gold.spacy"
    exporting.export(adjudicated, "spacy", out, GOLD_LAYER)
    docs = DocBin().from_disk(out).get_docs(spacy.blank("xx").vocab)
    assert {span.text for d in docs for span in d.spans["sc"]} == GOLD_SPANS
