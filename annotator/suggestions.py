"""Pre-annotation: spans the annotator may want, found from what they labelled and known names.

Suggestions are never spans: they are offered, then accepted (a span is stored) or rejected (the
text and label are remembered for the document and not offered again). Standard library only,
except for the optional gazetteer, which callers pass in.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from .gazetteer import Gazetteer, GazetteerUnavailable
from .model import Span
from .store import Store

MIN_LENGTH = 2  # single letters are labelled on purpose, never suggested
MAX_NAME_WORDS = 4
MIN_PLACE_LENGTH = 4
LABELLED = "labelled elsewhere"
ACTOR_LIST = "actor list"
GAZETTEER = "gazetteer"
ALL_OCCURRENCES = "all occurrences"

# Runs of capitalised Latin words ("Hayat Tahrir al-Sham") or of Arabic-script words: the
# stretches of text a place name can be, offered to the gazetteer.
_NAME_RUN = re.compile(
    r"[A-Z][\w’'-]*(?:\s(?:(?:al|el|as|ash|ad|ar)-)?[A-Z][\w’'-]*)*"
    r"|[\u0600-\u06ff]+(?:\s[\u0600-\u06ff]+)*"
)


@dataclass(frozen=True)
class Suggestion:
    start: int  # code points
    end: int
    label: str
    text: str
    source: str  # why it is offered, shown to the annotator

    def as_span(self, document_id: str, annotator: str, span_id: str) -> Span:
        return Span(span_id, document_id, annotator, self.start, self.end, self.label, self.text)


def whole_word_occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Where `needle` stands in `text` as whole words (not inside a longer word)."""
    if not needle.strip():
        return []
    pattern = re.compile(rf"(?<!\w){re.escape(needle)}(?!\w)")
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


_WORD = re.compile(r"\w+")


def occurrences_of_many(text: str, needles: Iterable[str]) -> dict[str, list[tuple[int, int]]]:
    """Whole-word occurrences of many needles in one pass over the text's words.

    Searching once per needle costs needles × text: minutes for a 1 MB article whose project
    has thousands of labelled strings. Here each word of the text is looked up among the needles
    that start with it, so the cost follows the text's length.
    """
    by_first_word: dict[str, list[str]] = {}
    found: dict[str, list[tuple[int, int]]] = {}
    for needle in dict.fromkeys(needles):  # once each, in order
        first = _WORD.match(needle)
        if first is None or first.start() != 0:  # starts with punctuation: search it alone
            found[needle] = whole_word_occurrences(text, needle)
        else:
            by_first_word.setdefault(first.group(), []).append(needle)
    for word in _WORD.finditer(text):
        for needle in by_first_word.get(word.group(), ()):
            start, end = word.start(), word.start() + len(needle)
            if text.startswith(needle, start) and not (end < len(text) and _is_word(text[end])):
                hits = found.setdefault(needle, [])
                if not hits or hits[-1][1] <= start:  # "Assad Assad" twice in three: once
                    hits.append((start, end))
    return found


def _is_word(ch: str) -> bool:
    return bool(_WORD.match(ch))


def known_labels(labelled: Iterable[tuple[str, str, int]]) -> dict[str, str]:
    """Each labelled string with the label it was given most often (ties: alphabetical)."""
    counts: dict[str, Counter] = {}
    for text, label, count in labelled:
        if len(text.strip()) >= MIN_LENGTH:
            counts.setdefault(text, Counter())[label] += count
    return {
        text: min(counter.items(), key=lambda item: (-item[1], item[0]))[0]
        for text, counter in counts.items()
    }


def name_candidates(text: str) -> list[tuple[int, int]]:
    """Every run of up to MAX_NAME_WORDS words inside a capitalised or Arabic-script run."""
    found = []
    for run in _NAME_RUN.finditer(text):
        words = [
            (m.start() + run.start(), m.end() + run.start())
            for m in re.finditer(r"\S+", run.group())
        ]
        for i in range(len(words)):
            for j in range(i, min(i + MAX_NAME_WORDS, len(words))):
                found.append((words[i][0], words[j][1]))
    return found


def _could_be_place(text: str, start: int, end: int) -> bool:
    """Short words ("An", "Aid", "إن") and a sentence's capitalised first word ("Most") name
    towns somewhere on Earth far more often than they name one in the article."""
    if end - start < MIN_PLACE_LENGTH:
        return False
    before = text[:start].rstrip(" ")
    return " " in text[start:end] or not (before == "" or before[-1] in '.!?:\n"“')


def _offered(
    text: str, bounds: Iterable[tuple[int, int]], label: str, source: str
) -> list[Suggestion]:
    return [Suggestion(s, e, label, text[s:e], source) for s, e in bounds]


