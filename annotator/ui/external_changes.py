"""Another window or program wrote the open project: show what it wrote, as if it were an edit.

Two app instances on one file both write safely (each action is its own transaction), but each
would otherwise keep showing what it read. SQLite's `PRAGMA data_version` changes when another
connection commits, so a cheap poll tells when to look; the difference with what the window
shows is then announced as ordinary `Changes`, and every view updates the way it does for an
edit, without reopening the document or moving the reader's place.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from ..model import Relation, Span
from ..store import Changes

POLL_MS = 1000


def changes_between(
    document_id: str,
    shown: list[Span],
    stored: list[Span],
    shown_relations: list[Relation],
    stored_relations: list[Relation],
) -> Changes:
    """What turns the shown spans and relations into the stored ones."""
    before = {span.id: span for span in shown}
    after = {span.id: span for span in stored}
    relations_before = {relation.id: relation for relation in shown_relations}
    relations_after = {relation.id: relation for relation in stored_relations}
    return Changes(
        document_id=document_id,
        spans_added=[span for key, span in after.items() if key not in before],
        spans_removed=[span for key, span in before.items() if key not in after],
        spans_updated=[
            (before[key], span)
            for key, span in after.items()
            if key in before and before[key] != span
        ],
        relations_added=[r for key, r in relations_after.items() if key not in relations_before],
        relations_removed=[r for key, r in relations_before.items() if key not in relations_after],
    )


def is_empty(changes: Changes) -> bool:
    return not (
        changes.spans_added
        or changes.spans_removed
        or changes.spans_updated
        or changes.relations_added
        or changes.relations_removed
    )


class ExternalChanges(QObject):
    """Polls the project's data version; when another connection committed, brings the window
    up to date: the open document's spans and relations, and the document list."""

    def __init__(self, window, interval_ms: int = POLL_MS) -> None:
        super().__init__(window)
        self.window = window
        self.version = window.session.store.data_version()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)
        window.closing.connect(self.timer.stop)

    def check(self) -> bool:
        """True when another connection had written since the last look."""
        version = self.window.session.store.data_version()
        if version == self.version:
            return False
        self.version = version
        self._catch_up()
        return True

    def _catch_up(self) -> None:
        window = self.window
        document_id = window.document_id
        if document_id is not None:
            changes = self._difference(document_id)
            if not is_empty(changes):
                window.session.changed.emit(changes)
                window.show_message("Updated with changes made in another window")
        window.refresh_documents()  # after the Changes: their span-count deltas are replaced
        row = window.documents.row_of(document_id or "")
        if row >= 0:
            window.document_list.selectRow(row)

    def _difference(self, document_id: str) -> Changes:
        window = self.window
        store, annotator = window.session.store, window.session.annotator
        return changes_between(
            document_id,
            window.span_model.rows,
            store.spans(document_id, annotator),
            window.structure.relations.all(),
            store.relations(document_id, annotator),
        )
