"""The agreement window: the project's agreement report in tables, and a label-confusion heatmap.

The report is `review_report.project_agreement` (what `annotator agreement --json` prints),
computed in a worker; the tables are the HTML report's (`agreement_tables`), plus every token
coefficient with the parameters it was computed under. The window only lays them out.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..agreement_tables import (
    Table,
    against_table,
    all_annotators_table,
    attributes_table,
    documents_table,
    labels_table,
    matrix_table,
    number,
    pairs_table,
    parameters_table,
    relations_table,
)
from ..atomic_file import atomic_text
from ..model import Label
from ..report_html import agreement_html
from ..review_report import document_titles, project_agreement
from ..store import GOLD, Store
from .review_heatmap import ConfusionHeatmap, confusion_between
from .table_views import table_view
from .workers import StoreJob

COEFFICIENTS = {
    "cohen_kappa": "Cohen's κ",
    "fleiss_kappa": "Fleiss' κ",
    "krippendorff_alpha": "Krippendorff's α (nominal)",
    "raw_agreement": "raw agreement",
}
COEFFICIENT_HEADERS = [
    "measure",
    "coding",
    "tokens",
    "annotators",
    "value",
    "items",
    "observed",
    "expected",
    "documents",
]
DISAGREEMENTS = "observed and expected are disagreements (D_o, D_e), not agreements"


@dataclass(frozen=True)
class AgreementData:
    """What the worker hands back: the report, the documents' titles, the project's labels."""

    result: dict
    titles: dict[str, str]
    labels: list[Label]


def load_agreement(store: Store, only_done: bool) -> AgreementData:
    result = project_agreement(store, only_done=only_done, against=GOLD)
    return AgreementData(result, document_titles(store), store.labels())


# -- tables -----------------------------------------------------------------------------------


def caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # names and titles are not HTML
    label.setWordWrap(True)
    return label


def text_table(name: str, headers: list[str], rows: list[list[str]]) -> QTableView:
    model = QStandardItemModel(len(rows), len(headers))
    model.setHorizontalHeaderLabels(headers)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QStandardItem(text)
            item.setEditable(False)
            if c:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            model.setItem(r, c, item)
    view = table_view(name, model)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # to copy cells
    return view


def table_page(name: str, tables: list[Table]) -> QWidget:
    """Titled tables one under another, each with its note."""
    page = QWidget()
    page.setObjectName(name)
    layout = QVBoxLayout(page)
    for table in tables:
        title = caption(table.title)
        title.setStyleSheet("font-weight: 600;")
        layout.addWidget(title)
        layout.addWidget(text_table(table.title, table.headers, table.rows), 1)
        if table.note:
            layout.addWidget(caption(table.note))
    return page


def _codings(block: dict) -> Iterator[tuple[str, dict]]:
    if "label_per_token" in block:
        yield "one label per token", block["label_per_token"]
    for label, scopes in block.get("labels", {}).items():
        yield f"{label} yes/no", scopes


def coefficient_rows(measures: dict) -> list[tuple[list[str], dict]]:
    """Every token coefficient and α_U, one row a number, with its parameters."""
    rows = []
    for key, name in COEFFICIENTS.items():
        for coding, scopes in _codings(measures[key]):
            for scope, entry in scopes.items():
                rows += _entry_rows(name, coding, scope.replace("_", " "), entry)
    return rows + _alpha_u_rows(measures["alpha_u"])


def _entry_rows(name: str, coding: str, scope: str, entry: dict) -> list[tuple[list[str], dict]]:
    found = []
    for pair, value in entry.get("pairs", {}).items():
        cells = [
            value["value"],
            value["items"],
            value.get("observed_agreement"),
            value.get("expected_agreement"),
            value["documents"],
        ]
        found.append(([name, coding, scope, pair, *map(number, cells)], entry["parameters"]))
    together = entry.get("all_annotators", entry if "value" in entry else None)
    if together is not None:
        parameters = together["parameters"]
        disagreements = "observed_disagreement" in together
        if disagreements:
            parameters = {**parameters, "note": DISAGREEMENTS}
        observed = "observed_disagreement" if disagreements else "observed_agreement"
        expected = "expected_disagreement" if disagreements else "expected_agreement"
        cells = [
            together["value"],
            together.get("items", together.get("values")),
            together.get(observed),
            together.get(expected),
            parameters.get("documents"),
        ]
        found.append(([name, coding, scope, "all annotators", *map(number, cells)], parameters))
    return found


def _alpha_u_rows(block: dict) -> list[tuple[list[str], dict]]:
    if "overall" not in block:  # fewer than two annotators: no alpha_U
        return []
    parameters = {**block["parameters"], "note": DISAGREEMENTS}
    rows = []
    for coding, entry in [("all labels", block["overall"]), *block["labels"].items()]:
        cells = [
            entry["value"],
            entry["units"],
            entry["observed_disagreement"],
            entry["expected_disagreement"],
            parameters["documents"],
        ]
        rows.append(
            (["Krippendorff's α_U", coding, "characters", "all annotators", *map(number, cells)],
             parameters)
        )  # fmt: skip
    return rows


# -- the window -------------------------------------------------------------------------------


class AgreementWindow(QMainWindow):
    """Agreement between the annotators of a project; computed in a worker, again on request."""

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
        self.save = QPushButton("Save HTML report…")
        self.save.setEnabled(False)
        self.save.clicked.connect(self.choose_html_file)
        self.tabs = QTabWidget()
        bar = QHBoxLayout()
        bar.addWidget(self.only_done)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.save)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.resize(1100, 760)

    def compute(self) -> StoreJob:
        only_done = self.only_done.isChecked()
        self.status.setText("Computing…")
        job = StoreJob(self.project, lambda store, _: load_agreement(store, only_done))
        return self.run_job(job, "Computing agreement…", self.show_data)

    def show_data(self, data: AgreementData) -> None:
        self.data = data
        result = data.result
        parameters = result["parameters"]
        self.status.setText(
            f"{parameters['documents']} documents ({parameters['selection']}); "
            f"annotators: {', '.join(parameters['annotators']) or 'none'}"
        )
        self.save.setEnabled(True)
        current = self.tabs.currentIndex()
        self.tabs.clear()
        f1 = [pairs_table(result)] + [
            matrix_table(result, m) for m in ("span_f1_exact", "span_f1_relaxed")
        ]
        self.tabs.addTab(table_page("pairsPage", f1), "Pairs")
        self.tabs.addTab(table_page("labelsPage", [labels_table(result)]), "Per label")
        documents = [documents_table(result, data.titles)]
        self.tabs.addTab(table_page("documentsPage", documents), "Per document")
        self.tabs.addTab(self._coefficients_page(result), "κ and α")
        self.tabs.addTab(self._confusion_page(), "Label confusion")
        structure = [t for t in (relations_table(result), attributes_table(result)) if t]
        if structure:
            self.tabs.addTab(table_page("structurePage", structure), "Relations and attributes")
        against = against_table(result)
        if against is not None:
            self.tabs.addTab(table_page("againstPage", [against]), "Against gold")
        self.tabs.addTab(table_page("parametersPage", [parameters_table(result)]), "Parameters")
        self.tabs.setCurrentIndex(max(current, 0))

    def _coefficients_page(self, result: dict) -> QWidget:
        rows = coefficient_rows(result["measures"])
        view = text_table("coefficients", COEFFICIENT_HEADERS, [cells for cells, _ in rows])
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
        all_at_once = all_annotators_table(result)
        layout.addWidget(text_table(all_at_once.title, all_at_once.headers, all_at_once.rows))
        layout.addWidget(caption(all_at_once.note))
        layout.addWidget(
            caption("Every coefficient, per pair and over all annotators: select a row for the "
                    "parameters behind its number.")
        )  # fmt: skip
        layout.addWidget(view, 3)
        layout.addWidget(details, 1)
        return page

    def _confusion_page(self) -> QWidget:
        annotators = self.data.result["parameters"]["annotators"]
        self.first, self.second = QComboBox(), QComboBox()
        self.first.setObjectName("confusionRows")
        self.second.setObjectName("confusionColumns")
        for combo, index in ((self.first, 0), (self.second, 1)):
            combo.addItems(annotators)
            combo.setCurrentIndex(min(index, len(annotators) - 1))
            combo.currentIndexChanged.connect(lambda _: self.show_confusion())
        self.heatmap = ConfusionHeatmap()
        choose = QHBoxLayout()
        for widget in (caption("Rows:"), self.first, caption("Columns:"), self.second):
            choose.addWidget(widget)
        choose.addStretch(1)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(choose)
        layout.addWidget(
            caption("Spans with the same offsets, paired one to one whatever their labels; "
                    "(none): the other annotator has no span with those offsets. "
                    "The diagonal is agreement.")
        )  # fmt: skip
        layout.addWidget(self.heatmap, 1)
        self.show_confusion()
        return page

    def show_confusion(self) -> None:
        first, second = self.first.currentText(), self.second.currentText()
        if not first or not second or first == second:
            self.heatmap.set_table(None, {})
            return
        labels = self.data.result["parameters"]["labels"]
        table = confusion_between(self.data.result["label_confusion"], first, second, labels)
        self.heatmap.set_table(table, {label.key: label.name for label in self.data.labels})

    # -- the HTML report --------------------------------------------------------------------

    def choose_html_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save the agreement report", "agreement.html", "HTML (*.html)"
        )
        if path:
            self.save_html(Path(path))

    def save_html(self, path: Path) -> None:
        """One self-contained file (the CLI's `--html`); written whole or not at all."""
        html = agreement_html(self.data.result, self.data.titles, f"Agreement: {self.project.name}")
        try:
            with atomic_text(path) as handle:
                handle.write(html)
        except OSError as error:
            self.status.setText(f"{path} was not written ({error.strerror}): choose another place")
            return
        self.status.setText(f"Report saved to {path}")
