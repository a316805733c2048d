"""The window keeps rolling backups and File > Restore backup… puts one back."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.backups import list_backups

from .conftest import key, open_seed, stored_spans


def wait_for_opening_backup(qtbot, window) -> None:
    qtbot.waitUntil(lambda: len(list_backups(window.session.store.path)) == 1)
    window.pool.waitForDone()


def test_opening_takes_a_backup_and_a_restore_brings_it_back(qtbot, window):
    wait_for_opening_backup(qtbot, window)
    doc_id = open_seed(window, "000_")
    window.view.select_offsets(0, 9)
    key(qtbot, window, Qt.Key.Key_1)
    assert len(stored_spans(window, doc_id)) == 1

    dialog = window.backups.choose()
    assert dialog.list.count() == 1 and "open" in dialog.list.item(0).text()
    dialog.accept()

    assert stored_spans(window, doc_id) == []  # the project as it was when it opened
    assert window.span_model.rowCount() == 0 and len(window.view.layer) == 0
    assert window.undo_stack.count() == 0  # old steps would act on spans that are gone
    names = [p.name for p in list_backups(window.session.store.path)]
    assert any("before-restore" in name for name in names)
    assert "Restored" in window.statusBar().currentMessage()


def test_every_hundredth_edit_takes_a_backup(qtbot, window):
    wait_for_opening_backup(qtbot, window)
    open_seed(window, "000_")
    window.backups.rolling.every_edits = 3
    for _ in range(3):
        window.view.select_offsets(0, 9)
        key(qtbot, window, Qt.Key.Key_1)
        key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(list_backups(window.session.store.path)) >= 2
