"""Review mode: adjudicating a three-annotator project from the keyboard, checked in the store."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from PySide6.QtCore import QSettings, Qt, QThreadPool
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

import annotator.ui.app as app
from annotator.adjudication import GOLD_LAYER, DecisionType, choose
from annotator.cli import main
from annotator.model import Document, Span, new_id
from annotator.store import Store
from annotator.ui.app import build_window
from annotator.ui.review_state import SetState, document_for_review, items_of

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
NONE = Qt.KeyboardModifier.NoModifier

TEXT = (
    "Damascus — Syrian army units shelled Ariha on Monday. "
    "A war monitor said the strikes killed 12 civilians.\n\n"
    "Rebel fighters said Russian jets also struck Idlib."
)
SECOND = "Clashes near Aleppo killed 3 fighters, activists said."
CLAIM = "A war monitor said the strikes killed 12 civilians"
# What each annotator marked on the first article: agreement on the army and the (nested)
# source, a label mismatch on Ariha, a boundary mismatch on the claim, carol missing the jets,
# and a label-and-boundary mismatch on Idlib.
PLAN = {
    "alice": [
        ("Syrian army units", "actor"),
        ("Ariha", "location"),
        (CLAIM, "casualty_claim"),
        ("A war monitor", "source"),
        ("Russian jets", "actor"),
        ("Idlib", "location"),
    ],
    "bob": [
        ("Syrian army units", "actor"),
        ("Ariha", "location"),
        ("the strikes killed 12 civilians", "casualty_claim"),
        ("A war monitor", "source"),
        ("Russian jets", "actor"),
        ("Idlib.", "actor"),
    ],
    "carol": [
        ("Syrian army units", "actor"),
        ("Ariha", "actor"),
        (CLAIM, "casualty_claim"),
        ("A war monitor", "source"),
    ],
}


def make_span(document_id: str, text: str, annotator: str, needle: str, label: str) -> Span:
    start = text.index(needle)
    return Span(new_id(), document_id, annotator, start, start + len(needle), label, needle)


def build_review_project(path: Path) -> dict[tuple[str, str], str]:
    """Two articles, three annotators who marked both done; returns span ids by (who, text)."""
    store = Store.open(path)
    store.add_documents(
        [Document("doc-1", TEXT, "Ariha shelled"), Document("doc-2", SECOND, "Aleppo clashes")]
    )
    ids = {}
    for who, marks in PLAN.items():
        for needle, label in marks:
            span = make_span("doc-1", TEXT, who, needle, label)
            store.add_span(span)
            ids[who, needle] = span.id
        store.add_span(make_span("doc-2", SECOND, who, "Aleppo", "location"))
        for document_id in ("doc-1", "doc-2"):
            store.set_status(document_id, who, "done")
    store.close()
    return ids


@pytest.fixture
def review_project(tmp_path):
    path = tmp_path / "review.annotator"
    return path, build_review_project(path)


def open_window(qtbot, path: Path, annotator: str, tmp_path: Path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = build_window(path, annotator, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    activate(qtbot, window)
    finish_jobs(qtbot)  # the window's own background work, before a test's keys
    return window


def activate(qtbot, window) -> None:
    """Offscreen, only the first window of a run is activated by itself; shortcuts need it."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def close(qtbot, window) -> None:
    """Windows first (they save what they hold on closing), then the project."""
    finish_jobs(qtbot)
    for top in QApplication.topLevelWidgets():
        top.close()
    window.session.store.close()


def finish_jobs(qtbot) -> None:
    QThreadPool.globalInstance().waitForDone(10_000)
    qtbot.wait(20)  # let the finished signal reach the main thread
    QApplication.processEvents()


@pytest.fixture
def review(qtbot, review_project, tmp_path):
    """The reviewer "rev" enters review mode from the main window with Ctrl+Shift+R."""
    path, ids = review_project
    window = open_window(qtbot, path, "rev", tmp_path)
    qtbot.keyClick(window.view, Qt.Key.Key_R, CTRL | SHIFT)
    view = window.review_mode.view
    assert view is not None
    qtbot.addWidget(view)
    qtbot.waitExposed(view)
    activate(qtbot, view)
    finish_jobs(qtbot)
    yield window, view, ids
    close(qtbot, window)


