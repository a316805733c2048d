"""Table models for the document list and the span list: virtual, refreshed row by row."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace

from PySide6 import QtGui
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ..model import Label, Span
from ..store import Changes, DocumentSummary
from .span_layer import reading_order

Index = QModelIndex | QPersistentModelIndex
STATUS_TEXT = {"new": "new", "in_progress": "in progress", "done": "done ✓"}
STATUS_COLOR = {"new": "#6b7280", "in_progress": "#b45309", "done": "#047857"}
SPAN_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.UserRole,
    }
)


class ListTableModel(QAbstractTableModel):
    """A flat table over `self.rows`, with fixed column headers."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self) -> None:
        super().__init__()
        self.rows: list = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None


class DocumentListModel(ListTableModel):
    HEADERS = ("Document", "Status", "Spans")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[DocumentSummary] = []
        self._row_of: dict[str, int] = {}

    def reset(self, rows: list[DocumentSummary]) -> None:
        self.beginResetModel()
        self.rows = rows
        self._row_of = {row.id: i for i, row in enumerate(rows)}
        self.endResetModel()

    def row_of(self, document_id: str) -> int:
        return self._row_of.get(document_id, -1)

    def apply_changes(self, changes: Changes) -> None:
        row = self.row_of(changes.document_id)
        if row < 0:
            return
        summary = self.rows[row]
        delta = len(changes.spans_added) - len(changes.spans_removed)
        self.rows[row] = replace(
            summary,
            span_count=summary.span_count + delta,
            status=changes.status or summary.status,
        )
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.title or "(untitled)", STATUS_TEXT[row.status], row.span_count)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(
                f"{row.title}\n{row.date or 'no date'} · {row.length:,} characters"
            )
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            return QColor(STATUS_COLOR[row.status])
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None


class SpanListModel(ListTableModel):
    HEADERS = ("Label", "Text", "Offsets", "Note")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Span] = []
        self.labels: dict[str, Label] = {}
        # Built when first asked (opening a document does not need it), then kept up to date.
        self._by_id: dict[str, Span] | None = None

    def set_labels(self, labels: list[Label]) -> None:
        self.labels = {label.key: label for label in labels}

    def reset(self, spans: list[Span], in_reading_order: bool = False) -> None:
        """Show these spans; `in_reading_order` spares sorting them again (SpanLayer.ordered)."""
        self.beginResetModel()
        self.rows = list(spans) if in_reading_order else sorted(spans, key=reading_order)
        self._by_id = None
        self.endResetModel()

    def row_of(self, span_id: str) -> int:
        if self._by_id is None:
            self._by_id = {span.id: span for span in self.rows}
        span = self._by_id.get(span_id)
        return -1 if span is None else self._row_of_span(span)

    def _row_of_span(self, span: Span) -> int:
        """Rows are in reading order, so a span is found by bisection (50,000 rows: µs); a
        span whose stored bounds differ from the row's is still found, by its id."""
        row = bisect_left(self.rows, reading_order(span), key=reading_order)
        if row < len(self.rows) and self.rows[row].id == span.id:
            return row
        return next((i for i, row in enumerate(self.rows) if row.id == span.id), -1)

    def apply_changes(self, changes: Changes) -> None:
        # Row by row: a reset re-sorts and re-measures every row, ~0.1 s with 50,000 spans.
        for span in [*changes.spans_removed, *(old for old, _ in changes.spans_updated)]:
            row = self._row_of_span(span)
            if row >= 0:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.rows[row]
                self.endRemoveRows()
                if self._by_id is not None:
                    self._by_id.pop(span.id, None)
        for span in [*(new for _, new in changes.spans_updated), *changes.spans_added]:
            row = bisect_left(self.rows, reading_order(span), key=reading_order)
            self.beginInsertRows(QModelIndex(), row, row)
            self.rows.insert(row, span)
            self.endInsertRows()
            if self._by_id is not None:
                self._by_id[span.id] = span

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        # Qt asks each visible cell for a dozen roles on every repaint (after each label key);
        # the ones shown here are few, so the rest are answered before any lookup.
        if role not in SPAN_ROLES or not index.isValid():
            return None
        span = self.rows[index.row()]
        label = self.labels.get(span.label)
        if role == Qt.ItemDataRole.DisplayRole:
            return _span_cell(span, label, index.column())
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0 and label:
            return QColor(label.color)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(span.note or span.text)
        if role == Qt.ItemDataRole.UserRole:
            return span.id
        return None


def _span_cell(span: Span, label: Label | None, column: int) -> str:
    """One cell of the span list; only the asked one is built (Qt asks cell by cell)."""
    if column == 0:
        return label.name if label else span.label
    if column == 1:
        return " ".join(span.text.split())
    if column == 2:
        return f"{span.start}–{span.end}"
    return span.note


def plain_tooltip(text: str) -> str:
    """Qt guesses whether a tooltip is rich text: a note like `<b>x</b>` must show as typed."""
    if not QtGui.Qt.mightBeRichText(text):
        return text
    import html  # here: with its entity table, ~1 ms of every start for a rare tooltip

    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"
