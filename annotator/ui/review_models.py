"""Table models of the review: documents with their progress, and the open document's sets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from ..adjudication import DisagreementKind
from ..model import Label
from .commands import _short
from .item_models import Index, ListTableModel
from .review_state import Progress, ReviewItem, SetState

KIND_TEXT = {
    None: "agreed",
    DisagreementKind.LABEL: "label mismatch",
    DisagreementKind.BOUNDARY: "boundary mismatch",
    DisagreementKind.BOTH: "label + boundary",
    DisagreementKind.MISSING: "missing span",
}
# Not the label colours (the schema's Okabe-Ito hues), so a set's kind never reads as a label;
# the kind is always written beside its colour as well.
KIND_COLOR = {
    None: QColor("#94a3b8"),
    DisagreementKind.LABEL: QColor("#7c3aed"),
    DisagreementKind.BOUNDARY: QColor("#db2777"),
    DisagreementKind.BOTH: QColor("#dc2626"),
    DisagreementKind.MISSING: QColor("#0891b2"),
}
DECIDED_COLOR = QColor("#15803d")
REJECTED_COLOR = QColor("#334155")
STALE_COLOR = QColor("#b45309")


def mark_color(item: ReviewItem) -> QColor:
    """The colour of a set's margin mark: its state once decided, else what kind it is."""
    if item.state is SetState.STALE:
        return STALE_COLOR
    if item.state is SetState.DECIDED:
        return REJECTED_COLOR if item.decision.result is None else DECIDED_COLOR
    return KIND_COLOR[item.kind]


def state_text(item: ReviewItem) -> str:
    if item.decision is None:
        return item.state.value
    return f"{item.state.value}: {item.decision.decision.value}"


class RowsModel(ListTableModel):
    """A read-only table over a Python list; subclasses say what each cell shows."""

    def reset(self, rows: list) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        return self.cell(index.row(), index.column(), role)

    def cell(self, row: int, column: int, role: int):
        raise NotImplementedError


class ReviewDocumentModel(RowsModel):
    """Documents as (id, title, progress or None while it is being counted)."""

    HEADERS = ("Document", "Decided", "Open")

    def row_of(self, document_id: str) -> int:
        return next((i for i, row in enumerate(self.rows) if row[0] == document_id), -1)

    def set_progress(self, progress: dict[str, Progress]) -> None:
        self.reset([(doc_id, title, progress.get(doc_id)) for doc_id, title, _ in self.rows])

    def update(self, document_id: str, progress: Progress) -> None:
        row = self.row_of(document_id)
        if row >= 0:
            doc_id, title, _ = self.rows[row]
            self.rows[row] = (doc_id, title, progress)
            self.dataChanged.emit(self.index(row, 1), self.index(row, 2))

    def total(self) -> Progress:
        return sum((p for _, _, p in self.rows if p is not None), Progress())

    def cell(self, row: int, column: int, role: int):
        _, title, progress = self.rows[row]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return title or "(untitled)"
            if progress is None:
                return "…"
            return progress.decided if column == 1 else progress.open
        if role == Qt.ItemDataRole.ForegroundRole and column == 2 and progress and progress.open:
            return STALE_COLOR
        return None


class CandidateSetModel(RowsModel):
    """The open document's candidate sets in text order, with kind and state."""

    HEADERS = ("#", "Text", "Kind", "State", "Versions")
    TEXT_COLUMN = 1

    def __init__(self) -> None:
        super().__init__()
        self.labels: dict[str, Label] = {}

    def versions_text(self, item: ReviewItem) -> str:
        parts = []
        for version in item.candidates.versions:
            label = self.labels.get(version.label)
            name = label.name if label else version.label
            parts.append(f"{', '.join(version.annotators)}: {name}")
        if item.candidates.missing:
            parts.append(f"{', '.join(item.candidates.missing)}: —")
        return " · ".join(parts)

    def cell(self, row: int, column: int, role: int):
        item: ReviewItem = self.rows[row]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row + 1
            if column == 1:
                return _short(item.candidates.versions[0].text, 20)
            if column == 2:
                return KIND_TEXT[item.kind]
            if column == 3:
                return state_text(item)
            return self.versions_text(item)
        if role == Qt.ItemDataRole.BackgroundRole and column == 2:
            tint = QColor(KIND_COLOR[item.kind])
            tint.setAlpha(90)
            return tint
        if role == Qt.ItemDataRole.ForegroundRole and column == 3:
            return mark_color(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.versions_text(item)
        return None
