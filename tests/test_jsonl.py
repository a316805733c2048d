"""Native JSONL: what the writer puts out (read back with plain `json`), what the reader refuses,
and that export then import into a new project reproduces every annotation exactly."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator import exporting
from annotator.formats import InputError
from annotator.formats.jsonl import layer_record, read_jsonl, write_jsonl
from annotator.importing import import_paths
from annotator.model import Document, Relation, Span, SpanError, new_id
from annotator.store import Store

ARABIC = "قال ناشطون إن القصف طال قرى في ريف اللاذقية، ونزحت عائلات نحو طرطوس وحلب."
EMOJI = "Residents waved the flag 🇸🇾 in Idlib 💪 after 👨‍👩‍👧 a family was killed in Ariha."


def span(doc: Document, inner: str, label: str, annotator: str = "amal", **extra) -> Span:
    start = doc.text.index(inner)
    return Span(new_id(), doc.id, annotator, start, start + len(inner), label, inner, **extra)


def write_lines(path: Path, *records) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def record(text: str, *spans: dict, **fields) -> dict:
    return {"text": text, "annotator": "amal", "spans": list(spans), **fields}


def span_record(text: str, inner: str, label: str = "location", **fields) -> dict:
    start = text.index(inner)
    return {"start": start, "end": start + len(inner), "label": label, "text": inner, **fields}


@pytest.fixture
def annotated(store):
    """Two annotators' layers over hard texts, with notes, attributes, relations and statuses."""
    arabic = Document(new_id(), ARABIC, "Latakia", {"date": "2024-03-11", "source_file": "a.txt"})
    emoji = Document(new_id(), EMOJI, "Idlib", {"url": "https://example.org/idlib"})
    plain = Document(new_id(), "Nothing annotated here yet.", "Empty")
    store.add_documents([arabic, emoji, plain])
    source = span(emoji, "Residents", "source", note="eyewitnesses")
    claim = span(emoji, "a family was killed", "casualty_claim", attributes={"killed": 3})
    store.add_span(source)
    store.add_span(
        claim, [Relation(new_id(), emoji.id, "amal", claim.id, source.id, "attributed_to")]
    )
    store.add_span(span(emoji, "Idlib", "location"))
    store.add_span(span(emoji, "🇸🇾", "actor", attributes={"kind": "state"}))
    store.add_span(span(arabic, "اللاذقية", "location"))
    store.add_span(span(arabic, "ريف اللاذقية", "location", annotator="basil", note="countryside"))
    store.add_span(span(arabic, "ناشطون", "source", annotator="basil"))
    store.set_status(emoji.id, "amal", "done")
    return store


def snapshot(store: Store) -> dict:
    """Everything an export must carry, per document, without timestamps."""
    result = {}
    for doc in store.documents():
        spans = sorted(
            (s.id, s.annotator, s.start, s.end, s.label, s.text, s.attributes, s.note)
            for s in store.spans(doc.id)
        )
        relations = sorted(
            (r.id, r.annotator, r.from_span, r.to_span, r.type, r.attributes)
            for r in store.relations(doc.id)
        )
        statuses = {
            name: store.status(doc.id, name)
            for name in store.annotators()
            if store.status(doc.id, name) != "new"
        }
        result[doc.id] = (doc.text, doc.title, doc.meta, doc.sha256, spans, relations, statuses)
    return result


# -- writing ----------------------------------------------------------------------------------


def test_export_lines_read_back_with_json_and_every_slice_matches(annotated, tmp_path):
    out = tmp_path / "all.jsonl"
    assert exporting.export(annotated, "jsonl", out, None) == 3
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    total = 0
    for line in lines:
        item = json.loads(line)
        for s in item["spans"]:
            assert item["text"][s["start"] : s["end"]] == s["text"]
            total += 1
        ids = {s["id"] for s in item["spans"]}
        for r in item["relations"]:
            assert {r["from"], r["to"]} <= ids and r["annotator"]
    assert total == 7
    emoji = json.loads(lines[1])
    flag = next(s for s in emoji["spans"] if s["label"] == "actor")
    assert flag["start"] == EMOJI.index("🇸🇾") and flag["end"] - flag["start"] == 2
    assert "\\u" not in lines[0]  # UTF-8 as is, readable in any editor


