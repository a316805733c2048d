"""Document flow, time spent, the shortcut sheet, zoom, themes and guidelines in the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QTabBar, QTableWidget

from annotator.ui.app import build_window
from annotator.ui.time_tracker import TimeTracker

from .conftest import key, open_seed

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def row_ids(window) -> list[str]:
    return [row.id for row in window.documents.rows]


def test_ctrl_return_marks_done_and_opens_the_next_unfinished(qtbot, window):
    ids = row_ids(window)
    window.open_document(ids[0])
    store = window.session.store
    store.set_status(ids[1], "alice", "done")
    window.refresh_documents()
    key(qtbot, window, Qt.Key.Key_Return, CTRL)
    assert store.status(ids[0], "alice") == "done"
    assert window.document_id == ids[2]  # ids[1] was done already
    assert window.workday.progress.text().startswith("2 of 5 done")
    key(qtbot, window, Qt.Key.Key_PageUp, CTRL | SHIFT)  # previous unfinished wraps around
    assert window.document_id == ids[4]
    key(qtbot, window, Qt.Key.Key_Z, CTRL)  # marking done is undoable like any edit
    assert store.status(ids[0], "alice") != "done"


def test_time_is_counted_while_active_and_paused_when_idle(qtbot, window):
    now = [1000.0]
    tracker = TimeTracker(window.session, idle_seconds=60, clock=lambda: now[0])
    ids = row_ids(window)
    tracker.open(ids[0])
    for step in (10, 20, 300, 5):  # the 300-second gap is idle time and does not count
        now[0] += step
        tracker.activity()
    assert tracker.total() == 35
    tracker.open(ids[1])  # switching documents writes the time to the project
    assert window.session.store.time_spent(ids[0], "alice") == 35
    tracker.stop()


def test_shortcut_sheet_lists_every_action_of_the_window(qtbot, window):
    key(qtbot, window, Qt.Key.Key_F1)
    sheet = window.findChild(QDialog, "shortcutSheet")
    assert sheet.isVisible()
    table = sheet.findChild(QTableWidget, "shortcutTable")
    listed = [table.item(row, 0).text() for row in range(table.rowCount())]
    keys = {table.item(row, 0).text(): table.item(row, 1).text() for row in range(table.rowCount())}
    actions = {a for a in window.findChildren(QAction) if a.text() and not a.isSeparator()}
    in_window = {a for a in actions if a in window.actions()}
    assert len(listed) >= len(in_window)
    for action in in_window:
        name = action.text().replace("&", "").rstrip("…").strip()
        assert any(entry.endswith(name) for entry in listed), name
    assert keys["Find › Search the project"] == QKeySequence("Ctrl+Shift+F").toString(
        QKeySequence.SequenceFormat.NativeText
    )
    assert keys["Label › Actor"] == "1"


def test_a_changed_shortcut_works_and_is_remembered(qtbot, window, project, settings):
    key(qtbot, window, Qt.Key.Key_F1)
    sheet = window.findChild(QDialog, "shortcutSheet")
    table = sheet.table
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "Label › Actor")
    table.item(row, 1).setText("F9")
    sheet.save()
    assert not sheet.isVisible()
    window.activateWindow()  # the offscreen platform does not hand focus back by itself
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    doc_id = open_seed(window, "000_")
    window.view.select_offsets(0, 9)
    key(qtbot, window, Qt.Key.Key_F9)
    assert [s.label for s in window.session.store.spans(doc_id, "alice")] == ["actor"]
    again = build_window(project, "alice", settings)
    qtbot.addWidget(again)
    actor = next(e for e in again.actions() if e.text() == "Actor")
    assert actor.shortcut().toString() == "F9"
    again.close()  # its timers stop before its store goes (the fixture does so for `window`)
    again.session.store.close()


def test_shortcut_clash_is_refused_with_a_message(qtbot, window):
    key(qtbot, window, Qt.Key.Key_F1)
    sheet = window.findChild(QDialog, "shortcutSheet")
    row = next(
        r for r in range(sheet.table.rowCount()) if sheet.table.item(r, 0).text() == "Label › Actor"
    )
    sheet.table.item(row, 1).setText("2")
    sheet.save()
    assert sheet.isVisible() and "used by both" in sheet.problem.text()


def test_zoom_keys_change_the_font_and_are_saved(qtbot, window, settings):
    size = window.view.font().pointSizeF()
    key(qtbot, window, Qt.Key.Key_Equal, CTRL, times=2)
    assert window.view.font().pointSizeF() == size + 2
    assert settings.value("zoomSteps", type=int) == 2
    key(qtbot, window, Qt.Key.Key_Minus, CTRL)
    assert window.view.font().pointSizeF() == size + 1
    key(qtbot, window, Qt.Key.Key_0, CTRL)
    assert window.view.font().pointSizeF() == size


def test_dark_theme_darkens_the_page_and_is_remembered(qtbot, window, settings):
    dark = next(a for a in window.actions() if a.text() == "Dark theme")
    dark.trigger()
    assert settings.value("theme") == "dark"
    assert QApplication.instance().property("annotatorTheme") == "dark"
    window.view.viewport().update()
    qtbot.wait(50)
    page = window.view.viewport().grab().toImage().pixelColor(5, 5)
    assert page.lightness() < 80
    next(a for a in window.actions() if a.text() == "Light theme").trigger()
    page = window.view.viewport().grab().toImage().pixelColor(5, 5)
    assert page.lightness() > 200


def test_guidelines_follow_the_selected_span_label(qtbot, window):
    doc_id = open_seed(window, "000_")
    text = window.session.store.document(doc_id).text
    start = text.index("Latakia")
    window.view.select_offsets(start, start + 7)
    key(qtbot, window, Qt.Key.Key_2)
    key(qtbot, window, Qt.Key.Key_Home, CTRL)
    key(qtbot, window, Qt.Key.Key_Tab)
    assert window.view.current_span().label == "location"
    dock = window.workday.guidelines_dock
    assert dock.widget() is None  # tabbed behind the span list: not built at start-up
    click_tab(qtbot, window, "Guidelines")
    assert dock.widget() is not None and dock.widget().isVisible()
    assert window.workday.guidelines.toPlainText().startswith("Location")
    assert "port city of Latakia" in window.workday.guidelines.toPlainText()


def click_tab(qtbot, window, title: str) -> None:
    """Click the dock tab called `title` where a person would: on whatever is drawn there."""
    bar = next(b for b in window.findChildren(QTabBar) if title in map(b.tabText, range(b.count())))
    index = next(i for i in range(bar.count()) if bar.tabText(i) == title)
    spot = window.mapFromGlobal(bar.mapToGlobal(bar.tabRect(index).center()))
    target = window.childAt(spot)
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=target.mapFrom(window, spot))


def test_themes_reach_the_label_buttons_and_the_selected_row(qtbot, window):
    """Palettes, not a style sheet: the buttons styled on their own and the lists follow too."""
    button = window.palette.findChild(QPushButton, "label_actor")
    documents = window.document_list
    window.document_list.selectRow(0)

    def selected_row_lightness() -> int:
        rect = documents.visualRect(documents.currentIndex())
        return (
            documents.viewport()
            .grab()
            .toImage()
            .pixelColor(rect.right() - 2, rect.top() + 2)
            .lightness()
        )

    assert selected_row_lightness() > 200  # a light tint under ink, not the saturated accent
    next(a for a in window.actions() if a.text() == "Dark theme").trigger()
    qtbot.wait(20)
    assert button.palette().color(QPalette.ColorRole.ButtonText).lightness() > 150
    assert selected_row_lightness() < 120
    next(a for a in window.actions() if a.text() == "Light theme").trigger()
    assert button.palette().color(QPalette.ColorRole.ButtonText).lightness() < 100
