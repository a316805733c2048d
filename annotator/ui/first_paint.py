"""Background work asked for while the window is being built starts once the window has painted.

A worker thread running Python holds the GIL about half the time: the suggestions' first job
(reading the GeoNames gazetteer, ~1.6 s) delayed the first paint of the app by ~0.25 s. Work
queued here starts right after that paint instead; once painted, work starts at once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class AfterFirstPaint(QObject):
    """Runs work after `widget` first paints (at once if it has painted already)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.painted = False
        self.pending: list[Callable[[], None]] = []
        widget.installEventFilter(self)

    def run(self, work: Callable[[], None]) -> None:
        if self.painted:
            work()
        else:
            self.pending.append(work)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._start_pending)  # after this paint reaches the screen
        return False

    def _start_pending(self) -> None:
        self.painted = True
        pending, self.pending = self.pending, []
        for work in pending:
            work()