def test_export_of_one_layer_has_only_its_spans_and_status(annotated, tmp_path):
    out = tmp_path / "basil.jsonl"
    exporting.export(annotated, "jsonl", out, "basil")
    items = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert {item["annotator"] for item in items} == {"basil"}
    assert [len(item["spans"]) for item in items] == [2, 0, 0]
    assert [item["status"] for item in items] == ["in_progress", "new", "new"]
    done = tmp_path / "done.jsonl"
    assert exporting.export(annotated, "jsonl", done, "amal", only_done=True) == 1
    assert json.loads(done.read_text("utf-8"))["text"] == EMOJI


def test_export_refuses_a_drifted_span_and_leaves_the_old_file(annotated, tmp_path):
    out = tmp_path / "all.jsonl"
    out.write_text("previous export\n", encoding="utf-8")
    annotated.db.execute(
        'UPDATE spans SET start = start + 1, "end" = "end" + 1 WHERE note = ?', ["eyewitnesses"]
    )
    with pytest.raises(SpanError, match="should cover 'Residents'"):
        exporting.export(annotated, "jsonl", out, None)
    assert out.read_text(encoding="utf-8") == "previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["all.jsonl"]


def test_unknown_export_format_is_refused(annotated, tmp_path):
    with pytest.raises(ValueError, match="unknown format"):
        exporting.export(annotated, "docx", tmp_path / "x.docx", None)
    assert not (tmp_path / "x.docx").exists()


ATTRIBUTES = st.dictionaries(
    st.text(max_size=8),
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False),
        st.text(max_size=12),
        st.lists(st.integers(), max_size=3),
        st.dictionaries(st.text(max_size=4), st.text(max_size=6), max_size=2),
    ),
    max_size=4,
)


@settings(max_examples=60, deadline=None)
@given(
    attributes=ATTRIBUTES,
    note=st.text(max_size=20),
    meta=st.dictionaries(st.text(max_size=6), st.text(max_size=10), max_size=3),
)
def test_every_line_is_byte_for_byte_json_dumps_of_its_record(attributes, note, meta):
    """The writer encodes span rows itself; json.dumps of the plain record is the definition."""
    text = 'He said "stop" \\ then\tleft\x00\x1f\u2028 🇸🇾 اللاذقية'
    store = Store.memory()
    doc = Document(new_id(), text, 'A "title"\n', meta)
    store.add_documents([doc])
    store.add_span(span(doc, '"stop"', "source", note=note, attributes=attributes))
    store.add_span(span(doc, "🇸🇾", "actor", annotator="basil"))
    store.add_span(span(doc, "اللاذقية", "location"))
    for layer in ("amal", None):
        out = io.StringIO()
        write_jsonl(store.iter_layer_rows(layer), out)
        expected = [
            json.dumps(layer_record(item), ensure_ascii=False) for item in store.iter_layer(layer)
        ]
        assert out.getvalue().split("\n") == [*expected, ""]
    store.close()


