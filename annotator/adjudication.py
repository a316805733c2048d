"""Disagreements between annotators' layers, grouped for review, and the gold decisions on them.

Pure and deterministic: the same layers always give the same candidate sets in the same order
(by position in the text). No Qt, no SQL; the store keeps the decisions, the UI walks the sets.

How spans are grouped (see `candidate_sets`):
- Identical spans (same start, end and label) from several annotators are one *version*.
- Two versions are alternatives for the same thing, and so join one *candidate set*, when no
  annotator made both (an annotator who marked both meant two things, as with a source nested
  in a casualty claim), they share a character, and they have the same label or overlap by at
  least `min_overlap` (Jaccard, characters); the same offsets with another label always link.
- Sets are the connected groups of that relation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum

from .model import Span, new_id, now_iso

GOLD_LAYER = "gold"  # the store's name for the adjudicated layer (store.GOLD)
DEFAULT_MIN_OVERLAP = 0.5


class DisagreementKind(str, Enum):
    LABEL = "label"  # same offsets, different labels
    BOUNDARY = "boundary"  # same label, different offsets
    BOTH = "label_and_boundary"
    MISSING = "missing"  # the annotators who marked it agree; the others have nothing there


class Consensus(str, Enum):
    """How much agreement lets a reviewer accept a set in one step."""

    UNANIMOUS = "unanimous"  # every annotator of the document made the same span
    MAJORITY = "majority"  # more than half made the same span, and no other span has as many


class DecisionType(str, Enum):
    UNANIMOUS = "unanimous"
    CHOSEN = "chosen"
    EDITED = "edited"
    ADDED = "added"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Version:
    """One (start, end, label) and the identical spans annotators made for it."""

    start: int
    end: int
    label: str
    spans: tuple[Span, ...]

    @property
    def annotators(self) -> tuple[str, ...]:
        return tuple(sorted({s.annotator for s in self.spans}))

    @property
    def text(self) -> str:
        return self.spans[0].text

    def overlap(self, other: Version) -> int:
        return max(0, min(self.end, other.end) - max(self.start, other.start))


@dataclass(frozen=True)
class CandidateSet:
    """Versions that are alternatives for one annotation, with every annotator who could vote."""

    document_id: str
    annotators: tuple[str, ...]
    versions: tuple[Version, ...]

    @property
    def start(self) -> int:
        return min(v.start for v in self.versions)

    @property
    def end(self) -> int:
        return max(v.end for v in self.versions)

    @property
    def spans(self) -> tuple[Span, ...]:
        return tuple(s for v in self.versions for s in v.spans)

    @property
    def missing(self) -> tuple[str, ...]:
        """Annotators with no span in this set."""
        present = {s.annotator for s in self.spans}
        return tuple(name for name in self.annotators if name not in present)

    @property
    def kind(self) -> DisagreementKind | None:
        """What the annotators disagree on, or None when they all made the same span."""
        labels = {v.label for v in self.versions}
        extents = {(v.start, v.end) for v in self.versions}
        if len(labels) > 1 and len(extents) > 1:
            return DisagreementKind.BOTH
        if len(labels) > 1:
            return DisagreementKind.LABEL
        if len(extents) > 1:
            return DisagreementKind.BOUNDARY
        return DisagreementKind.MISSING if self.missing else None

    def consensus(self, policy: Consensus = Consensus.UNANIMOUS) -> Version | None:
        """The version a reviewer may accept in one step under `policy`, if there is one."""
        if self.kind is None:
            return self.versions[0]
        if policy is Consensus.UNANIMOUS:
            return None
        support = sorted(
            ((len(v.annotators), i) for i, v in enumerate(self.versions)), reverse=True
        )
        best, runner_up = support[0][0], support[1][0] if len(support) > 1 else 0
        if 2 * best > len(self.annotators) and best > runner_up:
            return self.versions[support[0][1]]
        return None


@dataclass(frozen=True)
class Disagreement:
    """A candidate set the annotators do not all agree on, and how they differ."""

    candidates: CandidateSet
    kind: DisagreementKind

    @property
    def document_id(self) -> str:
        return self.candidates.document_id

    @property
    def start(self) -> int:
        return self.candidates.start

    @property
    def end(self) -> int:
        return self.candidates.end

    @property
    def missing(self) -> tuple[str, ...]:
        return self.candidates.missing


# -- grouping ---------------------------------------------------------------------------------


def _versions(layers: Mapping[str, Sequence[Span]]) -> list[Version]:
    grouped: dict[tuple[int, int, str], list[Span]] = {}
    for name in sorted(layers):
        for span in layers[name]:
            grouped.setdefault((span.start, span.end, span.label), []).append(span)
    # Text order, the longer of two spans with one start first (as the store orders spans).
    return [
        Version(start, end, label, tuple(sorted(spans, key=lambda s: (s.annotator, s.id))))
        for (start, end, label), spans in sorted(
            grouped.items(), key=lambda item: (item[0][0], -item[0][1], item[0][2])
        )
    ]


def _alternatives(first: Version, second: Version, min_overlap: float) -> bool:
    overlap = first.overlap(second)
    if not overlap or set(first.annotators) & set(second.annotators):
        return False
    if first.label == second.label:
        return True
    union = max(first.end, second.end) - min(first.start, second.start)
    return overlap / union >= min_overlap


def _find_root(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]  # path halving keeps chains short
        i = parent[i]
    return i


def _linked_groups(versions: list[Version], min_overlap: float) -> list[list[Version]]:
    """Connected groups of alternative versions; `versions` are sorted by start."""
    parent = list(range(len(versions)))
    for i, version in enumerate(versions):
        for j in range(i + 1, len(versions)):
            if versions[j].start >= version.end:
                break  # sorted by start: nothing later can overlap this one
            if _alternatives(version, versions[j], min_overlap):
                parent[_find_root(parent, j)] = _find_root(parent, i)
    groups: dict[int, list[Version]] = {}
    for i, version in enumerate(versions):
        groups.setdefault(_find_root(parent, i), []).append(version)
    return list(groups.values())


def candidate_sets(
    document_id: str,
    layers: Mapping[str, Sequence[Span]],
    *,
    min_overlap: float = DEFAULT_MIN_OVERLAP,
) -> list[CandidateSet]:
    """Every annotation of the document as a candidate set, agreed or not, in text order.

    `layers` maps each annotator whose layer counts on this document (finished, usually) to
    their spans; an annotator with an empty layer still counts as having marked nothing.
    """
    annotators = tuple(sorted(layers))
    groups = _linked_groups(_versions(layers), min_overlap)
    sets = [CandidateSet(document_id, annotators, tuple(group)) for group in groups]
    return sorted(sets, key=_position)


def _position(candidates: CandidateSet) -> tuple:
    return (
        candidates.start,
        -candidates.end,
        [(v.start, -v.end, v.label) for v in candidates.versions],
    )


def find_disagreements(
    document_id: str,
    layers: Mapping[str, Sequence[Span]],
    *,
    min_overlap: float = DEFAULT_MIN_OVERLAP,
) -> list[Disagreement]:
    """The candidate sets annotators disagree on, classified, in text order."""
    found = []
    for candidates in candidate_sets(document_id, layers, min_overlap=min_overlap):
        kind = candidates.kind
        if kind is not None:
            found.append(Disagreement(candidates, kind))
    return found


def count_disagreements(
    documents: Iterable[object], *, min_overlap: float = DEFAULT_MIN_OVERLAP
) -> dict[str, int]:
    """Disagreements by kind over documents with `id` and `layers` (agreement.AnnotatedDocument)."""
    counts = {kind.value: 0 for kind in DisagreementKind}
    for document in documents:
        for found in find_disagreements(document.id, document.layers, min_overlap=min_overlap):
            counts[found.kind.value] += 1
    return counts


# -- gold decisions -------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldDecision:
    """What a reviewer decided about one candidate set (or a span nobody made), and why.

    `source_span_ids` are the annotators' spans the result comes from; `candidate_span_ids`
    every span of the set the reviewer settled, so re-merging new work can tell which sets
    still need a look without discarding this decision. `stale` marks a decision whose spans
    an annotator changed or removed in work merged after it: it stands until reviewed again.
    """

    document_id: str
    decision: DecisionType
    reviewer: str
    time: str
    result: Span | None
    source_span_ids: tuple[str, ...] = ()
    candidate_span_ids: tuple[str, ...] = ()
    comment: str = ""
    id: str = field(default_factory=new_id)
    stale: bool = False

    def __post_init__(self) -> None:
        if (self.decision is DecisionType.REJECTED) != (self.result is None):
            raise ValueError("a rejection has no resulting span; every other decision has one")
        if self.decision is DecisionType.ADDED and self.source_span_ids:
            raise ValueError("an added span comes from no annotator's span")
        if self.result is not None and self.result.document_id != self.document_id:
            raise ValueError("the resulting span belongs to another document")

    def to_dict(self) -> dict:
        result = self.result
        return {
            "id": self.id,
            "document_id": self.document_id,
            "decision": self.decision.value,
            "reviewer": self.reviewer,
            "time": self.time,
            "comment": self.comment,
            "source_span_ids": list(self.source_span_ids),
            "candidate_span_ids": list(self.candidate_span_ids),
            "stale": self.stale,
            "result": None
            if result is None
            else {
                "id": result.id,
                "start": result.start,
                "end": result.end,
                "label": result.label,
                "text": result.text,
            },
        }


def gold_span(
    document_id: str,
    start: int,
    end: int,
    label: str,
    text: str,
    *,
    time: str,
    span_id: str | None = None,
) -> Span:
    """A span of the gold layer; `text` is the covered text (document[start:end])."""
    return Span(
        span_id or new_id(),
        document_id,
        GOLD_LAYER,
        start,
        end,
        label,
        text,
        created=time,
        updated=time,
    )


def _decision_from_version(
    candidates: CandidateSet,
    version: Version,
    decision: DecisionType,
    reviewer: str,
    comment: str,
    time: str | None,
    span_id: str | None,
) -> GoldDecision:
    when = time or now_iso()
    result = gold_span(
        candidates.document_id,
        version.start,
        version.end,
        version.label,
        version.text,
        time=when,
        span_id=span_id,
    )
    return GoldDecision(
        candidates.document_id,
        decision,
        reviewer,
        when,
        result,
        source_span_ids=tuple(s.id for s in version.spans),
        candidate_span_ids=tuple(s.id for s in candidates.spans),
        comment=comment,
    )


def accept(
    candidates: CandidateSet,
    policy: Consensus = Consensus.UNANIMOUS,
    *,
    reviewer: str,
    time: str | None = None,
    span_id: str | None = None,
) -> GoldDecision | None:
    """Accept the consensus version of a set, or None when the policy finds no consensus.

    A version every annotator made is recorded as `unanimous`; one accepted by majority is
    recorded as `chosen`, with the support in the comment.
    """
    version = candidates.consensus(policy)
    if version is None:
        return None
    if candidates.kind is None:
        return _decision_from_version(
            candidates, version, DecisionType.UNANIMOUS, reviewer, "", time, span_id
        )
    comment = f"majority: {len(version.annotators)} of {len(candidates.annotators)} annotators"
    return _decision_from_version(
        candidates, version, DecisionType.CHOSEN, reviewer, comment, time, span_id
    )


def accept_all(
    sets: Iterable[CandidateSet],
    policy: Consensus = Consensus.UNANIMOUS,
    *,
    reviewer: str,
    time: str | None = None,
) -> list[GoldDecision]:
    """One step: accept every set that has a consensus under `policy`, in text order."""
    when = time or now_iso()
    decisions = (accept(s, policy, reviewer=reviewer, time=when) for s in sets)
    return [d for d in decisions if d is not None]


def choose(
    candidates: CandidateSet,
    version: Version,
    *,
    reviewer: str,
    comment: str = "",
    time: str | None = None,
    span_id: str | None = None,
) -> GoldDecision:
    """The reviewer picks one annotator's version of a set."""
    if version not in candidates.versions:
        raise ValueError("that version is not one of this candidate set's")
    return _decision_from_version(
        candidates, version, DecisionType.CHOSEN, reviewer, comment, time, span_id
    )


