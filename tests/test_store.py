"""The project file: schema and migrations, spans and what each action changed, safety of writes."""

from __future__ import annotations

import os
import sqlite3
import threading
import uuid
from dataclasses import replace
from pathlib import Path

import pytest

import annotator.store as store_module
from annotator.model import Document, Label, Relation, Span, SpanError, Status, new_id
from annotator.shipped import default_labels
from annotator.store import GOLD, SCHEMA_VERSION, ProjectError, Store

TEXT = (
    "A war monitor said gunmen loyal to Bashar Assad killed 12 people near Latakia (اللاذقية) "
    "on Thursday 🇸🇾, the worst toll in months."
)


def at(inner: str, label: str, annotator: str = "amal", doc_id: str = "", text: str = TEXT):
    start = text.index(inner)
    return Span(
        id=new_id(),
        document_id=doc_id,
        annotator=annotator,
        start=start,
        end=start + len(inner),
        label=label,
        text=inner,
    )


@pytest.fixture
def doc(store) -> Document:
    document = Document(id=new_id(), text=TEXT, title="Latakia", meta={"date": "2024-02-06"})
    store.add_documents([document])
    return document


@pytest.fixture
def file_store(project_path):
    opened = Store.open(project_path)
    yield opened
    opened.close()


def raw(path: Path) -> sqlite3.Connection:
    """A second, independent connection: what another process would see on disk."""
    return sqlite3.connect(str(path))


def history_length(store: Store) -> int:
    return store.db.execute("SELECT COUNT(*) FROM history").fetchone()[0]


# -- schema and migrations ------------------------------------------------------------------


def test_new_project_has_the_current_schema_wal_and_default_labels(project_path):
    Store.open(project_path).close()
    conn = raw(project_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"documents", "spans", "relations", "labels", "statuses", "history"} <= tables
    conn.close()
    reopened = Store.open(project_path)
    assert reopened.labels() == default_labels()
    assert [lab.shortcut for lab in reopened.labels()] == ["1", "2", "3", "4"]
    reopened.close()


def test_reopening_does_not_migrate_or_seed_labels_again(project_path):
    first = Store.open(project_path)
    first.add_labels([Label("weapon", "Weapon", "#123456", "5")])
    first.close()
    second = Store.open(project_path)
    assert [lab.key for lab in second.labels()] == [
        *(lab.key for lab in default_labels()),
        "weapon",
    ]
    assert second.schema_version == SCHEMA_VERSION
    second.close()
    assert not list(project_path.parent.glob("*.bak"))


def test_a_project_with_its_own_labels_gets_them_not_the_defaults(project_path):
    labels = [Label("perpetrator", "Perpetrator", "#000000", "1")]
    Store.open(project_path, labels=labels).close()
    assert Store.open(project_path).labels() == labels


def test_an_older_project_is_backed_up_then_migrated(project_path, monkeypatch):
    old = Store.open(project_path)
    document = Document(id=new_id(), text=TEXT)
    old.add_documents([document])
    old.close()
    extra = "CREATE TABLE a_future_table (id TEXT PRIMARY KEY);"
    monkeypatch.setattr(store_module, "MIGRATIONS", [*store_module.MIGRATIONS, extra])
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)

    upgraded = Store.open(project_path)
    assert upgraded.schema_version == SCHEMA_VERSION + 1
    assert "a_future_table" in upgraded.db.table_names()
    assert upgraded.document(document.id).text == TEXT
    upgraded.close()

    backup = project_path.with_name(f"{project_path.name}.schema{SCHEMA_VERSION}.bak")
    conn = raw(backup)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT text FROM documents").fetchall() == [(TEXT,)]
    conn.close()


