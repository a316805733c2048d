"""Background work asked for while the window is being built starts once the window has painted.

A worker thread running Python holds the GIL about half the time: the suggestions' first job
(reading the GeoNames gazetteer, ~1.6 s) delayed the first paint of the app by ~0.25 s. Work
queued here starts right after that paint instead; once painted, work starts at once. A window
that never paints (started minimized) gets its work started after a few seconds all the same:
the opening backup is taken and the cycle collector, paused while the app starts, is resumed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

# A window started minimized, or never shown, paints late or never: the work starts anyway.
LATEST_START_MS = 3000


class AfterFirstPaint(QObject):
    """Runs work after `widget` first paints (at once if it has painted already), or at the
    latest LATEST_START_MS after the widget was given, if it is shown by then."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.started = False
        self.pending: list[Callable[[], None]] = []
        widget.installEventFilter(self)
        QTimer.singleShot(LATEST_START_MS, self, self._latest_time)

    def run(self, work: Callable[[], None]) -> None:
        if self.started:
            work()
        else:
            self.pending.append(work)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._start_pending)  # after this paint reaches the screen
        return False

    def _latest_time(self) -> None:
        # A shown window that has not painted (minimized); one closed or never shown waits.
        if self.parent().isVisible():
            self._start_pending()

    def _start_pending(self) -> None:
        if self.started:
            return  # started at the first paint, before the latest time came
        self.parent().removeEventFilter(self)
        self.started = True
        pending, self.pending = self.pending, []
        for work in pending:
            work()
