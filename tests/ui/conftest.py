"""A real main window on a temporary project holding the seed articles."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from annotator.importing import import_paths
from annotator.store import Store
from annotator.ui.app import build_window

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def project(tmp_path) -> Path:
    path = tmp_path / "ui.annotator"
    store = Store.open(path)
    result = import_paths(store, [SEEDS])
    assert not result.errors
    store.close()
    return path


@pytest.fixture
def settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, project, settings):
    win = build_window(project, "alice", settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()  # as a person would: timers stop and pending work is flushed before the store goes
    win.session.store.close()


def open_seed(window, prefix: str) -> str:
    """Open the seed document whose source file starts with `prefix`; return its id."""
    store = window.session.store
    doc = next(d for d in store.documents() if d.meta["source_file"].startswith(prefix))
    window.open_document(doc.id)
    QApplication.processEvents()
    return doc.id


def key(qtbot, window, k, modifier=Qt.KeyboardModifier.NoModifier, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(window.view, k, modifier)


def stored_spans(window, document_id: str):
    return window.session.store.spans(document_id, "alice")