def test_a_newer_schema_is_refused_and_the_file_left_untouched(project_path):
    Store.open(project_path).close()
    conn = raw(project_path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = project_path.read_bytes()
    with pytest.raises(ProjectError, match="newer Annotator") as error:
        Store.open(project_path)
    assert str(project_path) in str(error.value)
    assert project_path.read_bytes() == before


def test_a_file_that_is_not_sqlite_is_refused_untouched(project_path):
    project_path.write_text("date 2024-02-06 an article saved with the wrong name\n")
    before = project_path.read_bytes()
    with pytest.raises(ProjectError, match="not a SQLite database") as error:
        Store.open(project_path)
    assert str(project_path) in str(error.value)
    assert project_path.read_bytes() == before


def test_a_sqlite_file_that_is_not_ours_is_refused_untouched(tmp_path):
    path = tmp_path / "browser-history.sqlite"
    conn = raw(path)
    conn.execute("CREATE TABLE visits (url TEXT)")
    conn.execute("INSERT INTO visits VALUES ('https://example.org')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(ProjectError, match="not an Annotator project") as error:
        Store.open(path)
    assert str(path) in str(error.value) and "visits" in str(error.value)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*-wal"))


def test_a_damaged_project_is_refused(project_path):
    project = Store.open(project_path)
    project.add_documents([Document(id=new_id(), text=TEXT * 200)])
    project.close()
    data = bytearray(project_path.read_bytes())
    data[4096:8192] = b"\xa5" * 4096
    project_path.write_bytes(bytes(data))
    with pytest.raises(ProjectError, match=str(project_path)):
        Store.open(project_path)


def test_a_folder_or_a_missing_file_is_refused(tmp_path):
    with pytest.raises(ProjectError, match="folder"):
        Store.open(tmp_path)
    with pytest.raises(ProjectError, match="does not exist"):
        Store.open(tmp_path / "missing.annotator", create=False)
    assert not (tmp_path / "missing.annotator").exists()


# -- documents ------------------------------------------------------------------------------


def test_documents_are_identified_by_text_hash_and_duplicates_reported(store):
    first = Document(id=new_id(), text=TEXT, title="one")
    report = store.add_documents([first])
    assert [d.id for d in report.added] == [first.id]
    again = Document(id=new_id(), text=TEXT, title="the same article, another file")
    other = Document(id=new_id(), text=TEXT + " Updated.")
    report = store.add_documents([again, other])
    assert [d.id for d in report.added] == [other.id]
    assert report.duplicates == [(again, first.id)]
    assert store.document_count() == 2
    assert store.document(first.id).title == "one"
    assert [d.id for d in store.documents()] == [first.id, other.id]


def test_document_ids_are_uuids_and_meta_round_trips(store):
    document = Document(id=new_id(), text=TEXT, meta={"date": "2024-02-06", "url": "https://x"})
    store.add_documents([document])
    stored = store.document(document.id)
    assert uuid.UUID(stored.id).version == 4
    assert stored == document


def test_spans_arriving_with_a_duplicate_document_attach_to_the_existing_one(store, doc):
    copy = Document(id=new_id(), text=TEXT)
    span = at("Latakia", "location", doc_id=copy.id)
    report = store.add_documents([copy], spans=[span])
    assert report.duplicates == [(copy, doc.id)]
    assert [s.id for s in store.spans(doc.id)] == [span.id]
    assert store.spans(doc.id)[0].document_id == doc.id


def test_adding_documents_with_one_bad_span_adds_nothing(store):
    document = Document(id=new_id(), text=TEXT)
    good = at("Latakia", "location", doc_id=document.id)
    bad = Span(**{**good.__dict__, "id": new_id(), "text": "Tartus"})
    with pytest.raises(SpanError, match=bad.id):
        store.add_documents([document], spans=[good, bad])
    assert store.document_count() == 0
    assert history_length(store) == 0


def test_document_summaries_follow_the_annotators_work(store, doc):
    store.add_span(at("Latakia", "location", doc_id=doc.id))
    summary = store.document_summaries("amal")[0]
    assert (summary.id, summary.status, summary.span_count) == (doc.id, "in_progress", 1)
    assert summary.length == len(TEXT) and summary.date == "2024-02-06"
    other = store.document_summaries("basil")[0]
    assert (other.status, other.span_count) == ("new", 0)


def test_the_document_list_reads_no_article_text(store):
    """10,000 articles of 5 KB: reading each text for its length took 80 of the list's 100 ms."""
    odd = Document(id="odd", text="Shelling\x00 in Idlib 🇸🇾", meta={"date": 2024})
    store.add_documents([Document(id="plain", text=TEXT, meta={"date": "2024-02-06"}), odd])
    read: set[tuple[str, str]] = set()

    def note(action, table, column, *_):
        if action == sqlite3.SQLITE_READ:
            read.add((table, column))
        return sqlite3.SQLITE_OK

    store.db.conn.set_authorizer(note)
    listed = {row.id: (row.length, row.date) for row in store.document_summaries("amal")}
    store.db.conn.set_authorizer(None)
    assert listed == {"plain": (len(TEXT), "2024-02-06"), "odd": (len(odd.text), "")}
    assert ("documents", "title") in read
    assert not read & {("documents", "text"), ("documents", "meta")}


# -- spans and the changes each action returns ----------------------------------------------


def test_add_span_returns_what_changed_and_stores_code_point_offsets(store, doc):
    span = at("Latakia (اللاذقية)", "location", doc_id=doc.id)
    changes = store.add_span(span)
    assert changes.document_id == doc.id
    assert [s.id for s in changes.spans_added] == [span.id]
    assert changes.status == Status.IN_PROGRESS.value
    assert not changes.spans_removed and not changes.spans_updated
    stored = store.span(span.id)
    assert TEXT[stored.start : stored.end] == "Latakia (اللاذقية)"
    assert stored.created and stored.updated == stored.created
    assert stored == changes.spans_added[0]


def test_spans_after_astral_characters_keep_code_point_offsets(store, doc):
    span = at("the worst toll", "casualty_claim", doc_id=doc.id)
    store.add_span(span)
    stored = store.span(span.id)
    assert stored.start == TEXT.index("the worst toll")
    assert TEXT[stored.start : stored.end] == "the worst toll"


def test_overlapping_and_nested_spans_are_allowed(store, doc):
    claim = at("A war monitor said gunmen", "casualty_claim", doc_id=doc.id)
    source = at("A war monitor", "source", doc_id=doc.id)
    actor = at("gunmen loyal to Bashar Assad", "actor", doc_id=doc.id)
    for span in (claim, source, actor):
        store.add_span(span)
    assert {s.id for s in store.spans(doc.id)} == {claim.id, source.id, actor.id}


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"text": "A war"}, "should cover"),
        ({"start": 0, "end": 0, "text": ""}, "empty"),
        ({"end": len(TEXT) + 5}, "outside"),
        ({"label": "weapon"}, "unknown label"),
        ({"annotator": GOLD}, "gold layer"),
        ({"document_id": "no-such-document"}, "no document"),
    ],
)
def test_invalid_spans_are_refused_and_nothing_is_written(store, doc, change, reason):
    span = Span(**{**at("A war monitor", "source", doc_id=doc.id).__dict__, **change})
    with pytest.raises(SpanError, match=reason):
        store.add_span(span)
    assert store.spans(doc.id) == []
    assert store.status(doc.id, "amal") == "new"


