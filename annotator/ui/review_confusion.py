"""Which labels two annotators gave the same stretch of text: a confusion table. No Qt.

Spans are paired one to one when they have the same offsets, whatever their labels (the
agreement report's `span_f1_relaxed_any_label` matching); a span the other annotator has
nothing at counts against NONE.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..agreement import AnnotatedDocument, MatchCriterion, match_spans

NONE = "(none)"
RULE = (
    "spans paired one to one by identical offsets, any label; "
    f"a span the other annotator has nothing at is counted against {NONE}"
)


@dataclass(frozen=True)
class ConfusionTable:
    first: str  # rows
    second: str  # columns
    labels: tuple[str, ...]  # row and column order, NONE last
    counts: Counter  # (first's label, second's label) → spans
    documents: int

    def count(self, row: str, column: str) -> int:
        return self.counts.get((row, column), 0)

    @property
    def largest(self) -> int:
        return max(self.counts.values(), default=0)


def label_confusion(
    documents: Sequence[AnnotatedDocument], first: str, second: str, labels: Sequence[str]
) -> ConfusionTable:
    """Counts over the documents where both annotators' layers count; `labels` give the order."""
    counts: Counter = Counter()
    shared = [d for d in documents if first in d.layers and second in d.layers]
    for document in shared:
        ours, theirs = document.layers[first], document.layers[second]
        pairs = match_spans(ours, theirs, MatchCriterion.RELAXED_ANY_LABEL)
        counts.update((a.label, b.label) for a, b in pairs)
        paired_ours = {a.id for a, _ in pairs}
        paired_theirs = {b.id for _, b in pairs}
        counts.update((s.label, NONE) for s in ours if s.id not in paired_ours)
        counts.update((NONE, s.label) for s in theirs if s.id not in paired_theirs)
    used = {label for pair in counts for label in pair} - {NONE}
    order = [k for k in labels if k in used] + sorted(used - set(labels))
    return ConfusionTable(first, second, (*order, NONE), counts, len(shared))