def edit(
    candidates: CandidateSet,
    document_text: str,
    start: int,
    end: int,
    label: str,
    *,
    reviewer: str,
    comment: str = "",
    time: str | None = None,
    span_id: str | None = None,
) -> GoldDecision:
    """The reviewer writes their own span for a set (new offsets and/or label)."""
    written = add(
        candidates.document_id,
        document_text,
        start,
        end,
        label,
        reviewer=reviewer,
        comment=comment,
        time=time,
        span_id=span_id,
    )
    ids = tuple(s.id for s in candidates.spans)
    return replace(
        written, decision=DecisionType.EDITED, source_span_ids=ids, candidate_span_ids=ids
    )


def add(
    document_id: str,
    document_text: str,
    start: int,
    end: int,
    label: str,
    *,
    reviewer: str,
    comment: str = "",
    time: str | None = None,
    span_id: str | None = None,
) -> GoldDecision:
    """The reviewer adds a span no annotator made."""
    when = time or now_iso()
    result = gold_span(
        document_id, start, end, label, document_text[start:end], time=when, span_id=span_id
    )
    return GoldDecision(document_id, DecisionType.ADDED, reviewer, when, result, comment=comment)


def reject(
    candidates: CandidateSet, *, reviewer: str, comment: str = "", time: str | None = None
) -> GoldDecision:
    """The reviewer rejects every version of a set: nothing goes to gold, and that is recorded."""
    ids = tuple(s.id for s in candidates.spans)
    return GoldDecision(
        candidates.document_id,
        DecisionType.REJECTED,
        reviewer,
        time or now_iso(),
        None,
        source_span_ids=ids,
        candidate_span_ids=ids,
        comment=comment,
    )


def pending(sets: Iterable[CandidateSet], decisions: Iterable[GoldDecision]) -> list[CandidateSet]:
    """Sets with a span no decision has settled yet: after re-merging, only these need review.

    A stale decision settles nothing: its spans changed since, so its set needs a fresh look.
    """
    settled = {
        span_id
        for d in decisions
        if not d.stale
        for span_id in (*d.candidate_span_ids, *d.source_span_ids)
    }
    return [s for s in sets if any(span.id not in settled for span in s.spans)]