def candidates(
    text: str,
    known: dict[str, str],
    actor_names: Iterable[str] = (),
    is_place: Callable[[str], bool] | None = None,
) -> list[Suggestion]:
    """Everything that could be suggested, before filtering against spans and rejections."""
    found: list[Suggestion] = []
    names = [name for name in actor_names if name.strip()]
    where = occurrences_of_many(text, [*known, *names])
    for needle, label in known.items():
        found += _offered(text, where.get(needle, []), label, LABELLED)
    for name in names:
        found += _offered(text, where.get(name, []), "actor", ACTOR_LIST)
    if is_place is not None:
        places = [
            (s, e)
            for s, e in name_candidates(text)
            if _could_be_place(text, s, e) and is_place(text[s:e])
        ]
        found += _offered(text, places, "location", GAZETTEER)
    return found


def keep_new(
    found: Iterable[Suggestion], spans: Iterable[Span], rejected: set[tuple[str, str]]
) -> list[Suggestion]:
    """Drop what is rejected or already labelled; of overlapping suggestions keep the longest."""
    nearby = _SpansNear(spans)
    fresh = [
        s
        for s in found
        if len(s.text.strip()) >= MIN_LENGTH
        and (s.text, s.label) not in rejected
        and (s.start, s.end) not in nearby.bounds
        and not any(_clashes(s, sp) for sp in nearby.overlapping(s.start, s.end))
    ]
    kept: list[Suggestion] = []
    occupied: set[int] = set()  # code points already under a kept (longer) suggestion
    for suggestion in sorted(fresh, key=lambda s: (s.start - s.end, s.start, s.label)):
        cells = range(suggestion.start, suggestion.end)
        if occupied.isdisjoint(cells):
            kept.append(suggestion)
            occupied.update(cells)
    return sorted(kept, key=lambda s: (s.start, s.end))


class _SpansNear:
    """Spans sorted by start, to find those overlapping a range without scanning them all."""

    def __init__(self, spans: Iterable[Span]) -> None:
        self.spans = sorted(spans, key=lambda s: s.start)
        self.starts = [s.start for s in self.spans]
        self.longest = max((s.end - s.start for s in self.spans), default=0)
        self.bounds = {(s.start, s.end) for s in self.spans}

    def overlapping(self, start: int, end: int) -> list[Span]:
        first = bisect_left(self.starts, start - self.longest)
        last = bisect_left(self.starts, end)
        return [s for s in self.spans[first:last] if s.end > start]


def _clashes(suggestion: Suggestion, span: Span) -> bool:
    """A span already covers this: one of the same label overlapping it, or any span at all
    overlapping a gazetteer guess ("al-Hassan" inside the source "Mahmoud al-Hassan")."""
    overlaps = span.start < suggestion.end and suggestion.start < span.end
    return overlaps and (span.label == suggestion.label or suggestion.source == GAZETTEER)


def suggest(
    text: str,
    spans: Iterable[Span],
    known: dict[str, str],
    rejected: set[tuple[str, str]],
    actor_names: Iterable[str] = (),
    is_place: Callable[[str], bool] | None = None,
) -> list[Suggestion]:
    """Suggestions for one document, in reading order, none overlapping another."""
    return keep_new(candidates(text, known, actor_names, is_place), spans, rejected)


def all_occurrences(text: str, needle: str, label: str, spans: Iterable[Span]) -> list[Suggestion]:
    """ "Label all occurrences": every whole-word occurrence not yet carrying this label."""
    found = _offered(text, whole_word_occurrences(text, needle), label, ALL_OCCURRENCES)
    return keep_new(found, spans, rejected=set())


def suggest_for_document(
    store: Store, document_id: str, annotator: str, is_place: Callable[[str], bool] | None = None
) -> list[Suggestion]:
    """Suggestions for one document from this annotator's labels across the whole project and
    the project's actor list (and places, given a gazetteer's `is_place`)."""
    return suggest(
        store.document(document_id).text,
        store.spans(document_id, annotator),
        known_labels(store.labelled_texts(annotator)),
        store.rejected_suggestions(document_id, annotator),
        [name for actor in store.actors() for name in actor.names()],
        is_place,
    )


@lru_cache(maxsize=1)
def gazetteer_place_test() -> Callable[[str], bool] | None:
    """Whether a name is a known place, or None when the optional gazetteer is not installed.

    Built once per process: reading GeoNames takes about a second.
    """
    try:
        gazetteer = Gazetteer.from_geonames()
    except GazetteerUnavailable:
        return None
    return lambda name: bool(gazetteer.resolve(name, limit=1))
