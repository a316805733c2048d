"""Drawing a relation from the keyboard: R on the selected span, Tab / Shift+Tab through the spans
the schema lets it link to, Enter to link (then a number when several types fit), Esc to cancel."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QUndoStack

from ..model import Relation, Span, new_id
from .commands import AddRelation, _short
from .document_view import DocumentView
from .relation_markers import RelationMarkers
from .relation_set import RelationSet
from .session import Session

_CONFIRM = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def relation_text(kind: str, source: Span, target: Span) -> str:
    return f"{kind} from “{_short(source.text)}” to “{_short(target.text)}”"


class RelationPicker(QObject):
    """While active it owns the text view's keys, so a stray label key changes nothing."""

    message = Signal(str)
    finished = Signal()

    def __init__(
        self,
        session: Session,
        view: DocumentView,
        relations: RelationSet,
        markers: RelationMarkers,
        undo_stack: QUndoStack,
    ) -> None:
        super().__init__()
        self.session, self.view, self.relations = session, view, relations
        self.markers, self.undo_stack = markers, undo_stack
        self.source: Span | None = None
        self.candidates: list[Span] = []
        self.index = 0
        self.types: list[str] = []  # set once a target is confirmed and several types fit

    @property
    def active(self) -> bool:
        return self.source is not None

    def start(self) -> None:
        source = self.view.current_span()
        if source is None or self.view.layer is None:
            self.message.emit("Select a span first (Tab or a click), then press R to link it")
            return
        schema = self.session.store.schema()
        self.candidates = [
            span
            for span in self.view.layer.ordered()
            if span.id != source.id and schema.relation_types_between(source.label, span.label)
        ]
        if not self.candidates:
            self.message.emit(f"No span here that the schema lets a {source.label} link to")
            return
        self.source, self.types = source, []
        self.index = min(
            range(len(self.candidates)),
            key=lambda i: abs(self.candidates[i].start - source.start),
        )
        self.view.installEventFilter(self)
        self._show_target()

    def cancel(self, note: str = "Relation cancelled") -> None:
        if not self.active:
            return
        self.view.removeEventFilter(self)
        self.source, self.candidates, self.types = None, [], []
        self.markers.show(self.markers.linked)
        self.message.emit(note)
        self.finished.emit()

    @property
    def target(self) -> Span | None:
        return self.candidates[self.index] if self.active else None

    def _show_target(self) -> None:
        target = self.target
        self.markers.show(self.markers.linked, target.id)
        self.view.set_current_span(self.source.id, reveal=False)
        cursor = self.view.textCursor()
        cursor.setPosition(self.view.layer.offsets.to_utf16(target.start))
        self.view.setTextCursor(cursor)
        self.view.ensureCursorVisible()
        self.message.emit(
            f"Link “{_short(self.source.text)}” to {target.label} “{_short(target.text)}”? "
            "Tab / Shift+Tab: other spans, Enter: link, Esc: cancel"
        )

    # -- keys while picking -----------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # the window's Tab, label and Delete shortcuts wait until we finish
            return True
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            self._key(event)
            return True
        return False

    def _key(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.cancel()
        elif self.types:
            self._choose_type(event.text())
        elif key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            step = -1 if key == Qt.Key.Key_Backtab else 1
            self.index = (self.index + step) % len(self.candidates)
            self._show_target()
        elif key in _CONFIRM:
            self._confirm()

    def _confirm(self) -> None:
        schema = self.session.store.schema()
        fitting = schema.relation_types_between(self.source.label, self.target.label)
        fresh = [t for t in fitting if not self.relations.exists(self.source.id, self.target.id, t)]
        if not fresh:
            self.message.emit("These spans are already linked by every type the schema allows")
        elif len(fresh) == 1:
            self._link(fresh[0])
        else:
            self.types = fresh
            choices = ", ".join(f"{n} {kind}" for n, kind in enumerate(fresh, start=1))
            self.message.emit(f"Which relation? {choices}: press its number (Esc cancels)")

    def _choose_type(self, typed: str) -> None:
        if typed.isdigit() and 1 <= int(typed) <= len(self.types):
            self._link(self.types[int(typed) - 1])

    def _link(self, kind: str) -> None:
        source, target = self.source, self.target
        relation = Relation(
            new_id(), source.document_id, self.session.annotator, source.id, target.id, kind
        )
        self.undo_stack.push(
            AddRelation(self.session, relation, relation_text(kind, source, target))
        )
        self.cancel(f"Linked: {relation_text(kind, source, target)}")
