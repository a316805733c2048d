"""Where a review stands: each candidate set with its decision and state, and progress. No Qt.

The adjudication view and the corpus-wide actions read the review through these functions, so
"open", "decided" and "stale" mean the same everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from ..adjudication import (
    GOLD_LAYER,
    CandidateSet,
    Consensus,
    DisagreementKind,
    GoldDecision,
    accept_all,
    candidate_sets,
    pending,
)
from ..agreement import AnnotatedDocument, documents_from_layers
from ..model import Span
from ..store import LayerDocument, Store


class SetState(str, Enum):
    OPEN = "open"  # no decision yet
    DECIDED = "decided"  # a decision settled every span of the set
    STALE = "stale"  # decided, but the set changed since (a re-merge brought new spans)


@dataclass(frozen=True)
class ReviewItem:
    """One candidate set of the open document, with the decision that settled it, if any."""

    candidates: CandidateSet
    decision: GoldDecision | None
    state: SetState

    @property
    def kind(self) -> DisagreementKind | None:
        return self.candidates.kind

    def span_of(self, annotator: str) -> Span | None:
        """The annotator's span in this set (the first, if they made two alternatives)."""
        return next((s for s in self.candidates.spans if s.annotator == annotator), None)


@dataclass(frozen=True)
class Progress:
    decided: int = 0
    open: int = 0

    def __add__(self, other: Progress) -> Progress:
        return Progress(self.decided + other.decided, self.open + other.open)

    def text(self) -> str:
        return f"{self.decided} decided / {self.open} open"


def annotator_layers(document: AnnotatedDocument) -> dict[str, Sequence[Span]]:
    """The layers a reviewer adjudicates: every counted layer but gold."""
    return {name: spans for name, spans in document.layers.items() if name != GOLD_LAYER}


def document_for_review(store: Store, document_id: str, only_done: bool) -> AnnotatedDocument:
    """One document with the layers that count for review, by the agreement report's rule."""
    layers = store.layers(document_id)
    statuses = {name: store.status(document_id, name) for name in layers if name != GOLD_LAYER}
    spans = [span for layer in layers.values() for span in layer]
    layer_document = LayerDocument(store.document(document_id), "", spans, [], statuses)
    found = documents_from_layers([layer_document], only_done=only_done)
    return found[0] if found else AnnotatedDocument(document_id, layer_document.document.text, {})


def review_items(
    sets: Sequence[CandidateSet], decisions: Iterable[GoldDecision]
) -> list[ReviewItem]:
    """Each set with the decision on its spans; a decision that no longer settles it is stale."""
    decisions = list(decisions)
    decision_of: dict[str, GoldDecision] = {}
    for decision in decisions:
        for span_id in (*decision.candidate_span_ids, *decision.source_span_ids):
            decision_of[span_id] = decision
    unsettled = {id(s) for s in pending(sets, decisions)}
    items = []
    for candidates in sets:
        decision = next((decision_of[s.id] for s in candidates.spans if s.id in decision_of), None)
        if decision is None:
            state = SetState.OPEN
        elif id(candidates) in unsettled:  # new spans, or a stale decision
            state = SetState.STALE
        else:
            state = SetState.DECIDED
        items.append(ReviewItem(candidates, decision, state))
    return items


def items_of(document: AnnotatedDocument, decisions: Iterable[GoldDecision]) -> list[ReviewItem]:
    return review_items(candidate_sets(document.id, annotator_layers(document)), decisions)


def progress_of(items: Iterable[ReviewItem]) -> Progress:
    states = [item.state for item in items]
    decided = states.count(SetState.DECIDED)
    return Progress(decided, len(states) - decided)


def corpus_progress(
    documents: Iterable[AnnotatedDocument], decisions: Iterable[GoldDecision]
) -> dict[str, Progress]:
    """Decided / open sets per document, for the review's document list."""
    grouped = by_document(decisions)
    return {
        document.id: progress_of(items_of(document, grouped.get(document.id, [])))
        for document in documents
    }


def load_corpus_progress(store: Store, only_done: bool) -> dict[str, Progress]:
    """The worker's job: one pass over every layer, then the sets of each document."""
    documents = documents_from_layers(store.iter_layer(None), only_done=only_done)
    return corpus_progress(documents, store.decisions())


def agreed_decisions(
    items: Iterable[ReviewItem], policy: Consensus, reviewer: str
) -> list[GoldDecision]:
    """Accept every open set that annotators agree on under `policy`."""
    open_sets = [item.candidates for item in items if item.state is SetState.OPEN]
    return accept_all(open_sets, policy, reviewer=reviewer)


def agreed_everywhere(
    store: Store, only_done: bool, policy: Consensus, reviewer: str, progress=None
) -> list[GoldDecision]:
    """The worker's job for "accept agreed sets in every document": decisions, not yet written."""
    grouped = by_document(store.decisions())
    documents = list(documents_from_layers(store.iter_layer(None), only_done=only_done))
    decisions: list[GoldDecision] = []
    for number, document in enumerate(documents, 1):
        items = items_of(document, grouped.get(document.id, []))
        decisions += agreed_decisions(items, policy, reviewer)
        if progress is not None:
            progress(number, len(documents))
    return decisions


def by_document(decisions: Iterable[GoldDecision]) -> dict[str, list[GoldDecision]]:
    grouped: dict[str, list[GoldDecision]] = {}
    for decision in decisions:
        grouped.setdefault(decision.document_id, []).append(decision)
    return grouped
