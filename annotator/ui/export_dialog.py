"""Choose what to export: format, layer, which documents, and where."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from .. import exporting
from .session import Session

ALL_LAYERS = "(every annotator)"


class ExportDialog(QDialog):
    def __init__(self, parent: QWidget, formats: list[str], session: Session) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.format = QComboBox()
        for name in formats:
            fmt = exporting.FORMATS[name]
            self.format.addItem(f"{name} — {fmt.description} (offsets: {fmt.offset_unit})", name)
        self.layer = QComboBox()
        self.layer.addItems([session.annotator, *session.store.annotators(), ALL_LAYERS])
        self.only_done = QCheckBox("Only documents marked done")
        self.path = QLineEdit()
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow("Format", self.format)
        form.addRow("Layer", self.layer)
        form.addRow("", self.only_done)
        form.addRow("Save to", row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export to")
        if path:
            self.path.setText(path)

    def accept(self) -> None:
        if self.path.text().strip():
            super().accept()

    def choice(self) -> tuple[str, Path, str | None, bool]:
        layer = self.layer.currentText()
        return (
            self.format.currentData(),
            Path(self.path.text().strip()),
            None if layer == ALL_LAYERS else layer,
            self.only_done.isChecked(),
        )
