"""What every export writer shares: spans re-checked against their text before anything is written."""

from __future__ import annotations

from ..model import Span, check_span_text
from ..store import LayerDocument


def checked_spans(item: LayerDocument) -> list[Span]:
    """The layer's spans after `text[start:end] == span.text` is confirmed for each (DESIGN §3).

    A span that fails raises SpanError, so the export stops and the old file stays in place.
    """
    for span in item.spans:
        check_span_text(item.document.text, span)
    return item.spans


def by_annotator(spans: list[Span]) -> dict[str, list[Span]]:
    """Spans grouped by layer, for formats that keep each annotator's work apart."""
    groups: dict[str, list[Span]] = {}
    for span in spans:
        groups.setdefault(span.annotator, []).append(span)
    return groups
