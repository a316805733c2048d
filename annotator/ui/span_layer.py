"""The spans of the open document, indexed by text block, in Qt's UTF-16 positions.

The view asks for one block at a time, so lookups and updates touch only the blocks a
span covers: adding a span with 50,000 present costs the same as with none.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass

from ..model import Span
from .offsets import Utf16Map

BLOCK_SEPARATOR = re.compile("[\n\u2029]")
# Qt lays out and reshapes a paragraph as a whole, so a 1 MB paragraph costs ~0.5 s on every
# change of its formats. The display copy breaks paragraphs longer than this at a space
# (same length, same positions): offsets are unchanged, only the ragged line end shows it.
LONGEST_BLOCK = 2000


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
        self._block_starts = [0] + [
            self.offsets.to_utf16(m.end()) for m in BLOCK_SEPARATOR.finditer(self.display_text)
        ]
        self._spans: dict[str, Span] = {}
        self._blocks: dict[int, set[str]] = {}
        self._ordered: list[Span] | None = None
        self._index(spans)

    def _index(self, spans: list[Span]) -> None:
        """`add` for many spans at once, inlined: opening 10,000 spans is on the critical path."""
        to_utf16, starts, blocks = self.offsets.to_utf16, self._block_starts, self._blocks
        for span in spans:
            self._spans[span.id] = span
            start = to_utf16(span.start)
            first = bisect_right(starts, start) - 1
            last = bisect_right(starts, max(start, to_utf16(span.end) - 1)) - 1
            for block in range(first, last + 1):
                blocks.setdefault(block, set()).add(span.id)

    # -- lookups ----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._spans)

    def __contains__(self, span_id: str) -> bool:
        return span_id in self._spans

    def get(self, span_id: str) -> Span | None:
        return self._spans.get(span_id)

    def ordered(self) -> list[Span]:
        """Spans in reading order; kept between edits, as sorting 50,000 on each key press shows."""
        if self._ordered is None:
            self._ordered = sorted(self._spans.values(), key=reading_order)
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
        covering = [
            self._spans[i]
            for i in self._blocks.get(block, ())
            if self._spans[i].start <= offset < self._spans[i].end
        ]
        return sorted(covering, key=lambda s: (s.end - s.start, s.start, s.id))

    def block_spans(self, block: int) -> list[Span]:
        """The spans with a part in one block."""
        return [self._spans[i] for i in self._blocks.get(block, ())]

    def segments(self, block: int, block_length: int) -> list[Segment]:
        """Elementary runs of one block with the spans covering each, for drawing."""
        ids = self._blocks.get(block)
        if not ids:
            return []
        base = self._block_starts[block]
        clipped = []
        for span in (self._spans[i] for i in ids):
            start, end = self.u16_range(span)
            clipped.append((max(start - base, 0), min(end - base, block_length), span))
        cuts = sorted({p for s, e, _ in clipped for p in (s, e)})
        runs = []
        for left, right in zip(cuts, cuts[1:]):
            covering = [sp for s, e, sp in clipped if s <= left and right <= e]
            if covering:
                covering.sort(key=lambda sp: (-(sp.end - sp.start), sp.start, sp.id))
                runs.append(Segment(left, right - left, tuple(covering)))
        return runs

    # -- updates ----------------------------------------------------------------------------

    def add(self, span: Span) -> range:
        self._spans[span.id] = span
        if self._ordered is not None:
            insort(self._ordered, span, key=reading_order)
        blocks = self.blocks_of(span)
        for block in blocks:
            self._blocks.setdefault(block, set()).add(span.id)
        return blocks

    def remove(self, span_id: str) -> range:
        span = self._spans.pop(span_id, None)
        if span is None:
            return range(0)
        if self._ordered is not None:
            self._ordered.pop(bisect_left(self._ordered, reading_order(span), key=reading_order))
        blocks = self.blocks_of(span)
        for block in blocks:
            self._blocks.get(block, set()).discard(span_id)
        return blocks


def reading_order(span: Span) -> tuple:
    """Start first; at one start the enclosing (longer) span first; then the id, to be stable."""
    return (span.start, -span.end, span.id)


def display_copy(text: str) -> str:
    """The text as the view shows it: overlong paragraphs broken at spaces into blocks."""
    pieces, done, start = [], 0, 0
    for end in [m.start() for m in BLOCK_SEPARATOR.finditer(text)] + [len(text)]:
        for cut in _break_points(text, start, end):
            pieces += [text[done:cut], "\n"]
            done = cut + 1
        start = end + 1
    return "".join(pieces) + text[done:] if pieces else text


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
