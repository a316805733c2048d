"""Agreement measures, checked against independent code: reference libraries and plain loops."""

from __future__ import annotations

import json
import random
import warnings
from dataclasses import dataclass, replace
from itertools import combinations

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.metrics.agreement import AnnotationTask
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as statsmodels_fleiss

from annotator.agreement import (
    AnnotatedDocument,
    MatchCriterion,
    SpanCounts,
    cohen_kappa,
    compute_agreement,
    documents_from_layers,
    fleiss_kappa,
    krippendorff_alpha_nominal,
    match_spans,
    score_against_reference,
    token_bounds,
    tokenize,
)
from annotator.model import Document, Span

LABELS = ["actor", "location", "casualty_claim", "source"]
TOLERANCE = 1e-9


def span(start, end, label="actor", annotator="A", doc="d1", span_id=None, text=None):
    return Span(
        span_id or f"{annotator}-{start}-{end}-{label}",
        doc,
        annotator,
        start,
        end,
        label,
        text if text is not None else "x" * (end - start),
    )


# -- tokenizer ------------------------------------------------------------------------------


def test_tokenizer_follows_its_pattern_on_an_example():
    text = "Gunmen killed 1,000 people—a monitor's claim. ١٢ قتيلا"
    words = [text[s:e] for s, e in tokenize(text)]
    assert words[:6] == ["Gunmen", "killed", "1", ",", "000", "people"]
    assert "—" in words and "'" in words and "١٢" in words


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_vectorised_tokenizer_equals_the_regex(text):
    starts, ends = token_bounds(text)
    assert list(zip(starts.tolist(), ends.tolist())) == tokenize(text)


# -- span matching ----------------------------------------------------------------------------


def test_exact_match_needs_same_offsets_and_label():
    a = [span(0, 5), span(10, 15, "location")]
    b = [span(0, 5, annotator="B"), span(10, 15, "actor", annotator="B")]
    pairs = match_spans(a, b, MatchCriterion.EXACT)
    assert [(x.start, y.start) for x, y in pairs] == [(0, 0)]


def test_relaxed_match_pairs_overlapping_spans_of_one_label_one_to_one():
    # B's one long span overlaps both of A's; only one may be matched: the larger overlap.
    a = [span(0, 4), span(6, 20)]
    b = [span(2, 18, annotator="B")]
    pairs = match_spans(a, b, MatchCriterion.RELAXED)
    assert [(x.start, x.end) for x, _ in pairs] == [(6, 20)]


def test_relaxed_match_with_nested_spans_keeps_the_nesting_apart():
    # A casualty claim with a source nested inside, both annotators; labels keep them apart.
    a = [span(0, 40, "casualty_claim"), span(25, 38, "source")]
    b = [span(0, 41, "casualty_claim", "B"), span(25, 38, "source", "B")]
    pairs = match_spans(a, b, MatchCriterion.RELAXED)
    assert [(x.label, y.label) for x, y in pairs] == [
        ("casualty_claim", "casualty_claim"),
        ("source", "source"),
    ]
    assert [(x.label, y.end) for x, y in match_spans(a, b, MatchCriterion.EXACT)] == [
        ("source", 38)
    ]


def test_relaxed_tie_goes_to_the_smaller_boundary_distance_then_earliest_start():
    a = [span(4, 8)]
    # Both overlap A by 4 characters; (4, 9) is nearer in its boundaries than (0, 8).
    b = [span(0, 8, annotator="B"), span(4, 9, annotator="B")]
    [(_, chosen)] = match_spans(a, b, MatchCriterion.RELAXED)
    assert (chosen.start, chosen.end) == (4, 9)
    # Same overlap and same distance: the earlier start wins.
    b = [span(5, 9, annotator="B"), span(3, 7, annotator="B")]
    a = [span(4, 8)]
    [(_, chosen)] = match_spans(a, b, MatchCriterion.RELAXED)
    assert chosen.start == 3


def test_duplicate_spans_tie_break_by_id():
    a = [span(0, 5, span_id="a2"), span(0, 5, span_id="a1")]
    b = [span(0, 5, annotator="B", span_id="b9")]
    [(first, second)] = match_spans(a, b, MatchCriterion.EXACT)
    assert (first.id, second.id) == ("a1", "b9")


