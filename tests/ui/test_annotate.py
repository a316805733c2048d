"""Annotating by keyboard and mouse in the real window, checked against Python slices."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QInputDialog

from .conftest import key, open_seed, stored_spans

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def select_words(qtbot, window, words: int, skip_words: int = 0) -> None:
    key(qtbot, window, Qt.Key.Key_Home, CTRL)
    key(qtbot, window, Qt.Key.Key_Right, CTRL, times=skip_words)
    key(qtbot, window, Qt.Key.Key_Right, CTRL | SHIFT, times=words)


def test_document_view_has_focus_and_object_names(window):
    assert QApplication.focusWidget() is window.view
    for name in ("documentView", "documentList", "labelPalette", "spanList"):
        assert window.findChild(object, name) is not None, name


def test_keyboard_selection_and_label_key_make_a_span(qtbot, window):
    doc_id = open_seed(window, "000_")
    text = window.session.store.document(doc_id).text
    select_words(qtbot, window, words=2)
    key(qtbot, window, Qt.Key.Key_1)
    (span,) = stored_spans(window, doc_id)
    assert (span.label, span.start, span.end) == ("actor", 0, len("An ambush"))
    assert text[span.start : span.end] == span.text == "An ambush"
    assert window.span_model.rowCount() == 1
    assert window.documents.rows[window.documents.row_of(doc_id)].span_count == 1


@pytest.mark.parametrize(
    ("prefix", "needle"),
    [("002_", "🇸🇾"), ("002_", "💪"), ("001_", "اللاذقية"), ("001_", "محمود الحسن")],
)
def test_keyboard_labels_hard_text_at_python_offsets(qtbot, window, prefix, needle):
    doc_id = open_seed(window, prefix)
    text = window.session.store.document(doc_id).text
    start = text.index(needle)
    window.view.select_offsets(start, start + len(needle))
    key(qtbot, window, Qt.Key.Key_2)
    spans = stored_spans(window, doc_id)
    assert len(spans) == 1
    assert text[spans[0].start : spans[0].end] == spans[0].text
    assert needle in spans[0].text


def test_offsets_after_astral_characters_match_python(qtbot, window):
    """Selecting by keyboard after an emoji: Qt counts it twice, we count it once."""
    doc_id = open_seed(window, "002_")
    text = window.session.store.document(doc_id).text
    flag_end = text.index("🇸🇾") + 2
    cursor = window.view.textCursor()
    cursor.setPosition(window.view.layer.offsets.to_utf16(flag_end))
    window.view.setTextCursor(cursor)
    key(qtbot, window, Qt.Key.Key_Right, CTRL)  # to the next word
    key(qtbot, window, Qt.Key.Key_Right, CTRL | SHIFT, times=2)
    key(qtbot, window, Qt.Key.Key_3)
    (span,) = stored_spans(window, doc_id)
    assert span.start > flag_end
    assert text[span.start : span.end] == span.text
    assert span.text == " ".join(text[flag_end:].split()[:2])


def test_crlf_article_is_stored_with_lf_and_labels_its_second_paragraph(qtbot, window):
    doc_id = open_seed(window, "003_")
    text = window.session.store.document(doc_id).text
    assert "\r" not in text
    key(qtbot, window, Qt.Key.Key_Home, CTRL)
    key(qtbot, window, Qt.Key.Key_Down, times=1)
    while window.view.textCursor().block().blockNumber() < 2:
        key(qtbot, window, Qt.Key.Key_Down)
    key(qtbot, window, Qt.Key.Key_Right, CTRL | SHIFT, times=2)
    key(qtbot, window, Qt.Key.Key_4)
    (span,) = stored_spans(window, doc_id)
    second_paragraph = text.split("\n\n")[1]
    assert span.start == text.index(second_paragraph)
    assert span.text == " ".join(second_paragraph.split()[:2])


def _point_of(window, offset: int) -> QPoint:
    cursor = QTextCursor(window.view.document())
    cursor.setPosition(window.view.layer.offsets.to_utf16(offset))
    return window.view.cursorRect(cursor).center()


def test_mouse_drag_selects_and_label_button_labels(qtbot, window):
    doc_id = open_seed(window, "000_")
    text = window.session.store.document(doc_id).text
    start = text.index("Latakia")
    viewport = window.view.viewport()
    # Drag from inside "port" to inside "Latakia": snapping widens to whole words.
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=_point_of(window, start - 12))
    qtbot.mouseMove(viewport, _point_of(window, start + 3))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=_point_of(window, start + 3))
    assert window.view.textCursor().hasSelection()
    qtbot.mouseClick(window.palette.findChild(object, "label_location"), Qt.MouseButton.LeftButton)
    (span,) = stored_spans(window, doc_id)
    assert span.label == "location"
    assert span.text == "port city of Latakia"
    assert text[span.start : span.end] == span.text


def test_whitespace_or_empty_selection_is_refused_with_a_message(qtbot, window):
    doc_id = open_seed(window, "000_")
    text = window.session.store.document(doc_id).text
    gap = text.index("\n\n")
    window.view.select_offsets(gap, gap + 2)
    key(qtbot, window, Qt.Key.Key_1)
    assert stored_spans(window, doc_id) == []
    assert "white space" in window.statusBar().currentMessage()
    window.view.select_offsets(5, 5)
    key(qtbot, window, Qt.Key.Key_1)
    assert stored_spans(window, doc_id) == []
    assert "Select text first" in window.statusBar().currentMessage()


def test_snapping_can_be_turned_off(qtbot, window):
    doc_id = open_seed(window, "000_")
    window.snap_action.trigger()
    assert window.editor.snap_words is False
    window.view.select_offsets(3, 6)  # "amb" of "ambush"
    key(qtbot, window, Qt.Key.Key_1)
    (span,) = stored_spans(window, doc_id)
    assert span.text == "amb"
    assert window.settings.value("snapWords", type=bool) is False


def test_undo_and_redo_go_through_the_store(qtbot, window):
    doc_id = open_seed(window, "000_")
    select_words(qtbot, window, words=2)
    key(qtbot, window, Qt.Key.Key_1)
    assert len(stored_spans(window, doc_id)) == 1
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert stored_spans(window, doc_id) == []
    assert window.span_model.rowCount() == 0
    key(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    (span,) = stored_spans(window, doc_id)
    assert span.text == "An ambush"
    assert window.span_model.rowCount() == 1


def test_tab_selects_a_span_then_relabel_move_and_delete(qtbot, window):
    doc_id = open_seed(window, "000_")
    select_words(qtbot, window, words=2)
    key(qtbot, window, Qt.Key.Key_1)
    window.view.select_offsets(0, 0)
    window.view.set_current_span(None)
    key(qtbot, window, Qt.Key.Key_Tab)
    (span,) = stored_spans(window, doc_id)
    assert window.view.current_span_id == span.id

    key(qtbot, window, Qt.Key.Key_4)  # no selection: relabels the selected span
    assert stored_spans(window, doc_id)[0].label == "source"

    key(qtbot, window, Qt.Key.Key_Right, ALT | SHIFT)  # end one word right
    assert stored_spans(window, doc_id)[0].text == "An ambush on"
    key(qtbot, window, Qt.Key.Key_Right, ALT)  # start one word right
    assert stored_spans(window, doc_id)[0].text == "ambush on"

    key(qtbot, window, Qt.Key.Key_Delete)
    assert stored_spans(window, doc_id) == []
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    restored = stored_spans(window, doc_id)
    assert [(s.id, s.text, s.label) for s in restored] == [(span.id, "ambush on", "source")]
    for _ in range(3):
        key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert [(s.text, s.label) for s in stored_spans(window, doc_id)] == [("An ambush", "actor")]


def test_nested_spans_are_drawn_and_clicks_cycle_through_them(qtbot, window):
    doc_id = open_seed(window, "000_")
    text = window.session.store.document(doc_id).text
    claim = "a war monitor estimates have killed more than 1,000 people"
    outer_start = text.index(claim)
    window.view.select_offsets(outer_start, outer_start + len(claim))
    key(qtbot, window, Qt.Key.Key_3)
    window.view.select_offsets(outer_start, outer_start + len("a war monitor"))
    key(qtbot, window, Qt.Key.Key_4)
    spans = {s.label: s for s in stored_spans(window, doc_id)}
    assert spans["source"].text == "a war monitor"

    block = window.view.document().findBlock(window.view.layer.offsets.to_utf16(outer_start))
    formats = block.layout().formats()
    inner_start = window.view.layer.offsets.to_utf16(outer_start) - block.position()
    nested = [f for f in formats if f.start == inner_start and f.format.fontUnderline()]
    assert nested, "the span inside another is underlined in the outer label's colour"

    window.view.set_current_span(None)
    point = _point_of(window, outer_start + 4)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.view.current_span_id == spans["source"].id
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.view.current_span_id == spans["casualty_claim"].id


def test_span_list_click_jumps_to_the_span(qtbot, window):
    doc_id = open_seed(window, "000_")
    text = window.session.store.document(doc_id).text
    start = text.index("Qardaha")
    window.view.select_offsets(start, start + len("Qardaha"))
    key(qtbot, window, Qt.Key.Key_2)
    window.view.select_offsets(0, 0)
    window.view.set_current_span(None)
    rect = window.span_list.visualRect(window.span_model.index(0, 1))
    qtbot.mouseClick(window.span_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    (span,) = stored_spans(window, doc_id)
    assert window.view.current_span_id == span.id
    assert window.view.cursor_offset() == start


def test_note_is_saved_and_undoable(qtbot, window, monkeypatch):
    doc_id = open_seed(window, "000_")
    select_words(qtbot, window, words=2)
    key(qtbot, window, Qt.Key.Key_1)
    key(qtbot, window, Qt.Key.Key_Tab)
    monkeypatch.setattr(
        QInputDialog, "getMultiLineText", lambda *args, **kwargs: ("check <b>source</b>", True)
    )
    key(qtbot, window, Qt.Key.Key_N)
    assert stored_spans(window, doc_id)[0].note == "check <b>source</b>"
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert stored_spans(window, doc_id)[0].note == ""


def test_mark_done_updates_store_list_and_is_undoable(qtbot, window):
    doc_id = open_seed(window, "000_")
    store = window.session.store
    key(qtbot, window, Qt.Key.Key_D, CTRL)
    assert store.status(doc_id, "alice") == "done"
    row = window.documents.row_of(doc_id)
    assert window.documents.index(row, 1).data() == "done ✓"
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert store.status(doc_id, "alice") == "new"


def test_last_document_and_geometry_are_restored(qtbot, project, settings):
    from annotator.ui.app import build_window

    first = build_window(project, "alice", settings)
    qtbot.addWidget(first)
    first.show()
    doc_id = open_seed(first, "002_")
    first.resize(640, 480)
    first.close()
    first.session.store.close()
    second = build_window(project, "alice", settings)
    qtbot.addWidget(second)
    assert second.document_id == doc_id
    assert (second.width(), second.height()) == (640, 480)
    second.close()
    second.session.store.close()


def test_annotators_do_not_see_each_others_spans(qtbot, window, project, settings):
    from annotator.ui.app import build_window

    doc_id = open_seed(window, "000_")
    select_words(qtbot, window, words=2)
    key(qtbot, window, Qt.Key.Key_1)
    bob = build_window(project, "bob", settings)
    qtbot.addWidget(bob)
    bob.open_document(doc_id)
    assert bob.span_model.rowCount() == 0
    assert len(bob.view.layer) == 0
    bob.close()
    bob.session.store.close()
