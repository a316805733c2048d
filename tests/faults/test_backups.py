"""Rolling backups: taken on schedule, pruned to the newest N, restored safely into place."""

from __future__ import annotations

import pytest

from annotator.backups import (
    RollingBackups,
    backup_folder,
    list_backups,
    restore_backup,
    take_backup,
)
from annotator.model import Document, Span
from annotator.store import ProjectError, Store

TEXT = "Gunmen attacked a checkpoint near Latakia."


@pytest.fixture
def store(project_path):
    store = Store.open(project_path)
    store.add_documents([Document(id="doc", text=TEXT)])
    yield store
    store.close()


def add_word(store: Store, start: int, end: int, span_id: str) -> None:
    store.add_span(Span(span_id, "doc", "amal", start, end, "actor", TEXT[start:end]))


def span_ids(store: Store) -> set[str]:
    return {s.id for s in store.spans("doc")}


def test_backups_follow_edits_and_time_and_only_the_newest_are_kept(store):
    now = [0.0]
    rolling = RollingBackups(store, keep=3, every_edits=2, every_seconds=60, clock=lambda: now[0])
    rolling.take("open")
    assert rolling.edited() is None
    assert rolling.edited() is not None  # the second edit
    now[0] = 61.0
    assert rolling.edited() is not None  # a minute later, one edit is enough
    for _ in range(4):
        rolling.take()
    assert len(list_backups(store.path)) == 3


def test_a_backup_holds_the_project_as_it_was(store):
    add_word(store, 0, 6, "first")
    backup = take_backup(store)
    add_word(store, 7, 15, "second")
    copy = Store.read_copy(backup)
    assert span_ids(copy) == {"first"}
    copy.close()


def test_restore_puts_the_backup_in_place_and_keeps_what_was_there(store):
    add_word(store, 0, 6, "first")
    backup = take_backup(store)
    add_word(store, 7, 15, "second")
    before = restore_backup(store, backup)
    assert span_ids(store) == {"first"}
    reopened = Store.open(store.path)
    assert span_ids(reopened) == {"first"}
    reopened.close()
    saved = Store.read_copy(before)
    assert span_ids(saved) == {"first", "second"}
    saved.close()
    add_word(store, 18, 28, "after")  # the restored project takes edits as before
    assert span_ids(store) == {"first", "after"}


def test_a_damaged_backup_is_refused_and_nothing_changes(store):
    add_word(store, 0, 6, "first")
    backup = take_backup(store)
    backup.write_bytes(backup.read_bytes()[:1000])
    with pytest.raises(ProjectError, match="restore|cannot be read|damaged"):
        restore_backup(store, backup)
    assert span_ids(store) == {"first"}


def test_only_this_projects_backups_can_be_restored(store, tmp_path):
    stranger = tmp_path / "elsewhere.bak"
    stranger.write_bytes(b"")
    with pytest.raises(ProjectError, match="not one of this project's backups"):
        restore_backup(store, stranger)
    assert not backup_folder(store.path).exists()
