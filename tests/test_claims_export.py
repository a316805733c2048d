"""The claims table (CSV and JSONL), and round trips that keep every attribute and relation."""

from __future__ import annotations

import csv
import json

import pytest

from annotator import exporting
from annotator.attribute_values import typed_spans
from annotator.importing import import_paths
from annotator.model import Document, Relation, Span, new_id
from annotator.shipped import default_schema
from annotator.store import Store

TEXT = (
    "Gunmen loyal to Assad attacked a patrol near the port city of Latakia; a war monitor "
    "estimates the clashes have killed more than 1,000 people, Col. Hassan Abdel-Ghani said."
)

# Every attribute type of the default schema, multi-word choices, floats and booleans included.
ATTRIBUTES = {
    "have killed more than 1,000 people": (
        "casualty_claim",
        {
            "kind": "killed",
            "count_min": 1001,
            "qualifier": "more than",
            "victims": "security forces",
            "certainty": "estimated",
        },
    ),
    "a war monitor": ("source", {"type": "monitoring group", "named": False}),
    "Col. Hassan Abdel-Ghani": ("source", {"type": "government", "named": True}),
    "port city of Latakia": (
        "location",
        {"geonames_id": 173576, "name": "Latakia", "country": "SY", "lat": 35.53125, "lon": 35.79},
    ),
    "Gunmen loyal to Assad": ("actor", {"canonical": "Assad loyalists", "role": "rebel group"}),
}
LINKS = [
    ("have killed more than 1,000 people", "a war monitor", "attributed_to"),
    ("have killed more than 1,000 people", "Col. Hassan Abdel-Ghani", "attributed_to"),
    ("have killed more than 1,000 people", "port city of Latakia", "located_in"),
    ("have killed more than 1,000 people", "Gunmen loyal to Assad", "perpetrator"),
]


def fill(store: Store, title: str = "Latakia clashes") -> Document:
    doc = Document(new_id(), TEXT, title, meta={"date": "2024-03-09"})
    spans = {}
    for part, (label, attributes) in ATTRIBUTES.items():
        start = TEXT.index(part)
        spans[part] = Span(
            new_id(), doc.id, "alice", start, start + len(part), label, part, attributes
        )
    relations = [
        Relation(new_id(), doc.id, "alice", spans[a].id, spans[b].id, kind) for a, b, kind in LINKS
    ]
    store.add_documents([doc], list(spans.values()), relations, [(doc.id, "alice", "done")])
    return doc


def structure(store: Store, annotator: str) -> tuple[set, set]:
    """Spans as (text, label, attributes) and relations as (from text, to text, type)."""
    spans, links = set(), set()
    for item in store.iter_layer(annotator):
        by_id = {s.id: s for s in item.spans}
        spans |= {(s.text, s.label, json.dumps(s.attributes, sort_keys=True)) for s in item.spans}
        links |= {(by_id[r.from_span].text, by_id[r.to_span].text, r.type) for r in item.relations}
    return spans, links


def expected_structure(drop_false: bool = False) -> tuple[set, set]:
    spans = set()
    for part, (label, attributes) in ATTRIBUTES.items():
        kept = {k: v for k, v in attributes.items() if not (drop_false and v is False)}
        spans.add((part, label, json.dumps(kept, sort_keys=True)))
    return spans, set(LINKS)


@pytest.mark.parametrize(
    ("format_name", "out_name", "read_as", "drop_false"),
    [
        ("jsonl", "layer.jsonl", "jsonl", False),
        ("labelstudio", "tasks.json", "labelstudio", False),
        # brat has only binary attributes: a false one is written as no attribute at all.
        ("brat", "brat", "brat", True),
    ],
)
def test_round_trip_keeps_every_attribute_and_relation(
    store, tmp_path, format_name, out_name, read_as, drop_false
):
    fill(store)
    assert structure(store, "alice") == expected_structure()
    out = tmp_path / out_name
    exporting.export(store, format_name, out, "alice")
    copy = Store.memory()
    result = import_paths(copy, [out], "bob", format_name=read_as)
    assert result.errors == []
    assert structure(copy, "bob") == expected_structure(drop_false)
    copy.close()


