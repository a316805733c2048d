"""Where a span's characters are drawn in the laid-out text: one rectangle per line and
direction run, for the overlays (relation outlines, suggestions, label marks)."""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import repeat

from PySide6.QtCore import QRectF
from PySide6.QtGui import QTextBlock, QTextLayout, QTextLine

from ..model import Span

# Arabic, Hebrew, Syriac, Thaana and their presentation forms: text that bidi reorders.
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_TRAILING = QTextLine.Edge.Trailing


class BlockGeometry:
    """Rectangles of position ranges in one laid-out block, relative to the block's origin.

    Where a block has right-to-left text, bidi may reorder any character, so each character's
    extent on a line is measured, once for all the ranges (nested spans) on it; a range is
    measured once for as long as this object is kept (while the block's layout keeps its
    width and font). Only numbers are kept: Qt's line objects do not survive a relayout.
    """

    def __init__(self, block: QTextBlock) -> None:
        self.has_rtl = bool(_RIGHT_TO_LEFT.search(block.text()))
        self._extents: dict[int, tuple[list[Extent], list[Stretch]]] = {}  # by line number
        self._boxes: dict[tuple[int, int], list[Box]] = {}
        self._lines: list[LineBox] | None = None
        self._line_starts: list[int] = []

    def rects(self, block: QTextBlock, start: int, end: int) -> list[QRectF]:
        """Document positions [start, end), clipped to this block."""
        return [QRectF(*box) for box in self.boxes(block, start, end)]

    def boxes(self, block: QTextBlock, start: int, end: int) -> list[Box]:
        """`rects` as numbers, for painting many (do not change the list)."""
        boxes = self._boxes.get((start, end))
        if boxes is None:
            boxes = self._boxes[start, end] = self._measure(block, start, end)
        return boxes

    def _measure(self, block: QTextBlock, start: int, end: int) -> list[Box]:
        left, right = start - block.position(), end - block.position()
        layout = block.layout()
        if self._lines is None:
            lines = [layout.lineAt(i) for i in range(layout.lineCount())]
            self._lines = [(ln.textStart(), ln.textLength(), ln.y(), ln.height()) for ln in lines]
            self._line_starts = [first for first, _, _, _ in self._lines]
        boxes = []
        for number in range(max(bisect_right(self._line_starts, left) - 1, 0), len(self._lines)):
            first, length, y, height = self._lines[number]
            if first >= right:
                break
            lo, hi = max(left, first), min(right, first + length)
            if lo < hi:
                for x1, x2 in self._visual_runs(layout, number, lo, hi):
                    boxes.append((x1, y, x2 - x1, height))
        return boxes

    def _visual_runs(
        self, layout: QTextLayout, number: int, lo: int, hi: int
    ) -> list[tuple[float, float]]:
        """Where positions lo..hi of a line are drawn, as x ranges from left to right."""
        if not self.has_rtl:
            line = layout.lineAt(number)
            return [tuple(sorted((_x(line, lo), _x(line, hi))))]
        extents, stretches = self._line(layout, number)
        first = self._line_starts[number]
        return visual_runs(extents, stretches, lo - first, hi - first)

    def _line(self, layout: QTextLayout, number: int) -> tuple[list[Extent], list[Stretch]]:
        """Each character's extent on a line, measured once, and the stretches they form."""
        measured = self._extents.get(number)
        if measured is None:
            first, length, _, _ = self._lines[number]
            extents = character_extents(layout.lineAt(number), range(first, first + length))
            measured = self._extents[number] = (extents, stretches_of(extents))
        return measured


Box = tuple[float, float, float, float]  # x, y, width, height: a QRectF's numbers
LineBox = tuple[int, int, float, float]  # a laid-out line: first position, length, y, height
Extent = tuple[float, float]  # a character's left and right x
Stretch = tuple[int, int, bool]  # characters [first, end) drawn side by side; True: left to right
TOUCHING = 0.5  # pixels: extents this close are one run


def stretches_of(extents: list[Extent]) -> list[Stretch]:
    """Split a line's characters into stretches that bidi drew side by side in one direction,
    each touching the next: any part of one is then drawn from its first to its last extent."""
    stretches: list[Stretch] = []
    first, direction = 0, None
    for i in range(1, len(extents)):
        (left0, right0), (left1, right1) = extents[i - 1], extents[i]
        forward = left1 >= left0 and right1 >= right0 and left1 <= right0 + TOUCHING
        backward = left1 <= left0 and right1 <= right0 and right1 + TOUCHING >= left0
        if forward and backward:
            continue  # the same extent (a mark on its letter) fits either direction
        if forward and direction is not False:
            direction = True
        elif backward and direction is not True:
            direction = False
        else:
            stretches.append((first, i, direction is not False))
            first, direction = i, None
    if extents:
        stretches.append((first, len(extents), direction is not False))
    return stretches


def visual_runs(
    extents: list[Extent], stretches: list[Stretch], lo: int, hi: int
) -> list[tuple[float, float]]:
    """Where characters lo..hi of a line are drawn, as x ranges from left to right: the
    characters' extents with touching ones merged, taken a stretch at a time."""
    pieces = []
    for first, end, forward in stretches:
        a, b = max(lo, first), min(hi, end)
        if a < b:
            pieces.append(
                (extents[a][0], extents[b - 1][1])
                if forward
                else (extents[b - 1][0], extents[a][1])
            )
    return merge_touching(pieces)


def merge_touching(extents: list[Extent]) -> list[tuple[float, float]]:
    runs: list[tuple[float, float]] = []
    for left, right in sorted(extents):
        if runs and left <= runs[-1][1] + TOUCHING:
            runs[-1] = (runs[-1][0], max(right, runs[-1][1]))
        else:
            runs.append((left, right))
    return runs


def span_rects(view, span: Span) -> list[QRectF]:
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
        rects += [rect.translated(origin) for rect in BlockGeometry(block).rects(block, start, end)]
    return rects


def character_extents(line: QTextLine, positions: range) -> list[Extent]:
    """Each character's left and right x: its leading and trailing edges, in either order.

    The leading edge is cursorToX's default, asked without an edge argument: converting the
    enum costs as much as the call (a line of Arabic and Latin is measured character by
    character, ~2,400 calls for a page).
    """
    to_x = line.cursorToX
    leading = list(map(to_x, positions))
    trailing = list(map(to_x, positions, repeat(_TRAILING)))
    if leading and isinstance(leading[0], tuple):  # (x, position), as PySide6 6.11 answers
        leading, trailing = [x for x, _ in leading], [x for x, _ in trailing]
    return [(a, b) if a <= b else (b, a) for a, b in zip(leading, trailing)]


def _number(x) -> float:
    return x[0] if isinstance(x, tuple) else x


def _x(line: QTextLine, position: int) -> float:
    """The leading edge of a position (cursorToX's default edge)."""
    return _number(line.cursorToX(position))
