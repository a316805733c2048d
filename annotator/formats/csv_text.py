"""CSV import: one row a document, from a `text` column; `id`, `title` and other columns kept."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from ..model import Document, new_id, normalise_text, title_from_text
from . import MAX_DOCUMENT_BYTES, Batch, InputError, decode_text, looks_like_formula

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def read_csv(path: Path, text_column: str = "text") -> Batch:
    content = decode_text(path, path.read_bytes())
    reader = csv.DictReader(io.StringIO(content, newline=""))
    if not reader.fieldnames or text_column not in reader.fieldnames:
        raise InputError(
            path,
            f"has no {text_column!r} column (columns: {', '.join(reader.fieldnames or [])}); "
            "name the column that holds the article text",
            line=1,
        )
    batch = Batch()
    for row in reader:
        batch.warnings += _formula_warnings(path, reader.line_num, row)
        batch.documents.append(_document(path, reader.line_num, row, text_column))
    if not batch.documents:
        raise InputError(path, "has a header but no rows")
    return batch


def _formula_warnings(path: Path, line: int, row: dict) -> list[str]:
    """Cells a spreadsheet would run: kept as text here, and neutralised in our CSV exports."""
    return [
        f"{path}:{line}: the {column!r} cell starts with {value[0]!r}, like a spreadsheet "
        "formula; it is kept as plain text (CSV exports prefix it with ' so it never runs)"
        for column, value in row.items()
        if isinstance(value, str) and looks_like_formula(value)
    ]


def _document(path: Path, line: int, row: dict, text_column: str) -> Document:
    if None in row:
        raise InputError(path, "has more cells than the header has columns", line=line)
    text = normalise_text(row.pop(text_column) or "")
    if not text.strip():
        raise InputError(path, f"the {text_column!r} cell is empty", line=line)
    if len(text.encode("utf-8")) > MAX_DOCUMENT_BYTES:
        raise InputError(path, "the article in this row is larger than 10 MB", line=line)
    title = (row.pop("title", "") or "").strip() or title_from_text(text)
    # A CSV's own ids are rarely UUIDs; keep them as metadata and give the document ours.
    meta = {("external_id" if key == "id" else key): value for key, value in row.items() if value}
    meta["source_file"] = path.name
    return Document(id=new_id(), text=text, title=title, meta=meta)
