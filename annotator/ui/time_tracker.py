"""Time spent per document: counted while the annotator is active, paused after a minute idle.

Any key, click or wheel turn in the application is activity; the time between two activities
counts when it is at most `idle_seconds`. Totals are added to the project per annotator.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from .session import Session

IDLE_SECONDS = 60.0
FLUSH_MS = 30_000  # at most half a minute of reading is lost if the process is killed
ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.Wheel,
    QEvent.Type.MouseMove,
}


class TimeTracker(QObject):
    def __init__(
        self,
        session: Session,
        idle_seconds: float = IDLE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.session, self.idle_seconds, self.clock = session, idle_seconds, clock
        self.document_id: str | None = None
        self.pending = 0.0  # counted but not yet written
        self._last = clock()
        self._timer = QTimer(self)
        self._timer.setInterval(FLUSH_MS)
        self._timer.timeout.connect(self.flush)
        self._timer.start()
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY:
            self.activity()
        return False

    def activity(self) -> None:
        now = self.clock()
        if now - self._last <= self.idle_seconds:
            self.pending += now - self._last
        self._last = now

    def open(self, document_id: str | None) -> None:
        self.flush()
        self.document_id = document_id
        self._last = self.clock()

    def flush(self) -> None:
        if self.document_id and self.pending > 0 and not self.session.store.readonly:
            self.session.store.add_time_spent(
                self.document_id, self.session.annotator, self.pending
            )
        self.pending = 0.0

    def total(self) -> float:
        if self.document_id is None:
            return 0.0
        stored = self.session.store.time_spent(self.document_id, self.session.annotator)
        return stored + self.pending

    def stop(self) -> None:
        self.flush()
        self._timer.stop()
        QApplication.instance().removeEventFilter(self)


def format_duration(seconds: float) -> str:
    minutes = int(seconds // 60)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"
