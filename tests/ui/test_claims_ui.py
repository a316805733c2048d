"""Casualty claims with structure, from the keyboard: spans, attributes, relations, export."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator import exporting

from .conftest import key, open_seed, stored_spans

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CLAIM = "have killed more than 1,000 people over four days"


def focused():
    return QApplication.focusWidget()


def type_keys(qtbot, keys: str) -> None:
    for ch in keys:
        qtbot.keyClicks(focused(), ch)


def press(qtbot, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), k, modifier)


def select_text(qtbot, window, text: str, needle: str) -> None:
    """Ctrl+Home, Ctrl+Right to the needle's first word, Ctrl+Shift+Right over its words."""
    start = text.index(needle)
    key(qtbot, window, Qt.Key.Key_Home, CTRL)
    for _ in range(200):
        if window.view.cursor_offset() >= start:
            break
        key(qtbot, window, Qt.Key.Key_Right, CTRL)
    assert window.view.cursor_offset() == start
    for _ in range(40):
        selection = window.view.selection_offsets()
        if selection and selection[1] >= start + len(needle.rstrip()):
            break
        key(qtbot, window, Qt.Key.Key_Right, CTRL | SHIFT)


def select_span_by_tab(qtbot, window, span_text: str) -> None:
    for _ in range(20):
        current = window.view.current_span()
        if current is not None and current.text == span_text:
            return
        key(qtbot, window, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {span_text!r}")


def make_span(qtbot, window, text: str, needle: str, label_key) -> None:
    select_text(qtbot, window, text, needle)
    key(qtbot, window, label_key)


def by_text(window, doc_id: str) -> dict:
    return {span.text: span for span in stored_spans(window, doc_id)}


@pytest.fixture
def seed(window):
    doc_id = open_seed(window, "000_")
    return doc_id, window.session.store.document(doc_id).text


def test_main_claim_end_to_end_from_the_keyboard(qtbot, window, seed, tmp_path):
    doc_id, text = seed
    panel = window.structure.panel

    # The claim: selected with the keyboard, labelled with 3; its numbers are proposed.
    make_span(qtbot, window, text, CLAIM, Qt.Key.Key_3)
    claim = by_text(window, doc_id)[CLAIM]
    assert window.view.current_span_id == claim.id
    assert "count_min 1001" in panel.proposal_text.text()
    key(qtbot, window, Qt.Key.Key_P)  # accept the proposal
    assert window.session.store.span(claim.id).attributes == {
        "kind": "killed",
        "count_min": 1001,
        "qualifier": "more than",
    }

    # F2 into the panel; Tab to certainty; "e" picks "estimated"; Esc back to the text.
    key(qtbot, window, Qt.Key.Key_F2)
    assert focused() is panel.editors["kind"].widget
    for _ in range(5):
        press(qtbot, Qt.Key.Key_Tab)
    assert focused() is panel.editors["certainty"].widget
    type_keys(qtbot, "e")
    press(qtbot, Qt.Key.Key_Escape)
    assert focused() is window.view
    assert window.session.store.span(claim.id).attributes["certainty"] == "estimated"
    assert by_text(window, doc_id)[CLAIM].label == "casualty_claim"  # "e" typed no label key

    # The source and its type; the location.
    make_span(qtbot, window, text, "a war monitor", Qt.Key.Key_4)
    key(qtbot, window, Qt.Key.Key_F2)
    type_keys(qtbot, "m")  # first option starting with m: monitoring group
    press(qtbot, Qt.Key.Key_Escape)
    make_span(qtbot, window, text, "Latakia", Qt.Key.Key_2)
    spans = by_text(window, doc_id)
    assert spans["a war monitor"].attributes == {"type": "monitoring group"}
    assert spans["Latakia"].label == "location"

    # Relations: Tab to the claim, R, the nearest allowed span is the source: Enter links it.
    select_span_by_tab(qtbot, window, CLAIM)
    key(qtbot, window, Qt.Key.Key_R)
    assert window.structure.picker.target.text == "a war monitor"
    key(qtbot, window, Qt.Key.Key_Return)
    key(qtbot, window, Qt.Key.Key_R)
    key(qtbot, window, Qt.Key.Key_Tab)
    assert window.structure.picker.target.text == "Latakia"
    assert window.structure.markers.target == spans["Latakia"].id
    key(qtbot, window, Qt.Key.Key_Return)
    assert not window.structure.picker.active

    relations = {
        (r.type, r.from_span, r.to_span) for r in window.session.store.relations(doc_id, "alice")
    }
    assert relations == {
        ("attributed_to", claim.id, spans["a war monitor"].id),
        ("located_in", claim.id, spans["Latakia"].id),
    }
    # Both linked spans are outlined and listed for the selected claim.
    assert window.view.current_span_id == claim.id
    assert window.structure.markers.linked == {spans["a war monitor"].id, spans["Latakia"].id}
    listed = [panel.relation_list.item(i).text() for i in range(panel.relation_list.count())]
    assert listed == [
        "→ attributed_to: source “a war monitor”",
        "→ located_in: location “Latakia”",
    ]

    # The claims table has the row.
    out = tmp_path / "claims.csv"
    exporting.export(window.session.store, "claims-csv", out, "alice")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    start = text.index(CLAIM)
    assert (row["text"], int(row["start"]), int(row["end"])) == (CLAIM, start, start + len(CLAIM))
    assert text[int(row["start"]) : int(row["end"])] == row["text"]
    assert (row["kind"], row["count_min"], row["count_max"]) == ("killed", "1001", "")
    assert (row["qualifier"], row["certainty"]) == ("more than", "estimated")
    assert (row["sources"], row["source_types"]) == ("a war monitor", "monitoring group")
    assert row["locations"] == "Latakia"
    assert row["date"] == "2024-02-06"
    assert row["document_id"] == doc_id


def test_relations_undo_redo_and_delete_from_the_list(qtbot, window, seed):
    doc_id, text = seed
    make_span(qtbot, window, text, CLAIM, Qt.Key.Key_3)
    make_span(qtbot, window, text, "a war monitor", Qt.Key.Key_4)
    select_span_by_tab(qtbot, window, CLAIM)
    key(qtbot, window, Qt.Key.Key_R)
    key(qtbot, window, Qt.Key.Key_Return)
    store = window.session.store
    assert len(store.relations(doc_id)) == 1
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert store.relations(doc_id) == []
    assert window.structure.markers.linked == set()
    key(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert len(store.relations(doc_id)) == 1

    # F2 lands in the first attribute; Tab through the fields to the relation list; Delete.
    panel = window.structure.panel
    key(qtbot, window, Qt.Key.Key_F2)
    for _ in range(len(panel.editors) + 2):
        if focused() is panel.relation_list:
            break
        press(qtbot, Qt.Key.Key_Tab)
    assert focused() is panel.relation_list
    press(qtbot, Qt.Key.Key_Delete)
    assert store.relations(doc_id) == []
    assert stored_spans(window, doc_id)  # Delete in the list removed the link, not a span
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert len(store.relations(doc_id)) == 1


def test_several_types_are_picked_by_number_and_esc_cancels(qtbot, window, seed):
    doc_id, text = seed
    make_span(qtbot, window, text, CLAIM, Qt.Key.Key_3)
    make_span(qtbot, window, text, "gunmen loyal to ousted leader Bashar Assad", Qt.Key.Key_1)
    select_span_by_tab(qtbot, window, CLAIM)
    key(qtbot, window, Qt.Key.Key_R)
    key(qtbot, window, Qt.Key.Key_Escape)
    assert not window.structure.picker.active
    assert window.session.store.relations(doc_id) == []

    key(qtbot, window, Qt.Key.Key_R)
    key(qtbot, window, Qt.Key.Key_1)  # not a label key while picking: nothing relabelled
    key(qtbot, window, Qt.Key.Key_Return)
    assert "1 perpetrator, 2 victim" in window.statusBar().currentMessage()
    key(qtbot, window, Qt.Key.Key_1)
    (relation,) = window.session.store.relations(doc_id)
    assert relation.type == "perpetrator"
    assert by_text(window, doc_id)[CLAIM].label == "casualty_claim"


def test_numbers_typed_in_the_panel_are_validated_and_undoable(qtbot, window, seed):
    doc_id, text = seed
    make_span(qtbot, window, text, CLAIM, Qt.Key.Key_3)
    key(qtbot, window, Qt.Key.Key_P)
    panel = window.structure.panel
    key(qtbot, window, Qt.Key.Key_F2)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is panel.editors["count_max"].widget
    type_keys(qtbot, "12x")  # the x is refused by the input
    press(qtbot, Qt.Key.Key_Return)
    claim = by_text(window, doc_id)[CLAIM]
    assert "count_max" not in claim.attributes  # 12 is below count_min 1001: refused
    assert panel.editors["count_max"].widget.text() == ""
    panel.editors["count_max"].widget.selectAll()
    type_keys(qtbot, "1500")
    press(qtbot, Qt.Key.Key_Return)
    assert by_text(window, doc_id)[CLAIM].attributes["count_max"] == 1500
    press(qtbot, Qt.Key.Key_Escape)
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert "count_max" not in by_text(window, doc_id)[CLAIM].attributes
    assert panel.editors["count_max"].widget.text() == ""


def test_actor_canonical_name_grows_the_actor_list_and_is_proposed(qtbot, window, seed):
    doc_id, text = seed
    make_span(qtbot, window, text, "Hayat Tahrir al-Sham", Qt.Key.Key_1)
    panel = window.structure.panel
    key(qtbot, window, Qt.Key.Key_F2)
    assert focused() is panel.editors["canonical"].widget
    type_keys(qtbot, "Hayat Tahrir al-Sham")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Escape)
    assert window.session.store.actors().canonical("hayat tahrir al sham") == (
        "Hayat Tahrir al-Sham"
    )
    make_span(qtbot, window, text, "HTS", Qt.Key.Key_1)
    assert panel.proposal == {}  # "HTS" is not yet a known name
    completer = panel.editors["canonical"].widget.completer()  # the actor list, as one types
    assert completer.model().stringList() == ["Hayat Tahrir al-Sham"]
    window.session.store.add_actor("Hayat Tahrir al-Sham", ["HTS"])
    window.structure.panel.show_span(window.view.current_span_id)
    assert panel.proposal == {"canonical": "Hayat Tahrir al-Sham"}
    key(qtbot, window, Qt.Key.Key_P)
    assert by_text(window, doc_id)["HTS"].attributes == {"canonical": "Hayat Tahrir al-Sham"}
