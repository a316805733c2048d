"""The main window: composes the views, the actions and the undo stack; decides nothing itself."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

# Dialogs are named through the module: PySide creates a class, and its enums, on first use
# (QMessageBox, QFileDialog, QInputDialog: ~3 ms of every start otherwise).
from PySide6 import QtWidgets
from PySide6.QtCore import QModelIndex, QSettings, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QDockWidget, QFrame, QHeaderView, QLabel, QMainWindow, QWidget

from ..collector import collector_paused
from ..model import Label
from .actions import add_action, add_undo_actions
from .backup_keeper import BackupKeeper
from .document_filter import DocumentFilter
from .document_view import DocumentView
from .editing import Editor
from .external_changes import ExternalChanges
from .item_models import DocumentListModel, SpanListModel
from .lazy_dock import LazyDock
from .palette import LabelPalette
from .relation_editing import StructureEditing
from .review_mode import ReviewMode
from .session import Session
from .table_views import table_view
from .workday import Workday
from .workers import StoreJob

if TYPE_CHECKING:  # imported when first used: the readers' imports cost ~25 ms of start-up
    from ..importing import ImportResult

STATUS_MESSAGE_MS = 6000


class MainWindow(QMainWindow):
    documentOpened = Signal(str)  # a document id, after the view shows it
    closing = Signal()  # before the window goes: timers stop, pending work is written

    def __init__(self, session: Session, settings: QSettings) -> None:
        super().__init__()
        self.session = session
        self.settings = settings
        self.undo_stack = QUndoStack(self)
        self.view = DocumentView()
        self.editor = Editor(session, self.view, self.undo_stack)
        self.structure = StructureEditing(session, self.view, self.undo_stack)
        self.documents = DocumentListModel()
        self.span_model = SpanListModel()
        self.palette = LabelPalette()
        self.pool = QThreadPool.globalInstance()
        self.document_id: str | None = None
        self._letting_go: list[tuple] = []  # the previous document's spans, until a paint is done
        self._build_widgets()
        self._build_actions()
        self._connect()
        self._load_labels(session.store.labels())
        self.refresh_documents()
        self.workday = Workday(self)  # search, suggestions, guidelines, flow, reading comfort
        self.external = ExternalChanges(self)  # another window on this project wrote
        self._restore()

    # -- composition ------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.setObjectName("mainWindow")
        self.setCentralWidget(self.view)
        self.view.setFrameShape(QFrame.Shape.NoFrame)  # the page reaches the docks' edges
        self.document_list = table_view("documentList", self.documents)
        self.document_list.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch
        )
        self.span_list = table_view("spanList", self.span_model)
        self.span_list.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.span_list.setColumnHidden(3, True)  # notes show as tooltips; the text needs the room
        self.document_filter = DocumentFilter(self.documents, self.document_list)
        left = self._dock("Documents", self.document_filter, Qt.DockWidgetArea.LeftDockWidgetArea)
        attributes = self._dock(
            "Attributes", self.structure.panel, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        labels = self._dock("Labels", self.palette, Qt.DockWidgetArea.RightDockWidgetArea)
        spans = self._dock("Spans", self.span_list, Qt.DockWidgetArea.RightDockWidgetArea)
        self.resizeDocks([left, labels], [300, 340], Qt.Orientation.Horizontal)
        self.resizeDocks([labels, spans], [310, 450], Qt.Orientation.Vertical)
        # The attribute fields need their height more than the document list does.
        self.resizeDocks([left, attributes], [260, 500], Qt.Orientation.Vertical)
        self.who = QLabel()
        self.statusBar().addPermanentWidget(self.who)
        self.resize(1280, 800)

    def _dock(
        self, title: str, widget: QWidget | Callable[[], QWidget], area: Qt.DockWidgetArea
    ) -> QDockWidget:
        """A dock around `widget`, or around what `widget()` builds when the dock first shows."""
        if isinstance(widget, QWidget):
            dock = QDockWidget(title, self)
            dock.setWidget(widget)
        else:
            dock = LazyDock(title, self, widget)
        dock.setObjectName(f"dock{title}")
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(area, dock)
        return dock

    def _action(
        self, menu, text: str, slot: Callable, shortcut: str | QKeySequence = ""
    ) -> QAction:
        return add_action(self, menu, text, slot, shortcut)

    def _build_actions(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        self._action(file, "&Import files…", self.import_files, QKeySequence.StandardKey.Open)
        self._action(file, "Import &folder…", self.import_folder, "Ctrl+Shift+O")
        self._action(file, "&Export…", self.export, "Ctrl+E")
        file.addSeparator()
        self._action(file, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit = bar.addMenu("&Edit")
        add_undo_actions(self, edit, self.undo_stack)
        edit.addSeparator()
        self._action(edit, "&Delete span", self.editor.delete_current, "Delete")
        self._action(edit, "Edit &note…", self.edit_note, "N")
        self._action(edit, "Edit &attributes", self.structure.panel.focus_first, "F2")
        self._action(edit, "Accept &proposed attributes", self.structure.panel.accept_proposal, "P")
        self._action(
            edit, "Look up place in &gazetteer", self.structure.panel.look_up_places, "Ctrl+G"
        )
        self._action(edit, "Link to another span (&relation)…", self.structure.picker.start, "R")
        self._action(edit, "Next span", lambda: self.editor.select_neighbour(1), "Tab")
        self._action(edit, "Previous span", lambda: self.editor.select_neighbour(-1), "Shift+Tab")
        bounds = edit.addMenu("Span &boundaries")
        self._action(
            bounds, "Start left", lambda: self.editor.move_boundary("start", -1), "Alt+Left"
        )
        self._action(
            bounds, "Start right", lambda: self.editor.move_boundary("start", 1), "Alt+Right"
        )
        self._action(
            bounds, "End left", lambda: self.editor.move_boundary("end", -1), "Alt+Shift+Left"
        )
        self._action(
            bounds, "End right", lambda: self.editor.move_boundary("end", 1), "Alt+Shift+Right"
        )

        self.label_menu = bar.addMenu("&Label")
        document = bar.addMenu("&Document")
        self._action(document, "Mark &done / not done", self.editor.toggle_done, "Ctrl+D")
        self._action(document, "&Next document", lambda: self.step_document(1), "Ctrl+PgDown")
        self._action(document, "&Previous document", lambda: self.step_document(-1), "Ctrl+PgUp")
        self._action(document, "&Filter documents", self.document_filter.focus, "Ctrl+L")

        settings = bar.addMenu("&Settings")
        self.snap_action = self._action(
            settings, "&Snap selections to whole words", self.toggle_snap
        )
        self.snap_action.setCheckable(True)
        self._action(settings, "&Annotator name…", self.rename_annotator)
        self.review_mode = ReviewMode(self, file)
        self.backups = BackupKeeper(self, file)

    def _load_labels(self, labels: list[Label]) -> None:
        self.view.set_labels(labels)
        self.span_model.set_labels(labels)
        self.palette.set_labels(labels)
        self.label_menu.clear()
        for label in labels:
            self._action(
                self.label_menu,
                label.name,
                lambda k=label.key: self.editor.label(k),
                label.shortcut,
            )

    def _connect(self) -> None:
        self.session.changed.connect(self.on_changes)
        self.session.failed.connect(self.show_error)
        self.editor.message.connect(self.show_message)
        self.palette.labelChosen.connect(self.editor.label)
        self.view.spanClicked.connect(self.select_span)
        self.structure.message.connect(self.show_message)
        self.structure.spanChosen.connect(self.select_span)
        self.view.currentSpanChanged.connect(self._follow_current_span)
        self.document_list.selectionModel().currentRowChanged.connect(self._document_row_changed)
        self.span_list.clicked.connect(self._span_row_clicked)
        self.document_filter.changed.connect(self._select_current_row)
        self.document_filter.field.returnPressed.connect(self._open_first_match)
        self.document_filter.left.connect(self.view.setFocus)

    # -- documents --------------------------------------------------------------------------

    def refresh_documents(self) -> None:
        self.document_filter.show_rows(
            self.session.store.document_summaries(self.session.annotator)
        )
        self.who.setText(f"annotator: {self.session.annotator}   ")
        self._show_progress()

    @collector_paused()  # the new document's spans are made by the ten thousand
    def open_document(self, document_id: str) -> None:
        self._let_go_later(self.view.layer, self.span_model.rows)
        store = self.session.store
        document = store.document(document_id)
        self.document_id = document_id
        self.editor.open(document)
        spans = self.session.spans(document_id)
        self.view.show_document(document.text, spans)
        self.structure.open(document_id)
        self.span_model.reset(self.view.layer.ordered(), in_reading_order=True)
        self.setWindowTitle(f"{document.title} — Annotator")
        row = self.documents.row_of(document_id)
        if row >= 0 and self.document_list.currentIndex().row() != row:
            self.document_list.selectRow(row)
        self.view.setFocus()
        self.settings.setValue(self._last_document_key(), document_id)
        self.documentOpened.emit(document_id)

    def _let_go_later(self, *held: object) -> None:
        """Keep `held` until the event loop is next free, after the new document has painted:
        freeing the previous document's 18,700 spans takes ~6 ms the reader need not wait for."""
        if not self._letting_go:
            QTimer.singleShot(0, self._letting_go.clear)
        self._letting_go.append(held)

    def _select_current_row(self) -> None:
        row = self.documents.row_of(self.document_id or "")
        if row >= 0:
            self.document_list.selectRow(row)

    def _open_first_match(self) -> None:
        """Enter in the filter: read the first match (unless the open document is one)."""
        rows = self.documents.rows
        if rows and self.documents.row_of(self.document_id or "") < 0:
            self.open_document(rows[0].id)
        self.view.setFocus()

    def _document_row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if current.isValid():
            document_id = self.documents.rows[current.row()].id
            if document_id != self.document_id:
                self.open_document(document_id)

    def step_document(self, step: int) -> None:
        row = self.documents.row_of(self.document_id or "") + step
        if 0 <= row < len(self.documents.rows):
            self.open_document(self.documents.rows[row].id)

    def _show_progress(self) -> None:
        rows = self.document_filter.current_rows()
        done = sum(row.status == "done" for row in rows)
        self.statusBar().showMessage(f"{done} of {len(rows)} documents done", STATUS_MESSAGE_MS)

    # -- spans ------------------------------------------------------------------------------

    def on_changes(self, changes) -> None:
        self.documents.apply_changes(changes)
        if changes.document_id == self.document_id:
            self.view.apply_changes(changes)
            self.span_model.apply_changes(changes)
        self.structure.apply_changes(changes)
        if changes.status == "done":
            self._show_progress()

    def select_span(self, span_id: str) -> None:
        self.view.set_current_span(span_id)
        self.view.setFocus()

    def _follow_current_span(self, span_id: str) -> None:
        row = self.span_model.row_of(span_id) if span_id else -1
        if row >= 0:
            self.span_list.selectRow(row)
            self.span_list.scrollTo(self.span_model.index(row, 0))
        else:
            self.span_list.clearSelection()

    def _span_row_clicked(self, index: QModelIndex) -> None:
        self.select_span(self.span_model.rows[index.row()].id)

    def edit_note(self) -> None:
        span = self.view.current_span()
        if span is None:
            self.show_message("No span selected: click a span or press Tab to select one")
            return
        note, ok = QtWidgets.QInputDialog.getMultiLineText(
            self, "Note", f"Note on “{span.text}”:", span.note
        )
        if ok:
            self.editor.set_note(note)

    # -- settings ---------------------------------------------------------------------------

    def toggle_snap(self) -> None:
        self.editor.snap_words = self.snap_action.isChecked()
        self.settings.setValue("snapWords", self.editor.snap_words)

    def rename_annotator(self) -> None:
        name, ok = QtWidgets.QInputDialog.getText(
            self, "Annotator", "Your name:", text=self.session.annotator
        )
        name = name.strip()
        if ok and name and name != "gold":
            self.session.annotator = name
            self.settings.setValue("annotator", name)
            self.undo_stack.clear()
            self.refresh_documents()
            if self.document_id:
                self.open_document(self.document_id)

    def _last_document_key(self) -> str:
        return f"lastDocument/{self.session.store.path}"

    def _restore(self) -> None:
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.value("windowState")
        if state is not None:
            self.restoreState(state)
        self.editor.snap_words = self.settings.value("snapWords", True, type=bool)
        self.snap_action.setChecked(self.editor.snap_words)
        last = self.settings.value(self._last_document_key())
        ids = [row.id for row in self.documents.rows]
        if ids:
            self.open_document(last if last in ids else ids[0])

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("windowState", self.saveState())
        # An import or export in flight finishes (or rolls back) before the window goes away.
        self.pool.waitForDone()
        self.closing.emit()
        super().closeEvent(event)

    # -- messages ---------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, STATUS_MESSAGE_MS)

    def show_error(self, text: str, title: str = "Annotator") -> None:
        self.statusBar().showMessage(text.splitlines()[0], STATUS_MESSAGE_MS * 2)
        self.notice = QtWidgets.QMessageBox(
            QtWidgets.QMessageBox.Icon.Warning, title, text, parent=self
        )
        self.notice.setTextFormat(Qt.TextFormat.PlainText)  # file names and notes are not HTML
        self.notice.open()  # window-modal but not blocking: work in flight keeps reporting

    # -- long work --------------------------------------------------------------------------

    def import_files(self) -> None:
        paths, _ = QtWidgets.QFileDialog.getOpenFileNames(
            self, "Import articles", "", "Articles (*.txt *.jsonl *.csv);;All files (*)"
        )
        if paths:
            self.start_import([Path(p) for p in paths])

    def import_folder(self) -> None:
        folder = QtWidgets.QFileDialog.getExistingDirectory(self, "Import a folder of articles")
        if folder:
            self.start_import([Path(folder)])

    def start_import(self, paths: list[Path]) -> StoreJob:
        from ..importing import import_paths

        annotator = self.session.annotator
        job = StoreJob(
            self.session.store.path,
            lambda store, progress: import_paths(store, paths, annotator, progress),
        )
        return self._run(job, "Importing articles…", self._imported)

    def _imported(self, result: ImportResult) -> None:
        self.refresh_documents()
        if result.errors or result.warnings:
            lines = [str(error) for error in result.errors] + result.warnings
            title = "Some files were not imported" if result.errors else "Imported, with warnings"
            self.show_error(f"{result.summary()}\n\n" + "\n".join(lines[:20]), title)
        else:
            self.show_message(result.summary())
        if self.document_id is None and self.documents.rows:
            self.open_document(self.documents.rows[0].id)

    def export(self) -> None:
        # Imported here, not at the top: the formats' imports would add ~40 ms to every start.
        from .. import exporting
        from .export_dialog import ExportDialog

        dialog = ExportDialog(self, sorted(exporting.FORMATS), self.session)
        if dialog.exec():
            self.start_export(*dialog.choice())

    def start_export(self, format_name: str, out: Path, layer: str | None, only_done: bool):
        from .. import exporting

        job = StoreJob(
            self.session.store.path,
            lambda store, progress: exporting.export(
                store, format_name, out, layer, only_done, progress
            ),
        )
        return self._run(
            job,
            "Exporting…",
            lambda count: self.show_message(f"{count} documents exported to {out}"),
        )

    def run_quietly(self, job: StoreJob) -> StoreJob:
        """Background work nobody needs to watch (a backup); a failure still reaches the status bar."""
        job.signals.failed.connect(self.show_message)
        self._jobs = getattr(self, "_jobs", []) + [job]  # keep signals alive until done
        self.pool.start(job)
        return job

    def reload_project(self) -> None:
        """The whole project changed under the window (a restore): reread it; old undo steps
        would act on spans that no longer exist, so they go."""
        self.undo_stack.clear()
        self.refresh_documents()
        ids = [row.id for row in self.documents.rows]
        current = self.document_id if self.document_id in ids else next(iter(ids), None)
        if current is not None:
            self.open_document(current)
        else:
            self.document_id = None
            self.view.clear_document()
            self.span_model.reset([])

    def _run(self, job: StoreJob, title: str, done: Callable) -> StoreJob:
        dialog = QtWidgets.QProgressDialog(title, "", 0, 0, self)
        dialog.setCancelButton(None)
        dialog.setMinimumDuration(300)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        job.signals.progress.connect(
            lambda n, total: (dialog.setMaximum(total), dialog.setValue(n))
        )
        job.signals.finished.connect(lambda result: (dialog.close(), done(result)))
        job.signals.failed.connect(lambda message: (dialog.close(), self.show_error(message)))
        self._jobs = getattr(self, "_jobs", []) + [job]  # keep signals alive until done
        self.pool.start(job)
        return job
