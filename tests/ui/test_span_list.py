"""The span list beside the text: its cells, and the row of a span found after edits."""

from __future__ import annotations

from PySide6.QtCore import Qt

from .conftest import key, open_seed

CTRL = Qt.KeyboardModifier.ControlModifier


def label_words(qtbot, window, text: str, words: str, label_key) -> None:
    start = text.index(words)
    window.view.select_offsets(start, start + len(words))
    key(qtbot, window, label_key)


def cells(window, row: int) -> list:
    model = window.span_model
    return [model.index(row, column).data() for column in range(model.columnCount())]


def test_rows_follow_labels_and_undo_in_reading_order(qtbot, window):
    doc_id = open_seed(window, "000_")
    text = window.session.store.document(doc_id).text
    label_words(qtbot, window, text, "Qardaha", Qt.Key.Key_2)
    label_words(qtbot, window, text, "An ambush", Qt.Key.Key_1)
    model = window.span_model
    start = text.index("Qardaha")
    assert cells(window, 0) == ["Actor", "An ambush", f"0–{len('An ambush')}", ""]
    assert cells(window, 1) == ["Location", "Qardaha", f"{start}–{start + len('Qardaha')}", ""]
    assert model.index(0, 1).data(Qt.ItemDataRole.FontRole) is None
    ambush = model.index(0, 0).data(Qt.ItemDataRole.UserRole)
    qardaha = model.index(1, 0).data(Qt.ItemDataRole.UserRole)
    assert (model.row_of(ambush), model.row_of(qardaha)) == (0, 1)
    assert window.span_list.currentIndex().row() == 0  # the span just made is selected

    key(qtbot, window, Qt.Key.Key_Z, CTRL)  # "An ambush" goes
    assert model.rowCount() == 1
    assert (model.row_of(ambush), model.row_of(qardaha)) == (-1, 0)
