"""Starting the app: the default project on first run, and refusing a bad project file."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing

from PySide6.QtWidgets import QMessageBox

from annotator.backups import list_backups
from annotator.importing import import_paths
from annotator.project import default_annotator, default_project_path
from annotator.shipped import seed_files
from annotator.store import Store
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


# The user closes the window the moment the article first paints, as the opening backup starts.
CLOSE_ON_FIRST_PAINT = """
import gc, sys
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer
from annotator.launch import open_app
from annotator.ui.main_window import MainWindow

class CloseOnPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.parent().close)
        return False

show = MainWindow.show
def show_and_close(window):
    window.view.viewport().installEventFilter(CloseOnPaint(window))
    print("collector on while starting:", gc.isenabled())
    show(window)
MainWindow.show = show_and_close
code = open_app(Path(sys.argv[1]), "ann")
print("collector on after:", gc.isenabled())
sys.exit(code)
"""


def test_closing_at_once_lets_the_opening_backup_finish(tmp_path):
    project = tmp_path / "p.annotator"
    store = Store.open(project)
    import_paths(store, seed_files())
    store.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    done = subprocess.run(
        [sys.executable, "-c", CLOSE_ON_FIRST_PAINT, str(project)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    # The cycle collector, paused while the app starts, is given back once the window painted.
    assert (
        done.stdout.split() == "collector on while starting: False collector on after: True".split()
    )
    (backup,) = list_backups(project)
    with closing(sqlite3.connect(backup)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT COUNT(*) FROM documents").fetchone() == (len(seed_files()),)
