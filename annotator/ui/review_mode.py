"""Review mode wired into the main window: entering it, merging annotators' files, agreement.

Annotation mode shows only the annotator's own layer; the reviewer enters review mode
explicitly (Review > Enter review mode, or `annotator gui --review`), which opens the
adjudication view over every layer and shows REVIEW MODE in the main window's status bar.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtWidgets  # dialogs created on first use, not at every start
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu

from .actions import add_action
from .workers import StoreJob

if TYPE_CHECKING:  # imported when first used: numpy (agreement) and merging slow every start
    from ..merging import MergeReport
    from .adjudication_view import AdjudicationView
    from .agreement_window import AgreementWindow

INDICATOR_STYLE = "background: #fde68a; color: #713f12; font-weight: 700; padding: 1px 8px;"


class ReviewMode(QObject):
    def __init__(self, window: QMainWindow, file_menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.view: AdjudicationView | None = None
        self.agreement: AgreementWindow | None = None
        self.indicator = QLabel("REVIEW MODE")
        self.indicator.setObjectName("reviewIndicator")
        self.indicator.setStyleSheet(INDICATOR_STYLE)
        self.indicator.hide()
        window.statusBar().addPermanentWidget(self.indicator)
        separators = [a for a in file_menu.actions() if a.isSeparator()]
        merge = add_action(window, None, "&Merge annotators' files…", self.choose_merge_files)
        file_menu.insertAction(separators[-1] if separators else None, merge)
        menu = window.menuBar().addMenu("&Review")
        self.enter_action = add_action(
            window, menu, "Enter &review mode", self.enter, "Ctrl+Shift+R"
        )
        self.agreement_action = add_action(
            window, menu, "&Agreement…", self.show_agreement, "Ctrl+Shift+G"
        )
        menu.addAction(merge)

    @property
    def active(self) -> bool:
        return self.view is not None and self.view.isVisible()

    def enter(self) -> AdjudicationView:
        if self.view is None:
            from .adjudication_view import AdjudicationView
            from .review_session import ReviewSession

            session = self.window.session
            self.view = AdjudicationView(
                ReviewSession(session.store, session.annotator), self.window._run
            )
            self.view.closed.connect(self.indicator.hide)
        elif not self.view.isVisible():
            self.view.load_documents()  # annotators' work may have been merged meanwhile
        self.view.show()
        self.view.raise_()
        self.view.activateWindow()
        self.indicator.show()
        return self.view

    def show_agreement(self) -> AgreementWindow | None:
        path = self.window.session.store.path
        if path is None:
            self.window.show_message("Agreement needs a project file")
            return None
        if self.agreement is None:
            from .agreement_window import AgreementWindow

            self.agreement = AgreementWindow(path, self.window._run)
            self.agreement.compute()
        self.agreement.show()
        self.agreement.raise_()
        return self.agreement

    # -- merging ----------------------------------------------------------------------------

    def choose_merge_files(self) -> None:
        paths, _ = QtWidgets.QFileDialog.getOpenFileNames(
            self.window,
            "Merge annotators' project files",
            "",
            "Annotator projects (*.annotator);;All files (*)",
        )
        if paths:
            self.start_merge([Path(p) for p in paths])

    def start_merge(self, paths: list[Path]) -> StoreJob:
        from ..merging import merge_projects

        job = StoreJob(
            self.window.session.store.path,
            lambda store, progress: merge_projects(store, paths, progress),
        )
        return self.window._run(job, "Merging annotators' files…", self._merged)

    def _merged(self, report: MergeReport) -> None:
        self.window.refresh_documents()
        if self.view is not None:
            self.view.load_documents()
        if self.agreement is not None:
            self.agreement.compute()
        self.report_box = QtWidgets.QMessageBox(
            QtWidgets.QMessageBox.Icon.Information,
            "Merge report",
            "\n".join(report.summary()),
            parent=self.window,
        )
        self.report_box.setTextFormat(Qt.TextFormat.PlainText)  # file names are not HTML
        self.report_box.open()  # not blocking: the reviewer reads it while working
