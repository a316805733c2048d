"""Merging annotators' project files into a review project: matching, replacing, refusing."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from annotator.adjudication import GOLD_LAYER, add, candidate_sets, choose, pending
from annotator.merging import MergeError, merge_projects
from annotator.model import Document, Label, Span, new_id
from annotator.shipped import default_labels
from annotator.store import Store

TEXTS = {
    "latakia": "Gunmen loyal to Assad killed 14 people in Latakia, a war monitor said on Friday.",
    "idlib": "Airstrikes hit Idlib 🇸🇾 overnight, killing three, the White Helmets said.",
    "fasher": "Fighting spread to El Fasher, residents said.",
}
ALICE = {
    "latakia": [("Gunmen loyal to Assad", "actor"), ("Latakia", "location")],
    "idlib": [("Idlib", "location")],
}
BOB = {
    "latakia": [("Gunmen loyal to Assad", "actor"), ("Latakia", "actor")],
    "idlib": [("the White Helmets", "source")],
}


def make_file(
    path: Path,
    name: str,
    work: dict[str, list[tuple[str, str]]],
    documents: tuple[str, ...] = ("latakia", "idlib", "fasher"),
    labels: list[Label] | None = None,
) -> Path:
    """An annotator's own project: every document gets a fresh id, as in a separate install."""
    store = Store.open(path, labels=labels)
    docs = {key: Document(new_id(), TEXTS[key], title=key) for key in documents}
    store.add_documents(docs.values())
    for key, marks in work.items():
        for phrase, label in marks:
            start = TEXTS[key].index(phrase)
            span = Span(new_id(), docs[key].id, name, start, start + len(phrase), label, phrase)
            store.add_span(span)
        store.set_status(docs[key].id, name, "done")
    store.close()
    return path


@pytest.fixture
def alice(tmp_path) -> Path:
    return make_file(tmp_path / "alice.annotator", "alice", ALICE)


@pytest.fixture
def bob(tmp_path) -> Path:
    return make_file(tmp_path / "bob.annotator", "bob", BOB)


@pytest.fixture
def review(tmp_path):
    store = Store.open(tmp_path / "review.annotator")
    yield store
    store.close()


def rows(store: Store) -> list[str]:
    return list(store.db.conn.iterdump())


def layer(store: Store, key: str, annotator: str) -> list[tuple]:
    doc = document(store, key)
    return [(s.text, s.label) for s in store.spans(doc.id, annotator)]


def document(store: Store, key: str) -> Document:
    return next(d for d in store.documents() if d.text == TEXTS[key])


def edit_file(path: Path, edit) -> None:
    store = Store.open(path)
    edit(store)
    store.close()


def span_of(store: Store, annotator: str, text: str) -> Span:
    return next(
        s for d in store.documents() for s in store.spans(d.id, annotator) if s.text == text
    )


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- matching and bringing work in -------------------------------------------------------------


def test_documents_are_matched_by_text_and_every_layer_comes_in(review, alice, bob):
    report = merge_projects(review, [alice, bob])
    assert review.document_count() == 3
    assert layer(review, "latakia", "alice") == [
        ("Gunmen loyal to Assad", "actor"),
        ("Latakia", "location"),
    ]
    assert layer(review, "latakia", "bob") == [
        ("Gunmen loyal to Assad", "actor"),
        ("Latakia", "actor"),
    ]
    assert layer(review, "idlib", "bob") == [("the White Helmets", "source")]
    assert review.status(document(review, "latakia").id, "alice") == "done"
    assert review.status(document(review, "fasher").id, "alice") == "new"
    assert report.documents_added == 3
    assert report.layers_added == 4 and report.layers_replaced == 0
    assert report.annotators == ["alice", "bob"]


def test_spans_keep_their_ids_and_point_at_the_review_document(review, alice, bob):
    merge_projects(review, [alice, bob])
    source = Store.open(bob)
    helmets = span_of(source, "bob", "the White Helmets")
    source.close()
    merged = review.span(helmets.id)
    assert merged.document_id == document(review, "idlib").id
    assert (merged.start, merged.end, merged.label) == (helmets.start, helmets.end, helmets.label)


def test_documents_already_in_the_review_are_matched_not_added_again(review, alice, bob):
    existing = Document(new_id(), TEXTS["latakia"], title="from the reviewer")
    review.add_documents([existing])
    merge_projects(review, [alice, bob])
    assert review.document_count() == 3
    assert document(review, "latakia").id == existing.id
    assert len(review.spans(existing.id, "alice")) == 2


def test_merging_the_same_file_again_changes_nothing(review, alice, bob):
    merge_projects(review, [alice, bob])
    before = rows(review)
    report = merge_projects(review, [alice])
    assert rows(review) == before
    assert not report.changed
    assert report.layers_unchanged == 2


def test_the_same_file_twice_in_one_merge_counts_once(review, alice):
    merge_projects(review, [alice, alice])
    assert layer(review, "latakia", "alice") == [
        ("Gunmen loyal to Assad", "actor"),
        ("Latakia", "location"),
    ]


