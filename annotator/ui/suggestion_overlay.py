"""Suggestions drawn as dashed outlines in their label's colour, with no tint: unmistakably not
spans. Painted for the visible blocks only, never as extra selections (DESIGN §4)."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from ..model import Span
from .document_view import DocumentView
from .span_geometry import span_rects

OUTLINE_WIDTH = 1.5
CURRENT_WIDTH = 2.5  # the suggestion Y and X act on


class SuggestionOverlay:
    def __init__(self, view: DocumentView) -> None:
        self.view = view
        self.spans: list[Span] = []  # suggestions as span-shaped values, never stored
        self.current: int | None = None
        view.overlays.append(self.paint)

    def show(self, spans: list[Span], current: int | None) -> None:
        self.spans, self.current = spans, current
        self.view.viewport().update()

    def paint(self, painter: QPainter, area: QRect) -> None:
        layer = self.view.layer
        if layer is None or not self.spans:
            return
        first = self.view.firstVisibleBlock().blockNumber()
        last = self.view.cursorForPosition(area.bottomRight()).blockNumber()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for index, span in enumerate(self.spans):
            blocks = layer.blocks_of(span)
            if blocks.stop <= first or blocks.start > last:
                continue
            color = self.view.label_colors.get(span.label, QColor("gray"))
            width = CURRENT_WIDTH if index == self.current else OUTLINE_WIDTH
            painter.setPen(QPen(color, width, Qt.PenStyle.DashLine))
            for rect in span_rects(self.view, span):
                if rect.toAlignedRect().intersects(area):
                    painter.drawRoundedRect(rect.adjusted(-1, 1, 1, -1), 3, 3)
