"""“Label all occurrences”: a preview of every unlabelled occurrence, each one ticked or not."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..search import context_of
from ..suggestions import Suggestion


class OccurrencePreview(QDialog):
    """Non-blocking: opened with `.open()`; `chosen()` is read when it is accepted."""

    def __init__(self, parent: QWidget, text: str, label_name: str, found: list[Suggestion]):
        super().__init__(parent)
        self.setObjectName("occurrencePreview")
        self.setWindowTitle(f"Label all occurrences as {label_name}")
        self.found = found
        heading = QLabel(
            f"{len(found)} more occurrences of “{found[0].text}” to label {label_name}. "
            "Untick any that mean something else."
        )
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        self.list = QListWidget()
        for suggestion in found:
            item = QListWidgetItem(context_of(text, suggestion.start, suggestion.end))
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (heading, self.list, buttons):
            layout.addWidget(widget)
        self.resize(560, 360)

    def chosen(self) -> list[Suggestion]:
        return [
            s
            for i, s in enumerate(self.found)
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]
