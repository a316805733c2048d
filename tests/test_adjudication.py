"""Disagreement finding, candidate sets, consensus and gold decisions."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.adjudication import (
    GOLD_LAYER,
    Consensus,
    DecisionType,
    DisagreementKind,
    GoldDecision,
    accept,
    accept_all,
    add,
    candidate_sets,
    choose,
    count_disagreements,
    edit,
    find_disagreements,
    pending,
    reject,
)
from annotator.agreement import AnnotatedDocument
from annotator.model import Span

TEXT = "Gunmen loyal to Assad killed 14 people in Latakia, a war monitor said on Friday."
TIME = "2025-01-01T00:00:00.000+00:00"


def span(annotator, start, end, label, span_id=None):
    return Span(
        span_id or f"{annotator}:{start}-{end}:{label}",
        "d1",
        annotator,
        start,
        end,
        label,
        TEXT[start:end],
    )


def at(phrase, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(phrase, start + 1)
    return start, start + len(phrase)


def kinds(layers, **options):
    return [(d.kind, d.start, d.end) for d in find_disagreements("d1", layers, **options)]


def test_all_agree_means_no_disagreement():
    layers = {name: [span(name, *at("Latakia"), "location")] for name in "ABC"}
    assert kinds(layers) == []
    [only] = candidate_sets("d1", layers)
    assert only.kind is None and only.missing == ()


def test_label_mismatch():
    layers = {"A": [span("A", *at("Gunmen"), "actor")], "B": [span("B", *at("Gunmen"), "source")]}
    assert kinds(layers) == [(DisagreementKind.LABEL, *at("Gunmen"))]


def test_boundary_mismatch():
    layers = {
        "A": [span("A", *at("Gunmen loyal to Assad"), "actor")],
        "B": [span("B", *at("Gunmen"), "actor")],
    }
    assert kinds(layers) == [(DisagreementKind.BOUNDARY, *at("Gunmen loyal to Assad"))]


def test_label_and_boundary_mismatch():
    layers = {
        "A": [span("A", *at("a war monitor"), "source")],
        "B": [span("B", *at("war monitor"), "actor")],
    }
    assert kinds(layers) == [(DisagreementKind.BOTH, *at("a war monitor"))]


def test_missing_span_names_who_has_nothing_there():
    layers = {
        "A": [span("A", *at("Latakia"), "location")],
        "B": [span("B", *at("Latakia"), "location")],
        "C": [],
    }
    [found] = find_disagreements("d1", layers)
    assert found.kind is DisagreementKind.MISSING and found.missing == ("C",)


def test_nested_spans_both_annotators_made_stay_apart_and_agreed():
    claim, source = at("killed 14 people in Latakia, a war monitor said"), at("a war monitor")
    layers = {
        name: [span(name, *claim, "casualty_claim"), span(name, *source, "source")] for name in "AB"
    }
    sets = candidate_sets("d1", layers)
    assert [(s.start, s.end, s.kind) for s in sets] == [(*claim, None), (*source, None)]


def test_a_nested_span_with_little_overlap_is_not_taken_for_a_relabel():
    # A marked the claim, B only the source inside it: two missing spans, not one mismatch.
    claim, source = at("killed 14 people in Latakia, a war monitor said"), at("a war monitor")
    layers = {"A": [span("A", *claim, "casualty_claim")], "B": [span("B", *source, "source")]}
    assert kinds(layers) == [
        (DisagreementKind.MISSING, *claim),
        (DisagreementKind.MISSING, *source),
    ]
    # With a low enough threshold the two are read as one label-and-boundary disagreement.
    assert kinds(layers, min_overlap=0.1) == [(DisagreementKind.BOTH, *claim)]


def test_a_split_span_joins_one_candidate_set():
    whole = at("Gunmen loyal to Assad")
    layers = {
        "A": [span("A", *whole, "actor")],
        "B": [span("B", *at("Gunmen"), "actor"), span("B", *at("Assad"), "actor")],
    }
    [found] = find_disagreements("d1", layers)
    assert found.kind is DisagreementKind.BOUNDARY
    assert [(v.start, v.end) for v in found.candidates.versions] == [
        whole,
        at("Gunmen"),
        at("Assad"),
    ]


def test_disagreements_are_in_text_order_and_deterministic():
    rng = random.Random(3)
    phrases = ["Gunmen", "Assad", "14 people", "Latakia", "a war monitor", "Friday"]
    labels = ["actor", "location", "casualty_claim", "source"]
    layers = {
        name: [span(name, *at(p), rng.choice(labels)) for p in phrases if rng.random() < 0.7]
        for name in "ABC"
    }
    found = find_disagreements("d1", layers)
    assert [d.start for d in found] == sorted(d.start for d in found)
    shuffled = {name: list(reversed(spans)) for name, spans in reversed(layers.items())}
    assert find_disagreements("d1", shuffled) == found


# -- consensus ----------------------------------------------------------------------------------


def three_annotators_two_agree():
    return {
        "A": [span("A", *at("Latakia"), "location")],
        "B": [span("B", *at("Latakia"), "location")],
        "C": [span("C", *at("in Latakia"), "location")],
    }


def test_unanimous_policy_accepts_only_what_everyone_made():
    [candidates] = candidate_sets("d1", three_annotators_two_agree())
    assert candidates.consensus(Consensus.UNANIMOUS) is None
    assert accept(candidates, Consensus.UNANIMOUS, reviewer="R") is None


def test_majority_policy_accepts_what_more_than_half_made():
    [candidates] = candidate_sets("d1", three_annotators_two_agree())
    version = candidates.consensus(Consensus.MAJORITY)
    assert (version.start, version.end, version.annotators) == (*at("Latakia"), ("A", "B"))
    decision = accept(candidates, Consensus.MAJORITY, reviewer="R", time=TIME, span_id="g1")
    assert decision.decision is DecisionType.CHOSEN
    assert decision.source_span_ids == tuple(s.id for s in version.spans)
    assert set(decision.candidate_span_ids) == {s.id for s in candidates.spans}
    assert decision.result.annotator == GOLD_LAYER
    assert decision.result.text == "Latakia"
    assert "2 of 3" in decision.comment


def test_half_is_not_a_majority():
    layers = {"A": [span("A", *at("Latakia"), "location")], "B": []}
    [candidates] = candidate_sets("d1", layers)
    assert candidates.consensus(Consensus.MAJORITY) is None


def test_accept_all_takes_every_unanimous_set_in_order():
    layers = {
        name: [span(name, *at("Gunmen"), "actor"), span(name, *at("Latakia"), "location")]
        for name in "AB"
    }
    layers["B"].append(span("B", *at("Friday"), "actor"))
    decisions = accept_all(candidate_sets("d1", layers), reviewer="R", time=TIME)
    assert [d.result.text for d in decisions] == ["Gunmen", "Latakia"]
    assert all(d.decision is DecisionType.UNANIMOUS for d in decisions)
    assert [len(d.source_span_ids) for d in decisions] == [2, 2]


# -- decisions ----------------------------------------------------------------------------------


def test_choose_edit_add_reject_record_where_gold_came_from():
    layers = {
        "A": [span("A", *at("a war monitor"), "source")],
        "B": [span("B", *at("war monitor"), "source")],
    }
    [candidates] = candidate_sets("d1", layers)
    picked = candidates.versions[1]
    chosen = choose(candidates, picked, reviewer="R", comment="B's is tighter", time=TIME)
    assert chosen.decision is DecisionType.CHOSEN
    assert chosen.source_span_ids == (picked.spans[0].id,)
    assert (chosen.result.start, chosen.result.end) == (picked.start, picked.end)

    start, end = at("war monitor")
    edited = edit(candidates, TEXT, start, end, "actor", reviewer="R", time=TIME)
    assert edited.decision is DecisionType.EDITED and edited.result.text == "war monitor"
    assert set(edited.source_span_ids) == {s.id for s in candidates.spans}

    added = add("d1", TEXT, *at("Friday"), "actor", reviewer="R", time=TIME)
    assert added.decision is DecisionType.ADDED and added.source_span_ids == ()

    rejected = reject(candidates, reviewer="R", comment="not a source", time=TIME)
    assert rejected.result is None and rejected.decision is DecisionType.REJECTED
    assert rejected.to_dict()["result"] is None
    assert chosen.to_dict()["result"]["text"] == picked.text


def test_choose_refuses_a_version_from_another_set():
    layers = {
        "A": [span("A", *at("Gunmen"), "actor"), span("A", *at("Friday"), "actor")],
        "B": [],
    }
    first, second = candidate_sets("d1", layers)
    with pytest.raises(ValueError):
        choose(first, second.versions[0], reviewer="R")


def test_a_decision_must_match_its_type():
    result = span(GOLD_LAYER, *at("Gunmen"), "actor")
    with pytest.raises(ValueError):
        GoldDecision("d1", DecisionType.REJECTED, "R", TIME, result)
    with pytest.raises(ValueError):
        GoldDecision("d1", DecisionType.CHOSEN, "R", TIME, None)
    with pytest.raises(ValueError):
        GoldDecision("d1", DecisionType.ADDED, "R", TIME, result, source_span_ids=("x",))


def test_pending_keeps_decided_sets_decided_after_new_work_is_merged():
    layers = {
        "A": [span("A", *at("Gunmen"), "actor"), span("A", *at("Latakia"), "location")],
        "B": [span("B", *at("Gunmen"), "actor")],
    }
    sets = candidate_sets("d1", layers)
    decisions = [accept(sets[0], reviewer="R", time=TIME)]
    assert [s.start for s in pending(sets, decisions)] == [at("Latakia")[0]]
    # B's new span on Latakia joins that set; the Gunmen decision still stands.
    layers["B"].append(span("B", *at("Latakia"), "actor"))
    merged = candidate_sets("d1", layers)
    assert [s.start for s in pending(merged, decisions)] == [at("Latakia")[0]]
    decisions.append(reject(merged[1], reviewer="R", time=TIME))
    assert pending(merged, decisions) == []


def test_count_disagreements_over_documents():
    layers = {"A": [span("A", *at("Gunmen"), "actor")], "B": [span("B", *at("Gunmen"), "source")]}
    documents = [AnnotatedDocument("d1", TEXT, layers), AnnotatedDocument("d2", TEXT, layers)]
    counts = count_disagreements(documents)
    assert counts["label"] == 2 and sum(counts.values()) == 2


labelled_spans = st.lists(
    st.tuples(
        st.sampled_from("ABC"),
        st.integers(0, 60),
        st.integers(1, 15),
        st.sampled_from(["actor", "source"]),
    ),
    max_size=15,
)


@settings(max_examples=200, deadline=None)
@given(labelled_spans)
def test_every_span_lands_in_exactly_one_set(raw):
    layers = {name: [] for name in "ABC"}
    for i, (name, start, length, label) in enumerate(raw):
        layers[name].append(span(name, start, start + length, label, span_id=f"s{i}"))
    sets = candidate_sets("d1", layers)
    ids = [s.id for c in sets for s in c.spans]
    assert sorted(ids) == sorted(s.id for spans in layers.values() for s in spans)
    for candidates in sets:
        # An annotator's own two spans are never alternatives to each other directly.
        for version in candidates.versions:
            assert len(set(version.annotators)) == len(version.annotators)
        if candidates.kind is None:
            assert candidates.consensus(Consensus.UNANIMOUS) is not None
    assert [c.start for c in sets] == sorted(c.start for c in sets)