def press(qtbot, view, key, modifier=NONE, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(QApplication.focusWidget() or view.gold.view, key, modifier)


def gold_spans(store) -> set[tuple[str, str]]:
    return {(s.text, s.label) for s in store.spans("doc-1", GOLD_LAYER)}


def decision_on(store, text: str):
    """The decision whose result covers `text` (or, for a rejection, whose set has it)."""
    for decision in store.decisions("doc-1"):
        if decision.result is not None and decision.result.text == text:
            return decision
    raise AssertionError(f"no decision made {text!r}")


def test_annotation_mode_shows_only_the_annotators_own_layer(qtbot, review_project, tmp_path):
    path, _ = review_project
    window = open_window(qtbot, path, "alice", tmp_path)
    window.open_document("doc-1")
    annotators = {s.annotator for s in window.view.layer.ordered()}
    assert annotators == {"alice"}
    assert not window.review_mode.indicator.isVisible()
    close(qtbot, window)


def test_review_mode_is_explicit_and_shows_every_layer(qtbot, review):
    window, view, _ = review
    assert window.review_mode.indicator.isVisible()
    assert "REVIEW MODE" in view.banner.text() and "rev" in view.banner.text()
    shown = {name for name, pane in view.panes.items() if not pane.isHidden()}
    assert shown == {"alice", "bob", "carol"}
    for name, pane in view.panes.items():
        assert {s.annotator for s in pane.view.layer.ordered()} == {name}
    # The first open disagreement is current: Ariha, where carol's label differs.
    assert view.adjudicator.current.candidates.versions[0].text == "Ariha"
    assert view.sets.index(1, 2).data() == "label mismatch"
    assert view.progress.text().startswith("This document: 0 decided / 6 open")
    assert "All documents: 0 decided / 7 open" in view.progress.text()
    view.close()
    assert not window.review_mode.indicator.isVisible()


def test_a_document_adjudicated_entirely_from_the_keyboard(qtbot, review):
    window, view, ids = review
    store = window.session.store

    press(qtbot, view, Qt.Key.Key_U)  # the two sets everyone agrees on
    assert gold_spans(store) == {("Syrian army units", "actor"), ("A war monitor", "source")}

    press(qtbot, view, Qt.Key.Key_1)  # Ariha: alice's (and bob's) location
    press(qtbot, view, Qt.Key.Key_C)  # a comment for the next decision
    assert QApplication.focusWidget() is view.comment
    qtbot.keyClicks(view.comment, "the claim is the killing, not the report")
    press(qtbot, view, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is view.gold.view
    press(qtbot, view, Qt.Key.Key_E)  # the claim: edit alice's and carol's version
    press(qtbot, view, Qt.Key.Key_Right, ALT, times=6)  # start six words right
    assert "killed 12 civilians" in view.draft_bar.text()
    press(qtbot, view, Qt.Key.Key_Return)
    press(qtbot, view, Qt.Key.Key_3)  # the jets: carol made nothing there…
    assert "carol made no span here" in view.statusBar().currentMessage()
    press(qtbot, view, Qt.Key.Key_2)  # …so bob's
    press(qtbot, view, Qt.Key.Key_X)  # Idlib: reject both versions
    press(qtbot, view, Qt.Key.Key_Home, CTRL)  # a gold span nobody made: "Damascus"
    press(qtbot, view, Qt.Key.Key_Right, CTRL | SHIFT)
    press(qtbot, view, Qt.Key.Key_A)
    press(qtbot, view, Qt.Key.Key_2)
    press(qtbot, view, Qt.Key.Key_Return)

    assert gold_spans(store) == {
        ("Damascus", "location"),
        ("Syrian army units", "actor"),
        ("Ariha", "location"),
        ("killed 12 civilians", "casualty_claim"),
        ("A war monitor", "source"),
        ("Russian jets", "actor"),
    }
    for span in store.spans("doc-1", GOLD_LAYER):
        assert TEXT[span.start : span.end] == span.text
    decisions = store.decisions("doc-1")
    assert {d.reviewer for d in decisions} == {"rev"}
    assert len(decisions) == 7

    army = decision_on(store, "Syrian army units")
    assert army.decision is DecisionType.UNANIMOUS
    assert set(army.source_span_ids) == {ids[w, "Syrian army units"] for w in PLAN}
    ariha = decision_on(store, "Ariha")
    assert ariha.decision is DecisionType.CHOSEN
    assert set(ariha.source_span_ids) == {ids["alice", "Ariha"], ids["bob", "Ariha"]}
    assert set(ariha.candidate_span_ids) == {ids[w, "Ariha"] for w in PLAN}
    claim = decision_on(store, "killed 12 civilians")
    assert claim.decision is DecisionType.EDITED
    assert claim.comment == "the claim is the killing, not the report"
    assert set(claim.source_span_ids) == {
        ids["alice", CLAIM],
        ids["carol", CLAIM],
        ids["bob", "the strikes killed 12 civilians"],
    }
    jets = decision_on(store, "Russian jets")
    assert jets.decision is DecisionType.CHOSEN and jets.comment == ""
    assert set(jets.source_span_ids) == {ids["alice", "Russian jets"], ids["bob", "Russian jets"]}
    (rejected,) = [d for d in decisions if d.decision is DecisionType.REJECTED]
    assert set(rejected.candidate_span_ids) == {ids["alice", "Idlib"], ids["bob", "Idlib."]}
    added = decision_on(store, "Damascus")
    assert added.decision is DecisionType.ADDED and added.source_span_ids == ()

    assert view.progress.text().startswith("This document: 6 decided / 0 open")
    assert [view.sets.index(r, 3).data() for r in range(view.sets.rowCount())] == [
        "decided: unanimous",
        "decided: chosen",
        "decided: edited",
        "decided: unanimous",
        "decided: chosen",
        "decided: rejected",
    ]

    press(qtbot, view, Qt.Key.Key_Z, CTRL)  # undo the added span: decision and span gone
    assert ("Damascus", "location") not in gold_spans(store)
    assert all(d.id != added.id for d in store.decisions("doc-1"))
    press(qtbot, view, Qt.Key.Key_Z, CTRL)  # and the rejection: Idlib is open again
    assert all(d.decision is not DecisionType.REJECTED for d in store.decisions("doc-1"))
    assert view.progress.text().startswith("This document: 5 decided / 1 open")
    press(qtbot, view, Qt.Key.Key_Z, CTRL | SHIFT)
    assert len(store.decisions("doc-1")) == 6


def test_deciding_a_decided_set_again_replaces_its_decision_in_one_undo_step(qtbot, review):
    window, view, ids = review
    store = window.session.store
    press(qtbot, view, Qt.Key.Key_1)  # Ariha: location (alice, bob)
    press(qtbot, view, Qt.Key.Key_K)  # back to it
    assert view.adjudicator.current.candidates.versions[0].text == "Ariha"
    press(qtbot, view, Qt.Key.Key_3)  # carol's actor instead
    (decision,) = store.decisions("doc-1")
    assert decision.result.label == "actor"
    assert decision.source_span_ids == (ids["carol", "Ariha"],)
    assert gold_spans(store) == {("Ariha", "actor")}
    press(qtbot, view, Qt.Key.Key_Z, CTRL)
    (decision,) = store.decisions("doc-1")
    assert decision.result.label == "location"
    press(qtbot, view, Qt.Key.Key_Delete)  # the claim is current now: it has no decision
    assert "no decision to take back" in view.statusBar().currentMessage()
    press(qtbot, view, Qt.Key.Key_K)
    press(qtbot, view, Qt.Key.Key_Delete)  # Ariha's, taken back: the set is open again
    assert store.decisions("doc-1") == []
    assert gold_spans(store) == set()


def test_agreed_sets_of_every_document_in_one_step(qtbot, review):
    window, view, _ = review
    store = window.session.store
    press(qtbot, view, Qt.Key.Key_U, CTRL | SHIFT)
    finish_jobs(qtbot)  # every layer is read in a worker; the decisions are written after it
    assert gold_spans(store) == {("Syrian army units", "actor"), ("A war monitor", "source")}
    (aleppo,) = store.decisions("doc-2")
    assert aleppo.decision is DecisionType.UNANIMOUS and aleppo.result.text == "Aleppo"
    finish_jobs(qtbot)
    assert "All documents: 3 decided / 4 open" in view.progress.text()
    press(qtbot, view, Qt.Key.Key_Z, CTRL)
    assert store.decisions() == []


def test_next_and_previous_disagreement_and_document(qtbot, review):
    _, view, _ = review
    texts = []
    for _ in range(4):
        press(qtbot, view, Qt.Key.Key_J)
        texts.append(view.adjudicator.current.candidates.versions[0].text)
    assert texts == [CLAIM, "Russian jets", "Idlib.", "Idlib."]
    assert "No next disagreement" in view.statusBar().currentMessage()
    press(qtbot, view, Qt.Key.Key_F8, SHIFT)
    assert view.adjudicator.current.candidates.versions[0].text == "Russian jets"
    assert view.panes["carol"].header.text().endswith("nothing here (missing)")
    press(qtbot, view, Qt.Key.Key_PageDown, CTRL)
    assert view.document_id == "doc-2"
    assert view.adjudicator.current.candidates.versions[0].text == "Aleppo"


def test_merge_runs_in_a_worker_and_reports_without_blocking(qtbot, tmp_path):
    sources = []
    for who in ("alice", "bob"):
        path = tmp_path / f"{who}.annotator"
        store = Store.open(path)
        store.add_documents([Document(new_id(), SECOND, "Aleppo clashes")])
        document_id = next(store.documents()).id
        store.add_span(make_span(document_id, SECOND, who, "Aleppo", "location"))
        store.set_status(document_id, who, "done")
        store.close()
        sources.append(path)
    review_path = tmp_path / "review.annotator"
    Store.open(review_path).close()
    window = open_window(qtbot, review_path, "rev", tmp_path)
    window.review_mode.start_merge(sources)
    finish_jobs(qtbot)
    store = window.session.store
    assert store.document_count() == 1
    document = next(store.documents())
    assert set(store.layers(document.id)) == {"alice", "bob", GOLD_LAYER}
    report = window.review_mode.report_box
    assert report.isVisible() and "alice, bob" in report.text()
    assert report.textFormat() == Qt.TextFormat.PlainText
    assert window.documents.rowCount() == 1
    close(qtbot, window)


def test_gui_review_flag_opens_review_mode(monkeypatch, review_project):
    calls = []

    def run(*args, after_first_paint):
        calls.append(args)
        after_first_paint()  # gives the paused cycle collector back
        return 0

    monkeypatch.setattr(app, "run", run)
    path, _ = review_project
    result = CliRunner().invoke(main, ["gui", "--project", str(path), "--review"])
    assert result.exit_code == 0, result.output
    assert calls == [(path, None, True)]


def test_a_decision_is_stale_when_its_set_changed_or_the_merge_flagged_it(review_project):
    path, ids = review_project
    store = Store.open(path)
    document = document_for_review(store, "doc-1", only_done=True)
    ariha = next(i for i in items_of(document, []) if i.candidates.versions[0].text == "Ariha")
    alice_and_bob = next(v for v in ariha.candidates.versions if v.label == "location")
    decision = choose(ariha.candidates, alice_and_bob, reviewer="rev")
    assert state_of(document, [decision], "Ariha") is SetState.DECIDED
    assert state_of(document, [replace(decision, stale=True)], "Ariha") is SetState.STALE
    # A re-merge brought a span the decision never saw into the set: it needs a fresh look.
    unseen = replace(decision, candidate_span_ids=decision.candidate_span_ids[1:])
    unseen = replace(unseen, source_span_ids=())
    assert state_of(document, [unseen], "Ariha") is SetState.STALE
    assert state_of(document, [], "Ariha") is SetState.OPEN
    store.close()


def state_of(document, decisions, text: str) -> SetState:
    items = items_of(document, decisions)
    return next(i.state for i in items if i.candidates.versions[0].text == text)


def test_clicking_an_annotators_span_makes_its_set_current(qtbot, review):
    _, view, _ = review
    pane = view.panes["carol"].view
    start = TEXT.index("A war monitor") + 3
    cursor = QTextCursor(pane.document())
    cursor.setPosition(pane.layer.offsets.to_utf16(start))
    point = pane.cursorRect(cursor).center()
    qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, pos=point)
    # Innermost first: the nested source, agreed by all three, not the claim around it.
    current = view.adjudicator.current
    assert [v.label for v in current.candidates.versions] == ["source"]
    assert view.set_list.currentIndex().row() == view.adjudicator.index


def test_reviewer_marks_the_gold_layer_done_and_export_finds_it(qtbot, review, tmp_path):
    from annotator import exporting

    window, view, _ = review
    store = window.session.store
    press(qtbot, view, Qt.Key.Key_U)  # accept the agreed sets of the open document
    doc_id = view.document_id
    press(qtbot, view, Qt.Key.Key_D, CTRL)
    assert store.status(doc_id, "gold") == "done"
    assert store.status(doc_id, "rev") == "new"  # the reviewer's own layer is untouched
    out = tmp_path / "gold.jsonl"
    assert exporting.export(store, "jsonl", out, "gold", only_done=True) == 1
    press(qtbot, view, Qt.Key.Key_Z, CTRL)
    assert store.status(doc_id, "gold") == "new"
    assert exporting.export(store, "jsonl", out, "gold", only_done=True) == 0