def test_update_span_keeps_id_and_created_and_returns_old_and_new(store, doc):
    span = at("war monitor", "actor", doc_id=doc.id)
    store.add_span(span)
    old = store.span(span.id)
    start = TEXT.index("A war monitor")
    wider = Span(
        **{
            **old.__dict__,
            "start": start,
            "text": "A war monitor",
            "label": "source",
            "note": "the monitor is the source of the toll",
            "attributes": {"confidence": "high"},
        }
    )
    changes = store.update_span(wider)
    ((before, after),) = changes.spans_updated
    assert before == old
    assert (after.id, after.start, after.label, after.created) == (
        span.id,
        start,
        "source",
        old.created,
    )
    assert store.span(span.id) == after
    assert store.span(span.id).attributes == {"confidence": "high"}


def test_update_span_with_text_that_does_not_match_changes_nothing(store, doc):
    span = at("Latakia", "location", doc_id=doc.id)
    store.add_span(span)
    before = store.span(span.id)
    history = history_length(store)
    with pytest.raises(SpanError):
        store.update_span(Span(**{**before.__dict__, "start": before.start + 1}))
    assert store.span(span.id) == before
    assert history_length(store) == history


def test_update_or_delete_of_a_missing_span_is_a_key_error(store, doc):
    with pytest.raises(KeyError):
        store.delete_span(new_id())
    with pytest.raises(KeyError):
        store.update_span(at("Latakia", "location", doc_id=doc.id))


