"""The adjudication view: gold on top, each annotator's layer below, the sets to decide beside.

Composes widgets and actions only; what a key does is decided in `review_adjudicator`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QUndoStack
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..adjudication import GOLD_LAYER, Consensus
from ..model import Label
from ..store import Changes
from .actions import add_action, add_undo_actions
from .commands import SetStatus, _short
from .review_adjudicator import Adjudicator
from .review_models import (
    KIND_TEXT,
    CandidateSetModel,
    ReviewDocumentModel,
    mark_color,
    state_text,
)
from .review_session import ReviewSession
from .review_state import (
    ReviewItem,
    agreed_everywhere,
    document_for_review,
    load_corpus_progress,
    progress_of,
)
from .review_text_view import Mark, ReviewTextView
from .table_views import table_view
from .workers import StoreJob

KEYS_HELP = """Keys
J / F8, K / Shift+F8   next / previous disagreement
1 … 9                  accept annotator N's version
X                      reject every version
E                      edit: start from a version
A                      add the gold selection as a span
  then 1 … 9 label, Alt+←/→ start, Alt+Shift+←/→ end,
  Enter accept, Esc cancel
U                      accept the agreed sets here
Ctrl+Shift+U           … in every document
Delete                 take back this set's decision
C                      write a comment for the next decision
Ctrl+Z / Ctrl+Shift+Z  undo / redo
Ctrl+PgDown / PgUp     next / previous document
Margin bars: green decided, slate rejected, amber stale,
otherwise the colour of the set's kind (list above)."""

BANNER_STYLE = (
    "QLabel#reviewBanner { background: #fde68a; color: #713f12; font-weight: 600;"
    " padding: 6px 10px; border-bottom: 1px solid #f59e0b; }"
)


