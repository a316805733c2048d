"""Label Studio tasks: valid for label-studio-sdk's LabelInterface, exact round trip, bad refs."""

from __future__ import annotations

import json

import pytest
from label_studio_sdk.label_interface import LabelInterface

from annotator import adjudication
from annotator.exporting import export
from annotator.formats import InputError
from annotator.formats.labelstudio import config_path
from annotator.formats.labelstudio_reader import read_labelstudio
from annotator.importing import import_paths
from annotator.model import Document, Span, new_id


def export_tasks(store, tmp_path, layer="alice"):
    out = tmp_path / "tasks.json"
    assert export(store, "labelstudio", out, layer) == store.document_count()
    return out, json.loads(out.read_text(encoding="utf-8"))


def test_tasks_validate_against_the_written_labelling_config(hard_store, tmp_path):
    out, tasks = export_tasks(hard_store, tmp_path)
    interface = LabelInterface(config_path(out).read_text(encoding="utf-8"))
    interface.validate()  # raises if the config is not a valid Label Studio config
    for task in tasks:
        # validate_task itself calls validate_annotation() without its argument in
        # label-studio-sdk 2.1, so the data and the annotation are checked apart.
        assert interface.validate_task({"data": task["data"]}) is True
        (annotation,) = task["annotations"]
        assert interface.validate_prediction(annotation, return_errors=True) == []
        assert interface.validate_annotation(annotation) is True
        text = task["data"]["text"]
        for result in annotation["result"]:
            if result["type"] == "labels":
                value = result["value"]
                assert text[value["start"] : value["end"]] == value["text"]


def test_the_validator_is_not_a_rubber_stamp(hard_store, tmp_path):
    out, tasks = export_tasks(hard_store, tmp_path)
    interface = LabelInterface(config_path(out).read_text(encoding="utf-8"))
    annotation = tasks[0]["annotations"][0]
    annotation["result"][0]["value"]["labels"] = ["no_such_label"]
    annotation["result"].append({"type": "relation", "from_id": "x", "to_id": "y"})
    assert len(interface.validate_prediction(annotation, return_errors=True)) >= 2


def test_gold_is_marked_ground_truth(store, tmp_path):
    doc = Document(new_id(), "Assad's forces shelled Idlib 🇸🇾.")
    store.add_documents([doc], [Span(new_id(), doc.id, "alice", 23, 28, "location", "Idlib")])
    store.add_decision(adjudication.add(doc.id, doc.text, 23, 28, "location", reviewer="rev"))
    _, (gold_task,) = export_tasks(store, tmp_path, "gold")
    _, (alice_task,) = export_tasks(store, tmp_path, "alice")
    assert [a["ground_truth"] for a in gold_task["annotations"]] == [True]
    assert [a["ground_truth"] for a in alice_task["annotations"]] == [False]
    _, (both,) = export_tasks(store, tmp_path, None)
    assert sorted(a["ground_truth"] for a in both["annotations"]) == [False, True]


def test_round_trip_keeps_spans_relations_attributes_and_notes(
    hard_store, store_factory, tmp_path, signature
):
    out, _ = export_tasks(hard_store, tmp_path)
    copy = store_factory()
    assert import_paths(copy, [out], "bob", format_name="labelstudio").errors == []
    carried = ("attributes", "note")
    assert signature(copy, "bob", carried) == signature(hard_store, "alice", carried)


def ls_task(tmp_path, result: list, text: str = "Shelling 😀\r\nin Idlib killed 4.") -> dict:
    task = {"id": 41, "data": {"text": text}, "annotations": [{"result": result}]}
    path = tmp_path / "ls.json"
    path.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    return path


def region(rid: str, start: int, end: int, text: str, label: str = "location") -> dict:
    value = {"start": start, "end": end, "text": text, "labels": [label]}
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels", "value": value}


def test_label_studio_regions_with_crlf_choices_and_relations_are_read(tmp_path):
    choice = {
        "id": "r1",
        "from_name": "certainty",
        "to_name": "text",
        "type": "choices",
        "value": {"start": 15, "end": 20, "choices": ["high"]},
    }
    relation = {"type": "relation", "from_id": "r2", "to_id": "r1", "labels": ["near"]}
    result = [region("r1", 15, 20, "Idlib"), region("r2", 0, 8, "Shelling", "actor")]
    batch = read_labelstudio(ls_task(tmp_path, result + [choice, relation]), "bob")
    (doc,) = batch.documents
    assert doc.text == "Shelling 😀\nin Idlib killed 4."
    spans = {s.text: s for s in batch.spans}
    assert (spans["Idlib"].start, spans["Idlib"].attributes) == (14, {"certainty": "high"})
    (rel,) = batch.relations
    assert (rel.from_span, rel.to_span, rel.type) == (
        spans["Shelling"].id,
        spans["Idlib"].id,
        "near",
    )


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            {
                "id": "zz",
                "from_name": "note",
                "to_name": "text",
                "type": "textarea",
                "value": {"start": 0, "end": 8, "text": ["orphan"]},
            },
            "points at region zz, which is not among the task's labelled regions",
        ),
        (
            {"type": "relation", "from_id": "r1", "to_id": "gone", "labels": ["near"]},
            "a relation points at missing regions ['gone']",
        ),
        (region("r9", 15, 20, "Idlob"), "expected text 'Idlob' but the text there is 'Idlib'"),
    ],
)
def test_results_pointing_nowhere_are_refused(store, tmp_path, extra, expected):
    path = ls_task(tmp_path, [region("r1", 15, 20, "Idlib"), extra])
    result = import_paths(store, [path], "bob", format_name="labelstudio")
    assert len(result.errors) == 1
    assert "ls.json: task 41:" in str(result.errors[0]) and expected in str(result.errors[0])
    assert store.document_count() == 0


def test_utf16_offsets_in_label_studio_results_are_explained(tmp_path):
    text = "Shelling 😀 in Idlib killed 4."
    path = ls_task(tmp_path, [region("r1", 15, 20, "Idlib")], text)  # UTF-16 count
    with pytest.raises(InputError, match="UTF-16 code units"):
        read_labelstudio(path, "bob")


def test_several_annotations_without_one_ground_truth_are_refused(tmp_path):
    path = tmp_path / "ls.json"
    task = {"data": {"text": "Idlib"}, "annotations": [{"result": []}, {"result": []}]}
    path.write_text(json.dumps([task]), encoding="utf-8")
    with pytest.raises(InputError, match="2 annotations and 0 marked ground truth"):
        read_labelstudio(path, "bob")
