"""Work asked for while the window is built waits for its first paint; later work starts at once."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from annotator.ui.first_paint import AfterFirstPaint


def test_work_waits_for_the_first_paint_then_runs_in_order(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    gate = AfterFirstPaint(widget)
    ran = []
    gate.run(lambda: ran.append("first"))
    gate.run(lambda: ran.append("second"))
    qtbot.wait(50)
    assert ran == []  # not shown, not painted: nothing has started

    widget.show()
    qtbot.waitUntil(lambda: ran == ["first", "second"])
    gate.run(lambda: ran.append("after"))
    assert ran == ["first", "second", "after"]


def test_work_starts_at_the_latest_time_when_the_widget_never_paints(qtbot, monkeypatch):
    from annotator.ui import first_paint

    monkeypatch.setattr(first_paint, "LATEST_START_MS", 100)
    widget = QWidget()  # never shown: a window started minimized paints late, or never
    qtbot.addWidget(widget)
    gate = AfterFirstPaint(widget)
    ran = []
    gate.run(lambda: ran.append("backup"))
    qtbot.waitUntil(lambda: ran == ["backup"], timeout=2000)
    widget.show()
    qtbot.wait(50)  # the paint that comes later starts nothing again
    assert ran == ["backup"] and gate.started


def test_the_window_starts_suggestions_only_once_it_has_painted(qtbot, project, settings):
    from annotator.ui.app import build_window

    window = build_window(project, "alice", settings)
    qtbot.addWidget(window)
    controller = window.workday.suggestions
    assert controller.enabled and controller.document_id is not None
    assert window.view.first_paint.pending  # the first job is queued, not running
    window.show()
    qtbot.waitUntil(lambda: window.view.first_paint.started)
    assert window.view.first_paint.pending == []
    window.close()
    window.session.store.close()
