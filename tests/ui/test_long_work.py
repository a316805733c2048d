"""Import and export from the window run on a worker thread and report back to the UI."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from .conftest import open_seed


def test_import_in_the_background_adds_documents_and_reports(qtbot, window, tmp_path):
    folder = tmp_path / "incoming"
    folder.mkdir()
    for i in range(30):
        (folder / f"{i:02}.txt").write_text(f"Shelling in town {i} killed {i + 2} people.\n")
    (folder / "bad.txt").write_bytes(b"caf\xe9 au lait")
    before = len(window.documents.rows)
    job = window.start_import([folder])
    with qtbot.waitSignal(job.signals.finished, timeout=10_000):
        pass
    qtbot.waitUntil(lambda: len(window.documents.rows) == before + 30)
    assert "30 documents added" in window.statusBar().currentMessage()
    assert window.notice.isVisible()
    assert "bad.txt" in window.notice.text() and "byte offset 3" in window.notice.text()
    assert window.notice.textFormat() == Qt.TextFormat.PlainText


def test_export_in_the_background_writes_the_layer(qtbot, window, tmp_path):
    doc_id = open_seed(window, "000_")
    window.view.select_offsets(0, 9)
    window.editor.label("actor")
    out = tmp_path / "alice.jsonl"
    job = window.start_export("jsonl", out, "alice", False)
    with qtbot.waitSignal(job.signals.finished, timeout=10_000):
        pass
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    (record,) = [r for r in records if r["id"] == doc_id]
    assert [(s["start"], s["end"], s["text"]) for s in record["spans"]] == [(0, 9, "An ambush")]
