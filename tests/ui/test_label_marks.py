"""Label marks under spans: where they are drawn (bidi included), and that they follow edits
made with the keyboard although each block's marks are measured once and kept."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QTextLine
from PySide6.QtWidgets import QPlainTextEdit

from annotator.model import Span
from annotator.ui.label_marks import depths
from annotator.ui.span_geometry import character_extents, stretches_of, visual_runs

from .conftest import key, open_seed

CTRL = Qt.KeyboardModifier.ControlModifier
LEADING, TRAILING = QTextLine.Edge.Leading, QTextLine.Edge.Trailing


def merged_one_by_one(extents, lo, hi, touching=0.5):
    """The plain rule the stretches must give: every character's extent, sorted, merged
    where one starts within `touching` pixels of the ones before it."""
    runs = []
    for left, right in sorted(extents[lo:hi]):
        if runs and left <= runs[-1][1] + touching:
            runs[-1] = (runs[-1][0], max(right, runs[-1][1]))
        else:
            runs.append((left, right))
    return runs


# Characters as bidi lays them out: runs going right or left, zero-width marks, jumps.
character = st.tuples(
    st.sampled_from([-1, 1]),  # direction of travel
    st.sampled_from([0.0, 0.25, 3.0, 7.5, 9.0]),  # width; 0 is a combining mark
    st.sampled_from([0.0, 0.0, 0.0, 0.4, 0.6, -5.0, 40.0, -40.0]),  # gap before it
)


def laid_out(characters) -> list[tuple[float, float]]:
    extents, x = [], 200.0
    for direction, width, gap in characters:
        x += gap
        left, right = (x, x + width) if direction > 0 else (x - width, x)
        extents.append((left, right))
        x = right if direction > 0 else left
    return extents


@given(st.lists(character, min_size=1, max_size=30))
def test_stretches_give_the_same_runs_as_merging_every_character(characters):
    extents = laid_out(characters)
    stretches = stretches_of(extents)
    for lo in range(len(extents)):
        for hi in range(lo + 1, len(extents) + 1):
            assert visual_runs(extents, stretches, lo, hi) == merged_one_by_one(extents, lo, hi)


def marks_of(window, start: int):
    """The label marks measured for the block holding code-point offset `start`."""
    view = window.view
    window.view.viewport().repaint()
    block = view.document().findBlock(view.layer.offsets.to_utf16(start))
    return window.workday.label_marks.marks_in(block)


def x_of(window, offset: int) -> float:
    cursor = QTextCursor(window.view.document())
    cursor.setPosition(window.view.layer.offsets.to_utf16(offset))
    return window.view.cursorRect(cursor).center().x() - window.view.contentOffset().x()


def test_marks_follow_label_keys_nesting_and_undo(qtbot, window):
    doc_id = open_seed(window, "000_")
    text = window.session.store.document(doc_id).text
    claim = "a war monitor"  # short: on one line
    start = text.index(claim)
    assert marks_of(window, start) == []  # measured and kept before any span exists

    window.view.select_offsets(start, start + len(claim))
    key(qtbot, window, Qt.Key.Key_3)
    (outer,) = marks_of(window, start)
    assert (outer.label, outer.depth) == ("casualty_claim", 0)
    block_x = window.view.blockBoundingGeometry(
        window.view.document().findBlock(window.view.layer.offsets.to_utf16(start))
    ).x()
    assert abs(block_x + outer.left - x_of(window, start)) <= 2
    assert abs(block_x + outer.right - x_of(window, start + len(claim))) <= 2

    window.view.select_offsets(start, start + len("a war"))
    key(qtbot, window, Qt.Key.Key_4)
    marks = {mark.label: mark for mark in marks_of(window, start)}
    assert (marks["source"].depth, marks["casualty_claim"].depth) == (1, 0)
    assert marks["source"].right < marks["casualty_claim"].right

    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert [mark.label for mark in marks_of(window, start)] == ["casualty_claim"]


def test_marks_under_arabic_cover_the_labelled_word_only(qtbot, window):
    doc_id = open_seed(window, "001_")
    text = window.session.store.document(doc_id).text
    word = "طرطوس"
    start = text.index(word)
    window.view.select_offsets(start, start + len(word))
    key(qtbot, window, Qt.Key.Key_2)
    (mark,) = marks_of(window, start)
    edges = sorted([x_of(window, start), x_of(window, start + len(word))])
    block_x = window.view.blockBoundingGeometry(
        window.view.document().findBlock(window.view.layer.offsets.to_utf16(start))
    ).x()
    # Right to left: the word's first letter is at its right edge; the mark spans the word.
    assert abs(block_x + mark.left - edges[0]) <= 2 and abs(block_x + mark.right - edges[1]) <= 2


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 12)), max_size=40))
def test_depth_counts_the_other_spans_enclosing_each(bounds):
    spans = [
        Span(f"s{i}", "d", "a", start, start + length, "actor", "x" * length)
        for i, (start, length) in enumerate(bounds)
    ]
    enclosing = {
        span.id: sum(
            1
            for other in spans
            if other.id != span.id and other.start <= span.start and span.end <= other.end
        )
        for span in spans
    }
    assert depths(spans) == enclosing


MIXED = (
    "Gunmen attacked a checkpoint near Latakia, killing 14 people, a war monitor said. "
    "Residents of اللاذقية fled as officials said 14 قتلى were counted 🙂 🇸🇾.\n"
    "قال ناشطون محليون إن Latakia was shelled again on Friday morning near the port"
)


def test_characters_are_measured_at_their_leading_and_trailing_edges(qtbot):
    """Characters are measured asking for the leading edge by cursorToX's default: the same
    numbers as naming both edges, on Latin, Arabic and emoji lines."""
    view = QPlainTextEdit()
    qtbot.addWidget(view)
    view.resize(260, 600)
    view.setPlainText(MIXED)
    view.show()
    view.viewport().repaint()
    measured = 0
    block = view.document().firstBlock()
    while block.isValid():
        layout = block.layout()
        for number in range(layout.lineCount()):
            line = layout.lineAt(number)
            positions = range(line.textStart(), line.textStart() + line.textLength())
            named = [
                tuple(sorted(edge_x(line, i, edge) for edge in (LEADING, TRAILING)))
                for i in positions
            ]
            assert character_extents(line, positions) == named
            measured += len(named)
        block = block.next()
    assert measured >= len(MIXED) - 2  # every character but the block separator


def edge_x(line, position: int, edge) -> float:
    x = line.cursorToX(position, edge)
    return x[0] if isinstance(x, tuple) else x
