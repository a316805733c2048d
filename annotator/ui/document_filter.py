"""Narrow the document list as you type: words of the title, and where each document stands.

The list model shows only the matching rows, so ten thousand documents filter without a proxy
re-asking every row; the full list is kept here and refreshed from the rows the model updated.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ..store import DocumentSummary

STATUSES = {
    "Any status": frozenset(),
    "Not done": frozenset({"new", "in_progress"}),
    "New": frozenset({"new"}),
    "In progress": frozenset({"in_progress"}),
    "Done": frozenset({"done"}),
}

FOCUS_KEYS = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


def matching(
    rows: list[DocumentSummary], text: str, statuses: frozenset[str]
) -> list[DocumentSummary]:
    """Rows whose title holds every word of `text` (any case), in one of `statuses` (or any)."""
    if statuses:
        rows = [row for row in rows if row.status in statuses]
    # A pass per word, each over the rows the words before it left: with one word typed, a
    # generator and all() for each of 10,000 rows took most of a keystroke.
    for word in text.casefold().split():
        rows = [row for row in rows if word in row.title.casefold()]
    return list(rows)


def latest(rows: list[DocumentSummary], shown: list[DocumentSummary]) -> list[DocumentSummary]:
    """`rows` with the shown ones as the model last updated them (edits change counts, status)."""
    updated = {row.id: row for row in shown}
    return [updated.get(row.id, row) for row in rows]


class DocumentFilter(QWidget):
    """The field and status choice above the document list; `changed` when either moves."""

    changed = Signal()
    left = Signal()  # Esc: back to the text

    def __init__(self, model, document_list: QWidget) -> None:
        super().__init__()
        self.model = model
        self.all_rows: list[DocumentSummary] = []
        self.field = QLineEdit()
        self.field.setObjectName("documentFilter")
        self.field.setPlaceholderText("Filter by title (Ctrl+L)")
        self.field.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.status.setObjectName("documentStatusFilter")
        for text, value in STATUSES.items():
            self.status.addItem(text, value)
        self.count = QLabel()
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        self._lay_out(document_list)
        for widget in (self.field, self.status):
            widget.installEventFilter(self)
        self.field.textChanged.connect(self.refilter)
        self.status.currentIndexChanged.connect(self.refilter)
        self._edited = False  # an edit changed a shown row since the model was last filled
        model.dataChanged.connect(self._note_edit)

    def _lay_out(self, document_list: QWidget) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.field, 1)
        bar.addWidget(self.status)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(bar)
        column.addWidget(self.count)
        column.addWidget(document_list)
        self.count.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Tab is the window's "next span" key; here it moves between the field and the status.
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in FOCUS_KEYS:
            event.accept()
            return True
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
            self.left.emit()  # the filter stays as typed
            return True
        return super().eventFilter(watched, event)

    @property
    def active(self) -> bool:
        return bool(self.field.text().strip() or self.status.currentData())

    def show_rows(self, rows: list[DocumentSummary]) -> None:
        """The project's documents, as read from the store: the model gets the matching ones."""
        self.all_rows = rows
        self._apply()

    def current_rows(self) -> list[DocumentSummary]:
        """Every document, filtered out or not, with what edits changed since the last read."""
        if not self._edited:  # the model's rows are the kept ones: no 10,000-row merge
            return self.all_rows
        return latest(self.all_rows, self.model.rows)

    def refilter(self) -> None:
        self.all_rows = self.current_rows()
        self._apply()
        self.changed.emit()

    def _note_edit(self) -> None:
        self._edited = True

    def _apply(self) -> None:
        shown = matching(self.all_rows, self.field.text(), self.status.currentData())
        self.model.reset(shown)
        self._edited = False
        self.count.setText(f"{len(shown):,} of {len(self.all_rows):,} documents")
        self.count.setVisible(self.active)

    def focus(self) -> None:
        self.field.setFocus()
        self.field.selectAll()
