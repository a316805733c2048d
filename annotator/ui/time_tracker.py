"""Time spent per document: counted while the annotator is active, paused after a minute idle.

Activity is what the window reports through `activity()`: the cursor moving, the text scrolling,
an edit. The time between two activities counts when it is at most `idle_seconds`. Totals are
added to the project per annotator. (Signals, not an application-wide event filter: a filter
would run Python for every event of every widget.)
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from .commands import EXPECTED_ERRORS
from .session import Session

IDLE_SECONDS = 60.0
FLUSH_MS = 30_000  # at most half a minute of reading is lost if the process is killed


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

    def activity(self, *_) -> None:
        now = self.clock()
        if now - self._last <= self.idle_seconds:
            self.pending += now - self._last
        self._last = now

    def open(self, document_id: str | None) -> None:
        self.flush()
        self.pending = 0.0  # never counted towards the next document, even if unsaved
        self.document_id = document_id
        self._last = self.clock()

    def flush(self) -> None:
        if not self.document_id or self.pending <= 0 or self.session.store.readonly:
            return
        try:
            self.session.store.add_time_spent(
                self.document_id, self.session.annotator, self.pending
            )
        except EXPECTED_ERRORS:
            return  # a busy or closed project: keep the time and try again at the next flush
        self.pending = 0.0

    def total(self) -> float:
        if self.document_id is None:
            return 0.0
        try:
            stored = self.session.store.time_spent(self.document_id, self.session.annotator)
        except EXPECTED_ERRORS:
            stored = 0.0  # the project closed under a late timer: show what is known
        return stored + self.pending

    def stop(self) -> None:
        self.flush()
        self._timer.stop()


def format_duration(seconds: float) -> str:
    minutes = int(seconds // 60)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"
