"""doccano JSONL: code-point offsets that spaCy agrees with, exact round trip, UTF-16 refused."""

from __future__ import annotations

import json

import pytest
import spacy

from annotator.exporting import export
from annotator.formats import InputError
from annotator.formats.doccano import read_doccano
from annotator.importing import import_paths


def test_spacy_finds_every_entity_at_its_code_point_offsets(hard_store, tmp_path):
    out = tmp_path / "doccano.jsonl"
    assert export(hard_store, "doccano", out, "alice") == 2
    nlp = spacy.blank("xx")
    expected = {
        item.document.text: sorted((s.start, s.end, s.label, s.text) for s in item.spans)
        for item in hard_store.iter_layer("alice")
    }
    for line in out.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        doc = nlp(record["text"])
        found = []
        for entity in record["entities"]:
            start, end = entity["start_offset"], entity["end_offset"]
            span = doc.char_span(start, end, label=entity["label"], alignment_mode="expand")
            assert span.start_char <= start and end <= span.end_char
            found.append((start, end, span.label_, doc.text[start:end]))
        assert sorted(found) == expected[record["text"]]
        ids = {e["id"] for e in record["entities"]}
        assert all({r["from_id"], r["to_id"]} <= ids for r in record["relations"])


def test_round_trip_keeps_spans_and_relations(hard_store, store_factory, tmp_path, signature):
    out = tmp_path / "doccano.jsonl"
    export(hard_store, "doccano", out, "alice")
    copy = store_factory()
    assert import_paths(copy, [out], "bob", format_name="doccano").errors == []
    assert signature(copy, "bob", ()) == signature(hard_store, "alice", ())
    titles = {d.title for d in copy.documents()}
    assert titles == {d.title for d in hard_store.documents()}


def doccano_line(tmp_path, record: dict):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_crlf_text_is_normalised_and_offsets_follow(tmp_path):
    text = "Shelling 😀\r\nin Idlib killed 4.\r\n"
    start = text.index("Idlib")
    entity = {"id": 7, "label": "location", "start_offset": start, "end_offset": start + 5}
    batch = read_doccano(doccano_line(tmp_path, {"text": text, "entities": [entity]}), "bob")
    (doc,), (span,) = batch.documents, batch.spans
    assert doc.text == "Shelling 😀\nin Idlib killed 4.\n"
    assert (span.start, span.text, span.annotator) == (start - 1, "Idlib", "bob")


def test_utf16_offsets_are_detected_and_explained(tmp_path):
    text = "Shelling 😀 near حلب 🇸🇾 killed Assad's men."
    entities = []
    for part in ("حلب", "Assad"):
        start = len(text[: text.index(part)].encode("utf-16-le")) // 2
        end = start + len(part)
        entities.append({"id": part, "label": "actor", "start_offset": start, "end_offset": end})
    path = doccano_line(tmp_path, {"text": text, "entities": entities})
    with pytest.raises(InputError) as error:
        read_doccano(path, "bob")
    assert "in.jsonl:1" in str(error.value) and "UTF-16 code units" in str(error.value)


def test_code_point_offsets_with_emoji_are_not_mistaken_for_utf16(tmp_path):
    text = "Shelling 😀 near حلب killed Assad's men."
    start = text.index("Assad")
    entity = {"id": 1, "label": "actor", "start_offset": start, "end_offset": start + 5}
    batch = read_doccano(doccano_line(tmp_path, {"text": text, "entities": [entity]}), "bob")
    assert batch.spans[0].text == "Assad"


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (
            {"text": "Assad said.", "entities": [[0, 5, "actor"]]},
            "an entity is malformed",
        ),
        (
            {"text": "Assad said.", "label": [[0, 50, "actor"]]},
            "outside the text (length 11",
        ),
        (
            {
                "text": "Assad said.",
                "entities": [{"id": 1, "label": "actor", "start_offset": 0, "end_offset": 5}],
                "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "says"}],
            },
            "points at missing entities [2]",
        ),
    ],
)
def test_bad_lines_are_named_and_nothing_is_imported(store, tmp_path, record, expected):
    result = import_paths(store, [doccano_line(tmp_path, record)], "bob", format_name="doccano")
    assert len(result.errors) == 1
    assert "in.jsonl:1" in str(result.errors[0]) and expected in str(result.errors[0])
    assert store.document_count() == 0
