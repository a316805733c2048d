"""Labels told apart without colour: a line under each span in its label's own pattern (solid,
dotted, dashed, dash-dot…), painted for the visible blocks only, never as extra selections."""

from __future__ import annotations

from bisect import bisect_right

from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QApplication

from ..model import Label, Span
from .document_view import DocumentView
from .relation_markers import span_rects

PATTERNS = (
    Qt.PenStyle.SolidLine,
    Qt.PenStyle.DotLine,
    Qt.PenStyle.DashLine,
    Qt.PenStyle.DashDotLine,
    Qt.PenStyle.DashDotDotLine,
)
PATTERN_NAMES = ("solid", "dotted", "dashed", "dash-dot", "dash-dot-dot")
LINE_WIDTH = 1.6
NEST_STEP = 2.5  # pixels between the lines of nested spans, the outermost lowest


def pattern_names(labels: list[Label]) -> dict[str, str]:
    return {label.key: PATTERN_NAMES[i % len(PATTERNS)] for i, label in enumerate(labels)}


class LabelMarks:
    def __init__(self, view: DocumentView) -> None:
        self.view = view
        self.styles: dict[str, Qt.PenStyle] = {}
        view.overlays.append(self.paint)

    def set_labels(self, labels: list[Label]) -> None:
        self.styles = {label.key: PATTERNS[i % len(PATTERNS)] for i, label in enumerate(labels)}

    def visible_spans(self, area: QRect) -> list[Span]:
        layer, document = self.view.layer, self.view.document()
        first = self.view.firstVisibleBlock().blockNumber()
        last = self.view.cursorForPosition(area.bottomRight()).blockNumber()
        found: dict[str, Span] = {}
        for number in range(first, last + 1):
            block = document.findBlockByNumber(number)
            for segment in layer.segments(number, block.length() - 1):
                found.update((span.id, span) for span in segment.spans)
        return list(found.values())

    def paint(self, painter: QPainter, area: QRect) -> None:
        if self.view.layer is None or not len(self.view.layer):
            return
        spans = self.visible_spans(area)
        depths = _depths(spans)
        for span in spans:
            color = _contrasting(self.view.label_colors.get(span.label, QColor("gray")))
            style = self.styles.get(span.label, Qt.PenStyle.SolidLine)
            painter.setPen(QPen(color, LINE_WIDTH, style, Qt.PenCapStyle.FlatCap))
            lift = 1 + NEST_STEP * depths[span.id]
            for rect in span_rects(self.view, span):
                if rect.toAlignedRect().intersects(area):
                    y = rect.bottom() - lift
                    painter.drawLine(QPointF(rect.left() + 1, y), QPointF(rect.right() - 1, y))


def _depths(spans: list[Span]) -> dict[str, int]:
    """How many other spans enclose each one: its line sits that many steps higher.

    Only a span starting at or before another can enclose it, so each span is compared with
    those up to its start in start order, not with every visible span.
    """
    bounds = sorted((s.start, s.end, s.id) for s in spans)
    starts = [start for start, _, _ in bounds]
    return {
        span_id: sum(
            1
            for _, other_end, other_id in bounds[: bisect_right(starts, start)]
            if end <= other_end and other_id != span_id
        )
        for start, end, span_id in bounds
    }


def _contrasting(color: QColor) -> QColor:
    """The label's colour pushed away from the page: darker on light pages, lighter on dark."""
    dark_page = QApplication.instance().property("annotatorTheme") == "dark"
    return QColor(color).lighter(140) if dark_page else QColor(color).darker(125)