def test_any_label_variant_matches_same_offsets_whatever_the_label():
    a = [span(0, 5, "actor"), span(7, 9, "actor")]
    b = [span(0, 5, "source", "B"), span(7, 10, "actor", "B")]
    pairs = match_spans(a, b, MatchCriterion.RELAXED_ANY_LABEL)
    assert [(x.label, y.label) for x, y in pairs] == [("actor", "source")]


def test_span_counts_score():
    counts = SpanCounts(tp=3, fp=1, fn=2)
    assert counts.precision == 3 / 4
    assert counts.recall == 3 / 5
    assert counts.f1 == pytest.approx(2 * 0.75 * 0.6 / (0.75 + 0.6))
    assert SpanCounts(0, 0, 0).f1 is None


def greedy_by_documented_rule(first, second, criterion):
    """The documented matching rule written as plainly as possible, for comparison."""

    def acceptable(a, b):
        overlap = a.start < b.end and b.start < a.end
        same_offsets = (a.start, a.end) == (b.start, b.end)
        return {
            MatchCriterion.EXACT: same_offsets and a.label == b.label,
            MatchCriterion.RELAXED: overlap and a.label == b.label,
            MatchCriterion.RELAXED_ANY_LABEL: same_offsets,
        }[criterion]

    candidates = [(a, b) for a in first for b in second if acceptable(a, b)]
    candidates.sort(
        key=lambda p: (
            -(min(p[0].end, p[1].end) - max(p[0].start, p[1].start)),
            abs(p[0].start - p[1].start) + abs(p[0].end - p[1].end),
            p[0].start,
            p[1].start,
            p[0].id,
            p[1].id,
        )
    )
    used, matched = set(), []
    for a, b in candidates:
        if a.id not in used and b.id not in used:
            used.update((a.id, b.id))
            matched.append((a.id, b.id))
    return sorted(matched)


spans_strategy = st.lists(
    st.tuples(st.integers(0, 30), st.integers(1, 8), st.sampled_from(LABELS[:2])), max_size=12
)


@settings(max_examples=200, deadline=None)
@given(spans_strategy, spans_strategy, st.sampled_from(list(MatchCriterion)))
def test_matching_follows_the_documented_rule(raw_a, raw_b, criterion):
    a = [span(s, s + n, lab, "A", span_id=f"a{i:02d}") for i, (s, n, lab) in enumerate(raw_a)]
    b = [span(s, s + n, lab, "B", span_id=f"b{i:02d}") for i, (s, n, lab) in enumerate(raw_b)]
    found = sorted((x.id, y.id) for x, y in match_spans(a, b, criterion))
    assert found == greedy_by_documented_rule(a, b, criterion)


# -- generated multi-annotator data -------------------------------------------------------------

WORDS = "Gunmen loyal to Assad attacked Latakia , killing 14 people , a war monitor said .".split()


def random_documents(seed: int, documents: int = 4, annotators: int = 3, words: int = 70):
    """Documents where annotators share most spans, with nesting, relabels and misses."""
    rng = random.Random(seed)
    names = [f"ann{i}" for i in range(annotators)]
    result = []
    for d in range(documents):
        doc_id = f"doc{d}"
        tokens = [rng.choice(WORDS) for _ in range(words)]
        text = " ".join(tokens)
        bounds, offset = [], 0
        for token in tokens:
            bounds.append((offset, offset + len(token)))
            offset += len(token) + 1
        shared = []
        for _ in range(12):
            first = rng.randrange(words - 6)
            last = first + rng.randrange(6)
            shared.append((bounds[first][0], bounds[last][1], rng.choice(LABELS)))
            if rng.random() < 0.4 and last > first:  # a span nested inside it
                inner = rng.randrange(first, last + 1)
                shared.append((bounds[inner][0], bounds[inner][1], rng.choice(LABELS)))
        layers = {}
        for name in names:
            spans = []
            for i, (start, end, label) in enumerate(shared):
                roll = rng.random()
                if roll < 0.15:
                    continue
                if roll < 0.3:
                    label = rng.choice(LABELS)
                elif roll < 0.4:
                    end = bounds[min(words - 1, rng.randrange(words))][1]
                    end = max(end, start + 1)
                spans.append(span(start, end, label, name, doc_id, f"{name}-{doc_id}-{i}"))
            layers[name] = spans
        result.append(AnnotatedDocument(doc_id, text, layers))
    return result


