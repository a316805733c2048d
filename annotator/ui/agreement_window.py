"""The agreement window: compute_agreement's numbers in tables, and a label-confusion heatmap.

The report is computed in a worker over the project's layers; the window only lays it out. Each
table cell keeps the report's exact number under Qt.UserRole (shown rounded), and every table
says what its numbers are computed from.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..agreement import AnnotatedDocument, MatchCriterion, compute_agreement, documents_from_layers
from ..agreement import pair_key as agreement_pair_key
from ..model import Label
from ..store import GOLD, Store
from .review_confusion import RULE, label_confusion
from .review_heatmap import ConfusionHeatmap
from .workers import StoreJob

F1_CRITERIA = (MatchCriterion.EXACT, MatchCriterion.RELAXED)
COEFFICIENTS = {
    "cohen_kappa": "Cohen's κ",
    "fleiss_kappa": "Fleiss' κ",
    "krippendorff_alpha": "Krippendorff's α (nominal)",
    "raw_agreement": "raw agreement",
}
COEFFICIENT_HEADERS = (
    "Measure",
    "Coding",
    "Tokens",
    "Annotators",
    "Value",
    "Items",
    "Observed",
    "Expected",
    "Documents",
)
DISAGREEMENTS = "observed and expected are disagreements (D_o, D_e)"


@dataclass(frozen=True)
class AgreementData:
    """What the worker hands back: the report, the documents it counted, and their titles."""

    report: dict
    documents: list[AnnotatedDocument]
    titles: dict[str, str]
    labels: list[Label]


def load_agreement(store: Store, only_done: bool) -> AgreementData:
    documents = documents_from_layers(store.iter_layer(None), only_done=only_done)
    labels = store.labels()
    selection = "finished documents only" if only_done else "every layer, finished or not"
    report = compute_agreement(documents, labels=[lab.key for lab in labels], selection=selection)
    titles = {s.id: s.title for s in store.document_summaries(GOLD)}
    return AgreementData(report.to_dict(), documents, titles, labels)


# -- cells ------------------------------------------------------------------------------------


def cell(value, tooltip: str = "") -> QStandardItem:
    """A table cell: floats to three places, undefined as a dash, the exact value kept."""
    if isinstance(value, float):
        text = f"{value:.3f}"
    elif value is None:
        text = "—"
    else:
        text = str(value)
    item = QStandardItem(text)
    item.setData(value, Qt.ItemDataRole.UserRole)
    item.setEditable(False)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if tooltip:
        item.setToolTip(tooltip)
    return item


def counts_tooltip(entry: dict) -> str:
    keys = ("tp", "fp", "fn", "precision", "recall", "documents")
    return "  ".join(f"{k} {_plain(entry[k])}" for k in keys if k in entry)


def _plain(value) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def summary_text(summary: dict) -> str:
    if summary.get("mean") is None:
        return "mean: undefined (no pair has a value)"
    sd = f" ± {summary['sd']:.3f}" if summary.get("sd") is not None else ""
    return f"mean {summary['mean']:.3f}{sd} over {summary['n']} pairs"


def table_view(name: str, headers: Sequence[str], rows: list[list[QStandardItem]]) -> QTableView:
    model = QStandardItemModel(len(rows), len(headers))
    model.setHorizontalHeaderLabels(list(headers))
    for r, row in enumerate(rows):
        for c, item in enumerate(row):
            model.setItem(r, c, item)
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.setAlternatingRowColors(True)
    return view


def caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


# -- the tables -------------------------------------------------------------------------------


def f1_matrix(block: dict, annotators: list[str], name: str) -> QTableView:
    rows = []
    for first in annotators:
        row = [cell(first)]
        for second in annotators:
            entry = (
                block["pairs"].get(agreement_pair_key(first, second)) if first != second else None
            )
            row.append(cell(entry["f1"], counts_tooltip(entry)) if entry else cell(None))
        rows.append(row)
    return table_view(name, ["", *annotators], rows)


def per_label_rows(
    measures: dict, labels: list[str]
) -> tuple[list[str], list[list[QStandardItem]]]:
    pairs = list(measures[MatchCriterion.EXACT.value]["pairs"])
    headers = ["Label"]
    for criterion in F1_CRITERIA:
        short = criterion.value.removeprefix("span_f1_")
        headers += [f"{short} mean ± SD"] + [f"{short} {pair}" for pair in pairs]
    rows = []
    for label in labels:
        row = [cell(label)]
        for criterion in F1_CRITERIA:
            entry = measures[criterion.value]["labels"][label]
            row.append(cell(entry["summary"]["mean"], summary_text(entry["summary"])))
            row += [cell(entry["pairs"][p]["f1"], counts_tooltip(entry["pairs"][p])) for p in pairs]
        rows.append(row)
    return headers, rows


def per_document_rows(
    measures: dict, titles: dict[str, str]
) -> tuple[list[str], list[list[QStandardItem]]]:
    pairs = list(measures[MatchCriterion.EXACT.value]["pairs"])
    headers = ["Document"]
    for criterion in F1_CRITERIA:
        headers += [f"{criterion.value.removeprefix('span_f1_')} {pair}" for pair in pairs]
    rows = []
    for document_id in measures[MatchCriterion.EXACT.value]["documents"]:
        row = [cell(titles.get(document_id, document_id))]
        for criterion in F1_CRITERIA:
            entries = measures[criterion.value]["documents"][document_id]
            row += [
                cell(entries[p]["f1"], counts_tooltip(entries[p])) if p in entries else cell(None)
                for p in pairs
            ]
        rows.append(row)
    return headers, rows


def _codings(block: dict) -> Iterator[tuple[str, dict]]:
    if "label_per_token" in block:
        yield "one label per token", block["label_per_token"]
    for label, scopes in block.get("labels", {}).items():
        yield f"{label} yes/no", scopes


def coefficient_rows(measures: dict) -> list[tuple[list[QStandardItem], dict]]:
    """One row per number, with the parameters it was computed under."""
    rows = []
    for key, name in COEFFICIENTS.items():
        for coding, scopes in _codings(measures[key]):
            for scope, entry in scopes.items():
                rows += _coefficient_entry_rows(key, name, coding, scope, entry)
    return rows + _alpha_u_rows(measures["alpha_u"])


def _coefficient_entry_rows(
    key: str, name: str, coding: str, scope: str, entry: dict
) -> list[tuple[list[QStandardItem], dict]]:
    scope_text = scope.replace("_", " ")
    found = []
    for pair, value in entry.get("pairs", {}).items():
        cells = [
            name,
            coding,
            scope_text,
            pair,
            value["value"],
            value["items"],
            value.get("observed_agreement"),
            value.get("expected_agreement"),
            value["documents"],
        ]
        found.append(([cell(v) for v in cells], entry["parameters"]))
    together = entry.get("all_annotators", entry if "value" in entry else None)
    if together is not None:
        parameters = together["parameters"]
        observed = together.get("observed_agreement", together.get("observed_disagreement"))
        expected = together.get("expected_agreement", together.get("expected_disagreement"))
        cells = [
            name,
            coding,
            scope_text,
            "all annotators",
            together["value"],
            together.get("items", together.get("values")),
            observed,
            expected,
            parameters.get("documents"),
        ]
        if key == "krippendorff_alpha":
            parameters = {**parameters, "note": DISAGREEMENTS}
        found.append(([cell(v) for v in cells], parameters))
    return found


def _alpha_u_rows(block: dict) -> list[tuple[list[QStandardItem], dict]]:
    if "overall" not in block:  # fewer than two annotators: no alpha_U
        return []
    parameters = {**block["parameters"], "note": DISAGREEMENTS}
    entries = [("all labels", block["overall"])] + list(block["labels"].items())
    rows = []
    for coding, entry in entries:
        cells = [
            "Krippendorff's α_U",
            coding,
            "characters",
            "all annotators",
            entry["value"],
            entry["units"],
            entry["observed_disagreement"],
            entry["expected_disagreement"],
            parameters["documents"],
        ]
        rows.append(([cell(v) for v in cells], parameters))
    return rows


# -- the window -------------------------------------------------------------------------------


class AgreementWindow(QMainWindow):
    """Agreement between the annotators of a project; recomputed in a worker on request."""

    def __init__(self, project: Path, run_job: Callable[[StoreJob, str, Callable], StoreJob]):
        super().__init__()
        self.setObjectName("agreementWindow")
        self.setWindowTitle(f"Agreement — {project.name}")
        self.project = project
        self.run_job = run_job
        self.data: AgreementData | None = None
        self.only_done = QCheckBox("Finished documents only")
        self.only_done.setChecked(True)
        self.only_done.toggled.connect(lambda _: self.compute())
        self.status = caption("Computing…")
        self.tabs = QTabWidget()
        top = QWidget()
        bar = QHBoxLayout(top)
        bar.addWidget(self.only_done)
        bar.addWidget(self.status, 1)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(top)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.resize(1100, 720)

    def compute(self) -> StoreJob:
        only_done = self.only_done.isChecked()
        self.status.setText("Computing…")
        job = StoreJob(self.project, lambda store, _: load_agreement(store, only_done))
        return self.run_job(job, "Computing agreement…", self.show_data)

    def show_data(self, data: AgreementData) -> None:
        self.data = data
        report = data.report
        parameters = report["parameters"]
        self.status.setText(
            f"{parameters['documents']} documents ({parameters['selection']}), "
            f"{len(parameters['annotators'])} annotators: {', '.join(parameters['annotators'])}"
        )
        current = self.tabs.currentIndex()
        self.tabs.clear()
        self.tabs.addTab(self._f1_tab(report), "Span F1")
        self.tabs.addTab(
            self._table_tab(
                "perLabel",
                *per_label_rows(report["measures"], parameters["labels"]),
                "Per label: span F1 per annotator pair, and the mean ± SD over pairs.",
            ),
            "Per label",
        )
        self.tabs.addTab(
            self._table_tab(
                "perDocument",
                *per_document_rows(report["measures"], data.titles),
                "Per document: span F1 of each pair on the documents both count.",
            ),
            "Per document",
        )
        self.tabs.addTab(self._coefficients_tab(report["measures"]), "κ and α")
        self.tabs.addTab(self._confusion_tab(), "Label confusion")
        self.tabs.addTab(self._parameters_tab(report), "Parameters")
        self.tabs.setCurrentIndex(max(current, 0))

    def _f1_tab(self, report: dict) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        annotators = report["parameters"]["annotators"]
        for criterion in F1_CRITERIA:
            block = report["measures"][criterion.value]
            layout.addWidget(
                caption(
                    f"{criterion.value.removeprefix('span_f1_').capitalize()} match "
                    f"({block['parameters']['match']}): {summary_text(block['summary'])}. "
                    "Hover a cell for its counts."
                )
            )
            layout.addWidget(f1_matrix(block, annotators, f"f1Matrix_{criterion.value}"))
        layout.addWidget(
            caption(
                f"Matching: {report['measures'][MatchCriterion.EXACT.value]['parameters']['matching']}."
            )
        )
        return page

    def _table_tab(self, name: str, headers, rows, text: str) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(caption(text))
        layout.addWidget(table_view(name, headers, rows), 1)
        return page

    def _coefficients_tab(self, measures: dict) -> QWidget:
        rows = coefficient_rows(measures)
        view = table_view("coefficients", COEFFICIENT_HEADERS, [cells for cells, _ in rows])
        details = QPlainTextEdit()
        details.setObjectName("coefficientParameters")
        details.setReadOnly(True)
        details.setPlaceholderText("Select a row to see the parameters behind its number")
        view.selectionModel().currentRowChanged.connect(
            lambda current, _: details.setPlainText(
                json.dumps(rows[current.row()][1], indent=2, ensure_ascii=False)
            )
        )
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(
            caption(
                "Token-level coefficients per pair and over all annotators, and unitizing α_U. Select a row for its parameters."
            )
        )
        layout.addWidget(view, 3)
        layout.addWidget(details, 1)
        return page

    def _confusion_tab(self) -> QWidget:
        annotators = self.data.report["parameters"]["annotators"]
        self.first, self.second = QComboBox(), QComboBox()
        for combo, index in ((self.first, 0), (self.second, 1)):
            combo.addItems(annotators)
            combo.setCurrentIndex(min(index, len(annotators) - 1))
            combo.currentIndexChanged.connect(lambda _: self.show_confusion())
        self.heatmap = ConfusionHeatmap()
        self.confusion_note = caption("")
        choose = QWidget()
        row = QHBoxLayout(choose)
        row.addWidget(caption("Rows:"))
        row.addWidget(self.first)
        row.addWidget(caption("Columns:"))
        row.addWidget(self.second)
        row.addStretch(1)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(choose)
        layout.addWidget(self.confusion_note)
        layout.addWidget(self.heatmap, 1)
        self.show_confusion()
        return page

    def show_confusion(self) -> None:
        first, second = self.first.currentText(), self.second.currentText()
        if not first or not second:
            self.heatmap.set_table(None, {})
            return
        labels = [label.key for label in self.data.labels]
        table = label_confusion(self.data.documents, first, second, labels)
        names = {label.key: label.name for label in self.data.labels}
        self.heatmap.set_table(table, names)
        self.confusion_note.setText(f"{table.documents} documents both count; {RULE}.")

    def _parameters_tab(self, report: dict) -> QWidget:
        text = QPlainTextEdit(json.dumps(report["parameters"], indent=2, ensure_ascii=False))
        text.setObjectName("reportParameters")
        text.setReadOnly(True)
        return text