def _plain_label(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # names and span texts are not HTML
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


class LayerPane(QWidget):
    """A header saying whose layer this is and what it has in the current set, over its text."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.number = 0  # the key (1-9) that accepts this annotator's version
        self.header = _plain_label(name, f"layerHeader_{name}")
        self.header.setStyleSheet("font-weight: 600; padding: 2px 4px;")
        self.view = ReviewTextView()
        self.view.setAccessibleName(f"{name} layer")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.view)


class AdjudicationView(QMainWindow):
    """Review mode: the reviewer's window over the same project as the annotation window."""

    closed = Signal()  # review mode left

    def __init__(
        self, session: ReviewSession, run_job: Callable[[StoreJob, str, Callable], StoreJob]
    ) -> None:
        super().__init__()
        self.setObjectName("adjudicationView")
        self.setWindowTitle(f"Review — {session.store.path.name if session.store.path else ''}")
        self.session = session
        self.run_job = run_job
        self.labels: list[Label] = session.store.labels()
        self.undo_stack = QUndoStack(self)
        self.document_id: str | None = None
        self.gold = LayerPane(GOLD_LAYER)
        # Before the adjudicator subscribes: the gold view holds a new span before it is shown.
        session.changed.connect(self.on_changes)
        self.adjudicator = Adjudicator(session, self.gold.view, self.undo_stack)
        self.panes: dict[str, LayerPane] = {}
        self.documents = ReviewDocumentModel()
        self.sets = CandidateSetModel()
        self.sets.labels = {label.key: label for label in self.labels}
        self._build_widgets()
        self._build_actions()
        self._connect()
        self.load_documents()

    # -- composition ------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.banner = _plain_label(
            f"REVIEW MODE — reviewer: {self.session.annotator}. Every annotator's layer is "
            "shown; your decisions make the gold layer.",
            "reviewBanner",
        )
        self.banner.setStyleSheet(BANNER_STYLE)
        self.document_list = table_view("reviewDocuments", self.documents)
        self.document_list.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch
        )
        self.layers = QSplitter(Qt.Orientation.Vertical)
        self.layers.setChildrenCollapsible(False)
        self.gold.header.setStyleSheet("font-weight: 700; padding: 2px 4px; color: #92400e;")
        self.gold.view.set_labels(self.labels)
        self.layers.addWidget(self.gold)
        self.progress = _plain_label("", "reviewProgress")
        self.set_list = table_view("candidateSets", self.sets)
        self.set_list.setAlternatingRowColors(False)  # the kind column has its own colours
        self.set_list.horizontalHeader().setStretchLastSection(True)
        self.detail = _plain_label("", "setDetail")
        self.comment = QLineEdit()
        self.comment.setObjectName("reviewComment")
        self.comment.setPlaceholderText("Comment for the next decision (C)")
        self.draft_bar = _plain_label("", "draftBar")
        self.draft_bar.setStyleSheet("background: #dbeafe; padding: 6px; border-radius: 4px;")
        self.draft_bar.hide()
        keys = _plain_label(KEYS_HELP, "reviewKeys")
        keys.setStyleSheet("color: #4b5563; font-family: monospace; font-size: 11px;")
        side = QWidget()
        column = QVBoxLayout(side)
        for widget in (self.progress, self.set_list, self.detail, self.draft_bar, self.comment):
            column.addWidget(widget)
        column.addWidget(keys)
        column.setStretch(1, 1)
        body = QSplitter(Qt.Orientation.Horizontal)
        for widget in (self.document_list, self.layers, side):
            body.addWidget(widget)
        body.setSizes([190, 690, 520])
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.banner)
        outer.addWidget(body, 1)
        self.setCentralWidget(central)
        self.resize(1400, 900)

    def _action(self, menu, text: str, slot: Callable, *shortcuts: str) -> QAction:
        return add_action(self, menu, text, slot, *shortcuts)

    def _build_actions(self) -> None:
        a = self.adjudicator
        review = self.menuBar().addMenu("&Review")
        self._action(review, "&Next disagreement", lambda: a.step(1), "J", "F8")
        self._action(review, "&Previous disagreement", lambda: a.step(-1), "K", "Shift+F8")
        accept = review.addMenu("&Accept annotator's version")
        for n in range(1, 10):
            self._action(accept, f"Annotator {n}", lambda n=n: a.press_number(n), str(n))
        self._action(review, "&Reject all versions", a.reject, "X")
        self._action(review, "&Edit the span, then accept", a.begin_edit, "E")
        self._action(review, "A&dd the selection as a gold span", a.begin_add, "A")
        self._action(review, "Accept agreed sets in this &document", a.accept_consensus_here, "U")
        self._action(
            review, "Accept agreed sets in &every document", self.accept_everywhere, "Ctrl+Shift+U"
        )
        self._action(review, "&Take back this set's decision", a.withdraw, "Delete")
        self._action(review, "&Comment…", self.comment.setFocus, "C")
        review.addSeparator()
        self.majority = self._action(review, "One-step accept takes a &majority", self.set_policy)
        self.majority.setCheckable(True)
        self.unfinished = self._action(
            review, "Count &unfinished layers", self.set_unfinished_counted
        )
        self.unfinished.setCheckable(True)
        review.addSeparator()
        self._action(review, "Next document", lambda: self.step_document(1), "Ctrl+PgDown")
        self._action(review, "Previous document", lambda: self.step_document(-1), "Ctrl+PgUp")
        self._action(review, "Mark the gold layer &done / not done", self.toggle_done, "Ctrl+D")
        self._action(review, "&Close review", self.close, "Ctrl+W")

        draft = self.menuBar().addMenu("&Gold span")
        self.draft_actions = [
            self._action(draft, "Start left", lambda: a.move_draft("start", -1), "Alt+Left"),
            self._action(draft, "Start right", lambda: a.move_draft("start", 1), "Alt+Right"),
            self._action(draft, "End left", lambda: a.move_draft("end", -1), "Alt+Shift+Left"),
            self._action(draft, "End right", lambda: a.move_draft("end", 1), "Alt+Shift+Right"),
            self._action(draft, "Accept the gold span", a.finish_draft, "Return", "Enter"),
            self._action(draft, "Cancel", a.cancel_draft, "Escape"),
        ]
        for action in self.draft_actions:
            action.setEnabled(False)  # only while a gold span is being written

        add_undo_actions(self, self.menuBar().addMenu("&Edit"), self.undo_stack)

    def _connect(self) -> None:
        a = self.adjudicator
        a.message.connect(self.show_message)
        a.itemsChanged.connect(self.show_items)
        a.currentChanged.connect(self.show_current)
        a.draftChanged.connect(self.show_draft)
        a.commentUsed.connect(self.comment.clear)
        self.session.failed.connect(self.show_message)
        self.comment.textChanged.connect(lambda text: setattr(a, "comment", text))
        self.comment.returnPressed.connect(self.gold.view.setFocus)
        self.set_list.clicked.connect(lambda index: a.select(index.row()))
        self.document_list.selectionModel().currentRowChanged.connect(self._document_row_changed)

    # -- documents --------------------------------------------------------------------------

    def load_documents(self) -> None:
        summaries = self.session.store.document_summaries(self.session.annotator)
        self.documents.reset([(s.id, s.title, None) for s in summaries])
        self.count_progress()
        if summaries:
            self.open_document(summaries[0].id)

    def count_progress(self) -> StoreJob | None:
        """Decided / open per document, counted in a worker: every layer of the corpus is read."""
        if self.session.store.path is None:
            return None
        only_done = self.adjudicator.only_done
        job = StoreJob(
            self.session.store.path, lambda store, _: load_corpus_progress(store, only_done)
        )
        return self.run_job(job, "Counting what is left to review…", self._counted)

    def _counted(self, progress: dict) -> None:
        self.documents.set_progress(progress)
        self.show_items()

    def open_document(self, document_id: str) -> None:
        store = self.session.store
        document = document_for_review(store, document_id, self.adjudicator.only_done)
        self.document_id = document_id
        self.gold.view.show_document(document.text, store.spans(document_id, GOLD_LAYER))
        names = sorted(n for n in document.layers if n != GOLD_LAYER)
        self._show_panes(names, document)
        row = self.documents.row_of(document_id)
        if row >= 0 and self.document_list.currentIndex().row() != row:
            self.document_list.selectRow(row)
        self.adjudicator.open(document)
        self.gold.view.setFocus()
        if not names:
            self.show_message(
                "No annotator's layer counts on this document: none marked it done "
                "(Review > Count unfinished layers shows work in progress)"
            )

    def _show_panes(self, names: list[str], document) -> None:
        for pane in self.panes.values():
            pane.hide()
        for number, name in enumerate(names, start=1):
            pane = self.panes.get(name)
            if pane is None:
                pane = self.panes[name] = LayerPane(name)
                pane.view.set_labels(self.labels)
                pane.view.spanClicked.connect(self.adjudicator.select_span)
                self.layers.addWidget(pane)
            pane.view.show_document(document.text, list(document.layers[name]))
            pane.number = number
            pane.show()

    def _document_row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if current.isValid():
            document_id = self.documents.rows[current.row()][0]
            if document_id != self.document_id:
                self.open_document(document_id)

    def step_document(self, step: int) -> None:
        row = self.documents.row_of(self.document_id) + step
        if 0 <= row < len(self.documents.rows):
            self.open_document(self.documents.rows[row][0])

    # -- showing the review -----------------------------------------------------------------

    def on_changes(self, changes: Changes) -> None:
        if changes.document_id == self.document_id:
            self.gold.view.apply_changes(changes)

    def show_items(self) -> None:
        items = self.adjudicator.items
        self.sets.reset(items)
        here = progress_of(items)
        if self.adjudicator.document is not None:
            self.documents.update(self.adjudicator.document.id, here)
        total = self.documents.total()
        self.progress.setText(
            f"This document: {here.text()}\nAll documents: {total.text()}"
            f"{' (counting…)' if any(p is None for _, _, p in self.documents.rows) else ''}"
        )
        self.show_current()

    def show_current(self) -> None:
        a = self.adjudicator
        item = a.current
        index = a.index
        if 0 <= index < self.sets.rowCount() and self.set_list.currentIndex().row() != index:
            self.set_list.selectRow(index)
        for pane in self.panes.values():
            if not pane.isHidden():
                self._show_pane(pane, item)
        self._show_gold(item)
        self.detail.setText(self._detail(item))

    def _show_pane(self, pane: LayerPane, item: ReviewItem | None) -> None:
        span = item.span_of(pane.name) if item else None
        pane.view.set_current_span(span.id if span else None)
        if span is not None:
            what = f"{self._label_name(span.label)} “{_short(span.text, 60)}” [{span.start}, {span.end})"
        elif item is not None:
            what = "nothing here (missing)"
        else:
            what = ""
        pane.header.setText(f"{pane.number} · {pane.name}" + (f" — {what}" if what else ""))
        pane.view.set_marks(self._marks(item))
        if item is not None and span is None:
            self._reveal(pane.view, item.candidates.start)

    def _show_gold(self, item: ReviewItem | None) -> None:
        view = self.gold.view
        result = item.decision.result if item and item.decision else None
        if self.adjudicator.draft is None:
            view.set_current_span(result.id if result else None)
            if item is not None:
                self._reveal(view, item.candidates.start)
        decided = state_text(item) if item else "no set"
        self.gold.header.setText(f"Gold (reviewer {self.session.annotator}) — {decided}")
        view.set_marks(self._marks(item))

    def _reveal(self, view: ReviewTextView, offset: int) -> None:
        if view.layer is not None and view.current_span_id is None:
            view.select_offsets(offset, offset)
            view.ensureCursorVisible()

    def _marks(self, current: ReviewItem | None) -> list[Mark]:
        return [
            Mark(item.candidates.start, item.candidates.end, mark_color(item), item is current)
            for item in self.adjudicator.items
        ]

    def _detail(self, item: ReviewItem | None) -> str:
        if item is None:
            return "No candidate set in this document."
        a = self.adjudicator
        lines = [
            f"Set {a.index + 1} of {len(a.items)} · {KIND_TEXT[item.kind]} · {state_text(item)}"
        ]
        numbers = {name: n for n, name in enumerate(a.annotators, start=1)}
        for version in item.candidates.versions:
            who = ", ".join(f"{numbers.get(n, '?')} {n}" for n in version.annotators)
            lines.append(
                f"  {who}: {self._label_name(version.label)} “{_short(version.text, 50)}” "
                f"[{version.start}, {version.end})"
            )
        if item.candidates.missing:
            lines.append(f"  nothing from: {', '.join(item.candidates.missing)}")
        if item.decision is not None and item.decision.comment:
            lines.append(f"Comment: {item.decision.comment}")
        return "\n".join(lines)

    def show_draft(self) -> None:
        draft = self.adjudicator.draft
        for action in self.draft_actions:
            action.setEnabled(draft is not None)
        if draft is None:
            self.draft_bar.hide()
            self.show_current()
            return
        bounds = self.adjudicator.draft_bounds()
        text = self.adjudicator.document.text[slice(*bounds)] if bounds else ""
        label = self._label_name(draft.label) if draft.label else "no label yet"
        verb = "Editing" if draft.item is not None else "Adding"
        self.draft_bar.setText(
            f"{verb} gold span: {label} “{_short(text, 60)}”\n"
            "1-9 label · Alt+←/→ start · Alt+Shift+←/→ end · Enter accept · Esc cancel"
        )
        self.draft_bar.show()

    def _label_name(self, key: str) -> str:
        return next((label.name for label in self.labels if label.key == key), key)

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        self.closed.emit()

    # -- settings and corpus-wide work ---------------------------------------------------------

    def toggle_done(self) -> None:
        if self.document_id is not None:
            self.undo_stack.push(SetStatus.toggling_done(self.session, self.document_id))
            self.show_message(
                f"Gold layer of this document: {self.session.status(self.document_id)}"
            )

    def set_policy(self) -> None:
        checked = self.majority.isChecked()
        self.adjudicator.policy = Consensus.MAJORITY if checked else Consensus.UNANIMOUS

    def set_unfinished_counted(self) -> None:
        self.adjudicator.only_done = not self.unfinished.isChecked()
        self.open_document(self.document_id)
        self.count_progress()

    def accept_everywhere(self) -> StoreJob | None:
        """Agreed sets of every document: found in a worker (every layer is read), then written."""
        if self.session.store.path is None:
            return None
        a = self.adjudicator
        only_done, policy, reviewer = a.only_done, a.policy, a.reviewer
        job = StoreJob(
            self.session.store.path,
            lambda store, progress: agreed_everywhere(store, only_done, policy, reviewer, progress),
        )
        return self.run_job(job, "Finding agreed sets in every document…", self._agreed_found)

    def _agreed_found(self, decisions: list) -> None:
        self.adjudicator.accept_everywhere(decisions)
        self.count_progress()