def reference_codes(document, name, label):
    """Codes per token by the rules in the module docstrings, written as plain loops."""
    codes = []
    for start, end in tokenize(document.text):
        covering = [s for s in document.layers[name] if s.start < end and start < s.end]
        if label is not None:
            codes.append(int(any(s.label == label for s in covering)))
        elif not covering:
            codes.append(0)
        else:
            best = min(
                covering, key=lambda s: (s.start - s.end, s.start, LABELS.index(s.label), s.id)
            )
            codes.append(LABELS.index(best.label) + 1)
    return codes


def reference_table(documents, names, label, scope):
    table = [sum((reference_codes(d, n, label) for d in documents), []) for n in names]
    if scope == "labelled_tokens":
        keep = [i for i in range(len(table[0])) if any(row[i] for row in table)]
        table = [[row[i] for i in keep] for row in table]
    return table


def token_block(measure, label, scope):
    """The block of one coding (None: one label per token) and token scope in a token measure."""
    if label is None:
        return measure["label_per_token"][scope]
    return measure["labels"][label][scope]


CODINGS = [None, *LABELS]
SCOPES = ["all_tokens", "labelled_tokens"]


@pytest.fixture(scope="module")
def generated():
    documents = random_documents(seed=11)
    report = compute_agreement(documents, labels=LABELS)
    return documents, report.to_dict()["measures"]


@pytest.mark.parametrize("label", CODINGS)
@pytest.mark.parametrize("scope", SCOPES)
def test_cohen_kappa_per_pair_equals_scikit_learn(generated, label, scope):
    documents, measures = generated
    block = token_block(measures["cohen_kappa"], label, scope)
    for a, b in combinations(["ann0", "ann1", "ann2"], 2):
        first, second = reference_table(documents, [a, b], label, scope)
        expected = cohen_kappa_score(first, second)
        found = block["pairs"][f"{a}|{b}"]
        assert found["items"] == len(first)
        assert found["value"] == pytest.approx(expected, abs=TOLERANCE)
        raw = token_block(measures["raw_agreement"], label, scope)["pairs"][f"{a}|{b}"]
        assert raw["value"] == pytest.approx(np.mean(np.equal(first, second)), abs=TOLERANCE)


@pytest.mark.parametrize("label", CODINGS)
@pytest.mark.parametrize("scope", SCOPES)
def test_fleiss_kappa_equals_statsmodels_and_nltk_pi(generated, label, scope):
    documents, measures = generated
    table = reference_table(documents, ["ann0", "ann1", "ann2"], label, scope)
    counts, _ = aggregate_raters(np.array(table).T)
    found = token_block(measures["fleiss_kappa"], label, scope)
    assert found["items"] == len(table[0])
    assert found["value"] == pytest.approx(statsmodels_fleiss(counts), abs=TOLERANCE)
    assert found["value"] == pytest.approx(nltk_task(table).pi(), abs=TOLERANCE)
    raw = token_block(measures["raw_agreement"], label, scope)["all_annotators"]
    assert raw["value"] == pytest.approx(nltk_task(table).avg_Ao(), abs=TOLERANCE)


@pytest.mark.parametrize("label", CODINGS)
@pytest.mark.parametrize("scope", SCOPES)
def test_krippendorff_alpha_equals_krippendorff_and_nltk(generated, label, scope):
    documents, measures = generated
    table = reference_table(documents, ["ann0", "ann1", "ann2"], label, scope)
    found = token_block(measures["krippendorff_alpha"], label, scope)
    expected = krippendorff.alpha(reliability_data=table, level_of_measurement="nominal")
    assert found["value"] == pytest.approx(expected, abs=TOLERANCE)
    assert found["value"] == pytest.approx(nltk_task(table).alpha(), abs=TOLERANCE)
    assert found["values"] == 3 * len(table[0])


