"""Run in a fresh process: show a window, print a marker when it has painted, then report and quit.

`empty`: a bare QMainWindow (the floor). `app PROJECT SETTINGS`: the real window on a project,
which opens the last document. `memory PROJECT SETTINGS DOCUMENT`: the real window with that
document open and painted; prints peak RSS in MB.
"""

from __future__ import annotations

import os
import resource
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

from PySide6.QtCore import QEvent, QObject, QSettings, QThreadPool, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget  # noqa: E402

PAINTED = "painted"


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


def empty() -> None:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 800)
    watcher = watch(app, window)  # noqa: F841 (kept alive until the loop ends)
    window.show()
    app.exec()


def real(project: str, settings: str, document_id: str = "") -> None:
    from annotator.ui.app import build_window, create_app

    app = create_app()
    window = build_window(Path(project), "bench", QSettings(settings, QSettings.Format.IniFormat))
    if document_id:
        window.open_document(document_id)
    report = (lambda: print(f"rss {peak_rss_mb():.1f}", flush=True)) if document_id else None
    watcher = watch(app, window.view.viewport(), report or (lambda: None))  # noqa: F841
    window.show()
    app.exec()
    window.close()  # remembers the last document, as quitting the app does
    QThreadPool.globalInstance().waitForDone()  # as the app does before it exits
    print("closed", flush=True)


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB.

    On Linux from VmHWM: ru_maxrss also counts the parent's memory at the fork this process
    was started from, so a benchmark that had grown large would report its own size here.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    if sys.argv[1] == "empty":
        empty()
    else:
        real(*sys.argv[2:])
