"""One project open twice never loses a write; damaged or unwritable files are refused untouched."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui.conftest import open_seed, stored_spans

from annotator.model import Document, Span
from annotator.store import ProjectError, Store
from annotator.ui.app import build_window

TEXT = "Gunmen attacked a checkpoint near Latakia, killing 14 people, a monitor said."


def test_two_stores_on_one_file_both_write_and_see_each_other(project_path):
    first = Store.open(project_path)
    first.add_documents([Document(id="doc", text=TEXT)])
    second = Store.open(project_path)
    first.add_span(Span("a", "doc", "amal", 0, 6, "actor", "Gunmen"))
    second.add_span(Span("b", "doc", "bo", 34, 41, "location", "Latakia"))
    assert {s.id for s in first.spans("doc")} == {s.id for s in second.spans("doc")} == {"a", "b"}
    first.close()
    second.close()


def second_window(qtbot, project, settings, annotator: str, doc_id: str):
    """Another instance of the app on the same project file, on the same document."""
    other = build_window(project, annotator, settings)
    qtbot.addWidget(other)
    other.show()
    qtbot.waitExposed(other)
    other.open_document(doc_id)
    return other


def test_two_windows_on_one_project_lose_no_write(qtbot, window, project, settings):
    doc_id = open_seed(window, "000_")
    other = second_window(qtbot, project, settings, "bo", doc_id)
    text = window.session.store.document(doc_id).text
    words = [m.span() for m in re.finditer(r"[A-Za-z]{5,}", text)][:4]
    for n, (start, end) in enumerate(words):
        label_in(qtbot, (window, other)[n % 2], start, end)
    alice = {(s.start, s.end) for s in stored_spans(window, doc_id)}
    bo = {(s.start, s.end) for s in other.session.store.spans(doc_id, "bo")}
    assert alice == set(words[0::2]) and bo == set(words[1::2])
    fresh = Store.open(project)
    assert len(fresh.spans(doc_id)) == 4
    fresh.close()
    other.close()
    other.session.store.close()


def label_in(qtbot, editor, start: int, end: int, key=Qt.Key.Key_1) -> None:
    editor.activateWindow()  # label keys are window shortcuts: they go to the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor, timeout=2000)
    editor.view.select_offsets(start, end)
    qtbot.keyClick(editor.view, key)


def shown(editor) -> set[tuple[int, int, str]]:
    """What a window shows: its span list, and the spans its text view paints."""
    listed = {(s.start, s.end, s.label) for s in editor.span_model.rows}
    painted = {(s.start, s.end, s.label) for s in editor.view.layer.ordered()}
    assert listed == painted
    return listed


def test_two_windows_of_one_annotator_show_each_others_edits(qtbot, window, project, settings):
    doc_id = open_seed(window, "000_")
    other = second_window(qtbot, project, settings, "alice", doc_id)  # the same person
    text = window.session.store.document(doc_id).text
    (a, b), (c, d) = [m.span() for m in re.finditer(r"[A-Za-z]{6,}", text)][:2]
    bar = other.view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 2)  # laid out
    bar.setValue(bar.maximum() // 2)  # away from both ends, which a late layout could move
    place = bar.value()

    label_in(qtbot, window, a, b)
    qtbot.waitUntil(lambda: (a, b, "actor") in shown(other), timeout=3000)  # the poll: 1 s
    assert bar.value() == place  # the reader's place is kept
    row = other.documents.row_of(doc_id)
    assert other.documents.rows[row].span_count == 1

    label_in(qtbot, other, c, d, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: (c, d, "location") in shown(window), timeout=3000)
    assert shown(window) == shown(other) == {(a, b, "actor"), (c, d, "location")}

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo a-b
    qtbot.waitUntil(lambda: shown(other) == {(c, d, "location")}, timeout=3000)
    assert {(s.start, s.end) for s in stored_spans(window, doc_id)} == {(c, d)}
    other.close()
    other.session.store.close()


def test_a_truncated_project_is_refused_and_left_as_it_was(project_path):
    store = Store.open(project_path)
    store.add_documents([Document(id=f"d{i}", text=f"{i} {TEXT}") for i in range(200)])
    store.close()
    data = project_path.read_bytes()
    project_path.write_bytes(data[: len(data) // 2])
    truncated = project_path.read_bytes()
    with pytest.raises(ProjectError, match="restore"):
        Store.open(project_path)
    assert project_path.read_bytes() == truncated


def test_a_project_in_a_read_only_folder_opens_read_only_or_says_why(project_path, monkeypatch):
    store = Store.open(project_path)
    store.add_documents([Document(id="doc", text=TEXT)])
    store.close()
    before = project_path.read_bytes()
    real_access = __import__("os").access
    monkeypatch.setattr(
        "annotator.store.os.access",
        lambda path, mode: False if mode & 2 else real_access(path, mode),
    )
    try:
        store = Store.open(project_path)
    except ProjectError as error:
        assert str(project_path) in str(error)
    else:
        assert store.readonly
        with pytest.raises(ProjectError, match="read-only"):
            store.add_span(Span("a", "doc", "amal", 0, 6, "actor", "Gunmen"))
        store.close()
    assert project_path.read_bytes() == before
