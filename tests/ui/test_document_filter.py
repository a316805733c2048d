"""The document list narrows as you type (title words) and by status, from the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.store import DocumentSummary
from annotator.ui.document_filter import matching

from .conftest import open_seed

CTRL = Qt.KeyboardModifier.ControlModifier


def titles(window) -> list[str]:
    return [row.title for row in window.documents.rows]


def focus_filter(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.view, Qt.Key.Key_L, CTRL)
    assert QApplication.focusWidget() is window.document_filter.field


def choose(qtbot, combo, text: str) -> None:
    """Arrow keys step a closed combo box, as a person without the mouse would."""
    target = combo.findText(text)
    key = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, key)
    assert combo.currentText() == text


def test_typing_narrows_the_list_and_enter_opens_the_first_match(qtbot, window):
    open_seed(window, "000_")
    focus_filter(qtbot, window)
    qtbot.keyClicks(window.document_filter.field, "IDLIB posts")  # any case, any order
    assert titles(window) == [
        "Posts circulating on messaging apps on Thursday showed residents of Idlib…"
    ]
    assert window.document_filter.count.text() == "1 of 5 documents"
    qtbot.keyClick(window.document_filter.field, Qt.Key.Key_Return)
    assert window.windowTitle().startswith("Posts circulating")
    assert QApplication.focusWidget() is window.view
    assert window.document_list.currentIndex().row() == 0


def test_status_filter_and_counts_follow_edits_made_while_filtered(qtbot, window):
    document_id = open_seed(window, "001_")
    focus_filter(qtbot, window)
    qtbot.keyClicks(window.document_filter.field, "latakia")
    qtbot.keyClick(window.document_filter.field, Qt.Key.Key_Return)
    text = window.session.store.document(document_id).text
    start = text.index("Residents")
    window.view.select_offsets(start, start + len("Residents"))
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    qtbot.keyClick(window.view, Qt.Key.Key_D, CTRL)  # done

    focus_filter(qtbot, window)
    window.document_filter.field.clear()
    combo = window.document_filter.status
    qtbot.keyClick(window.document_filter.field, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is combo
    choose(qtbot, combo, "Done")
    (row,) = window.documents.rows
    assert (row.id, row.status, row.span_count) == (document_id, "done", 1)
    assert window.document_list.currentIndex().row() == 0  # the open document stays selected

    choose(qtbot, combo, "Not done")
    assert len(window.documents.rows) == 4 and document_id not in {
        r.id for r in window.documents.rows
    }
    choose(qtbot, combo, "Any status")
    assert len(window.documents.rows) == 5
    assert window.document_filter.count.isHidden()
    qtbot.keyClick(combo, Qt.Key.Key_Escape)  # back to the text, as from the field
    assert QApplication.focusWidget() is window.view


def test_matching_is_plain_words_in_titles():
    rows = [
        DocumentSummary("a", "Shelling in Idlib", "done", 3, 10, ""),
        DocumentSummary("b", "Idlib: new clashes", "new", 0, 10, ""),
        DocumentSummary("c", "Aleppo", "in_progress", 1, 10, ""),
    ]
    assert [r.id for r in matching(rows, "idlib", frozenset())] == ["a", "b"]
    assert [r.id for r in matching(rows, "idlib clash", frozenset())] == ["b"]
    assert [r.id for r in matching(rows, "", frozenset({"new", "in_progress"}))] == ["b", "c"]
    assert matching(rows, "(", frozenset()) == []  # no pattern syntax
