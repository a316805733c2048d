"""The agreement window shows compute_agreement's numbers, and paints the label confusion."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QTableView

from annotator.agreement import compute_agreement, documents_from_layers
from annotator.store import Store

from .test_review import (
    CTRL,
    SHIFT,
    activate,
    build_review_project,
    close,
    finish_jobs,
    open_window,
)


def expected_report(path):
    store = Store.open(path)
    documents = documents_from_layers(store.iter_layer(None))
    labels = [label.key for label in store.labels()]
    store.close()
    return compute_agreement(documents, labels=labels).to_dict()


@pytest.fixture
def agreement(qtbot, tmp_path):
    path = tmp_path / "review.annotator"
    build_review_project(path)
    window = open_window(qtbot, path, "rev", tmp_path)
    qtbot.keyClick(window.view, Qt.Key.Key_G, CTRL | SHIFT)
    shown = window.review_mode.agreement
    qtbot.addWidget(shown)
    qtbot.waitExposed(shown)
    activate(qtbot, shown)
    finish_jobs(qtbot)
    assert shown.data is not None
    yield shown, expected_report(path)
    close(qtbot, window)


def table(window, name: str):
    view = window.findChild(QTableView, name)
    assert view is not None, name
    model = view.model()
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def close_to(text: str, value: float) -> bool:
    return abs(float(text) - value) < 5e-4


def test_pairwise_matrices_equal_compute_agreement(agreement):
    window, report = agreement
    names = report["parameters"]["annotators"]
    assert names == ["alice", "bob", "carol"]
    for measure in ("span_f1_exact", "span_f1_relaxed"):
        rows = table(window, f"Pairwise matrix: {measure}")
        pairs = report["measures"][measure]["pairs"]
        for i, first in enumerate(names):
            assert rows[i][0] == first
            for j, second in enumerate(names):
                if i != j:
                    key = "|".join(sorted((first, second)))
                    assert close_to(rows[i][j + 1], pairs[key]["f1"]), (measure, key)
    # Not all equal: the fixture has real disagreements, so a wrong cell would show.
    exact = report["measures"]["span_f1_exact"]["pairs"]
    assert len({round(p["f1"], 3) for p in exact.values()}) > 1


def test_per_label_per_document_and_coefficients_equal_compute_agreement(qtbot, agreement):
    window, report = agreement
    measures = report["measures"]
    labels = {row[0]: row for row in table(window, "Per label")}
    actor = measures["span_f1_relaxed"]["labels"]["actor"]["summary"]
    mean, sd = labels["actor"][2].split(" ± ")
    assert close_to(mean, actor["mean"]) and close_to(sd, actor["sd"])

    documents = {row[0]: row for row in table(window, "Per document: span F1 exact")}
    ariha = measures["span_f1_exact"]["documents"]["doc-1"]
    assert close_to(documents["Ariha shelled"][1], ariha["alice|bob"]["f1"])

    rows = table(window, "coefficients")
    fleiss = next(
        r
        for r in rows
        if r[:4] == ["Fleiss' κ", "one label per token", "all tokens", "all annotators"]
    )
    expected = measures["fleiss_kappa"]["label_per_token"]["all_tokens"]
    assert close_to(fleiss[4], expected["value"]) and fleiss[5] == str(expected["items"])
    cohen = next(
        r
        for r in rows
        if r[:4] == ["Cohen's κ", "location yes/no", "labelled tokens", "alice|carol"]
    )
    pair = measures["cohen_kappa"]["labels"]["location"]["labelled_tokens"]["pairs"]["alice|carol"]
    assert close_to(cohen[4], pair["value"]) and cohen[5] == str(pair["items"])
    alpha_u = next(r for r in rows if r[:2] == ["Krippendorff's α_U", "all labels"])
    assert close_to(alpha_u[4], measures["alpha_u"]["overall"]["value"])

    window.tabs.setCurrentIndex(3)
    assert window.tabs.tabText(3) == "κ and α"
    view = window.findChild(QTableView, "coefficients")
    index = view.model().index(rows.index(fleiss), 0)
    view.scrollTo(index)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )
    details = window.findChild(object, "coefficientParameters").toPlainText()
    assert '"tokenizer": "regex-v1"' in details


def test_label_confusion_heatmap_between_two_chosen_annotators(qtbot, agreement):
    window, _ = agreement
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    window.tabs.setCurrentIndex(titles.index("Label confusion"))
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Label confusion"
    qtbot.keyClick(window.first, Qt.Key.Key_End)  # rows: carol
    qtbot.keyClick(window.second, Qt.Key.Key_Home)  # columns: alice
    table_ = window.heatmap.table
    assert (table_.first, table_.second) == ("carol", "alice")
    # Read off the fixture: same offsets on both articles, carol's label first.
    assert table_.count("actor", "actor") == 1  # Syrian army units
    assert table_.count("actor", "location") == 1  # Ariha
    assert table_.count("casualty_claim", "casualty_claim") == 1
    assert table_.count("source", "source") == 1
    assert table_.count("location", "location") == 1  # Aleppo, on the second article
    assert table_.count("(none)", "actor") == 1  # alice's Russian jets
    assert table_.count("(none)", "location") == 1  # alice's Idlib
    assert table_.count("location", "actor") == 0

    image = window.heatmap.grab().toImage()
    labels = list(table_.labels)

    def colour(row: str, column: str):
        corner = window.heatmap.cell_rect(labels.index(row), labels.index(column)).topLeft()
        return image.pixelColor(corner + QPoint(4, 4))

    assert colour("actor", "actor").lightness() < colour("location", "actor").lightness()


def test_the_html_report_is_saved_whole(agreement, tmp_path):
    window, _ = agreement
    target = tmp_path / "report.html"
    window.save_html(target)
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "alice|bob" in html
    assert "Report saved" in window.status.text()


def test_relations_and_attributes_page_equals_compute_agreement(agreement):
    window, expected = agreement
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert "Relations and attributes" in titles
    relation_f1 = expected["measures"]["relation_f1"]["pairs"]
    rows = table(window, "Relations (relation_f1)")
    assert [row[0] for row in rows] == list(relation_f1)
    for row in rows:
        counts = relation_f1[row[0]]
        assert [int(row[2]), int(row[3]), int(row[4])] == [counts["tp"], counts["fp"], counts["fn"]]
