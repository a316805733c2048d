"""CSV of spans: one row a span, readable by `csv`, formula-like cells neutralised."""

from __future__ import annotations

import csv
import json

from annotator.exporting import export
from annotator.formats.csv_spans import COLUMNS, neutralise
from annotator.model import Document, Span, new_id


def read_rows(path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_span_is_a_row_with_its_text_and_offsets(hard_store, tmp_path):
    out = tmp_path / "spans.csv"
    assert export(hard_store, "csv", out, "alice") == 2
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel needs the BOM for Arabic
    rows = read_rows(out)
    assert tuple(rows[0]) == COLUMNS
    texts = {d.id: d.text for d in hard_store.documents()}
    expected = sorted(
        (s.document_id, s.start, s.end, s.label, s.text, s.note, s.attributes)
        for item in hard_store.iter_layer("alice")
        for s in item.spans
    )
    found = sorted(
        (
            r["document_id"],
            int(r["start"]),
            int(r["end"]),
            r["label"],
            r["text"],
            r["note"],
            json.loads(r["attributes"]),
        )
        for r in rows
    )
    assert found == expected
    assert all(texts[r["document_id"]][int(r["start"]) : int(r["end"])] == r["text"] for r in rows)


def test_formula_like_cells_get_an_apostrophe(store, tmp_path):
    text = "=HYPERLINK(evil) -5 killed, said @monitor 😀."
    doc = Document(new_id(), text, title="+cmd|' /C calc'!A0")
    spans = [
        Span(new_id(), doc.id, "alice", 0, 16, "source", "=HYPERLINK(evil)", note="\tnote"),
        Span(new_id(), doc.id, "alice", 17, 26, "casualty_claim", "-5 killed"),
        Span(new_id(), doc.id, "alice", 33, 41, "source", "@monitor"),
    ]
    store.add_documents([doc], spans)
    out = tmp_path / "spans.csv"
    export(store, "csv", out, "alice")
    rows = read_rows(out)
    assert sorted(r["text"] for r in rows) == ["'-5 killed", "'=HYPERLINK(evil)", "'@monitor"]
    assert {r["title"] for r in rows} == {"'+cmd|' /C calc'!A0"}
    assert "'\tnote" in {r["note"] for r in rows}
    assert neutralise("Idlib") == "Idlib" and neutralise("\rx") == "'\rx"
