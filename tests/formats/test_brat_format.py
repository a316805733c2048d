"""brat standoff: read back by pybrat, round trip exact, file names safe, bad input named."""

from __future__ import annotations

from pathlib import Path

import pytest
from pybrat.parser import BratParser

from annotator.exporting import export
from annotator.formats import InputError
from annotator.formats.brat import read_brat
from annotator.importing import import_paths
from annotator.model import Document, Span


def export_brat(store, tmp_path: Path) -> Path:
    out = tmp_path / "brat"
    assert export(store, "brat", out, "alice") == store.document_count()
    return out


def test_pybrat_reads_every_span_and_relation(hard_store, tmp_path):
    folder = export_brat(hard_store, tmp_path)
    # pybrat refuses two entities with the same offsets unless told to carry on; brat itself
    # accepts them, and they are the faithful form of one text with two labels.
    examples = {ex.id: ex for ex in BratParser(error="ignore").parse(folder)}
    for item in hard_store.iter_layer("alice"):
        ours = sorted((s.label, s.start, s.end) for s in item.spans)
        example = next(ex for ex in examples.values() if ex.text == item.document.text)
        theirs = sorted((e.type, e.spans[0].start, e.spans[-1].end) for e in example.entities)
        assert theirs == ours
        for entity in example.entities:
            pieces = [example.text[p.start : p.end] for p in entity.spans]
            assert " ".join(pieces) == entity.mention
        relations = {(r.type, r.arg1.type, r.arg2.type) for r in example.relations}
        assert relations == (
            {("attributed_to", "casualty_claim", "source")} if item.relations else set()
        )


def test_round_trip_keeps_spans_relations_attributes_and_notes(
    hard_store, store_factory, tmp_path, signature
):
    folder = export_brat(hard_store, tmp_path)
    copy = store_factory()
    result = import_paths(copy, [folder], "bob", format_name="brat")
    assert result.errors == []
    carried = ("attributes", "note")
    assert signature(copy, "bob", carried) == signature(hard_store, "alice", carried)
    assert {d.text for d in copy.documents()} == {d.text for d in hard_store.documents()}


def test_same_offsets_with_two_labels_are_two_t_lines(hard_store, tmp_path):
    folder = export_brat(hard_store, tmp_path)
    lines = [
        line.split("\t")[1]
        for ann in folder.glob("*.ann")
        for line in ann.read_text(encoding="utf-8").splitlines()
        if line.startswith("T") and line.endswith("\tthe Syrian Observatory 🇸🇾")
    ]
    assert sorted(lines) == ["actor 42 67", "source 42 67"]


def test_a_span_across_a_line_break_is_written_as_fragments(hard_store, tmp_path):
    folder = export_brat(hard_store, tmp_path)
    ann = (folder / "x.ann").read_text(encoding="utf-8")
    assert "T2\tactor 28 47;48 55\tFighters of al-Sham entered\n" in ann


def test_file_names_stay_inside_the_folder(hard_store, tmp_path):
    folder = export_brat(hard_store, tmp_path)
    names = sorted(p.name for p in folder.iterdir())
    assert "x.txt" in names and "x.ann" in names  # from the document id "../../x"
    assert all(p.parent == folder for p in folder.rglob("*"))
    assert not (tmp_path / "x.txt").exists() and not (tmp_path.parent / "x.txt").exists()


def test_txt_is_lf_only_and_conf_lists_labels_relations_attributes(hard_store, tmp_path):
    folder = export_brat(hard_store, tmp_path)
    for txt in folder.glob("*.txt"):
        assert b"\r" not in txt.read_bytes()
    conf = (folder / "annotation.conf").read_text(encoding="utf-8")
    assert "[entities]\nactor\nlocation\ncasualty_claim\nsource\n" in conf
    assert "attributed_to\tArg1:<ENTITY>, Arg2:<ENTITY>" in conf
    assert "negated\tArg:<ENTITY>\n" in conf and "certainty\tArg:<ENTITY>, Value:high" in conf


