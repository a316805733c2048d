"""Project search: text (plain, regex, whole word), annotations, status filter, bad regexes."""

from __future__ import annotations

import json

import pytest

from annotator.model import Document, Span, new_id
from annotator.search import SearchError, SearchQuery, compile_query, search_project

TEXTS = (
    "Gunmen attacked Latakia. In Latakia, 12 people were killed.",
    "Shelling hit Idlib; the Latakia road was closed.",
    "Nothing of note happened in Homs (حمص).",
)


@pytest.fixture
def corpus(store):
    docs = [Document(new_id(), text, title=f"doc {i}") for i, text in enumerate(TEXTS)]
    store.add_documents(docs)
    first = docs[0].text
    start = first.index("12 people")
    claim = Span(
        new_id(),
        docs[0].id,
        "alice",
        start,
        start + 9,
        "casualty_claim",
        "12 people",
        note="check the hospital figure",
        attributes={"kind": "killed"},
    )
    store.add_span(claim)
    actor = Span(new_id(), docs[0].id, "alice", 0, 6, "actor", "Gunmen")
    store.add_span(actor)
    store.add_span(Span(new_id(), docs[1].id, "bob", 0, 8, "actor", "Shelling"))
    store.set_status(docs[1].id, "alice", "done")
    return store, docs


def found(store, query, annotator="alice"):
    return [(h.document_id, h.start, h.end) for h in search_project(store, query, annotator).hits]


def test_plain_text_hits_are_python_slices_in_reading_order(corpus):
    store, docs = corpus
    hits = search_project(store, SearchQuery("latakia"), "alice").hits
    assert [
        (h.document_id, docs[[d.id for d in docs].index(h.document_id)].text[h.start : h.end])
        for h in hits
    ] == [(docs[0].id, "Latakia")] * 2 + [(docs[1].id, "Latakia")]
    assert "road was closed" in hits[2].context


def test_case_sensitive_and_whole_word(corpus):
    store, docs = corpus
    assert found(store, SearchQuery("latakia", case_sensitive=True)) == []
    assert found(store, SearchQuery("Lata", whole_word=True)) == []
    assert len(found(store, SearchQuery("Lata"))) == 3


def test_regex_and_arabic(corpus):
    store, docs = corpus
    text = docs[0].text
    (hit,) = found(store, SearchQuery(r"\d+ people", regex=True))
    assert text[hit[1] : hit[2]] == "12 people"
    (hit,) = found(store, SearchQuery("حمص"))
    assert docs[2].text[hit[1] : hit[2]] == "حمص"


def test_bad_regex_names_the_position_and_what_to_do(corpus):
    with pytest.raises(SearchError, match=r"position 2.*untick Regex"):
        compile_query(SearchQuery("ab(c", regex=True))
    with pytest.raises(SearchError, match=r"position 2"):
        compile_query(SearchQuery("ab(c", regex=True, whole_word=True))


def test_annotations_by_note_attribute_label_and_only_the_annotators_layer(corpus):
    store, docs = corpus
    by_note = SearchQuery("hospital", in_text=False, in_annotations=True)
    by_attribute = SearchQuery("killed", in_text=False, in_annotations=True)
    by_label = SearchQuery("", in_text=False, in_annotations=True, label="actor")
    claim_start = docs[0].text.index("12 people")
    assert found(store, by_note) == [(docs[0].id, claim_start, claim_start + 9)]
    assert found(store, by_attribute) == [(docs[0].id, claim_start, claim_start + 9)]
    assert found(store, by_label) == [(docs[0].id, 0, 6)]
    assert found(store, by_label, annotator="bob") == [(docs[1].id, 0, 8)]


def test_status_filter(corpus):
    store, docs = corpus
    done = SearchQuery("latakia", statuses=frozenset({"done"}))
    result = search_project(store, done, "alice")
    assert [h.document_id for h in result.hits] == [docs[1].id]
    assert result.documents == 1


def test_limit_truncates_and_says_so(corpus):
    store, _ = corpus
    result = search_project(store, SearchQuery("a"), "alice", limit=2)
    assert len(result.hits) == 2 and result.truncated


def test_cli_search_prints_hits_and_explains_a_bad_regex(tmp_path):
    from click.testing import CliRunner

    from annotator.cli import main
    from annotator.store import Store

    project = tmp_path / "p.annotator"
    store = Store.open(project)
    doc = Document(new_id(), TEXTS[0])
    store.add_documents([doc])
    store.close()
    runner = CliRunner()
    found = runner.invoke(main, ["search", "-p", str(project), "Latakia", "--json"])
    assert found.exit_code == 0, found.output
    lines = [line for line in found.output.splitlines() if line.startswith("{")]
    starts = [json.loads(line)["start"] for line in lines]
    assert [TEXTS[0][s : s + 7] for s in starts] == ["Latakia", "Latakia"]
    bad = runner.invoke(main, ["search", "-p", str(project), "(", "--regex"])
    assert bad.exit_code != 0 and "not valid" in bad.output
