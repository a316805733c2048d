"""The open project as the review sees it: gold decisions written and announced like edits."""

from __future__ import annotations

from ..adjudication import GOLD_LAYER, GoldDecision
from ..store import Changes
from .session import Session


class ReviewSession(Session):
    """A session whose user is the reviewer; decisions are the only writes it adds."""

    @property
    def status_layer(self) -> str:
        """A reviewer marks the gold layer of a document done, so `--documents done` finds it."""
        return GOLD_LAYER

    def add_decision(self, decision: GoldDecision) -> Changes:
        return self._announce(self.store.add_decision(decision))

    def remove_decision(self, decision_id: str) -> Changes:
        return self._announce(self.store.remove_decision(decision_id))
