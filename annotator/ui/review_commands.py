"""Undoable review decisions: redo records a gold decision, undo removes it, through the session."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QUndoStack

from ..adjudication import GoldDecision
from .commands import StoreCommand, _short
from .review_session import ReviewSession


def describe(decision: GoldDecision) -> str:
    result = decision.result
    what = f" {result.label} “{_short(result.text)}”" if result is not None else ""
    return f"{decision.decision.value.capitalize()}{what}"


class AddDecision(StoreCommand):
    def __init__(self, session: ReviewSession, decision: GoldDecision) -> None:
        super().__init__(session, describe(decision))
        self.decision = decision

    def do(self) -> None:
        self.session.add_decision(self.decision)

    def revert(self) -> None:
        self.session.remove_decision(self.decision.id)


class RemoveDecision(StoreCommand):
    """Taking a decision back (before a new one replaces it); undo records it again, same id."""

    def __init__(self, session: ReviewSession, decision: GoldDecision) -> None:
        super().__init__(session, f"Withdraw {describe(decision).lower()}")
        self.decision = decision

    def do(self) -> None:
        self.session.remove_decision(self.decision.id)

    def revert(self) -> None:
        self.session.add_decision(self.decision)


def push_decisions(
    stack: QUndoStack,
    session: ReviewSession,
    decisions: list[GoldDecision],
    replaced: Sequence[GoldDecision] = (),
    text: str = "",
) -> None:
    """Record decisions as one undo step, withdrawing the ones they replace first."""
    commands = [RemoveDecision(session, d) for d in replaced]
    commands += [AddDecision(session, d) for d in decisions]
    if not commands:
        return
    if len(commands) == 1:
        stack.push(commands[0])
        return
    stack.beginMacro(text or f"{len(decisions)} decisions")
    for command in commands:
        stack.push(command)
    stack.endMacro()
