"""File > Restore backup…: the project's backups, newest first, to choose one from."""

from __future__ import annotations

from pathlib import Path

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


class RestoreDialog(QDialog):
    """The project's backups, newest first; the chosen one is restored on OK."""

    def __init__(self, parent: QWidget, backups: list[Path]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore a backup")
        self.list = QListWidget()
        self.list.setObjectName("backupList")
        for path in backups:
            item = QListWidgetItem(path.name)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        explain = QLabel(
            "The project's current state is saved as a backup first, so a restore can itself be "
            "undone by restoring that copy."
        )
        explain.setTextFormat(Qt.TextFormat.PlainText)
        explain.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(explain)
        layout.addWidget(buttons)

    def chosen(self) -> Path | None:
        item = self.list.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item else None
