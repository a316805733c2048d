"""Rolling backups of an open project: whole copies through SQLite's backup API, newest N kept.

A copy is taken when the project opens and then after every `every_edits` edits or once
`every_seconds` have passed since the last copy, whichever comes first. Copies live beside the
project in `NAME.backups/`. Restoring first copies the current state there too, so a restore can
itself be undone by restoring that copy.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from .atomic_file import atomic_binary
from .store import ProjectError, Store

KEEP = 10
EVERY_EDITS = 100
EVERY_SECONDS = 10 * 60
BACKUP_SUFFIX = ".bak"


def backup_folder(project: Path) -> Path:
    return project.with_name(f"{project.name}.backups")


def list_backups(project: Path) -> list[Path]:
    """This project's backups, newest first (their names sort by the time they were taken)."""
    folder = backup_folder(project)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"*{BACKUP_SUFFIX}"), reverse=True)


def take_backup(store: Store, reason: str = "auto") -> Path:
    """Copy the open project into its backup folder; the file appears whole or not at all."""
    if store.path is None:
        raise ProjectError("an in-memory project has no file to back up")
    folder = backup_folder(store.path)
    folder.mkdir(exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    target = folder / f"{stamp}-{reason}{BACKUP_SUFFIX}"
    with atomic_binary(target) as part:
        store.backup(part)
    return target


def prune(project: Path, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest `keep` backups; return the ones deleted."""
    old = list_backups(project)[keep:]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def restore_backup(store: Store, backup: Path) -> Path:
    """Put `backup`'s content in place of the open project's; return the copy of what was there.

    The current state is backed up first; a backup that is damaged or from a newer Annotator is
    refused before anything changes.
    """
    if backup.resolve().parent != backup_folder(store.path).resolve() or not backup.is_file():
        raise ProjectError(
            f"{backup} is not one of this project's backups: choose one from the list"
        )
    before = take_backup(store, "before-restore")
    store.restore_from(backup)
    return before


class RollingBackups:
    """Decides when the open project is copied; `clock` is injectable for tests."""

    def __init__(
        self,
        store: Store,
        keep: int = KEEP,
        every_edits: int = EVERY_EDITS,
        every_seconds: float = EVERY_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.keep, self.every_edits, self.every_seconds = keep, every_edits, every_seconds
        self.clock = clock
        self.edits = 0
        self.last = clock()

    def take(self, reason: str = "auto") -> Path:
        path = take_backup(self.store, reason)
        prune(self.store.path, self.keep)
        self.edits, self.last = 0, self.clock()
        return path

    def edited(self) -> Path | None:
        """Count one edit; take a backup when enough edits or time have gone by."""
        self.edits += 1
        due = self.edits >= self.every_edits or self.clock() - self.last >= self.every_seconds
        return self.take() if due else None
