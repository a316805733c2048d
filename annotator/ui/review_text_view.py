"""One layer of the review: a DocumentView with a bar in its margin beside each candidate set."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QTextCursor
from PySide6.QtWidgets import QWidget

from .document_view import DocumentView

MARK_X, MARK_WIDTH, CURRENT_WIDTH = 3, 5, 9


@dataclass(frozen=True)
class Mark:
    """A stretch [start, end) in code points, drawn as a bar in the left margin."""

    start: int
    end: int
    color: QColor
    current: bool = False


class ReviewTextView(DocumentView):
    """Spans are drawn by DocumentView; the margin bars show where each set is and how it stands.

    Bars are painted for the visible part only, so a long document costs what one screen does.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.marks: list[Mark] = []

    def set_marks(self, marks: list[Mark]) -> None:
        self.marks = marks
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.layer is None or not self.marks:
            return
        first = self.firstVisibleBlock().position()
        last = self.cursorForPosition(QPoint(0, self.viewport().height())).position()
        painter = QPainter(self.viewport())
        # The current set last, wider and outlined: it stays visible where sets share a line.
        for mark in sorted(self.marks, key=lambda m: m.current):
            start, end = (self.layer.offsets.to_utf16(p) for p in (mark.start, mark.end))
            if end < first or start > last:
                continue
            top = self._rect_at(start).top()
            bottom = self._rect_at(end).bottom()
            width = CURRENT_WIDTH if mark.current else MARK_WIDTH
            bar = QRect(MARK_X, top, width, max(bottom - top, 4))
            painter.fillRect(bar, mark.color)
            if mark.current:
                painter.setPen(QPen(QColor("#111827"), 1))
                painter.drawRect(bar.adjusted(0, 0, -1, -1))
        painter.end()

    def _rect_at(self, position: int) -> QRect:
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        return self.cursorRect(cursor)