@pytest.mark.parametrize("label", CODINGS)
def test_mean_pairwise_kappa_equals_nltk_kappa(generated, label):
    documents, measures = generated
    table = reference_table(documents, ["ann0", "ann1", "ann2"], label, "all_tokens")
    summary = token_block(measures["cohen_kappa"], label, "all_tokens")["summary"]
    assert summary["mean"] == pytest.approx(nltk_task(table).kappa(), abs=TOLERANCE)
    assert summary["n"] == 3


def nltk_task(table):
    return AnnotationTask(
        data=[(f"c{r}", i, code) for r, row in enumerate(table) for i, code in enumerate(row)]
    )


code_tables = st.integers(2, 4).flatmap(
    lambda coders: st.lists(
        st.lists(st.integers(0, 3), min_size=coders, max_size=coders), min_size=2, max_size=40
    )
)


@settings(max_examples=150, deadline=None)
@given(code_tables)
def test_coefficients_equal_references_on_any_codes(rows):
    table = np.array(rows).T  # coders × items
    counts, _ = aggregate_raters(table.T)
    with np.errstate(all="ignore"):
        expected_fleiss = statsmodels_fleiss(counts)
    found = fleiss_kappa(table).value
    if found is None:
        assert not np.isfinite(expected_fleiss)
    else:
        assert found == pytest.approx(expected_fleiss, abs=TOLERANCE)
    alpha = krippendorff_alpha_nominal(table).value
    if len(np.unique(table)) > 1:
        expected = krippendorff.alpha(reliability_data=table, level_of_measurement="nominal")
        assert alpha == pytest.approx(expected, abs=TOLERANCE)
    else:
        assert alpha is None
    kappa = cohen_kappa(table[0], table[1]).value
    # sklearn warns and returns nan for 0/0 (both coders constant); we report None there.
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        expected_kappa = cohen_kappa_score(table[0], table[1])
    if kappa is None:
        assert not np.isfinite(expected_kappa)
    else:
        assert kappa == pytest.approx(expected_kappa, abs=TOLERANCE)


def test_cohen_kappa_accepts_string_codes():
    first = ["actor", "none", "actor", "source", "none"]
    second = ["actor", "actor", "none", "source", "none"]
    assert cohen_kappa(first, second).value == pytest.approx(
        cohen_kappa_score(first, second), abs=TOLERANCE
    )


# -- span F1 in the report ----------------------------------------------------------------------


def exact_tp(first, second):
    """Exact one-to-one matches are min(count) per distinct (start, end, label)."""
    from collections import Counter

    a = Counter((s.start, s.end, s.label) for s in first)
    b = Counter((s.start, s.end, s.label) for s in second)
    return sum(min(a[key], b[key]) for key in a)


def test_pooled_exact_counts_sum_over_documents(generated):
    documents, measures = generated
    block = measures["span_f1_exact"]
    for a, b in combinations(["ann0", "ann1", "ann2"], 2):
        tp = sum(exact_tp(d.layers[a], d.layers[b]) for d in documents)
        first = sum(len(d.layers[a]) for d in documents)
        second = sum(len(d.layers[b]) for d in documents)
        found = block["pairs"][f"{a}|{b}"]
        assert (found["tp"], found["fn"], found["fp"]) == (tp, first - tp, second - tp)
        assert found["f1"] == pytest.approx(2 * tp / (first + second))
        assert found["documents"] == len(documents)


def test_per_label_and_per_document_counts_add_up_to_the_pooled_ones(generated):
    documents, measures = generated
    for name in ("span_f1_exact", "span_f1_relaxed"):
        block = measures[name]
        for key, pooled in block["pairs"].items():
            for part in ("tp", "fp", "fn"):
                by_label = sum(block["labels"][label]["pairs"][key][part] for label in LABELS)
                by_doc = sum(block["documents"][d.id][key][part] for d in documents)
                assert by_label == by_doc == pooled[part]


