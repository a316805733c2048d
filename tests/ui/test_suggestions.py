"""Suggestions in the window: dashed outlines, Y accepts into the store, X rejects for good."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from .conftest import key, open_seed, stored_spans

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def whole_words(text: str, word: str) -> list[int]:
    return [
        i
        for i in range(len(text))
        if text.startswith(word, i)
        and not (i and text[i - 1].isalnum())
        and not (i + len(word) < len(text) and text[i + len(word)].isalnum())
    ]


def label_at(qtbot, window, start: int, length: int, label_key) -> None:
    window.view.select_offsets(start, start + length)
    key(qtbot, window, label_key)


def suggested(window) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.label) for s in window.workday.suggestions.suggestions]


def wait_for_suggestions(qtbot, window, expected) -> None:
    qtbot.waitUntil(lambda: suggested(window) == expected, timeout=15000)


def test_labelled_text_is_suggested_elsewhere_and_y_accepts_x_rejects(qtbot, window):
    window.workday.use_gazetteer.trigger()  # only what the annotator labelled: predictable
    doc_id = open_seed(window, "000_")
    text = window.session.store.document(doc_id).text
    first, *others = whole_words(text, "Syria")  # not "Syrian"
    label_at(qtbot, window, first, 5, Qt.Key.Key_2)
    assert len(others) == 4
    wait_for_suggestions(qtbot, window, [(i, i + 5, "location") for i in others])
    assert len(stored_spans(window, doc_id)) == 1  # suggestions are not spans
    assert [s.start for s in window.workday.suggestions.overlay.spans] == others

    key(qtbot, window, Qt.Key.Key_Home, CTRL)
    key(qtbot, window, Qt.Key.Key_F8)
    assert window.view.cursor_offset() == others[0]
    key(qtbot, window, Qt.Key.Key_Y)
    spans = stored_spans(window, doc_id)
    assert sorted((s.start, s.label) for s in spans) == [
        (first, "location"),
        (others[0], "location"),
    ]
    assert all(text[s.start : s.end] == s.text == "Syria" for s in spans)
    assert suggested(window) == [(i, i + 5, "location") for i in others[1:]]

    key(qtbot, window, Qt.Key.Key_X)  # the cursor moved past the accepted one: this is the next
    store = window.session.store
    assert store.rejected_suggestions(doc_id, "alice") == {("Syria", "location")}
    assert suggested(window) == []  # rejected for this text and label: all of them go
    assert len(stored_spans(window, doc_id)) == 2


def test_rejection_survives_reopening_and_undo_brings_it_back(qtbot, window):
    window.workday.use_gazetteer.trigger()
    doc_id = open_seed(window, "000_")
    text = window.session.store.document(doc_id).text
    first, second = whole_words(text, "Alawite")[:2]
    label_at(qtbot, window, first, 7, Qt.Key.Key_1)
    later = [(i, i + 7, "actor") for i in whole_words(text, "Alawite")[1:]]
    wait_for_suggestions(qtbot, window, later)
    window.view.select_offsets(second + 2, second + 2)  # the cursor inside the suggestion
    key(qtbot, window, Qt.Key.Key_X)
    wait_for_suggestions(qtbot, window, [])
    open_seed(window, "001_")
    open_seed(window, "000_")
    qtbot.wait(300)
    wait_for_suggestions(qtbot, window, [])
    key(qtbot, window, Qt.Key.Key_Z, CTRL)  # undo the rejection
    assert window.session.store.rejected_suggestions(doc_id, "alice") == set()
    wait_for_suggestions(qtbot, window, later)


def test_label_all_occurrences_previews_then_labels_the_ticked_ones(qtbot, window):
    window.workday.use_gazetteer.trigger()
    doc_id = open_seed(window, "000_")
    text = window.session.store.document(doc_id).text
    first, *others = whole_words(text, "Assad")
    label_at(qtbot, window, first, 5, Qt.Key.Key_1)
    key(qtbot, window, Qt.Key.Key_L, CTRL | SHIFT)
    preview = window.findChild(QDialog, "occurrencePreview")
    assert preview.isVisible() and preview.list.count() == len(others)
    preview.list.item(0).setCheckState(Qt.CheckState.Unchecked)
    qtbot.keyClick(preview.list, Qt.Key.Key_Return)
    spans = stored_spans(window, doc_id)
    assert sorted(s.start for s in spans) == [first, *others[1:]]
    assert {s.text for s in spans} == {"Assad"}
    key(qtbot, window, Qt.Key.Key_Z, CTRL)  # one undo takes the whole batch back
    assert len(stored_spans(window, doc_id)) == 1
