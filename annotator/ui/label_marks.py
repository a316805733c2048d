"""Labels told apart without colour: a line under each span in its label's own pattern (solid,
dotted, dashed, dash-dot…), painted for the visible blocks only, never as extra selections."""

from __future__ import annotations

import weakref
from bisect import bisect_left, insort
from collections.abc import Iterator
from itertools import groupby
from operator import attrgetter
from typing import NamedTuple

from PySide6.QtCore import QLineF, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QTextBlock
from PySide6.QtWidgets import QApplication

from ..model import Label, Span
from .document_view import DocumentView
from .span_geometry import BlockGeometry
from .span_layer import SpanLayer

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
MAX_CACHED_BLOCKS = 2000  # measured blocks kept while scrolling: a few MB at most


def pattern_names(labels: list[Label]) -> dict[str, str]:
    return {label.key: PATTERN_NAMES[i % len(PATTERNS)] for i, label in enumerate(labels)}


class LabelMarks:
    """Paints each visible block's marks from a per-block cache: a label key among 50,000
    spans, or where spans nest 10 deep, measures only the block it changed again."""

    def __init__(self, view: DocumentView) -> None:
        self.view = view
        self.styles: dict[str, Qt.PenStyle] = {}
        self._strokes: dict[int, list[Strokes]] = {}  # block number → its marks, ready to draw
        self._geometry: dict[int, BlockGeometry] = {}  # kept across edits of a block's spans
        # The document and layout the kept marks were measured in; the document by weak
        # reference, as holding a closed one's spans would move freeing them into the next
        # document's first paint.
        self._measured_in: weakref.ref | None = None
        self._laid_out_as: tuple = ()
        view.overlays.append(self.paint)
        view.spansChanged.connect(self._forget)

    def set_labels(self, labels: list[Label]) -> None:
        self.styles = {label.key: PATTERNS[i % len(PATTERNS)] for i, label in enumerate(labels)}

    def paint(self, painter: QPainter, area: QRect) -> None:
        view = self.view
        if view.layer is None or not len(view.layer):
            return
        self._drop_stale_marks()
        offset = view.contentOffset()
        pens: dict[str, QPen] = {}
        for block in _visible_blocks(view, area):
            origin = view.blockBoundingGeometry(block).translated(offset).topLeft()
            if origin.y() > area.bottom():
                break
            painter.translate(origin)
            # Hundreds of marks on a page where spans nest: one call per line of text and label.
            for top, bottom, strokes in self._strokes_in(block):
                if origin.y() + bottom < area.top() or origin.y() + top > area.bottom():
                    continue
                for label, lines in strokes:
                    if label not in pens:
                        pens[label] = self._pen(label)
                    painter.setPen(pens[label])
                    painter.drawLines(lines)
            painter.translate(-origin)

    def _pen(self, label: str) -> QPen:
        color = _contrasting(self.view.label_colors.get(label, QColor("gray")))
        style = self.styles.get(label, Qt.PenStyle.SolidLine)
        return QPen(color, LINE_WIDTH, style, Qt.PenCapStyle.FlatCap)

    def _drop_stale_marks(self) -> None:
        """Marks are block-relative, so they stay right while scrolling; a new document, width
        or font lays the text out anew."""
        view = self.view
        laid_out_as = (view.viewport().width(), view.font().key())
        same_document = self._measured_in is not None and self._measured_in() is view.layer
        if (
            not same_document
            or laid_out_as != self._laid_out_as
            or len(self._geometry) > MAX_CACHED_BLOCKS
        ):
            self._strokes.clear()
            self._geometry.clear()
            self._measured_in = weakref.ref(view.layer)
            self._laid_out_as = laid_out_as

    def _forget(self, blocks) -> None:
        for number in blocks:
            self._strokes.pop(number, None)

    def marks_in(self, block: QTextBlock) -> list[Mark]:
        """A block's marks, measured from its kept geometry (painting keeps their strokes)."""
        number = block.blockNumber()
        if block.layout().lineCount() == 0:
            return []  # not laid out yet: nothing drawn, no geometry to keep
        geometry = self._geometry.get(number)
        if geometry is None:
            geometry = self._geometry[number] = BlockGeometry(block)
        return _measure(self.view.layer, block, geometry)

    def _strokes_in(self, block: QTextBlock) -> list[Strokes]:
        number = block.blockNumber()
        strokes = self._strokes.get(number)
        if strokes is None and block.layout().lineCount():  # kept once the block is laid out
            strokes = self._strokes[number] = strokes_of(self.marks_in(block))
        return strokes or []


