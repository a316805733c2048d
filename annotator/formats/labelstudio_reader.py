"""Reading Label Studio tasks JSON (as exported by Label Studio or by `labelstudio.py`).

Labelled regions become spans; per-region results with a region's id become its note
(TextArea "note"), its attributes (TextArea "attributes" as a JSON object) or one attribute named
after their control (other TextAreas, Choices, Ratings...). Results that belong to the whole task
are kept in the document's metadata. A task with several annotations contributes its
ground-truth one; without exactly one, the file is refused.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from ..model import Relation, Span, new_id
from . import Batch, InputError, decode_text
from .labelstudio import ATTRIBUTES, NOTE
from .standoff import TextMapper

# The key of `value` that holds a result's content, by result type.
_VALUE_KEY = {"textarea": "text"}


def read_labelstudio(path: Path, annotator: str) -> Batch:
    try:
        tasks = json.loads(decode_text(path, path.read_bytes()))
    except json.JSONDecodeError as error:
        raise InputError(path, f"is not valid JSON ({error.msg})", line=error.lineno) from error
    tasks = [tasks] if isinstance(tasks, dict) else tasks
    if not isinstance(tasks, list) or not tasks:
        raise InputError(path, "holds no tasks: expected a JSON list of Label Studio tasks")
    batch = Batch()
    for index, raw in enumerate(tasks):
        batch.extend(_TaskReader(path, index, raw, annotator).read())
    return batch


class _TaskReader:
    def __init__(self, path: Path, index: int, raw, annotator: str) -> None:
        name = f"task {raw.get('id', index + 1)}" if isinstance(raw, dict) else f"task {index + 1}"
        text = raw.get("data", {}).get("text") if isinstance(raw, dict) else None
        if not isinstance(text, str):
            raise InputError(path, f"{name}: has no data.text string")
        self.task = raw
        self.mapper = TextMapper(path, text, name, new_id(), annotator)
        self.regions: dict[str, list[Span]] = {}
        self.task_results: dict = {}

    def read(self) -> Batch:
        results = self._results()
        for result in results:
            if result.get("type") == "labels":
                self._labels(result)
        for result in results:
            if result.get("type") not in ("labels", "relation"):
                self._extra(result)
        relations = [
            r
            for result in results
            if result.get("type") == "relation"
            for r in self._relations(result)
        ]
        data = self.task["data"]
        meta = {k: v for k, v in data.items() if k not in ("text", "title", "document_id")}
        if "document_id" in data:
            meta["external_id"] = str(data["document_id"])
        if self.task_results:
            meta["labelstudio"] = self.task_results
        doc = self.mapper.document(str(data.get("title") or ""), meta)
        statuses = [(doc.id, self.mapper.annotator, "done")] if self._annotated() else []
        spans = [span for group in self.regions.values() for span in group]
        return Batch(documents=[doc], spans=spans, relations=relations, statuses=statuses)

    def _annotated(self) -> bool:
        return bool(self.task.get("annotations"))

    def _results(self) -> list[dict]:
        annotations = self.task.get("annotations") or []
        if len(annotations) > 1:
            chosen = [a for a in annotations if a.get("ground_truth")]
            if len(chosen) != 1:
                raise self.mapper.error(
                    f"has {len(annotations)} annotations and {len(chosen)} marked ground truth: "
                    "export one annotator's annotations, or mark one as ground truth"
                )
            annotations = chosen
        results = annotations[0].get("result", []) if annotations else []
        if not all(isinstance(r, dict) for r in results):
            raise self.mapper.error("has a result that is not an object")
        return results

    def _labels(self, result: dict) -> None:
        value = result.get("value") or {}
        if not isinstance(value.get("start"), int) or not isinstance(value.get("end"), int):
            raise self.mapper.error(
                f"region {result.get('id')} has no character offsets (start, end); only the "
                "Text tag's regions can be imported, not HyperText or other objects"
            )
        self.regions[str(result.get("id"))] = [
            self.mapper.place(value["start"], value["end"], str(label), value.get("text"))
            for label in value.get("labels") or []
        ]

    def _extra(self, result: dict) -> None:
        region = str(result.get("id"))
        value = result.get("value") or {}
        content = value.get(_VALUE_KEY.get(result.get("type"), result.get("type")))
        if region not in self.regions:
            if "start" in value:
                raise self.mapper.error(
                    f"{_describe(result)} points at region {region}, "
                    "which is not among the task's labelled regions"
                )
            self.task_results[result.get("from_name", result.get("type"))] = content
            return
        self.regions[region] = [
            self._attach(span, result, content) for span in self.regions[region]
        ]

    def _attach(self, span: Span, result: dict, content) -> Span:
        control = result.get("from_name")
        text = (
            "\n".join(content)
            if isinstance(content, list) and result["type"] == "textarea"
            else None
        )
        if control == NOTE and text is not None:
            return replace(span, note=text)
        if control == ATTRIBUTES and text is not None:
            return replace(span, attributes={**span.attributes, **self._json_object(text)})
        if isinstance(content, list) and len(content) == 1:
            content = content[0]
        return replace(span, attributes={**span.attributes, control: content})

    def _json_object(self, text: str) -> dict:
        try:
            found = json.loads(text)
        except json.JSONDecodeError:
            found = None
        if not isinstance(found, dict):
            raise self.mapper.error(f"the attributes of a region are not a JSON object: {text!r}")
        return found

    def _relations(self, result: dict) -> list[Relation]:
        ends = [str(result.get(k)) for k in ("from_id", "to_id")]
        missing = [e for e in ends if not self.regions.get(e)]
        if missing:
            raise self.mapper.error(f"a relation points at missing regions {missing}")
        from_span, to_span = (self.regions[e][0].id for e in ends)
        if result.get("direction") == "left":
            from_span, to_span = to_span, from_span
        return [
            Relation(
                new_id(),
                self.mapper.document_id,
                self.mapper.annotator,
                from_span,
                to_span,
                str(label),
            )
            for label in result.get("labels") or ["related"]
        ]


def _describe(result: dict) -> str:
    return f"a {result.get('type')} result from {result.get('from_name')!r}"
