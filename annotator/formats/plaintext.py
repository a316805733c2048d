"""Plain-text articles: one `.txt` file is one document; a `date YYYY-MM-DD` header becomes metadata."""

from __future__ import annotations

from pathlib import Path

from ..model import Document, new_id, normalise_text, split_date_header, title_from_text
from . import Batch, InputError, decode_text, read_bytes


def document_from_text(raw: str, source: str, path: Path) -> Document:
    text, date = split_date_header(normalise_text(raw))
    if not text.strip():
        raise InputError(path, "is empty: there is no text to annotate")
    meta = {"source_file": source}
    if date:
        meta["date"] = date
    return Document(id=new_id(), text=text, title=title_from_text(text), meta=meta)


def read_text_file(path: Path) -> Batch:
    raw = decode_text(path, read_bytes(path))
    return Batch(documents=[document_from_text(raw, path.name, path)])
