"""Outlines around the spans linked to the selected one, and around a relation's target while
one is being picked. Painted over the visible text only, never as extra selections (DESIGN §4)."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from .document_view import DocumentView
from .span_geometry import span_rects

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
