"""Find in the document (Ctrl+F) and search the project (Ctrl+Shift+F), driven by keys and clicks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QListWidget

from .conftest import key, open_seed, stored_spans

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def selected_text(window) -> str:
    start, end = window.view.selection_offsets()
    return window.view.layer.text[start:end]


def test_ctrl_f_finds_next_and_previous_by_selecting_the_hit(qtbot, window):
    doc_id = open_seed(window, "000_")
    text = window.session.store.document(doc_id).text
    key(qtbot, window, Qt.Key.Key_F, CTRL)
    field = window.findChild(QLineEdit, "findField")
    assert field.hasFocus()
    qtbot.keyClicks(field, "latakia")
    first = text.index("Latakia")
    second = text.index("Latakia", first + 1)
    assert window.view.selection_offsets() == (first, first + 7)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.view.selection_offsets() == (second, second + 7)
    qtbot.keyClick(field, Qt.Key.Key_Return, SHIFT)
    assert window.view.selection_offsets() == (first, first + 7)
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is window.view
    key(qtbot, window, Qt.Key.Key_2)  # the found text is labelled like any selection
    (span,) = stored_spans(window, doc_id)
    assert (span.start, span.end, span.text) == (first, first + 7, "Latakia")


def test_find_bar_regex_and_bad_regex_message(qtbot, window):
    open_seed(window, "000_")
    key(qtbot, window, Qt.Key.Key_F, CTRL)
    bar = window.workday.find_bar
    bar.regex.click()
    qtbot.keyClicks(bar.field, r"\d[\d,]*")
    assert selected_text(window) == "1,000"
    bar.field.clear()
    qtbot.keyClicks(bar.field, "(")
    assert "not valid" in bar.status.text()


def test_find_in_arabic_text_selects_python_offsets(qtbot, window):
    doc_id = open_seed(window, "001_")
    text = window.session.store.document(doc_id).text
    key(qtbot, window, Qt.Key.Key_F, CTRL)
    window.workday.find_bar.field.insert("طرطوس")  # QTest cannot type Arabic; as if pasted
    start = text.index("طرطوس")
    assert window.view.selection_offsets() == (start, start + 5)


def test_project_search_lists_hits_and_a_click_opens_the_document_at_the_hit(qtbot, window):
    open_seed(window, "000_")
    key(qtbot, window, Qt.Key.Key_F, CTRL | SHIFT)
    field = window.findChild(QLineEdit, "searchField")
    assert field.hasFocus()
    qtbot.keyClicks(field, "Tartus")
    results = window.findChild(QListWidget, "searchResults")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: results.count() > 0)
    hits = [results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(results.count())]
    target = window.session.store.document(hits[0].document_id)
    assert target.meta["source_file"].startswith("001_")
    assert {h.document_id for h in hits} == {target.id}
    rect = results.visualItemRect(results.item(0))
    qtbot.mouseClick(results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.document_id == target.id
    assert window.view.selection_offsets() == (hits[0].start, hits[0].end)
    assert selected_text(window) == "Tartus"


def test_project_search_of_annotations_by_label_jumps_to_the_span(qtbot, window):
    doc_id = open_seed(window, "001_")
    text = window.session.store.document(doc_id).text
    start = text.index("Jableh")
    window.view.select_offsets(start, start + 6)
    key(qtbot, window, Qt.Key.Key_2)
    open_seed(window, "000_")
    key(qtbot, window, Qt.Key.Key_F, CTRL | SHIFT)
    panel = window.workday.search_panel
    scope = window.findChild(QComboBox, "searchScope")
    scope.setCurrentIndex(scope.findText("Annotations"))
    label = window.findChild(QComboBox, "searchLabel")
    label.setCurrentIndex(label.findData("location"))
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    results = panel.results
    qtbot.waitUntil(lambda: results.count() == 1)
    results.setCurrentRow(0)
    qtbot.keyClick(results, Qt.Key.Key_Return)
    assert window.document_id == doc_id
    assert window.view.current_span().text == "Jableh"
