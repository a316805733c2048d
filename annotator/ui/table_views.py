"""The read-only list tables of the app (documents, spans, review sets): one look, one place."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QFrame, QHeaderView, QTableView

MEASURED_ROWS = 50


def table_view(name: str, model: QAbstractItemModel) -> QTableView:
    """Whole rows selected one at a time, no editing, columns as wide as their contents."""
    view = QTableView()
    view.setObjectName(name)
    view.setFrameShape(QFrame.Shape.NoFrame)  # the dock frames it already
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(24)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # Measure the visible rows and a few more, not all 1,000 Qt measures by default: with
    # 10,000 spans or documents, measuring every row costs more than a second per reset.
    view.horizontalHeader().setResizeContentsPrecision(MEASURED_ROWS)
    view.horizontalHeader().setStretchLastSection(False)
    return view
