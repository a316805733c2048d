"""Plain-text articles: one `.txt` file is one document; a `date YYYY-MM-DD` header becomes metadata."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..model import Document, new_id, normalise_text, split_date_header, title_from_text
from . import Batch, InputError, decode_text, read_bytes

# Bytes that decode_text drops or decodes as UTF-16: with them, the text's UTF-8 is not the file.
_BYTE_ORDER_MARKS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def document_from_text(raw: str, source: str, path: Path, data: bytes = b"") -> Document:
    """The document a file's decoded text `raw` makes; `data` are the file's bytes, if at hand."""
    text, date = split_date_header(normalise_text(raw))
    if not text or text.isspace():
        raise InputError(path, "is empty: there is no text to annotate")
    meta = {"source_file": source}
    if date:
        meta["date"] = date
    return Document(
        id=new_id(),
        text=text,
        title=title_from_text(text),
        meta=meta,
        sha256=_sha256_from_file(text, raw, data),
    )


def _sha256_from_file(text: str, raw: str, data: bytes) -> str:
    """The text's hash from the bytes read when they are its UTF-8 (nothing was normalised away
    and no header split off), so 50 MB of articles are not encoded again only to be hashed;
    "" lets Document hash the text itself."""
    if text != raw or not data or data.startswith(_BYTE_ORDER_MARKS):
        return ""
    return hashlib.sha256(data).hexdigest()


def read_text_file(path: Path) -> Batch:
    data = read_bytes(path)
    raw = decode_text(path, data)
    return Batch(documents=[document_from_text(raw, path.name, path, data)])
