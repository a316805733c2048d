"""A label-confusion heatmap painted with QPainter: rows one annotator, columns the other."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from ..agreement import NO_SPAN, pair_key

LOW, HIGH = QColor("#f8fafc"), QColor("#1d4ed8")
PAD, CELL_MIN, CELL_MAX = 8, 36, 84


@dataclass(frozen=True)
class ConfusionTable:
    """Counts of (first's label, second's label) over spans with the same offsets."""

    first: str  # rows
    second: str  # columns
    labels: tuple[str, ...]  # row and column order, NO_SPAN last
    counts: Mapping[str, Mapping[str, int]]

    def count(self, row: str, column: str) -> int:
        return self.counts.get(row, {}).get(column, 0)

    @property
    def largest(self) -> int:
        return max((n for row in self.counts.values() for n in row.values()), default=0)


def confusion_between(
    label_confusion: Mapping[str, Mapping], first: str, second: str, labels: Sequence[str]
) -> ConfusionTable:
    """One pair's table from the report's "label_confusion" (keyed "A|B", A's labels first),
    turned round when `first` is the pair's second name."""
    key = pair_key(first, second)
    counts = label_confusion.get(key, {})
    if key.split("|", 1)[0] != first:
        turned: dict[str, dict[str, int]] = {}
        for row, cells in counts.items():
            for column, n in cells.items():
                turned.setdefault(column, {})[row] = n
        counts = turned
    return ConfusionTable(first, second, (*labels, NO_SPAN), counts)


def shade(fraction: float) -> QColor:
    """White for nothing, deep blue for the largest count, linear in between."""
    mix = lambda a, b: round(a + (b - a) * fraction)  # noqa: E731
    return QColor(
        mix(LOW.red(), HIGH.red()), mix(LOW.green(), HIGH.green()), mix(LOW.blue(), HIGH.blue())
    )


class ConfusionHeatmap(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confusionHeatmap")
        self.table: ConfusionTable | None = None
        self.names: dict[str, str] = {}  # label key → display name
        self.setMinimumSize(360, 300)

    def set_table(self, table: ConfusionTable | None, names: dict[str, str]) -> None:
        self.table, self.names = table, names
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(640, 480)

    def _name(self, key: str) -> str:
        return self.names.get(key, key)

    def _geometry(self) -> tuple[int, int, int]:
        """Left edge and top edge of the grid, and the side of a cell."""
        metrics = QFontMetrics(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        widths = [metrics.horizontalAdvance(self._name(k)) for k in self.table.labels]
        widths.append(QFontMetrics(bold).horizontalAdvance(self._corner()))
        left = PAD * 2 + max(widths)
        top = PAD * 2 + metrics.height() * 2
        room = min(self.width() - left - PAD, self.height() - top - PAD)
        side = max(CELL_MIN, min(CELL_MAX, room // max(len(self.table.labels), 1)))
        return left, top, side

    def _corner(self) -> str:
        return f"{self.table.first} ↓   {self.table.second} →"

    def cell_rect(self, row: int, column: int) -> QRect:
        left, top, side = self._geometry()
        return QRect(left + column * side, top + row * side, side, side)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().base())
        if self.table is None or not self.table.largest:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No spans to compare")
            return
        self._paint_axes(painter)
        self._paint_cells(painter)
        painter.end()

    def _paint_axes(self, painter: QPainter) -> None:
        metrics = QFontMetrics(self.font())
        left, top, side = self._geometry()
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(
            QRect(PAD, PAD, left - PAD * 2, metrics.height()),
            Qt.AlignmentFlag.AlignRight,
            self._corner(),
        )
        font.setBold(False)
        painter.setFont(font)
        for i, key in enumerate(self.table.labels):
            name = metrics.elidedText(self._name(key), Qt.TextElideMode.ElideRight, side - 2)
            painter.drawText(
                QRect(left + i * side, top - metrics.height() - 4, side, metrics.height()),
                Qt.AlignmentFlag.AlignCenter,
                name,
            )
            painter.drawText(
                QRect(PAD, top + i * side, left - PAD * 2, side),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self._name(key),
            )

    def _paint_cells(self, painter: QPainter) -> None:
        table = self.table
        largest = max(table.largest, 1)
        for row, first in enumerate(table.labels):
            for column, second in enumerate(table.labels):
                count = table.count(first, second)
                rect = self.cell_rect(row, column)
                fraction = count / largest
                painter.fillRect(rect, shade(fraction))
                painter.setPen(QPen(QColor("#cbd5e1")))
                painter.drawRect(rect.adjusted(0, 0, -1, -1))
                # Zeros recede so the counts that matter stand out.
                ink = "white" if fraction > 0.55 else "#111827" if count else "#9ca3af"
                painter.setPen(QColor(ink))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(count))
        # Agreement runs down the diagonal: outline it so it reads at a glance.
        painter.setPen(QPen(QColor("#047857"), 2))
        for i in range(len(table.labels) - 1):
            painter.drawRect(self.cell_rect(i, i).adjusted(1, 1, -2, -2))
