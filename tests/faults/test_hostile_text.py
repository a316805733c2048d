"""Hostile content: HTML in notes and labels shows as typed; Qt offsets agree with ours on any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QTextDocument
from ui.conftest import key, open_seed, stored_spans

from annotator.model import Label, normalise_text
from annotator.ui.offsets import Utf16Map

HOSTILE = "<b>x</b> <img src=x> &amp;"


def shown(tooltip: str) -> str:
    """What a tooltip displays: Qt renders it as HTML when it looks like HTML."""
    if not QtGui.Qt.mightBeRichText(tooltip):
        return tooltip
    document = QTextDocument()
    document.setHtml(tooltip)
    return document.toPlainText()


def test_a_note_with_html_shows_literally_in_the_span_list(qtbot, window):
    doc_id = open_seed(window, "000_")
    text = window.session.store.document(doc_id).text
    start = text.index("ambush")
    window.view.select_offsets(start, start + len("ambush"))
    key(qtbot, window, Qt.Key.Key_1)
    window.editor.set_note(HOSTILE)
    assert stored_spans(window, doc_id)[0].note == HOSTILE
    model = window.span_model
    tooltip = model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole)
    assert shown(tooltip) == HOSTILE


def test_a_label_description_with_html_shows_literally_in_the_palette(window):
    window.palette.set_labels([Label("actor", "Actor", "#123456", "1", HOSTILE)])
    buttons = [w for w in window.palette.children() if hasattr(w, "toolTip") and w.toolTip()]
    tips = [shown(w.toolTip()) for w in buttons]
    assert HOSTILE in tips


TEXTS = (
    st.lists(
        st.one_of(
            st.sampled_from(list("\U0001f642\U0001f1f8\u0301\u0627\u05e9\u2028\u2029\n\x00 a")),
            st.characters(codec="utf-8", exclude_categories=("Cs",)),
        ),
        max_size=40,
    )
    .map("".join)
    .map(normalise_text)
)


@settings(max_examples=60, deadline=None)
@given(text=TEXTS)
def test_utf16_map_agrees_with_a_qt_document(qapp, text):
    document = QTextDocument()
    document.setPlainText(text)
    offsets = Utf16Map(text)
    assert document.characterCount() - 1 == offsets.length_u16
    cursor = QTextCursor(document)
    for i in range(len(text) + 1):
        cursor.setPosition(offsets.to_utf16(i))
        assert offsets.to_codepoint(cursor.position()) == i
        if i < len(text) and ord(text[i]) < 0x10000 and text[i] not in "\n\u2029":
            assert document.characterAt(cursor.position()) == text[i]
