"""Rolling backups of the open project, and File > Restore backup… to put one back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from ..backups import RollingBackups, list_backups, prune, restore_backup, take_backup
from ..store import ProjectError
from .actions import add_action
from .workers import StoreJob


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


class BackupKeeper(QObject):
    """Copies the project when it opens (in a worker) and after enough edits or time."""

    def __init__(self, window: QMainWindow, file_menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        store = window.session.store
        self.rolling = None if store.path is None or store.readonly else RollingBackups(store)
        self.dialog: RestoreDialog | None = None
        action = add_action(window, None, "&Restore backup…", self.choose)
        separators = [a for a in file_menu.actions() if a.isSeparator()]
        file_menu.insertAction(separators[-1] if separators else None, action)
        if self.rolling is not None:
            window.session.changed.connect(self._edited)
            self.opening_job = window.run_quietly(
                StoreJob(store.path, lambda copy, progress: _take_and_prune(copy, "open"))
            )

    def _edited(self, changes) -> None:
        try:
            self.rolling.edited()
        except (ProjectError, OSError) as error:  # a full disk must not stop annotating
            self.window.show_message(f"Backup not taken: {error}")

    def choose(self) -> RestoreDialog | None:
        store = self.window.session.store
        backups = list_backups(store.path) if store.path else []
        if not backups:
            self.window.show_message("This project has no backups yet")
            return None
        self.dialog = RestoreDialog(self.window, backups)
        self.dialog.accepted.connect(lambda: self.restore(self.dialog.chosen()))
        self.dialog.open()
        return self.dialog

    def restore(self, backup: Path | None) -> None:
        if backup is None:
            return
        try:
            before = restore_backup(self.window.session.store, backup)
        except (ProjectError, OSError) as error:
            self.window.show_error(f"Nothing was restored: {error}")
            return
        self.window.reload_project()
        self.window.show_message(f"Restored {backup.name}; the state before is {before.name}")


def _take_and_prune(store, reason: str) -> Path:
    path = take_backup(store, reason)
    prune(store.path)
    return path
