"""The first-paint marker the probes print: a window counts as usable once its view has painted."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from .probe import PAINTED


class FirstPaint(QObject):
    """Prints the marker on the first paint of the watched widget, then ends the event loop."""

    def __init__(self, app: QApplication, then=lambda: None) -> None:
        super().__init__()
        self.app, self.then = app, then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.app is not None:
            app, self.app = self.app, None
            print(PAINTED, flush=True)
            self.then()
            QTimer.singleShot(0, app.quit)
        return False


def watch(app: QApplication, widget: QWidget, then=lambda: None) -> FirstPaint:
    watcher = FirstPaint(app, then)
    widget.installEventFilter(watcher)
    return watcher
