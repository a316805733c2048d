"""Composes the claim-structure tools for the main window: the attribute panel, the relation
markers in the text and the keyboard relation picker, fed from the session's Changes."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from ..store import Changes
from .attribute_panel import AttributePanel
from .document_view import DocumentView
from .relation_markers import RelationMarkers
from .relation_picker import RelationPicker
from .relation_set import RelationSet
from .session import Session


class StructureEditing(QObject):
    message = Signal(str)
    spanChosen = Signal(str)  # select this span (a relation's far end)

    def __init__(self, session: Session, view: DocumentView, undo_stack: QUndoStack) -> None:
        super().__init__()
        self.session, self.view = session, view
        self.relations = RelationSet()
        self.markers = RelationMarkers(view)
        self.picker = RelationPicker(session, view, self.relations, self.markers, undo_stack)
        self.panel = AttributePanel(session, view, self.relations, undo_stack)
        view.currentSpanChanged.connect(self._span_selected)
        self.picker.message.connect(self.message)
        self.panel.message.connect(self.message)
        self.panel.spanChosen.connect(self.spanChosen)
        self.panel.done.connect(view.setFocus)

    def open(self, document_id: str | None) -> None:
        """A document was opened (or closed, with None): show its relations in this layer."""
        self.picker.cancel()
        store = self.session.store
        relations = store.relations(document_id, self.session.annotator) if document_id else []
        self.relations.reset(document_id, relations)
        self._span_selected(self.view.current_span_id or "")

    def _span_selected(self, span_id: str) -> None:
        if self.picker.active:
            return  # picking shows the source and the target; the panel stays on the source
        self.panel.show_span(span_id or None)
        self._mark(span_id)

    def _mark(self, span_id: str | None) -> None:
        self.markers.show({link.other for link in self.relations.links_of(span_id)})

    def apply_changes(self, changes: Changes) -> None:
        """Called by the window after the view has taken the changes in."""
        if self.relations.apply_changes(changes):
            self._mark(self.view.current_span_id)
        self.panel.apply_changes(changes)
