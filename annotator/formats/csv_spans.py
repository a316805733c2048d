"""CSV of spans: one row a span, for spreadsheets and quick counts.

Columns: document_id, title, annotator, start, end, label, text, note, attributes (JSON).
Offsets are code points. A text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage
return gets a leading apostrophe, so a spreadsheet shows it instead of running it as a formula
(OWASP's advice against CSV injection); such cells read back with the apostrophe. The file starts
with a UTF-8 BOM so that Excel reads Arabic and emoji correctly. Not carried: relations, status.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path

from ..atomic_file import atomic_text
from ..model import Label, Span
from ..store import LayerDocument
from . import looks_like_formula
from .writing import checked_spans

OFFSET_UNIT = "code points"
COLUMNS = (
    "document_id",
    "title",
    "annotator",
    "start",
    "end",
    "label",
    "text",
    "note",
    "attributes",
)


def neutralise(cell: str) -> str:
    """A cell a spreadsheet will show as text, never evaluate."""
    return "'" + cell if looks_like_formula(cell) else cell


def span_row(item: LayerDocument, span: Span) -> list:
    attributes = json.dumps(span.attributes, ensure_ascii=False, sort_keys=True)
    cells = [item.document.id, item.document.title, span.annotator]
    texts = [span.label, span.text, span.note, attributes]
    return [*map(neutralise, cells), span.start, span.end, *map(neutralise, texts)]


def write_csv_spans(items: Iterable[LayerDocument], out: Path, labels: list[Label]) -> int:
    count = 0
    with atomic_text(out) as handle:
        handle.write("\ufeff")
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for item in items:
            writer.writerows(span_row(item, span) for span in checked_spans(item))
            count += 1
    return count