def test_relaxed_scores_at_least_exact(generated):
    _, measures = generated
    for key, exact in measures["span_f1_exact"]["pairs"].items():
        assert measures["span_f1_relaxed"]["pairs"][key]["tp"] >= exact["tp"]
        assert measures["span_f1_relaxed_any_label"]["pairs"][key]["tp"] >= exact["tp"]


def test_summary_is_mean_and_sample_sd_over_pairs(generated):
    _, measures = generated
    block = measures["span_f1_relaxed"]
    values = [p["f1"] for p in block["pairs"].values()]
    assert block["summary"]["mean"] == pytest.approx(np.mean(values))
    assert block["summary"]["sd"] == pytest.approx(np.std(values, ddof=1))


def test_hand_checked_two_document_report():
    text = "Rebels shelled Homs and Hama , killing 5 ."
    a = [span(0, 6, "actor", "A", "d1", "a1"), span(15, 19, "location", "A", "d1", "a2")]
    b = [
        span(0, 6, "actor", "B", "d1", "b1"),
        span(15, 27, "location", "B", "d1", "b2"),  # "Homs and Hama": relaxed, not exact
        span(30, 41, "casualty_claim", "B", "d1", "b3"),  # A missed it
    ]
    a2 = [span(0, 6, "source", "A", "d2", "a3")]
    b2 = [span(0, 6, "actor", "B", "d2", "b4")]  # same offsets, other label
    documents = [
        AnnotatedDocument("d1", text, {"A": a, "B": b}),
        AnnotatedDocument("d2", text, {"A": a2, "B": b2}),
    ]
    measures = compute_agreement(documents, labels=LABELS).to_dict()["measures"]
    exact = measures["span_f1_exact"]["pairs"]["A|B"]
    assert (exact["tp"], exact["fp"], exact["fn"]) == (1, 3, 2)
    relaxed = measures["span_f1_relaxed"]["pairs"]["A|B"]
    assert (relaxed["tp"], relaxed["fp"], relaxed["fn"]) == (2, 2, 1)
    any_label = measures["span_f1_relaxed_any_label"]["pairs"]["A|B"]
    assert (any_label["tp"], any_label["fp"], any_label["fn"]) == (2, 2, 1)
    location = measures["span_f1_relaxed"]["labels"]["location"]["pairs"]["A|B"]
    assert (location["tp"], location["fp"], location["fn"]) == (1, 0, 0)
    assert measures["span_f1_exact"]["documents"]["d2"]["A|B"]["tp"] == 0


def test_pairs_use_only_documents_both_annotators_count():
    text = "Rebels shelled Homs ."
    documents = [
        AnnotatedDocument("d1", text, {"A": [span(0, 6)], "B": [span(0, 6, annotator="B")]}),
        AnnotatedDocument("d2", text, {"A": [span(0, 6, doc="d2")]}),  # B did not finish d2
    ]
    measures = compute_agreement(documents).to_dict()["measures"]
    pair = measures["span_f1_exact"]["pairs"]["A|B"]
    assert (pair["tp"], pair["fp"], pair["fn"], pair["documents"]) == (1, 0, 0, 1)
    assert measures["cohen_kappa"]["label_per_token"]["all_tokens"]["pairs"]["A|B"]["items"] == 4


# -- the report as JSON -------------------------------------------------------------------------


def test_report_json_names_measures_pairs_labels_and_parameters(generated):
    documents, _ = generated
    report = json.loads(compute_agreement(documents, labels=LABELS).to_json())
    assert {
        "span_f1_exact",
        "span_f1_relaxed",
        "cohen_kappa",
        "fleiss_kappa",
        "krippendorff_alpha",
        "alpha_u",
    } <= set(report["measures"])
    assert set(report["measures"]["span_f1_exact"]["pairs"]) == {
        "ann0|ann1",
        "ann0|ann2",
        "ann1|ann2",
    }
    assert list(report["measures"]["span_f1_exact"]["labels"]) == LABELS
    assert report["parameters"]["tokenizer"] == "regex-v1"
    assert report["parameters"]["documents"] == len(documents)
    kappa = report["measures"]["cohen_kappa"]["labels"]["actor"]["labelled_tokens"]
    assert kappa["parameters"]["tokenizer"] == "regex-v1"
    assert "observed_agreement" in kappa["pairs"]["ann0|ann1"]
    assert report["measures"]["alpha_u"]["parameters"]["documents"] == len(documents)


