"""doccano JSONL with relations: one document a line, spans as `entities`, links as `relations`.

A line reads {"text", "entities": [{"id", "label", "start_offset", "end_offset"}], "relations":
[{"id", "from_id", "to_id", "type"}], "document_id", "title"}; doccano keeps the extra keys as
metadata. Offsets are Unicode code points (Python's count, as doccano's files use); tools that
count UTF-16 code units put emoji-bearing texts off by one per emoji, and the reader detects and
refuses that. The older `"label": [[start, end, label]]` lines are read too. Not carried: notes,
attributes, span and relation ids, status.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from ..atomic_file import atomic_text
from ..model import Label, Relation, new_id
from ..store import LayerDocument
from . import Batch, read_text_records
from .standoff import TextMapper
from .writing import checked_spans

OFFSET_UNIT = "code points"


def doccano_record(item: LayerDocument) -> dict:
    spans = checked_spans(item)
    numbers = {span.id: n for n, span in enumerate(spans, start=1)}
    return {
        "text": item.document.text,
        "entities": [
            # `text` is ours (doccano ignores it): the check that settles the offset unit.
            {
                "id": numbers[s.id],
                "label": s.label,
                "start_offset": s.start,
                "end_offset": s.end,
                "text": s.text,
            }
            for s in spans
        ],
        "relations": [
            {"id": n, "from_id": numbers[r.from_span], "to_id": numbers[r.to_span], "type": r.type}
            for n, r in enumerate(item.relations, start=1)
        ],
        "document_id": item.document.id,
        "title": item.document.title,
    }


def write_doccano(items: Iterable[LayerDocument], out: Path, labels: list[Label]) -> int:
    count = 0
    with atomic_text(out) as handle:
        for item in items:
            handle.write(json.dumps(doccano_record(item), ensure_ascii=False) + "\n")
            count += 1
    return count


def read_doccano(path: Path, annotator: str) -> Batch:
    return read_text_records(
        path, lambda record, number: _from_record(path, number, record, annotator)
    )


def _from_record(path: Path, number: int, record: dict, annotator: str) -> Batch:
    mapper = TextMapper(path, record["text"], f"line {number}", new_id(), annotator)
    try:
        entities = _entities(record)
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        raise mapper.error(f"an entity is malformed ({error!r})", number) from error
    # Entities that carry their text are checked against it; only bare ones need the guess.
    mapper.check_not_utf16([(s, e) for _, s, e, _, text in entities if text is None], number)
    spans = {key: mapper.place(s, e, label, text, number) for key, s, e, label, text in entities}
    meta = {"external_id": str(record["document_id"])} if "document_id" in record else {}
    doc = mapper.document(str(record.get("title") or ""), meta)
    return Batch(
        documents=[doc],
        spans=list(spans.values()),
        relations=[_relation(mapper, spans, raw, number) for raw in record.get("relations") or []],
        statuses=[(doc.id, annotator, "done")],
    )


def _entities(record: dict) -> list[tuple[object, int, int, str, str | None]]:
    """(key, start, end, label, text or None) from `entities`, or the older `label` triples."""
    if "entities" in record:
        return [
            (
                e.get("id", i),
                int(e["start_offset"]),
                int(e["end_offset"]),
                str(e["label"]),
                e.get("text") if isinstance(e.get("text"), str) else None,
            )
            for i, e in enumerate(record["entities"])
        ]
    triples = record.get("label", [])
    return [(i, int(s), int(e), str(lab), None) for i, (s, e, lab) in enumerate(triples)]


def _relation(mapper: TextMapper, spans: dict, raw, number: int) -> Relation:
    if not isinstance(raw, dict):
        raise mapper.error(f"a relation is not an object: {raw!r}", number)
    missing = [raw.get(k) for k in ("from_id", "to_id") if raw.get(k) not in spans]
    if missing:
        raise mapper.error(f"relation {raw.get('id')} points at missing entities {missing}", number)
    if not raw.get("type"):
        raise mapper.error(f"relation {raw.get('id')} has no type", number)
    return Relation(
        id=new_id(),
        document_id=mapper.document_id,
        annotator=mapper.annotator,
        from_span=spans[raw["from_id"]].id,
        to_span=spans[raw["to_id"]].id,
        type=str(raw["type"]),
    )