def test_delete_span_removes_its_relations_and_undo_restores_both(store, doc):
    source = at("A war monitor", "source", doc_id=doc.id)
    claim = at("killed 12 people", "casualty_claim", doc_id=doc.id)
    store.add_span(source)
    relation = Relation(new_id(), doc.id, "amal", claim.id, source.id, "attributed_to")
    changes = store.add_span(claim, [relation])
    assert changes.relations_added == [relation]
    assert store.relations(doc.id) == [relation]

    deleted = store.delete_span(source.id)
    assert [s.id for s in deleted.spans_removed] == [source.id]
    assert deleted.relations_removed == [relation]
    assert store.relations(doc.id) == []
    assert [s.id for s in store.spans(doc.id)] == [claim.id]

    restored = store.add_span(deleted.spans_removed[0], deleted.relations_removed)
    assert store.span(source.id) == restored.spans_added[0]
    assert store.span(source.id).created == deleted.spans_removed[0].created
    assert store.relations(doc.id) == [relation]


def test_layers_are_separate_per_annotator(store, doc):
    store.add_span(at("Latakia", "location", annotator="amal", doc_id=doc.id))
    store.add_span(at("Bashar Assad", "actor", annotator="basil", doc_id=doc.id))
    assert [s.text for s in store.spans(doc.id, "amal")] == ["Latakia"]
    assert [s.text for s in store.spans(doc.id, "basil")] == ["Bashar Assad"]
    assert [s.text for s in store.spans(doc.id)] == ["Bashar Assad", "Latakia"]
    assert store.annotators() == ["amal", "basil"]


def test_a_layer_read_for_opening_has_every_field_each_span_was_stored_with(store, doc):
    """One layer's spans are read without their document and annotator columns: each field
    still equals what reading the span alone gives, attributes, note and times included."""
    store.add_span(at("Latakia", "location", annotator="amal", doc_id=doc.id))
    store.add_span(at("Bashar Assad", "actor", annotator="basil", doc_id=doc.id))
    noted = at("gunmen loyal to Bashar Assad", "actor", annotator="amal", doc_id=doc.id)
    store.add_span(replace(noted, attributes={"role": "perpetrator"}, note="see the map"))
    layer = store.spans(doc.id, "amal")
    assert [span.text for span in layer] == ["gunmen loyal to Bashar Assad", "Latakia"]
    for span in layer:
        assert vars(span) == vars(store.span(span.id))
        assert list(vars(span)) == list(Span.__dataclass_fields__)
    assert layer[0].attributes == {"role": "perpetrator"} and layer[0].note == "see the map"


# -- statuses -------------------------------------------------------------------------------


def test_status_moves_new_to_in_progress_on_edit_and_done_stays_done(store, doc):
    assert store.status(doc.id, "amal") == "new"
    store.add_span(at("Latakia", "location", doc_id=doc.id))
    assert store.status(doc.id, "amal") == "in_progress"
    changes = store.set_status(doc.id, "amal", "done")
    assert (changes.document_id, changes.status) == (doc.id, "done")
    changes = store.add_span(at("Bashar Assad", "actor", doc_id=doc.id))
    assert changes.status == "done"
    assert store.status(doc.id, "amal") == "done"
    assert store.status(doc.id, "basil") == "new"
    store.set_status(doc.id, "amal", "in_progress")
    assert store.status(doc.id, "amal") == "in_progress"


def test_an_unknown_status_is_refused_and_nothing_changes(store, doc):
    history = history_length(store)
    with pytest.raises(ValueError):
        store.set_status(doc.id, "amal", "finished")
    assert store.status(doc.id, "amal") == "new"
    assert history_length(store) == history


# -- history --------------------------------------------------------------------------------


def test_every_action_is_in_the_history_with_before_and_after(store, doc):
    span = at("Latakia", "location", doc_id=doc.id)
    store.add_span(span)
    store.update_span(Span(**{**store.span(span.id).__dict__, "note": "city"}))
    store.delete_span(span.id)
    store.set_status(doc.id, "amal", "done")
    entries = store.history()
    assert [e["action"] for e in entries[:4]] == [
        "set_status",
        "delete_span",
        "update_span",
        "add_span",
    ]
    assert entries[1]["entity_id"] == span.id and entries[1]["after"] is None
    assert '"city"' in entries[2]["after"] and '"city"' not in entries[2]["before"]
    assert [e["seq"] for e in entries] == sorted((e["seq"] for e in entries), reverse=True)


