"""The claims table: one row per casualty claim with its numbers, sources, places and actors.

`claims-csv` is flat for spreadsheets (lists joined by " | "; cells that look like formulas are
neutralised as in the span CSV); `claims-jsonl` keeps the same facts nested, one claim a line.
A claim's sources, places and actors are the spans its relations point to: `attributed_to`
sources, `located_in` places, `perpetrator` and `victim` actors. Offsets are code points.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..atomic_file import atomic_text
from ..model import Label, Span
from ..store import LayerDocument
from .csv_spans import neutralise
from .writing import checked_spans

OFFSET_UNIT = "code points"
CLAIM_LABEL = "casualty_claim"
NUMBERS = ("kind", "count_min", "count_max", "qualifier", "victims", "certainty")
JOIN = " | "
COLUMNS = (
    "document_id",
    "title",
    "date",
    "annotator",
    "claim_id",
    "start",
    "end",
    "text",
    *NUMBERS,
    "sources",
    "source_types",
    "locations",
    "location_names",
    "coordinates",
    "geonames_ids",
    "perpetrators",
    "victim_actors",
)


def _mention(span: Span) -> dict:
    return {"id": span.id, "text": span.text, "start": span.start, "end": span.end}


def _source(span: Span) -> dict:
    return {
        **_mention(span),
        "type": span.attributes.get("type"),
        "named": span.attributes.get("named"),
    }


def _place(span: Span) -> dict:
    keys = ("name", "country", "lat", "lon", "geonames_id")
    return {**_mention(span), **{key: span.attributes.get(key) for key in keys}}


def _actor(span: Span, relation: str) -> dict:
    canonical = span.attributes.get("canonical") or span.text
    return {
        **_mention(span),
        "canonical": canonical,
        "role": span.attributes.get("role"),
        "relation": relation,
    }


def claim_records(item: LayerDocument) -> Iterator[dict]:
    """The document's casualty claims with what their relations link them to, in text order."""
    spans = {span.id: span for span in checked_spans(item)}
    for claim in (s for s in spans.values() if s.label == CLAIM_LABEL):
        record = {
            "document_id": item.document.id,
            "title": item.document.title,
            "date": item.document.meta.get("date", ""),
            "annotator": claim.annotator,
            "claim": _mention(claim),
            **{key: claim.attributes.get(key) for key in NUMBERS},
            "sources": [],
            "locations": [],
            "actors": [],
        }
        for rel in item.relations:
            target = spans.get(rel.to_span)
            if rel.from_span != claim.id or target is None:
                continue
            if rel.type == "attributed_to":
                record["sources"].append(_source(target))
            elif rel.type == "located_in":
                record["locations"].append(_place(target))
            elif rel.type in ("perpetrator", "victim"):
                record["actors"].append(_actor(target, rel.type))
        for key in ("sources", "locations", "actors"):
            record[key].sort(key=lambda mention: (mention["start"], mention["end"]))
        yield record


def _joined(values: Iterable) -> str:
    return JOIN.join("" if value is None else str(value) for value in values)


def _row(record: dict) -> list:
    claim, sources, places = record["claim"], record["sources"], record["locations"]
    actors = record["actors"]
    texts = {
        "document_id": record["document_id"],
        "title": record["title"],
        "date": record["date"],
        "annotator": record["annotator"],
        "claim_id": claim["id"],
        "text": claim["text"],
        **{key: "" if record[key] is None else str(record[key]) for key in NUMBERS},
        "sources": _joined(s["text"] for s in sources),
        "source_types": _joined(s["type"] for s in sources),
        "locations": _joined(p["text"] for p in places),
        "location_names": _joined(p["name"] for p in places),
        "coordinates": _joined(
            f"{p['lat']} {p['lon']}" if p["lat"] is not None else "" for p in places
        ),
        "geonames_ids": _joined(p["geonames_id"] for p in places),
        "perpetrators": _joined(a["canonical"] for a in actors if a["relation"] == "perpetrator"),
        "victim_actors": _joined(a["canonical"] for a in actors if a["relation"] == "victim"),
    }
    numbers = {"start": claim["start"], "end": claim["end"]}
    return [numbers[c] if c in numbers else neutralise(texts[c]) for c in COLUMNS]


def write_claims_csv(items: Iterable[LayerDocument], out: Path, labels: list[Label]) -> int:
    count = 0
    with atomic_text(out) as handle:
        handle.write("\ufeff")  # Excel reads Arabic and emoji right only with it
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for item in items:
            writer.writerows(_row(record) for record in claim_records(item))
            count += 1
    return count


def write_claims_jsonl(items: Iterable[LayerDocument], out: Path, labels: list[Label]) -> int:
    count = 0
    with atomic_text(out) as handle:
        for item in items:
            for record in claim_records(item):
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count