def test_a_newer_file_replaces_the_annotators_layer_instead_of_duplicating(review, alice, bob):
    merge_projects(review, [alice, bob])

    def more_work(store: Store) -> None:
        store.delete_span(span_of(store, "alice", "Latakia").id)
        latakia = document(store, "latakia")
        start = TEXTS["latakia"].index("a war monitor")
        store.add_span(
            Span(new_id(), latakia.id, "alice", start, start + 13, "source", "a war monitor")
        )

    edit_file(alice, more_work)
    report = merge_projects(review, [alice])
    assert layer(review, "latakia", "alice") == [
        ("Gunmen loyal to Assad", "actor"),
        ("a war monitor", "source"),
    ]
    assert layer(review, "latakia", "bob") == [
        ("Gunmen loyal to Assad", "actor"),
        ("Latakia", "actor"),
    ]
    assert layer(review, "idlib", "alice") == [("Idlib", "location")]
    assert (report.layers_replaced, report.layers_unchanged) == (1, 1)


def test_documents_in_one_file_only_are_reported(review, tmp_path):
    first = make_file(tmp_path / "a.annotator", "alice", {}, ("latakia", "idlib"))
    second = make_file(tmp_path / "b.annotator", "bob", {}, ("latakia", "fasher"))
    report = merge_projects(review, [first, second])
    assert report.only_in == {str(first): ["idlib"], str(second): ["fasher"]}
    assert any("only in" in line and "idlib" in line for line in report.summary())
    assert review.document_count() == 3


def test_the_annotators_files_are_left_untouched(review, alice, bob):
    digests = [file_digest(alice), file_digest(bob)]
    merge_projects(review, [alice, bob])
    assert [file_digest(alice), file_digest(bob)] == digests
    assert not [p.name for p in alice.parent.iterdir() if p.name.endswith(".bak")]


def test_an_older_annotators_file_is_read_without_being_upgraded(review, alice, bob):
    conn = sqlite3.connect(alice)
    # Back to schema 3: migration 5's list index and columns, then migration 4's table, undone.
    conn.execute("DROP INDEX documents_in_list_order")
    conn.execute("ALTER TABLE documents DROP COLUMN text_length")
    conn.execute("ALTER TABLE documents DROP COLUMN date")
    conn.execute("DROP TABLE decisions")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    digest = file_digest(alice)
    merge_projects(review, [alice, bob])
    assert layer(review, "idlib", "alice") == [("Idlib", "location")]
    assert file_digest(alice) == digest
    assert not [p.name for p in alice.parent.iterdir() if p.name.endswith(".bak")]