class Mark(NamedTuple):
    """One line under one span on one laid-out line, relative to its block's origin."""

    label: str
    depth: int  # spans enclosing this one: its line sits that many steps higher
    left: float
    right: float
    top: float
    bottom: float


def _measure(layer: SpanLayer, block: QTextBlock, geometry: BlockGeometry) -> list[Mark]:
    """Every span's marks in one block, in reading order with enclosing spans first, so that
    where lines touch the later one is drawn on top.

    A span's enclosing spans cover its characters, so they are in the same block: depths
    from the block's spans equal depths from all of them.
    """
    spans = layer.block_spans(block.blockNumber())
    depth_of = depths(spans)
    return [
        Mark(span.label, depth_of[span.id], x, x + width, y, y + height)  # as QRectF computes
        for span in spans
        for x, y, width, height in geometry.boxes(block, *layer.u16_range(span))
    ]


# One laid-out line's marks: its top and bottom, and each label's lines under spans on it, in
# the order the labels first appear there (block-relative, like the marks). Nested spans' lines
# lie apart, so only side-by-side spans of two labels whose lines touch are drawn in label order
# rather than reading order (no pixel changed on a page of 4-deep nesting).
Strokes = tuple[float, float, list[tuple[str, list[QLineF]]]]


def strokes_of(marks: list[Mark]) -> list[Strokes]:
    """Marks grouped by laid-out line, then label: a label's lines there are drawn at once."""
    by_line: dict[tuple[float, float], dict[str, list[QLineF]]] = {}
    for mark in marks:
        y = mark.bottom - (1 + NEST_STEP * mark.depth)
        lines = by_line.setdefault((mark.top, mark.bottom), {}).setdefault(mark.label, [])
        lines.append(QLineF(mark.left + 1, y, mark.right - 1, y))
    return [(top, bottom, list(labels.items())) for (top, bottom), labels in by_line.items()]


def _visible_blocks(view: DocumentView, area: QRect) -> Iterator[QTextBlock]:
    block = view.firstVisibleBlock()
    last = view.cursorForPosition(area.bottomRight()).blockNumber()
    while block.isValid() and block.blockNumber() <= last:
        yield block
        block = block.next()


def depths(spans: list[Span]) -> dict[str, int]:
    """How many other spans enclose each one: its line sits that many steps higher.

    Only a span starting at or before another can enclose it: taking spans by start, the ends
    of those started so far are kept sorted, and the ones reaching a span's end are counted
    (itself among them). Where spans nest 10 deep this is ~5x faster than comparing pairs.
    """
    by_start = sorted(spans, key=attrgetter("start"))
    ends: list[int] = []
    found: dict[str, int] = {}
    for _, same_start in groupby(by_start, key=attrgetter("start")):
        group = list(same_start)
        for span in group:
            insort(ends, span.end)
        for span in group:
            found[span.id] = len(ends) - bisect_left(ends, span.end) - 1
    return found


def _contrasting(color: QColor) -> QColor:
    """The label's colour pushed away from the page: darker on light pages, lighter on dark."""
    dark_page = QApplication.instance().property("annotatorTheme") == "dark"
    return QColor(color).lighter(140) if dark_page else QColor(color).darker(125)
