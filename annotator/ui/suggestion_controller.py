"""Suggestions for the open document: computed in a worker, accepted (Y) or rejected (X).

Accepting pushes the same AddSpan command as labelling by hand; rejecting pushes a command that
remembers the rejection in the project, so neither bypasses undo.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtGui import QUndoStack

from ..model import new_id
from ..store import Changes
from .commands import AddSpan, StoreCommand, _short
from .document_view import DocumentView
from .session import Session
from .suggestion_overlay import SuggestionOverlay
from .workers import StoreJob

# The suggestion finders load when first used (in the first worker, after the first paint):
# importing them cost ~2 ms of every start.
if TYPE_CHECKING:
    from ..suggestions import Suggestion

_RUNNING: set[StoreJob] = set()


def _keep_until_done(job: StoreJob) -> None:
    """Hold a job's signals alive until it reports, even if the window closes meanwhile."""
    _RUNNING.add(job)
    job.signals.finished.connect(lambda _: _RUNNING.discard(job))
    job.signals.failed.connect(lambda _: _RUNNING.discard(job))


class RejectSuggestion(StoreCommand):
    def __init__(self, session: Session, document_id: str, suggestion: Suggestion) -> None:
        super().__init__(
            session, f"Reject suggestion {suggestion.label} “{_short(suggestion.text)}”"
        )
        self.document_id, self.suggestion = document_id, suggestion

    def do(self) -> None:
        self._set(True)

    def revert(self) -> None:
        self._set(False)

    def _set(self, rejected: bool) -> None:
        s = self.suggestion
        self.session.set_suggestion_rejected(self.document_id, s.text, s.label, rejected)


