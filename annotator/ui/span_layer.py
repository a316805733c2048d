"""The spans of the open document, found by text block, in Qt's UTF-16 positions.

The view asks for one block at a time, so lookups and updates touch only the spans near the
block: adding a span with 50,000 present costs the same as with none, and opening a document
indexes nothing span by span but the rare long spans.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ..model import Span
from .offsets import Utf16Map

BLOCK_SEPARATOR = re.compile("[\n\u2029]")
# Qt lays out and reshapes a paragraph as a whole, so a 1 MB paragraph costs ~0.5 s on every
# change of its formats. The display copy breaks paragraphs longer than this at a space
# (same length, same positions): offsets are unchanged, only the ragged line end shows it.
LONGEST_BLOCK = 2000
# A block's spans are those starting in it or at most this many code points before it, found
# by bisecting the spans in reading order; longer spans (few) are listed under each block.
LONG_SPAN = 256


class InReadingOrder(list):
    """Spans known to be in reading order already (the store reads them so): sorting 18,700
    spans again would cost ~8 ms of opening a document."""


@dataclass(frozen=True)
class Segment:
    """A run of a block covered by the same spans, outermost first."""

    start: int  # UTF-16, relative to the block
    length: int
    spans: tuple[Span, ...]


class SpanLayer:
    def __init__(self, text: str, spans: list[Span]) -> None:
        self.text = text
        self.display_text = display_copy(text)
        self.offsets = Utf16Map(text)
        self._block_bounds = [0] + [at + 1 for at in separators(self.display_text)]
        self._block_starts = [self.offsets.to_utf16(start) for start in self._block_bounds]
        self._block_bounds.append(len(text))
        self._ordered = (
            list(spans) if isinstance(spans, InReadingOrder) else sorted(spans, key=reading_order)
        )
        # Spans by id, built when first asked: opening and painting a document need none
        # (18,700 spans: ~3 ms of opening), a label key or a click builds it once.
        self._by_id: dict[str, Span] | None = None
        self._starts = [span.start for span in self._ordered]
        self._long: dict[int, set[str]] = {}  # block number → ids of the long spans in it
        self._runs: dict[int, tuple[int, list[Segment]]] = {}  # block → (length, segments)
        for span in [s for s in spans if s.end - s.start > LONG_SPAN]:
            self._index_long(span)

    def _index_long(self, span: Span) -> range:
        blocks = self.blocks_of(span)
        for block in blocks:
            self._long.setdefault(block, set()).add(span.id)
        return blocks

    @property
    def _spans(self) -> dict[str, Span]:
        if self._by_id is None:
            self._by_id = {span.id: span for span in self._ordered}
        return self._by_id

    # -- lookups ----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ordered)

    def __contains__(self, span_id: str) -> bool:
        return span_id in self._spans

    def get(self, span_id: str) -> Span | None:
        return self._spans.get(span_id)

    def ordered(self) -> list[Span]:
        """Spans in reading order; kept between edits, as sorting 50,000 on each key press shows."""
        return list(self._ordered)

    def u16_range(self, span: Span) -> tuple[int, int]:
        return self.offsets.to_utf16(span.start), self.offsets.to_utf16(span.end)

    def blocks_of(self, span: Span) -> range:
        start, end = self.u16_range(span)
        first = bisect_right(self._block_starts, start) - 1
        last = bisect_right(self._block_starts, max(start, end - 1)) - 1
        return range(first, last + 1)

    def at(self, offset: int) -> list[Span]:
        """Spans covering a code-point offset, innermost (shortest) first."""
        block = bisect_right(self._block_starts, self.offsets.to_utf16(offset)) - 1
        covering = [s for s in self.block_spans(block) if s.start <= offset < s.end]
        return sorted(covering, key=lambda s: (s.end - s.start, s.start, s.id))

    def block_spans(self, block: int) -> list[Span]:
        """The spans with a part in one block, in reading order."""
        first, end = self._block_bounds[block], self._block_bounds[block + 1]
        near = self._ordered[
            bisect_left(self._starts, first - LONG_SPAN) : bisect_left(self._starts, end)
        ]
        found = [s for s in near if s.end > first and s.end - s.start <= LONG_SPAN]
        long_ids = self._long.get(block)
        if long_ids:
            found = sorted(found + [self._spans[i] for i in long_ids], key=reading_order)
        return found

    def segments(self, block: int, block_length: int) -> list[Segment]:
        """Elementary runs of one block with the spans covering each, for drawing; kept until
        the block's spans change (a label key formats its block twice: new span, selection)."""
        runs = self._runs.get(block)
        if runs is None or runs[0] != block_length:
            runs = self._runs[block] = (block_length, self._segments(block, block_length))
        return runs[1]

    def _segments(self, block: int, block_length: int) -> list[Segment]:
        spans = self.block_spans(block)
        if not spans:
            return []
        base = self._block_starts[block]
        clipped = []  # in reading order, so by start: a sweep meets each span once
        for span in spans:
            start, end = self.u16_range(span)
            clipped.append((max(start - base, 0), min(end - base, block_length), span))
        cuts = sorted({p for s, e, _ in clipped for p in (s, e)})
        runs, active, waiting = [], [], iter(clipped)
        following = next(waiting, None)
        for left, right in zip(cuts, cuts[1:]):
            while following is not None and following[0] <= left:
                active.append(following)
                following = next(waiting, None)
            active = [run for run in active if run[1] > left]  # every end is a cut
            if active:
                covering = sorted((span for _, _, span in active), key=_outermost_first)
                runs.append(Segment(left, right - left, tuple(covering)))
        return runs

    # -- updates ----------------------------------------------------------------------------

    def add(self, span: Span) -> range:
        """Take in a new span; returns the blocks it is in."""
        self._spans[span.id] = span
        index = bisect_left(self._ordered, reading_order(span), key=reading_order)
        self._ordered.insert(index, span)
        self._starts.insert(index, span.start)
        blocks = self._index_long(span) if _is_long(span) else self.blocks_of(span)
        self._forget_runs(blocks)
        return blocks

    def remove(self, span_id: str) -> range:
        """Forget a span; returns the blocks it was in."""
        span = self._spans.pop(span_id, None)
        if span is None:
            return range(0)
        index = bisect_left(self._ordered, reading_order(span), key=reading_order)
        del self._ordered[index], self._starts[index]
        blocks = self.blocks_of(span)
        for block in blocks if _is_long(span) else ():
            self._long[block].discard(span_id)
        self._forget_runs(blocks)
        return blocks

    def _forget_runs(self, blocks: range) -> None:
        for block in blocks:
            self._runs.pop(block, None)


