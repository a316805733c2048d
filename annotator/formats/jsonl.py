"""Native JSONL: one document a line with its spans, relations, status and annotator.

Offsets are Unicode code points into `text`, `[start, end)`, as Python slices them. A line reads:
{"id", "title", "text", "meta", "annotator", "status", "spans": [{"id", "annotator", "start",
"end", "label", "text", "attributes", "note"}], "relations": [{"id", "annotator", "from", "to",
"type", "attributes"}]}. `status` is a string for the line's annotator, or an object keyed by annotator.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from ..model import (
    Document,
    OffsetMap,
    Relation,
    Span,
    SpanError,
    Status,
    check_span_text,
    new_id,
    span_record,
    title_from_text,
)
from ..store import LayerDocument, LayerRows
from . import Batch, InputError, read_text_records

OFFSET_UNIT = "code points"


# What json.dumps(value, ensure_ascii=False) writes, and how it writes a string, without
# building an encoder per call.
_encode = json.JSONEncoder(ensure_ascii=False).encode
_quote = json.encoder.encode_basestring


def layer_record(item: LayerDocument) -> dict:
    """A line as plain data: the definition `write_jsonl` writes faster, byte for byte."""
    return {
        **_document_part(item),
        "spans": [_span_record(span, item.document.text) for span in item.spans],
        "relations": [_relation_record(r) for r in item.relations],
    }


def _document_part(item: LayerDocument | LayerRows) -> dict:
    doc = item.document
    return {
        "id": doc.id,
        "title": doc.title,
        "text": doc.text,
        "meta": doc.meta,
        "annotator": item.annotator,
        "status": item.status,
    }


def _relation_record(r: Relation) -> dict:
    return {
        "id": r.id,
        "annotator": r.annotator,
        "from": r.from_span,
        "to": r.to_span,
        "type": r.type,
        "attributes": r.attributes,
    }


def _span_record(span: Span, text: str) -> dict:
    check_span_text(text, span)
    return span_record(span)


def write_jsonl(items: Iterable[LayerRows], out: TextIO) -> int:
    """Write `Store.iter_layer_rows` items, one line each, as json.dumps(layer_record(…)) would.

    Spans are encoded straight from their rows: 500,000 Span objects, record dicts and the
    encoder's walk over them took ~4 of the 5 seconds of a large export.
    """
    count = 0
    for item in items:
        out.write(_line(item))
        count += 1
    return count


def _line(item: LayerRows) -> str:
    head = _encode(_document_part(item))  # ends with the "}" that the spans and relations follow
    text = item.document.text
    spans = ", ".join([_span_json(text, item.document.id, row) for row in item.spans])
    relations = _encode([_relation_record(r) for r in item.relations])
    return f'{head[:-1]}, "spans": [{spans}], "relations": {relations}}}\n'


def _span_json(text: str, document_id: str, row: tuple) -> str:
    """A span row (SPAN_RECORD_COLUMNS) as the JSON of its span_record, checked against the text."""
    span_id, annotator, start, end, label, covered, attributes, note = row
    # check_span_text's rule, inline: it runs once per span. Only a failing span builds a Span,
    # for check_span_text to raise with the full message.
    if not (0 <= start and end <= len(text) and text[start:end] == covered and covered.strip()):
        check_span_text(text, Span(span_id, document_id, annotator, start, end, label, covered))
    if attributes != "{}":
        attributes = _encode(json.loads(attributes))  # as the record's dict would be written
    return (
        f'{{"id": {_quote(span_id)}, "annotator": {_quote(annotator)}, "start": {start}, '
        f'"end": {end}, "label": {_quote(label)}, "text": {_quote(covered)}, '
        f'"attributes": {attributes}, "note": {_quote(note)}}}'
    )


def read_jsonl(path: Path, as_annotator: str = "") -> Batch:
    return read_text_records(
        path, lambda record, number: _from_record(path, number, record, as_annotator)
    )


def _from_record(path: Path, number: int, record: dict, as_annotator: str) -> Batch:
    try:
        return _batch_from_record(record, as_annotator)
    except (SpanError, KeyError, TypeError, ValueError) as error:
        raise InputError(path, _describe(error), line=number) from error


def _describe(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"a span or relation lacks the field {error}"
    return str(error)


def _batch_from_record(record: dict, as_annotator: str) -> Batch:
    offsets = OffsetMap(record["text"])
    text = offsets.text
    if not text.strip():
        raise ValueError("the document text is empty")
    doc = Document(
        id=str(record.get("id") or new_id()),
        text=text,
        title=record.get("title") or title_from_text(text),
        meta=dict(record.get("meta") or {}),
    )
    # A name given on import is the layer everything goes into; without one, the file's own
    # names are kept (an all-layers export comes back as the same layers).
    annotator = as_annotator or record.get("annotator") or ""
    spans = [
        _span(raw, doc, offsets, as_annotator or raw.get("annotator") or annotator)
        for raw in record.get("spans") or []
    ]
    known = {span.id for span in spans}
    relations = [
        _relation(raw, doc, known, as_annotator or raw.get("annotator") or annotator)
        for raw in record.get("relations") or []
    ]
    status = record.get("status")
    if as_annotator and isinstance(status, dict):
        status = status.get(record.get("annotator")) or next(iter(status.values()), None)
    return Batch(
        documents=[doc],
        spans=spans,
        relations=relations,
        statuses=_statuses(status, doc.id, annotator, spans),
    )


def _span(raw: dict, doc: Document, offsets: OffsetMap, annotator: str) -> Span:
    start, end = raw["start"], raw["end"]
    # A float or a string here means another unit or a broken writer: never round it silently.
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
        raise ValueError(f"span offsets {start!r}, {end!r} must be whole numbers (code points)")
    span = Span(
        id=str(raw.get("id") or new_id()),
        document_id=doc.id,
        annotator=annotator,
        start=offsets(start),
        end=offsets(end),
        label=str(raw["label"]),
        text=OffsetMap(raw["text"]).text
        if "text" in raw
        else doc.text[offsets(start) : offsets(end)],
        attributes=dict(raw.get("attributes") or {}),
        note=raw.get("note") or "",
    )
    if not span.annotator:
        raise ValueError(f"span {span.id} names no annotator: pass --annotator")
    check_span_text(doc.text, span)
    return span


def _relation(raw: dict, doc: Document, known: set[str], annotator: str) -> Relation:
    rel = Relation(
        id=str(raw.get("id") or new_id()),
        document_id=doc.id,
        annotator=annotator,
        from_span=str(raw["from"]),
        to_span=str(raw["to"]),
        type=str(raw["type"]),
        attributes=dict(raw.get("attributes") or {}),
    )
    if not rel.annotator:
        raise ValueError(f"relation {rel.id} names no annotator: pass --annotator")
    missing = {rel.from_span, rel.to_span} - known
    if missing:
        raise ValueError(f"relation {rel.id} points at spans not in this line: {sorted(missing)}")
    return rel


def _statuses(status, doc_id: str, annotator: str, spans: list[Span]) -> list[tuple[str, str, str]]:
    if isinstance(status, dict):
        return [(doc_id, name, Status(value).value) for name, value in status.items()]
    if isinstance(status, str) and annotator:
        return [(doc_id, annotator, Status(status).value)]
    return [(doc_id, name, "in_progress") for name in sorted({s.annotator for s in spans})]
