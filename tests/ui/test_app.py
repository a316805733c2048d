"""Starting the app: the default project on first run, and refusing a bad project file."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from annotator.project import default_annotator, default_project_path
from annotator.shipped import seed_files
from annotator.ui import app as app_module


def test_no_arguments_opens_the_seeded_default_project(qtbot, settings):
    window = app_module.build_window(None, None, settings)
    qtbot.addWidget(window)
    store = window.session.store
    assert store.path == default_project_path()
    assert store.path.exists()
    assert store.document_count() == len(seed_files())
    assert window.session.annotator == default_annotator()
    assert window.document_id == window.documents.rows[0].id
    window.close()
    store.close()


def test_a_file_that_is_not_a_project_is_refused_with_its_name(tmp_path, monkeypatch, capsys):
    bad = tmp_path / "notes.annotator"
    bad.write_text("this is not a database, it is a shopping list\n" * 20)
    before = bad.read_bytes()
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    assert app_module.run(bad, "alice") == 1
    assert str(bad) in shown[0] and "not an Annotator project" in shown[0]
    assert str(bad) in capsys.readouterr().err
    assert bad.read_bytes() == before