def test_undefined_values_are_null_in_json():
    text = "Rebels shelled Homs ."
    same = {"A": [span(0, 6)], "B": [span(0, 6, annotator="B")]}
    report = json.loads(
        compute_agreement([AnnotatedDocument("d1", text, same)], labels=LABELS).to_json()
    )
    labels = report["measures"]["cohen_kappa"]["labels"]
    # Nobody used 'location': chance agreement is 1 and kappa is undefined, not 0 or NaN.
    location = labels["location"]["all_tokens"]["pairs"]["A|B"]
    assert location["expected_agreement"] == 1 and location["value"] is None
    assert labels["actor"]["all_tokens"]["pairs"]["A|B"]["value"] == 1


# -- reference scoring and input --------------------------------------------------------------


def test_scoring_against_a_reference_reuses_the_pair_counts(generated):
    documents, measures = generated
    with_gold = [
        AnnotatedDocument(
            d.id,
            d.text,
            {**d.layers, "gold": [replace(s, annotator="gold") for s in d.layers["ann0"]]},
        )
        for d in documents
    ]
    scores = score_against_reference(with_gold, "gold", labels=LABELS)
    assert set(scores["annotators"]) == {"ann0", "ann1", "ann2"}
    perfect = scores["annotators"]["ann0"]["span_f1_exact"]
    assert (perfect["precision"], perfect["recall"], perfect["f1"]) == (1, 1, 1)
    for name in ("ann1", "ann2"):
        for criterion in MatchCriterion:
            pair = measures[criterion.value]["pairs"][f"ann0|{name}"]
            found = scores["annotators"][name][criterion.value]
            assert [found[k] for k in ("tp", "fp", "fn")] == [pair[k] for k in ("tp", "fp", "fn")]


@dataclass
class FakeLayerDocument:
    document: Document
    annotator: str
    spans: list
    relations: list
    status: object


def test_documents_from_layers_counts_finished_layers_and_gold():
    doc = Document("d1", "Rebels shelled Homs .")
    spans = [
        span(0, 6, annotator="A"),
        span(0, 6, annotator="B"),
        span(7, 14, annotator="C"),
        span(0, 6, annotator="gold"),
    ]
    statuses = {"A": "done", "B": "in_progress", "C": "done"}
    [document] = documents_from_layers([FakeLayerDocument(doc, "", spans, [], statuses)])
    assert sorted(document.layers) == ["A", "C", "gold"]
    [everyone] = documents_from_layers(
        [FakeLayerDocument(doc, "", spans, [], statuses)], only_done=False
    )
    assert sorted(everyone.layers) == ["A", "B", "C", "gold"]
    nobody_done = FakeLayerDocument(doc, "", spans[:2], [], {"A": "new"})
    assert documents_from_layers([nobody_done]) == []


def test_default_annotators_leave_gold_out(generated):
    documents, _ = generated
    with_gold = [
        AnnotatedDocument(d.id, d.text, {**d.layers, "gold": d.layers["ann0"]}) for d in documents
    ]
    report = compute_agreement(with_gold)
    assert report.parameters["annotators"] == ["ann0", "ann1", "ann2"]


def test_the_token_scope_labelled_counts_only_tokens_someone_labelled():
    text = "a b c d e f"
    layers = {"A": [span(0, 1)], "B": [span(2, 3, annotator="B")]}
    measures = compute_agreement([AnnotatedDocument("d1", text, layers)]).to_dict()["measures"]
    labelled = measures["cohen_kappa"]["label_per_token"]["labelled_tokens"]["pairs"]["A|B"]
    everything = measures["cohen_kappa"]["label_per_token"]["all_tokens"]["pairs"]["A|B"]
    assert (labelled["items"], everything["items"]) == (2, 6)
    assert labelled["observed_agreement"] == 0