def test_a_relation_written_while_its_document_is_read_is_not_exported_without_its_spans(
    tmp_path, monkeypatch
):
    """Another window writes between the reads of a document's spans and of its relations."""
    store = Store.open(tmp_path / "p.annotator")
    doc = Document(new_id(), EMOJI, "Idlib")
    store.add_documents([doc])
    other = Store.open(tmp_path / "p.annotator")
    source = span(doc, "Residents", "source")
    claim = span(doc, "a family was killed", "casualty_claim")
    relation = Relation(new_id(), doc.id, "amal", claim.id, source.id, "attributed_to")
    read = store.db.execute

    def read_then_write_elsewhere(sql, parameters=None):
        cursor = read(sql, parameters)
        if "FROM spans WHERE document_id" in sql:
            other.add_span(source)
            other.add_span(claim, [relation])
        return cursor

    monkeypatch.setattr(store.db, "execute", read_then_write_elsewhere)
    (item,) = store.iter_layer_rows("amal")
    assert (item.spans, item.relations) == ([], [])
    monkeypatch.undo()
    (item,) = store.iter_layer_rows("amal")
    assert (len(item.spans), item.relations) == (2, [relation])
    store.close()
    other.close()


def test_export_refuses_a_span_covering_only_white_space(annotated, tmp_path):
    annotated.db.execute(
        'UPDATE spans SET text = " ", "end" = start + 1 WHERE note = ?', ["countryside"]
    )
    start = ARABIC.index("ريف اللاذقية") + 3
    annotated.db.execute(
        'UPDATE spans SET start = ?, "end" = ? WHERE note = ?', [start, start + 1, "countryside"]
    )
    with pytest.raises(SpanError, match="only white space"):
        exporting.export(annotated, "jsonl", tmp_path / "all.jsonl", None)
    assert not (tmp_path / "all.jsonl").exists()


# -- round trip -------------------------------------------------------------------------------


@pytest.mark.parametrize("layers", [None, ["amal", "basil"]])
def test_export_then_import_into_a_new_project_reproduces_everything(annotated, tmp_path, layers):
    files = []
    for layer in layers or [None]:
        out = tmp_path / f"{layer or 'all'}.jsonl"
        exporting.export(annotated, "jsonl", out, layer)
        files.append(out)
    fresh = Store.open(tmp_path / "new.annotator")
    result = import_paths(fresh, files)
    assert result.errors == []
    assert snapshot(fresh) == snapshot(annotated)
    assert [d.id for d in fresh.documents()] == [d.id for d in annotated.documents()]
    fresh.close()


def test_importing_an_export_into_its_own_project_changes_nothing(annotated, tmp_path):
    out = tmp_path / "all.jsonl"
    exporting.export(annotated, "jsonl", out, None)
    before = snapshot(annotated)
    result = import_paths(annotated, [out])
    assert result.errors == [] and result.report.added == []
    assert len(result.report.duplicates) == 3
    assert snapshot(annotated) == before


# -- reading ----------------------------------------------------------------------------------


def test_crlf_text_is_normalised_and_its_spans_mapped(tmp_path):
    text = "Clashes in Latakia\r\n\r\nA war monitor said\r\n12 people died in Jableh."
    path = write_lines(
        tmp_path / "crlf.jsonl",
        record(
            text,
            span_record(text, "Latakia"),
            span_record(text, "Jableh"),
            span_record(text, "said\r\n12 people died", "casualty_claim"),
        ),
    )
    batch = read_jsonl(path)
    (doc,) = batch.documents
    assert "\r" not in doc.text
    assert doc.text == text.replace("\r\n", "\n")
    got = {s.text: doc.text[s.start : s.end] for s in batch.spans}
    assert got == {
        "Latakia": "Latakia",
        "Jableh": "Jableh",
        "said\n12 people died": "said\n12 people died",
    }


def test_utf8_bom_file_and_blank_lines_are_accepted(tmp_path):
    path = tmp_path / "bom.jsonl"
    body = json.dumps(record("Shelling in Tartus.", span_record("Shelling in Tartus.", "Tartus")))
    path.write_bytes(b"\xef\xbb\xbf" + body.encode() + b"\n\n   \n")
    batch = read_jsonl(path)
    assert [d.text for d in batch.documents] == ["Shelling in Tartus."]
    assert [s.text for s in batch.spans] == ["Tartus"]


