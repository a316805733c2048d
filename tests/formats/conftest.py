"""Hard data for format tests: emoji, flags, Arabic, CRLF input, nesting, overlap, twin labels."""

from __future__ import annotations

import json

import pytest

from annotator.model import Document, Relation, Span, new_id, normalise_text
from annotator.store import Store

# Imported with CRLF line ends: the stored text has LF and offsets count the LF text (DESIGN §3).
RAW_FIRST = (
    "Clashes near حلب 😀 killed 12 people, said the Syrian Observatory 🇸🇾.\r\n"
    "\r\n"
    "In اللاذقية, a war monitor reported 3 deaths.\r\n"
)
SECOND = "Second report: 🇸🇾🇹🇷 border.\nFighters of al-Sham\nentered the town 👍🏽 at dawn.\n"


def find(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def _span(doc: Document, annotator: str, part: str, label: str, **fields) -> Span:
    start, end = find(doc.text, part)
    return Span(new_id(), doc.id, annotator, start, end, label, part, **fields)


def _first_layer(doc: Document, annotator: str) -> tuple[list[Span], list[Relation]]:
    claim = _span(
        doc,
        annotator,
        "killed 12 people, said the Syrian Observatory 🇸🇾",
        "casualty_claim",
        attributes={"certainty": "high", "negated": True},
        note="number from a monitor, unverified 🤔",
    )
    source = _span(doc, annotator, "the Syrian Observatory 🇸🇾", "source")
    twin = _span(doc, annotator, "the Syrian Observatory 🇸🇾", "actor")  # same offsets
    spans = [
        _span(doc, annotator, "حلب", "location", note="Aleppo"),
        _span(doc, annotator, "حلب 😀", "actor"),  # overlaps the location
        claim,
        source,
        twin,
        _span(doc, annotator, "اللاذقية", "location"),
        _span(doc, annotator, "a war monitor", "source"),
        _span(doc, annotator, "a war monitor reported 3 deaths", "casualty_claim"),
    ]
    relation = Relation(new_id(), doc.id, annotator, claim.id, source.id, "attributed_to")
    return spans, [relation]


def _second_layer(doc: Document, annotator: str) -> list[Span]:
    return [
        _span(doc, annotator, "🇸🇾🇹🇷", "location"),
        _span(doc, annotator, "Fighters of al-Sham\nentered", "actor"),  # crosses a line break
        _span(doc, annotator, "👍🏽", "source", attributes={"kind": "emoji"}),
    ]


def fill(store: Store, annotator: str = "alice") -> list[Document]:
    docs = [
        Document(new_id(), normalise_text(RAW_FIRST), "Clashes near Aleppo 😀"),
        Document("../../x", SECOND, "../../x"),  # an id and title that must not become paths
    ]
    spans, relations = _first_layer(docs[0], annotator)
    spans += _second_layer(docs[1], annotator)
    statuses = [(doc.id, annotator, "done") for doc in docs]
    store.add_documents(docs, spans, relations, statuses)
    return docs


@pytest.fixture
def hard_store(store) -> Store:
    fill(store)
    return store


def layer_signature(store: Store, annotator: str, carried: tuple[str, ...]) -> dict:
    """Per document text: the spans and relations as the format can carry them, ids aside."""

    def key(span: Span) -> tuple:
        fields = {"attributes": json.dumps(span.attributes, sort_keys=True), "note": span.note}
        return (span.start, span.end, span.label, span.text) + tuple(fields[f] for f in carried)

    result = {}
    for item in store.iter_layer(annotator):
        by_id = {span.id: key(span) for span in item.spans}
        relations = sorted((by_id[r.from_span], by_id[r.to_span], r.type) for r in item.relations)
        result[item.document.text] = (sorted(by_id.values()), relations)
    return result


@pytest.fixture
def signature():
    return layer_signature


@pytest.fixture
def store_factory():
    """Fresh in-memory projects, closed after the test."""
    made: list[Store] = []

    def make() -> Store:
        made.append(Store.memory())
        return made[-1]

    yield make
    for opened in made:
        opened.close()


@pytest.fixture
def filled_project(tmp_path):
    """A project file holding the hard data as alice's layer."""
    path = tmp_path / "filled.annotator"
    opened = Store.open(path)
    fill(opened)
    opened.close()
    return path
