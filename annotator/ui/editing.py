"""Turns annotation keys into undoable commands for the open document.

The rules live in `model` (snapping, validity, boundary steps); this module only reads the view's
selection, applies those rules and pushes a command, or reports why it did not.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from ..model import (
    Document,
    Span,
    SpanError,
    check_span_bounds,
    new_id,
    snap_to_words,
    step_boundary,
    trim_whitespace,
)
from .commands import AddSpan, DeleteSpan, SetStatus, UpdateSpan
from .document_view import DocumentView
from .session import Session


class Editor(QObject):
    message = Signal(str)

    def __init__(self, session: Session, view: DocumentView, undo_stack: QUndoStack) -> None:
        super().__init__()
        self.session = session
        self.view = view
        self.undo_stack = undo_stack
        self.document: Document | None = None
        self.snap_words = True

    def open(self, document: Document | None) -> None:
        self.document = document

    def label(self, key: str) -> None:
        """With a selection: make a span. Without one: relabel the selected span."""
        if self.document is None:
            return
        selection = self.view.selection_offsets()
        if selection is None:
            self._relabel(key)
            return
        try:
            check_span_bounds(self.document.text, *selection)
            start, end = self._bounds(*selection)
            check_span_bounds(self.document.text, start, end)
        except SpanError as error:
            self.message.emit(f"No span made: {error}")
            return
        span = Span(
            id=new_id(),
            document_id=self.document.id,
            annotator=self.session.annotator,
            start=start,
            end=end,
            label=key,
            text=self.document.text[start:end],
        )
        self.undo_stack.push(AddSpan(self.session, span))
        if span.id in (self.view.layer or {}):
            self.view.set_current_span(span.id, reveal=False)

    def _bounds(self, start: int, end: int) -> tuple[int, int]:
        text = self.document.text
        return (
            snap_to_words(text, start, end)
            if self.snap_words
            else trim_whitespace(text, start, end)
        )

    def _relabel(self, key: str) -> None:
        span = self.view.current_span()
        if span is None:
            self.message.emit(
                "Select text first (mouse, or Shift with the arrow keys), then press a label key"
            )
            return
        if span.label != key:
            self.undo_stack.push(
                UpdateSpan(self.session, span, replace(span, label=key), "Relabel")
            )

    def delete_current(self) -> None:
        span = self.view.current_span()
        if span is None:
            self.message.emit("No span selected: click a span or press Tab to select one")
            return
        self.undo_stack.push(DeleteSpan(self.session, span))
        self.view.set_current_span(None)

    def move_boundary(self, edge: str, direction: int) -> None:
        span = self.view.current_span()
        if span is None or self.document is None:
            self.message.emit("No span selected: click a span or press Tab to select one")
            return
        start, end = step_boundary(
            self.document.text, span.start, span.end, edge, direction, by_word=self.snap_words
        )
        if (start, end) == (span.start, span.end):
            self.message.emit("That boundary cannot move further")
            return
        moved = span.with_bounds(self.document.text, start, end)
        self.undo_stack.push(UpdateSpan(self.session, span, moved, "Move boundary of"))

    def set_note(self, note: str) -> None:
        span = self.view.current_span()
        if span is not None and note != span.note:
            self.undo_stack.push(
                UpdateSpan(self.session, span, replace(span, note=note), "Note on")
            )

    def toggle_done(self) -> None:
        if self.document is None:
            return
        self.undo_stack.push(SetStatus.toggling_done(self.session, self.document.id))

    def select_neighbour(self, step: int) -> None:
        """Tab / Shift+Tab: the next or previous span in reading order."""
        layer = self.view.layer
        if layer is None or not len(layer):
            return
        spans = layer.ordered()
        ids = [s.id for s in spans]
        current = self.view.current_span_id
        if current in ids:
            index = (ids.index(current) + step) % len(ids)
        else:
            offset = self.view.cursor_offset()
            after = [i for i, s in enumerate(spans) if s.start >= offset]
            index = after[0] if step > 0 and after else (len(ids) - 1 if step < 0 else 0)
        self.view.set_current_span(ids[index])
