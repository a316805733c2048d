"""Agreement between annotators' span layers: span F1, token kappa and alpha, unitizing alpha_U.

Pure computation over `model.Span` lists (standard library and numpy; no Qt, no SQL). The caller
chooses which documents count and passes them as `AnnotatedDocument`s; `compute_agreement` returns
an `AgreementReport` whose `to_json()` names every measure, its parameters and the counts behind
each number.

Conventions used throughout (they are also written into every report):
- Offsets are code points, `[start, end)`, as in the store.
- Annotator pairs are keyed "A|B" with the names sorted; in a pair A is the reference side, so
  precision = tp / (tp + fp) counts B's spans and recall counts A's.
- A measure whose value is undefined (no items, or chance agreement of 1) reports `null`.
"""

from __future__ import annotations

import json
import math
import re
import statistics
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction
from itertools import combinations
from typing import Any

import numpy as np

from .adjudication import GOLD_LAYER
from .model import Relation, Span

TOKENIZER_VERSION = "regex-v1"
TOKEN_PATTERN = re.compile(r"\w+|[^\w\s]")
OFFSET_UNIT = "code point"
DONE = "done"

MATCHING_RULE = (
    "one-to-one, greedy: candidate pairs taken in order of largest character overlap, then "
    "smallest |start difference| + |end difference|, then earliest start (first annotator, then "
    "second), then smallest span id (first, then second)"
)
LONGEST_SPAN_RULE = (
    "one label per token: the longest covering span wins; ties go to the earliest start, "
    "then the label listed first, then the smallest span id; tokens no span covers are 'none'"
)
TOKEN_RULE = "a token belongs to a span when they share at least one character"


# -- input ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnnotatedDocument:
    """One document's text and the span layers that count for it, keyed by annotator, with
    their relations (for relation F1)."""

    id: str
    text: str
    layers: Mapping[str, Sequence[Span]]
    relations: Mapping[str, Sequence[Relation]] = field(default_factory=dict)


def documents_from_layers(
    layer_documents: Iterable[Any],
    *,
    only_done: bool = True,
    always: Collection[str] = (GOLD_LAYER,),
) -> list[AnnotatedDocument]:
    """Group `Store.iter_layer(None)` output into documents with one layer per annotator.

    A layer counts on a document when its annotator marked the document done; with
    `only_done=False`, whenever the annotator has a status or spans there. Layers named in
    `always` (the gold layer) count whenever they have spans, since nobody marks gold done.
    """
    documents = []
    for layer_document in layer_documents:
        spans_by_annotator: dict[str, list[Span]] = {}
        for span in layer_document.spans:
            spans_by_annotator.setdefault(span.annotator, []).append(span)
        statuses = layer_document.status
        if not isinstance(statuses, Mapping):
            statuses = {layer_document.annotator: statuses}
        counted = {name for name, status in statuses.items() if status == DONE or not only_done}
        if not only_done:
            counted |= spans_by_annotator.keys()
        counted |= {name for name in always if name in spans_by_annotator}
        if counted:
            layers = {name: spans_by_annotator.get(name, []) for name in sorted(counted)}
            relations: dict[str, list[Relation]] = {}
            for relation in layer_document.relations:
                if relation.annotator in counted:
                    relations.setdefault(relation.annotator, []).append(relation)
            document = layer_document.document
            documents.append(AnnotatedDocument(document.id, document.text, layers, relations))
    return documents


def pair_key(first: str, second: str) -> str:
    """The JSON key of an annotator pair: names sorted, joined by '|'."""
    return "|".join(sorted((first, second)))


# -- tokens -----------------------------------------------------------------------------------


def tokenize(text: str) -> list[tuple[int, int]]:
    """Token offsets by the versioned pattern (TOKENIZER_VERSION): the reference definition."""
    return [match.span() for match in TOKEN_PATTERN.finditer(text)]


_WORD_CHAR = re.compile(r"\w")
_SPACE_CHAR = re.compile(r"\s")
_ASCII_WORD = np.array([_WORD_CHAR.match(chr(i)) is not None for i in range(128)])
_ASCII_SPACE = np.array([_SPACE_CHAR.match(chr(i)) is not None for i in range(128)])


