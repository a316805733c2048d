"""Label Studio tasks JSON: a list of tasks, each `data.text` with annotations of labelled regions.

A region is {"id", "from_name": "label", "to_name": "text", "type": "labels", "value": {"start",
"end", "text", "labels": [label]}}; its note and attributes are per-region TextArea results with
the same id (`from_name` "note", and "attributes" holding a JSON object); relations are
{"type": "relation", "from_id", "to_id", "direction": "right", "labels": [type]}. Offsets are
Unicode code points, as Label Studio's Text tag counts them. One annotation per layer;
`ground_truth` is true for the gold layer. The labelling config for a project that reads these
tasks is written beside the file (`<name>.label_config.xml`). Not carried: annotator names,
status, relation attributes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import quoteattr

from ..atomic_file import atomic_text
from ..model import Label, Relation, Span
from ..store import GOLD, LayerDocument
from .writing import by_annotator, checked_spans

OFFSET_UNIT = "code points"
LABELS, TEXT, NOTE, ATTRIBUTES = "label", "text", "note", "attributes"


def task(item: LayerDocument) -> dict:
    layers = by_annotator(checked_spans(item))
    if not layers and item.annotator:
        layers = {item.annotator: []}  # an annotated document with nothing in it says so too
    annotations = [
        {
            "result": _results(spans, [r for r in item.relations if r.annotator == name]),
            "ground_truth": name == GOLD,
        }
        for name, spans in layers.items()
    ]
    doc = item.document
    data = {"text": doc.text, "document_id": doc.id, "title": doc.title}
    return {"data": data, "annotations": annotations}


def _results(spans: list[Span], relations: list[Relation]) -> list[dict]:
    results = []
    for span in spans:
        where = {"start": span.start, "end": span.end}
        results.append(
            _region(span, LABELS, "labels", {**where, "text": span.text, "labels": [span.label]})
        )
        if span.note:
            results.append(_region(span, NOTE, "textarea", {**where, "text": [span.note]}))
        if span.attributes:
            encoded = json.dumps(span.attributes, ensure_ascii=False, sort_keys=True)
            results.append(_region(span, ATTRIBUTES, "textarea", {**where, "text": [encoded]}))
    results += [
        {
            "type": "relation",
            "from_id": rel.from_span,
            "to_id": rel.to_span,
            "direction": "right",
            "labels": [rel.type],
        }
        for rel in relations
    ]
    return results


def _region(span: Span, control: str, kind: str, value: dict) -> dict:
    return {"id": span.id, "from_name": control, "to_name": TEXT, "type": kind, "value": value}


def label_config(labels: list[Label], relation_types: Iterable[str]) -> str:
    """The labelling config of a Label Studio project for these tasks."""
    label_tags = "".join(
        f"\n    <Label value={quoteattr(lab.key)} background={quoteattr(lab.color)}/>"
        for lab in labels
    )
    relation_tags = "".join(
        f"\n    <Relation value={quoteattr(t)}/>" for t in sorted(set(relation_types))
    )
    per_region = 'toName="text" perRegion="true" editable="true"'
    return (
        "<View>\n"
        f'  <Labels name="{LABELS}" toName="{TEXT}">{label_tags}\n  </Labels>\n'
        f'  <Text name="{TEXT}" value="$text"/>\n'
        f"  <Relations>{relation_tags}\n  </Relations>\n"
        f'  <TextArea name="{NOTE}" {per_region}/>\n'
        f'  <TextArea name="{ATTRIBUTES}" {per_region}/>\n'
        "</View>\n"
    )


def config_path(out: Path) -> Path:
    return out.with_name(f"{out.stem}.label_config.xml")


def write_labelstudio(items: Iterable[LayerDocument], out: Path, labels: list[Label]) -> int:
    count = 0
    relation_types: set[str] = set()
    with atomic_text(out) as handle:
        handle.write("[")
        for item in items:
            handle.write(",\n" if count else "\n")
            handle.write(json.dumps(task(item), ensure_ascii=False))
            relation_types |= {rel.type for rel in item.relations}
            count += 1
        handle.write("\n]\n")
    with atomic_text(config_path(out)) as handle:
        handle.write(label_config(labels, relation_types))
    return count
