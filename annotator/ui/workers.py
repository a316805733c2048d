"""Long work off the UI thread: each job opens its own store connection and reports progress."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal

from ..store import Store


class JobSignals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)


class StoreJob(QRunnable):
    """Runs `work(store, progress)` on a pool thread with a connection of its own."""

    def __init__(self, project: Path, work: Callable[[Store, Callable], object]) -> None:
        super().__init__()
        self.project = project
        self.work = work
        self.signals = JobSignals()

    def run(self) -> None:
        try:
            store = Store.open(self.project, create=False)
        except Exception as error:  # reported to the user, never swallowed
            self.signals.failed.emit(str(error))
            return
        try:
            result = self.work(store, self.signals.progress.emit)
        except Exception as error:
            traceback.print_exc()
            self.signals.failed.emit(str(error))
        else:
            self.signals.finished.emit(result)
        finally:
            store.close()
