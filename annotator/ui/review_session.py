"""The open project as the review sees it: gold decisions written and announced like edits."""

from __future__ import annotations

from ..adjudication import GoldDecision
from ..store import Changes
from .session import Session


class ReviewSession(Session):
    """A session whose user is the reviewer; decisions are the only writes it adds."""

    def add_decision(self, decision: GoldDecision) -> Changes:
        return self._announce(self.store.add_decision(decision))

    def remove_decision(self, decision_id: str) -> Changes:
        return self._announce(self.store.remove_decision(decision_id))
