"""Relations, span attributes, the project schema and the actor list in the store."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from annotator.model import Document, Relation, Span, SpanError, new_id
from annotator.schema import SchemaError
from annotator.shipped import resource
from annotator.store import Store

TEXT = (
    "Clashes near the port city of Latakia that a war monitor estimates have killed "
    "more than 1,000 people, said HTS."
)


def span_of(doc: Document, part: str, label: str, annotator: str = "alice") -> Span:
    start = doc.text.index(part)
    return Span(new_id(), doc.id, annotator, start, start + len(part), label, part)


@pytest.fixture
def doc(store) -> Document:
    document = Document(new_id(), TEXT, "Latakia")
    store.add_documents([document])
    return document


@pytest.fixture
def spans(store, doc) -> dict[str, Span]:
    made = {
        "claim": span_of(doc, "have killed more than 1,000 people", "casualty_claim"),
        "source": span_of(doc, "a war monitor", "source"),
        "place": span_of(doc, "Latakia", "location"),
        "actor": span_of(doc, "HTS", "actor"),
    }
    for span in made.values():
        store.add_span(span)
    return made


def relation(spans, frm: str, to: str, kind: str, annotator: str = "alice") -> Relation:
    a, b = spans[frm], spans[to]
    return Relation(new_id(), a.document_id, annotator, a.id, b.id, kind)


def test_add_and_delete_relation_return_changes_and_persist(store, spans):
    rel = relation(spans, "claim", "source", "attributed_to")
    changes = store.add_relation(rel)
    assert changes.relations_added == [rel]
    assert store.relations(rel.document_id, "alice") == [rel]
    assert [h["action"] for h in store.history(1)] == ["add_relation"]
    removed = store.delete_relation(rel.id)
    assert removed.relations_removed == [rel]
    assert store.relations(rel.document_id) == []


@pytest.mark.parametrize(
    ("frm", "to", "kind", "reason"),
    [
        ("source", "claim", "attributed_to", "none is allowed there"),
        ("claim", "place", "attributed_to", "allowed there: located_in"),
        ("claim", "actor", "located_in", "allowed there: perpetrator, victim"),
        ("claim", "claim", "attributed_to", "two different spans"),
    ],
)
def test_relation_types_are_checked_against_the_schema(store, spans, frm, to, kind, reason):
    with pytest.raises(SpanError, match=reason):
        store.add_relation(relation(spans, frm, to, kind))
    assert store.relations(spans["claim"].document_id) == []


def test_relation_across_layers_is_refused(store, doc, spans):
    bob_source = span_of(doc, "a war monitor", "source", annotator="bob")
    store.add_span(bob_source)
    rel = Relation(new_id(), doc.id, "alice", spans["claim"].id, bob_source.id, "attributed_to")
    with pytest.raises(SpanError, match="not in alice's layer"):
        store.add_relation(rel)


def test_deleting_a_span_takes_its_relations_and_undo_restores_them(store, spans):
    rel = relation(spans, "claim", "place", "located_in")
    store.add_relation(rel)
    changes = store.delete_span(spans["place"].id)
    assert changes.relations_removed == [rel]
    store.add_span(spans["place"], changes.relations_removed)
    assert store.relations(rel.document_id) == [rel]


def test_attributes_are_validated_and_a_bad_value_changes_nothing(store, spans):
    claim = spans["claim"]
    good = replace(claim, attributes={"count_min": 1001, "qualifier": "more than"})
    store.update_span(good)  # kind is required but may come later: one field at a time
    assert store.span(claim.id).attributes == good.attributes
    bad = replace(claim, attributes={"count_min": 1001, "count_max": 5, "qualifier": "lots"})
    with pytest.raises(SpanError) as caught:
        store.update_span(bad)
    message = str(caught.value)
    assert "count_max: 5 is less than count_min (1001)" in message
    assert "qualifier: 'lots' is not one of" in message
    assert store.span(claim.id).attributes == good.attributes


def test_a_canonical_actor_name_joins_the_actor_list_with_the_text_as_alias(store, spans):
    actor = spans["actor"]
    changes = store.update_span(replace(actor, attributes={"canonical": "Hayat Tahrir al-Sham"}))
    assert changes.actors_added == ["Hayat Tahrir al-Sham"]
    listed = store.actors()
    assert listed.canonical("hts") == "Hayat Tahrir al-Sham"
    again = store.update_span(replace(actor, attributes={"canonical": "Hayat Tahrir al-Sham."}))
    assert again.actors_added == []  # the same actor, spelt with a dot
    assert len(store.actors()) == 1


def test_add_actor_refuses_a_name_of_two_actors(store):
    store.add_actor("Hayat Tahrir al-Sham", ["HTS"])
    store.add_actor("Syrian Democratic Forces", ["SDF"])
    with pytest.raises(SpanError, match="belong to different actors"):
        store.add_actor("HTS", ["SDF"])
    assert [a.canonical for a in store.actors()] == [
        "Hayat Tahrir al-Sham",
        "Syrian Democratic Forces",
    ]


def _schema_with_event() -> dict:
    data = json.loads(resource("schema.json").read_text(encoding="utf-8"))
    data["labels"].append({"key": "event", "name": "Event", "color": "#112233", "shortcut": "5"})
    data["relations"].append(
        {
            "key": "part_of",
            "name": "Part of",
            "allowed": [{"from": "casualty_claim", "to": "event"}],
        }
    )
    return data


def test_project_schema_is_stored_used_and_survives_reopening(tmp_path):
    path = tmp_path / "p.annotator"
    store = Store.open(path)
    store.set_schema(json.dumps(_schema_with_event()), "mine.json")
    assert [label.key for label in store.labels()][-1] == "event"
    assert store.schema().relation_types_between("casualty_claim", "event") == ["part_of"]
    store.close()
    reopened = Store.open(path)
    assert reopened.schema().relation("part_of").name == "Part of"
    assert "mine.json" in reopened.schema().file
    reopened.close()


def test_a_bad_project_schema_is_refused_with_file_key_and_reason(store):
    data = _schema_with_event()
    data["labels"][2]["attributes"]["kind"]["type"] = "colour"
    with pytest.raises(SchemaError) as caught:
        store.set_schema(json.dumps(data), "bad.json")
    assert caught.value.file == "bad.json"
    assert caught.value.path == "labels[2].attributes.kind.type"
    assert "unknown attribute type 'colour'" in caught.value.reason
    assert "event" not in {label.key for label in store.labels()}
    assert store.schema().relations == store.schema().relations  # still the default, readable
    assert "part_of" not in {r.key for r in store.schema().relations}


def test_schema_set_command_refuses_a_bad_file_naming_file_key_and_reason(tmp_path):
    from click.testing import CliRunner

    from annotator.cli import main

    project = tmp_path / "p.annotator"
    Store.open(project).close()
    data = _schema_with_event()
    data["relations"][0]["allowed"][0]["to"] = "sauce"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(main, ["schema", "set", str(bad), "--project", str(project)])
    assert result.exit_code == 1
    assert f"{bad}: relations[0].allowed[0].to: unknown label 'sauce'" in result.output
    assert "unchanged" in result.output
    good = tmp_path / "good.json"
    good.write_text(json.dumps(_schema_with_event()), encoding="utf-8")
    result = CliRunner().invoke(main, ["schema", "set", str(good), "--project", str(project)])
    assert result.exit_code == 0, result.output
    shown = CliRunner().invoke(main, ["schema", "show", "--project", str(project)])
    assert json.loads(shown.output)["relations"]["part_of"] == ["casualty_claim -> event"]
    added = CliRunner().invoke(
        main, ["schema", "add-actor", "Hayat Tahrir al-Sham", "--alias", "HTS", "-p", str(project)]
    )
    assert added.output.strip() == "Hayat Tahrir al-Sham (also HTS)"


def test_relation_f1_and_attribute_agreement_over_matched_spans():
    from annotator.agreement import AnnotatedDocument, compute_agreement

    text = "Monitors say at least 10 were killed in Latakia and Jableh on Friday."
    doc = Document(new_id(), text, "t")

    def mention(who, part, label, **attributes):
        start = text.index(part)
        return Span(new_id(), doc.id, who, start, start + len(part), label, part, attributes)

    a_claim = mention(
        "alice",
        "at least 10 were killed",
        "casualty_claim",
        kind="killed",
        count_min=10,
        qualifier="at least",
    )
    a_source, a_place = (
        mention("alice", "Monitors", "source"),
        mention("alice", "Latakia", "location"),
    )
    b_claim = mention(  # other boundaries, same label: matched by overlap
        "bob",
        "10 were killed in Latakia",
        "casualty_claim",
        kind="killed",
        count_min=12,
        count_max=20,
        qualifier="between",
    )
    b_source, b_place = mention("bob", "Monitors", "source"), mention("bob", "Jableh", "location")

    def link(frm, to, kind):
        return Relation(new_id(), doc.id, frm.annotator, frm.id, to.id, kind)

    document = AnnotatedDocument(
        doc.id,
        text,
        {"alice": [a_claim, a_source, a_place], "bob": [b_claim, b_source, b_place]},
        {
            "alice": [
                link(a_claim, a_source, "attributed_to"),
                link(a_claim, a_place, "located_in"),
            ],
            "bob": [link(b_claim, b_source, "attributed_to"), link(b_claim, b_place, "located_in")],
        },
    )
    measures = json.loads(compute_agreement([document]).to_json())["measures"]
    relation = measures["relation_f1"]["pairs"]["alice|bob"]
    # attributed_to agrees; located_in points at Latakia for alice, Jableh (unmatched) for bob.
    assert (relation["tp"], relation["fp"], relation["fn"], relation["f1"]) == (1, 1, 1, 0.5)
    table = measures["attribute_agreement"]["pairs"]["alice|bob"]
    assert table["casualty_claim.kind"] == {
        "compared": 1,
        "agreed": 1,
        "one_sided": 0,
        "agreement": 1.0,
    }
    assert table["casualty_claim.count_min"]["agreement"] == 0.0  # 10 against 12
    assert table["casualty_claim.count_max"]["one_sided"] == 1  # only bob gave one
    assert table["casualty_claim.qualifier"]["agreed"] == 0
    assert table["casualty_claim.count_interval"]["agreement"] == 1.0  # [10, ∞) meets [12, 20]
    assert measures["attribute_agreement"]["pooled"] == table

    from annotator.agreement_tables import as_text, report_tables, summary_tables

    report = json.loads(compute_agreement([document]).to_json())
    for tables in (summary_tables(report), report_tables(report, {})):
        shown = {t.title: t for t in tables}
        relations = shown["Relations (relation_f1)"]
        assert relations.rows == [["alice|bob", "1", "1", "1", "1", "0.500"]]
        attributes = shown["Attributes (attribute_agreement, pooled over pairs)"]
        assert ["casualty_claim.count_interval", "1", "1", "0", "1.000"] in attributes.rows
        assert "count_interval" in as_text(attributes)
