"""The first-paint marker the probes print: a window counts as usable once its view has painted."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from .probe import PAINTED


class FirstPaint(QObject):
    """Reports once the watched widget's first paint is done, as the app's own AfterFirstPaint
    does: in a zero timer after the paint event, when the window's paint has been flushed."""

    def __init__(self, then=lambda: None) -> None:
        super().__init__()
        self.then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._painted)
        return False

    def _painted(self) -> None:
        report_painted()
        self.then()


def report_painted() -> None:
    """Print the marker and end the event loop."""
    print(PAINTED, flush=True)
    QApplication.instance().quit()


def watch(widget: QWidget, then=lambda: None) -> FirstPaint:
    watcher = FirstPaint(then)
    widget.installEventFilter(watcher)
    return watcher
