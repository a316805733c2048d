"""The span layer finds each block's spans by bisecting spans in reading order (and lists long
ones per block): checked against the blocks each span covers, through adds and removals."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.model import Document, Span
from annotator.store import Store
from annotator.ui.span_layer import LONG_SPAN, Segment, SpanLayer, reading_order, separators

# Short lines, long paragraphs, emoji (two UTF-16 units) and Arabic.
PIECES = ["a", "word ", "\n", "🙂", "ق", " " * 3, "x" * (LONG_SPAN // 2)]


def covering(layer: SpanLayer, spans: dict[str, Span], block: int) -> list[Span]:
    """The plain rule: a block's spans are those whose [start, end) reaches into it."""
    return sorted((s for s in spans.values() if block in layer.blocks_of(s)), key=reading_order)


def runs_one_by_one(layer: SpanLayer, spans: dict[str, Span], block: int, length: int):
    """Between every two span edges in the block, the spans covering that stretch, outermost
    (longest) first."""
    base = layer.offsets.to_utf16(
        sum(len(line) + 1 for line in layer.display_text.split("\n")[:block])
    )
    clipped = []
    for span in covering(layer, spans, block):
        start, end = layer.u16_range(span)
        clipped.append((max(start - base, 0), min(end - base, length), span))
    cuts = sorted({edge for s, e, _ in clipped for edge in (s, e)})
    runs = []
    for left, right in zip(cuts, cuts[1:]):
        over = [span for s, e, span in clipped if s <= left and right <= e]
        over.sort(key=lambda span: (span.start - span.end, span.start, span.id))
        if over:
            runs.append(Segment(left, right - left, tuple(over)))
    return runs


def span_over(text: str, number: int, start: int, length: int) -> Span:
    end = min(len(text), start + length)
    return Span(f"s{number}", "d", "a", start, end, "actor", text[start:end])


@settings(max_examples=400)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=60), st.data())
def test_block_spans_are_the_spans_reaching_into_each_block(pieces, data):
    text = "".join(pieces)
    starts = st.integers(0, len(text) - 1)
    lengths = st.sampled_from([1, 2, 5, 40, LONG_SPAN + 1, 2_000])
    bounds = data.draw(st.lists(st.tuples(starts, lengths), max_size=30))
    spans = {f"s{i}": span_over(text, i, start, length) for i, (start, length) in enumerate(bounds)}
    half = len(spans) // 2
    layer = SpanLayer(text, list(spans.values())[:half])
    lengths = [len(line) for line in layer.display_text.split("\n")]
    for block, length in enumerate(lengths):
        layer.segments(block, length)  # drawn once before the edits: kept runs must not go stale
    for span in list(spans.values())[half:]:
        layer.add(span)
    for span_id in data.draw(st.lists(st.sampled_from(sorted(spans) or ["none"]), unique=True)):
        layer.remove(span_id)
        spans.pop(span_id, None)
    for block, length in enumerate(lengths):
        assert layer.block_spans(block) == covering(layer, spans, block)
        assert layer.segments(block, length) == runs_one_by_one(layer, spans, block, length)
    assert layer.ordered() == sorted(spans.values(), key=reading_order)
    # Spans by id are indexed when first asked for: after the edits, they are the same.
    assert len(layer) == len(spans)
    assert all(layer.get(span_id) is span and span_id in layer for span_id, span in spans.items())


@given(st.text(alphabet="ab \n\u2029🙂", max_size=80))
def test_block_separators_are_line_feeds_and_paragraph_separators(text):
    assert separators(text) == [i for i, ch in enumerate(text) if ch in "\n\u2029"]


@settings(max_examples=50)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 5),
            st.integers(1, 4),
            st.text(alphabet="aZé🙂-0", min_size=1, max_size=4),
        ),
        max_size=25,
        unique_by=lambda bounds: bounds[2],
    )
)
def test_the_store_reads_spans_in_the_reading_order_the_layer_trusts(bounds):
    """Session.spans hands the layer the store's order unsorted (InReadingOrder)."""
    text = "abcdefghij"
    store = Store.memory()
    store.add_documents(
        [Document(id="d", text=text)],
        [Span(i, "d", "a", s, s + n, "actor", text[s : s + n]) for s, n, i in bounds],
    )
    assert store.spans("d", "a") == sorted(store.spans("d", "a"), key=reading_order)
