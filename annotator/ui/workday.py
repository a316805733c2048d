"""An annotator's day, wired into the main window: search, suggestions, guidelines, document
flow with time tracking, shortcuts, zoom and themes. Each part lives in its own module; this one
only builds their menus, docks and connections."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QActionGroup, QGuiApplication
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QMenu, QWidget

from ..model import Status
from .commands import SetStatus
from .label_marks import LabelMarks
from .search_bar import FindBar
from .shortcuts import apply_saved
from .suggestion_controller import SuggestionController
from .theme import THEMES, apply_theme
from .time_tracker import TimeTracker, format_duration
from .zoom import Zoom

if TYPE_CHECKING:  # the panels are built when their docks first show
    from ..search import Hit
    from .guidelines_dock import GuidelinesPanel
    from .main_window import MainWindow
    from .search_panel import SearchPanel

PROGRESS_REFRESH_MS = 30_000


class Workday:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        session, settings = window.session, window.settings
        self.find_bar = FindBar(window.view)
        window.addToolBar(Qt.ToolBarArea.BottomToolBarArea, self.find_bar)
        self.suggestions = SuggestionController(session, window.view, window.undo_stack)
        self.label_marks = LabelMarks(window.view)
        self.guideline_label = ""  # the label in hand, for the guidelines when they show
        self.tracker = TimeTracker(session)
        self.zoom = Zoom(window.view, settings)
        self.progress = QLabel()
        self.progress.setObjectName("corpusProgress")
        window.statusBar().addPermanentWidget(self.progress)
        self._build_docks()
        self._build_menus()
        self._connect()
        self.label_marks.set_labels(session.store.labels())
        self.set_theme(settings.value("theme", "system"))
        apply_saved(window, settings)
        self._timer = QTimer(window)
        self._timer.timeout.connect(self.show_progress)
        self._timer.start(PROGRESS_REFRESH_MS)

    # -- composition ------------------------------------------------------------------------

    def _build_docks(self) -> None:
        self.search_dock = self._tabbed_dock("Search", self._build_search, "dockDocuments")
        self.guidelines_dock = self._tabbed_dock("Guidelines", self._build_guidelines, "dockSpans")

    @property
    def search_panel(self) -> SearchPanel:
        return self.search_dock.content()

    @property
    def guidelines(self) -> GuidelinesPanel:
        return self.guidelines_dock.content()

    def _build_search(self) -> SearchPanel:
        from .search_panel import SearchPanel

        panel = SearchPanel(self.window.session, self.window._run)
        panel.set_labels(self.window.session.store.labels())
        panel.hitActivated.connect(self.go_to_hit)
        return panel

    def _build_guidelines(self) -> GuidelinesPanel:
        from .guidelines_dock import GuidelinesPanel

        panel = GuidelinesPanel(self.window.session.store.path)
        panel.set_labels(self.window.session.store.labels())
        panel.show_label(self.guideline_label)
        return panel

    def _tabbed_dock(self, title: str, build: Callable[[], QWidget], beside: str) -> QDockWidget:
        """A dock tabbed behind an existing one (which stays in front), so the layout keeps its
        size; it comes forward when its key is pressed or its tab clicked."""
        window = self.window
        host = window.findChild(QDockWidget, beside)
        area = window.dockWidgetArea(host) if host else Qt.DockWidgetArea.RightDockWidgetArea
        dock = window._dock(title, build, area)
        if host is not None:
            window.tabifyDockWidget(host, dock)
            host.raise_()
        return dock

    def _menu(self, title: str) -> QMenu:
        """An existing top-level menu by its title, or a new one."""
        for action in self.window.menuBar().actions():
            menu = action.menu()
            if menu is not None and menu.title().replace("&", "") == title.replace("&", ""):
                return menu
        return self.window.menuBar().addMenu(title)

    def _build_menus(self) -> None:
        add = self.window._action
        find = self._menu("&Find")
        add(find, "&Find in document…", self.find_bar.open_bar, "Ctrl+F")
        add(find, "Find &next", lambda: self.find_bar.find(1), "F3")
        add(find, "Find &previous", lambda: self.find_bar.find(-1), "Shift+F3")
        add(find, "&Search the project…", self.open_search, "Ctrl+Shift+F")

        suggest = self._menu("S&uggestions")
        add(suggest, "&Accept suggestion", self.suggestions.accept, "Y")
        add(suggest, "&Reject suggestion", self.suggestions.reject, "X")
        add(suggest, "&Next suggestion", lambda: self.suggestions.step(1), "F8")
        add(suggest, "&Previous suggestion", lambda: self.suggestions.step(-1), "Shift+F8")
        add(suggest, "&Label all occurrences of the span…", self._label_all, "Ctrl+Shift+L")
        suggest.addSeparator()
        self.show_suggestions = add(suggest, "&Show suggestions", self._toggle_suggestions)
        self.use_gazetteer = add(
            suggest, "Suggest places from the &gazetteer", self._toggle_gazetteer
        )
        for action, key in ((self.show_suggestions, "suggest"), (self.use_gazetteer, "gazetteer")):
            action.setCheckable(True)
            action.setChecked(self.window.settings.value(key, True, type=bool))
        self.suggestions.enabled = self.show_suggestions.isChecked()
        self.suggestions.use_gazetteer = self.use_gazetteer.isChecked()

        document = self._menu("&Document")
        document.addSeparator()
        add(document, "Mark done and go to &next unfinished", self.done_and_next, "Ctrl+Return")
        add(
            document,
            "Next &unfinished document",
            lambda: self.step_unfinished(1),
            "Ctrl+Shift+PgDown",
        )
        add(
            document,
            "Previous u&nfinished document",
            lambda: self.step_unfinished(-1),
            "Ctrl+Shift+PgUp",
        )

        view = self._menu("&View")
        add(view, "Zoom &in", lambda: self.zoom.zoom(1), "Ctrl+=")
        add(view, "Zoom &out", lambda: self.zoom.zoom(-1), "Ctrl+-")
        add(view, "&Reset zoom", lambda: self.zoom.zoom(0), "Ctrl+0")
        view.addSeparator()
        self.theme_actions = QActionGroup(self.window)
        for name in THEMES:
            action = add(view, f"{name.capitalize()} theme", lambda n=name: self.set_theme(n))
            action.setCheckable(True)
            action.setData(name)
            self.theme_actions.addAction(action)
        view.addSeparator()
        for dock in (self.search_dock, self.guidelines_dock):
            view.addAction(dock.toggleViewAction())

        settings = self._menu("&Settings")
        add(settings, "&Keyboard shortcuts…", self.open_shortcuts)
        help_menu = self._menu("&Help")
        add(help_menu, "&Keyboard shortcuts", self.open_shortcuts, "F1")

    def _connect(self) -> None:
        window = self.window
        window.documentOpened.connect(self._opened)
        for signal in (
            window.view.cursorPositionChanged,
            window.view.selectionChanged,
            window.view.verticalScrollBar().valueChanged,
            window.session.changed,
        ):
            signal.connect(self.tracker.activity)
        window.session.changed.connect(self._changed)
        window.palette.labelChosen.connect(self.show_guidelines)
        window.view.currentSpanChanged.connect(self._span_selected)
        self.suggestions.message.connect(window.show_message)
        QGuiApplication.styleHints().colorSchemeChanged.connect(
            lambda _: self.set_theme(self.window.settings.value("theme", "system"))
        )
        window.closing.connect(self.tracker.stop)

    # -- slots ------------------------------------------------------------------------------

    def _opened(self, document_id: str) -> None:
        self.tracker.open(document_id)
        self.suggestions.open(document_id)
        self.show_progress()

    def _changed(self, changes) -> None:
        if changes.status is not None:
            self.show_progress()

    def _span_selected(self, span_id: str) -> None:
        span = self.window.view.current_span() if span_id else None
        if span is not None:
            self.show_guidelines(span.label)

    def show_guidelines(self, label_key: str) -> None:
        """The guidelines follow the label in hand, once their dock has been shown."""
        self.guideline_label = label_key
        if self.guidelines_dock.widget() is not None:
            self.guidelines.show_label(label_key)

    def open_search(self) -> None:
        self.search_dock.show()
        self.search_dock.raise_()
        selected = self.window.view.textCursor().selectedText()
        self.search_panel.focus_query("" if "\u2029" in selected else selected)

    def go_to_hit(self, hit: Hit) -> None:
        window = self.window
        if hit.document_id != window.document_id:
            window.open_document(hit.document_id)
        if hit.span_id:
            window.select_span(hit.span_id)
        window.view.select_offsets(hit.start, hit.end)
        window.view.ensureCursorVisible()
        window.view.setFocus()

    def _label_all(self) -> None:
        names = {label.key: label.name for label in self.window.session.store.labels()}
        self.suggestions.label_all_occurrences(names)

    def _toggle_suggestions(self) -> None:
        self.window.settings.setValue("suggest", self.show_suggestions.isChecked())
        self.suggestions.set_enabled(self.show_suggestions.isChecked())

    def _toggle_gazetteer(self) -> None:
        self.window.settings.setValue("gazetteer", self.use_gazetteer.isChecked())
        self.suggestions.use_gazetteer = self.use_gazetteer.isChecked()
        self.suggestions.refresh()

    def set_theme(self, choice: str) -> None:
        choice = choice if choice in THEMES else "system"
        self.window.settings.setValue("theme", choice)
        apply_theme(QApplication.instance(), choice)
        for action in self.theme_actions.actions():
            action.setChecked(action.data() == choice)
        self.window.view.viewport().update()

    def open_shortcuts(self) -> None:
        from .shortcut_sheet import open_sheet  # a dialog: built when asked for

        self.sheet = open_sheet(self.window, self.window.settings)

    # -- flow -------------------------------------------------------------------------------

    def step_unfinished(self, step: int) -> bool:
        """Open the next (1) or previous (-1) document not done, wrapping around; False if none."""
        rows = self.window.documents.rows
        here = self.window.documents.row_of(self.window.document_id or "")
        for distance in range(1, len(rows) + 1):
            row = rows[(here + step * distance) % len(rows)]
            if row.status != Status.DONE.value and row.id != self.window.document_id:
                self.window.open_document(row.id)
                return True
        self.window.show_message("Every other document is done")
        return False

    def done_and_next(self) -> None:
        window = self.window
        if window.document_id is None:
            return
        old = window.session.status(window.document_id)
        if old != Status.DONE.value:
            window.undo_stack.push(
                SetStatus(window.session, window.document_id, old, Status.DONE.value)
            )
        self.step_unfinished(1)

    def show_progress(self) -> None:
        rows = self.window.document_filter.current_rows()  # filtered out or not
        finished = Status.DONE.value  # read once: an enum member's value is a property
        done = sum(row.status == finished for row in rows)
        spent = format_duration(self.tracker.total())
        self.progress.setText(f"{done} of {len(rows)} done · {spent} on this document   ")