def test_history_refuses_update_and_delete(store, doc):
    store.add_span(at("Latakia", "location", doc_id=doc.id))
    before = store.history()
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.db.execute("UPDATE history SET action = 'forged'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.db.execute("DELETE FROM history")
    assert store.history() == before


# -- transactions ---------------------------------------------------------------------------


def traced(store: Store, action) -> list[str]:
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    try:
        action()
    finally:
        store.db.conn.set_trace_callback(None)
    return statements


def writes_inside_one_transaction(statements: list[str]) -> bool:
    kinds = [s.split()[0].upper() for s in statements]
    begins = [i for i, k in enumerate(kinds) if k == "BEGIN"]
    commits = [i for i, k in enumerate(kinds) if k == "COMMIT"]
    if len(begins) != 1 or len(commits) != 1:
        return False
    writes = [i for i, k in enumerate(kinds) if k in {"INSERT", "UPDATE", "DELETE"}]
    return bool(writes) and begins[0] < min(writes) and max(writes) < commits[0]


def test_each_action_is_exactly_one_transaction(store, doc):
    source = at("A war monitor", "source", doc_id=doc.id)
    claim = at("killed 12 people", "casualty_claim", doc_id=doc.id)
    relation = Relation(new_id(), doc.id, "amal", claim.id, source.id, "attributed_to")
    actions = [
        lambda: store.add_span(source),
        lambda: store.add_span(claim, [relation]),
        lambda: store.update_span(Span(**{**store.span(claim.id).__dict__, "note": "n"})),
        lambda: store.delete_span(source.id),
        lambda: store.set_status(doc.id, "amal", "done"),
        lambda: store.add_documents([Document(id=new_id(), text="Another article.")]),
        lambda: store.add_labels([Label("weapon", "Weapon", "#111111")]),
    ]
    for action in actions:
        assert writes_inside_one_transaction(traced(store, action))


@pytest.fixture(params=["memory", "file"])
def any_store(request, project_path):
    opened = Store.memory() if request.param == "memory" else Store.open(project_path)
    yield opened
    opened.close()


def test_a_failed_action_changes_nothing(any_store):
    store = any_store
    doc = Document(id=new_id(), text=TEXT)
    store.add_documents([doc])
    span = at("Latakia", "location", doc_id=doc.id)
    dangling = Relation(new_id(), doc.id, "amal", span.id, new_id(), "attributed_to")
    history = history_length(store)
    with pytest.raises(sqlite3.IntegrityError):
        store.add_span(span, [dangling])
    assert store.spans(doc.id) == []
    assert store.relations(doc.id) == []
    assert store.status(doc.id, "amal") == "new"
    assert history_length(store) == history
    assert not store.db.conn.in_transaction


def test_each_action_is_on_disk_for_another_connection_at_once(file_store, project_path):
    document = Document(id=new_id(), text=TEXT)
    file_store.add_documents([document])
    span = at("Latakia", "location", doc_id=document.id)
    file_store.add_span(span)
    other = raw(project_path)
    assert other.execute('SELECT id, start, "end", text FROM spans').fetchall() == [
        (span.id, span.start, span.end, "Latakia")
    ]
    other.close()


# -- read-only and locked project files ------------------------------------------------------


def test_a_read_only_project_opens_for_reading_and_refuses_edits(project_path, monkeypatch):
    project = Store.open(project_path)
    document = Document(id=new_id(), text=TEXT)
    project.add_documents([document])
    project.close()
    project_path.chmod(0o444)
    if os.access(project_path, os.W_OK):  # root may write anything: make the OS answer as for users
        real_access = os.access
        monkeypatch.setattr(
            store_module.os,
            "access",
            lambda p, mode: False if Path(p) == project_path else real_access(p, mode),
        )
    before = project_path.read_bytes()
    readonly = Store.open(project_path)
    assert readonly.readonly
    assert readonly.document(document.id).text == TEXT
    with pytest.raises(ProjectError, match="read-only") as error:
        readonly.add_span(at("Latakia", "location", doc_id=document.id))
    assert str(project_path) in str(error.value)
    with pytest.raises(ProjectError, match="read-only"):
        readonly.set_status(document.id, "amal", "done")
    readonly.close()
    assert project_path.read_bytes() == before


def test_a_locked_project_fails_the_action_clearly_and_loses_nothing(file_store, project_path):
    document = Document(id=new_id(), text=TEXT)
    file_store.add_documents([document])
    kept = at("A war monitor", "source", doc_id=document.id)
    file_store.add_span(kept)
    file_store.db.execute("PRAGMA busy_timeout = 100")

    other = sqlite3.connect(str(project_path), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    blocked = at("Latakia", "location", doc_id=document.id)
    with pytest.raises(ProjectError) as error:
        file_store.add_span(blocked)
    message = str(error.value)
    assert str(project_path) in message and "not saved" in message and "another program" in message
    assert not file_store.db.conn.in_transaction
    other.execute("ROLLBACK")
    other.close()

    assert [s.id for s in file_store.spans(document.id)] == [kept.id]
    file_store.add_span(blocked)
    assert {s.id for s in file_store.spans(document.id)} == {kept.id, blocked.id}


def test_an_action_waits_for_a_brief_lock_instead_of_failing(file_store, project_path):
    document = Document(id=new_id(), text=TEXT)
    other = sqlite3.connect(str(project_path), isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, lambda: other.execute("ROLLBACK"))
    release.start()
    try:
        # add_documents reads (labels, hashes) before it writes: it must still wait its turn.
        report = file_store.add_documents([document])
    finally:
        release.join()
        other.close()
    assert [d.id for d in report.added] == [document.id]
    assert file_store.document_count() == 1


# -- layers and info ------------------------------------------------------------------------


def test_iter_layer_gives_one_layer_or_all_with_statuses(store, doc):
    second = Document(id=new_id(), text="Shelling resumed in Jableh.")
    store.add_documents([second])
    store.add_span(at("Latakia", "location", annotator="amal", doc_id=doc.id))
    store.add_span(at("Bashar Assad", "actor", annotator="basil", doc_id=doc.id))
    store.set_status(doc.id, "amal", "done")

    amal = list(store.iter_layer("amal"))
    assert [item.document.id for item in amal] == [doc.id, second.id]
    assert [s.text for s in amal[0].spans] == ["Latakia"]
    assert [item.status for item in amal] == ["done", "new"]
    assert [item.document.id for item in store.iter_layer("amal", only_done=True)] == [doc.id]

    everyone = list(store.iter_layer(None))
    assert {s.annotator for s in everyone[0].spans} == {"amal", "basil"}
    assert everyone[0].status == {"amal": "done", "basil": "in_progress"}


def test_info_counts_documents_spans_labels_and_annotators(store, doc):
    store.add_span(at("Latakia", "location", annotator="amal", doc_id=doc.id))
    store.add_span(at("A war monitor", "source", annotator="amal", doc_id=doc.id))
    store.add_span(at("Bashar Assad", "actor", annotator="basil", doc_id=doc.id))
    store.set_status(doc.id, "basil", "done")
    info = store.info()
    assert info["documents"] == 1 and info["spans"] == 3 and info["relations"] == 0
    assert info["labels"] == {"actor": 1, "location": 1, "casualty_claim": 0, "source": 1}
    assert info["annotators"] == {
        "amal": {"spans": 2, "done": 0},
        "basil": {"spans": 1, "done": 1},
    }


def test_a_failure_anywhere_in_a_user_transaction_undoes_all_of_it(store, doc):
    kept = at("gunmen", "actor", doc_id=doc.id)
    store.add_span(kept)
    before = history_length(store)
    second = Document(id=new_id(), text="Shelling was reported in Idlib.", title="Idlib")
    with pytest.raises(SpanError):
        with store.transaction():
            store.add_documents([second])
            with store.transaction():  # joins the outer one
                store.add_span(at("Latakia", "location", doc_id=doc.id))
            store.add_span(at("nowhere", "location", doc_id=doc.id, text="nowhere " + TEXT))
    assert store.document_count() == 1
    assert [s.id for s in store.spans(doc.id)] == [kept.id]
    assert history_length(store) == before
    store.add_span(at("Latakia", "location", doc_id=doc.id))  # the store is usable after it
    assert len(store.spans(doc.id)) == 2
