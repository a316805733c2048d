"""UIMA CAS XMI: dkpro-cassis loads it with its type system; offsets in the file are UTF-16."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET

import pytest
from cassis import load_cas_from_xmi, load_typesystem

from annotator.exporting import export
from annotator.formats.xmi import RELATION, SPAN, TOKEN, TYPE_SYSTEM_FILE


def utf16(text: str, offset: int) -> int:
    return len(text[:offset].encode("utf-16-le")) // 2


def export_xmi(store, tmp_path):
    out = tmp_path / "xmi"
    assert export(store, "xmi", out, "alice") == 2
    return out


def test_cassis_reads_every_span_with_its_code_point_offsets(hard_store, tmp_path):
    out = export_xmi(hard_store, tmp_path)
    with (out / TYPE_SYSTEM_FILE).open("rb") as handle:
        ts = load_typesystem(handle)
    cases = {}
    for path in out.glob("*.xmi"):
        with path.open("rb") as handle:
            cas = load_cas_from_xmi(handle, typesystem=ts)
        cases[cas.sofa_string] = cas
    for item in hard_store.iter_layer("alice"):
        cas = cases[item.document.text]
        found = sorted(
            (a.begin, a.end, a.label, a.get_covered_text(), a.note, a.spanId)
            for a in cas.select(SPAN)
        )
        assert found == sorted((s.start, s.end, s.label, s.text, s.note, s.id) for s in item.spans)
        relations = [(r.Governor.spanId, r.Dependent.spanId, r.label) for r in cas.select(RELATION)]
        assert relations == [(r.from_span, r.to_span, r.type) for r in item.relations]
        assert all(t.get_covered_text().strip() for t in cas.select(TOKEN))


def test_offsets_in_the_file_are_utf16_code_units(hard_store, tmp_path):
    out = export_xmi(hard_store, tmp_path)
    for item in hard_store.iter_layer("alice"):
        text = item.document.text
        expected = sorted((utf16(text, s.start), utf16(text, s.end)) for s in item.spans)
        path = next(p for p in out.glob("*.xmi") if item.document.id.endswith(p.stem))
        root = ET.parse(path).getroot()
        raw = sorted(
            (int(el.get("begin")), int(el.get("end"))) for el in root if el.tag.endswith("}Span")
        )
        assert raw == expected
    assert any(utf16(i.document.text, 30) != 30 for i in hard_store.iter_layer("alice"))


def test_a_missing_cassis_names_the_extra(hard_store, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "cassis", None)
    with pytest.raises(RuntimeError, match=r"annotator\[xmi\]"):
        export(hard_store, "xmi", tmp_path / "xmi", "alice")
    assert not (tmp_path / "xmi").exists()