def test_a_note_with_line_breaks_is_written_on_one_line(store, tmp_path):
    doc = Document("d1", "Shelling in Idlib 🇸🇾 today.")
    span = Span("s1", "d1", "alice", 12, 20, "location", "Idlib 🇸🇾", note="first\r\nsecond\nthird")
    store.add_documents([doc], [span])
    ann = (export_brat(store, tmp_path) / "d1.ann").read_text(encoding="utf-8")
    assert "#1\tAnnotatorNotes T1\tfirst second third\n" in ann


# -- reading brat made elsewhere -------------------------------------------------------------


def brat_folder(tmp_path: Path, text: bytes, ann: str, conf: str | None = None) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(text)
    (folder / "a.ann").write_text(ann, encoding="utf-8")
    if conf is not None:
        (folder / "annotation.conf").write_text(conf, encoding="utf-8")
    return folder


def test_crlf_text_with_a_bom_maps_offsets_through_the_normalisation(store, tmp_path):
    raw = "\ufeffAn ambush near حلب 😀.\r\n\r\nA war monitor said so.\r\n"
    start = raw.index("A war")
    ann = f"T1\tlocation 16 19\tحلب\nT2\tsource {start} {start + 13}\tA war monitor\n"
    folder = brat_folder(tmp_path, raw.encode("utf-8"), ann)
    result = import_paths(store, [folder], "bob", format_name="brat")
    assert result.errors == []
    (doc,) = store.documents()
    assert doc.text == "An ambush near حلب 😀.\n\nA war monitor said so.\n"
    spans = {s.text: (s.start, s.end) for s in store.spans(doc.id, "bob")}
    assert spans == {"حلب": (15, 18), "A war monitor": (23, 36)}
    assert store.status(doc.id, "bob") == "done"


def test_offsets_counted_without_the_crs_are_reported_not_moved(store, tmp_path):
    raw = "First line.\r\nSecond line names Idlib.\r\n"
    lf = raw.replace("\r\n", "\n")
    start = lf.index("Idlib")  # a tool that counted LF text wrote these
    folder = brat_folder(tmp_path, raw.encode(), f"T1\tlocation {start} {start + 5}\tIdlib\n")
    with pytest.raises(InputError) as error:
        read_brat(folder, "bob")
    message = str(error.value)
    assert "a.ann:1: text a.txt" in message and f"[{start}, {start + 5})" in message
    assert "expected text 'Idlib' but the text there is ' Idli'" in message
    assert import_paths(store, [folder], "bob", format_name="brat").errors
    assert store.document_count() == 0


@pytest.mark.parametrize(
    ("ann", "expected"),
    [
        ("T1\tactor 0 4\tSome\nE1\tAttack:T1\n", "a.ann:2: holds events"),
        ("T1\tactor 0 4\tSome\nX1 what is this\n", "a.ann:2: has a line brat does not define"),
        ("T1\tactor 0 400\tSome\n", "outside the text (length 16"),
        ("T1\tactor 0 4\tSome\nR1\tlinks Arg1:T1 Arg2:T9\n", "a.ann:2: refers to T9"),
        ("T1\tactor 0 4\tSome\nT1\tactor 5 9\ttext\n", "a.ann:2: T1 is defined twice"),
    ],
)
def test_bad_ann_files_are_refused_with_file_and_line(store, tmp_path, ann, expected):
    folder = brat_folder(tmp_path, b"Some text here.\n", ann)
    result = import_paths(store, [folder], "bob", format_name="brat")
    assert len(result.errors) == 1 and expected in str(result.errors[0])
    assert store.document_count() == 0


def test_conf_labels_join_the_schema_and_labels_can_be_mapped(store, tmp_path):
    conf = "[entities]\nPER\nGPE\n!Abstract\n\n[relations]\n\n[events]\n\n[attributes]\n"
    ann = "T1\tPER 0 5\tAssad\nT2\tGPE 14 19\tIdlib\n"
    folder = brat_folder(tmp_path, b"Assad said in Idlib.", ann, conf)
    result = import_paths(store, [folder], "bob", format_name="brat", label_map={"PER": "actor"})
    assert result.errors == []
    keys = [label.key for label in store.labels()]
    assert "GPE" in keys and "PER" not in keys and "Abstract" not in keys
    (doc,) = store.documents()
    assert sorted(s.label for s in store.spans(doc.id)) == ["GPE", "actor"]
