"""Undoable user edits: each redo and undo calls one store operation through the session."""

from __future__ import annotations

import sqlite3

from PySide6.QtGui import QUndoCommand

from ..model import Relation, Span, SpanError, Status
from ..store import ProjectError
from .session import Session

# What a store call may raise that the user should read rather than a traceback.
EXPECTED_ERRORS = (SpanError, ProjectError, sqlite3.Error, OSError)


class StoreCommand(QUndoCommand):
    """A command whose failure is reported, and which then leaves the undo stack (obsolete)."""

    def __init__(self, session: Session, text: str) -> None:
        super().__init__(text)
        self.session = session

    def redo(self) -> None:
        self._guard(self.do)

    def undo(self) -> None:
        self._guard(self.revert)

    def _guard(self, action) -> None:
        try:
            action()
        except EXPECTED_ERRORS as error:
            self.setObsolete(True)
            self.session.failed.emit(f"{self.text()} failed and was not saved: {error}")

    def do(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError


class AddSpan(StoreCommand):
    def __init__(self, session: Session, span: Span) -> None:
        super().__init__(session, f"Add {span.label} “{_short(span.text)}”")
        self.span = span

    def do(self) -> None:
        self.session.add_span(self.span)

    def revert(self) -> None:
        self.session.delete_span(self.span.id)


class DeleteSpan(StoreCommand):
    def __init__(self, session: Session, span: Span) -> None:
        super().__init__(session, f"Delete {span.label} “{_short(span.text)}”")
        self.span = span
        self.relations: list = []

    def do(self) -> None:
        self.relations = self.session.delete_span(self.span.id).relations_removed

    def revert(self) -> None:
        self.session.add_span(self.span, self.relations)


class UpdateSpan(StoreCommand):
    """Relabel, move a boundary or change the note: the span keeps its id."""

    def __init__(self, session: Session, old: Span, new: Span, what: str) -> None:
        super().__init__(session, f"{what} “{_short(old.text)}”")
        self.old, self.new = old, new

    def do(self) -> None:
        self.session.update_span(self.new)

    def revert(self) -> None:
        self.session.update_span(self.old)


class AddRelation(StoreCommand):
    def __init__(self, session: Session, relation: Relation, description: str) -> None:
        super().__init__(session, f"Add relation {description}")
        self.relation = relation

    def do(self) -> None:
        self.session.add_relation(self.relation)

    def revert(self) -> None:
        self.session.delete_relation(self.relation.id)


class DeleteRelation(StoreCommand):
    def __init__(self, session: Session, relation: Relation, description: str) -> None:
        super().__init__(session, f"Delete relation {description}")
        self.relation = relation

    def do(self) -> None:
        self.session.delete_relation(self.relation.id)

    def revert(self) -> None:
        self.session.add_relation(self.relation)


class SetStatus(StoreCommand):
    def __init__(self, session: Session, document_id: str, old: str, new: str) -> None:
        super().__init__(session, f"Mark {new.replace('_', ' ')}")
        self.document_id, self.old, self.new = document_id, old, new

    def do(self) -> None:
        self.session.set_status(self.document_id, self.new)

    def revert(self) -> None:
        self.session.set_status(self.document_id, self.old)

    @classmethod
    def toggling_done(cls, session: Session, document_id: str) -> SetStatus:
        """Done, or back to in progress when it already was."""
        old = session.status(document_id)
        new = Status.IN_PROGRESS.value if old == Status.DONE.value else Status.DONE.value
        return cls(session, document_id, old, new)


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