class SuggestionController(QObject):
    message = Signal(str)
    updated = Signal()  # new suggestions arrived from the worker

    def __init__(self, session: Session, view: DocumentView, undo_stack: QUndoStack) -> None:
        super().__init__()
        self.session, self.view, self.undo_stack = session, view, undo_stack
        self.overlay = SuggestionOverlay(view)
        self.document_id: str | None = None
        self.suggestions: list[Suggestion] = []
        self.use_gazetteer = True
        self.enabled = True
        self._announced: Suggestion | None = None  # told in the status bar already
        self._generation = 0  # answers from workers started before the latest request are dropped
        session.changed.connect(self.on_changes)
        view.cursorPositionChanged.connect(self._show)

    def open(self, document_id: str | None) -> None:
        self.document_id = document_id
        self._set([])
        self.refresh()

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        self._set([])
        self.refresh()

    def refresh(self) -> None:
        """Recompute in a worker: reading the corpus and the gazetteer must not block typing."""
        self._generation += 1
        if not self.enabled or self.document_id is None or self.session.store.path is None:
            return
        generation, document_id = self._generation, self.document_id
        annotator, use_gazetteer = self.session.annotator, self.use_gazetteer

        def work(store, progress):
            from ..suggestions import gazetteer_place_test, suggest_for_document

            is_place = gazetteer_place_test() if use_gazetteer else None
            return generation, suggest_for_document(store, document_id, annotator, is_place)

        job = StoreJob(self.session.store.path, work)
        # Bound methods, not lambdas: Qt drops the connection if this controller is gone first.
        job.signals.finished.connect(self._arrived)
        job.signals.failed.connect(self._failed)

        def start() -> None:
            _keep_until_done(job)
            QThreadPool.globalInstance().start(job)

        self.view.first_paint.run(start)  # the gazetteer read waits

    def _failed(self, error: str) -> None:
        self.message.emit(f"No suggestions: {error}")

    def _arrived(self, result: tuple[int, list[Suggestion]]) -> None:
        generation, found = result
        if generation == self._generation:
            self._set(found)
            self.updated.emit()

    def on_changes(self, changes: Changes) -> None:
        if changes.document_id != self.document_id or self.view.layer is None:
            return
        settled = [*changes.spans_added, *(new for _, new in changes.spans_updated)]
        if self.suggestions and settled:
            # Drop at once what the new spans settle (older spans were accounted for when the
            # suggestions were made); the worker then finds new occurrences.
            from ..suggestions import keep_new

            self._set(keep_new(self.suggestions, settled, set()))
        if changes.rejections_changed:
            rejected = self.session.store.rejected_suggestions(
                changes.document_id, self.session.annotator
            )
            self._set([s for s in self.suggestions if (s.text, s.label) not in rejected])
        self.refresh()

    # -- the suggestion Y and X act on ----------------------------------------------------------

    def current_index(self) -> int | None:
        """The suggestion under the cursor, or else the next one after it."""
        offset = self.view.cursor_offset()
        for i, s in enumerate(self.suggestions):
            if offset < s.end:
                return i
        return None

    def current(self) -> Suggestion | None:
        index = self.current_index()
        return None if index is None else self.suggestions[index]

    def accept(self) -> None:
        suggestion = self._acted_on()
        if suggestion is not None:
            span = suggestion.as_span(self.document_id, self.session.annotator, new_id())
            self.undo_stack.push(AddSpan(self.session, span))
            self._move_to(suggestion.end)

    def reject(self) -> None:
        suggestion = self._acted_on()
        if suggestion is not None:
            self.undo_stack.push(RejectSuggestion(self.session, self.document_id, suggestion))
            self._move_to(suggestion.end)

    def step(self, direction: int) -> None:
        """Move the cursor to the next (1) or previous (-1) suggestion."""
        offset = self.view.cursor_offset()
        ahead = [s for s in self.suggestions if s.start > offset]
        behind = [s for s in self.suggestions if s.start < offset]
        target = (ahead[:1] if direction > 0 else behind[-1:]) or []
        if not target:
            self.message.emit("No more suggestions in this direction")
            return
        self._move_to(target[0].start)
        self.view.ensureCursorVisible()

    def label_all_occurrences(self, label_names: dict[str, str]) -> None:
        """Offer every other occurrence of the selected span's text, previewed before labelling."""
        span, layer = self.view.current_span(), self.view.layer
        if span is None or layer is None:
            self.message.emit("Select a span first (click it, or Tab): its text and label are used")
            return
        from ..suggestions import all_occurrences

        found = all_occurrences(layer.text, span.text, span.label, layer.ordered())
        if not found:
            self.message.emit(f"Every occurrence of “{_short(span.text)}” is labelled already")
            return
        from .suggestion_preview import OccurrencePreview  # a dialog: built when asked for

        self.preview = OccurrencePreview(
            self.view.window(), layer.text, label_names.get(span.label, span.label), found
        )
        self.preview.accepted.connect(lambda: self._label_all(self.preview.chosen()))
        self.preview.open()

    def _label_all(self, chosen: list[Suggestion]) -> None:
        if not chosen or self.document_id is None:
            return
        self.undo_stack.beginMacro(f"Label {len(chosen)} occurrences of “{_short(chosen[0].text)}”")
        for suggestion in chosen:
            span = suggestion.as_span(self.document_id, self.session.annotator, new_id())
            self.undo_stack.push(AddSpan(self.session, span))
        self.undo_stack.endMacro()

    def _acted_on(self) -> Suggestion | None:
        suggestion = self.current()
        if suggestion is None:
            self.message.emit("No suggestion here: press F8 to go to the next one")
        return suggestion

    def _move_to(self, offset: int) -> None:
        self.view.select_offsets(offset, offset)

    def _set(self, suggestions: list[Suggestion]) -> None:
        self.suggestions = suggestions
        self._show()

    def _show(self) -> None:
        document_id = self.document_id or ""
        spans = [
            s.as_span(document_id, "", f"suggestion-{i}") for i, s in enumerate(self.suggestions)
        ]
        self.overlay.show(spans, self.current_index())
        under = self._under_cursor()
        if under is not None and under != self._announced:
            self.message.emit(
                f"Suggestion ({under.source}): {under.label} “{_short(under.text)}”: "
                "Y accepts, X rejects"
            )
        self._announced = under

    def _under_cursor(self) -> Suggestion | None:
        offset = self.view.cursor_offset()
        return next((s for s in self.suggestions if s.start <= offset < s.end), None)
