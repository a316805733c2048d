"""Run in a fresh process: show a window, print a marker when it has painted, then report and quit.

`empty`: a bare QMainWindow (the floor). `launch`: the `annotator` command run alone, as from a
desktop icon, on the default project of the XDG folders it is given, which opens the last
document. `memory PROJECT SETTINGS DOCUMENT`: the real window with that document open and
painted; prints peak RSS in MB.

PySide is imported in each mode, not here: `launch` must load modules in the app's own order.
"""

from __future__ import annotations

import os
import resource
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

PAINTED = "painted"


def empty() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    from .paint_watch import watch

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 800)
    watcher = watch(window)  # noqa: F841 (kept alive until the loop ends)
    window.show()
    app.exec()


def launch() -> None:
    """`annotator` with no arguments, as its console script runs it; the marker is printed once
    its window has painted. Nothing else is imported first: the app pauses the cycle collector
    from its first import on, and PySide must load in the app's own order."""
    from annotator.launch import open_app

    def painted() -> None:
        from .paint_watch import report_painted  # PySide is loaded by now

        report_painted()

    sys.exit(open_app(then=painted))


def memory(project: str, settings: str, document_id: str) -> None:
    """The real window with `document_id` open and painted; prints the peak RSS."""
    from PySide6.QtCore import QSettings

    from annotator.ui.app import build_window, create_app

    from .paint_watch import watch

    app = create_app()
    window = build_window(Path(project), "bench", QSettings(settings, QSettings.Format.IniFormat))
    window.open_document(document_id)
    watcher = watch(  # noqa: F841 (kept alive until the loop ends)
        window.view.viewport(), lambda: print(f"rss {peak_rss_mb():.1f}", flush=True)
    )
    window.show()
    app.exec()


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
    {"empty": empty, "launch": launch, "memory": memory}[sys.argv[1]](*sys.argv[2:])
