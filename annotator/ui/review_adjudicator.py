"""Turns review keys into gold decisions on the open document: accept, edit, add, reject.

The rules live in `adjudication` (what each decision records) and `review_state` (which sets are
open); this module keeps the current set, applies those rules and pushes undoable commands.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from .. import adjudication as adj
from ..adjudication import Consensus, GoldDecision
from ..agreement import AnnotatedDocument
from ..model import SpanError, check_span_bounds, step_boundary, trim_whitespace
from ..store import Changes
from .document_view import DocumentView
from .review_commands import push_decisions
from .review_session import ReviewSession
from .review_state import ReviewItem, SetState, agreed_decisions, annotator_layers, items_of


@dataclass
class Draft:
    """A gold span being written: its bounds are the gold view's selection."""

    item: ReviewItem | None  # None: a span no annotator made ("add")
    label: str | None


class Adjudicator(QObject):
    message = Signal(str)
    itemsChanged = Signal()  # the sets' states changed (a decision was made or undone)
    currentChanged = Signal()  # another set became the current one
    draftChanged = Signal()  # a gold span is being written, or no longer
    commentUsed = Signal()  # a decision took the comment

    def __init__(self, session: ReviewSession, gold_view: DocumentView, stack: QUndoStack) -> None:
        super().__init__()
        self.session = session
        self.gold_view = gold_view
        self.undo_stack = stack
        self.document: AnnotatedDocument | None = None
        self.items: list[ReviewItem] = []
        self.index = -1
        self.comment = ""
        self.draft: Draft | None = None
        self.only_done = True
        self.policy = Consensus.UNANIMOUS
        self.labels = session.store.labels()
        session.changed.connect(self._on_changes)

    # -- state ------------------------------------------------------------------------------

    @property
    def annotators(self) -> list[str]:
        return sorted(annotator_layers(self.document)) if self.document else []

    @property
    def current(self) -> ReviewItem | None:
        return self.items[self.index] if 0 <= self.index < len(self.items) else None

    @property
    def reviewer(self) -> str:
        return self.session.annotator

    def open(self, document: AnnotatedDocument) -> None:
        self.document = document
        self.draft = None
        self.index = -1
        self._reload()
        self.index = self._next_open(-1) if self.items else -1
        if self.index < 0 and self.items:
            self.index = 0
        self.draftChanged.emit()
        self.currentChanged.emit()

    def _reload(self) -> None:
        decisions = self.session.store.decisions(self.document.id)
        self.items = items_of(self.document, decisions)
        self.itemsChanged.emit()

    def _on_changes(self, changes: Changes) -> None:
        if self.document is not None and changes.document_id == self.document.id:
            self._reload()

    # -- moving -----------------------------------------------------------------------------

    def select(self, index: int) -> None:
        if 0 <= index < len(self.items) and index != self.index:
            self.index = index
            self.cancel_draft()
            self.currentChanged.emit()

    def select_span(self, span_id: str) -> None:
        """A click on an annotator's span makes its set the current one."""
        for i, item in enumerate(self.items):
            if any(s.id == span_id for s in item.candidates.spans):
                self.select(i)
                return

    def step(self, direction: int) -> None:
        """Next / previous disagreement in text order (sets everyone agrees on are skipped)."""
        order = range(self.index + 1, len(self.items)) if direction > 0 else range(self.index)
        if direction < 0:
            order = reversed(order)
        found = next((i for i in order if self.items[i].kind is not None), None)
        if found is None:
            self.message.emit(f"No {'next' if direction > 0 else 'previous'} disagreement here")
            return
        self.select(found)

    def _next_open(self, after: int) -> int:
        """The next open disagreement after `after`, wrapping round; -1 when none is left."""
        count = len(self.items)
        for i in (after + 1 + k for k in range(count)):
            item = self.items[i % count]
            if item.state is not SetState.DECIDED and item.kind is not None:
                return i % count
        return -1

    # -- deciding ---------------------------------------------------------------------------

    def press_number(self, number: int) -> None:
        """1-9: accept that annotator's version; while writing a gold span, choose a label."""
        if self.draft is not None:
            self.set_draft_label(str(number))
        else:
            self.accept_annotator(number)

    def accept_annotator(self, number: int) -> None:
        item = self._current_or_say()
        if item is None:
            return
        names = self.annotators
        if not 1 <= number <= len(names):
            self.message.emit(f"There is no annotator {number} on this document (1–{len(names)})")
            return
        name = names[number - 1]
        version = next((v for v in item.candidates.versions if name in v.annotators), None)
        if version is None:
            self.message.emit(
                f"{name} made no span here: press X to reject all, or E to write the gold span"
            )
            return
        self._decide(self._accepted(item, version), item)

    def _accepted(self, item: ReviewItem, version: adj.Version) -> GoldDecision:
        if item.kind is None:
            decision = adj.accept(item.candidates, reviewer=self.reviewer)
            return replace(decision, comment=self.comment) if self.comment else decision
        return adj.choose(item.candidates, version, reviewer=self.reviewer, comment=self.comment)

    def reject(self) -> None:
        item = self._current_or_say()
        if item is not None:
            decision = adj.reject(item.candidates, reviewer=self.reviewer, comment=self.comment)
            self._decide(decision, item)

    def withdraw(self) -> None:
        """Take back the current set's decision: it is open again (undo brings it back)."""
        item = self._current_or_say()
        if item is None or item.decision is None:
            self.message.emit("This set has no decision to take back")
            return
        push_decisions(self.undo_stack, self.session, [], [item.decision])

    def accept_consensus_here(self) -> None:
        """Every open set of this document that annotators agree on (by the policy), at once."""
        decisions = agreed_decisions(self.items, self.policy, self.reviewer)
        if not decisions:
            self.message.emit("No open set here that every annotator made the same way")
            return
        push_decisions(
            self.undo_stack, self.session, decisions, text=f"Accept {len(decisions)} agreed sets"
        )
        self.message.emit(f"Accepted {len(decisions)} agreed sets in this document")

    def accept_everywhere(self, decisions: list[GoldDecision]) -> None:
        """Write what `review_state.agreed_everywhere` found (in a worker) as one undo step."""
        if not decisions:
            self.message.emit("No open set in any document that every annotator made the same way")
            return
        documents = len({d.document_id for d in decisions})
        push_decisions(
            self.undo_stack,
            self.session,
            decisions,
            text=f"Accept {len(decisions)} agreed sets in {documents} documents",
        )
        self.message.emit(f"Accepted {len(decisions)} agreed sets in {documents} documents")

    def _decide(self, decision: GoldDecision, item: ReviewItem | None) -> None:
        replaced = [item.decision] if item is not None and item.decision is not None else []
        push_decisions(self.undo_stack, self.session, [decision], replaced)
        if self.comment:
            self.comment = ""
            self.commentUsed.emit()
        if item is not None:
            following = self._next_open(self.index)
            if following >= 0:
                self.select(following)

    def _current_or_say(self) -> ReviewItem | None:
        item = self.current
        if item is None:
            self.message.emit("No candidate set here: nobody annotated this document")
        return item

    # -- writing a gold span ----------------------------------------------------------------

    def begin_edit(self) -> None:
        """E: start from the decided span or the best-supported version; adjust, label, Enter."""
        item = self._current_or_say()
        if item is None:
            return
        result = item.decision.result if item.decision is not None else None
        if result is not None:
            start, end, label = result.start, result.end, result.label
        else:
            best = max(item.candidates.versions, key=lambda v: len(v.annotators))
            start, end, label = best.start, best.end, best.label
        self.gold_view.select_offsets(start, end)
        self.gold_view.setFocus()
        self.draft = Draft(item, label)
        self.draftChanged.emit()

    def begin_add(self) -> None:
        """A: the gold view's selection becomes a span nobody made; label it, then Enter."""
        if self.document is None:
            return
        if self.gold_view.selection_offsets() is None:
            self.message.emit(
                "Select text in the gold layer first (Shift with the arrow keys), then press A"
            )
            return
        self.draft = Draft(None, None)
        self.draftChanged.emit()

    def set_draft_label(self, shortcut: str) -> None:
        label = next((lab for lab in self.labels if lab.shortcut == shortcut), None)
        if label is None:
            self.message.emit(f"No label has the key {shortcut}")
            return
        self.draft.label = label.key
        self.draftChanged.emit()

    def move_draft(self, edge: str, direction: int) -> None:
        bounds = self.gold_view.selection_offsets()
        if self.draft is None or bounds is None:
            return
        start, end = step_boundary(self.document.text, *bounds, edge, direction)
        self.gold_view.select_offsets(start, end)
        self.draftChanged.emit()

    def draft_bounds(self) -> tuple[int, int] | None:
        bounds = self.gold_view.selection_offsets()
        return trim_whitespace(self.document.text, *bounds) if bounds else None

    def finish_draft(self) -> None:
        draft, bounds = self.draft, self.draft_bounds()
        if draft is None:
            return
        if draft.label is None:
            self.message.emit("Choose a label first: press its key (1-9)")
            return
        try:
            check_span_bounds(self.document.text, *(bounds or (0, 0)))
        except SpanError as error:
            self.message.emit(f"No gold span written: {error}")
            return
        decision = self._drafted(draft, *bounds)
        self.draft = None
        self.draftChanged.emit()
        self._decide(decision, draft.item)

    def _drafted(self, draft: Draft, start: int, end: int) -> GoldDecision:
        text, label = self.document.text, draft.label
        options = {"reviewer": self.reviewer, "comment": self.comment}
        if draft.item is None:
            return adj.add(self.document.id, text, start, end, label, **options)
        same = next(
            (
                v
                for v in draft.item.candidates.versions
                if (v.start, v.end, v.label) == (start, end, label)
            ),
            None,
        )
        if same is not None:  # the reviewer ended where an annotator was: that is a choice
            return adj.choose(draft.item.candidates, same, **options)
        return adj.edit(draft.item.candidates, text, start, end, label, **options)

    def cancel_draft(self) -> None:
        if self.draft is not None:
            self.draft = None
            self.draftChanged.emit()