def _character_classes(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Word and space masks per code point, decided by the same `re` classes as the pattern."""
    ascii_codes = np.minimum(codes, 127)
    word = _ASCII_WORD[ascii_codes]
    space = _ASCII_SPACE[ascii_codes]
    high = codes >= 128
    if high.any():
        distinct, where = np.unique(codes[high], return_inverse=True)
        chars = [chr(code) for code in distinct.tolist()]
        word[high] = np.array([_WORD_CHAR.match(ch) is not None for ch in chars])[where]
        space[high] = np.array([_SPACE_CHAR.match(ch) is not None for ch in chars])[where]
    return word, space


def token_bounds(text: str) -> tuple[np.ndarray, np.ndarray]:
    """`tokenize` vectorised: (starts, ends) arrays, identical to the regex's matches.

    `\\w+|[^\\w\\s]` makes a token of each maximal run of word characters and of each other
    non-space character; finding run edges over a whole corpus at once is ~10x faster than
    iterating regex matches.
    """
    if not text:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    word, space = _character_classes(codes)
    other = ~(word | space)
    word_before = np.concatenate(([False], word[:-1]))
    word_after = np.concatenate((word[1:], [False]))
    starts = np.flatnonzero(other | (word & ~word_before))
    ends = np.flatnonzero(other | (word & ~word_after)) + 1
    return starts.astype(np.int64), ends.astype(np.int64)


# -- coefficients over coded items ------------------------------------------------------------


@dataclass(frozen=True)
class KappaResult:
    """A chance-corrected agreement (Cohen's or Fleiss' kappa) with what it was computed from."""

    value: float | None
    items: int
    observed_agreement: float | None
    expected_agreement: float | None

    def to_dict(self) -> dict:
        return {
            "value": self.value,
            "items": self.items,
            "observed_agreement": self.observed_agreement,
            "expected_agreement": self.expected_agreement,
        }


@dataclass(frozen=True)
class AlphaResult:
    """Krippendorff's alpha with its disagreements and the number of pairable values."""

    value: float | None
    values: int
    observed_disagreement: float | None
    expected_disagreement: float | None

    def to_dict(self) -> dict:
        return {
            "value": self.value,
            "values": self.values,
            "observed_disagreement": self.observed_disagreement,
            "expected_disagreement": self.expected_disagreement,
        }


def _category_indices(*coders: Sequence[int] | np.ndarray) -> tuple[list[np.ndarray], int]:
    """Recode any codes to 0..K-1, consistently across coders.

    Small non-negative integers (what the report passes) are used as they are: categories
    nobody used add nothing to any of the formulas, and sorting millions of codes is the
    slowest step otherwise.
    """
    stacked = np.concatenate([np.asarray(codes).ravel() for codes in coders])
    if stacked.dtype.kind in "iu" and stacked.size and 0 <= stacked.min() and stacked.max() < 1024:
        return [np.asarray(codes).ravel() for codes in coders], int(stacked.max()) + 1
    categories, recoded = np.unique(stacked, return_inverse=True)
    sizes = np.cumsum([0] + [len(codes) for codes in coders])
    return [recoded[sizes[i] : sizes[i + 1]] for i in range(len(coders))], len(categories)


def _chance_corrected(observed: Fraction, expected: Fraction) -> float | None:
    if expected == 1:
        return None
    return float((observed - expected) / (1 - expected))


def cohen_kappa(
    first: Sequence[int] | np.ndarray, second: Sequence[int] | np.ndarray
) -> KappaResult:
    """Cohen's (1960) kappa of two coders over the same items."""
    if len(first) != len(second):
        raise ValueError("both coders must code the same items")
    items = len(first)
    if items == 0:
        return KappaResult(None, 0, None, None)
    (a, b), k = _category_indices(first, second)
    per_first = np.bincount(a, minlength=k).tolist()
    per_second = np.bincount(b, minlength=k).tolist()
    observed = Fraction(int(np.count_nonzero(a == b)), items)
    expected = Fraction(sum(x * y for x, y in zip(per_first, per_second)), items * items)
    return KappaResult(
        _chance_corrected(observed, expected), items, float(observed), float(expected)
    )


def _counts_per_item(codes: np.ndarray) -> np.ndarray:
    """(items × categories) table of how many coders gave each category to each item."""
    coders, items = codes.shape
    (flat,), k = _category_indices(codes.T.ravel())
    item_of = np.repeat(np.arange(items), coders)
    return np.bincount(item_of * k + flat, minlength=items * k).reshape(items, k)


def _as_matrix(codes: Sequence[Sequence[int]] | np.ndarray) -> np.ndarray:
    matrix = np.asarray(codes)
    if matrix.ndim != 2 or matrix.shape[0] < 2:
        raise ValueError("codes must be a (coders × items) table with at least two coders")
    return matrix


def fleiss_kappa(codes: Sequence[Sequence[int]] | np.ndarray) -> KappaResult:
    """Fleiss' (1971) kappa; `codes` is coders × items, every coder coding every item."""
    matrix = _as_matrix(codes)
    coders, items = matrix.shape
    if items == 0:
        return KappaResult(None, 0, None, None)
    table = _counts_per_item(matrix)
    agreeing_pairs = int((table * (table - 1)).sum())
    observed = Fraction(agreeing_pairs, items * coders * (coders - 1))
    totals = table.sum(axis=0).tolist()
    expected = Fraction(sum(t * t for t in totals), (items * coders) ** 2)
    return KappaResult(
        _chance_corrected(observed, expected), items, float(observed), float(expected)
    )


def krippendorff_alpha_nominal(codes: Sequence[Sequence[int]] | np.ndarray) -> AlphaResult:
    """Krippendorff's alpha for nominal data; `codes` is coders × items with no missing values."""
    matrix = _as_matrix(codes)
    coders, items = matrix.shape
    values = coders * items
    if items == 0:
        return AlphaResult(None, 0, None, None)
    table = _counts_per_item(matrix)
    # Per item, ordered pairs of differing values are m² − Σ n_c², each weighted 1/(m − 1).
    differing = values * coders - int((table * table).sum())
    observed = Fraction(differing, values * (coders - 1))
    totals = table.sum(axis=0).tolist()
    expected = Fraction(values * values - sum(t * t for t in totals), values * (values - 1))
    value = None if expected == 0 else float(1 - observed / expected)
    return AlphaResult(value, values, float(observed), float(expected))


def raw_agreement(codes: Sequence[Sequence[int]] | np.ndarray) -> float | None:
    """Share of agreeing coder pairs, averaged over items (for two coders: share of equal codes)."""
    return fleiss_kappa(codes).observed_agreement


def mean_and_sd(values: Iterable[float | None]) -> dict:
    """Mean ± sample SD over defined values, with how many there were."""
    defined = [v for v in values if v is not None]
    return {
        "mean": statistics.fmean(defined) if defined else None,
        "sd": statistics.stdev(defined) if len(defined) > 1 else None,
        "n": len(defined),
    }


# -- span matching ----------------------------------------------------------------------------


class MatchCriterion(str, Enum):
    EXACT = "span_f1_exact"
    RELAXED = "span_f1_relaxed"
    RELAXED_ANY_LABEL = "span_f1_relaxed_any_label"

    @property
    def rule(self) -> str:
        return {
            "span_f1_exact": "same start, end and label",
            "span_f1_relaxed": "same label and at least one shared character",
            "span_f1_relaxed_any_label": "same start and end, any label",
        }[self.value]


@dataclass(frozen=True)
class _SpanArrays:
    """One layer's spans as parallel arrays, offsets shifted into one corpus-wide coordinate."""

    spans: list[Span]
    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray
    label: np.ndarray
    id_rank: np.ndarray

    @classmethod
    def build(
        cls, spans: list[Span], doc: Sequence[int], base: Sequence[int], labels: Mapping[str, int]
    ) -> _SpanArrays:
        doc_index = np.asarray(doc, dtype=np.int64)
        shift = np.asarray(base, dtype=np.int64)[doc_index] if len(spans) else doc_index
        ids = np.array([s.id for s in spans], dtype=str)
        id_rank = np.empty(len(spans), dtype=np.int64)
        id_rank[np.argsort(ids, kind="stable")] = np.arange(len(spans))
        return cls(
            spans,
            doc_index,
            np.array([s.start for s in spans], dtype=np.int64) + shift,
            np.array([s.end for s in spans], dtype=np.int64) + shift,
            np.array([labels[s.label] for s in spans], dtype=np.int64),
            id_rank,
        )

    def subset(self, keep: np.ndarray) -> _SpanArrays:
        chosen = np.flatnonzero(keep)
        return _SpanArrays(
            [self.spans[i] for i in chosen.tolist()],
            self.doc[chosen],
            self.start[chosen],
            self.end[chosen],
            self.label[chosen],
            self.id_rank[chosen],
        )


def _expand_ranges(lows: np.ndarray, highs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All (owner, position) with lows[owner] <= position < highs[owner], without a Python loop."""
    counts = np.maximum(highs - lows, 0)
    owners = np.repeat(np.arange(len(lows)), counts)
    first_slot = np.cumsum(counts) - counts
    positions = np.arange(int(counts.sum())) - np.repeat(first_slot - lows, counts)
    return owners, positions


def _overlapping_pairs(a: _SpanArrays, b: _SpanArrays) -> tuple[np.ndarray, np.ndarray]:
    """Indices (ia, ib) of every pair of spans sharing at least one character.

    B is split into length classes (powers of two) so that the window searched before each
    span of A stays short even when a few very long spans exist.
    """
    found_a, found_b = [], []
    lengths = b.end - b.start
    length_class = np.floor(np.log2(np.maximum(lengths, 1))).astype(np.int64)
    for cls in np.unique(length_class).tolist():
        members = np.flatnonzero(length_class == cls)
        members = members[np.argsort(b.start[members], kind="stable")]
        starts = b.start[members]
        longest = int(lengths[members].max())
        lows = np.searchsorted(starts, a.start - longest, side="right")
        highs = np.searchsorted(starts, a.end, side="left")
        ia, positions = _expand_ranges(lows, highs)
        ib = members[positions]
        keep = b.end[ib] > a.start[ia]
        found_a.append(ia[keep])
        found_b.append(ib[keep])
    if not found_a:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(found_a), np.concatenate(found_b)


def _candidate_pairs(
    a: _SpanArrays, b: _SpanArrays, criterion: MatchCriterion
) -> tuple[np.ndarray, np.ndarray]:
    ia, ib = _overlapping_pairs(a, b)
    same_label = a.label[ia] == b.label[ib]
    same_offsets = (a.start[ia] == b.start[ib]) & (a.end[ia] == b.end[ib])
    keep = {
        MatchCriterion.EXACT: same_label & same_offsets,
        MatchCriterion.RELAXED: same_label,
        MatchCriterion.RELAXED_ANY_LABEL: same_offsets,
    }[criterion]
    return ia[keep], ib[keep]


def _greedy_matching(
    a: _SpanArrays, b: _SpanArrays, criterion: MatchCriterion
) -> tuple[np.ndarray, np.ndarray]:
    """One-to-one matched pairs by MATCHING_RULE, as index arrays into a and b."""
    ia, ib = _candidate_pairs(a, b, criterion)
    overlap = np.minimum(a.end[ia], b.end[ib]) - np.maximum(a.start[ia], b.start[ib])
    distance = np.abs(a.start[ia] - b.start[ib]) + np.abs(a.end[ia] - b.end[ib])
    order = np.lexsort((b.id_rank[ib], a.id_rank[ia], b.start[ib], a.start[ia], distance, -overlap))
    ia, ib = ia[order], ib[order]
    # A pair whose spans have no other candidate is matched whatever the order: only the
    # contested rest needs the sequential greedy pass.
    alone = (np.bincount(ia, minlength=len(a.spans))[ia] == 1) & (
        np.bincount(ib, minlength=len(b.spans))[ib] == 1
    )
    used_a = bytearray(len(a.spans))
    used_b = bytearray(len(b.spans))
    matched_a, matched_b = [], []
    for i, j in zip(ia[~alone].tolist(), ib[~alone].tolist()):
        if not used_a[i] and not used_b[j]:
            used_a[i] = used_b[j] = 1
            matched_a.append(i)
            matched_b.append(j)
    matched_a = np.concatenate((ia[alone], np.array(matched_a, dtype=np.int64)))
    matched_b = np.concatenate((ib[alone], np.array(matched_b, dtype=np.int64)))
    return matched_a, matched_b


def match_spans(
    first: Sequence[Span], second: Sequence[Span], criterion: MatchCriterion
) -> list[tuple[Span, Span]]:
    """One document's one-to-one matched span pairs under `criterion`, by MATCHING_RULE."""
    labels = {label: i for i, label in enumerate(sorted({s.label for s in [*first, *second]}))}
    a = _SpanArrays.build(list(first), [0] * len(first), [0], labels)
    b = _SpanArrays.build(list(second), [0] * len(second), [0], labels)
    ia, ib = _greedy_matching(a, b, criterion)
    pairs = [(a.spans[i], b.spans[j]) for i, j in zip(ia.tolist(), ib.tolist())]
    return sorted(pairs, key=lambda pair: (pair[0].start, pair[0].end, pair[0].id))


@dataclass(frozen=True)
class SpanCounts:
    """Matched (tp), second-only (fp) and first-only (fn) spans, and the scores they give."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        total = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / total if total else None

    def to_dict(self) -> dict:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


# -- the corpus: documents, tokens and layers as arrays ----------------------------------------


@dataclass
class _Corpus:
    """The counted documents joined into one coordinate so every measure runs on whole arrays.

    Documents are laid end to end with one separator between them, so no span or token can
    reach across a document boundary.
    """

    document_ids: list[str]
    lengths: np.ndarray
    base: np.ndarray
    annotators: list[str]
    labels: list[str]
    present: dict[str, np.ndarray]  # annotator → which documents have that layer
    layers: dict[str, _SpanArrays]
    token_start: np.ndarray
    token_end: np.ndarray
    token_doc: np.ndarray

    @classmethod
    def build(
        cls,
        documents: Sequence[AnnotatedDocument],
        annotators: Sequence[str],
        labels: Sequence[str],
    ) -> _Corpus:
        lengths = np.array([len(d.text) for d in documents], dtype=np.int64)
        base = np.concatenate(([0], np.cumsum(lengths + 1)[:-1])).astype(np.int64)
        label_index = {label: i for i, label in enumerate(labels)}
        present, layers = {}, {}
        for name in annotators:
            present[name] = np.array([name in d.layers for d in documents], dtype=bool)
            spans, doc = [], []
            for i, document in enumerate(documents):
                layer = document.layers.get(name, ())
                spans.extend(layer)
                doc.extend([i] * len(layer))
            layers[name] = _SpanArrays.build(spans, doc, base, label_index)
        token_start, token_end = token_bounds("\n".join(d.text for d in documents))
        token_doc = np.searchsorted(base, token_start, side="right") - 1
        return cls(
            [d.id for d in documents],
            lengths,
            base,
            list(annotators),
            list(labels),
            present,
            layers,
            token_start,
            token_end,
            token_doc,
        )

    def pairs(self) -> list[tuple[str, str]]:
        return list(combinations(self.annotators, 2))

    def documents_with(self, names: Iterable[str]) -> np.ndarray:
        mask = np.ones(len(self.document_ids), dtype=bool)
        for name in names:
            mask &= self.present[name]
        return mask


def _labels_in_use(
    documents: Sequence[AnnotatedDocument], annotators: Sequence[str], labels: Sequence[str] | None
) -> list[str]:
    """Schema keys in schema order, then any other label met in the data, sorted."""
    listed = list(labels or [])
    found = {s.label for d in documents for name in annotators for s in d.layers.get(name, ())}
    return listed + sorted(found - set(listed))


# -- span F1 ----------------------------------------------------------------------------------


@dataclass
class _PairSpanCounts:
    """tp / fp / fn per (document, label) for one annotator pair under one criterion."""

    tp_first: np.ndarray
    tp_second: np.ndarray
    total_first: np.ndarray
    total_second: np.ndarray
    documents: np.ndarray

    def _split(self, axis: int) -> list[SpanCounts]:
        tp = self.tp_first.sum(axis=axis).tolist()
        fp = (self.total_second - self.tp_second).sum(axis=axis).tolist()
        fn = (self.total_first - self.tp_first).sum(axis=axis).tolist()
        return [SpanCounts(*counts) for counts in zip(tp, fp, fn)]

    def pooled(self) -> SpanCounts:
        return SpanCounts(
            tp=int(self.tp_first.sum()),
            fp=int((self.total_second - self.tp_second).sum()),
            fn=int((self.total_first - self.tp_first).sum()),
        )

    def by_label(self) -> list[SpanCounts]:
        return self._split(axis=0)

    def by_document(self) -> list[SpanCounts]:
        return self._split(axis=1)


def _table(arrays: _SpanArrays, rows: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    cells = arrays.doc[rows] * shape[1] + arrays.label[rows]
    return np.bincount(cells, minlength=shape[0] * shape[1]).reshape(shape)


def _pair_span_counts(
    corpus: _Corpus, first: str, second: str, criterion: MatchCriterion
) -> _PairSpanCounts:
    documents = corpus.documents_with((first, second))
    a = corpus.layers[first].subset(documents[corpus.layers[first].doc])
    b = corpus.layers[second].subset(documents[corpus.layers[second].doc])
    ia, ib = _greedy_matching(a, b, criterion)
    shape = (len(corpus.document_ids), len(corpus.labels))
    return _PairSpanCounts(
        tp_first=_table(a, ia, shape),
        tp_second=_table(b, ib, shape),
        total_first=_table(a, np.arange(len(a.spans)), shape),
        total_second=_table(b, np.arange(len(b.spans)), shape),
        documents=documents,
    )


def _span_f1_block(corpus: _Corpus, criterion: MatchCriterion) -> dict:
    per_pair = {
        pair_key(a, b): _pair_span_counts(corpus, a, b, criterion) for a, b in corpus.pairs()
    }
    pairs = {
        key: {**c.pooled().to_dict(), "documents": int(c.documents.sum())}
        for key, c in per_pair.items()
    }
    block = {
        "parameters": {
            "unit": "span",
            "match": criterion.rule,
            "matching": MATCHING_RULE,
            "pooling": "counts summed over documents, then scored",
            "offset_unit": OFFSET_UNIT,
        },
        "pairs": pairs,
        "summary": mean_and_sd(p["f1"] for p in pairs.values()),
    }
    # With "any label" a matched pair may carry two labels, so no per-label split is defined.
    if criterion is not MatchCriterion.RELAXED_ANY_LABEL:
        by_label = {key: c.by_label() for key, c in per_pair.items()}
        block["labels"] = {
            label: _pairs_with_summary({key: rows[k].to_dict() for key, rows in by_label.items()})
            for k, label in enumerate(corpus.labels)
        }
    block["documents"] = _per_document(corpus, per_pair)
    return block


def _per_document(corpus: _Corpus, per_pair: Mapping[str, _PairSpanCounts]) -> dict:
    by_document = {key: c.by_document() for key, c in per_pair.items()}
    return {
        doc_id: {
            key: rows[d].to_dict()
            for key, rows in by_document.items()
            if per_pair[key].documents[d]
        }
        for d, doc_id in enumerate(corpus.document_ids)
    }


def _pairs_with_summary(pairs: dict[str, dict], value: str = "f1") -> dict:
    return {"pairs": pairs, "summary": mean_and_sd(p[value] for p in pairs.values())}


# -- token codings ----------------------------------------------------------------------------


def _token_ranges(corpus: _Corpus, arrays: _SpanArrays) -> tuple[np.ndarray, np.ndarray]:
    """First and past-the-last token sharing a character with each span."""
    first = np.searchsorted(corpus.token_end, arrays.start, side="right")
    last = np.searchsorted(corpus.token_start, arrays.end, side="left")
    return first, last


def _label_yes_no(tokens: int, arrays: _SpanArrays, ranges, label: int) -> np.ndarray:
    """1 where some span with `label` covers the token, else 0; nesting needs no special case."""
    chosen = arrays.label == label
    first, last = ranges
    size = tokens + 1
    depth = np.cumsum(
        np.bincount(first[chosen], minlength=size) - np.bincount(last[chosen], minlength=size)
    )
    return (depth[:-1] > 0).astype(np.int64)


def _longest_label(tokens: int, arrays: _SpanArrays, ranges) -> np.ndarray:
    """Per token, 1 + index of the winning label by LONGEST_SPAN_RULE, or 0 for none."""
    count = len(arrays.spans)
    if count == 0:
        return np.zeros(tokens, dtype=np.int64)
    priority = np.lexsort(
        (arrays.id_rank, arrays.label, arrays.start, -(arrays.end - arrays.start))
    )
    rank = np.empty(count, dtype=np.int64)
    rank[priority] = np.arange(count)
    owners, token = _expand_ranges(*ranges)
    best = np.full(tokens, count, dtype=np.int64)
    np.minimum.at(best, token, rank[owners])
    label_by_rank = np.append(arrays.label[priority] + 1, 0)
    return label_by_rank[best]


def _codings(corpus: _Corpus) -> dict[str | None, dict[str, np.ndarray]]:
    """Codes per annotator for each coding: None is one-label-per-token, else a label key."""
    tokens = len(corpus.token_start)
    codings: dict[str | None, dict[str, np.ndarray]] = {None: {}}
    codings.update({label: {} for label in corpus.labels})
    for name in corpus.annotators:
        arrays = corpus.layers[name]
        ranges = _token_ranges(corpus, arrays)
        codings[None][name] = _longest_label(tokens, arrays, ranges)
        for k, label in enumerate(corpus.labels):
            codings[label][name] = _label_yes_no(tokens, arrays, ranges, k)
    return codings


TOKEN_SCOPES = {
    "all_tokens": "every token of the counted documents",
    "labelled_tokens": "tokens that at least one of the compared annotators labelled",
}


Codes = dict[str, np.ndarray]  # annotator → one code per corpus token


def _token_items(corpus: _Corpus, codes: Codes, names: Sequence[str], scope: str) -> np.ndarray:
    """Mask of the tokens a comparison counts: in documents all `names` count, maybe labelled."""
    in_documents = corpus.documents_with(names)[corpus.token_doc]
    if scope == "labelled_tokens":
        labelled = np.zeros_like(in_documents)
        for name in names:
            labelled |= codes[name] != 0
        in_documents &= labelled
    return in_documents


def _token_parameters(label: str | None, scope: str, documents: int | str) -> dict:
    coding = (
        LONGEST_SPAN_RULE if label is None else f"'{label}' yes/no per token (nested spans count)"
    )
    return {
        "unit": "token",
        "tokenizer": TOKENIZER_VERSION,
        "token_pattern": TOKEN_PATTERN.pattern,
        "token_membership": TOKEN_RULE,
        "coding": coding,
        "tokens": TOKEN_SCOPES[scope],
        "documents": documents,
    }


def _pairwise_token_block(corpus: _Corpus, codes: Codes, label: str | None, scope: str) -> dict:
    kappas, raw = {}, {}
    for a, b in corpus.pairs():
        items = _token_items(corpus, codes, (a, b), scope)
        result = cohen_kappa(codes[a][items], codes[b][items])
        documents = int(corpus.documents_with((a, b)).sum())
        kappas[pair_key(a, b)] = {**result.to_dict(), "documents": documents}
        raw[pair_key(a, b)] = {
            "value": result.observed_agreement,
            "items": result.items,
            "documents": documents,
        }
    parameters = _token_parameters(label, scope, "those both annotators of a pair count")
    return {
        "cohen_kappa": {"parameters": parameters, **_pairs_with_summary(kappas, "value")},
        "raw_agreement": {"parameters": parameters, **_pairs_with_summary(raw, "value")},
    }


def _multi_rater_token_block(corpus: _Corpus, codes: Codes, label: str | None, scope: str) -> dict:
    names = corpus.annotators
    items = _token_items(corpus, codes, names, scope)
    table = np.stack([codes[name][items] for name in names])
    parameters = _token_parameters(label, scope, int(corpus.documents_with(names).sum()))
    parameters["annotators"] = list(names)
    fleiss = fleiss_kappa(table)
    return {
        "fleiss_kappa": {"parameters": parameters, **fleiss.to_dict()},
        "krippendorff_alpha": {
            "parameters": {**parameters, "level_of_measurement": "nominal"},
            **krippendorff_alpha_nominal(table).to_dict(),
        },
        "raw_agreement": {
            "parameters": parameters,
            "value": fleiss.observed_agreement,
            "items": fleiss.items,
        },
    }


def _token_measures(corpus: _Corpus) -> dict[str, dict]:
    measures: dict[str, dict] = {
        name: {"parameters": {"unit": "token", "tokenizer": TOKENIZER_VERSION}}
        for name in ("cohen_kappa", "fleiss_kappa", "krippendorff_alpha", "raw_agreement")
    }
    for label, codes in _codings(corpus).items():
        for scope in TOKEN_SCOPES:
            blocks = _pairwise_token_block(corpus, codes, label, scope)
            if len(corpus.annotators) >= 2:
                together = _multi_rater_token_block(corpus, codes, label, scope)
                blocks["raw_agreement"]["all_annotators"] = together.pop("raw_agreement")
                blocks.update(together)
            for measure, block in blocks.items():
                _place(measures[measure], label, scope, block)
    return measures


def _place(measure: dict, label: str | None, scope: str, block: dict) -> None:
    if label is None:
        measure.setdefault("label_per_token", {})[scope] = block
    else:
        measure.setdefault("labels", {}).setdefault(label, {})[scope] = block


# -- Krippendorff's alpha_U -------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A stretch [start, end) of a continuum that one rater marked with a label."""

    rater: str
    start: int
    end: int
    label: str


@dataclass(frozen=True)
class UnitizingAlpha:
    """alpha_U for one label (or overall) with the disagreements it comes from."""

    value: float | None
    observed_disagreement: float
    expected_disagreement: float
    units: int

    def to_dict(self) -> dict:
        return {
            "value": self.value,
            "observed_disagreement": self.observed_disagreement,
            "expected_disagreement": self.expected_disagreement,
            "units": self.units,
        }


@dataclass(frozen=True)
class UnitizingResult:
    overall: UnitizingAlpha
    labels: dict[str, UnitizingAlpha]
    length: int
    raters: int
    merged_units: int = 0

    def to_dict(self) -> dict:
        return {
            "overall": self.overall.to_dict(),
            "labels": {label: result.to_dict() for label, result in self.labels.items()},
            "continuum_length": self.length,
            "raters": self.raters,
            "merged_overlapping_units": self.merged_units,
        }


def _exact_sum(values: np.ndarray) -> int:
    # Python integers: sums of squared lengths over a large corpus can pass 2**63.
    return sum(values.tolist())


def _merge_overlaps(starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """Sorted units of one rater and label, overlapping ones merged into their union.

    alpha_U assumes a rater's units of one label do not overlap; nested same-label spans are
    merged (touching ones are kept apart, as adjacent units are legitimate).
    """
    if len(starts) == 0:
        return starts, ends, 0
    order = np.lexsort((ends, starts))
    starts, ends = starts[order], ends[order]
    reach = np.maximum.accumulate(ends)
    opens = np.concatenate(([True], starts[1:] >= reach[:-1]))
    group = np.cumsum(opens) - 1
    merged_ends = np.zeros(int(opens.sum()), dtype=np.int64)
    np.maximum.at(merged_ends, group, ends)
    return starts[opens], merged_ends, int(len(starts) - opens.sum())


def _observed_numerator(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> int:
    """Σ δ over one rater pair's segments (Krippendorff 2004).

    Overlapping units cost (Δstart)² + (Δend)²; a unit lying wholly in the other rater's gap
    costs its length²; everything else costs 0.
    """
    (a_start, a_end), (b_start, b_end) = a, b
    lows = np.searchsorted(b_end, a_start, side="right")
    highs = np.searchsorted(b_start, a_end, side="left")
    ia, ib = _expand_ranges(lows, highs)
    overlapping = (a_start[ia] - b_start[ib]) ** 2 + (a_end[ia] - b_end[ib]) ** 2
    b_touched = np.zeros(len(b_start), dtype=bool)
    b_touched[ib] = True
    a_alone = (a_end - a_start)[highs == lows]
    b_alone = (b_end - b_start)[~b_touched]
    return _exact_sum(overlapping) + _exact_sum(a_alone**2) + _exact_sum(b_alone**2)


def _gaps(starts: np.ndarray, ends: np.ndarray, begin: int, end: int) -> np.ndarray:
    gap_starts = np.concatenate(([begin], ends))
    gap_ends = np.concatenate((starts, [end]))
    lengths = gap_ends - gap_starts
    return lengths[lengths > 0]


def _expected_numerator_and_correction(
    layers: list[tuple[np.ndarray, np.ndarray]], begin: int, end: int
) -> tuple[int, int]:
    """Σ over units of the expected-disagreement terms, and Σ l(l − 1) (Krippendorff 2004).

    For a unit of length l: (N − 1)(2l³ − 3l² + l)/3 for its mismatches with every other unit,
    plus l² Σ (g − l + 1) over every gap g ≥ l it could fall into.
    """
    gaps = np.sort(np.concatenate([_gaps(s, e, begin, end) for s, e in layers]))
    gap_sums_from = np.concatenate((np.cumsum(gaps[::-1])[::-1], [0]))
    lengths = np.concatenate([e - s for s, e in layers])
    units = len(lengths)
    first_fitting = np.searchsorted(gaps, lengths, side="left")
    fitting_sum = gap_sums_from[first_fitting] - (lengths - 1) * (len(gaps) - first_fitting)
    # l(l − 1)(2l − 1) is a multiple of 6, so dividing by 3 stays exact.
    unit_terms = lengths * (lengths - 1) * (2 * lengths - 1) // 3
    gap_terms = sum(x * y for x, y in zip((lengths**2).tolist(), fitting_sum.tolist()))
    numerator = (units - 1) * _exact_sum(unit_terms) + gap_terms
    return numerator, _exact_sum(lengths * (lengths - 1))


def _alpha_from(observed: Fraction, expected: Fraction, units: int) -> UnitizingAlpha:
    value = None if expected == 0 else float(1 - observed / expected)
    return UnitizingAlpha(value, float(observed), float(expected), units)


def unitizing_alpha(
    units: Iterable[Unit], raters: Sequence[str], begin: int, end: int
) -> UnitizingResult:
    """Krippendorff's alpha_U (1995; 2004 formulation, as DKPro Agreement and INCEpTION compute it).

    Each label is its own binary unitizing (that label vs. gap): D_o and D_e per label, alpha_U
    per label = 1 − D_o/D_e; overall = 1 − ΣD_o/ΣD_e over labels (the same as DKPro's mean of
    D_o over mean of D_e). Every rater is assumed to have unitized the whole continuum
    [begin, end). Values are computed in exact rational arithmetic and rounded once.
    """
    grouped: dict[str, dict[str, list[tuple[int, int]]]] = {}
    for unit in units:
        grouped.setdefault(unit.label, {}).setdefault(unit.rater, []).append((unit.start, unit.end))
    layers = {
        label: {
            rater: tuple(np.array(column, dtype=np.int64) for column in zip(*pairs))
            for rater, pairs in by_rater.items()
        }
        for label, by_rater in grouped.items()
    }
    return _unitizing_alpha(layers, list(raters), begin, end)


RaterUnits = tuple[np.ndarray, np.ndarray]  # starts, ends


def _unitizing_alpha(
    layers: Mapping[str, Mapping[str, RaterUnits]], raters: list[str], begin: int, end: int
) -> UnitizingResult:
    length = end - begin
    m = len(raters)
    if m < 2 or length <= 0:
        raise ValueError("alpha_U needs at least two raters and a non-empty continuum")
    empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    per_label, observed_total, expected_total, merged_total = {}, Fraction(0), Fraction(0), 0
    for label in sorted(layers):
        merged_layers = []
        for rater in raters:
            starts, ends, merged = _merge_overlaps(*layers[label].get(rater, empty))
            merged_layers.append((starts, ends))
            merged_total += merged
        observed = Fraction(
            2 * sum(_observed_numerator(x, y) for x, y in combinations(merged_layers, 2)),
            m * (m - 1) * length * length,
        )
        numerator, correction = _expected_numerator_and_correction(merged_layers, begin, end)
        expected = Fraction(2 * numerator, length * (m * length * (m * length - 1) - correction))
        count = sum(len(starts) for starts, _ in merged_layers)
        per_label[label] = _alpha_from(observed, expected, count)
        observed_total += observed
        expected_total += expected
    total_units = sum(result.units for result in per_label.values())
    overall = _alpha_from(observed_total, expected_total, total_units)
    return UnitizingResult(overall, per_label, length, m, merged_total)


def _alpha_u_block(corpus: _Corpus) -> dict:
    names = corpus.annotators
    documents = corpus.documents_with(names)
    # The continuum is the counted documents end to end, without the separator of _Corpus.
    unit_base = np.concatenate(([0], np.cumsum(corpus.lengths * documents)[:-1]))
    length = int(corpus.lengths[documents].sum())
    parameters = {
        "unit": "character (code point)",
        "continuum": "documents every annotator counts, concatenated in the order given",
        "documents": int(documents.sum()),
        "per_label": "each label against gaps (binary unitizing); overall = 1 - ΣD_o/ΣD_e",
        "reference": "Krippendorff 1995, 2004; as DKPro Agreement / INCEpTION compute it",
    }
    if len(names) < 2 or length == 0:
        return {"parameters": parameters, "value": None}
    layers: dict[str, dict[str, RaterUnits]] = {}
    for name in names:
        arrays = corpus.layers[name]
        keep = documents[arrays.doc]
        shift = (unit_base - corpus.base)[arrays.doc[keep]]
        starts, ends = arrays.start[keep] + shift, arrays.end[keep] + shift
        label_of = arrays.label[keep]
        for k in np.unique(label_of).tolist():
            chosen = label_of == k
            layers.setdefault(corpus.labels[k], {})[name] = (starts[chosen], ends[chosen])
    result = _unitizing_alpha(layers, names, 0, length)
    return {"parameters": parameters, "value": result.overall.value, **result.to_dict()}


# -- the report -------------------------------------------------------------------------------


@dataclass
class AgreementReport:
    """All measures with their parameters and counts; `to_json()` is the stable exchange form."""

    parameters: dict
    measures: dict[str, dict] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"parameters": self.parameters, "measures": self.measures}

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(_finite(self.to_dict()), indent=indent, ensure_ascii=False)


def _finite(value: Any) -> Any:
    """NaN and infinities become null: JSON has no spelling for them."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finite(item) for item in value]
    return value


def _annotators_in(
    documents: Sequence[AnnotatedDocument], annotators: Sequence[str] | None
) -> list[str]:
    if annotators is not None:
        return sorted(annotators)
    return sorted({name for d in documents for name in d.layers} - {GOLD_LAYER})


def compute_agreement(
    documents: Sequence[AnnotatedDocument],
    *,
    annotators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    selection: str = "finished documents only",
) -> AgreementReport:
    """Every agreement measure between `annotators` (default: every layer but gold).

    `labels` are the schema keys in schema order; `selection` describes which documents the
    caller passed, for the report. Pairs use the documents both annotators count; measures over
    all annotators at once (Fleiss, Krippendorff, alpha_U) use the documents every one counts.
    """
    names = _annotators_in(documents, annotators)
    keys = _labels_in_use(documents, names, labels)
    corpus = _Corpus.build(documents, names, keys)
    parameters = {
        "selection": selection,
        "documents": len(documents),
        "documents_all_annotators": int(corpus.documents_with(names).sum()),
        "annotators": names,
        "labels": keys,
        "offset_unit": OFFSET_UNIT,
        "tokenizer": TOKENIZER_VERSION,
        "token_pattern": TOKEN_PATTERN.pattern,
        "pair_key": "annotator names sorted, joined by '|'; the first is the reference side",
    }
    measures = {criterion.value: _span_f1_block(corpus, criterion) for criterion in MatchCriterion}
    measures.update(_token_measures(corpus))
    measures["alpha_u"] = _alpha_u_block(corpus)
    measures.update(structure_measures(documents, names))
    return AgreementReport(parameters, measures)


def score_against_reference(
    documents: Sequence[AnnotatedDocument],
    reference: str = GOLD_LAYER,
    *,
    annotators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    selection: str = "documents with a reference layer",
) -> dict:
    """Span F1 of each annotator against a reference layer (gold), the reference as first side.

    Returns {"parameters": …, "annotators": {name: {criterion: {tp, fp, fn, precision, recall,
    f1, "labels": {…}, "documents": {…}}}}}: precision is the share of the annotator's spans
    the reference has, recall the share of the reference the annotator found.
    """
    names = [n for n in _annotators_in(documents, annotators) if n != reference]
    keys = _labels_in_use(documents, [*names, reference], labels)
    corpus = _Corpus.build(documents, [reference, *names], keys)
    scores = {name: _scores_against(corpus, reference, name) for name in names}
    parameters = {
        "selection": selection,
        "reference": reference,
        "documents": len(documents),
        "labels": keys,
        "offset_unit": OFFSET_UNIT,
        "matching": MATCHING_RULE,
        "match": {criterion.value: criterion.rule for criterion in MatchCriterion},
    }
    return {"parameters": parameters, "annotators": scores}


def _scores_against(corpus: _Corpus, reference: str, name: str) -> dict:
    scores = {}
    for criterion in MatchCriterion:
        counts = _pair_span_counts(corpus, reference, name, criterion)
        entry = {**counts.pooled().to_dict(), "documents": int(counts.documents.sum())}
        if criterion is not MatchCriterion.RELAXED_ANY_LABEL:
            entry["labels"] = {
                label: row.to_dict() for label, row in zip(corpus.labels, counts.by_label())
            }
        entry["per_document"] = {
            doc_id: row[name]
            for doc_id, row in _per_document(corpus, {name: counts}).items()
            if row
        }
        scores[criterion.value] = entry
    return scores


# -- label confusion --------------------------------------------------------------------------

NO_SPAN = "(none)"


def label_confusion(
    documents: Sequence[AnnotatedDocument], *, annotators: Sequence[str] | None = None
) -> dict[str, dict[str, dict[str, int]]]:
    """Per pair "A|B": counts[label of A][label of B] over spans with the same offsets.

    Spans one annotator made where the other has none with those offsets count against
    NO_SPAN. Only the documents both annotators of the pair count are used.
    """
    names = _annotators_in(documents, annotators)
    confusion = {}
    for first, second in combinations(names, 2):
        counts: dict[str, dict[str, int]] = {}
        for document in documents:
            if first in document.layers and second in document.layers:
                _count_confusion(counts, document.layers[first], document.layers[second])
        confusion[pair_key(first, second)] = counts
    return confusion


def _count_confusion(counts: dict, first: Sequence[Span], second: Sequence[Span]) -> None:
    matched = match_spans(first, second, MatchCriterion.RELAXED_ANY_LABEL)
    cells = [(a.label, b.label) for a, b in matched]
    paired_first, paired_second = {a.id for a, _ in matched}, {b.id for _, b in matched}
    cells += [(s.label, NO_SPAN) for s in first if s.id not in paired_first]
    cells += [(NO_SPAN, s.label) for s in second if s.id not in paired_second]
    for row, column in cells:
        counts.setdefault(row, {}).setdefault(column, 0)
        counts[row][column] += 1


# -- relations and attributes, over matched spans ----------------------------------------------

STRUCTURE_MATCH = MatchCriterion.RELAXED
COUNT_BOUNDS = ("count_min", "count_max")
RELATION_RULE = (
    "a relation of the second annotator matches one of the first when its type is the same and "
    "both its spans are matched to that relation's spans"
)
ATTRIBUTE_RULE = (
    "per label.attribute over matched spans where both gave a value: exact equality; "
    "label.count_interval: the [count_min, count_max] ranges overlap (an empty bound is open)"
)


def structure_measures(documents: Sequence[AnnotatedDocument], names: Sequence[str]) -> dict:
    """`relation_f1` and `attribute_agreement` per annotator pair, on spans matched by
    STRUCTURE_MATCH in the documents both annotators count."""
    relation_pairs, attribute_pairs = {}, {}
    pooled: dict[str, list[int]] = {}
    for first, second in combinations(names, 2):
        counts, tallies, shared = SpanCounts(0, 0, 0), {}, 0
        for document in documents:
            if first not in document.layers or second not in document.layers:
                continue
            shared += 1
            if not _has_structure(document, first, second):
                continue  # nothing to compare: skip the matching, which is the costly part
            matched = match_spans(document.layers[first], document.layers[second], STRUCTURE_MATCH)
            counts = _added(counts, _relation_counts(document, first, second, matched))
            _tally_attributes(matched, tallies)
            _tally_attributes(matched, pooled)
        relation_pairs[pair_key(first, second)] = {**counts.to_dict(), "documents": shared}
        attribute_pairs[pair_key(first, second)] = _agreement_table(tallies)
    parameters = {"span_matching": f"{STRUCTURE_MATCH.rule}; {MATCHING_RULE}"}
    return {
        "relation_f1": {
            "parameters": {**parameters, "relation_match": RELATION_RULE},
            **_pairs_with_summary(relation_pairs),
        },
        "attribute_agreement": {
            "parameters": {**parameters, "rule": ATTRIBUTE_RULE},
            "pairs": attribute_pairs,
            "pooled": _agreement_table(pooled),
        },
    }


def _has_structure(document: AnnotatedDocument, first: str, second: str) -> bool:
    """Whether either layer has a relation or an attribute value here."""
    names = (first, second)
    return any(document.relations.get(name) for name in names) or any(
        span.attributes for name in names for span in document.layers[name]
    )


def _added(a: SpanCounts, b: SpanCounts) -> SpanCounts:
    return SpanCounts(a.tp + b.tp, a.fp + b.fp, a.fn + b.fn)


def _relation_counts(
    document: AnnotatedDocument, first: str, second: str, matched: list[tuple[Span, Span]]
) -> SpanCounts:
    to_first = {b.id: a.id for a, b in matched}
    wanted = {(r.from_span, r.to_span, r.type) for r in document.relations.get(first, ())}
    found = [
        (to_first.get(r.from_span), to_first.get(r.to_span), r.type)
        for r in document.relations.get(second, ())
    ]
    tp = len(wanted & set(found))
    return SpanCounts(tp, len(found) - tp, len(wanted) - tp)


def _tally_attributes(matched: list[tuple[Span, Span]], tallies: dict[str, list[int]]) -> None:
    """tallies[label.attribute] = [compared, agreed, given by one side only]."""
    for a, b in matched:
        given_a = {k: v for k, v in a.attributes.items() if v is not None}
        given_b = {k: v for k, v in b.attributes.items() if v is not None}
        for key in sorted(given_a.keys() | given_b.keys()):
            _count(tallies, f"{a.label}.{key}", given_a.get(key), given_b.get(key), _equal)
        if any(k in given_a or k in given_b for k in COUNT_BOUNDS):
            bounds_a = _bounds(given_a)
            bounds_b = _bounds(given_b)
            _count(tallies, f"{a.label}.count_interval", bounds_a, bounds_b, _overlap)


def _count(tallies: dict, name: str, a: Any, b: Any, agree) -> None:
    tally = tallies.setdefault(name, [0, 0, 0])
    if a is None or b is None:
        tally[2] += 1
    else:
        tally[0] += 1
        tally[1] += bool(agree(a, b))


def _equal(a: Any, b: Any) -> bool:
    return a == b


def _bounds(given: Mapping[str, Any]) -> tuple[float, float] | None:
    low, high = (given.get(key) for key in COUNT_BOUNDS)
    if low is None and high is None:
        return None
    return (-math.inf if low is None else low, math.inf if high is None else high)


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _agreement_table(tallies: Mapping[str, list[int]]) -> dict:
    return {
        name: {
            "compared": compared,
            "agreed": agreed,
            "one_sided": one_sided,
            "agreement": agreed / compared if compared else None,
        }
        for name, (compared, agreed, one_sided) in sorted(tallies.items())
    }
