"""Start the desktop app: open the project, build the window, run the event loop."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6 import QtWidgets  # QMessageBox created only when a project fails to open
from PySide6.QtCore import QSettings, QThreadPool
from PySide6.QtWidgets import QApplication

from ..project import APP_NAME, default_annotator, open_project
from ..store import ProjectError
from .main_window import MainWindow
from .session import Session
from .theme import apply_theme


def create_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    apply_theme(app)  # the window applies the user's saved choice once it has its settings
    return app


def build_window(project: Path | None, annotator: str | None, settings: QSettings) -> MainWindow:
    store = open_project(project)
    name = annotator or settings.value("annotator") or default_annotator()
    return MainWindow(Session(store, name), settings)


def run(
    project: Path | None = None,
    annotator: str | None = None,
    review: bool = False,
    after_first_paint: Callable[[], None] | None = None,
) -> int:
    """The app's event loop until its window closes; `after_first_paint` runs once the window
    has painted (or at once if the project cannot be opened)."""
    app = create_app()
    try:
        window = build_window(project, annotator, QSettings())
    except ProjectError as error:
        if after_first_paint:
            after_first_paint()
        print(f"annotator: {error}", file=sys.stderr)
        QtWidgets.QMessageBox.critical(None, APP_NAME, str(error))
        return 1
    if window.session.store.readonly:
        window.show_message("This project file is read-only: you can read but not annotate")
    if after_first_paint:
        window.view.first_paint.run(after_first_paint)
    window.show()
    if review:
        window.review_mode.enter()
    code = app.exec()
    # Work that started as the window closed (the opening backup, when the window is closed at
    # once) finishes before the interpreter tears down the objects it reports to.
    QThreadPool.globalInstance().waitForDone()
    return code
