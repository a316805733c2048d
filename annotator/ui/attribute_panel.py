"""The attribute panel: the selected span's attributes, the values its text proposes, its relations.

Every change is one undoable UpdateSpan (or DeleteRelation) pushed at once, so it is saved before
the next key. Keys typed here go to the inputs, not to the window's label shortcuts; Esc goes back
to the text.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QThreadPool, Signal
from PySide6.QtGui import QKeyEvent, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..model import Span, SpanError
from ..proposals import (
    LOCATION_LABEL,
    accept,
    describe,
    differs,
    place_proposals,
    proposal_for,
    shared_gazetteer,
)
from ..store import CANONICAL_NAME, Changes
from .commands import DeleteRelation, UpdateSpan, _short
from .document_view import DocumentView
from .relation_picker import relation_text
from .relation_set import Link, RelationSet
from .session import Session
from .workers import StoreJob

if TYPE_CHECKING:  # places come from the gazetteer's worker; the schema and the attribute
    # editors with the first span selected (the editors' module and its Qt classes: ~2 ms of
    # every start otherwise)
    from ..gazetteer import Place
    from ..schema import LabelSpec
    from .attribute_editors import AttributeEditor

HINT = (
    "F2: edit attributes · Tab: next field · Esc: back to the text\n"
    "P: accept the proposal · Ctrl+G: look the place up\n"
    "R (in the text): link the span to another · Delete (in the list): remove a link"
)
_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


def _plain_label(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)  # span text and file names are not HTML
    label.setWordWrap(True)
    return label


class AttributePanel(QWidget):
    message = Signal(str)
    spanChosen = Signal(str)  # a link's far end, to select in the text
    done = Signal()  # Esc: focus back to the text

    def __init__(
        self,
        session: Session,
        view: DocumentView,
        relations: RelationSet,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("attributePanel")
        self.session, self.view, self.relations = session, view, relations
        self.undo_stack = undo_stack
        self.span: Span | None = None
        self.editors: dict[str, AttributeEditor] = {}
        self._built_for: str | None = None
        self.proposal: dict[str, Any] = {}
        self.places: list[Place] = []
        self._jobs: list[StoreJob] = []
        self._build()
        session.failed.connect(lambda _message: self._show_values())

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.heading = _plain_label("No span selected: press Tab to select one", "attributeHeading")
        self.proposal_text = _plain_label("", "proposalText")
        self.place_choice = QComboBox()
        self.place_choice.setObjectName("placeChoice")
        self.accept_button = QPushButton("Accept proposal   P")
        self.accept_button.setObjectName("acceptProposal")
        self.accept_button.clicked.connect(self.accept_proposal)
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        self.form.setContentsMargins(0, 4, 0, 4)
        self.relation_list = QListWidget()
        self.relation_list.setObjectName("relationList")
        self.relation_list.itemActivated.connect(
            lambda item: self.spanChosen.emit(item.data(Qt.ItemDataRole.UserRole).other)
        )
        for widget in (self.place_choice, self.accept_button, self.relation_list):
            widget.installEventFilter(self)
        for widget in (self.heading, self.proposal_text, self.place_choice, self.accept_button):
            layout.addWidget(widget)
        layout.addWidget(self.form_host)
        layout.addWidget(_plain_label("Relations", "relationsHeading"))
        layout.addWidget(self.relation_list, 1)
        layout.addWidget(_plain_label(HINT, "attributeHint"))
        self._show_proposal()

    # -- what is shown ----------------------------------------------------------------------

    def show_span(self, span_id: str | None) -> None:
        layer = self.view.layer
        self.span = layer.get(span_id) if layer is not None and span_id else None
        self.places = []
        self._rebuild_editors()
        self._show_values()
        self.show_relations()

    def apply_changes(self, changes: Changes) -> None:
        if self.span is None:
            return
        if any(span.id == self.span.id for span in changes.spans_removed):
            self.show_span(None)
            return
        for old, new in changes.spans_updated:
            if new.id == self.span.id:
                self.span = new
                self._rebuild_editors()
                self._show_values()
        if changes.relations_added or changes.relations_removed or changes.spans_added:
            self.show_relations()

    def _label_spec(self) -> LabelSpec | None:
        try:
            return self.session.store.schema().label(self.span.label) if self.span else None
        except KeyError:
            return None  # a label from an import that the schema does not describe

    def _rebuild_editors(self) -> None:
        spec = self._label_spec()
        key = spec.key if spec else None
        if key == self._built_for:
            return
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors = {}
        for attribute in spec.attributes if spec else ():
            from .attribute_editors import editor_for  # with the first span that has attributes

            editor = editor_for(attribute)
            editor.edited.connect(self._edited)
            editor.widget.installEventFilter(self)
            name = attribute.name or attribute.key
            self.form.addRow(f"{name}{' *' if attribute.required else ''}", editor.widget)
            editor.widget.show()  # at once, not at the next event loop pass: F2 may come first
            self.editors[attribute.key] = editor
        self._built_for = key
        # Editors are made after the list, so Qt would tab past the list: chain them in order.
        chain = [editor.widget for editor in self.editors.values()] + [self.relation_list]
        for before, after in zip(chain, chain[1:]):
            QWidget.setTabOrder(before, after)

    def _show_values(self) -> None:
        span = self.span
        if span is None:
            self.heading.setText("No span selected: press Tab to select one")
        else:
            self.heading.setText(f"{span.label}: “{_short(span.text, 60)}”")
        for key, editor in self.editors.items():
            editor.set_value(span.attributes.get(key) if span else None)
        canonical = self.editors.get(CANONICAL_NAME)
        if canonical is not None:
            canonical.complete_from([a.canonical for a in self.session.store.actors()])
        self.proposal = (
            proposal_for(span.label, span.text, self.session.store.actors()) if span else {}
        )
        self._show_proposal()

    def _show_proposal(self) -> None:
        span = self.span
        is_place = span is not None and span.label == LOCATION_LABEL
        self.place_choice.setVisible(bool(is_place and self.places))
        if is_place:
            text = self._place_note()
        elif self.proposal and differs(span.attributes, self.proposal):
            text = f"Proposed from the text: {describe(self.proposal)}"
        elif self.proposal:
            text = "The attributes match what the text says."
        else:
            text = ""
        self.proposal_text.setText(text)
        self.proposal_text.setVisible(bool(text))
        self.accept_button.setVisible(self._pending_proposal() is not None)

    def _place_note(self) -> str:
        if self.places:
            return "Gazetteer matches: choose one, then accept it."
        return "Ctrl+G looks this place up in the offline gazetteer."

    def show_relations(self) -> None:
        self.relation_list.clear()
        layer = self.view.layer
        for link in self.relations.links_of(self.span.id if self.span else None):
            other = layer.get(link.other) if layer else None
            if other is not None:
                item = QListWidgetItem(_link_text(link, other))
                item.setData(Qt.ItemDataRole.UserRole, link)
                self.relation_list.addItem(item)
        if self.relation_list.count():
            self.relation_list.setCurrentRow(0)

    # -- edits ------------------------------------------------------------------------------

    def _edited(self, key: str, value: Any) -> None:
        span = self.span
        if span is None:
            return
        attributes = {k: v for k, v in span.attributes.items() if k != key}
        if value is not None:
            attributes[key] = value
        if attributes == span.attributes:
            return
        new = replace(span, attributes=attributes)
        try:
            self.session.store.check_attributes(new)
        except SpanError as error:
            self.proposal_text.setText(f"Not saved: {error}")
            self.proposal_text.setVisible(True)
            self.message.emit(f"Not saved: {error}")
            self.editors[key].set_value(span.attributes.get(key))
            return
        self.undo_stack.push(UpdateSpan(self.session, span, new, f"Set {key} of"))

    def _pending_proposal(self) -> dict[str, Any] | None:
        span = self.span
        if span is None:
            return None
        proposal = self.proposal
        if span.label == LOCATION_LABEL and self.places:
            proposal = self.places[max(self.place_choice.currentIndex(), 0)].attributes()
        return proposal if proposal and differs(span.attributes, proposal) else None

    def accept_proposal(self) -> None:
        proposal = self._pending_proposal()
        if proposal is None:
            self.message.emit("Nothing to accept: no proposal differs from the span's attributes")
            return
        new = replace(self.span, attributes=accept(self.span.attributes, proposal))
        self.undo_stack.push(UpdateSpan(self.session, self.span, new, "Accept proposal for"))

    def delete_relation(self) -> None:
        item = self.relation_list.currentItem()
        if item is None or self.span is None:
            self.message.emit("No relation selected: F2, then Tab to the relation list")
            return
        link: Link = item.data(Qt.ItemDataRole.UserRole)
        source, target = (
            self.view.layer.get(link.relation.from_span),
            self.view.layer.get(link.relation.to_span),
        )
        description = relation_text(link.relation.type, source, target)
        self.undo_stack.push(DeleteRelation(self.session, link.relation, description))

    # -- gazetteer --------------------------------------------------------------------------

    def look_up_places(self) -> None:
        if self.span is None or self.span.label != LOCATION_LABEL:
            self.message.emit("Select a location span to look it up in the gazetteer")
            return
        if shared_gazetteer.cache_info().currsize:
            self._places_found(shared_gazetteer())
            return
        self.proposal_text.setText("Loading the gazetteer…")
        job = StoreJob(self.session.store.path, lambda store, progress: shared_gazetteer())
        job.signals.finished.connect(self._places_found)
        job.signals.failed.connect(self._gazetteer_failed)
        self._jobs.append(job)
        QThreadPool.globalInstance().start(job)

    def _places_found(self, gazetteer) -> None:
        if self.span is None or self.span.label != LOCATION_LABEL:
            return
        self.places = place_proposals(self.span.text, gazetteer)
        self.place_choice.clear()
        self.place_choice.addItems([_place_text(place) for place in self.places])
        self._show_proposal()
        if not self.places:
            self.proposal_text.setText(f"The gazetteer has no place called “{self.span.text}”.")

    def _gazetteer_failed(self, reason: str) -> None:
        self.proposal_text.setText(f"No gazetteer: {reason}")
        self.proposal_text.setVisible(True)

    # -- keyboard ---------------------------------------------------------------------------

    def focus_first(self) -> None:
        if self.span is None:
            self.message.emit("No span selected: press Tab in the text to select one")
            return
        target = next(iter(self.editors.values())).widget if self.editors else self.relation_list
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if not event.modifiers() & _COMMAND_MODIFIERS:
                event.accept()  # plain keys type into the inputs; label keys wait for the text
                return False
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Escape:
                self.done.emit()
                return True
            if watched is self.relation_list and event.key() in (
                Qt.Key.Key_Delete,
                Qt.Key.Key_Backspace,
            ):
                self.delete_relation()
                return True
        return False


def _link_text(link: Link, other: Span) -> str:
    arrow = "→" if link.outgoing else "←"
    return f"{arrow} {link.relation.type}: {other.label} “{_short(other.text, 40)}”"


def _place_text(place: Place) -> str:
    return f"{place.name}, {place.country} ({place.lat:.3f}, {place.lon:.3f}) #{place.geonames_id}"
