"""The open project as the UI sees it: store calls that announce what changed.

Views subscribe to `changed` and refresh from the `Changes` they receive; nothing reloads the
whole document after an edit. Every store write from the UI goes through here.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ..collector import collector_paused
from ..model import Relation, Span
from ..store import Changes, Store
from .span_layer import InReadingOrder


class Session(QObject):
    changed = Signal(object)  # Changes
    failed = Signal(str)  # a message for the status bar

    def __init__(self, store: Store, annotator: str) -> None:
        super().__init__()
        self.store = store
        self.annotator = annotator

    @property
    def status_layer(self) -> str:
        """The layer whose document status this session's user sets: their own."""
        return self.annotator

    def status(self, document_id: str) -> str:
        return self.store.status(document_id, self.status_layer)

    def spans(self, document_id: str) -> list[Span]:
        """This user's spans in a document, in reading order, for opening it."""
        with collector_paused():
            return InReadingOrder(self.store.spans(document_id, self.annotator))

    def _announce(self, changes: Changes) -> Changes:
        self.changed.emit(changes)
        return changes

    def add_span(self, span: Span, relations: list[Relation] | None = None) -> Changes:
        return self._announce(self.store.add_span(span, relations or []))

    def delete_span(self, span_id: str) -> Changes:
        return self._announce(self.store.delete_span(span_id))

    def update_span(self, span: Span) -> Changes:
        return self._announce(self.store.update_span(span))

    def set_status(self, document_id: str, status: str) -> Changes:
        return self._announce(self.store.set_status(document_id, self.status_layer, status))

    def add_relation(self, relation: Relation) -> Changes:
        return self._announce(self.store.add_relation(relation))

    def delete_relation(self, relation_id: str) -> Changes:
        return self._announce(self.store.delete_relation(relation_id))

    def set_suggestion_rejected(
        self, document_id: str, text: str, label: str, rejected: bool
    ) -> Changes:
        return self._announce(
            self.store.set_suggestion_rejected(document_id, self.annotator, text, label, rejected)
        )
