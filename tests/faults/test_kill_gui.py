"""The real app, killed with SIGKILL right after it showed an edit as done, loses nothing."""

from __future__ import annotations

import textwrap

import pytest

from annotator.importing import import_paths
from annotator.store import Store

from .conftest import integrity_ok, run_until_marker

pytestmark = pytest.mark.slow

SEEDS = __import__("pathlib").Path(__file__).resolve().parents[2] / "seeds"

# The child: the real main window, offscreen; selects words and presses label keys like a user.
GUI = textwrap.dedent(
    """
    import re, sys, time
    from pathlib import Path
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from annotator.ui.app import build_window, create_app

    project, settings, edits = sys.argv[1], sys.argv[2], int(sys.argv[3])
    app = create_app()
    window = build_window(Path(project), "amal", QSettings(settings, QSettings.Format.IniFormat))
    window.show()
    QApplication.processEvents()
    text = window.editor.document.text
    words = [m for m in re.finditer(r"[A-Za-z]{4,}", text)][:edits]
    for n, word in enumerate(words):
        window.view.select_offsets(word.start(), word.end())
        QTest.keyClick(window.view, (Qt.Key.Key_1, Qt.Key.Key_2)[n % 2])
        QApplication.processEvents()
    if edits > 1:
        QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    ids = [s.id for s in window.view.layer.ordered()]
    print("committed", window.editor.document.id, *ids, flush=True)
    time.sleep(120)
    """
)


@pytest.fixture
def seeded(tmp_path):
    path = tmp_path / "gui.annotator"
    store = Store.open(path)
    import_paths(store, [SEEDS])
    store.close()
    return path


@pytest.mark.parametrize("edits", [1, 6])
def test_the_gui_killed_after_edits_keeps_every_edit_it_showed(seeded, tmp_path, edits):
    doc_id, *shown = run_until_marker(GUI, seeded, tmp_path / "s.ini", edits)
    assert len(shown) == (edits - 1 if edits > 1 else 1)  # the last edit was undone
    assert integrity_ok(seeded)
    store = Store.open(seeded)
    stored = store.spans(doc_id, "amal")
    store.close()
    assert sorted(s.id for s in stored) == sorted(shown)
    assert {s.label for s in stored} <= {"actor", "location"}
