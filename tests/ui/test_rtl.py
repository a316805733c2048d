"""Right-to-left and mixed scripts: Arabic paragraphs laid out RTL, labelled by keyboard and mouse
at the offsets Python slices give."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from .conftest import key, open_seed, stored_spans

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ARABIC_PARAGRAPH = "قال ناشطون محليون"


def caret_point(window, offset: int) -> QPoint:
    """Where the caret for a code-point offset is drawn, in viewport pixels."""
    cursor = QTextCursor(window.view.document())
    cursor.setPosition(window.view.layer.offsets.to_utf16(offset))
    return window.view.cursorRect(cursor).center()


def inside(window, offset: int) -> QPoint:
    """The middle of the character at `offset` (not at a direction change: carets are ambiguous
    where Arabic meets Latin)."""
    left, right = caret_point(window, offset), caret_point(window, offset + 1)
    return QPoint((left.x() + right.x()) // 2, left.y())


def drag(qtbot, window, start: QPoint, end: QPoint) -> None:
    viewport = window.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, pos=end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def test_arabic_paragraph_runs_right_to_left_and_english_left_to_right(window):
    doc_id = open_seed(window, "001_")
    text = window.session.store.document(doc_id).text
    document = window.view.document()
    arabic = document.findBlock(window.view.layer.offsets.to_utf16(text.index(ARABIC_PARAGRAPH)))
    english = document.firstBlock()
    assert arabic.textDirection() == Qt.LayoutDirection.RightToLeft
    assert english.textDirection() == Qt.LayoutDirection.LeftToRight
    middle = window.view.viewport().width() / 2
    assert caret_point(window, text.index(ARABIC_PARAGRAPH)).x() > middle  # starts at the right
    assert caret_point(window, 0).x() < middle


def test_keyboard_selection_in_arabic_labels_the_first_words(qtbot, window):
    doc_id = open_seed(window, "001_")
    text = window.session.store.document(doc_id).text
    start = text.index(ARABIC_PARAGRAPH)
    window.view.select_offsets(start, start)
    # In a right-to-left paragraph the left arrow moves forward through the text.
    key(qtbot, window, Qt.Key.Key_Left, CTRL | SHIFT, times=2)
    key(qtbot, window, Qt.Key.Key_1)
    (span,) = stored_spans(window, doc_id)
    assert span.text == text[span.start : span.end] == "قال ناشطون"
    assert span.start == start


def test_mouse_drag_over_an_arabic_word_labels_exactly_it(qtbot, window):
    doc_id = open_seed(window, "001_")
    text = window.session.store.document(doc_id).text
    start = text.index("طرطوس")  # inside the Arabic paragraph
    end = start + len("طرطوس")
    drag(qtbot, window, inside(window, start + 1), inside(window, end - 2))
    selected = window.view.selection_offsets()
    assert start < selected[0] < selected[1] < end  # the characters under the mouse
    key(qtbot, window, Qt.Key.Key_2)  # snapping takes the whole word
    (span,) = stored_spans(window, doc_id)
    assert (span.start, span.end, span.text) == (start, end, "طرطوس")


def test_mouse_drag_over_arabic_inside_english_labels_python_offsets(qtbot, window):
    doc_id = open_seed(window, "001_")
    text = window.session.store.document(doc_id).text
    start = text.index("محمود الحسن")
    end = start + len("محمود الحسن")
    drag(qtbot, window, inside(window, start + 1), inside(window, end - 2))
    key(qtbot, window, Qt.Key.Key_4)
    (span,) = stored_spans(window, doc_id)
    assert text[span.start : span.end] == span.text == "محمود الحسن"


def test_arabic_with_diacritics_keeps_its_marks_in_the_span(qtbot, window):
    doc_id = open_seed(window, "001_")
    text = window.session.store.document(doc_id).text
    name = "مُحَمَّد العلي"
    start = text.index(name)
    drag(qtbot, window, inside(window, start + 1), inside(window, start + len(name) - 2))
    key(qtbot, window, Qt.Key.Key_1)  # snapping widens to whole words, marks included
    (span,) = stored_spans(window, doc_id)
    assert (span.start, span.end) == (start, start + len(name))
    assert span.text == name
