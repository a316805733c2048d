"""Suggestions: whole-word occurrences, known names, rejections remembered, never spans."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from annotator.model import Document, Span, new_id
from annotator.suggestions import (
    ACTOR_LIST,
    GAZETTEER,
    LABELLED,
    all_occurrences,
    known_labels,
    occurrences_of_many,
    suggest,
    suggest_for_document,
    whole_word_occurrences,
)

TEXT = "Assad's forces shelled Latakia. Assadist media denied it; Latakia residents fled to Tartus."


def spans_of(text, label, needle, doc="d"):
    start = text.index(needle)
    return Span(new_id(), doc, "alice", start, start + len(needle), label, needle)


def test_whole_word_occurrences_skip_longer_words():
    assert [TEXT[s:e] for s, e in whole_word_occurrences(TEXT, "Assad")] == ["Assad"]
    assert whole_word_occurrences(TEXT, "Assad")[0] == (0, 5)
    assert whole_word_occurrences(TEXT, "  ") == []


def test_known_labels_take_the_most_frequent_label_and_skip_single_letters():
    assert known_labels(
        [("Latakia", "location", 3), ("Latakia", "actor", 1), ("a", "actor", 9)]
    ) == {"Latakia": "location"}


def test_suggest_offers_unlabelled_occurrences_only():
    first = spans_of(TEXT, "location", "Latakia")
    found = suggest(TEXT, [first], {"Latakia": "location"}, set())
    second = TEXT.index("Latakia", first.end)
    assert [(s.start, s.end, s.label, s.source) for s in found] == [
        (second, second + 7, "location", LABELLED)
    ]
    assert all(TEXT[s.start : s.end] == s.text for s in found)


def test_rejected_text_and_label_are_not_offered_again():
    assert suggest(TEXT, [], {"Latakia": "location"}, {("Latakia", "location")}) == []
    assert len(suggest(TEXT, [], {"Latakia": "location"}, {("Latakia", "actor")})) == 2


def test_longest_of_overlapping_suggestions_wins_and_sources_are_named():
    found = suggest(TEXT, [], {"Latakia": "actor"}, set(), actor_names=["Latakia residents"])
    assert [(s.text, s.source) for s in found] == [
        ("Latakia", LABELLED),
        ("Latakia residents", ACTOR_LIST),
    ]


def test_gazetteer_suggestions_skip_short_words_and_sentence_starts():
    asked = []

    def is_place(name):
        asked.append(name)
        return name in {"Tartus", "Assadist"}

    found = suggest(TEXT, [], {}, set(), is_place=is_place)
    assert [(s.text, s.source) for s in found] == [("Tartus", GAZETTEER)]
    assert "Assadist" not in asked  # first word of a sentence
    inside_an_actor = spans_of(TEXT, "actor", "residents fled to Tartus")
    assert suggest(TEXT, [inside_an_actor], {}, set(), is_place=is_place) == []


def test_all_occurrences_preview_leaves_labelled_ones_out():
    first = spans_of(TEXT, "location", "Latakia")
    preview = all_occurrences(TEXT, "Latakia", "location", [first])
    assert [s.start for s in preview] == [TEXT.index("Latakia", first.end)]


def test_rejections_persist_in_the_project_and_suggestions_are_not_spans(store):
    doc = Document(new_id(), TEXT)
    store.add_documents([doc])
    store.add_span(spans_of(TEXT, "location", "Latakia", doc.id))
    (offered,) = suggest_for_document(store, doc.id, "alice")
    assert offered.text == "Latakia" and len(store.spans(doc.id)) == 1
    store.set_suggestion_rejected(doc.id, "alice", "Latakia", "location", True)
    assert suggest_for_document(store, doc.id, "alice") == []
    assert store.rejected_suggestions(doc.id, "bob") == set()
    store.set_suggestion_rejected(doc.id, "alice", "Latakia", "location", False)
    assert len(suggest_for_document(store, doc.id, "alice")) == 1


def test_project_actor_list_feeds_suggestions(store):
    doc = Document(new_id(), TEXT)
    store.add_documents([doc])
    assert suggest_for_document(store, doc.id, "alice") == []
    store.add_actor("Syrian government", ["Assad's forces"])
    (offered,) = suggest_for_document(store, doc.id, "alice")
    assert (offered.text, offered.label, offered.source) == ("Assad's forces", "actor", ACTOR_LIST)


def test_time_spent_adds_up(store):
    doc = Document(new_id(), TEXT)
    store.add_documents([doc])
    assert store.time_spent(doc.id, "alice") == 0
    store.add_time_spent(doc.id, "alice", 12.5)
    assert store.add_time_spent(doc.id, "alice", 30) == 42.5
    assert store.time_spent(doc.id, "bob") == 0


_WORDS = st.sampled_from(["Assad", "Assad's", "al-Sham", "حلب", "Idlib", "(HTS)", "HTS", "🇸🇾", "a"])


@given(
    st.lists(_WORDS, max_size=30).map(" ".join),
    st.lists(st.lists(_WORDS, min_size=1, max_size=3).map(" ".join), max_size=6),
)
@example("Assad Assad Assad", ["Assad Assad"])  # overlapping occurrences: the first only
def test_one_pass_search_finds_what_a_search_per_needle_finds(text, needles):
    found = occurrences_of_many(text, needles)
    for needle in set(needles):
        assert found.get(needle, []) == whole_word_occurrences(text, needle), needle
