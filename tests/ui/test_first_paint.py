"""Work asked for while the window is built waits for its first paint; later work starts at once."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
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


class NoPaint(QObject):
    """Swallows a widget's paint events, as a window started minimized gets none."""

    def eventFilter(self, watched, event) -> bool:
        return event.type() == QEvent.Type.Paint


def test_work_starts_at_the_latest_time_when_a_shown_widget_does_not_paint(qtbot, monkeypatch):
    from annotator.ui import first_paint

    monkeypatch.setattr(first_paint, "LATEST_START_MS", 100)
    shown, hidden = QWidget(), QWidget()
    ran = []
    for widget in (shown, hidden):
        qtbot.addWidget(widget)
        AfterFirstPaint(widget).run(lambda w=widget: ran.append(w))
    no_paint = NoPaint()
    shown.installEventFilter(no_paint)  # filters installed later see events first
    shown.show()
    qtbot.waitUntil(lambda: ran == [shown], timeout=2000)
    qtbot.wait(200)
    assert ran == [shown]  # the widget never shown (or closed) still waits


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
