"""No cell of any CSV export starts like a spreadsheet formula, whatever field the text came from.

Every user-written field (title, span text, note, attribute values, canonical actor names) is
filled with formula-looking text; then every cell of both CSV writers is checked.
"""

from __future__ import annotations

import csv

import pytest

from annotator.exporting import export
from annotator.formats import looks_like_formula
from annotator.model import Document, Relation, Span, new_id

# "-5 killed" is both a claim and a formula start; "@" names a source; tab and CR are Excel's own.
TEXT = "=cmd|calc @monitor said -5 killed\tnear +Idlib\rby =HYPERLINK(x) gunmen."


def hostile_document(store) -> None:
    doc = Document(new_id(), TEXT, title="=HYPERLINK(title)", meta={"date": "2024-03-09"})

    def span(part: str, label: str, attributes: dict, note: str = "") -> Span:
        start = TEXT.index(part)
        return Span(
            new_id(), doc.id, "alice", start, start + len(part), label, part, attributes, note
        )

    claim = span(
        "-5 killed",
        "casualty_claim",
        {"kind": "killed", "count_min": 5, "victims": "civilians"},
        note="+note",
    )
    source = span("@monitor", "source", {"type": "monitoring group", "named": False}, "\tnote")
    place = span("+Idlib", "location", {"name": "-Idlib", "country": "SY"}, "@place")
    actor = span("=HYPERLINK(x) gunmen", "actor", {"canonical": "=Assad loyalists"}, "=x")
    extra = span("=cmd|calc", "source", {"type": "unknown", "named": True}, "-1")
    relations = [
        Relation(new_id(), doc.id, "alice", claim.id, source.id, "attributed_to"),
        Relation(new_id(), doc.id, "alice", claim.id, extra.id, "attributed_to"),
        Relation(new_id(), doc.id, "alice", claim.id, place.id, "located_in"),
        Relation(new_id(), doc.id, "alice", claim.id, actor.id, "perpetrator"),
    ]
    store.add_documents([doc], [claim, source, place, actor, extra], relations)


def cells(path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [(column, value) for row in csv.DictReader(handle) for column, value in row.items()]


OFFSETS = ("start", "end")  # the only cells written as numbers


@pytest.mark.parametrize("format_name", ["csv", "claims-csv"])
def test_no_cell_starts_like_a_formula(store, tmp_path, format_name):
    hostile_document(store)
    out = tmp_path / "out.csv"
    assert export(store, format_name, out, "alice") >= 1
    found = cells(out)
    assert all(v.isdigit() for c, v in found if c in OFFSETS)
    assert [(c, v) for c, v in found if looks_like_formula(v)] == []
    # The hostile text is there, neutralised rather than dropped.
    assert any(v.startswith("'=HYPERLINK(title)") for _, v in found)
    assert any(v.startswith("'-5 killed") for _, v in found)