def test_statuses_keep_the_files_layers(tmp_path):
    path = write_lines(
        tmp_path / "s.jsonl",
        {"text": "one", "annotator": "amal", "status": "done"},
        {"text": "two", "status": {"amal": "in_progress", "basil": "done"}},
    )
    batch = read_jsonl(path)
    docs = {d.text: d.id for d in batch.documents}
    assert sorted(batch.statuses) == sorted(
        [
            (docs["one"], "amal", "done"),
            (docs["two"], "amal", "in_progress"),
            (docs["two"], "basil", "done"),
        ]
    )


def test_a_name_given_on_import_is_the_layer_of_everything(tmp_path):
    gold_span = {**span_record("three", "three"), "annotator": "gold"}
    path = write_lines(
        tmp_path / "s.jsonl",
        {"text": "one", "annotator": "amal", "status": "done"},
        {"text": "two", "annotator": "basil", "status": {"amal": "in_progress", "basil": "done"}},
        {"text": "three", "annotator": "gold", "spans": [gold_span]},
    )
    batch = read_jsonl(path, as_annotator="dana")
    docs = {d.text: d.id for d in batch.documents}
    assert sorted(batch.statuses) == sorted(
        [
            (docs["one"], "dana", "done"),
            (docs["two"], "dana", "done"),
            (docs["three"], "dana", "in_progress"),
        ]
    )
    assert [s.annotator for s in batch.spans] == ["dana"]


def bad(tmp_path: Path, line: dict | str) -> InputError:
    good = json.dumps(record("A good first line about Latakia."))
    bad_line = line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)
    path = tmp_path / "bad.jsonl"
    path.write_text(good + "\n" + bad_line + "\n" + good.replace("first", "third") + "\n")
    with pytest.raises(InputError) as error:
        read_jsonl(path)
    assert error.value.path == path and error.value.line == 2
    assert str(error.value).startswith(f"{path}:2: ")
    return error.value


TEXT = "Gunmen attacked a patrol near Latakia."


@pytest.mark.parametrize(
    "line, reason",
    [
        ('{"text": "unterminated', "not valid JSON"),
        ("[1, 2, 3]", "must be an object"),
        ({"title": "no text"}, '"text" string'),
        ({"text": "   "}, "empty"),
        (record(TEXT, {**span_record(TEXT, "Latakia"), "end": 99}), "outside the document"),
        (record(TEXT, {**span_record(TEXT, "Latakia"), "start": -3}), "outside the document"),
        (record(TEXT, {**span_record(TEXT, "Latakia"), "text": "Tartus"}), "should cover"),
        (record(TEXT, {**span_record(TEXT, "Latakia"), "start": 30.5}), "whole numbers"),
        (record(TEXT, {**span_record(TEXT, "Latakia"), "end": "37"}), "whole numbers"),
        (record(TEXT, {"start": 0, "end": 6, "text": "Gunmen"}), "'label'"),
        ({"text": TEXT, "spans": [span_record(TEXT, "Gunmen", "actor")]}, "no annotator"),
        (
            record(TEXT, relations=[{"from": "a", "to": "b", "type": "attributed_to"}]),
            "not in this line",
        ),
        (record(TEXT, status="finished"), "finished"),
    ],
)
def test_a_bad_line_is_named_by_file_and_line(tmp_path, line, reason):
    assert reason in bad(tmp_path, line).message


def test_a_file_with_no_documents_is_refused(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n")
    with pytest.raises(InputError, match="no documents"):
        read_jsonl(path)


def test_a_bad_line_imports_nothing_from_its_file(store, tmp_path):
    text = "Fighting in El Fasher."
    path = write_lines(
        tmp_path / "half.jsonl",
        record(text, span_record(text, "El Fasher")),
        record(text + " More.", {**span_record(text, "El Fasher"), "text": "Tawila"}),
    )
    result = import_paths(store, [path])
    assert [(e.path, e.line) for e in result.errors] == [(path, 2)]
    assert store.document_count() == 0
    assert store.history() == []
