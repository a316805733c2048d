"""Search across the project (Ctrl+Shift+F): text and annotations, results that open the hit."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from ..model import Label
from ..search import Hit, SearchError, SearchQuery, SearchResult, compile_query, search_project
from .document_filter import STATUSES
from .session import Session
from .workers import StoreJob

SCOPES = {"Text": (True, False), "Annotations": (False, True), "Text and annotations": (True, True)}
# (job, progress title, what to do with the result) → the window runs it with a progress dialog.
JobRunner = Callable[[StoreJob, str, Callable], StoreJob]


class SearchPanel(QWidget):
    hitActivated = Signal(object)  # Hit

    def __init__(self, session: Session, run_job: JobRunner) -> None:
        super().__init__()
        self.setObjectName("searchPanel")
        self.session, self.run_job = session, run_job
        self.field = QLineEdit()
        self.field.setObjectName("searchField")
        self.field.setPlaceholderText("Search the project (Enter)")
        self.field.setClearButtonEnabled(True)
        self.field.returnPressed.connect(self.search)
        self.regex, self.case, self.whole = (
            QCheckBox(t) for t in ("Regex", "Match case", "Whole words")
        )
        self.scope = self._combo("searchScope", SCOPES)
        self.status_filter = self._combo("searchStatus", STATUSES)
        self.label_filter = self._combo("searchLabel", {"Any label": None})
        go = QPushButton("Search")
        go.clicked.connect(self.search)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.results = QListWidget()
        self.results.setObjectName("searchResults")
        self.results.setWordWrap(True)
        self.results.setMinimumHeight(40)
        self.results.itemActivated.connect(self._activated)
        self.results.itemClicked.connect(self._activated)
        self._lay_out(go)

    def _combo(self, name: str, options: dict) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        # Narrow when the dock is: the panel must not widen the window's minimum size.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(5)
        for text, value in options.items():
            combo.addItem(text, value)
        return combo

    def _lay_out(self, go: QPushButton) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 6, 6, 6)
        grid.addWidget(self.field, 0, 0, 1, 2)
        grid.addWidget(go, 0, 2)
        grid.addWidget(self.regex, 1, 0)
        grid.addWidget(self.case, 1, 1)
        grid.addWidget(self.whole, 1, 2)
        grid.addWidget(self.scope, 2, 0)
        grid.addWidget(self.label_filter, 2, 1)
        grid.addWidget(self.status_filter, 2, 2)
        grid.addWidget(self.summary, 3, 0, 1, 3)
        grid.addWidget(self.results, 4, 0, 1, 3)

    def set_labels(self, labels: list[Label]) -> None:
        self.label_filter.clear()
        self.label_filter.addItem("Any label", None)
        for label in labels:
            self.label_filter.addItem(label.name, label.key)

    def focus_query(self, text: str = "") -> None:
        if text:
            self.field.setText(text)
        self.field.setFocus()
        self.field.selectAll()

    def query(self) -> SearchQuery:
        in_text, in_annotations = self.scope.currentData()
        return SearchQuery(
            self.field.text(),
            regex=self.regex.isChecked(),
            case_sensitive=self.case.isChecked(),
            whole_word=self.whole.isChecked(),
            in_text=in_text,
            in_annotations=in_annotations,
            label=self.label_filter.currentData(),
            statuses=self.status_filter.currentData(),
        )

    def search(self) -> StoreJob | None:
        query = self.query()
        try:
            compile_query(query)
        except SearchError as error:
            self.summary.setText(str(error))
            return None
        if not query.pattern and not (query.in_annotations and query.label):
            self.summary.setText("Type what to look for, or pick a label and search annotations")
            return None
        annotator = self.session.annotator
        job = StoreJob(
            self.session.store.path,
            lambda store, progress: search_project(store, query, annotator, progress),
        )
        self.summary.setText("Searching…")
        return self.run_job(job, "Searching the project…", self.show_result)

    def show_result(self, result: SearchResult) -> None:
        self.results.clear()
        for hit in result.hits:
            item = QListWidgetItem(self._describe(hit))
            item.setToolTip(hit.context)
            item.setData(Qt.ItemDataRole.UserRole, hit)
            self.results.addItem(item)
        documents = len({h.document_id for h in result.hits})
        more = " (first ones only: narrow the search to see the rest)" if result.truncated else ""
        self.summary.setText(
            f"{len(result.hits)} hits in {documents} of {result.documents} documents{more}"
        )

    @staticmethod
    def _describe(hit: Hit) -> str:
        kind = f"[{hit.label}] " if hit.span_id else ""
        return f"{hit.title or '(untitled)'}\n{kind}{hit.context}"

    def _activated(self, item: QListWidgetItem) -> None:
        self.hitActivated.emit(item.data(Qt.ItemDataRole.UserRole))
