"""A full disk (SQLite's max_page_count): the failing action is reported and rolled back."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from ui.conftest import key, open_seed, stored_spans

from annotator.model import Document, Span
from annotator.store import ProjectError, Store

TEXT = "Gunmen attacked a checkpoint near Latakia, killing 14 people, a monitor said."


def fill_disk(store: Store) -> None:
    """From now on the file may not grow by a single page, as on a full disk."""
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")


def test_a_full_disk_fails_the_action_with_a_message_and_keeps_earlier_work(project_path):
    store = Store.open(project_path)
    store.add_documents([Document(id="doc", text=TEXT)])
    store.add_span(Span("kept", "doc", "amal", 0, 6, "actor", "Gunmen"))
    fill_disk(store)
    big = [Document(id=f"big-{i}", text=f"{i} " + "x" * 5000) for i in range(200)]
    with pytest.raises(ProjectError, match="not saved.*full"):
        store.add_documents(big)
    with pytest.raises(ProjectError, match="not saved.*full"):
        for i in range(500):  # small rows fit in free space for a while; then the disk is full
            store.add_span(
                Span(f"s{i}", "doc", "amal", 7, 15, "source", "attacked", note="n" * 500)
            )
    assert not store.db.conn.in_transaction
    store.close()
    reopened = Store.open(project_path)
    assert reopened.document_count() == 1
    assert "kept" in {s.id for s in reopened.spans("doc")}
    assert reopened.db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    reopened.close()


def test_the_ui_reports_a_full_disk_and_leaves_no_undo_step(qtbot, window):
    doc_id = open_seed(window, "000_")
    store = window.session.store
    text = store.document(doc_id).text
    words = [m.span() for m in re.finditer(r"[A-Za-z]{4,}", text)]
    failures: list[str] = []
    window.session.failed.connect(failures.append)
    fill_disk(store)
    before = window.undo_stack.count()
    for start, end in words:  # free space in the last pages takes a few spans; then it is full
        window.view.select_offsets(start, end)
        key(qtbot, window, Qt.Key.Key_2)
        if failures:
            break
    assert failures and "not saved" in failures[0] and "full" in failures[0]
    saved = window.undo_stack.count() - before
    assert len(stored_spans(window, doc_id)) == saved  # the failed span is not in the file
    assert len(window.view.layer) == saved  # nor on screen
    assert failures[0] in window.notice.text()
    store.db.execute("PRAGMA max_page_count = 1073741823")  # space freed: work goes on
    window.undo_stack.undo()
    assert len(stored_spans(window, doc_id)) == saved - 1