def test_brat_words_are_typed_again_by_the_schema_only_where_it_says(store):
    doc = fill(store)
    span = Span(new_id(), doc.id, "bob", 0, 6, "casualty_claim", "Gunmen")
    raw = {"count_min": "1001", "qualifier": "more_than", "note_kind": "more_than", "kind": "hurt"}
    (typed,) = typed_spans([Span(**{**span.__dict__, "attributes": raw})], default_schema())
    assert typed.attributes == {
        "count_min": 1001,
        "qualifier": "more than",
        "note_kind": "more_than",  # not in the schema: left as it came
        "kind": "hurt",  # not an option of kind: left for validation to report
    }


def read_claims_csv(path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_claims_csv_has_one_row_per_claim_with_numbers_sources_places_actors(store, tmp_path):
    doc = fill(store)
    out = tmp_path / "claims.csv"
    assert exporting.export(store, "claims-csv", out, "alice") == 1
    (row,) = read_claims_csv(out)
    claim = "have killed more than 1,000 people"
    start = TEXT.index(claim)
    assert TEXT[int(row["start"]) : int(row["end"])] == row["text"] == claim
    assert int(row["start"]) == start
    assert (row["document_id"], row["title"], row["date"]) == (doc.id, doc.title, "2024-03-09")
    assert (row["kind"], row["count_min"], row["count_max"], row["qualifier"]) == (
        "killed",
        "1001",
        "",
        "more than",
    )
    assert (row["victims"], row["certainty"]) == ("security forces", "estimated")
    assert row["sources"].split(" | ") == ["a war monitor", "Col. Hassan Abdel-Ghani"]
    assert row["source_types"].split(" | ") == ["monitoring group", "government"]
    assert (row["locations"], row["location_names"]) == ("port city of Latakia", "Latakia")
    assert row["coordinates"] == "35.53125 35.79"
    assert row["geonames_ids"] == "173576"
    assert (row["perpetrators"], row["victim_actors"]) == ("Assad loyalists", "")


def test_claims_jsonl_nests_the_same_facts(store, tmp_path):
    fill(store)
    out = tmp_path / "claims.jsonl"
    exporting.export(store, "claims-jsonl", out, "alice")
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["count_min"] == 1001 and record["count_max"] is None
    assert [s["named"] for s in record["sources"]] == [False, True]
    (place,) = record["locations"]
    assert (place["lat"], place["lon"], place["geonames_id"]) == (35.53125, 35.79, 173576)
    (actor,) = record["actors"]
    assert (actor["canonical"], actor["relation"], actor["text"]) == (
        "Assad loyalists",
        "perpetrator",
        "Gunmen loyal to Assad",
    )
    claim = record["claim"]
    assert TEXT[claim["start"] : claim["end"]] == claim["text"]


def test_claims_csv_neutralises_formulas(store, tmp_path):
    fill(store, title="=HYPERLINK(1)")
    out = tmp_path / "claims.csv"
    exporting.export(store, "claims-csv", out, "alice")
    (row,) = read_claims_csv(out)
    assert row["title"] == "'=HYPERLINK(1)"


def test_claim_without_relations_has_empty_columns(store, tmp_path):
    doc = Document(new_id(), "Dozens were wounded.", "t")
    span = Span(new_id(), doc.id, "alice", 0, 19, "casualty_claim", "Dozens were wounded")
    store.add_documents([doc], [span])
    out = tmp_path / "claims.csv"
    exporting.export(store, "claims-csv", out, "alice")
    (row,) = read_claims_csv(out)
    assert (row["text"], row["kind"], row["sources"], row["locations"]) == (
        "Dozens were wounded",
        "",
        "",
        "",
    )
