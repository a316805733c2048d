"""Rolling backups of the open project (one when it opens, then after enough edits or time),
and File > Restore backup… to put one back."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMainWindow, QMenu

from ..backups import RollingBackups, list_backups, prune, restore_backup, take_backup
from ..store import ProjectError
from .actions import add_action
from .workers import StoreJob

if TYPE_CHECKING:  # the dialog is built when asked for, not at every start
    from .backup_dialog import RestoreDialog


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
            # After the first paint: the copy's worker would hold the GIL while the window builds.
            window.view.first_paint.run(lambda: self._take_opening_backup(store.path))

    def _take_opening_backup(self, path: Path) -> None:
        self.opening_job = self.window.run_quietly(
            StoreJob(path, lambda copy, progress: _take_and_prune(copy, "open"))
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
        from .backup_dialog import RestoreDialog

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