def test_progress_counts_up_to_its_total(review, alice, bob):
    calls = []
    merge_projects(review, [alice, bob], progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (1, 4) and calls[-1] == (4, 4)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_a_gold_layer_in_an_annotators_file_is_left_out(review, tmp_path):
    path = make_file(tmp_path / "reviewed.annotator", "alice", ALICE)
    store = Store.open(path)
    doc = document(store, "idlib")
    store.add_decision(add(doc.id, doc.text, 0, 10, "actor", reviewer="someone"))
    store.close()
    report = merge_projects(review, [path])
    assert review.spans(document(review, "idlib").id, GOLD_LAYER) == []
    assert report.gold_ignored == [str(path)]


# -- decisions survive re-merging -----------------------------------------------------------------


def adjudicate_latakia(review: Store) -> tuple[str, str]:
    doc = document(review, "latakia")
    layers = {n: s for n, s in review.layers(doc.id).items() if n != GOLD_LAYER}
    gunmen, latakia = candidate_sets(doc.id, layers)[:2]
    agreed = choose(gunmen, gunmen.versions[0], reviewer="rita")
    location = next(v for v in latakia.versions if v.label == "location")
    chosen = choose(latakia, location, reviewer="rita", comment="a city")
    review.add_decision(agreed)
    review.add_decision(chosen)
    return agreed.id, chosen.id


def test_re_merging_keeps_decisions_and_flags_those_whose_spans_changed(review, alice, bob):
    merge_projects(review, [alice, bob])
    agreed, chosen = adjudicate_latakia(review)

    def relabel(store: Store) -> None:
        span = span_of(store, "alice", "Latakia")
        store.update_span(replace(span, label="actor"))

    edit_file(alice, relabel)
    report = merge_projects(review, [alice])
    assert report.stale_decisions == [chosen]
    stale = {d.id: d.stale for d in review.decisions()}
    assert stale == {agreed: False, chosen: True}
    assert [s.text for s in review.spans(document(review, "latakia").id, GOLD_LAYER)] == [
        "Gunmen loyal to Assad",
        "Latakia",
    ]
    doc = document(review, "latakia")
    layers = {n: s for n, s in review.layers(doc.id).items() if n != GOLD_LAYER}
    again = pending(candidate_sets(doc.id, layers), review.decisions(doc.id))
    assert [s.versions[0].text for s in again] == ["Latakia"]


def test_a_vanished_source_span_makes_its_decision_stale(review, alice, bob):
    merge_projects(review, [alice, bob])
    agreed, chosen = adjudicate_latakia(review)
    edit_file(
        alice, lambda store: store.delete_span(span_of(store, "alice", "Gunmen loyal to Assad").id)
    )
    merge_projects(review, [alice])
    assert {d.id: d.stale for d in review.decisions()} == {agreed: True, chosen: False}


def test_re_merging_unchanged_work_leaves_decisions_as_they_were(review, alice, bob):
    merge_projects(review, [alice, bob])
    adjudicate_latakia(review)
    before = rows(review)
    merge_projects(review, [bob, alice])
    assert rows(review) == before


# -- bad input: refused, the review project unchanged -------------------------------------------


def refused(review: Store, paths: list[Path], match: str, **options) -> str:
    before = rows(review)
    with pytest.raises(MergeError, match=match) as caught:
        merge_projects(review, paths, **options)
    assert rows(review) == before
    return str(caught.value)


@pytest.fixture
def merged(review, alice, bob):
    merge_projects(review, [alice, bob])
    return review


def per_labels(tmp_path: Path) -> Path:
    labels = [
        Label("PER", "Person", "#000000", "1") if lab.key == "actor" else lab
        for lab in default_labels()
    ]
    work = {"latakia": [("Gunmen loyal to Assad", "PER"), ("Latakia", "location")]}
    return make_file(tmp_path / "chen.annotator", "chen", work, labels=labels)


def test_a_file_with_another_label_schema_is_refused_naming_the_labels(merged, tmp_path):
    message = refused(merged, [per_labels(tmp_path)], "label schema")
    assert "PER" in message and "actor" in message and "--map" in message


def test_label_schemas_of_files_in_one_merge_must_match(review, alice, tmp_path):
    message = refused(review, [alice, per_labels(tmp_path)], "label schema")
    assert "alice.annotator" in message and "PER" in message


def test_a_label_map_brings_another_schema_in(merged, tmp_path):
    merge_projects(merged, [per_labels(tmp_path)], label_map={"PER": "actor"})
    assert layer(merged, "latakia", "chen") == [
        ("Gunmen loyal to Assad", "actor"),
        ("Latakia", "location"),
    ]
    assert "PER" not in {label.key for label in merged.labels()}


def test_a_new_review_project_takes_the_files_labels(review, tmp_path):
    labels = [*default_labels(), Label("weapon", "Weapon", "#123456", "5")]
    path = make_file(
        tmp_path / "w.annotator", "alice", {"idlib": [("Airstrikes", "weapon")]}, labels=labels
    )
    merge_projects(review, [path])
    assert "weapon" in {label.key for label in review.labels()}
    assert layer(review, "idlib", "alice") == [("Airstrikes", "weapon")]


def test_a_file_from_a_newer_annotator_is_refused(merged, tmp_path, alice):
    newer = tmp_path / "newer.annotator"
    shutil.copy(alice, newer)
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    message = refused(merged, [newer], "newer Annotator")
    assert "newer.annotator" in message


def test_one_annotator_with_different_work_in_two_files_is_refused(review, alice, tmp_path):
    older = tmp_path / "alice-old.annotator"
    shutil.copy(alice, older)
    edit_file(alice, lambda store: store.delete_span(span_of(store, "alice", "Idlib").id))
    message = refused(review, [older, alice], "different work")
    assert "'alice'" in message and "idlib" in message
    assert "alice-old.annotator" in message and "alice.annotator" in message


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"Gunmen loyal to Assad killed 14 people", "not a SQLite database"),
        (
            b"SQLite format 3\x00" + b"\x00" * 80 + b"garbage" * 100,
            "cannot be read|damaged|integrity",
        ),
        (b"", "empty"),
    ],
)
def test_a_corrupt_or_foreign_file_is_refused(merged, tmp_path, alice, content, reason):
    bad = tmp_path / "bad.annotator"
    bad.write_bytes(content)
    message = refused(merged, [alice, bad], reason)
    assert "bad.annotator" in message


def test_a_sqlite_file_that_is_not_a_project_is_refused(merged, tmp_path):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE things (x)")
    conn.commit()
    conn.close()
    refused(merged, [other], "not an Annotator project")


def test_a_missing_file_and_the_review_itself_are_refused(merged, tmp_path):
    refused(merged, [tmp_path / "nowhere.annotator"], "missing")
    refused(merged, [merged.path], "review project itself")


def test_a_failure_while_writing_leaves_nothing_merged(merged, tmp_path):
    path = make_file(tmp_path / "dana.annotator", "dana", {"fasher": [("El Fasher", "location")]})
    merged.db.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON spans WHEN NEW.annotator = 'dana' "
        "BEGIN SELECT RAISE(ABORT, 'disk says no'); END"
    )
    refused(merged, [path], "nothing was merged")
