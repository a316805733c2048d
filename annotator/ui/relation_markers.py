"""Outlines around the spans linked to the selected one, and around a relation's target while
one is being picked. Painted over the visible text only, never as extra selections (DESIGN §4)."""

from __future__ import annotations

import re

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QTextLine

from ..model import Span
from .document_view import DocumentView

LINKED = QColor("#1F2933")  # dark outline: readable over every label tint
TARGET = QColor("#D7263D")  # the candidate an Enter would link to


class RelationMarkers:
    """Which spans to outline; the view calls `paint` after drawing its text."""

    def __init__(self, view: DocumentView) -> None:
        self.view = view
        self.linked: set[str] = set()
        self.target: str | None = None
        view.overlays.append(self.paint)

    def show(self, linked: set[str], target: str | None = None) -> None:
        if (linked, target) != (self.linked, self.target):
            self.linked, self.target = linked, target
            self.view.viewport().update()

    def paint(self, painter: QPainter, area: QRect) -> None:
        layer = self.view.layer
        if layer is None:
            return
        marks = [(sid, LINKED, Qt.PenStyle.SolidLine, 2) for sid in self.linked]
        if self.target:
            marks.append((self.target, TARGET, Qt.PenStyle.SolidLine, 3))  # dashed: suggestions
        for span_id, color, style, width in marks:
            span = layer.get(span_id)
            if span is None:
                continue
            painter.setPen(QPen(color, width, style))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for rect in span_rects(self.view, span):
                if rect.toAlignedRect().intersects(area):
                    painter.drawRoundedRect(rect.adjusted(-1, 0, 1, 0), 3, 3)


def span_rects(view: DocumentView, span: Span) -> list[QRectF]:
    """One rectangle per laid-out line the span covers, in viewport coordinates."""
    layer = view.layer
    start, end = layer.u16_range(span)
    offset = view.contentOffset()
    rects = []
    for number in layer.blocks_of(span):
        block = view.document().findBlockByNumber(number)
        if not block.isValid() or not block.isVisible():
            continue
        origin = view.blockBoundingGeometry(block).translated(offset).topLeft()
        left, right = start - block.position(), end - block.position()
        layout = block.layout()
        has_rtl = bool(_RIGHT_TO_LEFT.search(block.text()))
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            lo = max(left, line.textStart())
            hi = min(right, line.textStart() + line.textLength())
            if lo >= hi:
                continue
            for x1, x2 in _visual_runs(line, has_rtl, lo, hi):
                rects.append(QRectF(x1, line.y(), x2 - x1, line.height()).translated(origin))
    return rects


# Arabic, Hebrew, Syriac, Thaana and their presentation forms: text that bidi reorders.
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def _visual_runs(line, has_rtl: bool, lo: int, hi: int) -> list[tuple[float, float]]:
    """Where positions lo..hi of a line are drawn, as x ranges from left to right: one range
    when the block reads one way; where it has right-to-left text (`has_rtl`), bidi may reorder
    the characters, so each one's extent is measured and touching ones are merged."""
    if not has_rtl:
        return [tuple(sorted((_x(line, lo), _x(line, hi))))]
    leading, trailing = QTextLine.Edge.Leading, QTextLine.Edge.Trailing
    extents = sorted(
        tuple(sorted((_x(line, i, leading), _x(line, i, trailing)))) for i in range(lo, hi)
    )
    runs: list[tuple[float, float]] = []
    for left, right in extents:
        if runs and left <= runs[-1][1] + 0.5:
            runs[-1] = (runs[-1][0], max(right, runs[-1][1]))
        else:
            runs.append((left, right))
    return runs


def _x(line, position: int, edge=QTextLine.Edge.Leading) -> float:
    x = line.cursorToX(position, edge)
    return x[0] if isinstance(x, tuple) else x