def _is_long(span: Span) -> bool:
    return span.end - span.start > LONG_SPAN


def _outermost_first(span: Span) -> tuple:
    return (-(span.end - span.start), span.start, span.id)


def reading_order(span: Span) -> tuple:
    """Start first; at one start the enclosing (longer) span first; then the id, to be stable."""
    return (span.start, -span.end, span.id)


def display_copy(text: str) -> str:
    """The text as the view shows it: overlong paragraphs broken at spaces into blocks."""
    pieces, done, start = [], 0, 0
    for end in separators(text) + [len(text)]:
        for cut in _break_points(text, start, end):
            pieces += [text[done:cut], "\n"]
            done = cut + 1
        start = end + 1
    return "".join(pieces) + text[done:] if pieces else text


def separators(text: str) -> list[int]:
    """Where the text's blocks end: str.find runs ~5x faster than the regex over 1 MB."""
    if "\u2029" in text:
        return [m.start() for m in BLOCK_SEPARATOR.finditer(text)]
    found, at = [], text.find("\n")
    while at >= 0:
        found.append(at)
        at = text.find("\n", at + 1)
    return found


def _break_points(text: str, start: int, end: int) -> list[int]:
    """Spaces at most LONGEST_BLOCK apart in text[start:end]; a run without spaces stays whole."""
    cuts = []
    while end - start > LONGEST_BLOCK:
        cut = text.rfind(" ", start + LONGEST_BLOCK // 2, start + LONGEST_BLOCK)
        if cut < 0:
            cut = text.find(" ", start + LONGEST_BLOCK, end)
        if cut < 0:
            break
        cuts.append(cut)
        start = cut + 1
    return cuts
